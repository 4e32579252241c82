"""Join lines into blocks (paragraphs, titles, labels) from indents, line widths and sentence ends.

Thresholds are in em (one Han character). A body line is "full" when it reaches the right
margin; a paragraph's first line is about 2 em shorter (the indent); its last line is short.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .patterns import BULLET_START_RE, COLUMN_RE, SOURCE_ONLY_RE
from .readers.records import Line
from .textutil import clean, ends_terminal, width_em

# A line ending this far (em) before the full width ends its block.
SHORT_SLACK = 3.5
# After a sentence end, a next line this much shorter than full is an indented first line,
# and a line this much shorter than full ends its paragraph.
INDENT_SLACK = 1.25
SENTENCE_SLACK = 1.5
INDENT_EM = 2.0
# Hard-wrapped text has full lines of at most this many em; longer means one paragraph a line.
MAX_WRAPPED_WIDTH = 45.0
UNWRAPPED_SHARE = 0.1
DEFAULT_FULL = 28.0
# Lines narrower than this (em) say nothing about the full width; a full width is one
# reached by at least this share of the lines (and by two lines at least).
MIN_BODY_WIDTH = 18.0
FULL_SHARE = 0.05
MIN_GRID_WIDTH = 20.0
HANGING_PUNCT = "，。、；：！？”’」』）》"
# Font sizes (pt) closer than this are the same size.
SIZE_TOLERANCE = 0.6

_ASCII_WORD_END = re.compile(r"[A-Za-z][.,;:!?)]?$")


@dataclass(frozen=True)
class Block:
    """A paragraph-like unit: the parser's input."""

    text: str  # cleaned text (no spaces between Han, digits and Han)
    raw: str  # joined text before cleaning (keeps spaces, for the few places they matter)
    page: int | None = None
    size: float | None = None
    align: str | None = None
    role: str | None = None
    lines: int = 1
    indent: bool | None = None


def body_size(items: Sequence[Line] | Sequence[Block]) -> float | None:
    """The body text's font size: the size most of the text is set in (None when unknown)."""
    weights: Counter[float] = Counter()
    for item in items:
        if item.size:
            weights[item.size] += len(item.text)
    return weights.most_common(1)[0][0] if weights else None


def _clean_width(line: Line) -> float:
    return line.width if line.width is not None else width_em(clean(line.text))


def _set_width(line: Line) -> float:
    """Width as set on the grid: punctuation hanging past the margin does not count."""
    text = clean(line.text)
    hanging = text[-1:] in HANGING_PUNCT
    return _clean_width(line) - (1.0 if hanging else 0.0)


def estimate_full_width(lines: list[Line]) -> float:
    """The width of a full body line: the widest width that many lines reach."""
    given = [ln.full for ln in lines if ln.full]
    if given:
        return max(set(given), key=given.count)
    widths = [_set_width(ln) for ln in lines if not ln.whole and not ln.role]
    widths = [w for w in widths if w >= MIN_BODY_WIDTH]
    if not widths:
        return DEFAULT_FULL
    if sum(1 for w in widths if w > MAX_WRAPPED_WIDTH) >= max(2, UNWRAPPED_SHARE * len(widths)):
        return max(widths)  # a paragraph a line: not hard-wrapped
    counts = Counter(round(w * 2) / 2 for w in widths)
    need = max(2, FULL_SHARE * len(widths))
    common = [w for w, n in counts.items() if n >= need]
    if common:
        return max(common)
    # No width repeats: a grid shows only in long lines; short ones are a paragraph a line.
    return max(widths) if max(widths) >= MIN_GRID_WIDTH else float("inf")


def _structural(line: Line) -> bool:
    text = line.text
    return bool(COLUMN_RE.match(text) or BULLET_START_RE.match(text) or SOURCE_ONLY_RE.match(text))


def _same_size(a: Line, b: Line) -> bool:
    if a.size is None or b.size is None:
        return True
    return abs(a.size - b.size) <= SIZE_TOLERANCE


def _continues(a: Line, b: Line, full: float, body_size: float | None, a_first: bool) -> bool:
    """Does line b continue the block that line a ends? (`a_first`: a is its block's first line.)"""
    if a.whole or b.whole or a.role or b.role:
        return False
    if COLUMN_RE.match(a.text) or _structural(b):
        return False
    if not _same_size(a, b):
        return False
    if b.align == "right" or (a.align == "right"):
        return False
    large = body_size is not None and a.size is not None and a.size > body_size + 1
    if large:
        # Display lines (titles) wrap centred; consecutive lines of one size are one title.
        return not ends_terminal(a.text)
    if b.indent:
        return False
    if a.align == "center" or b.align == "center":
        return False
    if _clean_width(a) < full - SHORT_SLACK:
        return False
    if b.indent is None and ends_terminal(a.text) and (
        _clean_width(b) < full - INDENT_SLACK
        or _clean_width(a) < full - (INDENT_EM if a_first else 0.0) - SENTENCE_SLACK
    ):
        return False
    return True


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if out and _ASCII_WORD_END.search(out) and part[:1].isascii() and part[:1].isalpha():
            out += " "
        out += part
    return out


def _make_block(group: list[Line]) -> Block:
    raw = _join([ln.text for ln in group])
    first = group[0]
    return Block(
        text=clean(raw),
        raw=raw,
        page=first.page,
        size=first.size,
        align=first.align,
        role=first.role,
        lines=len(group),
        indent=first.indent,
    )


def reflow(lines: list[Line]) -> list[Block]:
    if not lines:
        return []
    full = estimate_full_width(lines)
    body = body_size(lines)
    if full > MAX_WRAPPED_WIDTH:
        return [_make_block([ln]) for ln in lines]
    blocks: list[Block] = []
    group = [lines[0]]
    for line in lines[1:]:
        if _continues(group[-1], line, full, body, len(group) == 1):
            group.append(line)
        else:
            blocks.append(_make_block(group))
            group = [line]
    blocks.append(_make_block(group))
    return blocks
