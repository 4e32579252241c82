"""How much a reader may take from one file. Each bound can be raised with an environment
variable for an unusual but honest file; exceeding one is a clear exit-3 message naming it."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import InputError


@dataclass(frozen=True)
class Limit:
    name: str  # the environment variable that raises it
    default: int
    what: str  # how the message names it

    @property
    def value(self) -> int:
        try:
            return max(1, int(os.environ.get(self.name, self.default)))
        except ValueError:
            return self.default

    def check(self, amount: int, path: str | None) -> None:
        if amount > self.value:
            raise InputError(f"{self.what}超过上限（{self.value}）：这不像一期简报；确属正常的大文件，可设置环境变量 "
                             f"{self.name} 放宽", path=path)


# An XML part of a DOCX (document.xml, headers, notes): unpacked, counted while reading.
DOCX_XML_BYTES = Limit("KXDT_MAX_XML_BYTES", 64 * 1024 * 1024, "DOCX 的正文部分解压后的字节数")
# Everything a DOCX unpacks to, images included.
DOCX_TOTAL_BYTES = Limit("KXDT_MAX_UNPACKED_BYTES", 256 * 1024 * 1024, "DOCX 解压后的总字节数")
PDF_PAGES = Limit("KXDT_MAX_PAGES", 2000, "PDF 的页数")
# Content-stream bytes one page draws, and a whole document draws (a shared stream counts each time).
PDF_PAGE_CONTENT_BYTES = Limit("KXDT_MAX_PAGE_CONTENT_BYTES", 4 * 1024 * 1024, "PDF 一页的内容流字节数")
PDF_CONTENT_BYTES = Limit("KXDT_MAX_CONTENT_BYTES", 48 * 1024 * 1024, "PDF 全部内容流的字节数")
# Objects (text runs, paths, images) one PDF page draws: pdfium's measure of a content stream.
PDF_PAGE_OBJECTS = Limit("KXDT_MAX_PAGE_OBJECTS", 100_000, "PDF 一页的绘制对象数")
# Characters on one PDF page (a bulletin's page holds a few thousand).
PDF_PAGE_CHARS = Limit("KXDT_MAX_PAGE_CHARS", 200_000, "PDF 一页的字符数")
# Characters of text a document gives the parser.
DOCUMENT_CHARS = Limit("KXDT_MAX_CHARS", 20_000_000, "文件的文字字符数")
# A file uploaded to `kxdt serve` (a DOCX or PDF draft to check): the whole request body.
UPLOAD_BYTES = Limit("KXDT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, "上传文件的字节数")
