"""A page's text regions in reading order: columns found from their gutters, and the bands that
span them (a masthead, a title across both columns) read before and after the columns they cut.

A recursive XY-cut in the manner of pdfminer.six's text boxes and Breuel's whitespace cover, but
cautious about its vertical cuts: a gutter is white space at least MIN_GUTTER_EM wide that runs
down through consecutive lines with text on both sides of it, so the gap between a masthead's
issuer and its date on one line is no gutter, while the two cells of a table row wrapping onto
two lines are read cell by cell. Lines crossing every gutter are bands. Each side of a gutter is
segmented again (pages on a sheet, each in columns). Every region carries the frame its lines are
measured against (a column's own margins), so indents and widths mean what they mean in print.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from ..records import Run
from .lines import RawLine, group_lines
from .params import (
    BAND_GAP_EM,
    LEADING_SLACK,
    MAX_CLEAR_COLUMNS,
    MAX_DEPTH,
    MIN_COLUMN_LINES,
    MIN_GUTTER_EM,
    MIN_SIDE_LINES,
    OVERLAP_SHARE,
)

Interval = tuple[float, float]


@dataclass
class Region:
    """Lines read together, and the frame (left and right margin) they are measured against;
    None where the page's own frame applies."""

    lines: list[RawLine]
    left: float | None = None
    right: float | None = None
    side_by_side: int = 1  # how many regions stand side by side here (1 for a band)


@dataclass
class Page:
    """A page as read: its regions in reading order, its printed number, its place on the sheet
    (0 for a page of its own; 0, 1, … for pages side by side), and all its lines top to bottom."""

    regions: list[Region]
    number: int | None = None
    slot: int = 0
    rows: list[RawLine] = field(default_factory=list)


@dataclass(frozen=True)
class Stretch:
    """Consecutive lines `start:stop` that a gutter runs down through."""

    start: int
    stop: int
    gutter: Interval


