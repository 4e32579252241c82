"""Page-number lines as bulletins print them — `- 3 -`, `— 3 —`, `第3页`, `第 3 页 共 8 页`, `3/8`,
and a bare `3` — told from content by their place: at the head or foot of the page, numbering
the pages in sequence. The printed forms are page numbers wherever they stand; a bare number
only where the pages agree on it (the same offset from the page's index on two pages or more)."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence

from .params import PAGE_NUMBER_EDGE_LINES

_DASH = "-—–－−‒―\ufffd"  # a dash lost in extraction (U+FFFD) still frames the number
PAGE_NUMBER_RE = re.compile(
    rf"^\s*(?:[{_DASH}]+\s*(\d{{1,4}})\s*[{_DASH}]+|第\s*(\d{{1,4}})\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|共\s*\d+\s*页\s*[,，/]?\s*第\s*(\d{1,4})\s*页|(\d{1,4})\s*/\s*\d{1,4})\s*$"
)
# The printed forms above, beside a short running text on the same line (a header
# `科协每周动态　第 2 页 共 8 页`): the text is words without sentence punctuation, set off by a space.
_PAGE_FORM = (rf"(?:[{_DASH}]+\s*(\d{{1,4}})\s*[{_DASH}]+|第\s*(\d{{1,4}})\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
              r"|共\s*\d+\s*页\s*[,，/]?\s*第\s*(\d{1,4})\s*页)")  # not `3/8`: a line may end in a fraction
_RUNNING_WORDS = r"[^\s\d。，、；：！？,.;:!?]{2,24}(?:\s+[^\s\d。，、；：！？,.;:!?]{2,24})?"
# A counter with its total (`第2页共7页`) needs no space before it: nothing else reads so.
_COUNTER = r"第\s*(\d{1,4})\s*页\s*[,，/]?\s*共\s*\d+\s*页"
WITH_RUNNING_TEXT_RE = re.compile(rf"^\s*(?:{_RUNNING_WORDS}\s+{_PAGE_FORM}|{_PAGE_FORM}\s+{_RUNNING_WORDS}"
                                  rf"|{_RUNNING_WORDS}\s*{_COUNTER})\s*$")
BARE_NUMBER_RE = re.compile(r"^\s*(\d{1,3})\s*$")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# In a text layer (no positions), bare numbers are page numbers when they count up one by one,
# at least this many of them, with at least this many lines of text between two (the last one
# may end the text after a short page).
MIN_BARE_SEQUENCE = 2
MIN_LINES_BETWEEN = 5
MAX_BARE_CANDIDATES = 300  # a text of many bare numbers (a table) is searched this far only


_NUMBERS = str.maketrans("0123456789０１２３４５６７８９", "#" * 20)


def running_key(text: str) -> str:
    """A running head or foot as it repeats from page to page: without spaces, its numbers
    (page, date, 期号) as `#`."""
    return "".join(text.split()).translate(_NUMBERS)


def page_number(text: str) -> int | None:
    """The number of a page-number line in a printed form (`- 3 -`, `第3页`, `3/8`), alone or
    beside a running text (`科协每周动态　第3页`), else None."""
    if len(text) > 80:
        return None  # no page number line is this long: a paragraph is not translated
    plain = text.translate(_FULLWIDTH_DIGITS)
    match = PAGE_NUMBER_RE.match(plain) or WITH_RUNNING_TEXT_RE.match(plain)
    if not match:
        return None
    return int(next(g for g in match.groups() if g))


def bare_number(text: str) -> int | None:
    match = BARE_NUMBER_RE.match(text.translate(_FULLWIDTH_DIGITS))
    return int(match.group(1)) if match else None


def page_number_lines(pages: Sequence[Sequence[str]]) -> list[tuple[int | None, set[int]]]:
    """For each page (its lines' texts, top to bottom): its printed number and which of its lines
    print it. Printed forms count among the first and last PAGE_NUMBER_EDGE_LINES lines; a bare
    number as the very first or last line when another page agrees on the offset between the
    printed number and the page's place (or on a page of its own, when it is 1)."""
    found: list[tuple[int | None, set[int]]] = []
    bare: list[list[tuple[int, int]]] = []
    for texts in pages:
        n = len(texts)
        edges = sorted(set(range(min(PAGE_NUMBER_EDGE_LINES, n))) | set(range(max(0, n - PAGE_NUMBER_EDGE_LINES), n)))
        printed = [(k, number) for k in edges if (number := page_number(texts[k])) is not None]
        found.append((printed[0][1] if printed else None, {k for k, _ in printed}))
        bare.append([(k, number) for k in {0, n - 1} if n and (number := bare_number(texts[k])) is not None
                     and not printed])
    offsets = Counter(number - index for index, candidates in enumerate(bare) for _, number in candidates)
    offsets.update(number - index for index, (number, _) in enumerate(found) if number is not None)
    for index, candidates in enumerate(bare):
        agreed = [(k, number) for k, number in candidates
                  if offsets[number - index] >= 2 or (len(pages) == 1 and number == 1)]
        if agreed:
            found[index] = (agreed[0][1], {agreed[0][0]})
    return found


def bare_number_sequence(texts: Sequence[str]) -> set[int]:
    """Lines of a text layer that are bare page numbers: numbers alone on their line counting up
    one by one through the text, MIN_LINES_BETWEEN lines apart or more."""
    candidates = [(k, number) for k, text in enumerate(texts) if (number := bare_number(text)) is not None]
    candidates = candidates[:MAX_BARE_CANDIDATES]
    content = [k for k, text in enumerate(texts) if text.strip()]
    best: list[int] = []
    for start, (k0, n0) in enumerate(candidates):
        chain, last, want = [k0], k0, n0 + 1
        for k, number in candidates[start + 1 :]:
            if number == want and _lines_between(content, last, k) >= MIN_LINES_BETWEEN:
                chain.append(k)
                last, want = k, want + 1
            elif (number == want and _lines_between(content, last, k) > 0
                  and len(content) - bisect.bisect_right(content, k) < MIN_LINES_BETWEEN):
                chain.append(k)  # the last page's number, near the end of the text: that page may be short
                break
        if len(chain) > len(best):
            best = chain
    return set(best) if len(best) >= MIN_BARE_SEQUENCE else set()


def _lines_between(content: list[int], a: int, b: int) -> int:
    """How many lines with text stand between lines a and b."""
    return bisect.bisect_left(content, b) - bisect.bisect_right(content, a)
