"""The pypdf path's reading of a page: its content stream, and the forms it draws, run as a PDF
text interpreter that gives every glyph with its own origin, advance, size and font.

pypdf parses the file and the operators; the text state (Tm, Tc, Tw, Tz, TL, Ts, TJ offsets)
is followed here glyph by glyph. pypdf's own text extraction hands out a TJ array as one piece
at its start, so what a PDF draws into the array's gaps (LibreOffice sets Latin and CJK text in
separate arrays) came out of order; and it reads fonts whose encoding is an embedded CMap (fpdf2,
WeasyPrint) one byte at a time. Marked content with /ActualText (LibreOffice's spaces) gives
that text in place of its glyphs, as pdfium does.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .glyphs import LOST, Glyph, baseline_angle
from .pdffonts import PdfFont, load_font

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# The text rendering mode that fills and strokes glyphs: drivers embolden a font that has no bold
# face this way.
FILL_STROKE = 2
# Forms drawn inside forms deeper than this are not followed (a real page nests two or three).
MAX_FORM_DEPTH = 12


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention (apply m, then n)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _floats(operands: list[Any], count: int) -> list[float] | None:
    if len(operands) < count:
        return None
    try:
        values = [float(v) for v in operands[-count:]]
    except (TypeError, ValueError):
        return None
    return values if all(math.isfinite(v) for v in values) else None


def _string_bytes(value: Any) -> bytes | None:
    if isinstance(value, bytes):
        return bytes(value)
    original = getattr(value, "original_bytes", None)
    if isinstance(original, bytes):
        return original
    if isinstance(value, str):
        return value.encode("latin-1", "replace")
    return None


class _State:
    """The graphics state's part that text needs (saved by q, restored by Q)."""

    __slots__ = ("char_space", "ctm", "font", "leading", "render", "rise", "scale", "size", "word_space")

    def __init__(self) -> None:
        self.ctm: Matrix = IDENTITY
        self.font: PdfFont | None = None
        self.size = 0.0
        self.char_space = 0.0
        self.word_space = 0.0
        self.scale = 1.0
        self.leading = 0.0
        self.rise = 0.0
        self.render = 0  # Tr: 2 fills and strokes the glyphs, a way to embolden a font without bold

    def copy(self) -> _State:
        other = _State()
        for name in self.__slots__:
            setattr(other, name, getattr(self, name))
        return other


