"""A PDF's text layer judged font by font, by the characters each font gives.

A font whose Unicode map is damaged gives wrong characters that still look like text: rare
ideographs, letters of other scripts, Latin letters inside Han words. Such a font is treated
like one without a map: its text becomes lost spots (LOST), which OCR reads where kxdt[ocr] is
installed and warnings name otherwise — never text filed as if it were right. Characters that
never belong in a bulletin were made LOST glyph by glyph already (readers/glyphs.py); here
the context a line gives is used: an accented Latin letter alone among Han characters (a
damaged map's `务`→`á`) is lost too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ..layout import group_lines
from ..records import Run
from ..text.chars import char_em
from ..text.plausible import RARE, han, kind, latin_letter
from .glyphs import LOST
from .pdffonts import display_name

# A font is judged once it has given this many characters, and is implausible when at least
# this share of them is: rare ideographs and scripts, Latin letters inside Han words. Real
# bulletins' fonts stay under 2 %, a damaged map gives more than half.
MIN_FONT_CHARS = 10
MAX_IMPLAUSIBLE_SHARE = 0.3


@dataclass(frozen=True)
class Verdict:
    """The fonts judged implausible (as users read their names) and the pages (1-based) their
    text was on."""

    fonts: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()


NO_VERDICT = Verdict()


def _line_chars(runs: list[Run]) -> list[tuple[str, int, int]]:
    """A line's characters left to right: (character, run index, index in the run's text)."""
    out = []
    for r, run in sorted(enumerate(runs), key=lambda item: item[1].x):
        out += [(ch, r, i) for i, ch in enumerate(run.text)]
    return out


def _marks(chars: list[str]) -> tuple[list[bool], list[bool]]:
    """For a line's characters: which are implausible here, and which are certainly wrong (an
    accented Latin letter with no Latin letter beside it and Han on a side)."""
    n = len(chars)
    odd = [False] * n
    wrong = [False] * n
    k = 0
    while k < n:
        ch = chars[k]
        if latin_letter(ch):
            end = k
            while end < n and latin_letter(chars[end]):
                end += 1
            before = chars[k - 1] if k > 0 else ""
            after = chars[end] if end < n else ""
            between_han = han(before) and han(after)
            if not ch.isascii() and end - k == 1 and (han(before) or han(after)):
                wrong[k] = odd[k] = True
            elif between_han:
                for j in range(k, end):
                    odd[j] = True
            else:
                for j in range(k, end):
                    odd[j] = kind(chars[j]) == RARE
            k = end
            continue
        odd[k] = kind(ch) == RARE
        k += 1
    return odd, wrong


def _split_lost(run: Run, lost: set[int]) -> list[Run]:
    """The run with the characters at `lost` made LOST, each a run of its own where its glyph
    stands (placed by the characters' widths), so OCR can read the spot."""
    widths = [char_em(ch) for ch in run.text]
    scale = (run.right - run.x) / (sum(widths) or 1.0)
    out: list[Run] = []
    start, x = 0, run.x
    for k in range(len(run.text) + 1):
        if k < len(run.text) and k not in lost:
            continue
        if k > start:
            piece = run.text[start:k]
            end = x + sum(widths[start:k]) * scale
            out.append(replace(run, text=piece, x=x, end=end))
            x = end
        if k < len(run.text):
            end = x + widths[k] * scale
            out.append(replace(run, text=LOST, x=x, end=end))
            x = end
        start = k + 1
    return [piece for piece in out if piece.text.strip()]


# What `latin_letter` says yes to (a test checks they agree).
_LATIN_RE = re.compile("[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def _judge_letters(runs: list[Run], odd: Counter[str], wrong: set[tuple[int, int]]) -> None:
    """Count a page's odd Latin letters per font (inside Han words, or accented and alone
    beside Han), and note which are certainly wrong (run, character)."""
    index = {id(run): r for r, run in enumerate(runs)}
    for line in group_lines(runs):
        if not any(_LATIN_RE.search(run.text) for run in line.runs):
            continue
        chars = _line_chars(line.runs)
        marks, certain = _marks([ch for ch, _, _ in chars])
        for (ch, r, i), mark, bad in zip(chars, marks, certain):
            run = line.runs[r]
            if not run.font or not latin_letter(ch):
                continue
            odd[run.font] += mark
            if bad:
                wrong.add((index[id(run)], i))


def judge_fonts(pages: list[list[Run]]) -> tuple[list[list[Run]], Verdict]:
    """The pages with implausible fonts' text (and certainly wrong letters) made LOST, and
    which fonts were judged so."""
    seen: Counter[str] = Counter()
    odd: Counter[str] = Counter()
    wrong: list[set[tuple[int, int]]] = [set() for _ in pages]  # (run, char) per page
    # A character other than a Latin letter is odd or not by itself: counted per font in C
    # (Counter of the runs' texts). A Latin letter is judged with its neighbours on the line.
    given: dict[str, Counter[str]] = {}
    for p, runs in enumerate(pages):
        lettered = False
        for run in runs:
            if run.font:
                given.setdefault(run.font, Counter()).update(run.text)
            lettered = lettered or bool(_LATIN_RE.search(run.text))
        if lettered:
            _judge_letters(runs, odd, wrong[p])
    for font, chars in given.items():
        for ch, n in chars.items():
            if ch.isspace() or ch == LOST:
                continue
            seen[font] += n
            if not latin_letter(ch) and kind(ch) == RARE:
                odd[font] += n
    implausible = {font for font, n in seen.items()
                   if n >= MIN_FONT_CHARS and odd[font] >= MAX_IMPLAUSIBLE_SHARE * n}
    if not implausible and not any(wrong):
        return pages, NO_VERDICT
    out: list[list[Run]] = []
    on: set[int] = set()
    for p, runs in enumerate(pages):
        page: list[Run] = []
        for r, run in enumerate(runs):
            if run.font in implausible:
                on.add(p + 1)
                page.append(replace(run, text=LOST * len(run.text.strip())))
                continue
            lost = {i for (rr, i) in wrong[p] if rr == r}
            page += _split_lost(run, lost) if lost else [run]
        out.append(page)
    names = tuple(sorted({display_name(font) for font in implausible}))
    return out, Verdict(fonts=names, pages=tuple(sorted(on)))