def text_size(lines: list[RawLine]) -> float:
    """The size most of the lines' text is set in."""
    counts: Counter[float] = Counter()
    for line in lines:
        counts[line.size] += len(line.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def fragments(line: RawLine, gap: float) -> list[Interval]:
    """The pieces of a line: its runs joined where they are less than `gap` apart."""
    out: list[list[float]] = []
    for run in sorted(line.runs, key=lambda r: r.x):
        right = run.right
        if out and run.x - out[-1][1] < gap:
            out[-1][1] = max(out[-1][1], right)
        else:
            out.append([run.x, right])
    return [(a, b) for a, b in out]


def _free(pieces: list[Interval], lo: float, hi: float) -> list[Interval]:
    out = []
    at = lo
    for a, b in pieces:
        if a > at:
            out.append((at, a))
        at = max(at, b)
    if at < hi:
        out.append((at, hi))
    return out


def _intersect(a: list[Interval], b: list[Interval], need: float) -> list[Interval]:
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi - lo >= need:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def find_stretches(rows: list[RawLine], em: float, *, trim: bool = True) -> list[Stretch]:
    """Runs of consecutive lines with a gutter down through them, top to bottom (`trim`: lines
    at the top that only the left side has, above where the right side starts, are left out)."""
    if len(rows) < MIN_SIDE_LINES:
        return []
    need = MIN_GUTTER_EM * em
    pieces = [fragments(row, need) for row in rows]
    # A gutter has text on both sides: it lies at least an em inside the outermost text, so a
    # line reaching across that span (most lines of a one-column page) leaves nothing open.
    lo = min(p[0][0] for p in pieces) + em
    hi = max(p[-1][1] for p in pieces) - em
    free = [[iv for iv in _free(p, lo, hi) if iv[1] - iv[0] >= need] for p in pieces]
    stretches: list[Stretch] = []
    i = 0
    while i < len(rows) - 1:
        open_ = free[i]
        j = i + 1
        while j < len(rows) and open_:
            if rows[j - 1].runs[0].y - rows[j].runs[0].y > BAND_GAP_EM * em:
                break  # white across the whole width: what follows is read after
            narrowed = _intersect(open_, free[j], need)
            if not narrowed:
                break
            open_ = narrowed
            j += 1
        stretch = _validated(rows, pieces, i, j, open_, em, trim) if open_ and j - i >= MIN_SIDE_LINES else None
        if stretch is None:
            i += 1
        else:
            stretches.append(stretch)
            i = stretch.stop
    return stretches


def _validated(rows: list[RawLine], pieces: list[list[Interval]], i: int, j: int, open_: list[Interval],
               em: float, trim: bool) -> Stretch | None:
    """The stretch of lines i:j with its gutter, when one of the open intervals has text on both
    sides in enough lines. Lines at its top that only the left side has, above where the right
    side starts, belong to the band above (text before the columns begin: a list of highlights
    ends left of the gutter)."""
    best: tuple[float, Stretch] | None = None
    for a, b in open_:
        left = [k for k in range(i, j) if pieces[k][0][0] < a]
        right = [k for k in range(i, j) if pieces[k][-1][1] > b]
        if len(left) < MIN_SIDE_LINES or len(right) < MIN_SIDE_LINES:
            continue
        start = i
        if trim and right[0] > left[0]:
            top = rows[right[0]].runs[0].y + LEADING_SLACK * em
            start = next(k for k in range(i, right[0] + 1) if rows[k].runs[0].y <= top)
        count = j - start
        if count < MIN_SIDE_LINES:
            continue
        both = sum(1 for k in range(start, j) if pieces[k][0][0] < a and pieces[k][-1][1] > b)
        if count < MIN_COLUMN_LINES and both < count:
            continue  # a short stretch is a table row: both cells in every line
        if best is None or b - a > best[0]:
            best = (b - a, Stretch(start, j, (a, b)))
    return best[1] if best else None


def segment(rows: list[RawLine], left: float | None = None, right: float | None = None,
            depth: int = 0) -> list[Region]:
    """The regions of a page (or of one side of a gutter) in reading order."""
    if not rows:
        return []
    stretches = find_stretches(rows, text_size(rows)) if depth < MAX_DEPTH else []
    if not stretches:
        return [Region(rows, left, right)]
    out: list[Region] = []
    at = 0
    for stretch in stretches:
        if stretch.start > at:
            out.append(Region(rows[at : stretch.start], left, right))
        out += split_stretch(rows[stretch.start : stretch.stop], stretch.gutter, left, right, depth)
        at = stretch.stop
    if at < len(rows):
        out.append(Region(rows[at:], left, right))
    return out


def sides(rows: list[RawLine], gutter: Interval) -> tuple[list[Run], list[Run]]:
    """The runs of the lines left and right of a gutter."""
    middle = (gutter[0] + gutter[1]) / 2
    left = [run for row in rows for run in row.runs if run.x < middle]
    right = [run for row in rows for run in row.runs if run.x >= middle]
    return left, right


def split_stretch(rows: list[RawLine], gutter: Interval, left: float | None, right: float | None,
                  depth: int) -> list[Region]:
    """The columns of a stretch, left one first, each segmented again within its own frame."""
    runs_left, runs_right = sides(rows, gutter)
    first = segment(group_lines(runs_left), left, gutter[0], depth + 1)
    second = segment(group_lines(runs_right), gutter[1], right, depth + 1)
    across = max(r.side_by_side for r in first) + max(r.side_by_side for r in second)
    for region in first + second:
        region.side_by_side = max(region.side_by_side, across)
    return first + second


def unclear(regions: list[Region]) -> bool:
    """More regions side by side than a reader can be sure of the order of."""
    return any(r.side_by_side > MAX_CLEAR_COLUMNS for r in regions)


def overlapping(rows: list[RawLine]) -> bool:
    """Text drawn over other text on one line (two runs of different text over the same place):
    the order may be wrong."""
    for row in rows:
        runs = sorted(row.runs, key=lambda r: r.x)
        for a, b in itertools.pairwise(runs):
            overlap = min(a.right, b.right) - b.x
            narrower = min(a.right - a.x, b.right - b.x)
            if (narrower > 0 and overlap > OVERLAP_SHARE * narrower and a.text.strip() != b.text.strip()
                    and len(a.text.strip()) > 1 and len(b.text.strip()) > 1):
                return True
    return False
