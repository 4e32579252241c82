"""Lines read in order -> Line records with indent, width, size and alignment hints in em, each
measured against the frame of the region it stands in: a column's own margins, or the page's
text block (the body text's usual left edge and right margin) for what spans it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..records import Line
from .lines import RawLine, line_pitch
from .pagenum import page_number, running_key
from .params import (
    CENTER_MIN_INSET_EM,
    CENTER_TOLERANCE_EM,
    INDENT_MIN_EM,
    PARAGRAPH_GAP,
    RUNNING_EDGE_LINES,
    RUNNING_MIN_PAGES,
    RUNNING_SHARE,
)
from .regions import Page, Region

# Lines of the body size within this many pt, longer than BODY_MIN_CHARS characters, say where
# the margins are.
SIZE_TOLERANCE = 0.6
BODY_MIN_CHARS = 4
# The right margin: the line end this share of body lines reach (hanging punctuation passes it).
RIGHT_QUANTILE = 0.9
# A column's right margin is measured from its own lines when it has this many body lines.
MIN_FRAME_LINES = 3
DEFAULT_FULL_EM = 28


def _body(lines: Sequence[RawLine], size: float) -> list[RawLine]:
    return [ln for ln in lines if abs(ln.size - size) < SIZE_TOLERANCE and len(ln.text) > BODY_MIN_CHARS]


def _right_margin(lines: Sequence[RawLine]) -> float:
    ends = sorted(ln.x1 for ln in lines)
    return ends[int(RIGHT_QUANTILE * (len(ends) - 1))]


def _page_frames(pages: list[Page], size: float) -> dict[int, tuple[float, float]]:
    """The text block of the pages in each place on their sheet (one place for plain pages):
    the body's usual left edge and right margin."""
    frames = {}
    for slot in {page.slot for page in pages}:
        body = _body([ln for page in pages if page.slot == slot for ln in page.rows], size)
        left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0] if body else 0
        right = _right_margin(body) if body else left + DEFAULT_FULL_EM * size
        frames[slot] = (left, right)
    return frames


def _frame(region: Region, page_frame: tuple[float, float], size: float) -> tuple[float, float]:
    left = region.left if region.left is not None else page_frame[0]
    right = region.right if region.right is not None else page_frame[1]
    if region.right is not None:
        body = _body(region.lines, size)
        if len(body) >= MIN_FRAME_LINES:
            right = min(right, _right_margin(body))  # a mark hanging into the gutter is not the margin
    return left, right


def hinted_lines(pages: Sequence[Page | list[RawLine]]) -> list[Line]:
    """Turn lines in reading order into Line records with indent/width/alignment in em. A page may
    be given as its lines alone (one region, the page's own frame)."""
    laid = [p if isinstance(p, Page) else Page([Region(list(p))], rows=list(p)) for p in pages]
    sizes: Counter[float] = Counter()
    for page in laid:
        for line in page.rows:
            sizes[line.size] += len(line.text)
    if not sizes:
        return []
    body_size = sizes.most_common(1)[0][0]
    frames = _page_frames(laid, body_size)
    pitch = line_pitch([region.lines for page in laid for region in page.regions], body_size)
    chrome = _running_texts(laid)
    out: list[Line] = []
    for index, page in enumerate(laid):
        number = page.number
        if number is None:
            number = next((n for n in (page_number(ln.text) for ln in page.rows) if n is not None), index + 1)
        for region in page.regions:
            if region.cell and _wrapped(region.lines):
                out.append(_cell_line(region.lines, number, body_size, frames[page.slot][0]))
                continue
            left, right = _frame(region, frames[page.slot], body_size)
            full = max(1.0, (right - left) / body_size)
            centre = (left + right) / 2
            for k, ln in enumerate(region.lines):
                body = abs(ln.size - body_size) < SIZE_TOLERANCE
                # Extra space above a body line starts a paragraph (layouts without indents).
                # Not below a running head or a page number: the first body line of a page
                # goes on with the paragraph the page before left open.
                spaced = (k > 0 and pitch is not None and body
                          and region.lines[k - 1].runs[0].y - ln.runs[0].y > PARAGRAPH_GAP * pitch
                          and not _is_chrome(region.lines[k - 1].text, chrome))
                em = ln.size if ln.size else body_size
                inset = (ln.x0 - left) / em
                mid = ((ln.x0 + ln.x1) / 2 - centre) / em
                align = None
                if inset >= CENTER_MIN_INSET_EM and abs(mid) <= CENTER_TOLERANCE_EM:
                    align = "center"
                elif inset >= CENTER_MIN_INSET_EM and abs(ln.x1 - right) / em <= 1.5 and ln.size <= body_size:
                    align = "right"
                out.append(Line(
                    text=ln.text,
                    page=number,
                    indent=(align is None and (INDENT_MIN_EM <= inset < CENTER_MIN_INSET_EM + 1 or spaced))
                    if body else None,
                    width=(ln.x1 - left) / body_size,
                    full=round(full, 1),
                    size=ln.size,
                    align=align,
                    bold=ln.bold,
                ))
    return out


def _running_texts(pages: Sequence[Page]) -> set[str]:
    """The running heads and feet of the pages (as `running_key` gives them)."""
    on: dict[str, set[int]] = {}
    for index, page in enumerate(pages):
        rows = page.rows
        for ln in list(rows[:RUNNING_EDGE_LINES]) + list(rows[-RUNNING_EDGE_LINES:]):
            on.setdefault(running_key(ln.text), set()).add(index)
    need = max(RUNNING_MIN_PAGES, RUNNING_SHARE * len(pages))
    return {key for key, where in on.items() if len(where) >= need and key}


def _is_chrome(text: str, running: set[str]) -> bool:
    return page_number(text) is not None or (bool(running) and running_key(text) in running)


# A line of a table cell ending so counts as the end of what it says (the next line is more).
_CELL_ENDS = "。！？；：.!?;:"
# Lines of a wrapped cell before its last reach within this many em of its widest line.
CELL_FILL_EM = 1.0


def _wrapped(lines: list[RawLine]) -> bool:
    """Whether a cell's lines are one text wrapped: every line but the last fills the cell and
    does not end what it says."""
    if len(lines) < 2:
        return False
    widest = max(ln.x1 - ln.x0 for ln in lines)
    return all(widest - (ln.x1 - ln.x0) <= CELL_FILL_EM * ln.size and ln.text.rstrip()[-1:] not in _CELL_ENDS
               for ln in lines[:-1])


def _cell_line(lines: list[RawLine], page: int, body_size: float, left: float) -> Line:
    """A table cell's wrapped lines as the one paragraph they are."""
    text = ""
    for ln in lines:
        part = ln.text.strip()
        if text[-1:].isascii() and text[-1:].isalpha() and part[:1].isascii() and part[:1].isalpha():
            text += " "  # a Latin word wrapped at a space
        text += part
    size = Counter(ln.size for ln in lines).most_common(1)[0][0]
    return Line(text=text, page=page, width=(max(ln.x1 for ln in lines) - left) / body_size, size=size,
                bold=all(ln.bold for ln in lines), whole=True)
