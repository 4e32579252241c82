"""Sheets holding several pages: two side by side (`pdfjam --nup 2x1`, pdfpages, a landscape print
of two pages) or two rows of two. Recognised by page-sized halves: a gutter near the middle of
the sheet's text that no line crosses (the pages' own page numbers stand on either side of it),
on a text block wider than tall; two rows of two also have white across the sheet between the
rows. Each page is then read as a page of its own, in the order the sheet holds them."""

from __future__ import annotations

import itertools

from ..records import Run
from .gutters import Sweep, text_size
from .lines import RawLine, group_lines
from .params import BAND_GAP_EM, MIN_SIDE_LINES, SHEET_ASPECT, SHEET_CENTRE, SHEET_ROWS_GAP


def split_sheet(rows: list[RawLine], sweep: Sweep | None = None) -> list[list[RawLine]] | None:
    """The pages on a sheet, each as its lines (top to bottom), in reading order; None when the
    page is one page (in one column or several). `sweep`: the page's, when made already."""
    if len(rows) < 2 * MIN_SIDE_LINES:
        return None
    em = sweep.em if sweep else text_size(rows)
    lo, hi = min(r.x0 for r in rows), max(r.x1 for r in rows)
    width, height = hi - lo, rows[0].runs[0].y - rows[-1].runs[0].y + em
    centre = (lo + hi) / 2
    # two rows of two: the widest white between lines, near the sheet's middle height
    gaps = [(above.runs[0].y - below.runs[0].y, k + 1) for k, (above, below) in enumerate(itertools.pairwise(rows))]
    gap, cut = max(gaps)
    rows_of_two = gap >= BAND_GAP_EM * em and abs((rows[cut - 1].runs[0].y + rows[cut].runs[0].y) / 2 -
                                                  (rows[0].runs[0].y + rows[-1].runs[0].y) / 2) <= SHEET_ROWS_GAP * height
    side_by_side = width >= SHEET_ASPECT * height
    if not side_by_side and not rows_of_two:
        return None  # a page's shape (the common case: no need to look for gutters)
    middles = sorted(m for s in (sweep or Sweep(rows)).stretches(trim=False)
                     if abs((m := (s.gutter[0] + s.gutter[1]) / 2) - centre) <= SHEET_CENTRE * width)
    if not middles:
        return None
    middle = middles[len(middles) // 2]
    if any(run.x < middle < run.right for row in rows for run in row.runs):
        return None  # a line across the middle (a masthead over columns): one page
    if side_by_side:  # two pages side by side
        return _halves(rows, middle)
    top, bottom = _halves(rows[:cut], middle), _halves(rows[cut:], middle, last=True)
    return top + bottom if top and bottom else None


def _halves(rows: list[RawLine], middle: float, *, last: bool = False) -> list[list[RawLine]]:
    """The lines left and right of the middle, as two pages; none when a side is (nearly) empty,
    except the right one of a sheet's `last` row (the document's pages ran out)."""
    left: list[Run] = [run for row in rows for run in row.runs if run.x < middle]
    right: list[Run] = [run for row in rows for run in row.runs if run.x >= middle]
    pages = [group_lines(left), group_lines(right)]
    if last and len(pages[0]) >= MIN_SIDE_LINES and not pages[1]:
        return pages[:1]
    return pages if all(len(page) >= MIN_SIDE_LINES for page in pages) else []
