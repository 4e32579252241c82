"""Join lines into blocks (paragraphs, titles, labels) from indents, line widths and sentence ends.

Thresholds are in em (one Han character). A body line is "full" when it reaches the right
margin; a paragraph's first line is about 2 em shorter (the indent); its last line is short.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..records import Line
from ..text.chars import clean, ends_terminal, width_em
from ..text.chrome import is_chrome
from ..text.patterns import BULLET_START_RE, COLUMN_RE, MARKED_START_RE, SOURCE_ONLY_RE

# A line ending this far (em) before the full width ends its block.
SHORT_SLACK = 3.5
# After a sentence end, a next line this much shorter than full is an indented first line,
# and a line this much shorter than full ends its paragraph.
INDENT_SLACK = 1.25
SENTENCE_SLACK = 1.5
INDENT_EM = 2.0
# Widths within this many em below (full - indent) still read as an indented full line.
INDENT_BAND = 2.5
# Hard-wrapped text has full lines of at most this many em; longer means one paragraph a line.
MAX_WRAPPED_WIDTH = 45.0
UNWRAPPED_SHARE = 0.1
DEFAULT_FULL = 28.0
# Lines narrower than this (em) say nothing about the full width; a full width is one
# reached by at least this share of the lines (and by two lines at least).
MIN_BODY_WIDTH = 18.0
FULL_SHARE = 0.05
MIN_GRID_WIDTH = 22.0
# A grid's full width is no full width when this many lines (and this share) run past it by
# more than a hanging mark: those lines are paragraphs of their own, not wrapped ones.
OVERRUN_EM = 2.0
OVERRUN_LINES = 3
OVERRUN_SHARE = 0.15
HANGING_PUNCT = "，。、；：！？”’」』）》"
# Marks that never open a line of their own: a line starting with one goes on with the line above.
CONTINUING_PUNCT = "，、；：。！？）》」』"
# Font sizes (pt) closer than this are the same size.
SIZE_TOLERANCE = 0.6

# Marks inside a sentence: a line holding one is running text (a title or an entry rarely does).
_RUNNING_RE = re.compile(r"[，、；,;]|。.")
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
    parts: tuple[str, ...] = ()  # the raw text of each line joined into the block
    bold: bool = False

    def split_first_line(self) -> tuple[Block, Block]:
        """The block's first line, and the rest, as two blocks."""
        head, rest = self.parts[0], _join(list(self.parts[1:]))
        return (replace(self, text=clean(head), raw=head, lines=1, parts=(head,)),
                replace(self, text=clean(rest), raw=rest, lines=self.lines - 1, parts=self.parts[1:], indent=None))


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
    """The width without a last punctuation mark (which may hang past the margin)."""
    return _clean_width(line) - (1.0 if _hangs(line) else 0.0)


def _hangs(line: Line) -> bool:
    """Ends with punctuation that may hang past the margin (so its width says less)."""
    return clean(line.text)[-1:] in HANGING_PUNCT


def estimate_full_width(lines: list[Line]) -> float:
    """The width of a full body line: the widest width that many lines reach.

    Lines ending in punctuation are left out of the count: the mark may hang past the margin
    (a full line plus one), or the line may be a paragraph's short last line.
    """
    given = [ln.full for ln in lines if ln.full]
    if given:
        return max(set(given), key=given.count)
    body = [ln for ln in lines if not ln.whole and not ln.role and not _structural(ln) and not is_chrome(ln.text)]
    measured = [(_clean_width(ln), _hangs(ln)) for ln in body]
    measured = [(w, hangs) for w, hangs in measured if w >= MIN_BODY_WIDTH]
    if not measured:
        return DEFAULT_FULL
    widths = [w for w, _ in measured]
    if sum(1 for w in widths if w > MAX_WRAPPED_WIDTH) >= max(2, UNWRAPPED_SHARE * len(widths)):
        return max(widths)  # a paragraph a line: not hard-wrapped
    # A full width is one that wrapped running text reaches again and again: lines holding a
    # sentence's inner marks. Titles and contents entries of one length are no grid.
    counts = Counter(round(_clean_width(ln) * 2) / 2 for ln in body
                     if _clean_width(ln) >= MIN_BODY_WIDTH and not _hangs(ln) and _RUNNING_RE.search(ln.text))
    need = max(2, FULL_SHARE * len(widths))
    common = [w for w, n in counts.items() if n >= need]
    if common:
        full = max(common)
        return float("inf") if _overrun(measured, full) else full  # lines run past it: a paragraph a line
    # No width repeats: a grid shows only in long lines that go on past the margin (a line
    # ending a sentence may be a paragraph of its own); short ones are a paragraph a line.
    open_ended = [_set_width(ln) for ln in body if _clean_width(ln) >= MIN_BODY_WIDTH and not ends_terminal(ln.text)]
    widest = max(open_ended, default=0.0)
    return widest if widest >= MIN_GRID_WIDTH and not _overrun(measured, widest) else float("inf")


