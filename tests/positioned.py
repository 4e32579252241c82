"""Issues typeset here into columns of positioned runs, as a PDF's text layer gives them: a masthead
across the page (name, numbers, issuer left and date right, 目录提要), then the articles flowing
down the columns and on to the next page, titles larger and centred in their column, paragraphs
hard-wrapped with a two-character indent, `- n -` at each page's foot. Our own writer of runs, for
round trips of generated issues through the page layout; other programs' PDFs are in producers.py."""

from __future__ import annotations

from bulletins import body_parts, em, wrap

from kxdt.model import Issue
from kxdt.records import Run

SIZE, TITLE, NAME = 12.0, 16.0, 24.0
PITCH, TITLE_PITCH = 1.5 * SIZE, 1.6 * TITLE
LEFT, TOP, BOTTOM = 50.0, 790.0, 60.0
COLUMN_EM, GAP_EM = 14, 2


def _width(text: str, size: float) -> float:
    return sum(em(ch) for ch in text) * size


class _Typesetter:
    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.block = columns * COLUMN_EM * SIZE + (columns - 1) * GAP_EM * SIZE
        self.pages: list[list[Run]] = [[]]
        self.y = TOP
        self.column, self.top = 0, TOP

    def put(self, text: str, x: float, size: float) -> None:
        self.pages[-1].append(Run(text, x, self.y, size, len(self.pages) - 1, end=x + _width(text, size)))

    def centred(self, text: str, size: float, x0: float, width: float) -> None:
        self.put(text, x0 + (width - _width(text, size)) / 2, size)

    def down(self, step: float) -> None:
        self.y -= step

    def foot(self) -> None:
        text = f"- {len(self.pages)} -"
        self.pages[-1].append(Run(text, LEFT + (self.block - _width(text, SIZE)) / 2, BOTTOM - 2 * PITCH, SIZE,
                                  len(self.pages) - 1))

    def column_x(self, step: float) -> float:
        """Where the next line of the flowing text starts (the next column, or page, when full)."""
        if self.y - step < BOTTOM:
            self.column += 1
            if self.column == self.columns:
                self.foot()
                self.pages.append([])
                self.column, self.top = 0, TOP
            self.y = self.top
        return LEFT + self.column * (COLUMN_EM + GAP_EM) * SIZE


def in_columns(issue: Issue, columns: int = 2) -> list[list[Run]]:
    """The issue's pages as runs: the masthead across the columns, the articles in `columns`."""
    page = _Typesetter(columns)
    m = issue.masthead
    assert m.date is not None
    year, month, day = (int(part) for part in m.date.split("-"))
    page.centred(m.name or "", NAME, LEFT, page.block)
    page.down(2.2 * NAME)
    page.centred(f"{m.year}年第{m.number}期（总第{m.total}期）", SIZE, LEFT, page.block)
    page.down(PITCH)
    date = f"{year}年{month}月{day}日"
    page.put(m.issuer or "", LEFT, SIZE)
    page.put(date, LEFT + page.block - _width(date, SIZE), SIZE)
    page.down(2 * PITCH)
    page.centred("目录提要", SIZE, LEFT, page.block)
    page.down(PITCH)
    for item in issue.toc:
        for line in wrap("●" + item, page.block / SIZE):
            page.put(line, LEFT, SIZE)
            page.down(PITCH)
    page.down(PITCH)
    page.top = page.y
    for kind, text in body_parts(issue):
        if kind == "title":
            for line in wrap(text, COLUMN_EM * SIZE / TITLE):
                page.centred(line, TITLE, page.column_x(TITLE_PITCH), COLUMN_EM * SIZE)
                page.down(TITLE_PITCH)
        elif kind == "column":
            page.put(f"【{text}】", page.column_x(PITCH), SIZE)
            page.down(PITCH)
        else:
            for k, line in enumerate(wrap(text, COLUMN_EM, first_indent=2)):
                page.put(line, page.column_x(PITCH) + (2 * SIZE if k == 0 else 0), SIZE)
                page.down(PITCH)
    page.foot()
    return page.pages
