"""Glyphs as a PDF draws them -> runs, the same for both PDF backends.

A glyph is one character drawn at one place in one font. Three things are decided here, once:
- a glyph drawn again at (nearly) the same place is one character, and a sign of bold (CJK
  LaTeX and some printer drivers fake bold by drawing each glyph three times, a hair apart);
- a space the PDF prints between two glyphs stays in the text (`（李华 东湖街道科协供稿）`), a
  space only made up by the backend for a gap stays only where a gap is really open;
- a glyph without a real Unicode value becomes `LOST` (U+FFFD), alone: the rest of its font's
  text is kept, and the lost spots are runs of their own (OCR reads them, warnings name them);
  so does a glyph mapped to a character no Chinese bulletin holds (a damaged map's `Þ`, `ᐔ`,
  private use: kxdt.text.plausible).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

from ..records import Run
from ..text.plausible import PLAIN_RE, junk

LOST = "\ufffd"  # a glyph without a Unicode value

# A character more than this many em away from where the previous one ended starts a new run
# (a space, or glyphs of another font that the PDF draws later in the stream).
RUN_GAP = 0.25
# A glyph of the same character drawn again less than this many em from it is the same
# character drawn over (fake bold); real text never sets one character on another.
OVERPRINT_EM = 0.15
# A space the backend made up (pdfium's generated spaces) counts only over a gap this wide (em):
# a space glyph's width (0.2–0.35 em in CJK fonts). A wider gap may be where other glyphs are
# drawn later (LibreOffice sets `“` into a gap of the array that draws `千人…`): no space there.
GENERATED_SPACE_MIN_EM = 0.15
GENERATED_SPACE_MAX_EM = 0.45
# Between two Latin words (or numbers) a gap up to this many em is a word space, as TeX and
# other typesetters leave it (they draw no space glyph); a CJK character needs a whole em.
WORD_GAP_EM = 0.6
# Baselines closer than this (pt) are one baseline; sizes closer than this (pt) are one size.
SAME_BASELINE = 0.5
SAME_SIZE = 0.05


class Glyph(NamedTuple):
    text: str  # the character(s) the glyph stands for: LOST when it has no Unicode value
    x: float  # origin on the baseline, page space
    y: float
    end: float  # x where the glyph's advance ends
    size: float  # font size as set (pt)
    font: str  # the font's name (with its subset tag: two subsets are two fonts)
    bold: bool = False
    generated: bool = False  # a space the backend made up for a gap, not a glyph the PDF draws
    angle: float = 0.0  # the baseline's direction (degrees, counter-clockwise): text drawn turned


def baseline_angle(dx: float, dy: float) -> float:
    """The direction of a text matrix's baseline, in whole degrees (0 for upright text)."""
    return 0.0 if dy == 0 and dx > 0 else float(round(math.degrees(math.atan2(dy, dx))) % 360)


def _overprinted(glyphs: list[Glyph]) -> tuple[set[int], set[int]]:
    """Which glyphs repeat one already drawn at (nearly) the same place, and which glyphs were
    drawn over (by index). Glyphs are looked up by character and baseline (to the point)."""
    drawn: dict[tuple[str, int], list[int]] = {}
    repeat: set[int] = set()
    over: set[int] = set()
    for k, g in enumerate(glyphs):
        key = (g.text, round(g.y))
        earlier = drawn.get(key)
        if earlier is None:
            drawn[key] = [k]
            continue
        for j in earlier:
            first = glyphs[j]
            if abs(first.x - g.x) <= OVERPRINT_EM * g.size and abs(first.size - g.size) <= 0.05 * g.size \
                    and not g.text.isspace() and g.text != LOST:
                repeat.add(k)
                over.add(j)
                break
        else:
            earlier.append(k)
    return repeat, over


def _ascii_word(a: str, b: str) -> bool:
    return a.isascii() and b.isascii() and (a.isalnum() or a in ".,;:%)") and (b.isalnum() or b in "(")


def runs_from_glyphs(glyphs: Iterable[Glyph], page: int) -> list[Run]:
    """Glyphs in drawing order -> runs of one baseline, size, font and boldness; lost glyphs
    make runs of their own."""
    glyphs = list(glyphs)
    repeat, over = _overprinted(glyphs)
    runs: list[Run] = []
    text, x0, y0, size0, end, font0, bold0, lost0, angle0 = "", 0.0, 0.0, 0.0, 0.0, "", False, False, 0.0
    space: Glyph | None = None  # a space waiting to see what follows it

    def close() -> None:
        if text.strip():
            runs.append(Run(text, x0, y0, size0, page, end, bold0, font0, angle0))

    for k, g in enumerate(glyphs):
        if k in repeat:
            continue
        if g.text.isspace():
            if text and space is None:
                space = g
            continue
        bold = g.bold or k in over
        lost = g.text == LOST or (junk(g.text) if len(g.text) == 1
                                  else not PLAIN_RE.fullmatch(g.text) and any(junk(ch) for ch in g.text))
        if lost:
            g = g._replace(text=LOST)
        same_line = bool(text) and abs(g.y - y0) < SAME_BASELINE and abs(g.size - size0) < SAME_SIZE \
            and g.font == font0 and bold == bold0 and lost == lost0 and g.angle == angle0
        gap = g.x - end
        spaced = space is not None and abs(g.y - y0) < SAME_BASELINE and (
            -RUN_GAP * g.size <= g.x - max(space.end, end) <= RUN_GAP * g.size if not space.generated
            else GENERATED_SPACE_MIN_EM * g.size <= gap <= GENERATED_SPACE_MAX_EM * g.size)
        joiner = None
        if same_line:
            if spaced:
                joiner = " "
            elif -RUN_GAP * g.size <= gap <= RUN_GAP * g.size:
                joiner = ""
            elif RUN_GAP * g.size < gap <= WORD_GAP_EM * g.size and _ascii_word(text[-1], g.text[:1]):
                joiner = " "
        space = None
        if joiner is not None:
            text += joiner + g.text
            end = g.end
            continue
        if spaced:
            text += " "  # the space stands between this run and the next (in another font)
        close()
        text, x0, y0, size0, end, font0, bold0, lost0, angle0 = g.text, g.x, g.y, g.size, g.end, g.font, bold, lost, g.angle
    close()
    return runs

