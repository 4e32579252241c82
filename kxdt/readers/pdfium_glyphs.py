"""A page's glyphs as pdfium reads them (the pypdfium2 path of pdf.py).

pdfium answers per character: its text object, its origin, whether its font maps it to
Unicode. Asked one call at a time from Python each answer costs about a microsecond of ctypes,
more than pdfium's own reading of the page; so the three are asked in bulk, `map` looping over
the C functions without argument conversion, into arrays. Font, size and boldness are asked
once per text object.

Glyphs are then made per character, except along a stretch of one text object whose characters
are plain (no space, nothing unmapped or implausible: see PLAIN) and stand side by side on one
baseline, each one further than an overprint and nearer than the widest advance: such a stretch
is one glyph (a piece) ending where its last character starts, and that character a glyph of its
own — exactly the runs the characters one by one give (each ends where the next begins), for a
fraction of the Python. A piece hides its characters from the overprint check (fake bold), so a
page where anything is drawn over a piece is read again character by character.
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import math
import operator
import re
import threading
from collections import deque
from typing import Any

from ..text.chars import char_em
from ..text.plausible import PLAIN_RE
from .glyphs import LOST, OVERPRINT_EM, SAME_BASELINE, Glyph, baseline_angle
from .pdfcontent import FILL_STROKE
from .pdffonts import BOLD_NAME_RE, BOLD_WEIGHT

# Characters pdfium places closer than this (pt) in one text object belong to one glyph.
_SAME_ORIGIN = 0.01
# A glyph's advance is taken from the next glyph's origin up to this many em (a wider step is
# a jump in the text object, not an advance).
_MAX_ADVANCE = 1.5
# What a font without a (usable) Unicode map gives instead of text: controls, U+FFFD,
# noncharacters, lone surrogates.
_NOT_TEXT_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ufffe\uffff\ufdd0-\ufdef\ud800-\udfff]")
_UNALIGNED_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")
# Characters asked of pdfium per bulk call (the origins' pointer arrays are made for this many).
_CHUNK = 4096


def page_glyphs(textpage: object) -> list[Glyph]:
    """The page's characters as glyphs in drawing order: baseline origin, advance, size, font."""
    import pypdfium2.raw as raw

    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    page_text = _page_text(textpage, count)
    if page_text is None:
        return _glyphs_one_by_one(textpage, count)
    return _glyphs_in_bulk(textpage, count, page_text, pieces=True) \
        or _glyphs_in_bulk(textpage, count, page_text, pieces=False) or []


def _page_text(textpage: object, count: int) -> str | None:
    """The page's characters in one call, one per character index; None when they may not line
    up with the indices: a character outside the BMP (two UTF-16 units), or control characters
    (a font without a Unicode map, where pdfium's bulk text leaves characters out)."""
    import pypdfium2.raw as raw

    buffer = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer)[: count * 2].decode("utf-16-le", "replace")
    if len(text) != count or _UNALIGNED_RE.search(text):
        return None
    return text


# -- asking pdfium ---------------------------------------------------------------------------------
@functools.cache
def _calls() -> tuple[Any, Any, Any, Any]:
    """pdfium's per-character calls with plain C types: a text object comes back as an int
    (no pointer object to make and cast) and the origin is written to two doubles made once."""
    import pypdfium2_raw.bindings as bindings

    lib = bindings._libs["pdfium"]
    text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(("FPDFText_GetTextObject", lib))
    origin = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double),
                              ctypes.POINTER(ctypes.c_double))(("FPDFText_GetCharOrigin", lib))
    generated = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int)(("FPDFText_IsGenerated", lib))
    unmapped = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int)(("FPDFText_HasUnicodeMapError", lib))
    return text_object, origin, generated, unmapped


@functools.cache
def _bulk_calls() -> tuple[Any, Any, Any]:
    """The same calls without argument types: ctypes passes a `c_void_p` and an int as they are,
    a third of the cost of converting them (the handle is passed as a `c_void_p`)."""
    import pypdfium2_raw.bindings as bindings

    lib = bindings._libs["pdfium"]
    text_object, origin, unmapped = (lib[name] for name in (
        "FPDFText_GetTextObject", "FPDFText_GetCharOrigin", "FPDFText_HasUnicodeMapError"))
    text_object.restype = ctypes.c_void_p
    origin.restype = unmapped.restype = ctypes.c_int
    return text_object, origin, unmapped


