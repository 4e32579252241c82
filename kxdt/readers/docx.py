"""DOCX reader: real paragraphs with alignment, size and indent; tables and text boxes too.

A masthead often sits in a table, a text box or the first page's header; all are read in
document order. Page numbers are known only where Word left its rendered page breaks
(`w:lastRenderedPageBreak`, written at every page start when Word saves a laid-out document).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..errors import InputError
from ..textutil import clean, width_em
from .records import Document, Line

# A DOCX whose parts unpack to more than this, or that compress better than this ratio,
# is refused before it is parsed (a zip bomb posing as a document).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
# Paragraphs are pasted lines when at least PASTED_MIN_LINES of them are long, none is longer
# than a printed line can be, and PASTED_SHARE of the long ones have the same width (em).
PASTED_MIN_LINES = 10
PASTED_MIN_WIDTH = 18.0
PASTED_MAX_WIDTH = 40.0
PASTED_SHARE = 0.3
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAGE_MARK = f"{_W}lastRenderedPageBreak"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_ISSUE_LINE_RE = re.compile(r"第\s*\S{1,6}\s*期")
_ALIGN = {"center": "center", "right": "right", "end": "right", "both": None, "left": None, "start": None}


def _check_zip(data: bytes, path: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError("DOCX 文件已损坏或不完整：请在 Word 中重新保存后再试", path=path) from None
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise InputError("不是 Word 文档（DOCX 里没有正文部分，可能是改了扩展名的其他文件）：请在 Word 中另存为 DOCX", path=path)
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if total > MAX_UNPACKED_BYTES or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise InputError(f"DOCX 解压后异常巨大（{total // 1048576} MB），疑似压缩炸弹，已拒绝读取", path=path)


def _size_of(paragraph: Any) -> float | None:
    counts: Counter[float] = Counter()
    for run in paragraph.runs:
        size = run.font.size
        if size is None and run.style is not None and run.style.font.size is not None:
            size = run.style.font.size
        if size is not None:
            counts[size.pt] += len(run.text)
    if counts:
        return counts.most_common(1)[0][0]
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return None


def _indented(paragraph: Any) -> bool | None:
    ind = paragraph._p.find(f"{_W}pPr/{_W}ind")
    if ind is not None and (ind.get(f"{_W}firstLine") or ind.get(f"{_W}firstLineChars")):
        return True
    if paragraph.text[:1] in ("\u3000", " ", "\t"):
        return True
    return False


def _align(paragraph: Any) -> str | None:
    jc = paragraph._p.find(f"{_W}pPr/{_W}jc")
    if jc is None:
        style = paragraph.style
        while style is not None and jc is None:
            jc = style.element.find(f"{_W}pPr/{_W}jc")
            style = style.base_style
    return _ALIGN.get(jc.get(f"{_W}val")) if jc is not None else None


def _blocks(body: Any, document: Any) -> Iterator[Any]:
    """Paragraphs in reading order: body paragraphs, text boxes inside them, table cells."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            for box in child.iter(f"{_W}txbxContent"):
                # Word stores each text box twice: DrawingML, and a VML fallback copy.
                if not any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
                    yield from _blocks(box, document)
            yield Paragraph(child, document)
        elif child.tag == f"{_W}tbl":
            table = Table(child, document)
            seen: set[int] = set()
            for row in table.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # merged cells repeat
                    seen.add(id(cell._tc))
                    yield from _blocks(cell._tc, document)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content, document)


