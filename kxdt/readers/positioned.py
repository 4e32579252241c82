"""Readers whose text comes positioned — a PDF's text layer, OCR of page images — meet here:
runs -> the text layer judged (refused when it is not real text) -> page layout -> Document.
Whether a PDF's scanned pages or lost spots are read by OCR is decided here, so neither the
PDF reader nor the OCR reader imports the other."""

from __future__ import annotations

import unicodedata
from typing import Any

from ..errors import NoTextError
from ..layout import RawLine, group_lines, hinted_lines, lay_out
from ..records import Document, Run
from ..text.chars import han_count
from . import pdf
from .pdf import LOST as _LOST

# Text a page must have on average for the file to count as having a text layer.
MIN_CHARS_PER_PAGE = 5
# Above this share of implausible characters (controls, private use, U+FFFD) the text layer
# is not a real encoding of the text (a font without a Unicode map).
MAX_GARBLED_SHARE = 0.05
MIN_HAN_SHARE = 0.2
# Text in fonts without a Unicode map is lost; a file that loses more than half is refused.
MAX_LOST_SHARE = 0.5


def _check_text_layer(pages: list[list[RawLine]], images: int, path: str, *, ocr: bool = False) -> list[str]:
    """Refuse a file without a real text layer; return warnings about text that was lost."""
    text = "".join(line.text for page in pages for line in page)
    visible = [ch for ch in text if not ch.isspace()]
    if len(visible) < MIN_CHARS_PER_PAGE * max(1, len(pages)):
        if ocr:
            raise NoTextError("扫描件：文字识别（OCR）没有在页面上认出文字，请确认扫描清晰、页面方向正确、分辨率不低于 150 dpi",
                              path=path)
        if images:
            raise NoTextError("扫描件，没有文字层：需要文字识别（OCR），请安装 OCR 扩展 pip install 'kxdt[ocr]' 后再解析",
                              path=path)
        raise NoTextError("PDF 里几乎没有文字：请确认导出时没有把文字转成图片或曲线", path=path)
    readable = [ch for ch in visible if ch != _LOST]
    bad = sum(1 for ch in readable if _implausible(ch))
    han = han_count(text)
    if (len(readable) < MAX_LOST_SHARE * len(visible) or bad / max(1, len(readable)) > MAX_GARBLED_SHARE
            or han / max(1, len(readable)) < MIN_HAN_SHARE):
        raise NoTextError("PDF 的文字无法可靠提取（字体缺少 Unicode 映射，提取出的是乱码）：请用原始 Word 文件，或 OCR 后再解析", path=path)
    on = [k + 1 for k, page in enumerate(pages) if any(_LOST in line.text for line in page)]
    if not on:
        return []
    where = f"第{on[0]}页" if len(on) == 1 else f"第{on[0]}–{on[-1]}页中的{len(on)}页"
    return [f"PDF {where}有文字的字体缺少 Unicode 映射，这些字无法提取（可用原始 Word 文件或 OCR 补全）"]


def _implausible(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Cc", "Co", "Cn", "Cs") or ch == "\ufffd" or 0x80 <= ord(ch) <= 0x9F


def read_pdf(data: bytes, path: str, *, password: str | None = None, backend: str | None = None) -> Document:
    """A PDF: its text layer's runs, scanned pages and lost spots read by OCR where it is
    installed, then laid out."""
    name, raw_pages, images = pdf.extract_runs(data, path, password=password, backend=backend)
    meta: dict[str, object] = {"backend": name, "pages": len(raw_pages)}
    notes: list[str] = []
    scanned = [k for k, runs in enumerate(raw_pages) if sum(len(r.text.strip()) for r in runs) < MIN_CHARS_PER_PAGE]
    lost = any(_LOST in run.text for runs in raw_pages for run in runs)
    if lost or not scanned:
        from . import ocr

        if ocr.available() and not scanned and not _readable([group_lines(runs) for runs in raw_pages], images, path):
            scanned, images = list(range(len(raw_pages))), max(images, 1)  # garbage or mostly lost: read it as a scan
        elif lost and ocr.available():  # text of fonts without a Unicode map: read the spots by OCR
            raw_pages, recovered = ocr.recover_lost_runs(data, raw_pages, password, path)
            if recovered:
                notes.append(f"有{recovered}处文字的字体缺少 Unicode 映射，已用文字识别（OCR）补全，请核对")
    if scanned and images:
        from . import ocr

        if ocr.available():
            done = ocr.ocr_pdf_pages(data, scanned, password, path)
            for k, runs in zip(scanned, ocr.snap_sizes([done[k].runs for k in scanned])):
                raw_pages[k] = runs
            meta.update(ocr_summary([done[k] for k in scanned]))
            notes.append(f"{len(scanned)}页是扫描图像，已做文字识别（OCR）")
    return document_from_runs(raw_pages, images, path, kind="pdf", meta=meta, notes=notes)


def _readable(pages: list[list[RawLine]], images: int, path: str) -> bool:
    try:
        _check_text_layer(pages, images, path)
    except NoTextError:
        return False
    return True


def ocr_summary(pages: list[Any]) -> dict[str, object]:
    """The mean confidence of OCR'd pages and their doubtful texts (for the model and warnings)."""
    scores = [s for page in pages for s in page.scores]
    doubtful = [(text, score) for page in pages for text, score in page.doubtful]
    return {"ocr": round(sum(scores) / len(scores), 3) if scores else 0.0, "ocr_doubtful": doubtful}


def document_from_runs(raw_pages: list[list[Run]], images: int, path: str, *, kind: str,
                       meta: dict[str, object], notes: list[str] | None = None) -> Document:
    """Positioned runs (from a PDF or OCR) -> the page layout -> lines with layout hints."""
    layout = lay_out(raw_pages)
    lost = _check_text_layer(layout.lines, images, path, ocr="ocr" in meta)
    doubtful = meta.get("ocr_doubtful") or []
    warnings = [*lost, *layout.warnings, *(f"文字识别把握不大（{score:.2f}）：“{text}”，请核对" for text, score in doubtful)]  # type: ignore[union-attr]
    return Document(lines=tuple(hinted_lines(layout.pages)), kind=kind,
                    meta={k: v for k, v in meta.items() if k != "ocr_doubtful"},
                    warnings=tuple(warnings), notes=tuple(notes or ()))
