"""Bar charts for the statistics page: the geometry of each bar, drawn as SVG by a template.

Charts are drawn for a phone's width (the viewBox is WIDTH units wide) and scaled up on a
desk; labels are document text and stay text (the template escapes them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.chars import char_em

WIDTH = 360  # viewBox width: a phone's screen, in CSS pixels
FONT = 12  # label size, in viewBox units
# Horizontal bars (units, columns): label column, bar area, one row per item.
LABEL_EM = 8.0  # longest label shown in full, in em (a Han character is 1 em); longer ones end in …
LATIN_EM = 0.62  # a Latin letter, digit or mark in the chart's sans-serif face, in em
BAR_X = 112
BAR_SPAN = 200
ROW = 22
BAR_THICKNESS = 14
MAX_ROWS = 15  # more items than this: the rest are in the table under the chart
# Vertical bars (months, years).
PLOT_LEFT = 8
PLOT_RIGHT = WIDTH - 8
PLOT_TOP = 18
PLOT_HEIGHT = 130
MAX_LABELS = 12  # at most this many labels under the bars; with more bars every k-th is labelled
BAR_FILL = 0.7  # share of its slot a vertical bar fills


@dataclass(frozen=True)
class Bar:
    label: str  # the full label (tooltip, table)
    short: str  # the label as drawn
    value: int
    x: float
    y: float
    width: float
    height: float
    show_label: bool = True


@dataclass(frozen=True)
class Chart:
    title: str
    horizontal: bool
    bars: tuple[Bar, ...]
    height: float
    hidden: int = 0  # items left out of the chart (they are in the table)
    width: int = WIDTH

    @property
    def top(self) -> int:
        return max((b.value for b in self.bars), default=0)


def shorten(label: str, limit_em: float = LABEL_EM) -> str:
    """The label cut to `limit_em` (a Han character counts 1, a Latin one LATIN_EM), with …"""
    if sum(map(_em, label)) <= limit_em:
        return label
    kept, used = "", 0.0
    for ch in label:
        if used + _em(ch) > limit_em - 1:  # room for the … (1 em)
            break
        kept += ch
        used += _em(ch)
    return kept + "…"


def _em(ch: str) -> float:
    return 1.0 if char_em(ch) == 1.0 else LATIN_EM


def horizontal(title: str, pairs: Sequence[tuple[str, int]], *, rows: int = MAX_ROWS) -> Chart:
    """One bar a row, longest first as given (units, columns)."""
    shown = list(pairs)[:rows]
    top = max((n for _, n in shown), default=0) or 1
    bars = tuple(
        Bar(label, shorten(label), n, BAR_X, k * ROW + (ROW - BAR_THICKNESS) / 2,
            max(1.0, round(n / top * BAR_SPAN, 1)) if n else 0.0, BAR_THICKNESS)
        for k, (label, n) in enumerate(shown)
    )
    return Chart(title, True, bars, height=max(1, len(bars)) * ROW + 4, hidden=len(pairs) - len(shown))


def vertical(title: str, pairs: Sequence[tuple[str, int]]) -> Chart:
    """One bar a slot, in the order given (months, years); every k-th slot labelled."""
    count = len(pairs)
    top = max((n for _, n in pairs), default=0) or 1
    slot = (PLOT_RIGHT - PLOT_LEFT) / max(1, count)
    step = max(1, math.ceil(count / MAX_LABELS))
    bars = []
    for k, (label, n) in enumerate(pairs):
        height = round(n / top * PLOT_HEIGHT, 1)
        bars.append(Bar(label, label, n, round(PLOT_LEFT + k * slot + slot * (1 - BAR_FILL) / 2, 1),
                        PLOT_TOP + PLOT_HEIGHT - height, round(slot * BAR_FILL, 1), height,
                        show_label=k % step == 0))
    return Chart(title, False, tuple(bars), height=PLOT_TOP + PLOT_HEIGHT + 24)


def months_of(year: int, pairs: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """The twelve months of a year (`1月` … `12月`), a month without articles counted 0."""
    counts = dict(pairs)
    return [(f"{m}月", counts.get(f"{year}-{m:02d}", 0)) for m in range(1, 13)]
