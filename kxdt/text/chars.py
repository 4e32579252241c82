"""Small pure helpers over Chinese text: character classes, widths in em, space clean-up."""

from __future__ import annotations

import functools
import re
import unicodedata

from .tables import equivalent_ideographs, traditional_to_simplified
from .translation import Translation

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
    # Invisible characters (joiners, the BOM, bidi marks, soft hyphens, tags…) shape glyphs or
    # nothing and mean nothing in the text (kxdt's DOCX writer puts a zero-width non-joiner
    # between the dashes of `——`); a line or paragraph separator inside a line is a space.
    table.update({c: None for c in INVISIBLE})
    table.update({c: " " for c in SEPARATORS})
    # Noncharacters (U+FFFE, U+FFFF…) are no text: a missing glyph some PDF fonts map there.
    table.update({c: None for c in (0xFFFE, 0xFFFF, *range(0xFDD0, 0xFDF0))})
    return table


# Directional marks, overrides and isolates: they reorder what a terminal shows (U+202E).
BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
# Characters that show nothing: Unicode's format characters (category Cf: the soft hyphen, the
# zero-width space, invisible operators, the Mongolian vowel separator, tag characters…), the
# whole tag block, and the Hangul fillers. Document text never keeps them; a terminal or JSON
# shows them as escapes.
INVISIBLE = (
    0x00AD, *range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x115F, 0x1160, 0x180E,
    *range(0x200B, 0x2010), *range(0x2060, 0x2065), *range(0x206A, 0x2070), 0x3164, 0xFEFF, 0xFFA0,
    *range(0xFFF9, 0xFFFC), 0x110BD, 0x110CD, *range(0x13430, 0x13440), *range(0x1BCA0, 0x1BCA4),
    *range(0x1D173, 0x1D17B), *range(0xE0000, 0xE0080), *BIDI_CONTROLS,
)
# Line and paragraph separators: a space in document text, an escape on a terminal or in JSON.
SEPARATORS = (0x2028, 0x2029)


def _class_of(codes: tuple[int, ...]) -> str:
    return "".join(chr(c) for c in codes)


# What must never reach a terminal raw: control characters (ESC sequences), and what reorders
# or hides text; lone surrogates cannot even be written.
_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + _class_of(INVISIBLE + SEPARATORS) + "]")
# The same inside JSON strings (C0 controls are escaped by the JSON encoder itself).
_JSON_UNSAFE_RE = re.compile("[\x7f-\x9f\ud800-\udfff" + _class_of(INVISIBLE + SEPARATORS) + "]")


def printable(text: str) -> str:
    """Text safe for a terminal: control characters (ESC sequences), bidi overrides, invisible
    characters and separators shown as `\\xNN` / `\\uNNNN`, never executed or hidden."""
    return _UNSAFE_RE.sub(lambda m: _escape(m.group(0)), text)


# Built on first use: a command that reads no document (a search) only unifies its query.
_UNIFY = Translation(lambda: {**_unify_table(), **_FULLWIDTH_ALNUM})


def json_safe(text: str) -> str:
    """JSON text with the characters `printable` escapes written as JSON escapes (`\\u202e`): the
    same strings to a program reading it, nothing hidden or reordered for a person viewing it.
    (Such characters can only stand inside JSON strings, where an escape means the same.)"""
    return _JSON_UNSAFE_RE.sub(lambda m: _json_escape(m.group(0)), text)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"

TERMINAL = "。！？!?；;：:…）)"
SENTENCE_END = "。！？!?…"
CLOSING_QUOTES = "”」』\"’"


def han_count(text: str) -> int:
    return len(text) - len(HAN_RE.sub("", text))  # no list of one-character strings


def unify(text: str) -> str:
    """Radicals, strokes and compatibility ideographs to the Han characters they stand for,
    full-width digits and letters to ASCII, control characters out (see `_unify_table`)."""
    return _UNIFY(text)


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


# Longer runs of white space than this are cut to this length before lines meet the patterns
# (which then stay linear on any line: several of them hold adjacent `\s*`).
MAX_SPACE_RUN = 16
_LONG_SPACE_RE = re.compile(rf"\s{{{MAX_SPACE_RUN + 1},}}")


def shorten_spaces(text: str) -> str:
    """Runs of white space longer than MAX_SPACE_RUN cut to that length (the layout they mean,
    an indent or a gap, is the same)."""
    if len(text) <= MAX_SPACE_RUN:
        return text
    return _LONG_SPACE_RE.sub(lambda m: m.group(0)[:MAX_SPACE_RUN], text)


def squeeze(text: str) -> str:
    """Text without any whitespace: the key for comparing titles and highlights."""
    return re.sub(r"\s+", "", text)


def ends_terminal(text: str) -> bool:
    """Ends like a paragraph can: a sentence end, `；：`, a closing bracket, or a quote after `。`."""
    text = text.rstrip().rstrip(CLOSING_QUOTES)
    return bool(text) and text[-1] in TERMINAL
