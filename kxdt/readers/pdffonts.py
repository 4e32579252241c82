"""A PDF font as the pypdf path reads it: its byte codes, each code's Unicode value and advance.

Unicode comes from the font's ToUnicode map first; then from what its encoding says: a Unicode
or national CMap (UniGB-UCS2-H, GBK-EUC-H…), an embedded CMap stream (fpdf2 and WeasyPrint
embed theirs), or a simple font's encoding and glyph names. A code none of them maps has no
value (None): the caller marks it lost instead of guessing.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# A ToUnicode or encoding CMap larger than this (bytes) is not a real font's: it is not read.
MAX_CMAP_BYTES = 4 * 1024 * 1024
# Ranges of a CMap are expanded into a table up to this many codes each; longer ones are looked
# up by arithmetic.
EXPAND_RANGE = 4096
MAX_EXPANDED = 200_000  # codes held in a CMap's table; ranges beyond stay arithmetic
# A font's FontWeight from this on (and at most 900, the scale's top) is bold.
BOLD_WEIGHT = 600
_FORCE_BOLD = 1 << 18
# A font whose name says it is bold or heavy (黑体 column labels count: a heavier face than the body).
BOLD_NAME_RE = re.compile(r"bold|black|heavy|semibold|demibold|hei|黑", re.IGNORECASE)
_SUBSET_RE = re.compile(r"^[A-Z]{6}\+")

_TOKEN_RE = re.compile(rb"<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]<>()%]*|\((?:\\.|[^\\)])*\)|[^\s\[\]<>/()%]+")
_COMMENT_RE = re.compile(rb"%[^\r\n]*")


@dataclass
class CMap:
    """A parsed CMap: its code space, and codes mapped to Unicode (bf) or to CIDs (cid)."""

    spaces: list[tuple[int, int, int]] = field(default_factory=list)  # (bytes, low, high)
    unicode: dict[int, str] = field(default_factory=dict)
    unicode_ranges: list[tuple[int, int, bytes | list[str]]] = field(default_factory=list)
    cids: dict[int, int] = field(default_factory=dict)
    cid_ranges: list[tuple[int, int, int]] = field(default_factory=list)
    parent: str | None = None  # `usecmap`: a predefined CMap this one extends

    def to_unicode(self, code: int) -> str | None:
        if code in self.unicode:
            return self.unicode[code]
        found = _in_ranges(self.unicode_ranges, code)
        if found is None:
            return None
        low, _, start = found
        return start[code - low] if isinstance(start, list) else _utf16_plus(start, code - low)

    def to_cid(self, code: int) -> int | None:
        if code in self.cids:
            return self.cids[code]
        found = _in_ranges(self.cid_ranges, code)
        return found[2] + code - found[0] if found is not None else None

    def sort(self) -> None:
        self.unicode_ranges.sort(key=lambda r: r[0])
        self.cid_ranges.sort(key=lambda r: r[0])


def _in_ranges(ranges: list[tuple[int, int, Any]], code: int) -> tuple[int, int, Any] | None:
    """The range (sorted by their first codes) holding `code`: the last one starting at or
    before it."""
    k = bisect.bisect_right(ranges, code, key=lambda r: r[0]) - 1
    return ranges[k] if k >= 0 and ranges[k][1] >= code else None


def _hex(token: bytes) -> bytes:
    digits = re.sub(rb"\s", b"", token[1:-1])
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def _utf16(data: bytes) -> str:
    if len(data) == 1:
        return chr(data[0])
    return data.decode("utf-16-be", "replace")


def _utf16_plus(start: bytes, offset: int) -> str:
    """A bfrange's destination for the code `offset` after its first: the last unit counts up."""
    if not offset:
        return _utf16(start)
    value = int.from_bytes(start, "big") + offset
    try:
        return _utf16(value.to_bytes(len(start), "big"))
    except OverflowError:
        return "\ufffd"


def parse_cmap(data: bytes) -> CMap:
    """A CMap stream's code space ranges, bfchar/bfrange and cidchar/cidrange entries."""
    cmap = CMap()
    if len(data) > MAX_CMAP_BYTES:
        return cmap
    tokens = _TOKEN_RE.findall(_COMMENT_RE.sub(b"", data))
    section: bytes | None = None
    operands: list[Any] = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        k += 1
        if token.startswith(b"begin") and token[5:] in (b"codespacerange", b"bfchar", b"bfrange", b"cidchar",
                                                         b"cidrange", b"notdefchar", b"notdefrange"):
            section, operands = token[5:], []
            continue
        if token.startswith(b"end") and token[3:] == section:
            _section(cmap, section, operands)
            section = None
            continue
        if token == b"usecmap" and operands:
            cmap.parent = operands[-1] if isinstance(operands[-1], str) else None
            operands = []
            continue
        if token == b"[":
            items: list[Any] = []
            while k < len(tokens) and tokens[k] != b"]":
                items.append(_value(tokens[k]))
                k += 1
            k += 1
            operands.append(items)
            continue
        value = _value(token)
        if section is None:
            operands = [*operands[-1:], value]  # only the last operand matters (usecmap)
        else:
            operands.append(value)
    cmap.sort()
    return cmap


