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
# What a document LibreOffice converts may hold: unpacked XML (ODT, Strict DOCX), and paragraphs
# and table cells (RTF, ODT); LibreOffice needs many times an input's size in memory.
CONVERT_XML_BYTES = Limit("KXDT_MAX_CONVERT_XML_BYTES", 16 * 1024 * 1024, "需 LibreOffice 转换的文档的 XML 字节数")
CONVERT_PARAGRAPHS = Limit("KXDT_MAX_CONVERT_PARAGRAPHS", 50_000, "需 LibreOffice 转换的文档的段落和表格单元格数")
PDF_PAGES = Limit("KXDT_MAX_PAGES", 2000, "PDF 的页数")
# Content-stream bytes one page draws, and a whole document draws (a shared stream counts each time).
PDF_PAGE_CONTENT_BYTES = Limit("KXDT_MAX_PAGE_CONTENT_BYTES", 4 * 1024 * 1024, "PDF 一页的内容流字节数")
# (A bulletin's page draws 2–20 KB; pypdf reads about a megabyte a second.)
PDF_CONTENT_BYTES = Limit("KXDT_MAX_CONTENT_BYTES", 16 * 1024 * 1024, "PDF 全部内容流的字节数")
# Bytes one PDF stream (a font, an image, an appearance) inflates to; an image may take its own size.
PDF_STREAM_BYTES = Limit("KXDT_MAX_STREAM_BYTES", 64 * 1024 * 1024, "PDF 中一个数据流解压后的字节数")
# Objects one PDF page reaches (fonts, images, annotations and all they refer to).
PDF_OBJECTS = Limit("KXDT_MAX_PDF_OBJECTS", 200_000, "PDF 页面引用的对象数")
# Form XObjects drawn within form XObjects (a real document nests a few).
PDF_FORM_DEPTH = Limit("KXDT_MAX_FORM_DEPTH", 16, "PDF 表单（XObject）的嵌套层数")
# Pixels of one image: a picture in a PDF, an inline image, a page image given to OCR.
IMAGE_PIXELS = Limit("KXDT_MAX_IMAGE_PIXELS", 100_000_000, "图片的像素数")
# Pages read by OCR in one file (scans; a text-less PDF's pages).
OCR_PAGES = Limit("KXDT_MAX_OCR_PAGES", 100, "需要文字识别（OCR）的页数")
# Objects (text runs, paths, images) one PDF page draws: pdfium's measure of a content stream.
PDF_PAGE_OBJECTS = Limit("KXDT_MAX_PAGE_OBJECTS", 100_000, "PDF 一页的绘制对象数")
# Characters on one PDF page (a bulletin's page holds a few thousand).
PDF_PAGE_CHARS = Limit("KXDT_MAX_PAGE_CHARS", 200_000, "PDF 一页的字符数")
# Lines (paragraphs) a document gives the parser: a bulletin has a few hundred, a year's a few
# thousand; every line costs the reader and the parser their time.
DOCUMENT_LINES = Limit("KXDT_MAX_LINES", 100_000, "文件的行数（段落数）")
# Characters of text a document gives the parser.
DOCUMENT_CHARS = Limit("KXDT_MAX_CHARS", 20_000_000, "文件的文字字符数")
# A file uploaded to `kxdt serve` (a DOCX or PDF draft to check): the whole request body.
UPLOAD_BYTES = Limit("KXDT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, "上传文件的字节数")