def read_docx(data: bytes, path: str) -> Document:
    _check_zip(data, path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as err:
        raise InputError(f"无法打开 DOCX（{type(err).__name__}）：请在 Word 中重新保存为 DOCX", path=path) from None
    except Exception as err:
        raise InputError(f"DOCX 内容损坏（{type(err).__name__}）：请在 Word 中重新保存为 DOCX", path=path) from None
    body = document.element.body
    # Word marks where each rendered page starts; without those marks pages are unknown.
    rendered = next(body.iter(_PAGE_MARK), None) is not None
    lines: list[Line] = []
    page = 1
    bullets = _bullet_lists(document)
    for paragraph in _blocks(body, document):
        before, after = _page_marks(paragraph._p) if rendered else (0, 0)
        page += before
        text = paragraph.text.replace("\r", "\n")
        if text.strip() and _num_id(paragraph) in bullets:
            text = "●" + text  # a Word bullet list: the bullet is not in the text
        parts = [part for part in text.split("\n") if part.strip()]
        size, align = _size_of(paragraph), _align(paragraph)
        for k, part in enumerate(parts):
            if len(parts) == 1:
                lines.append(Line(text=part, page=page if rendered else None, indent=_indented(paragraph),
                                  size=size, align=align, whole=True))
            else:
                # Soft line breaks (text pasted from a PDF): the lines are joined like a text
                # layer's, within the paragraph; the paragraph's start is a block start.
                lines.append(Line(text=part, page=page if rendered else None, indent=True if k == 0 else None,
                                  size=size, align=align))
        page += after
    lines = _header_masthead(document) + _unwrap_pasted_lines(lines)
    if not lines:
        raise InputError("DOCX 里没有文字：请确认文件内容", path=path)
    return Document(lines=tuple(lines), kind="docx")


def _unwrap_pasted_lines(lines: list[Line]) -> list[Line]:
    """A document whose paragraphs are really the lines of a text pasted from a PDF (one hard
    return per printed line, most of them the same width) is reflowed like a text layer."""
    widths = [width_em(clean(ln.text)) for ln in lines if ln.whole]
    long = [round(w) for w in widths if w >= PASTED_MIN_WIDTH]
    if len(long) < PASTED_MIN_LINES or max(widths, default=0) > PASTED_MAX_WIDTH:
        return lines
    if Counter(long).most_common(1)[0][1] < PASTED_SHARE * len(long):
        return lines
    indents = any(ln.indent for ln in lines)
    return [replace(ln, whole=False, indent=ln.indent if indents else None) for ln in lines]


def _num_id(paragraph: Any) -> str | None:
    """The list a paragraph belongs to, set on the paragraph or on its style."""
    num = paragraph._p.find(f"{_W}pPr/{_W}numPr/{_W}numId")
    style = paragraph.style
    while num is None and style is not None:
        num = style.element.find(f"{_W}pPr/{_W}numPr/{_W}numId")
        style = style.base_style
    return num.get(f"{_W}val") if num is not None else None


def _bullet_lists(document: Any) -> set[str]:
    """The numIds whose first level is a bullet (not a number)."""
    try:
        numbering = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        return set()
    bullet_abstracts = set()
    for abstract in numbering.iter(f"{_W}abstractNum"):
        fmt = abstract.find(f"{_W}lvl/{_W}numFmt")
        if fmt is not None and fmt.get(f"{_W}val") == "bullet":
            bullet_abstracts.add(abstract.get(f"{_W}abstractNumId"))
    found = set()
    for num in numbering.iter(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        if ref is not None and ref.get(f"{_W}val") in bullet_abstracts:
            found.add(num.get(f"{_W}numId"))
    return found


def _page_marks(p: Any) -> tuple[int, int]:
    """Page starts before the paragraph's first text, and inside or after it."""
    before = after = 0
    seen_text = False
    for element in p.iter(f"{_W}t", _PAGE_MARK):
        if element.tag == _PAGE_MARK:
            if seen_text:
                after += 1
            else:
                before += 1
        elif element.text:
            seen_text = True
    return before, after


def _header_masthead(document: Any) -> list[Line]:
    """Some offices put the red masthead into the first page's header: read it from there
    when it holds the issue line (第N期)."""
    section = document.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    paragraphs = [p for p in _blocks(header._element, header) if p.text.strip()]
    if not any(_ISSUE_LINE_RE.search(p.text) for p in paragraphs):
        return []
    return [Line(text=p.text, size=_size_of(p), align=_align(p), whole=True) for p in paragraphs]