def _value(token: bytes) -> Any:
    if token.startswith(b"<"):
        return _hex(token)
    if token.startswith(b"/"):
        return token.decode("latin-1")
    if token.startswith(b"("):
        return token[1:-1]
    try:
        return int(token)
    except ValueError:
        return token


def _code(value: Any) -> int | None:
    return int.from_bytes(value, "big") if isinstance(value, bytes) else None


def _section(cmap: CMap, section: bytes, operands: list[Any]) -> None:
    if section == b"codespacerange":
        for low, high in zip(operands[::2], operands[1::2]):
            if isinstance(low, bytes) and isinstance(high, bytes) and 1 <= len(low) <= 4:
                cmap.spaces.append((len(low), int.from_bytes(low, "big"), int.from_bytes(high, "big")))
    elif section == b"bfchar":
        for source, target in zip(operands[::2], operands[1::2]):
            code = _code(source)
            if code is not None and isinstance(target, bytes):
                cmap.unicode[code] = _utf16(target)
            elif code is not None and isinstance(target, str):
                cmap.unicode[code] = _glyph_unicode(target) or "\ufffd"
    elif section == b"bfrange":
        for low, high, target in zip(operands[::3], operands[1::3], operands[2::3]):
            lo, hi = _code(low), _code(high)
            if lo is None or hi is None or hi < lo:
                continue
            if isinstance(target, list):
                texts = [_utf16(t) if isinstance(t, bytes) else "\ufffd" for t in target][: hi - lo + 1]
                cmap.unicode_ranges.append((lo, lo + len(texts) - 1, texts))
            elif isinstance(target, bytes):
                if hi - lo < EXPAND_RANGE and len(cmap.unicode) < MAX_EXPANDED:
                    cmap.unicode.update({lo + i: _utf16_plus(target, i) for i in range(hi - lo + 1)})
                else:
                    cmap.unicode_ranges.append((lo, hi, target))
    elif section == b"cidchar":
        for source, cid in zip(operands[::2], operands[1::2]):
            code = _code(source)
            if code is not None and isinstance(cid, int):
                cmap.cids[code] = cid
    elif section == b"cidrange":
        for low, high, cid in zip(operands[::3], operands[1::3], operands[2::3]):
            lo, hi = _code(low), _code(high)
            if lo is not None and hi is not None and isinstance(cid, int) and hi >= lo:
                cmap.cid_ranges.append((lo, hi, cid))


# Predefined CMaps (PDF 32000 9.7.5.2) by how their codes are split and what they encode.
def _lead_split(double: Callable[[int], bool], four: Callable[[int, int], bool] | None = None) -> Callable[[bytes], list[tuple[int, bytes]]]:
    def split(data: bytes) -> list[tuple[int, bytes]]:
        out: list[tuple[int, bytes]] = []
        k = 0
        while k < len(data):
            n = 1
            if double(data[k]) and k + 1 < len(data):
                n = 4 if four is not None and k + 3 < len(data) and four(data[k], data[k + 1]) else 2
            chunk = data[k : k + n]
            out.append((int.from_bytes(chunk, "big"), chunk))
            k += n
        return out

    return split


def _fixed_split(n: int) -> Callable[[bytes], list[tuple[int, bytes]]]:
    def split(data: bytes) -> list[tuple[int, bytes]]:
        return [(int.from_bytes(data[k : k + n], "big"), data[k : k + n]) for k in range(0, len(data) - n + 1, n)]

    return split


def _utf16_split(data: bytes) -> list[tuple[int, bytes]]:
    out: list[tuple[int, bytes]] = []
    k = 0
    while k + 1 < len(data):
        n = 4 if 0xD8 <= data[k] <= 0xDB and k + 3 < len(data) else 2
        chunk = data[k : k + n]
        out.append((int.from_bytes(chunk, "big"), chunk))
        k += n
    return out


