"""`str.translate` by a large table, fast for the many texts that hold none of its characters.

Python's translation looks every character up in the table's dict. Once PATTERN_AFTER characters
have been translated a `Translation` compiles a pattern of the table's characters (some tens of
milliseconds, once a process — about what translating that many characters costs) and from then
on translates only texts the pattern finds something in: a pattern search is some thirty times
faster than a translation. Filing a folder or listing every hit soon pays for the pattern; one
issue parsed or one search never compiles it. The result is always exactly `text.translate(table)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

PATTERN_AFTER = 200_000  # characters


def pattern_of(codes: list[int]) -> re.Pattern[str]:
    """A character class of the code points, as ranges."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


class Translation:
    """A translation table built on first use, and the pattern that tells which texts it changes."""

    def __init__(self, make_table: Callable[[], Mapping[int, int | str | None]]) -> None:
        self._make_table = make_table
        self._table: Mapping[int, int | str | None] | None = None
        self._pattern: re.Pattern[str] | None = None
        self._translated = 0  # characters translated without the pattern

    @property
    def table(self) -> Mapping[int, int | str | None]:
        if self._table is None:
            self._table = self._make_table()
        return self._table

    def __call__(self, text: str) -> str:
        pattern = self._pattern
        if pattern is None:
            self._translated += len(text)
            if self._translated < PATTERN_AFTER:
                return text.translate(self.table)
            pattern = self._pattern = pattern_of(list(self.table))
        return text.translate(self.table) if pattern.search(text) else text
