"""Line breaking for Chinese text in a narrow terminal (Rich wraps at spaces only, and cuts a
longer run wherever the width ends).

Here a line may break between any two Han characters, but never inside a number, a date, a
Latin word, an option value (`<docx|md|json|txt>`, `[1<=x<=999999]`) or a file name, never
before closing punctuation (`，。）」`) and never after opening punctuation (`（「“`). Table
columns are never made narrower than the longest such unbreakable piece they hold: the width
comes from the columns that can wrap. `install()` gives Rich both rules (the CLI calls it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

# Never at the start of a line / never at the end of one (Chinese line-breaking rules, 禁则).
NO_LINE_START = set("，。、；：？！）」』】》〉〕］｝”’…—·％‰℃,.;:?!)]}%")
NO_LINE_END = set("（「『【《〈〔［｛“‘([{")
# A file name (with a path before it) ends in an extension kxdt reads or writes.
_FILE_RE = re.compile(r"[^\s，。；：、（）“”]*\.(?:docx|doc|pdf|txt|md|wps|rtf|odt|html?|mhtml|json|toml|sqlite3|db|"
                      r"png|jpe?g|tiff?|bmp|xlsx|csv)(?![A-Za-z0-9])", re.IGNORECASE)
# An option value shown in brackets: `<文字>`, `<docx|md|json|txt>`, `[1<=x<=999999]`.
_BRACKETED_RE = re.compile(r"<[^\s<>]{1,30}>|\[[^\s\[\]]{1,30}\]")
_SPACE_RE = re.compile(r"\s+")
# A column that may wrap keeps its longest piece whole up to this share of the table's width
# (and at least MIN_PIECE_CAP cells); a longer piece (a very long file name) is folded.
PIECE_SHARE = 0.4
MIN_PIECE_CAP = 12
FOLD_FLOOR = 8  # cells a folding column keeps when a column that must not wrap needs room


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _atoms(text: str) -> list[tuple[int, int]]:
    """Unbreakable pieces: protected spans, runs of narrow characters, single wide characters."""
    protected = {m.start(): m.end() for pattern in (_FILE_RE, _BRACKETED_RE) for m in pattern.finditer(text)}
    atoms: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        if i in protected:
            end = protected[i]
        elif _wide(text[i]):
            end = i + 1
        else:
            end = i + 1
            while end < n and not text[end].isspace() and not _wide(text[end]) and end not in protected:
                end += 1
        atoms.append((i, end))
        i = end
    return atoms


def _glued(text: str, atoms: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Atoms joined where no line may break: before closing and after opening punctuation, and
    where no space separates them (a number and the character after it may still part)."""
    merged: list[tuple[int, int]] = []
    for start, end in atoms:
        if merged:
            prev_start, prev_end = merged[-1]
            touching = prev_end == start
            if touching and (text[start] in NO_LINE_START or text[prev_end - 1] in NO_LINE_END):
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    return merged


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """What Rich's `divide_line` breaks between: (start, end, piece with its trailing spaces);
    the first piece also holds the text's leading spaces."""
    pieces = _glued(text, _atoms(text))
    for k, (start, end) in enumerate(pieces):
        if k == 0:
            start = 0
        space = _SPACE_RE.match(text, end)
        stop = space.end() if space else end
        yield start, stop, text[start:stop]


def longest_piece(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(word.strip()) for line in text.split("\n") for _, _, word in words(line)), default=0)


def _plain(renderable: Any) -> str | None:
    if isinstance(renderable, str):
        return renderable
    plain = getattr(renderable, "plain", None)
    if isinstance(plain, str):
        return plain
    parts = getattr(renderable, "renderables", None)  # a Group of texts
    if parts:
        texts = [_plain(part) for part in parts]
        return "\n".join(t for t in texts if t is not None)
    return None


def _column_widths(original: Any) -> Any:
    from rich.cells import cell_len

    def calculate(table: Any, console: Any, options: Any) -> list[int]:
        widths = list(original(table, console, options))
        if len(widths) < 2:
            return widths
        need = []
        cap = max(MIN_PIECE_CAP, int(sum(widths) * PIECE_SHARE))
        for column in table.columns:
            cells = [column.header, *column.cells] if table.show_header else list(column.cells)
            texts = [t for t in (_plain(cell) for cell in cells) if t]
            if column.no_wrap:  # each line whole
                longest = max((cell_len(line) for t in texts for line in t.split("\n")), default=0)
            else:  # a piece longer than the cap (a very long file name) is folded
                longest = min(max((longest_piece(t) for t in texts), default=0), cap)
            if column.max_width is not None:
                longest = min(longest, column.max_width)
            need.append(longest + table._get_padding_width(column._index))
        # Columns that must not wrap first (they may take folding columns down to a floor),
        # then the unbreakable pieces of folding columns (from other columns' slack).
        fixed = [k for k, column in enumerate(table.columns) if column.no_wrap]
        folding = [k for k, column in enumerate(table.columns) if not column.no_wrap]
        floor = [min(need[j], FOLD_FLOOR + table._get_padding_width(j)) if j in folding else need[j]
                 for j in range(len(widths))]
        for keep, order in ((floor, fixed), (need, folding)):
            for k in order:
                missing = need[k] - widths[k]
                while missing > 0:
                    donors = [j for j in range(len(widths)) if j != k and widths[j] > keep[j]]
                    if not donors:
                        break
                    j = max(donors, key=lambda d: widths[d] - keep[d])
                    give = min(missing, widths[j] - keep[j])
                    widths[j] -= give
                    widths[k] += give
                    missing -= give
        return widths

    calculate._kxdt = True  # type: ignore[attr-defined]
    return calculate


def install() -> None:
    """Give Rich the Chinese line breaking and the column rule (once per process)."""
    from rich import _wrap
    from rich.table import Table

    _wrap.words = words  # type: ignore[assignment]  # divide_line reads the module's `words`
    if not getattr(Table._calculate_column_widths, "_kxdt", False):
        Table._calculate_column_widths = _column_widths(Table._calculate_column_widths)  # type: ignore[method-assign]