class PageText:
    """Glyphs of one page, in drawing order."""

    def __init__(self, reader: Any, fonts: dict[Any, tuple[Any, PdfFont]], count: Callable[[int], None],
                 charge: Callable[[int], None]) -> None:
        self.reader = reader
        self.fonts = fonts  # shared by the document's pages: a font is read once
        self.count = count  # told how many glyphs were drawn (the caller bounds it)
        self.charge = charge  # told how many content bytes a form adds
        self.glyphs: list[Glyph] = []
        self.spans: list[list[Glyph] | None] = []  # open marked-content spans (a list: /ActualText)
        self.actual: list[str] = []

    def run(self, operations: list[tuple[list[Any], bytes]], resources: Any, state: _State, depth: int = 0,
            forms: frozenset[int] = frozenset()) -> None:
        stack: list[_State] = []
        tm = tlm = IDENTITY
        for operands, op in operations:
            try:
                if op == b"q":
                    stack.append(state.copy())
                elif op == b"Q":
                    if stack:
                        state = stack.pop()
                elif op == b"cm":
                    m = _floats(operands, 6)
                    if m is not None:
                        state.ctm = _mul((m[0], m[1], m[2], m[3], m[4], m[5]), state.ctm)
                elif op == b"BT":
                    tm = tlm = IDENTITY
                elif op == b"Tf" and len(operands) >= 2:
                    state.font = self._font(resources, operands[0])
                    state.size = float(operands[1])
                elif op == b"Tc":
                    state.char_space = float(operands[0])
                elif op == b"Tw":
                    state.word_space = float(operands[0])
                elif op == b"Tz":
                    state.scale = float(operands[0]) / 100.0
                elif op == b"TL":
                    state.leading = float(operands[0])
                elif op == b"Ts":
                    state.rise = float(operands[0])
                elif op == b"Tr":
                    state.render = int(operands[0])
                elif op in (b"Td", b"TD"):
                    v = _floats(operands, 2)
                    if v is not None:
                        if op == b"TD":
                            state.leading = -v[1]
                        tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, v[0], v[1]), tlm)
                elif op == b"Tm":
                    m = _floats(operands, 6)
                    if m is not None:
                        tm = tlm = (m[0], m[1], m[2], m[3], m[4], m[5])
                elif op == b"T*":
                    tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tlm)
                elif op == b"Tj" and operands:
                    tm = self._show(operands[0], tm, state)
                elif op == b"'" and operands:
                    tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tlm)
                    tm = self._show(operands[0], tm, state)
                elif op == b'"' and len(operands) >= 3:
                    state.word_space, state.char_space = float(operands[0]), float(operands[1])
                    tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tlm)
                    tm = self._show(operands[2], tm, state)
                elif op == b"TJ" and operands:
                    for item in operands[0]:
                        if isinstance(item, (int, float)):
                            shift = -float(item) / 1000.0 * state.size * state.scale
                            tm = _mul((1.0, 0.0, 0.0, 1.0, shift, 0.0), tm)
                        else:
                            tm = self._show(item, tm, state)
                elif op == b"Do" and operands:
                    self._form(operands[0], resources, state, depth, forms)
                elif op in (b"BDC", b"BMC"):
                    self._begin_span(op, operands, resources)
                elif op == b"EMC":
                    self._end_span()
            except (TypeError, ValueError, IndexError, AttributeError, KeyError, ZeroDivisionError):
                continue  # a malformed operator draws nothing; the rest of the page still counts
        while self.spans:
            self._end_span()

    def _font(self, resources: Any, name: Any) -> PdfFont | None:
        try:
            ref = resources["/Font"].raw_get(name)
        except Exception:
            return None
        number = getattr(ref, "idnum", None)
        key: Any = (number, getattr(ref, "generation", 0)) if number is not None else id(ref)
        if key not in self.fonts:
            try:
                # The font object is kept with its reading: an id is only unique while it lives.
                self.fonts[key] = (ref, load_font(ref))
            except Exception:
                return None
        return self.fonts[key][1]

    def _show(self, value: Any, tm: Matrix, state: _State) -> Matrix:
        font = state.font
        data = _string_bytes(value)
        if font is None or data is None or not data:
            return tm
        size, h = state.size, state.scale
        a, b, c, d, e, f = tm
        codes = font.decode(data)
        self.count(len(codes))
        bold = font.bold or state.render == FILL_STROKE
        collect = next((span for span in reversed(self.spans) if span is not None), self.glyphs)
        for text, w0, word in codes:
            m = _mul((a, b, c, d, e, f), state.ctm)
            x = state.rise * m[2] + m[4]
            y = state.rise * m[3] + m[5]
            glyph_size = round(abs(size) * math.hypot(m[2], m[3]), 1)
            end = w0 * size * h * m[0] + x
            collect.append(Glyph(text if text is not None else LOST, x, y, end, glyph_size, font.name, bold,
                                 angle=baseline_angle(m[0], m[1])))
            if font.vertical:
                e, f = e - size * c, f - size * d
            else:
                advance = (w0 * size + state.char_space + (state.word_space if word else 0.0)) * h
                e, f = e + advance * a, f + advance * b
        return (a, b, c, d, e, f)

    def _form(self, name: Any, resources: Any, state: _State, depth: int, forms: frozenset[int]) -> None:
        from pypdf.generic import ContentStream

        if depth >= MAX_FORM_DEPTH:
            return
        ref = resources["/XObject"].raw_get(name)
        key = getattr(ref, "idnum", id(ref))
        if key in forms:
            return  # a form that draws itself
        form = ref.get_object()
        if form.get("/Subtype") != "/Form":
            return
        inner = state.copy()
        m = _floats(list(form.get("/Matrix", [])), 6)
        if m is not None:
            inner.ctm = _mul((m[0], m[1], m[2], m[3], m[4], m[5]), inner.ctm)
        content = ContentStream(form, self.reader)
        self.charge(len(content.get_data()))
        self.run(content.operations, form.get("/Resources") or resources, inner, depth + 1, forms | {key})

    def _begin_span(self, op: bytes, operands: list[Any], resources: Any) -> None:
        text = None
        if op == b"BDC" and len(operands) >= 2:
            props = operands[1]
            if isinstance(props, str):
                try:
                    props = resources["/Properties"][props].get_object()
                except Exception:
                    props = None
            actual = props.get("/ActualText") if props is not None and hasattr(props, "get") else None
            if actual is not None:
                text = str(actual)
        if text is None:
            self.spans.append(None)
        else:
            self.spans.append([])
            self.actual.append(text)

    def _end_span(self) -> None:
        if not self.spans:
            return
        span = self.spans.pop()
        if span is None:
            return
        text = self.actual.pop()
        target = next((s for s in reversed(self.spans) if s is not None), None)
        out = target if target is not None else self.glyphs
        if not span:
            return  # nothing drawn: the text has no place on the page
        if not text:
            return  # an empty /ActualText: the glyphs stand for nothing (a decoration)
        first, last = span[0], span[-1]
        out.append(first._replace(text=text, end=max(g.end for g in span) if last.y == first.y else first.end))


def page_glyphs(contents: Any, resources: Any, reader: Any, fonts: dict[Any, tuple[Any, PdfFont]],
                count: Callable[[int], None], charge: Callable[[int], None]) -> list[Glyph]:
    """The glyphs a page's content stream draws (its forms' included), in drawing order."""
    if contents is None:
        return []
    text = PageText(reader, fonts, count, charge)
    resources = resources.get_object() if resources is not None else {}
    text.run(contents.operations, resources, _State())
    return text.glyphs
