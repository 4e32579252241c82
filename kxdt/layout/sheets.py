"""Sheets holding several pages: two side by side (`pdfjam --nup 2x1`, pdfpages, a landscape print
of two pages) or two rows of two. Recognised by page-sized halves: a gutter down through every
line of the sheet near the middle of its text, on a text block wider than tall (two rows of two:
two such blocks, one above the other, with white across the sheet between them). Each page is
then read as a page of its own, in the order the sheet holds them."""

from __future__ import annotations

from .lines import RawLine, group_lines
from .params import SHEET_ASPECT, SHEET_CENTRE
from .regions import find_stretches, sides, text_size


def split_sheet(rows: list[RawLine]) -> list[list[RawLine]] | None:
    """The pages on a sheet, each as its lines (top to bottom), in reading order; None when the
    page is one page (in one column or several)."""
    if len(rows) < 4:
        return None
    em = text_size(rows)
    stretches = find_stretches(rows, em, trim=False)
    if not stretches or len(stretches) > 2 or sum(s.stop - s.start for s in stretches) < len(rows):
        return None  # a line across the middle (a masthead over columns): one page
    lo, hi = min(r.x0 for r in rows), max(r.x1 for r in rows)
    width, height = hi - lo, rows[0].runs[0].y - rows[-1].runs[0].y + em
    centre = (lo + hi) / 2
    if any(abs((a + b) / 2 - centre) > SHEET_CENTRE * width for a, b in (s.gutter for s in stretches)):
        return None
    halves = [sides(rows[s.start : s.stop], s.gutter) for s in stretches]
    if width >= SHEET_ASPECT * height:  # two pages side by side
        return [group_lines([run for half in halves for run in half[0]]),
                group_lines([run for half in halves for run in half[1]])]
    if len(stretches) == 2:  # two rows of two pages
        return [group_lines(part) for half in halves for part in half]
    return None