def _overrun(measured: list[tuple[float, bool]], full: float) -> bool:
    """Do enough lines run past `full` (beyond a hanging mark) to say it is no full width?"""
    over = sum(1 for w, hangs in measured if w - (1.0 if hangs else 0.0) > full + OVERRUN_EM)
    return over >= max(OVERRUN_LINES, OVERRUN_SHARE * len(measured))


def _structural(line: Line) -> bool:
    text = line.text
    return bool(COLUMN_RE.match(text) or MARKED_START_RE.match(text) or SOURCE_ONLY_RE.match(text))


def _same_size(a: Line, b: Line) -> bool:
    if a.size is None or b.size is None:
        return True
    return abs(a.size - b.size) <= SIZE_TOLERANCE


def _continues(a: Line, b: Line, full: float, body_size: float | None, a_first: bool,
               c: Line | None = None) -> bool:
    """Does line b continue the block that line a ends? (`a_first`: a is its block's first
    line; `c` is the line after b, when there is one.)"""
    if a.whole or b.whole or a.role or b.role:
        return False
    if COLUMN_RE.match(a.text) or _structural(b):
        return False
    if clean(b.text)[:1] in CONTINUING_PUNCT:
        return True  # no line starts with `，`: a viewer broke the line after a closing quote
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
    if BULLET_START_RE.match(a.text) and a.page != b.page:
        return False  # a highlight does not run on to the next page (the first title does)
    if a.align == "center" or b.align == "center":
        return False
    if _clean_width(a) < full - SHORT_SLACK:
        # A short line inside a paragraph that stops mid-sentence, before a line without an
        # indent where indents are known, is a line the typesetter broke early (a word it would
        # not split, a mark it would not start a line with): the paragraph goes on.
        return (b.indent is False and not a_first and not ends_terminal(a.text)
                and _clean_width(a) >= full / 2 and not _structural(a))
    if not ends_terminal(a.text):
        return True
    if b.indent is not None:
        # Indents are known and b has none: it goes on with a's paragraph, unless a stops short
        # of its line or b is a short unpunctuated line (a title, a label) after a's sentence.
        # A mark inside the line is part of its width: only the room left after it tells
        # whether b's first word would have fitted.
        room = full - (INDENT_EM if a.indent else 0.0)
        if _clean_width(a) < room - SENTENCE_SLACK:
            return False
        return ends_terminal(b.text) or _set_width(b) >= full - SHORT_SLACK
    # A sentence ends where the line ends; without indents the widths tell what comes next.
    # Widths leave out a last punctuation mark, which may hang past the margin.
    if _set_width(a) < full - (INDENT_EM if a_first else 0.0) - SENTENCE_SLACK:
        return False  # a stops short: its paragraph ends
    width_b = _set_width(b)
    if width_b >= full - INDENT_SLACK:
        return True  # b is a full line: the paragraph goes on
    if width_b >= full - INDENT_EM - INDENT_BAND:
        # b is about 2 em short of full: an indented first line, unless b also ends a sentence
        # and nothing continues it: then it is more likely a's paragraph's last line.
        return ends_terminal(b.text) and not _body_continues(b, c, full)
    # b is short: the paragraph's last line if it ends like one, else a title or a label.
    return ends_terminal(b.text)


def _body_continues(b: Line, c: Line | None, full: float) -> bool:
    """Would c carry on the paragraph that b starts (c is plain body text, not a title,
    a label or another indented first line)?"""
    if c is None or c.whole or c.role or _structural(c) or c.indent:
        return False
    width_c = _set_width(c)
    if width_c >= full - INDENT_SLACK:
        return True
    if width_c >= full - INDENT_EM - INDENT_BAND:
        return False
    return ends_terminal(c.text)


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
        parts=tuple(ln.text for ln in group),
        indent=first.indent,
        bold=first.bold,
    )


def reflow(lines: list[Line]) -> list[Block]:
    if not lines:
        return []
    full = estimate_full_width(lines)
    body = body_size(lines)
    if full > MAX_WRAPPED_WIDTH and not any(ln.full for ln in lines):
        # Estimated from the text alone, so wide: a paragraph a line. A width the page layout
        # measured is a printed line's, however wide (a landscape page, narrow margins).
        return [_make_block([ln]) for ln in lines]
    blocks: list[Block] = []
    group = [lines[0]]
    for k, line in enumerate(lines[1:], 1):
        after = lines[k + 1] if k + 1 < len(lines) else None
        if _continues(group[-1], line, full, body, len(group) == 1, after):
            group.append(line)
        else:
            blocks.append(_make_block(group))
            group = [line]
    blocks.append(_make_block(group))
    return blocks
