"""The page layout stage: each page's positioned runs -> the pages as a person reads them. Turned
text is set upright, a sheet of two or four pages is split into its pages, page-number lines are
taken out (their number kept), and each page's text is cut into regions in reading order
(columns, the bands across them). Where the order is unclear it says so."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Run
from .gutters import Sweep
from .lines import RawLine, group_lines
from .pagenum import page_number_lines
from .regions import Page, segment, unclear
from .rotation import upright_groups
from .sheets import split_sheet


@dataclass
class Layout:
    pages: list[Page]
    warnings: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[list[RawLine]]:
        """Each page's lines in reading order."""
        return [[line for region in page.regions for line in region.lines] for page in self.pages]


def lay_out(raw_pages: list[list[Run]]) -> Layout:
    """Pages of runs (one list per page of the file) -> pages as read, with warnings."""
    held: list[tuple[int, int, Sweep, list[list[Run]]]] = []  # sheet, place, its lines swept, turned aside
    for index, runs in enumerate(raw_pages):
        groups = upright_groups(runs)
        rows = group_lines(groups[0])
        sweep = Sweep(rows)
        parts = split_sheet(rows, sweep)
        sweeps = [Sweep(part) for part in parts] if parts else [sweep]
        for slot, part in enumerate(sweeps):
            held.append((index, slot, part, groups[1:] if slot == len(sweeps) - 1 else []))
    numbers = page_number_lines([[row.text for row in sweep.rows] for _, _, sweep, _ in held])
    swept = [sweep.without(printed) for (_, _, sweep, _), (_, printed) in zip(held, numbers)]
    _centre_on_the_document(held, swept)
    found = [sweep.stretches() for sweep in swept]
    known: dict[int, list[float]] = {}
    for (_, slot, _, _), stretches in zip(held, found):
        known.setdefault(slot, []).extend((s.gutter[0] + s.gutter[1]) / 2 for s in stretches)
    layout = Layout([])
    for (index, slot, _, aside), (number, _), sweep, stretches in zip(held, numbers, swept, found):
        regions = segment(sweep.rows, known=known[slot], found=stretches, sweep=sweep)
        for group in aside:
            regions += segment(group_lines(group))
        if unclear(regions):
            across = max(r.side_by_side for r in regions)
            layout.warnings.append(f"PDF第{index + 1}页版面复杂（{across}栏并排），已按先左后右、自上而下的顺序读取，请核对")
        elif sweep.overprinted:
            layout.warnings.append(f"PDF第{index + 1}页有文字互相重叠，阅读顺序可能有误，请核对")
        layout.pages.append(Page(regions, number, slot, sweep.rows))
    return layout


def _centre_on_the_document(held: list[tuple[int, int, Sweep, list[list[Run]]]], swept: list[Sweep]) -> None:
    """Lines are centred on the text frame of the document's pages (those in the same place on
    their sheets), not of one page: a masthead page of short contents items still centres its
    headings on the page the body fills."""
    frames: dict[int, tuple[float, float]] = {}
    for (_, slot, _, _), sweep in zip(held, swept):
        if sweep.rows:
            lo, hi = sweep.frame
            known = frames.get(slot)
            frames[slot] = (lo, hi) if known is None else (min(known[0], lo), max(known[1], hi))
    for (_, slot, _, _), sweep in zip(held, swept):
        if sweep.rows:
            sweep.centre = sum(frames[slot]) / 2
