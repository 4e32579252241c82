"""PDF reader: a PDF's text layer as positioned runs (text, baseline origin, size, boldness), page
by page. Two backends give the same runs: pypdf (always there) and pypdfium2 (`pip install
kxdt[fast]`), which is used when installed. Layout happens later (kxdt.layout, via positioned.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import io
import logging
import math
import os
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ..errors import EncryptedError, InputError
from ..io.limits import PDF_CONTENT_BYTES, PDF_PAGE_CHARS, PDF_PAGE_CONTENT_BYTES, PDF_PAGE_OBJECTS, PDF_PAGES
from ..records import Run
from ..text.chars import char_em

# A character more than this many em away from where the previous one ended starts a new run
# (a space, or glyphs of another font that the PDF draws later in the stream).
RUN_GAP = 0.25


# A font whose name says it is bold or heavy (黑体 column labels count: a heavier face than the body).
_BOLD_NAME_RE = re.compile(r"bold|black|heavy|semibold|demibold|hei|黑", re.IGNORECASE)


def _pypdf_bold(font: object) -> bool:
    try:
        name = str(font.get("/BaseFont", ""))  # type: ignore[attr-defined]
    except Exception:
        return False
    return bool(_BOLD_NAME_RE.search(name))


def _pypdf_runs(data: bytes, path: str, password: str | None) -> tuple[list[list[Run]], int]:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        with _quiet_pypdf():
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                _decrypt_pypdf(reader, path, password)
            pages: list[list[Run]] = []
            fonts: list[list[int]] = []  # the font of each run
            images = 0
            PDF_PAGES.check(len(reader.pages), path)
            drawn = 0
            heavy: dict[int, bool] = {}  # bold or not, by font
            for index, page in enumerate(reader.pages):
                contents = page.get_contents()
                size = len(contents.get_data()) if contents is not None else 0
                PDF_PAGE_CONTENT_BYTES.check(size, path)
                drawn += size
                PDF_CONTENT_BYTES.check(drawn, path)
                runs: list[Run] = []
                used: list[int] = []
                origin = [math.nan, math.nan]  # where pypdf said the last piece started

                def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                          runs: list[Run] = runs, used: list[int] = used, index: int = index,
                          origin: list[float] = origin) -> None:
                    if not text or not text.strip():
                        return
                    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                    scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
                    reported = (x, y)
                    if runs and abs(origin[1] - y) < 0.01 and abs(origin[0] - x) < 0.01:
                        # pypdf reports the origin where the text line began for every piece of a
                        # TJ array (cairo, Ghostscript): each piece goes on where the last one ended.
                        x = runs[-1].right
                    origin[:] = reported
                    glyphs = _CID_NAME_RE.sub("\ufffd", text)  # `/cid123`: a glyph pypdf could not map
                    key = id(font)
                    if key not in heavy:
                        heavy[key] = _pypdf_bold(font)
                    runs.append(Run(glyphs, x, y, round(size * scale, 1), index, bold=heavy[key],
                                    angle=_angle(tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3])))
                    used.append(key)

                page.extract_text(visitor_text=visit)
                pages.append(runs)
                fonts.append(used)
                if not runs:
                    images += _image_count(page)
            return _drop_unmapped_fonts(pages, fonts), images
    except (EncryptedError, InputError):
        raise
    except FileNotDecryptedError:
        raise EncryptedError("PDF 已加密：请用 --password 提供打开密码", path=path) from None
    except (PdfReadError, RecursionError, MemoryError, Exception) as err:
        raise InputError(f"PDF 文件已损坏（{type(err).__name__}）：请重新导出或重新下载", path=path) from None


_CID_NAME_RE = re.compile(r"/cid\d+")


def _angle(dx: float, dy: float) -> float:
    """The direction of a text matrix's baseline, in whole degrees (0 for upright text)."""
    return 0.0 if dy == 0 and dx > 0 else float(round(math.degrees(math.atan2(dy, dx))) % 360)


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs and warns about fonts it cannot fully read (`fontTools is required…`); kxdt
    says what was lost itself, so none of that reaches the user raw."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _unmapped(ch: str) -> bool:
    """A character that no real text contains: a glyph code passed through without a Unicode map."""
    code = ord(ch)
    return (code < 0x20 and ch not in "\t\r\n") or 0x7F <= code <= 0x9F or code == 0xFFFD


