"""Gutters: white running down a page through consecutive lines with text on both sides of it.

The page's lines are cut into pieces where runs stand apart, and swept top to bottom for
channels of white open through consecutive lines (in the manner of Breuel's whitespace cover,
line by line). A channel is a gutter when it has text on both sides in enough lines and is wide
enough in most of them (pypdf only estimates where runs end, so one line's white may look
narrower); a line running across it (a title over two columns), a line centred on the page beside
it (a heading under a masthead's issuer and date) and lines above where the right side begins end
or trim it. The gap between an issuer and a date on one line is no gutter; the two cells of a
table row wrapping onto two lines are one.
"""

from __future__ import annotations

import itertools
import operator
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Run
from ..text.chars import char_em
from .lines import RawLine
from .params import (
    BAND_GAP_EM,
    CENTER_TOLERANCE_EM,
    CROSS_SHARE,
    LEADING_SLACK,
    MIN_CHANNEL_EM,
    MIN_COLUMN_LINES,
    MIN_GUTTER_EM,
    MIN_SIDE_LINES,
    OVERLAP_SHARE,
    TABLE_GUTTER_EM,
)

Interval = tuple[float, float]
# Closing marks a CJK typesetter may hang past a line's end, into the margin or the gutter.
HANGING_MARKS = "，。、；：！？”’」』）》"


@dataclass(frozen=True)
class Stretch:
    """Consecutive lines `start:stop` that a gutter runs down through."""

    start: int
    stop: int
    gutter: Interval  # the widest
    relaxed: bool = False  # found only because the document's columns were known
    gutters: tuple[Interval, ...] = ()  # all gutters down these lines, left to right (three columns: two)


