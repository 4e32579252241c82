"""年度汇编 as one DOCX in the office's layout: a cover, the contents of the volume (each issue and
its articles with page numbers, and what the numbering says is missing), every issue on pages
of its own with its masthead, and an index of source units.

Page numbers in the contents and the index are PAGEREF fields pointing at bookmarks on each
masthead and title: the program that lays the document out (Word, WPS, LibreOffice) fills them
in; the fields are marked for update, so Word does it when it opens the file. The cover and the
contents are a section of their own, numbered in Roman numerals; the issues and the index are
numbered from 1 through the volume. Everything after python-docx's package is streamed into
`word/document.xml`: the file is written as the issues are read, one at a time.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from copy import deepcopy
from datetime import date as Date
from typing import Any, BinaryIO

from ..archive.volume import Volume, VolumeIssue
from ..model import Issue
from ..text.patterns import split_supplement
from . import ooxml
from .docx import _Writer, _xml_safe
from .layout import DEFAULT_LAYOUT, Layout

CONTENTS_HEADING = "目　录"
INDEX_HEADING = "来源单位索引"
INDEX_NOTE = "单位按供稿篇数排列，页码为本汇编的页码。"
# Contents and index lines: 四号 (14 pt) on exact 24 pt lines, articles indented two characters.
LIST_SIZE = 14.0
LIST_LINE_PT = 24.0
ARTICLE_INDENT_CHARS = 2
# The cover: the name in red, 42 pt, well down the page; the volume's title in 一号 (26 pt).
COVER_TOP_PT = 80.0
COVER_NAME_SIZE = 42.0
COVER_TITLE_SIZE = 26.0
COVER_GAP_PT = 36.0
COVER_ISSUER_GAP_PT = 150.0
# What a page reference shows until the program laying the document out has filled it in.
PAGE_PLACEHOLDER = "?"
FRONT_PAGE_NUMBERS = "upperRoman"
BOOKMARK = "_kxdt_{k}"  # an issue's masthead; its articles' titles: `_kxdt_{k}_{j}`


def _date_text(iso: str | None) -> str:
    if not iso:
        return ""
    d = Date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def issue_bookmark(k: int) -> str:
    return BOOKMARK.format(k=k)


def article_bookmark(k: int, j: int) -> str:
    return f"{BOOKMARK.format(k=k)}_{j}"


class _VolumeWriter:
    def __init__(self, writer: _Writer, volume: Volume) -> None:
        self.w = writer
        self.layout = writer.layout
        self.volume = volume
        self.ids = itertools.count(1)
        self.tab_twips = round(self.layout.text_width_mm * ooxml.TWIPS_PER_MM)

    # -- pieces ---------------------------------------------------------------------------
    def _text(self, text: str, *, font: str | None = None, size: float = LIST_SIZE, bold: bool = False) -> list[str]:
        return self.w._runs(text, font=font or self.layout.body_font, size=size, bold=bold)

    def _line(self, runs: list[str], *, indent: float = 0, size: float = LIST_SIZE, **extra: Any) -> str:
        return self.w._paragraph(runs, style="toc", size=size, align="left", spacing=LIST_LINE_PT, left_chars=indent,
                                 **extra)

    def _page_ref(self, bookmark: str, *, bold: bool = False) -> str:
        properties = ooxml.run_properties_xml(latin=self.layout.latin_font, east_asia=self.layout.body_font,
                                              size_pt=LIST_SIZE, bold=bold)
        return ooxml.page_ref_xml(bookmark, run_properties=properties, placeholder=PAGE_PLACEHOLDER)

    def _entry(self, text: str, bookmark: str, *, indent: float, bold: bool, font: str | None = None,
               keep_next: bool = False) -> str:
        """A contents line: the text, a dotted leader to the right margin, the page number."""
        runs = [*self._text(text + "\t", font=font, bold=bold), self._page_ref(bookmark, bold=bold)]
        return self._line(runs, indent=indent, right_tab_twips=self.tab_twips, leader="dot", keep_next=keep_next)

    def _heading(self, text: str) -> str:
        layout = self.layout
        return self.w._paragraph(self._text(text, font=layout.toc_heading_font, size=layout.title_size),
                                 style="toc_heading", size=layout.title_size, align="center", page_break_before=True,
                                 keep_next=True, after_pt=layout.line_spacing_pt / 2)

    # -- the parts of the volume ----------------------------------------------------------------
    def cover(self) -> Iterator[str]:
        layout, volume = self.layout, self.volume
        if volume.name:
            name = ooxml.run_xml(_xml_safe(volume.name), latin=layout.name_font, east_asia=layout.name_font,
                                 size_pt=COVER_NAME_SIZE, bold=True, color=layout.red,
                                 char_spacing_pt=COVER_NAME_SIZE * 0.2 if layout.letter_space_name else 0)
            yield self.w._paragraph([name], style="name", size=COVER_NAME_SIZE, align="center",
                                    spacing=COVER_NAME_SIZE * 1.4, before_pt=COVER_TOP_PT)
        yield self.w._paragraph(self._text(volume.title, font=layout.title_font, size=COVER_TITLE_SIZE),
                                style="title", size=COVER_TITLE_SIZE, align="center", before_pt=COVER_GAP_PT)
        specials = Counter(word for word in (split_supplement(i.record.name)[1] for i in volume.issues) if word)
        count = f"共{len(volume.issues)}期" + \
                (f"（含{'、'.join(f'{word}{n}期' for word, n in specials.items())}）" if specials else "") + \
                f"　文章{volume.articles}篇"
        span = "至".join(dict.fromkeys(_date_text(d) for d in (volume.first_date, volume.last_date) if d))
        for k, text in enumerate(t for t in (span, count) if t):
            yield self.w._paragraph(self._text(text, size=layout.body_size), style="numbers", align="center",
                                    before_pt=COVER_GAP_PT if k == 0 else 0)
        if volume.issuer:
            yield self.w._paragraph(self._text(volume.issuer, size=layout.body_size), style="numbers",
                                    align="center", before_pt=COVER_ISSUER_GAP_PT)

    def contents(self) -> Iterator[str]:
        volume = self.volume
        yield self._heading(CONTENTS_HEADING)
        if volume.gaps:
            yield self._line(self._text("本汇编缺" + "、".join(volume.gaps) + "。"))
        for k, entry in enumerate(volume.issues):
            yield self._entry(self._issue_line(entry), issue_bookmark(k), indent=0, bold=True,
                              font=self.layout.column_font, keep_next=bool(entry.articles))
            for j, article in enumerate(entry.articles):
                yield self._entry(article.title, article_bookmark(k, j), indent=ARTICLE_INDENT_CHARS, bold=False)

    @staticmethod
    def _issue_line(entry: VolumeIssue) -> str:
        return "　".join(part for part in (entry.label, _date_text(entry.record.date)) if part)

    def front_section_end(self) -> str:
        """The cover and contents end their section: Roman page numbers, none on the cover."""
        sect_pr = deepcopy(self.w.section._sectPr)
        ooxml.set_page_numbering(sect_pr, start=1, fmt=FRONT_PAGE_NUMBERS)
        ooxml.set_title_page(sect_pr)
        return ooxml.section_end_xml(sect_pr)

    def issue(self, k: int, issue: Issue) -> Iterator[str]:
        """One issue as printed — masthead, 目录提要, articles — from a new page, bookmarked."""
        w = self.w
        def build() -> None:
            w.masthead(issue)
            w.highlights(issue)

        made = w.detached(build)
        if made:
            ooxml.mark_paragraph(made[0], bookmark=(next(self.ids), issue_bookmark(k)), page_break_before=k > 0)
        for element in made:
            yield ooxml.xml_text(element)
        marks = [(next(self.ids), article_bookmark(k, j)) for j in range(len(issue.articles))]
        if not made and marks:  # an issue without a masthead: its first title starts the page
            marks[0] = (marks[0][0], issue_bookmark(k))
        yield from w.articles(issue, bookmarks=marks)

    def index(self) -> Iterator[str]:
        """Each unit (most articles first), then its articles: issue, title, page."""
        volume = self.volume
        if not volume.units:
            return
        yield self._heading(INDEX_HEADING)
        yield self._line(self._text(INDEX_NOTE))
        for entry in volume.units:
            yield self._line(self._text(f"{entry.unit}（{len(entry.places)}篇）", font=self.layout.column_font,
                                        bold=True), keep_next=True)
            for k, j in entry.places:
                issue = volume.issues[k]
                yield self._entry(f"{issue.short_label}　{issue.articles[j].title}", article_bookmark(k, j),
                                  indent=ARTICLE_INDENT_CHARS, bold=False)


def write_volume(out: BinaryIO, volume: Volume, issues: Iterable[Issue], layout: Layout = DEFAULT_LAYOUT) -> None:
    """The volume's DOCX written to `out`; `issues` are the volume's issues in its order, read
    one at a time while the file is written."""
    writer = _Writer(layout)
    writer.package_facts(" ".join(part for part in (volume.name or "", volume.title) if part), volume.issuer)
    writer.footers()
    ooxml.request_field_update(writer.doc)
    parts = _VolumeWriter(writer, volume)
    front_end = parts.front_section_end()
    ooxml.set_page_numbering(writer.section, start=1, fmt="decimal")

    def stream() -> Iterator[str]:
        yield from parts.cover()
        yield from parts.contents()
        yield front_end
        for k, issue in enumerate(issues):
            yield from parts.issue(k, issue)
        yield from parts.index()

    writer.save(out, stream())
