"""Traditional and simplified characters: one form for matching and searching.

`to_simplified` maps traditional characters to simplified ones character for character
(OpenCC's t2s table, kxdt/data/traditional_to_simplified.txt), so a position found in the folded text is the same
position in the document's own text. Output always keeps the document's characters.
"""

from __future__ import annotations

import functools

from .chars import HAN_RE, two_script_lookalikes
from .tables import traditional_to_simplified
from .translation import Translation

# A document is read as traditional when this share of its Han characters has a simplified form.
TRADITIONAL_SHARE = 0.05


def _table() -> dict[int, int]:
    return traditional_to_simplified()


# Folding is asked of every text filed and every article searched (see translation.py).
to_simplified = Translation(traditional_to_simplified)


@functools.cache
def _dropping_traditional() -> dict[int, None]:
    return dict.fromkeys(_table())


def is_traditional(text: str) -> bool:
    """Counted by what removing characters leaves, not character by character: a 20 MB text
    makes no list of millions of one-character strings."""
    han = len(text) - len(HAN_RE.sub("", text))
    changed = len(text) - len(text.translate(_dropping_traditional()))
    return han > 0 and changed >= max(2, TRADITIONAL_SHARE * han)


@functools.cache
def _traditional_lookalikes() -> dict[int, str]:
    return {code: pair[1] for code, pair in two_script_lookalikes().items()}


def traditional_lookalikes(text: str) -> str:
    """Radicals and compatibility ideographs in a traditional document -> their traditional
    forms (`⼾` -> 戶); elsewhere `unify` gives the simplified ones (`⼾` -> 户)."""
    return text.translate(_traditional_lookalikes())
