"""PDF reader: a PDF's text layer as positioned runs (text, baseline origin, size, boldness, font),
page by page. Two backends give the same glyphs: pypdf (always there; the text state is followed
by pdfcontent.py, fonts decoded by pdffonts.py) and pypdfium2 (`pip install kxdt[fast]`), which is
used when installed; glyphs.py turns either's glyphs into runs. Layout happens later (kxdt.layout,
via positioned.py).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ..errors import EncryptedError, InputError
from ..io.limits import PDF_CONTENT_BYTES, PDF_PAGE_CHARS, PDF_PAGE_CONTENT_BYTES, PDF_PAGE_OBJECTS, PDF_PAGES
from ..records import Run
from .glyphs import runs_from_glyphs
from .pdfcontent import page_glyphs
from .pdfium_glyphs import page_glyphs as pdfium_page_glyphs


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
            runs = runs_from_glyphs(pdfium_page_glyphs(textpage.raw), index)
            if not runs:
                images += sum(1 for obj in page.get_objects() if obj.type == raw.FPDF_PAGEOBJ_IMAGE)
            pages.append(runs)
    except pdfium.PdfiumError as err:
        raise InputError(f"PDF 文件已损坏（{err}）：请重新导出或重新下载", path=path) from None
    finally:
        document.close()
    return pages, images


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
