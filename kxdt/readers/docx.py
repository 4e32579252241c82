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
from ..io.limits import DOCX_TOTAL_BYTES, DOCX_XML_BYTES
from ..records import Document, Line
from ..text.chars import clean, width_em
from .wordml import ParagraphText, notes_part_texts, paragraph_text

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
    """Refuse a zip bomb before python-docx unpacks anything: every part is inflated once here
    and counted as it streams (headers can lie about sizes), XML parts and the whole alike."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError("DOCX 文件已损坏或不完整：请在 Word 中重新保存后再试", path=path) from None
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise InputError("不是 Word 文档（DOCX 里没有正文部分，可能是改了扩展名的其他文件）：请在 Word 中另存为 DOCX", path=path)
    declared = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if declared > MAX_UNPACKED_BYTES or (declared > 10 * 1024 * 1024 and declared / packed > MAX_RATIO):
        raise InputError(f"DOCX 解压后异常巨大（{declared // 1048576} MB），疑似压缩炸弹，已拒绝读取", path=path)
    total = 0
    try:
        for info in infos:
            xml = info.filename.endswith((".xml", ".rels"))
            size = 0
            with archive.open(info) as part:
                while chunk := part.read(1 << 20):
                    size += len(chunk)
                    total += len(chunk)
                    if xml:
                        DOCX_XML_BYTES.check(size, path)
                    DOCX_TOTAL_BYTES.check(total, path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise InputError("DOCX 文件已损坏或不完整：请在 Word 中重新保存后再试", path=path) from None


def _run_looks(paragraph: Any, shown: ParagraphText) -> tuple[float | None, bool]:
    """The size most of the paragraph's text is set in, and whether most of it is bold
    (from the runs its text came from, at any depth; what a run leaves unset comes from its
    character style, then the paragraph style)."""
    from docx.text.run import Run

    style = paragraph.style
    style_size: float | None = None
    style_bold: bool | None = None
    while style is not None:
        if style_size is None and style.font.size is not None:
            style_size = style.font.size.pt
        if style_bold is None and style.font.bold is not None:
            style_bold = style.font.bold
        style = style.base_style
    sizes: Counter[float] = Counter()
    bold = plain = 0
    for element, chars in shown.runs:
        if element.tag != f"{_W}r":
            continue
        run = Run(element, paragraph)
        char_style = run.style if run.style is not None and run.style.style_id else None
        size = run.font.size
        if size is None and char_style is not None and char_style.font.size is not None:
            size = char_style.font.size
        if size is not None:
            sizes[size.pt] += chars
        is_bold = run.bold
        if is_bold is None and char_style is not None:
            is_bold = char_style.font.bold
        if is_bold if is_bold is not None else style_bold:
            bold += chars
        else:
            plain += chars
    size = sizes.most_common(1)[0][0] if sizes else style_size
    return size, bold > plain


def _indented(paragraph: Any, text: str) -> bool | None:
    ind = paragraph._p.find(f"{_W}pPr/{_W}ind")
    if ind is not None and (ind.get(f"{_W}firstLine") or ind.get(f"{_W}firstLineChars")):
        return True
    if text[:1] in ("\u3000", " ", "\t"):
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
        elif child.tag == f"{_W}customXml":
            yield from _blocks(child, document)


_STRICT_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"


def _is_strict(data: bytes) -> bool:
    """Word's "Strict Open XML" flavour uses other namespaces, which python-docx cannot read."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("word/document.xml") as part:
        return _STRICT_NS in part.read(4096)


# The warning a document with tracked changes gets (`kxdt check` makes it a finding).
REVISIONS_WARNING = "文档含未接受的修订，已按接受后的文字解析"
# Paragraph styles of kxdt's own documents (drafts and exports, as clerks edit them in Word)
# that say what a paragraph is. A column label must still read as one (【…】); a 目录提要 line
# is one with or without its bullet (a clerk types over the bullet).
STYLE_ROLES = {"简报标题": "title", "简报栏目": "column", "简报目录": "toc"}


