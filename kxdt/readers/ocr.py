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
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from ..errors import InputError, NoTextError
from ..io.limits import IMAGE_PIXELS, OCR_PAGES
from ..layout.pagenum import page_number
from ..records import Run
from ..text.chars import clean, han_count, width_em

DPI = 200
COARSE_SHARE = 0.9  # a page read at less than this share of DPI is said to be read coarsely
# What a page image may cost OCR, whatever its dpi or page size says: pages are rendered or
# enlarged to at most MAX_PAGE_PIXELS (an A4 page at DPI, and a margin), enlarged at most
# MAX_ENLARGE times, and an image's dpi is believed only between MIN_DPI and MAX_DPI (else it is
# taken for an A4 page's width). Images smaller than MIN_SIDE pixels on a side hold no line of text.
MAX_PAGE_PIXELS = 5_000_000
# The engine detects text on the page scaled to ENGINE_MAX_SIDE pixels on its long side (its own
# setting), and its memory grows with that area: about 250 MB a million pixels. A squarer page
# than A4 is given smaller, so that area stays within MAX_DETECT_PIXELS (an A4 page's).
ENGINE_MAX_SIDE = 2000
MAX_DETECT_PIXELS = 2_900_000
MAX_ENLARGE = 3.0
MIN_DPI, MAX_DPI = 30.0, 2400.0
MIN_SIDE = 8
A4_WIDTH_IN = 8.27
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
    coarse: bool = False  # read at less than DPI (a page too large, or scanned too coarsely)


def resolution_note(pages: list[OcrPage]) -> str | None:
    """What the reader says when pages were read at less than DPI (the bounds on a page's pixels
    and on enlarging), or None."""
    coarse = sum(1 for page in pages if page.coarse)
    if not coarse:
        return None
    return (f"{coarse}页按低于 {DPI} dpi 的分辨率做了文字识别（页面过大时每页至多 {MAX_PAGE_PIXELS // 10000} 万像素，"
            f"扫描分辨率过低时至多放大 {MAX_ENLARGE:g} 倍），请核对识别结果")


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
    """The engine's boxes with their text; a `一` drawn two characters wide is a dash `——`. An
    image the engine cannot take (too small, degenerate) holds no text it can read."""
    if hasattr(image, "shape") and min(image.shape[:2]) < MIN_SIDE:
        return []
    try:
        result, _ = _engine()(image, return_word_box=True)
    except MemoryError:
        raise
    except Exception:  # ONNX Runtime and OpenCV raise their own errors on images they cannot take
        return []
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
    x0, x1 = max(0, int(left - line)), int(right + line)
    for above, below in itertools.pairwise(ordered):
        top, bottom = max(p[1] for p in above[0]), min(p[1] for p in below[0])
        if bottom - top < GAP_MIN * line:
            continue
        # A wider gap (the foot margin above a page number, space around a picture) is searched
        # where a passed-over line would stand: right below the text above it, right above the
        # text below (a paragraph's last line before the page number was lost without a word).
        reach = GAP_MAX * line
        bands = [(top, bottom)] if bottom - top <= reach else [(top, top + reach), (bottom - reach, bottom)]
        for y0, y1 in ((int(a), int(b)) for a, b in bands):
            if crops >= MAX_GAP_CROPS or not _unboxed_text(image[y0:y1, x0:x1], line):
                continue  # white space (or a rule, or specks): nothing the detector passed over
            crops += 1
            for box, text, score in _read(image[y0:y1, x0:x1]):
                found.append(([[p[0] + x0, p[1] + y0] for p in box], text, score))
    return boxes + found


# Ink in a gap worth reading again: rows of it at least this share of a line's height (a rule
# is a few pixels tall) and columns of it at least this many characters wide (specks are not).
MIN_INK_ROWS = 0.3
MIN_INK_COLUMNS = 0.8


