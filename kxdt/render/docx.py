"""An Issue as a DOCX in the office's layout (GB/T 9704): masthead, 目录提要, articles, footers."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date as Date
from typing import Any, BinaryIO

from ..model import Issue, Masthead
from . import ooxml
from .layout import DEFAULT_LAYOUT, Layout

# Where the streamed articles go in the saved document (a paragraph replaced on the way out).
_MARKER = "KXDT-STREAMED-ARTICLES-3f6c"
# Streamed paragraphs are written to the zip in pieces of about this many characters.
_WRITE_CHARS = 1 << 16
# Punctuation that Unicode calls ambiguous-width but Chinese sets full-width.
_FULLWIDTH_PUNCT_RE = re.compile("([“”‘’—…·]+)")


# Characters XML 1.0 cannot hold (a document must never fail to save because text held one).
_XML_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# The styles kxdt's documents use; the DOCX reader takes 标题 and 栏目 paragraphs by them.
STYLE_NAMES = {
    "name": "简报刊名", "numbers": "简报期号", "issuer": "简报发文", "toc_heading": "简报目录标题", "toc": "简报目录",
    "column": "简报栏目", "title": "简报标题", "body": "简报正文", "source": "简报来源",
}
# How the styles keep with what follows (see ooxml.paragraph_xml).
KEEPING: dict[str, dict[str, bool]] = {
    "column": {"keep_next": True},
    "title": {"keep_next": True, "keep_lines": True, "off_grid": True},
    "name": {"off_grid": True},
}
# Chinese fonts and what a machine without them should use: alternate name, charset (86:
# GB2312), family (roman = serif: Song, FangSong, Kai; swiss = sans: Hei), PANOSE.
FONT_FACTS: dict[str, tuple[str | None, str, str, str]] = {
    "仿宋_GB2312": ("仿宋", "86", "roman", "02010609030101010101"),
    "仿宋": ("FangSong", "86", "roman", "02010609060101010101"),
    "方正小标宋简体": ("宋体", "86", "roman", "02010600030101010101"),
    "方正小标宋_GBK": ("宋体", "86", "roman", "02010600030101010101"),
    "小标宋": ("宋体", "86", "roman", "02010600030101010101"),
    "宋体": ("SimSun", "86", "roman", "02010600030101010101"),
    "楷体_GB2312": ("楷体", "86", "roman", "02010609030101010101"),
    "楷体": ("KaiTi", "86", "roman", "02010609060101010101"),
    "黑体": ("SimHei", "86", "swiss", "02010609060101010101"),
    "Times New Roman": (None, "00", "roman", "02020603050405020304"),
}


def font_facts(name: str) -> tuple[str, str | None, str, str, str]:
    """A font-table entry; an unknown font is taken for a serif (GB/T 9704 sets text in serifs)."""
    alternate, charset, family, panose = FONT_FACTS.get(name, ("宋体", "86", "roman", "02010600030101010101"))
    if "黑" in name:
        alternate, family = alternate if name in FONT_FACTS else "黑体", "swiss"
    return name, alternate, charset, family, panose


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
        ooxml.set_default_language(self.doc)
        ooxml.set_style_language(normal)
        self.section = section
        self._end = section._sectPr  # new paragraphs go before the body's section properties
        self.styles = self._styles()

    def _styles(self) -> dict[str, Any]:
        """Named paragraph styles carrying the layout, so that text a clerk types or pastes into
        a paragraph takes its look (STYLE_NAMES; the DOCX reader reads titles and columns by them)."""
        from docx.enum.style import WD_STYLE_TYPE

        layout, Pt = self.layout, self.Pt
        specs = {
            "name": (layout.name_font, layout.name_size, "center", True, 0, layout.name_size * 1.5),
            "numbers": (layout.body_font, layout.body_size, "center", False, 0, layout.line_spacing_pt),
            "issuer": (layout.body_font, layout.body_size, "left", False, 0, layout.line_spacing_pt),
            "toc_heading": (layout.toc_heading_font, layout.body_size, "center", True, 0, layout.line_spacing_pt),
            "toc": (layout.body_font, layout.body_size, layout.body_align, False, layout.first_line_chars, layout.line_spacing_pt),
            "column": (layout.column_font, layout.body_size, layout.body_align, False, 0, layout.line_spacing_pt),
            "title": (layout.title_font, layout.title_size, "center", False, 0,
                      max(layout.line_spacing_pt, layout.title_size * 1.3)),
            "body": (layout.body_font, layout.body_size, layout.body_align, False, layout.first_line_chars, layout.line_spacing_pt),
            "source": (layout.source_font, layout.body_size, "right", False, 0, layout.line_spacing_pt),
        }
        styles: dict[str, Any] = {}
        for key, (font, size, align, bold, indent, line) in specs.items():
            style = self.doc.styles.add_style(STYLE_NAMES[key], WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self.doc.styles["Normal"]
            style.quick_style = True
            style.font.size = Pt(size)
            style.font.bold = bold
            ooxml.set_style_fonts(style, latin=layout.latin_font, east_asia=font)
            ooxml.set_style_language(style)
            style.paragraph_format.alignment = self.align[align]
            ooxml.set_style_exact_spacing(style, line, after_pt=layout.paragraph_spacing_pt if key in ("body", "toc")
                                          else 0)
            if indent:
                ooxml.set_first_line_indent_chars_on_style(style, indent, size)
            styles[key] = style
        # A column label or a title never stands alone at the foot of a page; a wrapped title's
        # lines keep together at the title's own spacing (off the document grid).
        for key, keeping in KEEPING.items():
            ooxml.set_style_keeping(styles[key], **keeping)
        styles["title"].next_paragraph_style = styles["body"]
        styles["column"].next_paragraph_style = styles["title"]
        styles["toc_heading"].next_paragraph_style = styles["toc"]
        return styles

    def _runs(self, text: str, *, font: str, size: float, bold: bool = False) -> list[str]:
        """A text as runs; CJK quotes and dashes get the Chinese font for their Latin slot too,
        so every program sets them full-width (Word and LibreOffice pick fonts differently).
        The dashes of `——` are kept apart by a zero-width non-joiner: in Chinese text a CJK
        font may join them into one two-em glyph, whose Unicode map PDF rewriters (Ghostscript)
        turn into `一`; readers drop the joiner."""
        runs = []
        text = _XML_UNSAFE_RE.sub("", text).replace("——", "—\u200c—")
        for segment in _FULLWIDTH_PUNCT_RE.split(text):
            if segment:
                latin = font if _FULLWIDTH_PUNCT_RE.fullmatch(segment) else self.layout.latin_font
                runs.append(ooxml.run_xml(segment, latin=latin, east_asia=font, size_pt=size, bold=bold))
        return runs

    def _paragraph(self, runs: list[str], *, style: str, size: float | None = None, align: str | None = None,
                   indent: bool = False, spacing: float | None = None, **extra: Any) -> str:
        """A paragraph in one of the named styles; `indent` marks body paragraphs (first-line
        indent, paragraph spacing). The style's values are repeated on the paragraph and its
        runs, so that every program shows them, whatever it makes of styles. `extra` goes to
        `ooxml.paragraph_xml` (bookmark, page break before, tab stop, …)."""
        layout = self.layout
        size = size or layout.body_size
        return ooxml.paragraph_xml(
            runs, style_id=self.styles[style].style_id, align=align or layout.body_align,
            line_pt=spacing or max(layout.line_spacing_pt, size * 1.3),
            after_pt=extra.pop("after_pt", layout.paragraph_spacing_pt if indent else 0),
            first_line_chars=layout.first_line_chars if indent else 0, size_pt=size,
            **{**KEEPING.get(style, {}), **extra})

    def paragraph(self, text: str = "", *, style: str = "body", font: str | None = None, size: float | None = None,
                  align: str | None = None, bold: bool = False, indent: bool = False, spacing: float | None = None) -> Any:
        """A paragraph put in the document now (the masthead and 目录提要, which others edit)."""
        from docx.text.paragraph import Paragraph

        size = size or self.layout.body_size
        runs = self._runs(text, font=font or self.layout.body_font, size=size, bold=bold) if text else []
        p = ooxml.element(self._paragraph(runs, style=style, size=size, align=align, indent=indent, spacing=spacing))
        self._end.addprevious(p)
        return Paragraph(p, self.doc._body)

    def run(self, paragraph: Any, text: str, *, font: str, size: float, bold: bool = False) -> Any:
        from docx.text.run import Run

        first = None
        for xml in self._runs(text, font=font, size=size, bold=bold):
            r = ooxml.element(xml)
            paragraph._p.append(r)
            first = first or Run(r, paragraph)
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
            p = self.paragraph(style="name", align="center", size=layout.name_size, spacing=layout.name_size * 1.5)
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
            self.paragraph(text, style="numbers", align="center")
        p = self.paragraph(style="issuer", align="left")
        ooxml.add_right_tab(p, layout.text_width_mm)
        self.run(p, (m.issuer or "") + ("\t" + _date_text(m.date) if m.date else ""), font=layout.body_font,
                 size=layout.body_size)
        ooxml.set_bottom_border(p, color=layout.red, size_eighths=layout.rule_size_eighths)

    def highlights(self, issue: Issue) -> None:
        layout = self.layout
        if not issue.toc:
            return
        self.paragraph(layout.toc_heading, style="toc_heading", font=layout.toc_heading_font, align="center", bold=True)
        for item in issue.toc:
            self.paragraph(layout.toc_bullet + item, style="toc", indent=True)
        if layout.page_break_after_toc and issue.articles:
            ooxml.add_page_break(self.paragraph(style="toc"))

    def detached(self, build: Callable[[], None]) -> list[Any]:
        """The paragraphs `build` puts in the document (the masthead, 目录提要), taken out again:
        a year volume streams them like the articles."""
        body = self._end.getparent()
        start = body.index(self._end)
        build()
        made = list(body[start:body.index(self._end)])
        for element in made:
            body.remove(element)
        return made

    def articles(self, issue: Issue, bookmarks: Sequence[tuple[int, str]] = ()) -> Iterator[str]:
        """The articles' paragraphs as text, streamed into the file by `bytes`; `bookmarks`
        (id, name) mark the titles of the first articles (a volume's contents point at them)."""
        layout = self.layout
        column = None
        for j, article in enumerate(issue.articles):
            if article.column and article.column != column:
                yield self._paragraph(self._runs(f"【{article.column}】", font=layout.column_font, size=layout.body_size),
                                      style="column")
            column = article.column
            yield self._paragraph(self._runs(article.title, font=layout.title_font, size=layout.title_size),
                                  style="title", size=layout.title_size, align="center",
                                  bookmark=bookmarks[j] if j < len(bookmarks) else None)
            for k, text in enumerate(article.paragraphs):
                runs = self._runs(text, font=layout.body_font, size=layout.body_size)
                if article.source and k == len(article.paragraphs) - 1 and not layout.source_own_line:
                    runs += self._runs(f"（{article.source}）", font=layout.source_font, size=layout.body_size)
                yield self._paragraph(runs, style="body", indent=True)
            if article.source and (layout.source_own_line or not article.paragraphs):
                yield self._paragraph(self._runs(f"（{article.source}）", font=layout.source_font,
                                                 size=layout.body_size), style="source", align="right")

    def package(self, issue: Issue) -> None:
        """The file's own facts: core properties (title, author, dates), the company, the font
        table with fall-backs; none of python-docx's template left (thumbnail, description)."""
        m = Masthead.from_dict({k: _xml_safe(v) for k, v in issue.masthead.to_dict().items()})
        self.package_facts(" ".join(part for part in (m.name or "", m.label()) if part), m.issuer)

    def package_facts(self, title: str, issuer: str | None) -> None:
        from datetime import datetime, timezone

        layout = self.layout
        title, issuer = _xml_safe(title), _xml_safe(issuer)
        now = datetime.now(timezone.utc).replace(microsecond=0)
        core = self.doc.core_properties
        core.title = title
        core.author = core.last_modified_by = issuer or ""
        core.comments = core.subject = core.keywords = core.category = ""
        core.created = core.modified = now
        core.revision = 1
        core.language = ooxml.LANG_EAST_ASIA
        ooxml.replace_part_blob(self.doc, "/docProps/app.xml", ooxml.app_properties_xml(issuer or ""))
        ooxml.drop_package_relationship(self.doc, "/metadata/thumbnail")
        used = [layout.latin_font, layout.body_font, layout.title_font, layout.name_font, layout.column_font,
                layout.toc_heading_font, layout.source_font, layout.page_number_font]
        fonts = [font_facts(name) for name in dict.fromkeys(used)]
        ooxml.replace_part_blob(self.doc, "/word/fontTable.xml", ooxml.font_table_xml(fonts))

    def bytes(self, streamed: Iterable[str] = ()) -> bytes:
        """The DOCX: python-docx writes the package, and `streamed` paragraphs take the place of
        the marker paragraph in `word/document.xml`, written chunk by chunk into the zip."""
        out = io.BytesIO()
        self.save(out, streamed)
        return out.getvalue()

    def save(self, out: BinaryIO, streamed: Iterable[str] = ()) -> None:
        """The DOCX written to a file as `bytes` makes it: a volume of hundreds of issues goes
        to the file as it is made, never whole in memory."""
        marker = self.paragraph(_MARKER, style="body")
        buffer = io.BytesIO()
        self.doc.save(buffer)
        marker._p.getparent().remove(marker._p)
        with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                if info.filename != "word/document.xml":
                    target.writestr(entry, data)
                    continue
                at = data.index(_MARKER.encode())
                start = max(data.rfind(b"<w:p>", 0, at), data.rfind(b"<w:p ", 0, at))
                end = data.index(b"</w:p>", at) + len(b"</w:p>")
                with target.open(entry, "w") as part:
                    part.write(data[:start])
                    pending: list[str] = []
                    size = 0
                    for chunk in streamed:
                        pending.append(chunk)
                        size += len(chunk)
                        if size >= _WRITE_CHARS:
                            part.write("".join(pending).encode("utf-8"))
                            pending, size = [], 0
                    part.write("".join(pending).encode("utf-8"))
                    part.write(data[end:])


def _xml_safe(text: Any) -> Any:
    """A masthead value with the characters XML cannot hold dropped (numbers pass as they are)."""
    return _XML_UNSAFE_RE.sub("", text) if isinstance(text, str) else text


def issue_to_docx(issue: Issue, layout: Layout = DEFAULT_LAYOUT) -> bytes:
    writer = _Writer(layout)  # text XML cannot hold is dropped where it is written (_runs, package)
    writer.package(issue)
    writer.footers()
    writer.masthead(issue)
    writer.highlights(issue)
    return writer.bytes(writer.articles(issue))
