"""DOCX reader: real paragraphs with alignment, size and indent; tables and text boxes too.

A masthead often sits in a table, a text box or the first page's header; all are read in
document order. Page numbers are known only where Word left its rendered page breaks
(`w:lastRenderedPageBreak`, written at every page start when Word saves a laid-out document).
"""

from __future__ import annotations

import functools
import io
import itertools
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from lxml import etree

from ..errors import InputError
from ..io.limits import DOCUMENT_LINES
from ..records import Document, Line
from ..text.chars import clean, width_em
from .package import checked_parts, repacked
from .wordml import ParagraphText, notes_part_texts, paragraph_text

# How many styles a paragraph's style may be based on, in a chain (Word's own are a few deep).
MAX_STYLE_DEPTH = 32
# How many paragraphs of the first page's header are looked at for a masthead.
MAX_HEADER_PARAGRAPHS = 20
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


def _check_zip(data: bytes, path: str) -> dict[str, bytes]:
    """Refuse a zip bomb before python-docx unpacks anything (see kxdt.readers.package); the
    XML parts as checked."""
    return checked_parts(data, path, what="DOCX", fix="请在 Word 中重新保存后再试", required="word/document.xml",
                         missing="不是 Word 文档（DOCX 里没有正文部分，可能是改了扩展名的其他文件）：请在 Word 中另存为 DOCX")


def _checked_package(parts: dict[str, bytes]) -> io.BytesIO:
    """The checked parts as a new package for python-docx: XML as read and checked, every other
    part empty (kxdt reads no pictures), nothing left for python-docx to inflate."""
    return repacked(parts)


class _Styles:
    """One document's style look-ups, each made once. python-docx searches the styles part anew
    on every `paragraph.style` and `run.style`, which a paragraph of many runs, or a document of
    many paragraphs, would pay for over and over."""

    def __init__(self) -> None:
        self._styles: dict[str | None, Any] = {}
        self._looks: dict[str | None, tuple[float | None, bool | None]] = {}
        self._found: dict[tuple[str | None, str], Any] = {}
        self._characters: dict[str | None, tuple[float | None, bool | None]] = {}

    def of(self, paragraph: Any) -> Any:
        """The paragraph's style (python-docx's own resolution: the default style when unset)."""
        key = _val(paragraph._p.find(f"{_W}pPr/{_W}pStyle"))
        if key not in self._styles:
            self._styles[key] = paragraph.style
        return self._styles[key]

    def looks(self, paragraph: Any) -> tuple[float | None, bool | None]:
        """The size and boldness the paragraph's style (or a style it is based on) sets."""
        key = _val(paragraph._p.find(f"{_W}pPr/{_W}pStyle"))
        if key not in self._looks:
            size: float | None = None
            bold: bool | None = None
            for style in _style_chain(self.of(paragraph)):
                if size is None and style.font.size is not None:
                    size = style.font.size.pt
                if bold is None and style.font.bold is not None:
                    bold = style.font.bold
            self._looks[key] = size, bold
        return self._looks[key]

    def find(self, paragraph: Any, path: str) -> Any:
        """An element of the paragraph's properties (`pPr/...`) as its style chain sets it."""
        key = (_val(paragraph._p.find(f"{_W}pPr/{_W}pStyle")), path)
        if key not in self._found:
            self._found[key] = next((found for style in _style_chain(self.of(paragraph))
                                     if (found := style.element.find(path)) is not None), None)
        return self._found[key]

    def character(self, key: str | None, run: Any, paragraph: Any) -> tuple[float | None, bool | None]:
        """The size and boldness of the run's character style `key` (the document's default
        character style when it names none, or one that is not there)."""
        if key not in self._characters:
            from docx.text.run import Run

            style = Run(run, paragraph).style
            if style is None or not style.style_id:
                self._characters[key] = None, None
            else:
                self._characters[key] = (style.font.size.pt if style.font.size is not None else None), style.font.bold
        return self._characters[key]


_VAL = f"{_W}val"


def _val(element: Any) -> str | None:
    return element.get(_VAL) if element is not None else None


@functools.lru_cache(maxsize=256)
def _half_points(value: str) -> float | None:
    """`w:sz`'s value (half-points, or a measure with a unit) in points; None when unreadable."""
    from docx.oxml.simpletypes import ST_HpsMeasure

    try:
        return ST_HpsMeasure.convert_from_xml(value).pt
    except (ValueError, TypeError, ArithmeticError):
        return None


_RUN, _RUN_PROPERTIES, _SIZE, _BOLD, _RUN_STYLE = f"{_W}r", f"{_W}rPr", f"{_W}sz", f"{_W}b", f"{_W}rStyle"


