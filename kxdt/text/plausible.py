"""Which characters belong in a Chinese bulletin: the measure a PDF's text layer is judged by.

A font whose Unicode map is damaged (a Ghostscript re-distil, a broken subset) still gives
characters, only the wrong ones: letters of other scripts (`办`→`Þ`, `—`→`ᐔ`), ideographs
nobody writes (`年`→`㩾`), Latin letters where digits were (`2023`→`QOQR`). Each character is
`OK`, `RARE` (real text has a few: an uncommon ideograph in a name, kana in a brand) or `JUNK`
(never in a Chinese bulletin: controls, private use, scripts no office writes in).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

OK, RARE, JUNK = 0, 1, 2

# Blocks by kind; code points in no listed block are RARE.
_BLOCKS: list[tuple[int, int, int]] = sorted([
    (0x0020, 0x007E, OK),  # ASCII
    (0x00A0, 0x00BF, OK),  # Latin-1 symbols: ° · § ¥ © ®
    (0x00D7, 0x00D7, OK), (0x00F7, 0x00F7, OK),  # × ÷
    (0x00DE, 0x00DE, JUNK), (0x00FE, 0x00FE, JUNK),  # Þ þ: no Chinese text has a thorn
    (0x00D0, 0x00D0, JUNK), (0x00F0, 0x00F0, JUNK),  # Ð ð
    (0x02C7, 0x02C7, OK), (0x02C9, 0x02CB, OK), (0x02D9, 0x02D9, OK),  # ˇ ˉ ˊ ˋ ˙ (GB 2312)
    (0x0370, 0x03FF, OK),  # Greek: α β γ μ Ω in science news
    (0x0530, 0x08FF, JUNK),  # Armenian, Hebrew, Arabic, Syriac, Thaana, NKo…
    (0x0900, 0x0DFF, JUNK),  # Indic scripts, Sinhala
    (0x0E00, 0x0EFF, JUNK),  # Thai, Lao
    (0x1000, 0x10FF, JUNK),  # Myanmar, Georgian
    (0x1200, 0x17FF, JUNK),  # Ethiopic, Cherokee, Canadian Syllabics, Ogham, Runic, Tagalog…, Khmer
    (0x1900, 0x1CFF, JUNK),  # Limbu … Sundanese, Ol Chiki
    (0x2000, 0x206F, OK),  # general punctuation: — … “ ” ‰ ※
    (0x2070, 0x209F, OK),  # super- and subscripts: m² CO₂
    (0x20A0, 0x20CF, OK),  # currency
    (0x2100, 0x27BF, OK),  # letterlike, number forms, arrows, maths, technical, enclosed, boxes, shapes, symbols, dingbats
    (0x2800, 0x28FF, JUNK),  # Braille
    (0x2E80, 0x2FDF, OK),  # CJK and Kangxi radicals (unified later)
    (0x3000, 0x303F, OK),  # CJK symbols and punctuation
    (0x31C0, 0x31EF, OK),  # CJK strokes
    (0x3200, 0x33FF, OK),  # enclosed CJK, CJK compatibility (㎡ ㎏)
    (0x4DC0, 0x4DFF, JUNK),  # Yijing hexagrams
    (0xA4D0, 0xABFF, JUNK),  # Lisu, Vai, Bamum, Javanese, Cham, Meetei…
    (0xD800, 0xDFFF, JUNK),  # surrogates
    (0xE000, 0xF8FF, JUNK),  # private use: a glyph with no character
    (0xFB1D, 0xFDFF, JUNK),  # Hebrew and Arabic presentation forms
    (0xFE00, 0xFE0F, OK),  # variation selectors
    (0xFE10, 0xFE1F, OK), (0xFE30, 0xFE6F, OK),  # vertical, CJK compatibility and small forms
    (0xFE70, 0xFEFE, JUNK),  # Arabic presentation forms B
    (0xFF01, 0xFF60, OK), (0xFFE0, 0xFFEE, OK),  # full-width forms
    (0xFFF0, 0xFFFF, JUNK),  # specials
    (0x10000, 0x1F0FF, JUNK),  # historic scripts, musical and other notations
    (0x1F100, 0x1FAFF, RARE),  # enclosed supplements, emoji
    (0xE0000, 0x10FFFF, JUNK),  # tags, private use planes
])
_STARTS = [start for start, _, _ in _BLOCKS]


def _in_blocks(code: int) -> int | None:
    k = bisect.bisect_right(_STARTS, code) - 1
    if k >= 0 and _BLOCKS[k][0] <= code <= _BLOCKS[k][1]:
        return _BLOCKS[k][2]
    return None


def _common_han(ch: str) -> bool:
    """One of the ideographs everyday text is written in: GB 2312's first level (3755) or
    Big5's common set (5401). Real bulletins have a few in a thousand outside them, a
    damaged map about two in three."""
    for codec, low, high in (("gb2312", 0xB0A1, 0xD7F9), ("big5", 0xA440, 0xC67E)):
        try:
            data = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(data) == 2 and low <= int.from_bytes(data, "big") <= high:
            return True
    return False


def _is_han(code: int) -> bool:
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF


_KINDS: dict[str, int] = {}


def kind(ch: str) -> int:
    """OK, RARE or JUNK for one character (cached)."""
    found = _KINDS.get(ch)
    if found is not None:
        return found
    code = ord(ch)
    category = unicodedata.category(ch)
    if (category in ("Cc", "Cn", "Co", "Cs") and ch not in "\t\n\r") or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        result = JUNK
    elif _is_han(code):
        result = OK if 0x4E00 <= code <= 0x9FFF and _common_han(ch) else RARE
    else:
        block = _in_blocks(code)
        result = block if block is not None else RARE
    _KINDS[ch] = result
    return result


# Stretches of characters that are each OK or RARE, never white space, controls or the like: text
# a reader may take whole without asking `kind` character by character (ASCII, Latin-1 signs,
# punctuation, arrows, maths, enclosed numbers, shapes, CJK punctuation, ideographs, full-width
# forms; a test checks every one of them).
PLAIN_RE = re.compile(
    "[\x21-\x7e\u00a1-\u00ac\u00ae-\u00bf\u00d7\u00f7\u2010-\u2027\u2030-\u205e\u2160-\u216b"
    "\u2190-\u22ff\u2460-\u24ff\u2500-\u257f\u25a0-\u27bf\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff"
    "\uff01-\uff60\uffe0-\uffe6]+")


def junk(ch: str) -> bool:
    return kind(ch) == JUNK


def latin_letter(ch: str) -> bool:
    """A letter of the Latin script, ASCII or accented (pinyin's ā á ǎ à, names' é ñ ö)."""
    return ord(ch) <= 0x24F and ch.isalpha()


def han(ch: str) -> bool:
    return len(ch) == 1 and _is_han(ord(ch))