def _style_role(paragraph: Any) -> str | None:
    try:
        name = paragraph.style.name if paragraph.style is not None else None
    except (KeyError, ValueError):
        return None
    role = STYLE_ROLES.get(name or "")
    if role == "column" and not paragraph.text.strip().startswith(("【", "[")):
        return None
    return role


def read_docx(data: bytes, path: str) -> Document:
    _check_zip(data, path)
    if _is_strict(data):
        from .convert import find_soffice, to_docx

        if find_soffice() is None:
            raise InputError("这是 Strict Open XML 格式的 DOCX：请在 Word 中另存为“Word 文档 (*.docx)”，"
                             "或安装 LibreOffice（kxdt 会自动转换）", path=path)
        data = to_docx(data, path, "Strict Open XML 文档")
        if _is_strict(data):
            raise InputError("LibreOffice 未能转换这个 Strict Open XML 文档：请在 Word 中另存为“Word 文档 (*.docx)”", path=path)
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
    notes = _notes(document)
    revised = False
    for paragraph in _blocks(body, document):
        before, after = _page_marks(paragraph._p) if rendered else (0, 0)
        page += before
        shown = paragraph_text(paragraph._p)
        revised = revised or shown.revised
        text = shown.text.replace("\r", "\n")
        if text.strip() and _num_id(paragraph) in bullets:
            text = "●" + text  # a Word bullet list: the bullet is not in the text
        parts = [part for part in text.split("\n") if part.strip()]
        (size, bold), align = _run_looks(paragraph, shown), _align(paragraph)
        on_page = page if rendered else None
        role = _style_role(paragraph)
        for k, part in enumerate(parts):
            if len(parts) == 1:
                lines.append(Line(text=part, page=on_page, indent=_indented(paragraph, text),
                                  size=size, align=align, bold=bold, whole=True, role=role))
            else:
                # Soft line breaks (text pasted from a PDF, a title broken in two): the lines
                # are joined like a text layer's, within the paragraph.
                lines.append(Line(text=part, page=on_page, indent=True if k == 0 else None,
                                  size=size, align=align, bold=bold))
        for ref in shown.notes:
            if ref in notes:  # a footnote or endnote goes with the paragraph that refers to it
                lines.append(Line(text=notes.pop(ref), page=on_page, whole=True, role="note"))
        page += after
    lines = _header_masthead(document) + _unwrap_pasted_lines(lines)
    if not lines:
        raise InputError("DOCX 里没有文字：请确认文件内容", path=path)
    warnings = [REVISIONS_WARNING] if revised else []
    notices = ["文档含批注，批注内容未计入简报"] if _has_comments(document) else []
    return Document(lines=tuple(lines), kind="docx", notes=tuple(notices), warnings=tuple(warnings))


_NOTE_RELS = {
    "footnote": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
    "endnote": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes",
}
_COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def _notes(document: Any) -> dict[tuple[str, str], str]:
    """Footnote and endnote texts by (kind, id), read from their parts."""
    found: dict[tuple[str, str], str] = {}
    for rel in document.part.rels.values():
        for kind, reltype in _NOTE_RELS.items():
            if rel.reltype == reltype and not rel.is_external:
                try:
                    texts = notes_part_texts(rel.target_part.blob)
                except Exception:
                    continue  # a damaged notes part loses the notes, not the issue
                found.update({(kind, note_id): text for note_id, text in texts.items()})
    return found


def _has_comments(document: Any) -> bool:
    return any(rel.reltype == _COMMENTS_REL for rel in document.part.rels.values())


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
    shown = [(p, paragraph_text(p._p)) for p in _blocks(header._element, header)]
    shown = [(p, text) for p, text in shown if text.text.strip()]
    if not any(_ISSUE_LINE_RE.search(text.text) for _, text in shown):
        return []
    return [Line(text=text.text, size=_run_looks(p, text)[0], align=_align(p), whole=True) for p, text in shown]
