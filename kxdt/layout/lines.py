"""Positioned runs -> lines on one baseline -> Line records with indent, width, size and alignment
hints in em, measured against the body text's own margins. Backend-blind: PDF text layers (both
backends) and OCR boxes give the same runs."""

from __future__ import annotations

import itertools
from collections import Counter
from functools import cached_property

from ..records import Line, Run
from .pagenum import page_number
from .params import CENTER_MIN_INSET_EM, CENTER_TOLERANCE_EM, INDENT_MIN_EM, PARAGRAPH_GAP, SAME_LINE


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


def line_pitch(pages: list[list[RawLine]], body_size: float) -> float | None:
    """The usual distance between the baselines of consecutive body lines."""
    gaps: Counter[float] = Counter()
    for page in pages:
        for above, below in itertools.pairwise(page):
            if abs(above.size - body_size) < 0.6 and abs(below.size - body_size) < 0.6:
                gaps[round(above.runs[0].y - below.runs[0].y, 1)] += 1
    return gaps.most_common(1)[0][0] if gaps else None


def hinted_lines(pages: list[list[RawLine]]) -> list[Line]:
    """Turn positioned lines into Line records with indent/width/alignment in em."""
    body: Counter[float] = Counter()
    for page in pages:
        for line in page:
            body[line.size] += len(line.text)
    body_size = body.most_common(1)[0][0]
    body_lines = [ln for page in pages for ln in page if abs(ln.size - body_size) < 0.6 and len(ln.text) > 4]
    left = Counter(round(ln.x0) for ln in body_lines).most_common(1)[0][0] if body_lines else 0
    ends = sorted(ln.x1 for ln in body_lines)
    right = ends[int(0.9 * (len(ends) - 1))] if ends else left + 28 * body_size
    full = max(1.0, (right - left) / body_size)
    centre = (left + right) / 2
    pitch = line_pitch(pages, body_size)
    out: list[Line] = []
    for index, page in enumerate(pages):
        printed = next((n for n in (page_number(ln.text) for ln in page) if n is not None), None)
        number = printed if printed is not None else index + 1
        for k, ln in enumerate(page):
            # Extra space above a body line starts a paragraph (layouts without indents).
            spaced = (k > 0 and pitch is not None and abs(ln.size - body_size) < 0.6
                      and page[k - 1].runs[0].y - ln.runs[0].y > PARAGRAPH_GAP * pitch)
            em = ln.size if ln.size else body_size
            inset = (ln.x0 - left) / em
            mid = ((ln.x0 + ln.x1) / 2 - centre) / em
            align = None
            if inset >= CENTER_MIN_INSET_EM and abs(mid) <= CENTER_TOLERANCE_EM:
                align = "center"
            elif inset >= CENTER_MIN_INSET_EM and abs(ln.x1 - right) / em <= 1.5 and ln.size <= body_size:
                align = "right"
            out.append(Line(
                text=ln.text,
                page=number,
                indent=(align is None and (INDENT_MIN_EM <= inset < CENTER_MIN_INSET_EM + 1 or spaced))
                if abs(ln.size - body_size) < 0.6 else None,
                width=(ln.x1 - left) / body_size,
                full=round(full, 1),
                size=ln.size,
                align=align,
                bold=ln.bold,
            ))
    return out