def _drop_unmapped_fonts(pages: list[list[Run]], fonts: list[list[int]]) -> list[list[Run]]:
    """A font any of whose text is unmapped glyph codes (a font without a ToUnicode map, as
    Ghostscript leaves a subset it re-encoded) gives no real text at all, even where its codes
    happen to be printable: each of its glyphs becomes U+FFFD, which the parser reports."""
    bad = {font for runs, used in zip(pages, fonts) for run, font in zip(runs, used)
           if any(_unmapped(ch) for ch in run.text)}
    if not bad:
        return pages
    return [[replace(run, text=LOST * len(run.text.strip())) if font in bad else run
             for run, font in zip(runs, used)] for runs, used in zip(pages, fonts)]


LOST = "\ufffd"  # a glyph without a Unicode map


def _image_count(page: object) -> int:
    try:
        return len(page.images)  # type: ignore[attr-defined]
    except Exception:
        return 0


def _decrypt_pypdf(reader: object, path: str, password: str | None) -> None:
    from pypdf.errors import DependencyError

    try:
        if password is None:
            if reader.decrypt(""):  # type: ignore[attr-defined]
                return  # encrypted with an empty user password: opens like any PDF
            raise EncryptedError("PDF 已加密：请用 --password 提供打开密码", path=path)
        if not reader.decrypt(password):  # type: ignore[attr-defined]
            raise EncryptedError("PDF 密码不对：请检查 --password 的值", path=path)
    except DependencyError:
        raise EncryptedError("PDF 用 AES 加密，需要 cryptography：请运行 pip install 'pypdf[crypto]'", path=path) from None


def _pdfium_runs(data: bytes, path: str, password: str | None) -> tuple[list[list[Run]], int]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            if password is None:
                raise EncryptedError("PDF 已加密：请用 --password 提供打开密码", path=path) from None
            raise EncryptedError("PDF 密码不对：请检查 --password 的值", path=path) from None
        raise InputError(f"PDF 文件已损坏或不完整（{err}）：请重新导出或重新下载", path=path) from None
    pages: list[list[Run]] = []
    fonts: list[list[int]] = []
    images = 0
    try:
        PDF_PAGES.check(len(document), path)
        for index in range(len(document)):
            page = document[index]
            PDF_PAGE_OBJECTS.check(raw.FPDFPage_CountObjects(page.raw), path)
            textpage = page.get_textpage()  # keep a reference: its raw handle dies with it
            PDF_PAGE_CHARS.check(raw.FPDFText_CountChars(textpage.raw), path)
            runs, used = _pdfium_page_runs(textpage.raw, index)
            if not runs:
                images += sum(1 for obj in page.get_objects() if obj.type == raw.FPDF_PAGEOBJ_IMAGE)
            pages.append(runs)
            fonts.append(used)
    except pdfium.PdfiumError as err:
        raise InputError(f"PDF 文件已损坏（{err}）：请重新导出或重新下载", path=path) from None
    finally:
        document.close()
    return _drop_unmapped_fonts(pages, fonts), images


@functools.cache
def _pdfium_calls() -> tuple[Any, Any, Any]:
    """pdfium's per-character calls with plain C types: a text object comes back as an int
    (no pointer object to make and cast) and the origin is written to two doubles made once."""
    import pypdfium2_raw.bindings as bindings

    lib = bindings._libs["pdfium"]
    text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(("FPDFText_GetTextObject", lib))
    origin = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double),
                              ctypes.POINTER(ctypes.c_double))(("FPDFText_GetCharOrigin", lib))
    generated = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int)(("FPDFText_IsGenerated", lib))
    return text_object, origin, generated


def _pdfium_page_text(textpage: object, count: int) -> str | None:
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


_UNALIGNED_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")


