"""Readers. Enters: a file's bytes (or a web address, fetch.py); leaves: a Document of Line records
(kxdt.records). One module per format; positioned text (PDF, OCR of scans) goes through the page
layout in positioned.py.

`read()` picks the reader by the file's content (magic bytes), using the name only to refuse
formats kxdt does not read. pypdf and python-docx are imported inside their readers only; old
word-processor formats (.doc, .wps, .rtf, .odt) are converted to DOCX by LibreOffice.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from ..errors import InputError
from ..records import Document, Line
from .convert import LEGACY_FORMATS, legacy_kind, to_docx
from .webpage import looks_like_html, looks_like_mhtml

__all__ = ["SUPPORTED_SUFFIXES", "Document", "Line", "is_image", "load", "read", "read_bytes", "read_page_images"]

SUPPORTED_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".pdf", ".docx", ".html", ".htm", ".shtml", ".xhtml",
                      ".mhtml", ".mht", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", *LEGACY_FORMATS)
MAX_FILE_BYTES = 200 * 1024 * 1024
# PNG, JPEG, TIFF (both byte orders), BMP: page images, read through OCR.
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM")


def kind_of(data: bytes, suffix: str) -> str:
    if data.startswith(b"%PDF") or (b"%PDF-" in data[:1024] and suffix == ".pdf"):
        return "pdf"
    if looks_like_html(data) or looks_like_mhtml(data):
        return "html"
    if data.startswith(_IMAGE_MAGIC):
        return "image"
    if legacy_kind(data, suffix):
        return "legacy"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix == ".pdf":
        raise InputError("不是有效的 PDF 文件（文件头损坏或不是 PDF）：请重新导出 PDF", path=None)
    if suffix == ".docx":
        raise InputError("不是有效的 DOCX 文件（可能是改了扩展名的其他文件）：请在 Word 中重新另存为 DOCX", path=None)
    return "txt"


def read_bytes(data: bytes, path: str, *, password: str | None = None, charset: str | None = None) -> Document:
    """Read bytes by their content (`path` names them in messages; `charset` is a web
    server's word on a page's encoding)."""
    suffix = Path(path).suffix.lower()
    try:
        kind = kind_of(data, suffix)
    except InputError as err:
        raise InputError(err.message, path=path) from None
    if kind == "pdf":
        from .positioned import read_pdf

        return read_pdf(data, path, password=password)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data, path)
    if kind == "image":
        return read_page_images([data], path)
    if kind == "html":
        from .html import read_html

        return read_html(data, path, charset=charset)
    if kind == "legacy":
        return _read_converted(data, path, legacy_kind(data, suffix) or suffix[1:])
    if kind == "md":
        from .markdown import read_markdown

        return read_markdown(data, path)
    from .text import read_text

    return read_text(data, path)


def read_page_images(images: list[bytes], path: str) -> Document:
    """Page images (scans, photos) of one issue, in page order, read through OCR."""
    from .ocr import read_images, resolution_note
    from .positioned import document_from_runs, ocr_summary

    pages, ocr_pages = read_images(images, path)
    note = "图片已做文字识别（OCR）" if len(pages) == 1 else f"{len(pages)}页图片已做文字识别（OCR），按页序合为一期"
    coarse = resolution_note(ocr_pages)
    return document_from_runs(pages, len(pages), path, kind="image", meta=ocr_summary(ocr_pages),
                              notes=[note, *([coarse] if coarse else [])])


def is_image(data: bytes) -> bool:
    return data.startswith(_IMAGE_MAGIC)


def _read_converted(data: bytes, path: str, kind: str) -> Document:
    """A .doc/.wps/.rtf/.odt file, converted to DOCX by LibreOffice and read as DOCX."""
    from .docx import read_docx

    what = LEGACY_FORMATS.get(f".{kind}", LEGACY_FORMATS.get(Path(path).suffix.lower(), "文件"))
    document = read_docx(to_docx(data, path, what), path)
    note = f"{what}已用 LibreOffice 转换为 DOCX 后解析"
    return replace(document, notes=(note, *document.notes), meta={**document.meta, "converted_from": kind})


def read(path: str | os.PathLike[str], *, password: str | None = None) -> Document:
    """Read one file into a Document; every failure is an InputError with a way out."""
    return read_bytes(load(path), str(path), password=password)


def load(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, after the checks that say what is wrong with a path (missing, a folder,
    empty, too large, a format kxdt does not read)."""
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError("文件不存在：请检查路径是否写对", path=name)
    if p.is_dir():
        raise InputError("这是一个文件夹，不是文件：请指定简报文件（kxdt parse 可以直接处理整个文件夹）", path=name)
    suffix = p.suffix.lower()
    if suffix and suffix not in SUPPORTED_SUFFIXES:
        raise InputError(f"不支持的文件类型 {suffix}：kxdt 读取 PDF、DOCX（及 DOC、WPS、RTF、ODT）、网页（HTML、MHTML）、TXT 和 Markdown", path=name)
    size = p.stat().st_size
    if size == 0:
        raise InputError("文件是空的：请确认导出或下载是否完整", path=name)
    if size > MAX_FILE_BYTES:
        raise InputError(f"文件过大（{size // 1048576} MB）：简报文件一般不超过 200 MB，请确认文件无误", path=name)
    try:
        return p.read_bytes()
    except OSError as err:
        raise InputError(f"无法读取文件（{err.strerror}）：请检查文件权限", path=name) from None
