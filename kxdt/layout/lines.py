"""Positioned runs -> lines on one baseline (`RawLine`), and the usual pitch between them.
Backend-blind: PDF text layers (both backends) and OCR boxes give the same runs."""

from __future__ import annotations

import itertools
from collections import Counter
from functools import cached_property

from ..records import Run
from .params import SAME_LINE


class RawLine:
    """Runs on one baseline; the derived values are computed once (layout reads them often)."""

    def __init__(self, runs: list[Run]) -> None:
        self.runs = runs

    @cached_property
    def text(self) -> str:
        return "".join(run.text for run in sorted(self.runs, key=lambda r: r.x)).replace("\n", "")

    @cached_property
    def x0(self) -> float:
        return min(r.x for r in self.runs)

    @cached_property
    def x1(self) -> float:
        return max(r.right for r in self.runs)

    @cached_property
    def size(self) -> float:
        counts: Counter[float] = Counter()
        for r in self.runs:
            counts[round(r.size, 1)] += len(r.text.strip())
        return counts.most_common(1)[0][0]

    @cached_property
    def bold(self) -> bool:
        heavy = sum(len(r.text.strip()) for r in self.runs if r.bold)
        return heavy * 2 > sum(len(r.text.strip()) for r in self.runs)


def group_lines(runs: list[Run]) -> list[RawLine]:
    lines: list[RawLine] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x)):
        if lines and abs(lines[-1].runs[0].y - run.y) <= SAME_LINE * max(run.size, lines[-1].runs[0].size):
            lines[-1].runs.append(run)
        else:
            lines.append(RawLine([run]))
    return lines


def line_pitch(blocks: list[list[RawLine]], body_size: float) -> float | None:
    """The usual distance between the baselines of consecutive body lines (of each block of
    lines read together)."""
    gaps: Counter[float] = Counter()
    for block in blocks:
        for above, below in itertools.pairwise(block):
            if abs(above.size - body_size) < 0.6 and abs(below.size - body_size) < 0.6:
                gaps[round(above.runs[0].y - below.runs[0].y, 1)] += 1
    return gaps.most_common(1)[0][0] if gaps else None
