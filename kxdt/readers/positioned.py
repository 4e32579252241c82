"""Readers whose text comes positioned — a PDF's text layer, OCR of page images — meet here:
runs -> the text layer judged (refused when it is not real text) -> page layout -> Document.
Whether a PDF's scanned pages or lost spots are read by OCR is decided here, so neither the
PDF reader nor the OCR reader imports the other."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any

from ..errors import NoTextError
from ..layout import RawLine, group_lines, hinted_lines, lay_out, page_number
from ..records import Document, Run
from ..text.chars import han_count
from . import pdf
from .glyphs import LOST as _LOST
from .judge import NO_VERDICT, Verdict, judge_fonts

# Text a page must have on average for the file to count as having a text layer.
MIN_CHARS_PER_PAGE = 5
# Above this share of implausible characters (controls, private use, U+FFFD) the text layer
# is not a real encoding of the text (a font without a Unicode map).
MAX_GARBLED_SHARE = 0.05
MIN_HAN_SHARE = 0.2
# Text in fonts without a Unicode map is lost; a file that loses more than half is refused.
MAX_LOST_SHARE = 0.5


def _check_text_layer(pages: list[list[RawLine]], images: int, path: str, *, ocr: bool = False,
                      verdict: Verdict = NO_VERDICT) -> list[str]:
    """Refuse a file without a real text layer; return warnings about text that was lost.
    `verdict` names the fonts whose text was judged garbage (made lost) and their pages."""
    text = "".join(line.text for page in pages for line in page)
    visible = _SPACE_RE.sub("", text)
    if len(visible) < MIN_CHARS_PER_PAGE * max(1, len(pages)):
        if ocr:
            raise NoTextError("扫描件：文字识别（OCR）没有在页面上认出文字，请确认扫描清晰、页面方向正确、分辨率不低于 150 dpi",
                              path=path)
        if images:
            raise NoTextError("扫描件，没有文字层：需要文字识别（OCR），请安装 OCR 扩展 pip install 'kxdt[ocr]' 后再解析",
                              path=path)
        raise NoTextError("PDF 里几乎没有文字：请确认导出时没有把文字转成图片或曲线", path=path)
    readable = visible.replace(_LOST, "")
    bad = sum(1 for ch in _PLAIN_RE.sub("", readable) if _implausible(ch))
    han = han_count(text)
    on = [k + 1 for k, page in enumerate(pages) if any(_LOST in line.text for line in page)]
    if (len(readable) < MAX_LOST_SHARE * len(visible) or bad / max(1, len(readable)) > MAX_GARBLED_SHARE
            or han / max(1, len(readable)) < MIN_HAN_SHARE):
        where = _pages(on or list(range(1, len(pages) + 1)))
        raise NoTextError(f"PDF 的文字无法可靠提取（{where}{_why(verdict)}，提取出的是乱码）：请用原始 Word 文件，或 OCR 后再解析",
                          path=path)
    if not on:
        return []
    warnings = []
    if verdict.fonts:
        warnings.append(f"PDF {_pages(list(verdict.pages))}{_why(verdict)}（提取出的是乱码），这些字未采用（可用原始 Word 文件或 OCR 补全）")
    unmapped = [k for k in on if k not in verdict.pages]
    if unmapped or not verdict.fonts:
        warnings.append(f"PDF {_pages(unmapped or on)}有字无法提取（字体缺少 Unicode 映射或映射有误），可用原始 Word 文件或 OCR 补全")
    return warnings


def _pages(on: list[int]) -> str:
    """`第3页`, `第2–5页中的3页`: where text was lost."""
    return f"第{on[0]}页" if len(on) == 1 else f"第{on[0]}–{on[-1]}页中的{len(on)}页"


def _why(verdict: Verdict) -> str:
    if not verdict.fonts:
        return "字体缺少 Unicode 映射"
    names = "、".join(verdict.fonts[:3]) + (f"等{len(verdict.fonts)}种字体" if len(verdict.fonts) > 3 else "")
    return f"字体 {names} 的 Unicode 映射有误"


_SPACE_RE = re.compile(r"\s+")
# Characters no text layer's check needs to look at one by one: printable ASCII, CJK
# punctuation, the main Han block, full-width forms (all assigned, none a control).
_PLAIN_RE = re.compile("[\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]+")


def _implausible(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Cc", "Co", "Cn", "Cs") or ch == "\ufffd" or 0x80 <= ord(ch) <= 0x9F


def read_pdf(data: bytes, path: str, *, password: str | None = None, backend: str | None = None) -> Document:
    """A PDF: its text layer's runs, scanned pages and lost spots read by OCR where it is
    installed, then laid out."""
    name, raw_pages, images = pdf.extract_runs(data, path, password=password, backend=backend)
    raw_pages, verdict = judge_fonts(raw_pages)  # fonts giving garbage: their text is lost spots
    meta: dict[str, object] = {"backend": name, "pages": len(raw_pages)}
    notes: list[str] = []
    scanned = [k for k, runs in enumerate(raw_pages) if sum(len(r.text.strip()) for r in runs) < MIN_CHARS_PER_PAGE]
    lost = any(_LOST in run.text for runs in raw_pages for run in runs)
    if lost or not scanned:
        from . import ocr

        if ocr.available() and not scanned and not _readable([group_lines(runs) for runs in raw_pages], images, path,
                                                              verdict):
            scanned, images = list(range(len(raw_pages))), max(images, 1)  # garbage or mostly lost: read it as a scan
        elif lost and ocr.available():  # text of fonts without a Unicode map: read the spots by OCR
            raw_pages, recovered = ocr.recover_lost_runs(data, _page_number_dashes(raw_pages), password, path)
            if recovered:
                why = "（字体缺少 Unicode 映射或映射有误）" if not verdict.fonts else f"（{_why(verdict)}）"
                notes.append(f"有{recovered}处文字{why}，已用文字识别（OCR）补全，请核对")
    if scanned and images:
        from . import ocr

        if ocr.available():
            done = ocr.ocr_pdf_pages(data, scanned, password, path)
            for k, runs in zip(scanned, ocr.snap_sizes([done[k].runs for k in scanned])):
                raw_pages[k] = runs
            meta.update(ocr_summary([done[k] for k in scanned]))
            notes.append(f"{len(scanned)}页是扫描图像，已做文字识别（OCR）")
            coarse = ocr.resolution_note([done[k] for k in scanned])
            if coarse:
                notes.append(coarse)
    return document_from_runs(raw_pages, images, path, kind="pdf", meta=meta, notes=notes, verdict=verdict)


def _page_number_dashes(pages: list[list[Run]]) -> list[list[Run]]:
    """Lost glyphs framing a page number (`�3�`) are its dashes: no spot to read by OCR."""
    out = []
    for runs in pages:
        dashes = {id(run) for line in group_lines(runs) if page_number(line.text) is not None
                  for run in line.runs if _LOST in run.text}
        out.append([replace(run, text=run.text.replace(_LOST, "—")) if id(run) in dashes else run for run in runs])
    return out


def _readable(pages: list[list[RawLine]], images: int, path: str, verdict: Verdict) -> bool:
    try:
        _check_text_layer(pages, images, path, verdict=verdict)
    except NoTextError:
        return False
    return True


def ocr_summary(pages: list[Any]) -> dict[str, object]:
    """The mean confidence of OCR'd pages and their doubtful texts (for the model and warnings)."""
    scores = [s for page in pages for s in page.scores]
    doubtful = [(text, score) for page in pages for text, score in page.doubtful]
    return {"ocr": round(sum(scores) / len(scores), 3) if scores else 0.0, "ocr_doubtful": doubtful}


def document_from_runs(raw_pages: list[list[Run]], images: int, path: str, *, kind: str,
                       meta: dict[str, object], notes: list[str] | None = None,
                       verdict: Verdict = NO_VERDICT) -> Document:
    """Positioned runs (from a PDF or OCR) -> the page layout -> lines with layout hints."""
    layout = lay_out(raw_pages)
    lost = _check_text_layer(layout.lines, images, path, ocr="ocr" in meta, verdict=verdict)
    doubtful = meta.get("ocr_doubtful") or []
    warnings = [*lost, *layout.warnings, *(f"文字识别把握不大（{score:.2f}）：“{text}”，请核对" for text, score in doubtful)]  # type: ignore[union-attr]
    return Document(lines=tuple(hinted_lines(layout.pages)), kind=kind,
                    meta={k: v for k, v in meta.items() if k != "ocr_doubtful"},
                    warnings=tuple(warnings), notes=tuple(notes or ()))