class _Origins(threading.local):
    """Two arrays of doubles and a pointer to each of their slots, made once per thread."""

    def __init__(self) -> None:
        self.xs = (ctypes.c_double * _CHUNK)()
        self.ys = (ctypes.c_double * _CHUNK)()
        size = ctypes.sizeof(ctypes.c_double)
        self.x_slots = [ctypes.c_void_p(ctypes.addressof(self.xs) + size * k) for k in range(_CHUNK)]
        self.y_slots = [ctypes.c_void_p(ctypes.addressof(self.ys) + size * k) for k in range(_CHUNK)]


_ORIGINS = _Origins()


def _asked_in_bulk(handle: int, count: int) -> tuple[list[int | None], list[float], list[float], list[int]]:
    """Each character's text object (None for what pdfium made up), origin, and whether its
    font has no Unicode value for it."""
    text_object, origin, unmapped = _bulk_calls()
    page = ctypes.c_void_p(handle)
    objects = list(map(text_object, itertools.repeat(page, count), range(count)))
    lost = list(map(unmapped, itertools.repeat(page, count), range(count)))
    slots = _ORIGINS
    xs: list[float] = []
    ys: list[float] = []
    for start in range(0, count, _CHUNK):
        size = min(_CHUNK, count - start)
        deque(map(origin, itertools.repeat(page, size), range(start, start + size), slots.x_slots, slots.y_slots),
              maxlen=0)
        xs += slots.xs[:size]
        ys += slots.ys[:size]
    return objects, xs, ys, lost


@functools.cache
def _style_calls() -> tuple[Any, Any, Any, Any, Any]:
    """A text object's font and render mode, and a character's matrix, font size and loose box,
    called like `_bulk_calls` (handles as `c_void_p`, no conversion)."""
    import pypdfium2_raw.bindings as bindings

    lib = bindings._libs["pdfium"]
    font, mode, matrix, font_size, loose_box = (lib[name] for name in (
        "FPDFTextObj_GetFont", "FPDFTextObj_GetTextRenderMode", "FPDFText_GetMatrix", "FPDFText_GetFontSize",
        "FPDFText_GetLooseCharBox"))
    font.restype = ctypes.c_void_p
    mode.restype = matrix.restype = loose_box.restype = ctypes.c_int
    font_size.restype = ctypes.c_double
    return font, mode, matrix, font_size, loose_box


def _object_style(page: ctypes.c_void_p, index: int, address: int, fonts: dict[int, tuple[str, bool]],
                  matrix: Any) -> tuple[str, bool, float, float]:
    """Font name, boldness, size as set and baseline angle of a character's text object
    (`matrix`: an FS_MATRIX to write into)."""
    font_of, mode, char_matrix, font_size, _ = _style_calls()
    handle = ctypes.c_void_p(address)
    font = font_of(handle) or 0
    if font not in fonts:
        fonts[font] = _font(font)
    name, bold = fonts[font]
    bold = bold or mode(handle) == FILL_STROKE
    # The size as set: the font size times the text and page matrices' vertical scale (cairo
    # sets every font at 1 pt and scales it with the matrix); one per text object.
    char_matrix(page, index, ctypes.byref(matrix))
    size = round(font_size(page, index) * math.hypot(matrix.c, matrix.d), 1)
    return name, bold, size, baseline_angle(matrix.a, matrix.b)


def _font(address: int) -> tuple[str, bool]:
    """A font's name (told apart by its address when it has none) and whether it is bold."""
    import pypdfium2.raw as raw

    if not address:
        return "", False
    handle = ctypes.cast(ctypes.c_void_p(address), raw.FPDF_FONT)
    name = ""
    size = raw.FPDFFont_GetBaseFontName(handle, None, 0)
    if size > 0:
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFFont_GetBaseFontName(handle, buffer, size)
        name = buffer.value.decode("utf-8", "replace")
    weight = raw.FPDFFont_GetWeight(handle)
    # pdfium derives a weight from the stem width where the font names none, and gives values
    # far off the 100–900 scale for some fonts (CJK LaTeX's): only a weight on the scale counts.
    bold = BOLD_WEIGHT <= weight <= 900 or bool(BOLD_NAME_RE.search(name))
    return name or f"font@{address:x}", bold