def text_size(lines: list[RawLine]) -> float:
    """The size most of the lines' text is set in."""
    counts: Counter[float] = Counter()
    for line in lines:
        counts[line.size] += len(line.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def fragments(line: RawLine, gap: float) -> tuple[list[tuple[float, float, bool]], bool]:
    """The pieces of a line: its runs joined where they are less than `gap` apart, each with its
    left and right edge and whether the right edge is known (pypdf's runs say where they start,
    not where they end: their ends are estimated from the text's width in em). A closing mark
    ending a piece may hang past the column's edge into the gutter: the piece ends before it.
    Also whether two runs of different text are drawn over the same place (overprinted)."""
    out: list[list] = []  # left, right, the run reaching furthest
    over = False
    before: Run | None = None
    for run in sorted(line.runs, key=_by_x):
        right = run.right
        if before is not None and not over and before.end is not None and run.x < before.end:
            over = _overprinted(before, run)
        before = run
        if out and run.x - out[-1][1] < gap:
            if right >= out[-1][1]:
                out[-1][1:] = [right, run]
        else:
            out.append([run.x, right, run])
    pieces = []
    for a, b, last in out:
        mark = last.text.rstrip()[-1:]
        if mark and mark in HANGING_MARKS:
            b -= char_em(mark) * last.size
        pieces.append((a, b, last.end is not None))
    return pieces, over


_by_x = operator.attrgetter("x")


def _overprinted(a: Run, b: Run) -> bool:
    """Two runs (b starting at or after a) of different text covering the same place (told only
    where a's end is known: an estimated end can overlap the next run by itself)."""
    overlap = min(a.right, b.right) - b.x
    if overlap <= 0:
        return False
    narrower = min(a.right - a.x, b.right - b.x)
    first, second = a.text.strip(), b.text.strip()
    return (narrower > 0 and overlap > OVERLAP_SHARE * narrower and first != second
            and len(first) > 1 and len(second) > 1)


def _free(pieces: list[tuple[float, float, bool]], lo: float, hi: float, channel: float,
          gutter: float) -> list[Interval]:
    """The white between a line's pieces within lo–hi wide enough for a gutter: GUTTER wide after
    a piece whose end is known, CHANNEL wide after an estimated end (or at the line's start)."""
    out = []
    at, sure = lo, False
    for a, b, known in pieces:
        if a - at >= (gutter if sure else channel):
            out.append((at, a))
        if b > at:
            at, sure = b, known
    if hi - at >= (gutter if sure else channel):
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


def find_stretches(rows: list[RawLine], em: float | None = None, *, trim: bool = True,
                   known: Sequence[float] = (), found: list[Stretch] | None = None) -> list[Stretch]:
    """Runs of consecutive lines with a gutter down through them, top to bottom (see Sweep)."""
    if len(rows) < MIN_SIDE_LINES:
        return []
    return Sweep(rows, em).stretches(trim=trim, known=known, found=found)


class Sweep:
    """A page's lines, their pieces and the white between them, swept top to bottom for gutters
    (made once a page: finding sheets, stretches and regions all read it)."""

    def __init__(self, rows: list[RawLine], em: float | None = None,
                 _pieces: list[list[tuple[float, float, bool]]] | None = None, _over: bool = False,
                 _free_of: Sweep | None = None, _keep: list[int] | None = None) -> None:
        self.rows = rows
        self.em = em = em if em is not None else text_size(rows)
        self.channel = MIN_CHANNEL_EM * em
        self.trim = True
        # White within a line is measured in em of the line's own type (a letter-spaced name in
        # large type has wide gaps that are no gutter).
        self.ems = ems = [max(em, row.size) for row in rows]
        if _pieces is None:
            made = [fragments(row, MIN_CHANNEL_EM * size) for row, size in zip(rows, ems)]
            _pieces = [p for p, _ in made]
            _over = any(over for _, over in made)
        self.raw, self.overprinted = _pieces, _over
        self.pieces = [[(a, b) for a, b, _ in p] for p in _pieces]
        if not rows:
            self.centre, self.bounds, self.free, self.frame = 0.0, (0.0, 0.0), [], (0.0, 0.0)
            return
        # Where the text reaches on the page; lines are centred on its middle (the page layout
        # may set the middle from the document's pages).
        self.frame = (min(p[0][0] for p in self.pieces), max(p[-1][1] for p in self.pieces))
        # A gutter has text on both sides: it lies at least an em inside the outermost text, so a
        # line reaching across that span (most lines of a one-column page) leaves nothing open.
        lo = min(p[0][0] for p in self.pieces) + em
        hi = max(p[-1][1] for p in self.pieces) - em
        self.centre, self.bounds = (lo + hi) / 2, (lo, hi)
        if _free_of is not None and _keep is not None and _free_of.bounds == self.bounds and _free_of.em == em:
            self.free = [_free_of.free[k] for k in _keep]  # the same page less a line within it
        else:
            self.free = [_free(p, lo, hi, MIN_CHANNEL_EM * size, MIN_GUTTER_EM * size) for p, size in zip(_pieces, ems)]

    def without(self, dropped: set[int]) -> Sweep:
        """The same page without some of its lines (its page-number lines)."""
        if not dropped:
            return self
        keep = [k for k in range(len(self.rows)) if k not in dropped]
        rows = [self.rows[k] for k in keep]
        return Sweep(rows, text_size(rows) if rows else self.em, [self.raw[k] for k in keep], self.overprinted,
                     self, keep)

    def stretches(self, *, trim: bool = True, known: Sequence[float] = (),
                  found: list[Stretch] | None = None) -> list[Stretch]:
        """Runs of consecutive lines with a gutter down through them, top to bottom (`trim`: lines
        at the top that only the left side has, above where the right side starts, are left out).
        Where the page's columns are `known` (gutters' middles found elsewhere), lines between the
        stretches `found` without that knowledge are searched again with it: a column's last line
        at the top of a page beside one line of the next column is columns too."""
        rows = self.rows
        if len(rows) < MIN_SIDE_LINES:
            return []
        self.trim = trim
        stretches = self.run(0, len(rows), ()) if found is None else found
        if not known:
            return stretches
        out: list[Stretch] = []
        at = 0
        for stretch in [*stretches, Stretch(len(rows), len(rows), (0.0, 0.0))]:
            if stretch.start - at >= MIN_SIDE_LINES:
                out += self.run(at, stretch.start, known)
            if stretch.stop > stretch.start:
                out.append(stretch)
            at = stretch.stop
        return out

    def run(self, first: int, last: int, known: Sequence[float]) -> list[Stretch]:
        """The stretches among lines first:last."""
        rows = self.rows
        stretches: list[Stretch] = []
        i = first
        while i < last - 1:
            j = i + 1
            open_ = self.free[i]
            ends: list[tuple[int, list[Interval]]] = []  # where channels close: lines i:j and what was open
            while j < last and open_:
                if rows[j - 1].runs[0].y - rows[j].runs[0].y > BAND_GAP_EM * self.em:
                    break  # white across the whole width: what follows is read after
                narrowed = _intersect(open_, self.free[j], self.channel)
                if len(narrowed) < len(open_):
                    ends.append((j, open_))
                if not narrowed:
                    break
                open_ = narrowed
                j += 1
            if open_ and (not ends or ends[-1][0] != j):
                ends.append((j, open_))
            stretch = None
            for stop, channels in reversed(ends):  # the longest stretch first
                stretch = self.checked(i, stop, channels, known)
                if stretch is not None:
                    break
            if stretch is None:
                i += 1
            elif stretch.start > i:
                i = stretch.start  # lines above it trimmed: sweep again from its top (they narrowed the white)
            else:
                stretches.append(stretch)
                i = stretch.stop
        return stretches

    def checked(self, i: int, j: int, open_: list[Interval], known: Sequence[float]) -> Stretch | None:
        """The stretch validated, ended before a line that runs across its gutter."""
        while open_ and j - i >= MIN_SIDE_LINES:
            stretch = self.validated(i, j, open_, known)
            cut = self.crossing(stretch) if stretch else None
            if cut is None:
                return stretch
            j = cut  # a line across the gutter (a title spanning both columns)
            open_ = self.open(i, j)
        return None

    def open(self, i: int, j: int) -> list[Interval]:
        """The white open through lines i:j."""
        open_ = self.free[i]
        for k in range(i + 1, j):
            open_ = _intersect(open_, self.free[k], self.channel)
        return open_

    def _table_white(self, start: int, stop: int, a: float) -> float:
        """How wide the white between a table row's cells must be: wider where the left cells'
        ends are only estimated (pypdf), which can open gaps between runs that are not there."""
        sure = all(p[2] for k in range(start, stop) for p in self.raw[k] if p[1] <= a)
        return (MIN_GUTTER_EM if sure else TABLE_GUTTER_EM) * self.em

    def centred(self, k: int) -> bool:
        """Whether line k stands centred on the page (or the side of a gutter being read)."""
        row = self.rows[k]
        return abs((row.x0 + row.x1) / 2 - self.centre) <= CENTER_TOLERANCE_EM * row.size

    def _flush_with_its_column(self, k: int, stretch: Stretch, a: float, b: float) -> bool:
        """Whether line k starts where most lines of its side of the gutter start (a column's
        line that happens to be centred on the page: the middle one of three columns), rather
        than set in from there as a centred heading is."""
        right = self.pieces[k][0][0] >= b
        edges = []
        for m in range(stretch.start, stretch.stop):
            side = [p[0] for p in self.pieces[m] if (p[0] >= b if right else p[1] <= a)]
            if m != k and side:
                edges.append(min(side))
        edges.sort()
        if len(edges) < MIN_COLUMN_LINES:
            return False
        return abs(self.pieces[k][0][0] - edges[len(edges) // 2]) <= 0.5 * self.em

    def crossing(self, stretch: Stretch) -> int | None:
        """The first line of a stretch that does not belong to columns: one centred on the page
        (beside a gutter off the middle: a heading under a masthead's issuer and date), or one
        that runs across the gutter through a narrow gap (a title over two columns may have one
        at its dash): its white there is much narrower than the other lines', and its text right
        of it starts left of where theirs does."""
        a, b = stretch.gutter
        if len(stretch.gutters) <= 1:  # a line centred on the page, beside the only gutter
            centred = next((k for k in range(stretch.start + 1, stretch.stop) if self.centred(k)
                            and (self.pieces[k][0][0] >= b or self.pieces[k][-1][1] <= a)
                            and not self._flush_with_its_column(k, stretch, a, b)), None)
            if centred is not None:
                return centred
        # With more gutters, only the column right of this one counts (a line holding text in
        # the columns beyond it only, its baseline apart from this column's, says nothing here).
        beyond = min((g[0] for g in stretch.gutters if g[0] >= b), default=float("inf"))
        found = []  # (line, white at the gutter, where the text right of it starts)
        starts = []  # where the right column's lines start
        for k in range(stretch.start, stretch.stop):
            before = [p[1] for p in self.pieces[k] if p[1] <= a]
            after = [p[0] for p in self.pieces[k] if b <= p[0] < beyond]
            if after:
                starts.append(min(after))
                if before:
                    found.append((k, min(after) - max(before), min(after)))
        if not found:
            return None
        gap = sorted(g for _, g, _ in found)[len(found) // 2] if len(found) >= MIN_SIDE_LINES else b - a
        start = sorted(starts)[len(starts) // 2]
        return next((k for k, g, x in found if g < CROSS_SHARE * gap and x < start - self.em), None)

    def goes_on_from_above(self, k: int, a: float, b: float) -> bool:
        """Whether line k carries on the line above it across the gutter a–b: the same size, right
        under a line running over the gutter (a title across the columns, wrapped)."""
        if k == 0:
            return False
        above, row = self.rows[k - 1], self.rows[k]
        return abs(above.size - row.size) < 0.5 and any(p[0] < a and p[1] > b for p in self.pieces[k - 1])

    def within_a_column(self, k: int, open_: list[Interval], i: int, j: int) -> bool:
        """Whether line k lies in a middle column of lines i:j: between two open channels inside
        the text, where other lines hold text too (MIN_COLUMN_LINES of them). A title centred in
        the middle column is centred on the page too, and is no band; white reaching the text's
        outer edge is a margin, not a gutter."""
        pieces = self.pieces[k]
        lo, hi = pieces[0][0], pieces[-1][1]
        inner = sorted(c for c in open_ if self.bounds[0] < c[0] and c[1] < self.bounds[1])
        for (_, b1), (a2, _) in itertools.pairwise(inner):
            if b1 <= lo and hi <= a2:
                others = sum(1 for m in range(i, j) if m != k and any(b1 <= p[0] and p[1] <= a2 for p in self.pieces[m]))
                if others >= MIN_COLUMN_LINES:
                    return True
        return False

    def validated(self, i: int, j: int, open_: list[Interval], known: Sequence[float]) -> Stretch | None:
        """The stretch of lines i:j with its gutter, when one of the open channels has text on
        both sides in enough lines and the white there is wide enough in most of them. Lines at
        its top that only the left side has, above where the right side starts, belong to the
        band above (text before the columns begin: a list of highlights ends left of the gutter)."""
        rows, pieces = self.rows, self.pieces
        found: list[tuple[float, Stretch]] = []
        need = MIN_SIDE_LINES if not known else 1
        for a, b in open_:
            if known and not any(a < x < b for x in known):
                continue
            start, stop = i, j
            while start < stop - 1 and not any(p[0] < a for p in pieces[start]) and self.centred(start) \
                    and (not self.within_a_column(start, open_, i, j) or self.goes_on_from_above(start, a, b)):
                start += 1  # a line centred on the page above the columns: the band above
            while stop - 1 > start and not any(p[0] < a for p in pieces[stop - 1]) and self.centred(stop - 1) \
                    and not self.within_a_column(stop - 1, open_, i, j):
                stop -= 1  # a line centred on the page after the right side's lines: the band below
            left = [k for k in range(start, stop) if pieces[k][0][0] < a]
            right = [k for k in range(start, stop) if pieces[k][-1][1] > b]
            if len(left) < need or len(right) < need:
                continue
            if self.trim and right[0] > left[0]:
                top = rows[right[0]].runs[0].y + LEADING_SLACK * self.em
                # A line with text on both sides of another open channel is columns already (the
                # first line of two columns where a third begins lower): it stays.
                start = next(k for k in range(start, right[0] + 1) if rows[k].runs[0].y <= top
                             or any(c != (a, b) and _gap(pieces[k], *c) is not None for c in open_))
                if sum(1 for k in left if k >= start) < need:
                    continue
            count = stop - start
            if count < MIN_SIDE_LINES:
                continue
            gaps = sorted(g for k in range(start, stop) if (g := _gap(pieces[k], a, b)) is not None)
            # The white in most lines with text on both sides; with fewer such lines, the white
            # open through every line (no line's estimated end to excuse a narrow channel).
            width = gaps[len(gaps) // 2] if len(gaps) >= MIN_SIDE_LINES else b - a
            if width < MIN_GUTTER_EM * self.em:
                continue  # a channel through word spaces, not a gutter
            if count < MIN_COLUMN_LINES and not known and (len(gaps) < count or b - a < self._table_white(start, stop, a)):
                continue  # a short stretch is a table row: both cells in every line, well apart
            found.append((width, Stretch(start, stop, (a, b), bool(known))))
        if not found:
            return None
        best = max(found, key=lambda f: f[0])[1]
        # More columns than two: every gutter down the same lines is cut at once, when each
        # column between them holds text in several lines (not one word between two gaps).
        gutters = tuple(sorted(s.gutter for _, s in found if (s.start, s.stop) == (best.start, best.stop)))
        if len(gutters) > 1 and any(self._lines_between(best, a, b) < MIN_SIDE_LINES
                                    for (_, a), (b, _) in itertools.pairwise(gutters)):
            gutters = (best.gutter,)
        return Stretch(best.start, best.stop, best.gutter, best.relaxed, gutters)

    def _lines_between(self, stretch: Stretch, a: float, b: float) -> int:
        """How many lines of a stretch have text between x = a and x = b."""
        return sum(1 for k in range(stretch.start, stretch.stop) if any(a <= p[0] and p[1] <= b for p in self.pieces[k]))


def _gap(pieces: list[Interval], a: float, b: float) -> float | None:
    """The white around the channel a–b in a line with text on both sides of it."""
    before = [p[1] for p in pieces if p[1] <= a]
    after = [p[0] for p in pieces if p[0] >= b]
    return min(after) - max(before) if before and after else None