def _pdfium_page_runs(textpage: object, index: int) -> tuple[list[Run], list[int]]:
    """Characters with their baseline origin and size, merged into runs of one baseline, size
    and font; and the font of each run. The text comes in bulk; per character pdfium is asked
    only for its text object and origin (and, for white space, whether it generated it)."""
    import pypdfium2.raw as raw

    runs: list[Run] = []
    used: list[int] = []
    text, x0, y0, size0, end, font0, bold0, angle0 = "", 0.0, 0.0, 0.0, 0.0, 0, False, 0.0
    ox, oy = ctypes.c_double(), ctypes.c_double()
    px, py = ctypes.pointer(ox), ctypes.pointer(oy)
    matrix = raw.FS_MATRIX()
    last_object, font, bold, size, angle = None, 0, False, 0.0, 0.0
    heavy: dict[int, bool] = {}
    count = raw.FPDFText_CountChars(textpage)
    page_text = _pdfium_page_text(textpage, count) if count > 0 else ""
    text_object, origin, generated = _pdfium_calls()
    handle_value = ctypes.cast(textpage, ctypes.c_void_p).value
    for k in range(count):
        if page_text is not None:
            ch = page_text[k]
            code = ord(ch)
        else:
            code = raw.FPDFText_GetUnicode(textpage, k)
            ch = chr(code) if code not in (0, 0xFFFE) else ""
        if code in (0, 0xFFFE) or ch in "\r\n":
            continue
        if ch.isspace() and generated(handle_value, k) == 1:
            continue
        address = text_object(handle_value, k)
        if address != last_object:
            last_object = address
            font_handle = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(textpage, k))
            font = ctypes.cast(font_handle, ctypes.c_void_p).value or 0
            if font not in heavy:
                heavy[font] = _pdfium_bold(font_handle)
            bold = heavy[font]
            # The size as set: the font size times the text and page matrices' vertical scale
            # (cairo sets every font at 1 pt and scales it with the matrix); one per text object.
            raw.FPDFText_GetMatrix(textpage, k, ctypes.byref(matrix))
            size = round(raw.FPDFText_GetFontSize(textpage, k) * math.hypot(matrix.c, matrix.d), 1)
            angle = _angle(matrix.a, matrix.b)
        origin(handle_value, k, px, py)
        x, y = ox.value, oy.value
        if text and abs(y - y0) < 0.5 and abs(size - size0) < 0.05 and font == font0 \
                and -RUN_GAP * size <= x - end <= RUN_GAP * size:
            text += ch
            end = x + char_em(ch) * size
            continue
        if text.strip():
            runs.append(Run(text, x0, y0, size0, index, end, bold0, angle0))
            used.append(font0)
        text, x0, y0, size0, end, font0, bold0, angle0 = ch, x, y, size, x + char_em(ch) * size, font, bold, angle
    if text.strip():
        runs.append(Run(text, x0, y0, size0, index, end, bold0, angle0))
        used.append(font0)
    return runs, used


_BOLD_WEIGHT = 600


def _pdfium_bold(font: object) -> bool:
    import pypdfium2.raw as raw

    if not font:
        return False
    if raw.FPDFFont_GetWeight(font) >= _BOLD_WEIGHT:
        return True
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if size <= 0:
        return False
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFFont_GetBaseFontName(font, buffer, size)
    return bool(_BOLD_NAME_RE.search(buffer.value.decode("utf-8", "replace")))


def backend_names() -> list[str]:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return ["pypdf"]
    return ["pypdfium2", "pypdf"]


_BACKENDS: dict[str, Callable[[bytes, str, str | None], tuple[list[list[Run]], int]]] = {
    "pypdf": _pypdf_runs,
    "pypdfium2": _pdfium_runs,
}


def extract_runs(data: bytes, path: str, *, password: str | None = None,
                 backend: str | None = None) -> tuple[str, list[list[Run]], int]:
    """The backend used, each page's runs, and how many images the text-less pages hold."""
    if b"%%EOF" not in data[-2048:]:
        raise InputError("PDF 文件不完整（没有文件结尾，可能下载或复制中断）：请重新下载或重新导出", path=path)
    name = backend or os.environ.get("KXDT_PDF_BACKEND") or backend_names()[0]
    if name not in _BACKENDS:
        raise InputError(f"未知的 PDF 解析后端 {name}：可选 pypdf 或 pypdfium2", path=path)
    raw_pages, images = _BACKENDS[name](data, path, password)
    return name, raw_pages, images