def _FS_MATRIX() -> Any:
    import pypdfium2.raw as raw

    return raw.FS_MATRIX()


# -- glyphs ----------------------------------------------------------------------------------------
# Per glyph while reading: text, x, y, size, font name, bold, text object (None: a made-up
# space), index, angle, end (None: to be found from what follows).
_Found = list


def _glyphs_in_bulk(textpage: object, count: int, page_text: str, *, pieces: bool) -> list[Glyph] | None:
    """The page's glyphs from answers asked in bulk; with `pieces`, plain stretches as one glyph
    each, and None when something is drawn over one of them (read again without pieces)."""
    import pypdfium2.raw as raw

    _, _, generated, _ = _calls()
    handle = ctypes.cast(textpage, ctypes.c_void_p).value or 0
    page = ctypes.c_void_p(handle)
    matrix = raw.FS_MATRIX()
    objects, xs, ys, lost = _asked_in_bulk(handle, count)
    fonts: dict[int, tuple[str, bool]] = {}
    found: list[_Found] = []
    spans: list[tuple[float, float, float, float]] = []  # the pieces' baseline, x, end and size
    style: tuple[str, bool, float, float] = ("", False, 0.0, 0.0)  # of the last text object

    def one_by_one(first: int, stop: int, address: int | None) -> None:
        name, bold, size, angle = style
        for k in range(first, stop):
            ch = page_text[k]
            made_up = ch.isspace() and generated(handle, k) == 1
            if made_up and ch in "\r\n":
                continue  # the line breaks pdfium adds
            if made_up:
                found.append([" ", xs[k], ys[k], size, "", False, None, k, angle, xs[k]])
                continue
            x, y = xs[k], ys[k]
            if lost[k] == 1 or _NOT_TEXT_RE.match(ch):
                ch = LOST  # pdfium gives such a glyph's code (a `\n` for code 10): no character
            elif ch in "\r\n":
                continue
            if found and found[-1][6] == address and ch != LOST != found[-1][0] and found[-1][9] is None \
                    and abs(found[-1][1] - x) < _SAME_ORIGIN and abs(found[-1][2] - y) < _SAME_ORIGIN:
                # One glyph that stands for several characters (a ligature, `——` set as one dash):
                # pdfium gives each at the glyph's origin.
                found[-1][0] += ch
                continue
            found.append([ch, x, y, size, name, bold, address, k, angle, None])

    start = 0
    for address, group in itertools.groupby(objects):
        stop = start + len(list(group))
        if address is None:
            one_by_one(start, stop, None)
            start = stop
            continue
        style = _object_style(page, start, address, fonts, matrix)
        size = style[2]  # the pieces' own
        if not pieces or style[3] != 0.0 or stop - start < 3:
            one_by_one(start, stop, address)
            start = stop
            continue
        cursor = start
        for plain in PLAIN_RE.finditer(page_text, start, stop):
            first, end = plain.span()
            if end - first < 3 or not _side_by_side(xs, ys, lost, first, end, size) or (
                    first > start and abs(xs[first] - xs[first - 1]) < _SAME_ORIGIN
                    and abs(ys[first] - ys[first - 1]) < _SAME_ORIGIN):
                continue  # read one by one with what is around it
            one_by_one(cursor, first, address)
            last = end - 1  # the stretch's last character is a glyph of its own (its advance)
            found.append([page_text[first:last], xs[first], ys[first], size, style[0], style[1], address,
                          last - 1, 0.0, xs[last]])
            spans.append((ys[first], xs[first], xs[last], size))
            cursor = last
        one_by_one(cursor, stop, address)
        start = stop
    glyphs = _with_advances(found, textpage)
    if spans and _drawn_over(spans, glyphs):
        return None
    return glyphs


def _side_by_side(xs: list[float], ys: list[float], lost: list[int], first: int, end: int, size: float) -> bool:
    """Whether the characters first..end-1 stand on one baseline, each further from the one before
    than an overprint and nearer than the widest advance, all mapped (checked in C loops)."""
    if any(lost[first:end]):
        return False
    row = ys[first:end]
    if row.count(row[0]) != len(row):
        return False
    steps = list(map(operator.sub, xs[first + 1:end], xs[first:end - 1]))
    return min(steps) > OVERPRINT_EM * size and max(steps) <= _MAX_ADVANCE * size