def _run_properties(run: Any) -> tuple[str | None, bool | None, str | None]:
    """A run's own size (`w:sz`'s raw value), boldness (`w:b`: on unless its value says off) and
    character style, None where the run does not set them; one walk over its children."""
    size: str | None = None
    bold: bool | None = None
    style: str | None = None
    for child in run:
        if child.tag == _RUN_PROPERTIES:
            for prop in child:
                tag = prop.tag
                if tag == _SIZE:
                    size = prop.get(_VAL)
                elif tag == _BOLD:
                    bold = prop.get(_VAL) not in ("0", "false", "off")
                elif tag == _RUN_STYLE:
                    style = prop.get(_VAL)
            break
    return size, bold, style


def _run_looks(paragraph: Any, shown: ParagraphText, styles: _Styles) -> tuple[float | None, bool]:
    """The size most of the paragraph's text is set in, and whether most of it is bold
    (from the runs its text came from, at any depth; what a run leaves unset comes from its
    character style, then the paragraph style). Read from the runs' XML directly: a paragraph
    may hold hundreds of thousands of them."""
    style_size, style_bold = styles.looks(paragraph)
    sizes: Counter[float] = Counter()
    bold = plain = 0
    for element, chars in shown.runs:
        if element.tag != _RUN:
            continue
        raw_size, is_bold, char_style = _run_properties(element)
        size = _half_points(raw_size) if raw_size is not None else None
        if size is None or is_bold is None:
            char_size, char_bold = styles.character(char_style, element, paragraph)
            size = char_size if size is None else size
            is_bold = char_bold if is_bold is None else is_bold
        if size is not None:
            sizes[size] += chars
        if is_bold if is_bold is not None else style_bold:
            bold += chars
        else:
            plain += chars
    size = sizes.most_common(1)[0][0] if sizes else style_size
    return size, bold > plain


def _style_chain(style: Any) -> Iterator[Any]:
    """A style and the styles it is based on, nearest first; a cycle (A based on B based on A,
    or a style based on itself) ends the chain, and so does MAX_STYLE_DEPTH."""
    seen: set[str | None] = set()
    while style is not None and len(seen) < MAX_STYLE_DEPTH and style.style_id not in seen:
        seen.add(style.style_id)
        yield style
        style = style.base_style


def _indented(paragraph: Any, text: str) -> bool | None:
    ind = paragraph._p.find(f"{_W}pPr/{_W}ind")
    if ind is not None and (ind.get(f"{_W}firstLine") or ind.get(f"{_W}firstLineChars")):
        return True
    if text[:1] in ("\u3000", " ", "\t"):
        return True
    return False


def _align(paragraph: Any, styles: _Styles) -> str | None:
    jc = paragraph._p.find(f"{_W}pPr/{_W}jc")
    if jc is None:
        jc = styles.find(paragraph, f"{_W}pPr/{_W}jc")
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
            # The cells themselves, kept alive: a merged cell comes back as the same element,
            # while the id() of a freed lxml proxy is reused by another cell's.
            seen: set[Any] = set()
            for row in table.rows:
                for cell in row.cells:
                    if cell._tc in seen:
                        continue  # merged cells repeat
                    seen.add(cell._tc)
                    yield from _blocks(cell._tc, document)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content, document)
        elif child.tag == f"{_W}customXml":
            yield from _blocks(child, document)


_STRICT_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"


def _is_strict(parts: dict[str, bytes]) -> bool:
    """Word's "Strict Open XML" flavour uses other namespaces, which python-docx cannot read."""
    return _STRICT_NS in parts["word/document.xml"][:4096]


# The warning a document with tracked changes gets (`kxdt check` makes it a finding).
REVISIONS_WARNING = "文档含未接受的修订，已按接受后的文字解析"
# Paragraph styles of kxdt's own documents (drafts and exports, as clerks edit them in Word)
# that say what a paragraph is. A column label must still read as one (【…】); a 目录提要 line
# is one with or without its bullet (a clerk types over the bullet).
STYLE_ROLES = {"简报标题": "title", "简报栏目": "column", "简报目录": "toc"}


def _style_role(paragraph: Any, styles: _Styles) -> str | None:
    try:
        style = styles.of(paragraph)
        name = style.name if style is not None else None
    except (KeyError, ValueError):
        return None
    role = STYLE_ROLES.get(name or "")
    if role == "column" and not paragraph.text.strip().startswith(("【", "[")):
        return None
    return role


