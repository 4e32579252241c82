"""The raw WordprocessingML that python-docx has no API for: East Asian fonts, the PAGE field,
borders, character-based indents, exact spacing, tab stops, odd/even footers, the document grid.

Each helper takes python-docx objects and edits their XML; nothing else in kxdt touches XML.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4


def _child(parent: Any, tag: str) -> Any:
    """The first child `tag` of parent, created (appended) if missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _set_fonts(rpr: Any, latin: str, east_asia: str) -> Any:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    return fonts


def set_run_fonts(run: Any, *, latin: str, east_asia: str) -> None:
    """Latin and Chinese fonts on one run: `w:rFonts` with `w:eastAsia` (python-docx #154)."""
    _set_fonts(run._r.get_or_add_rPr(), latin, east_asia).set(qn("w:hint"), "eastAsia")


def set_style_fonts(style: Any, *, latin: str, east_asia: str) -> None:
    _set_fonts(style.element.get_or_add_rPr(), latin, east_asia)


def set_first_line_indent_chars(paragraph: Any, chars: int, size_pt: float) -> None:
    """A first-line indent of `chars` characters (`w:firstLineChars`, with twips for old readers)."""
    ind = _child(paragraph._p.get_or_add_pPr(), "w:ind")
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(round(chars * size_pt * TWIPS_PER_PT)))


def set_side_indent_chars(paragraph: Any, *, left: int = 0, right: int = 0, size_pt: float) -> None:
    ind = _child(paragraph._p.get_or_add_pPr(), "w:ind")
    if left:
        ind.set(qn("w:leftChars"), str(left * 100))
        ind.set(qn("w:left"), str(round(left * size_pt * TWIPS_PER_PT)))
    if right:
        ind.set(qn("w:rightChars"), str(right * 100))
        ind.set(qn("w:right"), str(round(right * size_pt * TWIPS_PER_PT)))


def set_exact_spacing(paragraph: Any, line_pt: float, *, before_pt: float = 0, after_pt: float = 0) -> None:
    spacing = _child(paragraph._p.get_or_add_pPr(), "w:spacing")
    spacing.set(qn("w:line"), str(round(line_pt * TWIPS_PER_PT)))
    spacing.set(qn("w:lineRule"), "exact")
    spacing.set(qn("w:before"), str(round(before_pt * TWIPS_PER_PT)))
    spacing.set(qn("w:after"), str(round(after_pt * TWIPS_PER_PT)))


def set_bottom_border(paragraph: Any, *, color: str, size_eighths: int, space_pt: int = 1) -> None:
    """A rule under the paragraph (the red rule below the masthead)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = _child(ppr, "w:pBdr")
    bottom = _child(borders, "w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), str(space_pt))
    bottom.set(qn("w:color"), color)


def add_right_tab(paragraph: Any, position_mm: float) -> None:
    tabs = _child(paragraph._p.get_or_add_pPr(), "w:tabs")
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "right")
    tab.set(qn("w:pos"), str(round(position_mm * TWIPS_PER_MM)))
    tabs.append(tab)


def add_field(paragraph: Any, instruction: str, *, placeholder: str = "1") -> Any:
    """A complex field (`w:fldChar` begin/separate/end around `w:instrText`); returns the result run."""
    runs = []
    for kind in ("begin", None, "separate", "result", "end"):
        run = paragraph.add_run()
        if kind == "result":
            run.text = placeholder
        elif kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        runs.append(run)
    return runs


def enable_even_and_odd_headers(document: Any) -> None:
    settings = document.settings.element
    if settings.find(qn("w:evenAndOddHeaders")) is None:
        settings.insert(0, OxmlElement("w:evenAndOddHeaders"))


def set_doc_grid(section: Any, line_pitch_pt: float) -> None:
    grid = _child(section._sectPr, "w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(line_pitch_pt * TWIPS_PER_PT)))


def add_page_break(paragraph: Any) -> None:
    run = paragraph.add_run()
    br = OxmlElement("w:br")
    br.set(qn("w:type"), "page")
    run._r.append(br)


def set_char_spacing(run: Any, points: float) -> None:
    """Letter spacing of a run (`w:spacing` in run properties), as the masthead name is set."""
    spacing = _child(run._r.get_or_add_rPr(), "w:spacing")
    spacing.set(qn("w:val"), str(round(points * TWIPS_PER_PT)))
