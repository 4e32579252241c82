"""A page's text regions in reading order: columns cut at their gutters (gutters.py), and the bands
that span them (a masthead, a title across both columns) read before and after the columns they
cut — a recursive XY-cut in the manner of pdfminer.six's text boxes, cautious about its vertical
cuts. Each side of a gutter is segmented again (columns within columns). Every region carries the
frame its lines are measured against (a column's own margins), so indents and widths mean what
they mean in print; the cells of a table row are read one after the other, each as a paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..records import Run
from .gutters import Interval, Stretch, Sweep
from .lines import RawLine, group_lines
from .params import MAX_CLEAR_COLUMNS, MAX_DEPTH, MIN_SIDE_LINES, TABLE_MAX_LINES


@dataclass
class Region:
    """Lines read together, and the frame (left and right margin) they are measured against;
    None where the page's own frame applies."""

    lines: list[RawLine]
    left: float | None = None
    right: float | None = None
    side_by_side: int = 1  # how many regions stand side by side here (1 for a band)
    cell: bool = False  # a cell of a table row (its wrapped lines are one paragraph)


@dataclass
class Page:
    """A page as read: its regions in reading order, its printed number, its place on the sheet
    (0 for a page of its own; 0, 1, … for pages side by side), and all its lines top to bottom."""

    regions: list[Region]
    number: int | None = None
    slot: int = 0
    rows: list[RawLine] = field(default_factory=list)


def segment(rows: list[RawLine], left: float | None = None, right: float | None = None, depth: int = 0, *,
            known: Sequence[float] = (), found: list[Stretch] | None = None, sweep: Sweep | None = None) -> list[Region]:
    """The regions of a page (or of one side of a gutter) in reading order; `known`: the middles
    of gutters found on the document's pages; `found`: this page's stretches, when sought already
    (with its `sweep`)."""
    if not rows:
        return []
    stretches = []
    if depth < MAX_DEPTH and len(rows) >= MIN_SIDE_LINES:
        if found is not None and not known:
            stretches = found
        else:
            stretches = (sweep or Sweep(rows)).stretches(known=known, found=found)
    if not stretches:
        return [Region(rows, left, right)]
    out: list[Region] = []
    at = 0
    for stretch in stretches:
        if stretch.start > at:
            out.append(Region(rows[at : stretch.start], left, right))
        # A gutter of its own (no other on the document runs there) down a few lines: a table row.
        table = not stretch.relaxed and sum(stretch.gutter[0] < x < stretch.gutter[1] for x in known) <= 1
        out += split_stretch(rows[stretch.start : stretch.stop], stretch.gutters or (stretch.gutter,), left, right, depth,
                             table=table)
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


def split_stretch(rows: list[RawLine], gutters: Sequence[Interval], left: float | None, right: float | None,
                  depth: int, *, table: bool = False) -> list[Region]:
    """The columns of a stretch, left one first, each segmented again within its own frame; the
    cells of a table row (`table`, with few lines a side) read as one paragraph each."""
    parts: list[list[RawLine]] = []
    rest = rows
    for gutter in gutters:
        before, after = sides(rest, gutter)
        parts.append(group_lines(before))
        rest = group_lines(after)
    parts.append(rest)
    edges = [left, *(x for gutter in gutters for x in gutter), right]
    frames = list(zip(edges[::2], edges[1::2]))
    if table and len(parts) == 2 and max(len(part) for part in parts) <= TABLE_MAX_LINES:
        return [Region(part, a, b, 2, cell=True) for part, (a, b) in zip(parts, frames)]
    columns = [column for part, (a, b) in zip(parts, frames) if (column := segment(part, a, b, depth + 1))]
    across = sum(max(r.side_by_side for r in column) for column in columns)
    regions = [region for column in columns for region in column]
    for region in regions:
        region.side_by_side = max(region.side_by_side, across)
    return regions


def unclear(regions: list[Region]) -> bool:
    """More regions side by side than a reader can be sure of the order of."""
    return any(r.side_by_side > MAX_CLEAR_COLUMNS for r in regions)