def _unboxed_text(window: Any, line: float) -> bool:
    """Whether a gap between the engine's boxes holds ink shaped like text."""
    import numpy as np

    dark = _ink(window)
    rows = np.count_nonzero(np.count_nonzero(dark, axis=1) >= 2)
    columns = np.count_nonzero(dark.any(axis=0))
    return bool(rows >= MIN_INK_ROWS * line and columns >= MIN_INK_COLUMNS * line)


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
    """OCR one page image (a numpy array or a file path); positions in points, y growing up. A
    page without ink (blank, or a one-colour image) is not given to the engine."""
    if hasattr(image, "shape") and (image.min() >= DARK or not _ink(image).any()):
        return OcrPage([], [], [])
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
    return OcrPage(runs, scores, doubtful, coarse=dpi < DPI * COARSE_SHARE)


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
    OCR_PAGES.check(len(indices), path)
    document = pdfium.PdfDocument(data, password=password)
    try:
        done = {}
        for k, index in enumerate(indices, 1):
            page = document[index]
            scale = render_scale(page.get_width(), page.get_height())
            if scale is None:
                done[index] = OcrPage([], [], [])  # a page too small to hold a line
            else:
                bitmap = _render(page, scale, index, path)
                done[index] = ocr_image(bitmap.to_numpy(), index, 72.0 * scale)
            _report(path, k, len(indices))
        return done
    finally:
        document.close()


def render_scale(width: float, height: float) -> float | None:
    """The scale (pixels per point) a page of this size is rendered at for OCR: DPI, or less for
    a page larger than MAX_PAGE_PIXELS at DPI; None for a page too small or malformed to render."""
    if not (math.isfinite(width) and math.isfinite(height)) or min(width, height) * DPI / 72.0 < MIN_SIDE:
        return None
    scale = DPI / 72.0
    return scale * fitting(width * scale, height * scale)


def fitting(width: float, height: float) -> float:
    """How far an image of this many pixels is shrunk for OCR (1.0: not at all): to
    MAX_PAGE_PIXELS, and so that what the engine detects on stays within MAX_DETECT_PIXELS."""
    long, short = max(width, height, 1.0), max(min(width, height), 1.0)
    factor = min(1.0, math.sqrt(MAX_PAGE_PIXELS / (long * short)))
    detected = min(long * factor, ENGINE_MAX_SIDE)
    if detected * detected * short / long > MAX_DETECT_PIXELS:
        factor = min(factor, math.sqrt(MAX_DETECT_PIXELS * long / short) / long)
    return factor


