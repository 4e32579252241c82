"""The text Word shows for a paragraph, read from its raw WordprocessingML.

python-docx's `Paragraph.text` sees only runs that are direct children of the paragraph (and
hyperlinks): text inside tracked insertions, content controls, smart tags, custom XML and
simple fields is lost. This walk reads runs at any depth and keeps what Word displays:

- inside `w:ins`, `w:moveTo`, `w:sdt`, `w:smartTag`, `w:customXml`, `w:fldSimple`, `w:hyperlink`…
  (any wrapper: unknown elements are walked into);
- never deleted text (`w:del`, `w:delText`, `w:moveFrom`), field codes (`w:instrText`, and runs
  between a complex field's `begin` and `separate`), comments, drawings or VML copies (text
  boxes are read as paragraphs of their own by the reader);
- `w:tab`, `w:br`/`w:cr` (a line break), `w:sym`, `w:noBreakHyphen`, `w:softHyphen`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_VML = "{urn:schemas-microsoft-com:vml}"
_MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

# Elements whose content is never shown as the paragraph's text.
_SKIP = {
    f"{W}pPr", f"{W}rPr", f"{W}del", f"{W}moveFrom", f"{W}sdtPr", f"{W}sdtEndPr", f"{W}customXmlPr",
    f"{W}smartTagPr", f"{W}delText", f"{W}delInstrText", f"{W}instrText", f"{W}drawing", f"{W}pict",
    f"{W}object", f"{_MC}AlternateContent", f"{W}commentReference", f"{W}annotationRef",
    f"{W}fldData", f"{W}rPrChange", f"{W}pPrChange", f"{_VML}shape", f"{_VML}textbox",
}
_REVISIONS = {f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo", f"{W}rPrChange", f"{W}pPrChange"}
_BREAK_TYPES = (None, "textWrapping")


@dataclass
class ParagraphText:
    """A paragraph's visible text, the runs it came from (with how many characters each gave),
    and what the walk noticed."""

    parts: list[str] = field(default_factory=list)  # the text, piece by piece (see `text`)
    runs: list[tuple[Any, int]] = field(default_factory=list)
    revised: bool = False  # holds tracked changes (read as accepted)
    notes: list[tuple[str, str]] = field(default_factory=list)  # ("footnote"|"endnote", id) referenced

    @property
    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts[:] = ["".join(self.parts)]  # joined once however many runs gave pieces
        return self.parts[0] if self.parts else ""

    def add(self, run: Any, text: str) -> None:
        if text:
            self.parts.append(text)
            self.runs.append((run, len(text)))


def _symbol(element: Any) -> str:
    """`w:sym w:char="F06C"`: symbol fonts use the private range F0xx for their ASCII slots."""
    try:
        code = int(element.get(f"{W}char") or "", 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000
    return chr(code) if 0x20 <= code < 0x110000 else ""


class _Walker:
    def __init__(self, out: ParagraphText) -> None:
        self.out = out
        self.fields: list[bool] = []  # one per open complex field: True while in its code part
        self.codes = 0  # how many of them are True (counted, not searched: fields may nest deep)

    @property
    def in_code(self) -> bool:
        return self.codes > 0

    def walk(self, element: Any) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # comments and processing instructions
            if tag in _REVISIONS:
                self.out.revised = True
            if tag in _SKIP:
                continue
            if tag == f"{W}r":
                self.run(child)
            elif tag == f"{_MATH}t":
                if not self.in_code:
                    self.out.add(child, child.text or "")
            else:
                self.walk(child)

    def run(self, r: Any) -> None:
        for child in r:
            tag = child.tag
            if tag == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    self.fields.append(True)
                    self.codes += 1
                elif kind == "separate" and self.fields:
                    self.codes -= self.fields[-1]
                    self.fields[-1] = False
                elif kind == "end" and self.fields:
                    self.codes -= self.fields.pop()
                continue
            if tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                kind = "footnote" if tag == f"{W}footnoteReference" else "endnote"
                self.out.notes.append((kind, child.get(f"{W}id") or ""))
                continue
            if self.in_code:
                continue
            if tag == f"{W}t":
                self.out.add(r, child.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                self.out.add(r, "\t")
            elif tag == f"{W}br":
                if child.get(f"{W}type") in _BREAK_TYPES:
                    self.out.add(r, "\n")
            elif tag == f"{W}cr":
                self.out.add(r, "\n")
            elif tag == f"{W}sym":
                self.out.add(r, _symbol(child))
            elif tag == f"{W}noBreakHyphen":
                self.out.add(r, "-")
            elif tag in _REVISIONS:
                self.out.revised = True


def paragraph_text(p: Any) -> ParagraphText:
    """What Word shows of the paragraph element `p` (a `w:p`), with tracked changes accepted."""
    out = ParagraphText()
    _Walker(out).walk(p)
    return out


def notes_part_texts(xml: bytes) -> dict[str, str]:
    """The text of each footnote or endnote in a footnotes/endnotes part, by id (separators left out)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    texts: dict[str, str] = {}
    for note in root:
        if note.get(f"{W}type") not in (None, "normal"):
            continue  # separator lines
        text = "".join(paragraph_text(p).text for p in note.iter(f"{W}p")).strip()
        if text:
            texts[note.get(f"{W}id") or ""] = text
    return texts
