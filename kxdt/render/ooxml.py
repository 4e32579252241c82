"""The raw WordprocessingML that python-docx has no API for: East Asian fonts, the PAGE field,
borders, character-based indents, exact spacing, tab stops, odd/even footers, the document grid.

Each helper takes python-docx objects and edits their XML; nothing else in kxdt touches XML.
"""

from __future__ import annotations

import functools
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4


# The order WordprocessingML requires of paragraph and run properties (ECMA-376 CT_PPrBase,
# CT_RPr): Word refuses a file whose properties come in another order.
_ORDER = {
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
              "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:sectPr": ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
                 "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
                 "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                 "w:printerSettings", "w:sectPrChange"),
}
_RANK = {parent: {qn(tag): k for k, tag in enumerate(tags)} for parent, tags in _ORDER.items()}
_PARENT = {qn(parent): parent for parent in _ORDER}


def _child(parent: Any, tag: str) -> Any:
    """The first child `tag` of parent, created if missing — in its schema place among the
    properties of a paragraph or run, else appended."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    found = OxmlElement(tag)
    ranks = _RANK.get(_PARENT.get(parent.tag, ""), {})
    rank = ranks.get(qn(tag))
    if rank is not None:
        for sibling in parent:
            if ranks.get(sibling.tag, -1) > rank:
                sibling.addprevious(found)
                return found
    parent.append(found)
    return found


def _attr(value: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(value)


def paragraph_xml(runs: list[str], *, style_id: str, align: str, line_pt: float, after_pt: float = 0,
                  first_line_chars: int = 0, size_pt: float = 0, keep_next: bool = False, keep_lines: bool = False,
                  off_grid: bool = False, before_pt: float = 0, left_chars: float | None = None,
                  page_break_before: bool = False, right_tab_twips: int | None = None, leader: str | None = None,
                  bookmark: tuple[int, str] | None = None) -> str:
    """A `w:p` as text — its properties in schema order — holding the given runs. The writer
    streams these into `word/document.xml`, so a long issue never becomes a tree in memory.
    `keep_next` keeps the paragraph on the page of the next one, `keep_lines` its lines on one
    page, `off_grid` sets its lines at its own spacing, not on the document grid;
    `left_chars` indents the whole paragraph (and, given, cancels a style's first-line indent);
    `right_tab_twips` sets a right tab stop (with a `leader`: "dot" for contents lines);
    `bookmark` (id, name) marks the paragraph's text for PAGEREF fields."""
    flow = (("<w:keepNext/>" if keep_next else "") + ("<w:keepLines/>" if keep_lines else "")
            + ("<w:pageBreakBefore/>" if page_break_before else ""))
    tabs = ""
    if right_tab_twips is not None:
        tabs = (f'<w:tabs><w:tab w:val="right"{f" w:leader={_attr(leader)}" if leader else ""} '
                f'w:pos="{right_tab_twips}"/></w:tabs>')
    grid = '<w:snapToGrid w:val="0"/>' if off_grid else ""
    ind = ""
    if first_line_chars or left_chars is not None:
        ind = "<w:ind"
        if left_chars is not None:
            ind += f' w:leftChars="{round(left_chars * 100)}" w:left="{round(left_chars * size_pt * TWIPS_PER_PT)}"'
        ind += (f' w:firstLineChars="{first_line_chars * 100}" '
                f'w:firstLine="{round(first_line_chars * size_pt * TWIPS_PER_PT)}"/>')
    start = end = ""
    if bookmark is not None:
        start = f'<w:bookmarkStart w:id="{bookmark[0]}" w:name={_attr(bookmark[1])}/>'
        end = f'<w:bookmarkEnd w:id="{bookmark[0]}"/>'
    return (f'<w:p><w:pPr><w:pStyle w:val={_attr(style_id)}/>{flow}{tabs}{grid}'
            f'<w:spacing w:line="{round(line_pt * TWIPS_PER_PT)}" w:lineRule="exact" '
            f'w:before="{round(before_pt * TWIPS_PER_PT)}" w:after="{round(after_pt * TWIPS_PER_PT)}"/>{ind}'
            f'<w:jc w:val="{ {"justify": "both"}.get(align, align) }"/></w:pPr>{start}{"".join(runs)}{end}</w:p>')


def page_ref_xml(bookmark: str, *, run_properties: str, placeholder: str) -> str:
    """A PAGEREF field (the page a bookmark is on) as runs. The field is marked dirty, so Word
    works the number out when it opens the file (LibreOffice always does); until then it
    shows `placeholder`."""
    from xml.sax.saxutils import escape

    return (f'<w:r>{run_properties}<w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            f'<w:r>{run_properties}<w:instrText xml:space="preserve"> PAGEREF {escape(bookmark)} \\h </w:instrText></w:r>'
            f'<w:r>{run_properties}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{run_properties}<w:t>{escape(placeholder)}</w:t></w:r>'
            f'<w:r>{run_properties}<w:fldChar w:fldCharType="end"/></w:r>')


def run_xml(text: str, *, latin: str, east_asia: str, size_pt: float, bold: bool, color: str | None = None,
            char_spacing_pt: float = 0) -> str:
    """A `w:r` as text: fonts (East Asian slot included), weight, size, language zh-CN, and its
    text (tabs and line breaks as their elements)."""
    from xml.sax.saxutils import escape

    body = []
    for k, line in enumerate(text.split("\n")):
        if k:
            body.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                body.append("<w:tab/>")
            if piece:
                body.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    properties = run_properties_xml(latin=latin, east_asia=east_asia, size_pt=size_pt, bold=bold, color=color,
                                    char_spacing_pt=char_spacing_pt)
    return f'<w:r>{properties}{"".join(body)}</w:r>'


@functools.lru_cache(maxsize=256)
def run_properties_xml(*, latin: str, east_asia: str, size_pt: float, bold: bool, color: str | None = None,
                       char_spacing_pt: float = 0) -> str:
    """A run's `w:rPr` as text: fonts (East Asian slot included), weight, colour, letter
    spacing, size, language zh-CN."""
    half_points = round(size_pt * 2)
    look = f"<w:color w:val={_attr(color)}/>" if color else ""
    if char_spacing_pt:
        look += f'<w:spacing w:val="{round(char_spacing_pt * TWIPS_PER_PT)}"/>'
    return (f'<w:rPr><w:rFonts w:ascii={_attr(latin)} w:hAnsi={_attr(latin)} w:eastAsia={_attr(east_asia)} '
            f'w:hint="eastAsia"/><w:b w:val="{1 if bold else 0}"/>{look}<w:sz w:val="{half_points}"/>'
            f'<w:szCs w:val="{half_points}"/><w:lang w:val="{LANG_LATIN}" w:eastAsia="{LANG_EAST_ASIA}"/></w:rPr>')


def element(xml: str) -> Any:
    """A python-docx element from a `paragraph_xml`/`run_xml` text."""
    from docx.oxml.ns import nsdecls
    from docx.oxml.parser import parse_xml

    tag_end = xml.index(">")
    return parse_xml(f"{xml[:tag_end]} {nsdecls('w')}{xml[tag_end:]}")


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




def set_side_indent_chars(paragraph: Any, *, left: int = 0, right: int = 0, size_pt: float) -> None:
    ind = _child(paragraph._p.get_or_add_pPr(), "w:ind")
    if left:
        ind.set(qn("w:leftChars"), str(left * 100))
        ind.set(qn("w:left"), str(round(left * size_pt * TWIPS_PER_PT)))
    if right:
        ind.set(qn("w:rightChars"), str(right * 100))
        ind.set(qn("w:right"), str(round(right * size_pt * TWIPS_PER_PT)))




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


def set_page_numbering(section: Any, *, start: int | None = None, fmt: str | None = None) -> None:
    """Where a section's page numbers start and how they are written (`decimal`, `upperRoman`)."""
    sect_pr = getattr(section, "_sectPr", section)
    numbering = _child(sect_pr, "w:pgNumType")
    if fmt:
        numbering.set(qn("w:fmt"), fmt)
    if start is not None:
        numbering.set(qn("w:start"), str(start))


def set_title_page(section: Any) -> None:
    """The section's first page has its own (here: no) header and footer: a cover."""
    _child(getattr(section, "_sectPr", section), "w:titlePg")


def section_end_xml(sect_pr: Any) -> str:
    """A paragraph that ends a section with the given properties (in WordprocessingML a
    section's properties sit in its last paragraph; the last section's at the body's end).
    The paragraph itself is one point high, so it never spills onto a page of its own."""
    from lxml import etree

    return ('<w:p><w:pPr><w:spacing w:line="20" w:lineRule="exact" w:before="0" w:after="0"/>'
            f"{etree.tostring(sect_pr, encoding='unicode')}</w:pPr></w:p>")


def mark_paragraph(paragraph: Any, *, bookmark: tuple[int, str] | None = None, page_break_before: bool = False) -> None:
    """Put a bookmark (id, name) around a paragraph's content, and/or start it on a new page."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    if page_break_before:
        _child(ppr, "w:pageBreakBefore")
    if bookmark is not None:
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(bookmark[0]))
        start.set(qn("w:name"), bookmark[1])
        end.set(qn("w:id"), str(bookmark[0]))
        ppr.addnext(start)
        paragraph.append(end)


def xml_text(element: Any) -> str:
    """An element as XML text, to be streamed into a part."""
    from lxml import etree

    return etree.tostring(element, encoding="unicode")


# The settings that come after `w:updateFields` in `w:settings` (ECMA-376 CT_Settings).
_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
                        "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                        "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
                        "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                        "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


def request_field_update(document: Any) -> None:
    """`w:updateFields` in the settings: Word updates the fields (page references) on opening."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    later = {qn(tag) for tag in _AFTER_UPDATE_FIELDS if not tag.startswith("sl:")}
    for child in settings:
        if child.tag in later:
            child.addprevious(update)
            return
    settings.append(update)


def set_char_spacing(run: Any, points: float) -> None:
    """Letter spacing of a run (`w:spacing` in run properties), as the masthead name is set."""
    spacing = _child(run._r.get_or_add_rPr(), "w:spacing")
    spacing.set(qn("w:val"), str(round(points * TWIPS_PER_PT)))


# -- language, styles, package parts --------------------------------------------------------

LANG_LATIN = "en-US"
LANG_EAST_ASIA = "zh-CN"


def _set_lang(rpr: Any) -> None:
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), LANG_LATIN)
    lang.set(qn("w:eastAsia"), LANG_EAST_ASIA)




