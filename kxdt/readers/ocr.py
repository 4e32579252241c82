"""Scans through OCR (`pip install 'kxdt[ocr]'`): RapidOCR with the PP-OCR models its wheel ships,
on ONNX Runtime; nothing is downloaded at run time.

Each text box the engine finds becomes a `Run` like those the PDF reader makes — text, left and
right edge, baseline, size in points — so the same line building and layout hints (indents,
centring, larger titles) and the same parser read a scan as they read a PDF.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from ..errors import NoTextError
from ..layout.pagenum import page_number
from ..records import Run
from ..text.chars import clean, han_count, width_em

DPI = 200
# A box whose confidence is below this is named in a warning.
LOW_CONFIDENCE = 0.8
# Box heights within this share of the most common one are the body size (OCR boxes jitter).
SIZE_SNAP = 0.15
SHORT_SNAP = 0.3  # the same, for a size measured by a short box's height
# A box is a little taller than the type it holds.
BOX_TO_POINT = 0.78
INSTALL_HINT = "请安装 OCR 扩展：pip install 'kxdt[ocr]'"
# Marks OCR reads for others between Han characters: `丶` for `、`, a quote for `，`.
_HAN = "\u4e00-\u9fff"
_FIXES = (
    (re.compile(f"(?<=[{_HAN}])丶"), "、"),
    (re.compile(f"(?<=[{_HAN}0-9])[’'‘](?=[{_HAN}])"), "，"),
    (re.compile(f"(?<=[{_HAN}])°"), "。"),
    # A small full stop read as a middle dot (transliterated names keep theirs only when the
    # dot stands between two Latin-free name parts, which this cannot tell: a known cost).
    (re.compile(f"(?<=[{_HAN}0-9”）])·(?=[{_HAN}“（]|$)"), "。"),
    # The two-em dash read as 一一, except where 一一 is the adverb "one by one" before a verb.
    (re.compile(f"(?<=[{_HAN}”])[一—]{{2}}(?!对应|列举|介绍|解答|回答|答复|说明|检查|核对|落实|对照|记录|登记|"
                f"道来|展示|讲解|作答|点评|询问|查看|核实|确认|对接)(?=[{_HAN}“])"), "——"),
)
# The size of type from a box: its width over the text's width in em (CJK type advances one em a
# character, so this is steady), or from its height for short texts.
MIN_CHARS_FOR_WIDTH = 4


@dataclass(frozen=True)
class OcrPage:
    runs: list[Run]
    scores: list[float]
    doubtful: list[tuple[str, float]]  # low-confidence texts


# Who wants to hear of each page OCR finishes (OCR takes seconds a page): (path, done, total).
PageProgress = Callable[[str, int, int], None]
_progress: ContextVar[PageProgress | None] = ContextVar("kxdt_ocr_progress", default=None)


@contextmanager
def page_progress(callback: PageProgress) -> Iterator[None]:
    """Call `callback` after each page OCR reads within this block (the core never prints)."""
    token = _progress.set(callback)
    try:
        yield
    finally:
        _progress.reset(token)


def _report(path: str, done: int, total: int) -> None:
    callback = _progress.get()
    if callback is not None:
        callback(path, done, total)


def available() -> bool:
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


@functools.cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


_PAGE_NUMBER_RE = re.compile(r"^[-—–一－]+\s*(\d{1,4})\s*[-—–一－]+$")


def _fix(text: str) -> str:
    for pattern, replacement in _FIXES:
        text = pattern.sub(replacement, text)
    text = _PAGE_NUMBER_RE.sub(r"— \1 —", text)  # `一4一`: a page number whose dashes read as 一
    if '"' in text and re.search(f"[{_HAN}]", text):
        text = _curly_quotes(text)
    return text


def _curly_quotes(text: str) -> str:
    """ASCII double quotes in Chinese text: opening or closing by what is open before them."""
    out = []
    for ch in text:
        if ch == '"':
            ch = "”" if "".join(out).count("“") > "".join(out).count("”") else "“"
        out.append(ch)
    return "".join(out)


# A vertical gap between detected lines of body text the height of one or two missing lines (in
# box heights) is searched again: the detector sometimes passes over one line of a dense page
# that it finds in a crop of it.
GAP_MIN, GAP_MAX = 1.5, 4.0
# A lost spot is read with this much (em) of the page on each side (white for the detector),
# and no more than NEIGHBOUR_MARGIN where readable text stands beside it (a single lost glyph
# sits between two characters, which must not be read again).
SPOT_MARGIN = 1.0
NEIGHBOUR_MARGIN = 0.08
# Lost runs on one baseline with nothing readable between them and less than this many em
# apart are one spot.
SPOT_GAP = 3.0
MAX_GAP_CROPS = 12


def _read(image: Any) -> list[tuple[list[list[float]], str, float]]:
    """The engine's boxes with their text; a `一` drawn two characters wide is a dash `——`."""
    result, _ = _engine()(image, return_word_box=True)
    boxes = []
    for found in result or []:
        box, text, score = found[0], str(found[1]), float(found[2])
        chars = found[3] if len(found) > 3 else None
        if chars and len(chars) == len(text) and "一" in text:
            widths = [c[1][0] - c[0][0] for c in chars]
            usual = sorted(widths)[len(widths) // 2]
            text = "".join("——" if ch == "一" and (w >= WIDE_DASH * usual or _long_stroke(image, c, usual)) else ch
                           for ch, w, c in zip(text, widths, chars))
        boxes.append((list(map(list, box)), text, score))
    return boxes


# A 一 at least this many characters wide is the two-em dash.
WIDE_DASH = 1.6
# A horizontal stroke longer than this many characters is a dash: no Han character's stroke
# reaches beyond its own em (a `——` drawn as one line may be boxed as one ordinary character).
LONG_STROKE = 1.1


def _long_stroke(image: Any, box: Any, usual: float) -> bool:
    """Whether the ink at a `一`'s box is a horizontal line longer than LONG_STROKE characters:
    the longest run of dark pixels on any row of the box, followed beyond it on both sides."""
    if not hasattr(image, "shape") or usual <= 0:
        return False
    import numpy as np

    xs = [p[0] for p in box]
    ys = [p[1] for p in box]
    top, bottom = max(0, int(min(ys))), min(image.shape[0], int(max(ys)) + 1)
    left, right = max(0, int(min(xs) - usual)), min(image.shape[1], int(max(xs) + usual) + 1)
    if bottom <= top or right <= left:
        return False
    centre = (min(xs) + max(xs)) / 2 - left
    for row in _ink(image[top:bottom, left:right]):
        edges = np.flatnonzero(np.diff(np.concatenate(([0], row.view(np.int8), [0]))))
        for start, end in zip(edges[::2], edges[1::2]):
            # Through the character's middle, longer than a character, not a rule under a line.
            if start <= centre <= end and LONG_STROKE * usual <= end - start <= RULE * usual:
                return True
    return False


DARK = 128


def _ink(window: Any) -> Any:
    """Which pixels of an image window are ink (darker than DARK), colour or grey."""
    return (window.mean(axis=2) if window.ndim == 3 else window) < DARK
RULE = 2.6  # a line longer than this many characters is a rule or an underline, not a dash


def _detect(image: Any) -> list[tuple[list[list[float]], str, float]]:
    """The engine's boxes, plus lines found in the gaps it left between them; a bullet the
    engine left out of a line (a list's ● after its first item) is put back."""
    boxes = _read(image)
    if len(boxes) < 3 or not hasattr(image, "shape"):
        return boxes
    boxes = [(box, "●" + text, score) if text[:1] not in BULLETS and _bullet_before(image, box) else (box, text, score)
             for box, text, score in boxes]
    heights = sorted(b[0][3][1] - b[0][0][1] for b in boxes)
    line = heights[len(heights) // 2]
    left = min(p[0] for b in boxes for p in b[0])
    right = max(p[0] for b in boxes for p in b[0])
    ordered = sorted(boxes, key=lambda b: b[0][0][1])
    found = []
    crops = 0
    for above, below in itertools.pairwise(ordered):
        top, bottom = max(p[1] for p in above[0]), min(p[1] for p in below[0])
        if not GAP_MIN * line <= bottom - top <= GAP_MAX * line or crops >= MAX_GAP_CROPS:
            continue
        crops += 1
        y0, y1 = int(top), int(bottom)
        x0, x1 = max(0, int(left - line)), int(right + line)
        for box, text, score in _read(image[y0:y1, x0:x1]):
            found.append(([[p[0] + x0, p[1] + y0] for p in box], text, score))
    return boxes + found


BULLETS = "●•·◆■"


def _bullet_before(image: Any, box: Any) -> bool:
    """A filled round mark at a line's start (about half a character across, as tall as wide,
    with a gap before the text): a list bullet the engine did not read. The engine's box may
    cover part of it, so the first ink from a little left of the box is measured."""
    import numpy as np

    ys = [p[1] for p in box]
    em = (max(ys) - min(ys)) * BOX_TO_POINT / 0.78  # the box is a little taller than the type
    x0 = min(p[0] for p in box)
    if em <= 4:
        return False
    middle = (min(ys) + max(ys)) / 2
    top, bottom = int(middle - 0.5 * em), int(middle + 0.5 * em) + 1
    left, right = int(x0 - 1.3 * em), int(x0 + 0.9 * em)
    if top < 0 or left < 0 or bottom > image.shape[0] or right > image.shape[1]:
        return False
    dark = _ink(image[top:bottom, left:right])
    columns = np.flatnonzero(dark.any(axis=0))
    if not len(columns) or columns[0] == 0:
        return False
    gaps = np.flatnonzero(np.diff(columns) > 1)
    if not len(gaps):
        return False  # no gap between the first ink and the text
    blob = dark[:, columns[0] : columns[gaps[0]] + 1]
    rows = np.flatnonzero(blob.any(axis=1))
    blob = blob[rows[0] : rows[-1] + 1]
    tall, wide = blob.shape
    if not (BULLET_SIZE[0] * em <= tall <= BULLET_SIZE[1] * em and 0.75 <= wide / tall <= 1.33):
        return False
    # Round and solid: a solid middle and empty corners (a character's first stroke block, even
    # in bold, has white inside, or ink in its corners).
    cut_h, cut_w = max(1, tall // 5), max(1, wide // 5)
    corners = [blob[:cut_h, :cut_w], blob[:cut_h, -cut_w:], blob[-cut_h:, :cut_w], blob[-cut_h:, -cut_w:]]
    middle = blob[tall * 3 // 10 : tall * 7 // 10 + 1, wide * 3 // 10 : wide * 7 // 10 + 1]
    return bool(middle.mean() >= 0.9 and max(c.mean() for c in corners) <= 0.35)


BULLET_SIZE = (0.25, 0.9)  # the bullet's diameter, in characters


def ocr_image(image: Any, page: int, dpi: float = DPI) -> OcrPage:
    """OCR one page image (a numpy array or a file path); positions in points, y growing up."""
    result = _detect(image)
    scale = 72.0 / dpi
    runs: list[Run] = []
    scores: list[float] = []
    doubtful: list[tuple[str, float]] = []
    for box, text, score in result:
        text = _fix(text).strip()
        if not text:
            continue
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        height = ((ys[3] - ys[0]) + (ys[2] - ys[1])) / 2 * BOX_TO_POINT
        ems = width_em(clean(text))
        # Short lines of Han characters are measured by width too (a 2-character title line
        # would otherwise take its size from a box height that says little).
        size = max((max(xs) - min(xs)) / ems, height) if _measured_by_width(text) and ems else height
        runs.append(Run(text, min(xs) * scale, -max(ys) * scale, round(size * scale, 1), page, max(xs) * scale))
        scores.append(float(score))
        if float(score) < LOW_CONFIDENCE and page_number(text) is None:
            doubtful.append((text, float(score)))
    return OcrPage(runs, scores, doubtful)


def _measured_by_width(text: str) -> bool:
    """Whether a box's type size comes from its width (steady: CJK type advances one em a
    character) rather than its height (a box is only roughly as tall as its type): lines of
    MIN_CHARS_FOR_WIDTH characters, and shorter lines of Han characters only."""
    chars = len(clean(text))
    return chars >= MIN_CHARS_FOR_WIDTH or (chars >= 2 and han_count(text) == chars)


def snap_sizes(pages: list[list[Run]]) -> list[list[Run]]:
    """Sizes near the most common one become it: the body is one size, as in print. A size
    measured by a short box's height (`心）` ending a wrapped source) is trusted less."""
    sizes = Counter(round(r.size) for runs in pages for r in runs for _ in r.text)
    if not sizes:
        return pages
    body = float(sizes.most_common(1)[0][0])

    def near(r: Run) -> bool:
        return abs(r.size - body) <= (SIZE_SNAP if _measured_by_width(r.text) else SHORT_SNAP) * body

    return [[replace(r, size=body) if near(r) else replace(r, size=round(r.size)) for r in runs] for runs in pages]


def ocr_pdf_pages(data: bytes, indices: list[int], password: str | None, path: str) -> dict[int, OcrPage]:
    """Render the given pages of a PDF with pdfium and OCR them."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise NoTextError(f"扫描件，没有文字层：{INSTALL_HINT}", path=path) from None
    document = pdfium.PdfDocument(data, password=password)
    try:
        done = {}
        for k, index in enumerate(indices, 1):
            bitmap = document[index].render(scale=DPI / 72.0)
            done[index] = ocr_image(bitmap.to_numpy(), index)
            _report(path, k, len(indices))
        return done
    finally:
        document.close()


def read_image(data: bytes, path: str) -> tuple[list[Run], OcrPage]:
    """A page photographed or scanned to PNG/JPEG/TIFF."""
    pages, ocr_pages = read_images([data], path)
    return pages[0], ocr_pages[0]


def read_images(images: list[bytes], path: str) -> tuple[list[list[Run]], list[OcrPage]]:
    """The pages of one issue as images, in order: page k's runs are on page k."""
    if not available():
        raise NoTextError(f"图片需要文字识别（OCR）才能解析：{INSTALL_HINT}", path=path)
    import io

    import numpy as np
    from PIL import Image

    done: list[OcrPage] = []
    for index, data in enumerate(images):
        with Image.open(io.BytesIO(data)) as image:
            dpi = float(image.info.get("dpi", (0, 0))[0] or image.width / 8.27)  # else an A4 page's width
            image = image.convert("RGB")
            if dpi < DPI * 0.9:
                # Scanned at less than OCR reads best at: enlarged to DPI, as PDF pages are rendered.
                image = image.resize((round(image.width * DPI / dpi), round(image.height * DPI / dpi)),
                                     Image.Resampling.BICUBIC)
                dpi = float(DPI)
            array = np.array(image)[:, :, ::-1]
        done.append(ocr_image(array, index, dpi))
        _report(path, index + 1, len(images))
    return snap_sizes([page.runs for page in done]), done


def recover_lost_runs(data: bytes, pages: list[list[Run]], password: str | None, path: str) -> tuple[list[list[Run]], int]:
    """Runs whose font had no Unicode map (all U+FFFD) read again by OCR of the spot where they
    are drawn; returns the pages and how many runs were recovered."""
    import pypdfium2 as pdfium

    lost_pages = [k for k, runs in enumerate(pages) if any(_is_lost(r) for r in runs)]
    if not lost_pages:
        return pages, 0
    recovered = 0
    document = pdfium.PdfDocument(data, password=password)
    try:
        out = [list(runs) for runs in pages]
        for k in lost_pages:
            page = document[k]
            height = page.get_height()
            scale = DPI / 72.0
            image = page.render(scale=scale).to_numpy()
            for line in _lost_lines(out[k]):
                first, last = line[0], line[-1]
                size = max(r.size for r in line)
                left, right = _spot_margins(out[k], line, size)
                x0 = max(0, int((first.x - left) * scale))
                x1 = min(image.shape[1], int((last.right + right) * scale))
                y0 = max(0, int((height - first.y - size * 1.3) * scale))
                y1 = min(image.shape[0], int((height - first.y + size * 0.5) * scale))
                if x1 - x0 < 4 or y1 - y0 < 4:
                    continue
                texts = [text for _, text, _ in sorted(_read(image[y0:y1, x0:x1]), key=lambda b: b[0][0][0])]
                # The spot's own box, from its ascent to its descent: no neighbour's ink.
                inner = image[max(0, int((height - first.y - BODY_ASCENT * size) * scale)):
                              int((height - first.y + BODY_DESCENT * size) * scale),
                              max(0, int(first.x * scale)):int(last.right * scale)]
                text = clean("".join(_fix(t) for t in texts)) or _dash(inner, size * scale)
                if not text:
                    continue
                recovered += 1
                merged = Run(text, first.x, first.y, size, first.page, last.right)
                out[k] = [r for r in out[k] if not any(r is lost for lost in line)] + [merged]
        return out, recovered
    finally:
        document.close()


# A spot whose ink is one horizontal line no thicker than this share of an em is a dash (the
# engine reads no text in a lone `——`).
DASH_THICKNESS = 0.15
DASH_BREAK = 0.25  # em between the two dashes of a `——` set as two glyphs
# A dash fills its em (its ink touches both sides, so that two make one line); the stroke of
# 一 stops short of that (about 0.9 em), and is never taken for one.
DASH_LENGTH = 0.95
# A glyph's body reaches this far (em) above and below its baseline.
BODY_ASCENT, BODY_DESCENT = 0.9, 0.2


def _dash(window: Any, em: float) -> str:
    """`—`, `——` when a spot holds nothing but one thin horizontal line that fills its ems (runs
    of ink on a row, joined over small breaks between the dashes); anything else in the spot
    (the strokes of 二, 办, 工…) and it is no dash."""
    import numpy as np

    ink = _ink(window)
    rows = np.flatnonzero(ink.sum(axis=1) > 1)
    if not rows.size or rows[-1] - rows[0] > DASH_THICKNESS * em:
        return ""
    longest = 0
    for row in ink[rows[0] : rows[-1] + 1]:
        edges = np.flatnonzero(np.diff(np.concatenate(([0], row.view(np.int8), [0]))))
        start = end = 0
        for a, b in zip(edges[::2], edges[1::2]):
            if end and a - end <= DASH_BREAK * em:
                end = b
            else:
                start, end = a, b
            longest = max(longest, int(end - start))
    if longest < DASH_LENGTH * em:
        return ""
    return "—" * min(3, round(longest / em))


def _spot_margins(runs: list[Run], spot: list[Run], size: float) -> tuple[float, float]:
    """How much of the page to read beside a lost spot (pt): up to SPOT_MARGIN em, but not into
    the readable text beside it on its line (a single lost glyph sits between two)."""
    first, last = spot[0], spot[-1]
    left = right = SPOT_MARGIN * size
    for run in runs:
        if _is_lost(run) or _invisible(run) or abs(run.y - first.y) > 0.4 * size:
            continue
        if run.right <= first.x + 0.1 * size:
            left = min(left, max(NEIGHBOUR_MARGIN * size, first.x - run.right))
        elif run.x >= last.right - 0.1 * size:
            right = min(right, max(NEIGHBOUR_MARGIN * size, run.x - last.right))
    return left, right


def _invisible(run: Run) -> bool:
    """Text that draws nothing: spaces, zero-width joiners and other format characters."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in run.text)


def _is_lost(run: Run) -> bool:
    """Nothing but lost glyphs (and the spaces printed between them)."""
    text = "".join(run.text.split())
    return bool(text) and set(text) == {"\ufffd"}


def _lost_lines(runs: list[Run]) -> list[list[Run]]:
    """Lost runs grouped by baseline, left to right, into spots: lost runs that follow one
    another with nothing readable between them (a dash drawn as a stroke may stand there) and
    no wider gap than SPOT_GAP em."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x)):
        if lines and abs(lines[-1][0].y - run.y) <= 0.4 * run.size:
            lines[-1].append(run)
        else:
            lines.append([run])
    spots: list[list[Run]] = []
    for line in lines:
        spot: list[Run] = []
        for run in line:
            if _invisible(run):
                continue  # a zero-width joiner between two dashes parts nothing
            lost = _is_lost(run)
            if spot and (not lost or run.x - spot[-1].right > SPOT_GAP * run.size):
                spots.append(spot)
                spot = []
            if lost:
                spot.append(run)
        if spot:
            spots.append(spot)
    return spots
