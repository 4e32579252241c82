"""PDF reader: a PDF's text layer as positioned runs (text, baseline origin, size, boldness, font),
page by page. Two backends give the same glyphs: pypdf (always there; the text state is followed
by pdfcontent.py, fonts decoded by pdffonts.py) and pypdfium2 (`pip install kxdt[fast]`), which is
used when installed; glyphs.py turns either's glyphs into runs. Layout happens later (kxdt.layout,
via positioned.py).
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
from .glyphs import LOST, SAME_BASELINE, Glyph, baseline_angle, runs_from_glyphs
from .pdfcontent import FILL_STROKE, page_glyphs
from .pdffonts import BOLD_NAME_RE, BOLD_WEIGHT


def _pypdf_runs(data: bytes, path: str, password: str | None) -> tuple[list[list[Run]], int]:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        with _quiet_pypdf():
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                _decrypt_pypdf(reader, path, password)
            pages: list[list[Run]] = []
            images = 0
            PDF_PAGES.check(len(reader.pages), path)
            drawn = [0]
            fonts: dict[Any, Any] = {}  # each font read once for the whole document

            def charge(size: int) -> None:
                drawn[0] += size
                PDF_CONTENT_BYTES.check(drawn[0], path)

            read: dict[int, int] = {}  # page object -> the index it was first read at
            for index, page in enumerate(reader.pages):
                again = read.setdefault(_object_number(page, index), index)
                if again != index:  # the same page object listed again in the page tree
                    pages.append([replace(run, page=index) for run in pages[again]])
                    continue
                contents = page.get_contents()
                size = len(contents.get_data()) if contents is not None else 0
                PDF_PAGE_CONTENT_BYTES.check(size, path)
                charge(size)
                glyph_count = [0]

                def count(n: int, glyph_count: list[int] = glyph_count) -> None:
                    glyph_count[0] += n
                    PDF_PAGE_CHARS.check(glyph_count[0], path)

                runs = runs_from_glyphs(page_glyphs(contents, page.get("/Resources"), reader, fonts, count, charge),
                                        index)
                pages.append(runs)
                if not runs:
                    images += _image_count(page)
            return pages, images
    except (EncryptedError, InputError):
        raise
    except FileNotDecryptedError:
        raise EncryptedError("PDF 已加密：请用 --password 提供打开密码", path=path) from None
    except (PdfReadError, RecursionError, MemoryError, Exception) as err:
        raise InputError(f"PDF 文件已损坏（{type(err).__name__}）：请重新导出或重新下载", path=path) from None


_CID_NAME_RE = re.compile(r"/cid\d+")


def _object_number(page: Any, index: int) -> int:
    """The page's object number (a page tree may list one page object many times); pages
    without one are told apart by their index."""
    reference = getattr(page, "indirect_reference", None)
    return reference.idnum if reference is not None else -1 - index


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
    images = 0
    try:
        PDF_PAGES.check(len(document), path)
        for index in range(len(document)):
            page = document[index]
            PDF_PAGE_OBJECTS.check(raw.FPDFPage_CountObjects(page.raw), path)
            textpage = page.get_textpage()  # keep a reference: its raw handle dies with it
            PDF_PAGE_CHARS.check(raw.FPDFText_CountChars(textpage.raw), path)
            runs = runs_from_glyphs(_pdfium_page_glyphs(textpage.raw), index)
            if not runs:
                images += sum(1 for obj in page.get_objects() if obj.type == raw.FPDF_PAGEOBJ_IMAGE)
            pages.append(runs)
    except pdfium.PdfiumError as err:
        raise InputError(f"PDF 文件已损坏（{err}）：请重新导出或重新下载", path=path) from None
    finally:
        document.close()
    return pages, images


@functools.cache
def _pdfium_calls() -> tuple[Any, Any, Any, Any]:
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


def _pdfium_page_glyphs(textpage: object) -> list[Glyph]:
    """The page's characters as glyphs: baseline origin, advance, size and font. The text comes
    in bulk; per character pdfium is asked for its text object, origin, whether its font could
    map it to Unicode, and (for white space) whether pdfium made it up for a gap."""
    import pypdfium2.raw as raw

    # Per glyph: text, x, y, size, font name, bold, text object (None: a made-up space), index, angle.
    found: list[list[Any]] = []
    ox, oy = ctypes.c_double(), ctypes.c_double()
    px, py = ctypes.pointer(ox), ctypes.pointer(oy)
    matrix = raw.FS_MATRIX()
    last_object, name, bold, size, angle = None, "", False, 0.0, 0.0
    fonts: dict[int, tuple[str, bool]] = {}
    count = raw.FPDFText_CountChars(textpage)
    page_text = _pdfium_page_text(textpage, count) if count > 0 else ""
    text_object, origin, generated, unmapped = _pdfium_calls()
    handle_value = ctypes.cast(textpage, ctypes.c_void_p).value
    low_next = False
    for k in range(count):
        if low_next:  # the second half of a surrogate pair, read with the first
            low_next = False
            continue
        if page_text is not None:
            ch = page_text[k]
        else:
            code = raw.FPDFText_GetUnicode(textpage, k)
            if 0xD800 <= code <= 0xDBFF and k + 1 < count:
                low = raw.FPDFText_GetUnicode(textpage, k + 1)
                if 0xDC00 <= low <= 0xDFFF:
                    code, low_next = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), True
            ch = chr(code)
        made_up = ch.isspace() and generated(handle_value, k) == 1
        if made_up and ch in "\r\n":
            continue  # the line breaks pdfium adds
        if made_up:
            origin(handle_value, k, px, py)
            found.append([" ", ox.value, oy.value, size, "", False, None, k, angle])
            continue
        address = text_object(handle_value, k)
        if address != last_object:
            last_object = address
            handle = raw.FPDFText_GetTextObject(textpage, k)
            font_handle = raw.FPDFTextObj_GetFont(handle)
            font = ctypes.cast(font_handle, ctypes.c_void_p).value or 0
            if font not in fonts:
                fonts[font] = _pdfium_font(font_handle, font)
            name, bold = fonts[font]
            bold = bold or raw.FPDFTextObj_GetTextRenderMode(handle) == FILL_STROKE
            # The size as set: the font size times the text and page matrices' vertical scale
            # (cairo sets every font at 1 pt and scales it with the matrix); one per text object.
            raw.FPDFText_GetMatrix(textpage, k, ctypes.byref(matrix))
            size = round(raw.FPDFText_GetFontSize(textpage, k) * math.hypot(matrix.c, matrix.d), 1)
            angle = baseline_angle(matrix.a, matrix.b)
        origin(handle_value, k, px, py)
        x, y = ox.value, oy.value
        if unmapped(handle_value, k) == 1 or _NOT_TEXT_RE.match(ch):
            ch = LOST  # pdfium gives such a glyph's code (a `\n` for code 10): no character
        elif ch in "\r\n":
            continue
        if found and found[-1][6] == address and ch != LOST != found[-1][0] \
                and abs(found[-1][1] - x) < _SAME_ORIGIN and abs(found[-1][2] - y) < _SAME_ORIGIN:
            # One glyph that stands for several characters (a ligature, `——` set as one dash):
            # pdfium gives each at the glyph's origin.
            found[-1][0] += ch
            continue
        found.append([ch, x, y, size, name, bold, address, k, angle])
    return _with_advances(found, textpage)


def _with_advances(found: list[list[Any]], textpage: object) -> list[Glyph]:
    """Glyphs, each ending where the next glyph of its text object starts on its baseline
    (pdfium gives origins, not advances), else where pdfium's loose box (its advance) ends."""
    import pypdfium2.raw as raw

    box = raw.FS_RECTF()
    glyphs: list[Glyph] = []
    for k, (text, x, y, size, name, bold, address, index, angle) in enumerate(found):
        if address is None:
            glyphs.append(Glyph(text, x, y, x, size, "", False, True, angle))
            continue
        widest = x + _MAX_ADVANCE * size * len(text)
        after = found[k + 1] if k + 1 < len(found) else None
        if after is not None and after[6] == address and abs(after[2] - y) < SAME_BASELINE and x < after[1] <= widest:
            end = after[1]
        elif raw.FPDFText_GetLooseCharBox(textpage, index, box) and x < box.right <= widest:
            end = box.right
        else:
            end = x + sum(char_em(ch) for ch in text) * size
        glyphs.append(Glyph(text, x, y, end, size, name, bold, angle=angle))
    return glyphs


# Characters pdfium places closer than this (pt) in one text object belong to one glyph.
_SAME_ORIGIN = 0.01
# A glyph's advance is taken from the next glyph's origin up to this many em (a wider step is
# a jump in the text object, not an advance).
_MAX_ADVANCE = 1.5


# What a font without a (usable) Unicode map gives instead of text: controls, U+FFFD,
# noncharacters, lone surrogates.
_NOT_TEXT_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ufffe\uffff\ufdd0-\ufdef\ud800-\udfff]")


def _pdfium_font(handle: object, address: int) -> tuple[str, bool]:
    """A font's name (told apart by its address when it has none) and whether it is bold."""
    import pypdfium2.raw as raw

    if not handle:
        return "", False
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
    from .pdfcost import check_pdf_cost

    check_pdf_cost(data, path, password)  # what reading it would cost, before a backend pays it
    raw_pages, images = _BACKENDS[name](data, path, password)
    return name, raw_pages, images