def _render(page: Any, scale: float, index: int, path: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return page.render(scale=scale)
    except pdfium.PdfiumError as err:
        raise InputError(f"PDF 第{index + 1}页无法渲染（{err}）：文件可能已损坏，请重新导出", path=path) from None


def read_image(data: bytes, path: str) -> tuple[list[Run], OcrPage]:
    """A page photographed or scanned to PNG/JPEG/TIFF."""
    pages, ocr_pages = read_images([data], path)
    return pages[0], ocr_pages[0]


def read_images(images: list[bytes], path: str) -> tuple[list[list[Run]], list[OcrPage]]:
    """The pages of one issue as images, in order (each frame of a multi-page TIFF a page of
    its own): page k's runs are on page k."""
    if not available():
        raise NoTextError(f"图片需要文字识别（OCR）才能解析：{INSTALL_HINT}", path=path)
    frames = [frame for data in images for frame in _frames(data, path)]
    done: list[OcrPage] = []
    for index, (data, frame) in enumerate(frames):
        array, dpi = page_image(data, frame, path)
        done.append(ocr_image(array, index, dpi) if array is not None else OcrPage([], [], []))
        _report(path, index + 1, len(frames))
    return snap_sizes([page.runs for page in done]), done


def _frames(data: bytes, path: str) -> list[tuple[bytes, int]]:
    """(image bytes, frame) for each page an image file holds, the pages counted against OCR_PAGES."""
    count = _with_image(data, path, lambda image: getattr(image, "n_frames", 1))
    OCR_PAGES.check(count, path)
    return [(data, frame) for frame in range(count)]


def page_image(data: bytes, frame: int, path: str) -> tuple[Any, float]:
    """One page of an image file as an array for OCR, and its resolution: the size checked
    before it is decoded, the dpi believed only within reason, enlarged (at most MAX_ENLARGE
    times) when scanned below DPI and reduced to MAX_PAGE_PIXELS; None for an image too small
    to hold a line."""

    def load(image: Any) -> tuple[Any, float]:
        import numpy as np
        from PIL import Image

        if frame:
            image.seek(frame)
        IMAGE_PIXELS.check(image.width * image.height, path)
        dpi = _believable_dpi(image.info.get("dpi"), image.width)
        scale = min(DPI / dpi, MAX_ENLARGE) if dpi < DPI * 0.9 else 1.0
        scale = min(scale, fitting(image.width * scale, image.height * scale) * scale)
        width, height = round(image.width * scale), round(image.height * scale)
        if min(width, height) < MIN_SIDE:
            return None, dpi
        original = image.width
        if scale < 1.0 and image.format == "JPEG":
            image.draft("RGB", (width, height))  # decode a JPEG at a fraction of its size
        image = image.convert("RGB")
        if (width, height) != image.size:
            image = image.resize((width, height), Image.Resampling.BICUBIC)
        return np.array(image)[:, :, ::-1], dpi * width / original

    return _with_image(data, path, load)


def _believable_dpi(value: Any, width: int) -> float:
    """An image's stated dpi when it is a number within MIN_DPI..MAX_DPI, else what an A4 page
    this wide would be scanned at."""
    try:
        dpi = float(value[0] if isinstance(value, tuple) else value)
    except (TypeError, ValueError, IndexError, OverflowError):
        dpi = 0.0
    if not (math.isfinite(dpi) and MIN_DPI <= dpi <= MAX_DPI):
        dpi = width / A4_WIDTH_IN
    return min(MAX_DPI, max(MIN_DPI, dpi))


def _with_image(data: bytes, path: str, use: Callable[[Any], Any]) -> Any:
    """Open the image and call `use` on it; whatever the decoder raises on a damaged or hostile
    file (a truncated JPEG, a bomb's header, a chunk that inflates too far) is bad input."""
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PIL's size warnings: kxdt checks the size itself
            with Image.open(io.BytesIO(data)) as image:
                IMAGE_PIXELS.check(image.width * image.height, path)
                return use(image)
    except (InputError, MemoryError):
        raise
    except Image.DecompressionBombError:
        IMAGE_PIXELS.check(IMAGE_PIXELS.value + 1, path)
    except Exception as err:  # PIL's decoders raise OSError, ValueError, SyntaxError, struct.error…
        raise InputError(f"图片无法读取（{type(err).__name__}）：文件可能已损坏或不完整，请重新扫描或导出", path=path) from None
    return None


# Lines of lost text (a font without a Unicode map) read by OCR in one file.
MAX_LOST_SPOTS = 60


def recover_lost_runs(data: bytes, pages: list[list[Run]], password: str | None, path: str) -> tuple[list[list[Run]], int]:
    """Runs whose font had no Unicode map (all U+FFFD) read again by OCR of the spot where they
    are drawn; returns the pages and how many runs were recovered."""
    import pypdfium2 as pdfium

    lost_pages = [k for k, runs in enumerate(pages) if any(_is_lost(r) for r in runs)]
    if not lost_pages:
        return pages, 0
    recovered = read = 0
    document = pdfium.PdfDocument(data, password=password)
    try:
        out = [list(runs) for runs in pages]
        # What OCR may spend here is bounded (pages rendered, spots read); what is left stays
        # lost, and the reader's warning about lost text says so.
        for k in lost_pages[: OCR_PAGES.value]:
            page = document[k]
            height = page.get_height()
            scale = render_scale(page.get_width(), height)
            if scale is None:
                continue
            image = _render(page, scale, k, path).to_numpy()
            for line in _lost_lines(out[k]):
                if read >= MAX_LOST_SPOTS:
                    break
                read += 1
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
                gone = {id(lost) for lost in line}
                out[k] = [r for r in out[k] if id(r) not in gone] + [merged]
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
