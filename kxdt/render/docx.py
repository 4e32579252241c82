"""An Issue as a DOCX in the office's layout (GB/T 9704): masthead, 目录提要, articles, footers."""

from __future__ import annotations

import io
import re
from datetime import date as Date
from typing import Any

from ..model import Issue
from . import ooxml
from .layout import DEFAULT_LAYOUT, Layout

# Punctuation that Unicode calls ambiguous-width but Chinese sets full-width.
_FULLWIDTH_PUNCT_RE = re.compile("([“”‘’—…·]+)")


# Characters XML 1.0 cannot hold (a document must never fail to save because text held one).
_XML_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _date_text(iso: str | None) -> str:
    if not iso:
        return ""
    d = Date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


class _Writer:
    def __init__(self, layout: Layout) -> None:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt, RGBColor

        self.layout = layout
        self.Pt, self.RGBColor = Pt, RGBColor
        self.align = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                      "left": WD_ALIGN_PARAGRAPH.LEFT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
        self.doc = docx.Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(layout.page_width_mm), Mm(layout.page_height_mm)
        section.top_margin, section.bottom_margin = Mm(layout.margin_top_mm), Mm(layout.margin_bottom_mm)
        section.left_margin, section.right_margin = Mm(layout.margin_left_mm), Mm(layout.margin_right_mm)
        section.footer_distance = Mm(layout.footer_distance_mm)
        ooxml.set_doc_grid(section, layout.line_spacing_pt)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(layout.body_size)
        normal.font.name = layout.latin_font
        ooxml.set_style_fonts(normal, latin=layout.latin_font, east_asia=layout.body_font)
        self.section = section

    def paragraph(self, text: str = "", *, font: str | None = None, size: float | None = None,
                  align: str = "justify", bold: bool = False, indent: bool = False, spacing: float | None = None) -> Any:
        """A paragraph; `indent` marks body paragraphs (first-line indent, paragraph spacing)."""
        layout = self.layout
        p = self.doc.add_paragraph()
        p.alignment = self.align[align]
        size = size or layout.body_size
        ooxml.set_exact_spacing(p, spacing or max(layout.line_spacing_pt, size * 1.3),
                                after_pt=layout.paragraph_spacing_pt if indent else 0)
        if indent and layout.first_line_chars:
            ooxml.set_first_line_indent_chars(p, layout.first_line_chars, size)
        if text:
            self.run(p, text, font=font or layout.body_font, size=size, bold=bold)
        return p

    def run(self, paragraph: Any, text: str, *, font: str, size: float, bold: bool = False) -> Any:
        """Add text in runs; CJK quotes and dashes get the Chinese font for their Latin slot too,
        so every program sets them full-width (Word and LibreOffice pick fonts differently)."""
        first = None
        for segment in _FULLWIDTH_PUNCT_RE.split(text):
            if not segment:
                continue
            run = paragraph.add_run(segment)
            run.font.size = self.Pt(size)
            run.font.bold = bold
            latin = font if _FULLWIDTH_PUNCT_RE.fullmatch(segment) else self.layout.latin_font
            ooxml.set_run_fonts(run, latin=latin, east_asia=font)
            first = first or run
        return first

    def footers(self) -> None:
        layout = self.layout
        self.doc.settings.odd_and_even_pages_header_footer = True
        ooxml.enable_even_and_odd_headers(self.doc)
        before, _, after = layout.page_number_format.partition("{PAGE}")
        for footer, align in ((self.section.footer, "right"), (self.section.even_page_footer, "left")):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            p.alignment = self.align[align]
            ooxml.set_side_indent_chars(p, size_pt=layout.page_number_size,
                                        left=1 if align == "left" else 0, right=1 if align == "right" else 0)
            self.run(p, before, font=layout.page_number_font, size=layout.page_number_size)
            for run in ooxml.add_field(p, "PAGE"):
                run.font.size = self.Pt(layout.page_number_size)
                ooxml.set_run_fonts(run, latin=layout.latin_font, east_asia=layout.page_number_font)
            self.run(p, after, font=layout.page_number_font, size=layout.page_number_size)

    def masthead(self, issue: Issue) -> None:
        layout, m = self.layout, issue.masthead
        if m.name:
            p = self.paragraph(align="center", size=layout.name_size, spacing=layout.name_size * 1.5)
            run = self.run(p, m.name, font=layout.name_font, size=layout.name_size, bold=True)
            run.font.color.rgb = self.RGBColor.from_string(layout.red)
            if layout.letter_space_name:
                ooxml.set_char_spacing(run, layout.name_size * 0.3)
        numbers = []
        if m.year is not None or m.number is not None:
            numbers.append(f"{m.year or ''}年第{m.number}期" if m.number is not None else f"{m.year}年")
        if m.total is not None:
            numbers.append(f"（总第{m.total}期）")
        for text in numbers:
            self.paragraph(text, align="center")
        p = self.paragraph(align="left")
        ooxml.add_right_tab(p, layout.text_width_mm)
        self.run(p, (m.issuer or "") + ("\t" + _date_text(m.date) if m.date else ""), font=layout.body_font,
                 size=layout.body_size)
        ooxml.set_bottom_border(p, color=layout.red, size_eighths=layout.rule_size_eighths)

    def highlights(self, issue: Issue) -> None:
        layout = self.layout
        if not issue.toc:
            return
        self.paragraph(layout.toc_heading, font=layout.toc_heading_font, align="center", bold=True)
        for item in issue.toc:
            self.paragraph(layout.toc_bullet + item, indent=True)
        if layout.page_break_after_toc and issue.articles:
            ooxml.add_page_break(self.paragraph())

    def articles(self, issue: Issue) -> None:
        layout = self.layout
        column = None
        for article in issue.articles:
            if article.column and article.column != column:
                self.paragraph(f"【{article.column}】", font=layout.column_font)
            column = article.column
            self.paragraph(article.title, font=layout.title_font, size=layout.title_size, align="center")
            for k, text in enumerate(article.paragraphs):
                p = self.paragraph(text, indent=True)
                if article.source and k == len(article.paragraphs) - 1 and not layout.source_own_line:
                    self.run(p, f"（{article.source}）", font=layout.source_font, size=layout.body_size)
            if article.source and (layout.source_own_line or not article.paragraphs):
                self.paragraph(f"（{article.source}）", font=layout.source_font, align="right")

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str):
        return _XML_UNSAFE_RE.sub("", value)
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    return value


def issue_to_docx(issue: Issue, layout: Layout = DEFAULT_LAYOUT) -> bytes:
    issue = Issue.from_dict(_xml_safe(issue.to_dict()))
    writer = _Writer(layout)
    writer.doc.core_properties.title = (issue.masthead.name or "") + issue.masthead.label()
    writer.footers()
    writer.masthead(issue)
    writer.highlights(issue)
    writer.articles(issue)
    return writer.bytes()