_EUC_LEAD = _lead_split(lambda b: 0x81 <= b <= 0xFE)
_GB18030 = _lead_split(lambda b: 0x81 <= b <= 0xFE, lambda b, c: 0x30 <= c <= 0x39)
_SJIS = _lead_split(lambda b: 0x81 <= b <= 0x9F or 0xE0 <= b <= 0xFC)


def _predefined(name: str) -> tuple[Callable[[bytes], list[tuple[int, bytes]]], str | None] | None:
    """How a predefined CMap splits codes, and the codec its codes are text in (None: CIDs)."""
    base = name.lstrip("/")
    if base in ("Identity-H", "Identity-V"):
        return _fixed_split(2), None
    if "UCS2" in base or "UTF16" in base:
        return _utf16_split, "utf-16-be"
    if base.startswith("GBK2K"):
        return _GB18030, "gb18030"
    if base.startswith(("GB-", "GBpc-", "GBK-", "GBKp-", "GBT-", "GBTpc-")):
        return _EUC_LEAD, "gbk"
    if base.startswith(("B5", "ETen", "HKscs", "CNS-EUC")):
        return _EUC_LEAD, "big5hkscs" if base.startswith("HKscs") else "cp950"
    if base.startswith(("90ms-RKSJ", "90msp-RKSJ", "83pv-RKSJ", "90pv-RKSJ")):
        return _SJIS, "cp932"
    if base.startswith(("KSC-EUC", "KSCms-UHC", "KSCpc-EUC")):
        return _EUC_LEAD, "cp949"
    return None


def _space_split(spaces: list[tuple[int, int, int]]) -> Callable[[bytes], list[tuple[int, bytes]]]:
    """Codes by an embedded CMap's code space ranges (shortest matching length first)."""
    lengths = sorted({n for n, _, _ in spaces})

    def split(data: bytes) -> list[tuple[int, bytes]]:
        out: list[tuple[int, bytes]] = []
        k = 0
        while k < len(data):
            for n in lengths:
                chunk = data[k : k + n]
                code = int.from_bytes(chunk, "big")
                if len(chunk) == n and any(m == n and low <= code <= high for m, low, high in spaces):
                    break
            else:
                n = lengths[0]
                chunk = data[k : k + n]
                code = int.from_bytes(chunk, "big")
            out.append((code, chunk))
            k += max(1, len(chunk))
        return out

    return split


@dataclass
class PdfFont:
    """What the text of one font resource needs: codes, their Unicode values and advances."""

    name: str
    bold: bool
    split: Callable[[bytes], list[tuple[int, bytes]]]
    unicode: Callable[[int, bytes], str | None]
    width: Callable[[int], float]  # advance in text space units per 1 pt of font size
    vertical: bool = False
    cache: dict[bytes, str | None] = field(default_factory=dict)

    def decode(self, data: bytes) -> list[tuple[str | None, float, bool]]:
        """Each code of a string: its text (None: no Unicode value), its advance, and whether
        word spacing applies to it (the single-byte code 32, PDF 32000 9.3.3)."""
        out = []
        for code, chunk in self.split(data):
            if chunk in self.cache:
                text = self.cache[chunk]
            else:
                text = self.cache[chunk] = _real(self.unicode(code, chunk))
            out.append((text, self.width(code), code == 32 and len(chunk) == 1))
        return out


def _real(text: str | None) -> str | None:
    """A mapped value that is no character (empty, NUL, line breaks and other controls, U+FFFD,
    noncharacters) is none: no glyph draws a control character."""
    if not text:
        return None
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code <= 0x9F or code == 0xFFFD \
                or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE or 0xD800 <= code <= 0xDFFF:
            return None
    return text


def _glyph_unicode(name: str) -> str | None:
    """A glyph name's character: `uni79D1`, `u2F3E`, or an Adobe Glyph List name."""
    bare = name.lstrip("/").split(".")[0]
    if re.fullmatch(r"uni(?:[0-9A-Fa-f]{4})+", bare):
        return "".join(chr(int(bare[k : k + 4], 16)) for k in range(3, len(bare), 4))
    if re.fullmatch(r"u[0-9A-Fa-f]{4,6}", bare):
        value = int(bare[1:], 16)
        return chr(value) if value <= 0x10FFFF else None
    return _adobe_glyphs().get("/" + bare)


_GLYPHS: dict[str, str] | None = None


