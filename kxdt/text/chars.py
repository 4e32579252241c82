"""Small pure helpers over Chinese text: character classes, widths in em, space clean-up."""

from __future__ import annotations

import functools
import re
import unicodedata

from .tables import equivalent_ideographs, traditional_to_simplified

# Han ideographs (with extensions and compatibility blocks), the 〇 numeral and the 々 mark.
_HAN = r"\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
# Full-width / CJK punctuation that sits tight against Han text.
_CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2014\u2026\u00b7\u2022\u25cf\u25c6"
HAN_RE = re.compile(f"[{_HAN}]")
# Spaces (any kind, incl. U+3000) between two "tight" characters are layout artefacts.
_TIGHT = f"{_HAN}{_CJK_PUNCT}"
_SPACE = r"[ \t\u00a0\u2002-\u200b\u3000]+"
_ANY_SPACE = re.compile(_SPACE)


@functools.cache
def _tighteners() -> tuple[re.Pattern[str], ...]:
    """The space patterns, compiled on first use: a command that meets no spaced text (a
    search for a word) does not pay for compiling their large character classes."""
    return (
        re.compile(f"(?<=[{_TIGHT}]){_SPACE}(?=[{_TIGHT}])"),
        re.compile(f"(?<=[{_TIGHT}]){_SPACE}(?=[0-9A-Za-z%])"),
        re.compile(f"(?<=[0-9A-Za-z%.]){_SPACE}(?=[{_TIGHT}])"),
        re.compile(r"[ \t\u00a0\u2002-\u200b]{2,}"),
    )

_FULLWIDTH_ALNUM: dict[int, int | str | None] = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})


def _lookalikes() -> dict[int, int]:
    """Radicals, strokes and compatibility ideographs -> the unified ideograph Unicode names as
    their equivalent (often the traditional form: `⼾` U+2F3E -> 戶)."""
    table = dict(equivalent_ideographs())
    for code in (*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)):
        unified = unicodedata.normalize("NFC", chr(code))
        if unified != chr(code):
            table[code] = ord(unified)
    return table


@functools.cache
def two_script_lookalikes() -> dict[int, tuple[str, str]]:
    """The lookalikes whose equivalent has a simplified form of its own: code -> (simplified,
    traditional). A font draws `⼾` for 户 in a simplified document and for 戶 in a traditional one."""
    simplified = traditional_to_simplified()
    return {code: (chr(simplified[target]), chr(target)) for code, target in _lookalikes().items()
            if simplified.get(target, target) != target}


def _unify_table() -> dict[int, int | str | None]:
    """Code points that look like a Han character but are not it -> that character.

    PDF fonts (Chromium's embedded CJK subsets, some Office fonts) map glyphs to the Kangxi
    Radicals and CJK Radicals Supplement blocks (`⽉` U+2F49 for 月, `⺠` U+2EA0 for 民) or to
    CJK strokes; compatibility ideographs (U+F900…) have a unified twin. Where that twin has a
    simplified form of its own, the simplified one is taken: a traditional document is given its
    forms before this (kxdt.text.variants.traditional_lookalikes). `⸺`/`⸻` are the two-
    and three-em dashes that a `——` became. Control characters are dropped.
    """
    table: dict[int, int | str | None] = dict(_lookalikes())
    table.update({code: pair[0] for code, pair in two_script_lookalikes().items()})
    table.update({0x2E3A: "——", 0x2E3B: "———"})
    table.update({c: None for c in (*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0))})
    table.update({c: None for c in BIDI_CONTROLS})
    # Joiners and the BOM shape glyphs and mean nothing in the text (kxdt's DOCX writer puts a
    # zero-width non-joiner between the dashes of `——`).
    table.update({c: None for c in (0x200C, 0x200D, 0x2060, 0xFEFF)})
    # Noncharacters (U+FFFE, U+FFFF…) are no text: a missing glyph some PDF fonts map there.
    table.update({c: None for c in (0xFFFE, 0xFFFF, *range(0xFDD0, 0xFDF0))})
    return table


# Directional overrides and isolates: they reorder what a terminal shows (U+202E).
BIDI_CONTROLS = (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(chr(c) for c in BIDI_CONTROLS) + "]")


def printable(text: str) -> str:
    """Text safe for a terminal: control characters (ESC sequences) and bidi overrides shown as
    `\\xNN` / `\\uNNNN`, never executed."""
    return _UNSAFE_RE.sub(lambda m: repr(m.group(0))[1:-1], text)


@functools.cache
def _normal_chars() -> dict[int, int | str | None]:
    return {**_unify_table(), **_FULLWIDTH_ALNUM}

TERMINAL = "。！？!?；;：:…）)"
SENTENCE_END = "。！？!?…"
CLOSING_QUOTES = "”」』\"’"


def han_count(text: str) -> int:
    return len(text) - len(HAN_RE.sub("", text))  # no list of one-character strings


def unify(text: str) -> str:
    """Radicals, strokes and compatibility ideographs to the Han characters they stand for,
    full-width digits and letters to ASCII, control characters out (see `_unify_table`)."""
    return text.translate(_normal_chars())


def tighten(text: str) -> str:
    """Remove spaces between Han characters, CJK punctuation, and digits/Latin next to Han.

    `8 月 9 日` -> `8月9日`, `科 协 每 周` -> `科协每周`; spaces between Latin words stay.
    """
    if not _ANY_SPACE.search(text):
        return text.strip()
    between, tight_alnum, alnum_tight, multi = _tighteners()
    text = between.sub("", text)
    text = tight_alnum.sub("", text)
    text = alnum_tight.sub("", text)
    return multi.sub(" ", text).strip()


@functools.lru_cache(maxsize=1 << 16)
def clean(text: str) -> str:
    """The normal form of every text kxdt outputs (cached: reflow asks for a line's form often)."""
    return tighten(unify(text.replace("\u3000", " ")))


class _Widths(dict[str, float]):
    """Width of each character in em, looked up once per character."""

    def __missing__(self, ch: str) -> float:
        width = 0.5 if ch in " \t" or unicodedata.east_asian_width(ch) not in "WFA" else 1.0
        self[ch] = width
        return width


_WIDTHS = _Widths()


def char_em(ch: str) -> float:
    """Width of one character in em: full-width and ambiguous (CJK quotes, dashes) are 1 em."""
    return _WIDTHS[ch]


def width_em(text: str) -> float:
    return sum(map(_WIDTHS.__getitem__, text))


def squeeze(text: str) -> str:
    """Text without any whitespace: the key for comparing titles and highlights."""
    return re.sub(r"\s+", "", text)


def ends_terminal(text: str) -> bool:
    """Ends like a paragraph can: a sentence end, `；：`, a closing bracket, or a quote after `。`."""
    text = text.rstrip().rstrip(CLOSING_QUOTES)
    return bool(text) and text[-1] in TERMINAL
