"""Traditional and simplified characters: one form for matching and searching.

`to_simplified` maps traditional characters to simplified ones character for character
(OpenCC's t2s table, kxdt/data/traditional_to_simplified.txt), so a position found in the folded text is the same
position in the document's own text. Output always keeps the document's characters.
"""

from __future__ import annotations

import functools
import re

from .chars import HAN_RE
from .tables import traditional_to_simplified

# A document is read as traditional when this share of its Han characters has a simplified form.
TRADITIONAL_SHARE = 0.05


# Texts folded before `to_simplified` compiles a pattern of the traditional characters (some
# 20 ms) and from then on translates only the texts that hold one (most hold none, and a
# pattern search is 30 times faster than a translation): filing a folder or listing every hit
# pays for it within a few hundred texts; one search with its 20 hits never does.
PATTERN_AFTER = 256


def _table() -> dict[int, int]:
    return traditional_to_simplified()


class _Folding:
    """How `to_simplified` works now: a plain translation, then the pattern-gated one."""

    calls = 0
    pattern: re.Pattern[str] | None = None


def _traditional_pattern() -> re.Pattern[str]:
    ranges: list[list[int]] = []
    for code in sorted(_table()):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


def to_simplified(text: str) -> str:
    pattern = _Folding.pattern
    if pattern is None:
        _Folding.calls += 1
        if _Folding.calls < PATTERN_AFTER:
            return text.translate(_table())
        pattern = _Folding.pattern = _traditional_pattern()
    return text.translate(_table()) if pattern.search(text) else text


@functools.cache
def _dropping_traditional() -> dict[int, None]:
    return dict.fromkeys(_table())


def is_traditional(text: str) -> bool:
    """Counted by what removing characters leaves, not character by character: a 20 MB text
    makes no list of millions of one-character strings."""
    han = len(text) - len(HAN_RE.sub("", text))
    changed = len(text) - len(text.translate(_dropping_traditional()))
    return han > 0 and changed >= max(2, TRADITIONAL_SHARE * han)