def _drawn_over(spans: list[tuple[float, float, float, float]], glyphs: list[Glyph]) -> bool:
    """Whether a glyph starts inside a piece on its baseline (an overprint the piece would hide)."""
    by_line: dict[int, list[tuple[float, float, float]]] = {}
    for y, x, end, size in spans:
        by_line.setdefault(round(y), []).append((x, end, OVERPRINT_EM * size))
    for g in glyphs:
        for x, end, slack in by_line.get(round(g.y), ()):
            if x - slack < g.x < end - slack and not (g.x == x and g.end == end) and not g.text.isspace():
                return True
    return False


def _with_advances(found: list[_Found], textpage: object) -> list[Glyph]:
    """Glyphs, each ending where the next glyph of its text object starts on its baseline
    (pdfium gives origins, not advances), else where pdfium's loose box (its advance) ends."""
    import pypdfium2.raw as raw

    loose_box = _style_calls()[4]
    page = ctypes.c_void_p(ctypes.cast(textpage, ctypes.c_void_p).value)
    box = raw.FS_RECTF()
    box_ref = ctypes.byref(box)
    glyphs: list[Glyph] = []
    for k, (text, x, y, size, name, bold, address, index, angle, end) in enumerate(found):
        if address is None:
            glyphs.append(Glyph(text, x, y, x, size, "", False, True, angle))
            continue
        if end is None:
            widest = x + _MAX_ADVANCE * size * len(text)
            after = found[k + 1] if k + 1 < len(found) else None
            if after is not None and after[6] == address and abs(after[2] - y) < SAME_BASELINE and x < after[1] <= widest:
                end = after[1]
            elif loose_box(page, index, box_ref) and x < box.right <= widest:
                end = box.right
            else:
                end = x + sum(char_em(ch) for ch in text) * size
        glyphs.append(Glyph(text, x, y, end, size, name, bold, angle=angle))
    return glyphs


def _glyphs_one_by_one(textpage: object, count: int) -> list[Glyph]:
    """The glyphs of a page whose bulk text does not line up with its character indices
    (characters outside the BMP, control characters): pdfium asked character by character."""
    import pypdfium2.raw as raw

    found: list[_Found] = []
    ox, oy = ctypes.c_double(), ctypes.c_double()
    px, py = ctypes.pointer(ox), ctypes.pointer(oy)
    last_object: int | None = None
    style: tuple[str, bool, float, float] = ("", False, 0.0, 0.0)
    fonts: dict[int, tuple[str, bool]] = {}
    text_object, origin, generated, unmapped = _calls()
    handle = ctypes.cast(textpage, ctypes.c_void_p).value
    low_next = False
    for k in range(count):
        if low_next:  # the second half of a surrogate pair, read with the first
            low_next = False
            continue
        code = raw.FPDFText_GetUnicode(textpage, k)
        if 0xD800 <= code <= 0xDBFF and k + 1 < count:
            low = raw.FPDFText_GetUnicode(textpage, k + 1)
            if 0xDC00 <= low <= 0xDFFF:
                code, low_next = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), True
        ch = chr(code)
        name, bold, size, angle = style
        made_up = ch.isspace() and generated(handle, k) == 1
        if made_up and ch in "\r\n":
            continue  # the line breaks pdfium adds
        if made_up:
            origin(handle, k, px, py)
            found.append([" ", ox.value, oy.value, size, "", False, None, k, angle, ox.value])
            continue
        address = text_object(handle, k)
        if address != last_object:
            last_object = address
            style = _object_style(ctypes.c_void_p(handle), k, address or 0, fonts, raw.FS_MATRIX())
            name, bold, size, angle = style
        origin(handle, k, px, py)
        x, y = ox.value, oy.value
        if unmapped(handle, k) == 1 or _NOT_TEXT_RE.match(ch):
            ch = LOST
        elif ch in "\r\n":
            continue
        if found and found[-1][6] == address and ch != LOST != found[-1][0] \
                and abs(found[-1][1] - x) < _SAME_ORIGIN and abs(found[-1][2] - y) < _SAME_ORIGIN:
            found[-1][0] += ch  # one glyph for several characters (see _glyphs_in_bulk)
            continue
        found.append([ch, x, y, size, name, bold, address, k, angle, None])
    return _with_advances(found, textpage)