def set_style_language(style: Any) -> None:
    _set_lang(style.element.get_or_add_rPr())


def set_default_language(document: Any) -> None:
    """The document's default run language (`w:docDefaults/w:rPrDefault`)."""
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults")
    if styles.index(defaults) != 0:
        styles.remove(defaults)
        styles.insert(0, defaults)
    _set_lang(_child(_child(defaults, "w:rPrDefault"), "w:rPr"))


def set_first_line_indent_chars_on_style(style: Any, chars: int, size_pt: float) -> None:
    ind = _child(style.element.get_or_add_pPr(), "w:ind")
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(round(chars * size_pt * TWIPS_PER_PT)))


def set_style_keeping(style: Any, *, keep_next: bool = False, keep_lines: bool = False, off_grid: bool = False) -> None:
    """A style's paragraphs kept with the next one / kept whole on a page / off the document grid
    (a larger title's lines at its own spacing: on a grid LibreOffice gives each line two)."""
    ppr = style.element.get_or_add_pPr()
    if keep_next:
        _child(ppr, "w:keepNext")
    if keep_lines:
        _child(ppr, "w:keepLines")
    if off_grid:
        _child(ppr, "w:snapToGrid").set(qn("w:val"), "0")


def set_style_exact_spacing(style: Any, line_pt: float, *, after_pt: float = 0) -> None:
    spacing = _child(style.element.get_or_add_pPr(), "w:spacing")
    spacing.set(qn("w:line"), str(round(line_pt * TWIPS_PER_PT)))
    spacing.set(qn("w:lineRule"), "exact")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), str(round(after_pt * TWIPS_PER_PT)))


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def font_table_xml(fonts: list[tuple[str, str | None, str, str, str]]) -> bytes:
    """`word/fontTable.xml` naming each font with what a machine without it should use instead:
    (name, alternate name, charset, family, panose). The family (`roman`: serif, `swiss`: sans)
    is what LibreOffice and Word substitute by."""
    from xml.sax.saxutils import quoteattr

    entries = []
    for name, alternate, charset, family, panose in fonts:
        alt = f"<w:altName w:val={quoteattr(alternate)}/>" if alternate else ""
        entries.append(f"<w:font w:name={quoteattr(name)}>{alt}<w:panose1 w:val=\"{panose}\"/>"
                       f"<w:charset w:val=\"{charset}\"/><w:family w:val=\"{family}\"/>"
                       f"<w:pitch w:val=\"variable\"/></w:font>")
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:fonts xmlns:w=\"{W_NS}\">"
            + "".join(entries) + "</w:fonts>").encode("utf-8")


def app_properties_xml(company: str) -> bytes:
    """`docProps/app.xml` saying what made the file and for whom (not the template's Mac Word)."""
    from xml.sax.saxutils import escape

    return ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
            "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
            f"<Application>kxdt</Application><Company>{escape(company)}</Company>"
            "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
            "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>").encode()


def replace_part_blob(document: Any, partname: str, blob: bytes) -> bool:
    for part in document.part.package.iter_parts():
        if str(part.partname) == partname:
            part._blob = blob
            return True
    return False


def drop_package_relationship(document: Any, reltype_suffix: str) -> None:
    """Remove a package-level relationship (the template's thumbnail): its part is not saved."""
    rels = document.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith(reltype_suffix):
            rels.pop(rid)