def _adobe_glyphs() -> dict[str, str]:
    """The Adobe Glyph List (shipped inside pypdf); a few names where that is not available."""
    global _GLYPHS
    if _GLYPHS is None:
        try:
            from pypdf._codecs import adobe_glyphs

            _GLYPHS = dict(adobe_glyphs)
        except ImportError:  # pragma: no cover - pypdf moved its table
            _GLYPHS = {f"/{c}": c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
            _GLYPHS.update({"/space": " ", "/period": ".", "/comma": ",", "/hyphen": "-", "/colon": ":"})
            _GLYPHS.update({f"/{n}": str(d) for d, n in enumerate(
                ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])})
    return _GLYPHS


def _base_encoding(name: str) -> list[str]:
    """A simple font's base encoding as 256 characters."""
    try:
        from pypdf._codecs import charset_encoding

        table = charset_encoding.get(name)
        if table is not None:
            return list(table)
    except ImportError:  # pragma: no cover - pypdf moved its table
        pass
    codec = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}.get(name, "latin-1")
    return [codecs.decode(bytes([b]), codec, "replace") for b in range(256)]


def _number(value: Any, default: float = 0.0) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if number == number and abs(number) < 1e7 else default


def _bold(font: Any, descriptor: Any, name: str) -> bool:
    if BOLD_NAME_RE.search(name):
        return True
    if descriptor is None:
        return False
    weight = _number(descriptor.get("/FontWeight"))
    return BOLD_WEIGHT <= weight <= 900 or bool(int(_number(descriptor.get("/Flags"))) & _FORCE_BOLD)


def _stream_data(obj: Any) -> bytes | None:
    try:
        obj = obj.get_object()
        data = obj.get_data()
    except Exception:
        return None
    return data if isinstance(data, bytes) and len(data) <= MAX_CMAP_BYTES else None


def _to_unicode(font: Any) -> CMap | None:
    if "/ToUnicode" not in font:
        return None
    data = _stream_data(font["/ToUnicode"])
    return parse_cmap(data) if data is not None else None


def load_font(font: Any) -> PdfFont:
    """A font dictionary (pypdf object) read for text extraction."""
    font = font.get_object()
    name = str(font.get("/BaseFont", "") or font.get("/Name", "") or "")
    name = name.lstrip("/") or "?"
    to_unicode = _to_unicode(font)
    if font.get("/Subtype") == "/Type0":
        return _type0(font, name, to_unicode)
    return _simple(font, name, to_unicode)


def _type0(font: Any, name: str, to_unicode: CMap | None) -> PdfFont:
    descendant = None
    try:
        descendant = font["/DescendantFonts"][0].get_object()
    except Exception:
        descendant = None
    descriptor = descendant.get("/FontDescriptor") if descendant is not None else None
    descriptor = descriptor.get_object() if descriptor is not None else None
    encoding = font.get("/Encoding")
    encoding = encoding.get_object() if encoding is not None else None
    split: Callable[[bytes], list[tuple[int, bytes]]] = _fixed_split(2)
    codec: str | None = None
    embedded: CMap | None = None
    vertical = False
    if isinstance(encoding, str):  # a NameObject
        vertical = encoding.endswith("-V")
        split, codec = _predefined(encoding) or (_fixed_split(2), None)
    elif encoding is not None:
        data = _stream_data(encoding)
        embedded = parse_cmap(data) if data is not None else None
        if embedded is not None and embedded.spaces:
            split = _space_split(embedded.spaces)
        elif embedded is not None and embedded.parent:
            split, codec = _predefined(embedded.parent) or (_fixed_split(2), None)
        try:
            vertical = int(encoding.get("/WMode", 0)) == 1
        except Exception:
            vertical = False
    widths = _cid_widths(descendant)
    default = _number(descendant.get("/DW", 1000), 1000.0) if descendant is not None else 1000.0

    def cid_of(code: int) -> int | None:
        if embedded is not None:
            cid = embedded.to_cid(code)
            if cid is not None or embedded.cids or embedded.cid_ranges:
                return cid
        return code if codec is None else None

    def unicode(code: int, chunk: bytes) -> str | None:
        if to_unicode is not None:
            text = to_unicode.to_unicode(code)
            if text is not None:
                return text
        if codec is not None:
            try:
                return chunk.decode(codec)
            except UnicodeDecodeError:
                return None
        return None

    def width(code: int) -> float:
        cid = cid_of(code)
        if cid is not None and cid in widths:
            return widths[cid] / 1000.0
        if cid is None and codec is not None and code < 0x80:
            return 0.5  # a single-byte code of a national CMap: ASCII, half width
        return default / 1000.0

    return PdfFont(name=name, bold=_bold(font, descriptor, name), split=split, unicode=unicode, width=width,
                   vertical=vertical)