def read_docx(data: bytes, path: str) -> Document:
    parts = _check_zip(data, path)
    if _is_strict(parts):
        from .convert import find_soffice, to_docx

        if find_soffice() is None:
            raise InputError("这是 Strict Open XML 格式的 DOCX：请在 Word 中另存为“Word 文档 (*.docx)”，"
                             "或安装 LibreOffice（kxdt 会自动转换）", path=path)
        parts = _check_zip(to_docx(data, path, "Strict Open XML 文档"), path)
        if _is_strict(parts):
            raise InputError("LibreOffice 未能转换这个 Strict Open XML 文档：请在 Word 中另存为“Word 文档 (*.docx)”", path=path)
    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(_checked_package(parts))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as err:
        raise InputError(f"无法打开 DOCX（{type(err).__name__}）：请在 Word 中重新保存为 DOCX", path=path) from None
    except Exception as err:
        raise InputError(f"DOCX 内容损坏（{type(err).__name__}）：请在 Word 中重新保存为 DOCX", path=path) from None
    del parts
    _drop_external_parts(document)
    try:
        return _read_document(document, path)
    except (KeyError, ValueError, IndexError, etree.LxmlError, PythonDocxError) as err:
        # python-docx meeting a part that breaks the format's rules (a style or number it cannot
        # read, a relationship that points nowhere).
        raise InputError(f"DOCX 内容不合规范（{type(err).__name__}）：请在 Word 中打开并另存为 DOCX 后再试",
                         path=path) from None


def _drop_external_parts(document: Any) -> None:
    """Relationships from the document to styles, numbering, notes, headers… that point outside
    the file (`TargetMode="External"`) are forgotten: those parts are always inside a DOCX, and
    kxdt never follows a link out of it."""
    rels = document.part.rels
    for rel_id in [rel_id for rel_id, rel in rels.items() if rel.is_external and not rel.reltype.endswith(
            ("/hyperlink", "/image", "/oleObject", "/package", "/attachedTemplate", "/frame", "/subDocument"))]:
        del rels[rel_id]


def _read_document(document: Any, path: str) -> Document:
    body = document.element.body
    DOCUMENT_LINES.check(sum(1 for _ in body.iter(f"{_W}p")), path)  # counted before any is read
    # Word marks where each rendered page starts; without those marks pages are unknown.
    rendered = next(body.iter(_PAGE_MARK), None) is not None
    lines: list[Line] = []
    page = 1
    bullets = _bullet_lists(document)
    styles = _Styles()
    notes = _notes(document)
    revised = False
    styles = _Styles()
    for paragraph in _blocks(body, document):
        before, after = _page_marks(paragraph._p) if rendered else (0, 0)
        page += before
        shown = paragraph_text(paragraph._p)
        revised = revised or shown.revised
        text = shown.text.replace("\r", "\n")
        if text.strip() and _num_id(paragraph, styles) in bullets:
            text = "●" + text  # a Word bullet list: the bullet is not in the text
        parts = [part for part in text.split("\n") if part.strip()]
        (size, bold), align = _run_looks(paragraph, shown, styles), _align(paragraph, styles)
        on_page = page if rendered else None
        role = _style_role(paragraph, styles)
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
    lines = _header_masthead(document, styles) + _unwrap_pasted_lines(lines)
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


# A comment in a comments part (`<w:comment w:id=…>`; the part itself may be empty: pandoc always
# writes one).
_COMMENT_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?comment[\s/>]")


def _has_comments(document: Any) -> bool:
    for rel in document.part.rels.values():
        if rel.reltype == _COMMENTS_REL and not rel.is_external:
            try:
                blob = rel.target_part.blob
            except Exception:
                return True  # a comments part that cannot be read: say there may be comments
            if _COMMENT_RE.search(blob):
                return True
    return False


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


def _num_id(paragraph: Any, styles: _Styles) -> str | None:
    """The list a paragraph belongs to, set on the paragraph or on its style."""
    num = paragraph._p.find(f"{_W}pPr/{_W}numPr/{_W}numId")
    if num is None:
        num = styles.find(paragraph, f"{_W}pPr/{_W}numPr/{_W}numId")
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


def _header_masthead(document: Any, styles: _Styles) -> list[Line]:
    """Some offices put the red masthead into the first page's header: read it from there
    when it holds the issue line (第N期)."""
    if not len(document.sections):
        return []  # no section properties (Word always writes them; other programs may not)
    section = document.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    shown = [(p, paragraph_text(p._p)) for p in itertools.islice(_blocks(header._element, header), MAX_HEADER_PARAGRAPHS)]
    shown = [(p, text) for p, text in shown if text.text.strip()]
    if not any(_ISSUE_LINE_RE.search(text.text) for _, text in shown):
        return []
    return [Line(text=text.text, size=_run_looks(p, text, styles)[0], align=_align(p, styles), whole=True)
            for p, text in shown]