def _cid_widths(descendant: Any) -> dict[int, float]:
    """/W of a CIDFont: `c [w1 w2 …]` and `c_first c_last w` entries."""
    widths: dict[int, float] = {}
    if descendant is None or "/W" not in descendant:
        return widths
    try:
        entries = list(descendant["/W"].get_object())
    except Exception:
        return widths
    k = 0
    while k < len(entries):
        first = entries[k].get_object() if hasattr(entries[k], "get_object") else entries[k]
        after = entries[k + 1].get_object() if k + 1 < len(entries) else None
        if hasattr(after, "__iter__") and not isinstance(after, (str, bytes)):
            for i, w in enumerate(after):
                widths[int(_number(first)) + i] = _number(w)
            k += 2
        elif k + 2 < len(entries):
            low, high, w = int(_number(first)), int(_number(after)), _number(entries[k + 2])
            if 0 <= high - low <= 65536:
                widths.update(dict.fromkeys(range(low, high + 1), w))
            k += 3
        else:
            break
        if len(widths) > 1_000_000:
            break
    return widths


_STANDARD_FONTS = {f"{family}{style}" for family, styles in (
    ("Helvetica", ("", "-Bold", "-Oblique", "-BoldOblique")), ("Courier", ("", "-Bold", "-Oblique", "-BoldOblique")),
    ("Times", ("-Roman", "-Bold", "-Italic", "-BoldItalic"))) for style in styles} | {"Symbol", "ZapfDingbats"}
# Advance of a standard font drawn without /Widths (em): an average, good enough for positions.
_STANDARD_WIDTH = 0.5
_FIXED_WIDTH = 0.6


def _simple(font: Any, name: str, to_unicode: CMap | None) -> PdfFont:
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else None
    encoding = font.get("/Encoding")
    encoding = encoding.get_object() if encoding is not None else None
    base_name = "/StandardEncoding"
    bare = _SUBSET_RE.sub("", name)
    if bare.startswith("Symbol"):
        base_name = "/Symbol"
    elif bare.startswith("ZapfDingbats"):
        base_name = "/ZapfDingbats"
    elif font.get("/Subtype") == "/TrueType":
        base_name = "/WinAnsiEncoding"
    differences: dict[int, str] = {}
    if isinstance(encoding, str):
        base_name = encoding
    elif encoding is not None and hasattr(encoding, "get"):
        base_name = str(encoding.get("/BaseEncoding", base_name))
        code = 0
        for item in encoding.get("/Differences", []) or []:
            item = item.get_object() if hasattr(item, "get_object") else item
            if isinstance(item, str):
                differences[code] = item
                code += 1
            else:
                code = int(_number(item))
    table = _base_encoding(base_name)
    # Type 3 glyphs are measured in their own space, given by /FontMatrix.
    scale = 0.001
    if font.get("/Subtype") == "/Type3":
        try:
            scale = abs(_number(font["/FontMatrix"][0], 0.001)) or 0.001
        except Exception:
            scale = 0.001
    first = int(_number(font.get("/FirstChar", 0)))
    try:
        given = [_number(w) for w in font.get("/Widths", []) or []]
    except Exception:
        given = []
    missing = _number(descriptor.get("/MissingWidth", 0)) if descriptor is not None else 0.0
    fallback = _FIXED_WIDTH if "Courier" in bare else _STANDARD_WIDTH

    # Without an /Encoding, an embedded subset's codes are its own (LibreOffice numbers glyphs
    # 1, 2, 3…; Ghostscript re-encodes): no standard encoding says what they are. Only a
    # standard font, or one whose encoding is written out, is read by its encoding.
    implicit = encoding is None and (bool(_SUBSET_RE.match(name)) or to_unicode is not None) \
        and bare not in _STANDARD_FONTS

    def unicode(code: int, chunk: bytes) -> str | None:
        if to_unicode is not None:
            text = to_unicode.to_unicode(code)
            if text is not None:
                return text
        if implicit:
            return None
        if code in differences:
            return _glyph_unicode(differences[code])
        if code < len(table):
            return table[code] or None
        return None

    def width(code: int) -> float:
        k = code - first
        if 0 <= k < len(given):
            return given[k] * scale
        return missing * scale if missing else fallback

    return PdfFont(name=name, bold=_bold(font, descriptor, name), split=_fixed_split(1), unicode=unicode,
                   width=width)


def display_name(name: str) -> str:
    """A font's name as a user reads it: without the subset tag (`ABCDEF+`)."""
    return _SUBSET_RE.sub("", name)
