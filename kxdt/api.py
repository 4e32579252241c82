"""The library's entry points: read and parse files, with their origin recorded."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .io.limits import PDF_PAGES
from .model import Issue
from .parse import explain_document, parse_document
from .parse.evidence import Decision
from .readers import is_image, load, read_bytes, read_page_images
from .readers import read as read_document
from .readers.fetch import fetch, is_url
from .records import Document

if TYPE_CHECKING:
    from .archive.store import Archive, FileResult
    from .check.findings import Finding

__all__ = ["check_bytes", "explain_file", "file_copy", "page_files", "parse", "parse_bytes", "parse_file", "parse_pages",
           "parse_text", "read_document"]
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")


def parse(document: Document, *, path: str | None = None) -> Issue:
    """Parse what a reader read."""
    return parse_document(document, path=path)


def explain_file(path: str | os.PathLike[str], *, password: str | None = None) -> tuple[Issue, list[tuple[str, Decision]]]:
    """Read and parse one file; the issue, and each block's text with what the parser decided
    it is (role, confidence, the signals behind it)."""
    name = str(path)
    document = read_bytes(load(path), name, password=password)
    issue, trace = explain_document(document, path=name)
    return issue, trace


def parse_text(text: str, *, name: str = "<text>") -> Issue:
    """Parse a bulletin given as a string (the text layer of a PDF)."""
    document = read_bytes(text.encode("utf-8", "replace"), name + ("" if "." in name else ".txt"))
    return parse(document, path=name)


def parse_file(path: str | os.PathLike[str], *, password: str | None = None) -> tuple[Issue, Document]:
    """Read and parse one file, or a web address; the Issue carries the file's path (or the
    address) and the SHA-256 of its bytes."""
    name = str(path)
    if is_url(name):
        fetched = fetch(name)
        data = fetched.data
        document = read_bytes(data, fetched.name, password=password, charset=fetched.charset)
        if fetched.redirects:
            document = replace(document, notes=(f"网址已重定向到 {fetched.url}", *document.notes))
        issue = parse(document, path=name)
        return issue.with_origin(name, hashlib.sha256(data).hexdigest()), document
    return parse_bytes(load(path), name, password=password)


def parse_bytes(data: bytes, name: str, *, password: str | None = None) -> tuple[Issue, Document]:
    """Read and parse a file's bytes (an upload); `name` is the file's name, for messages and
    the Issue's `file`."""
    document = read_bytes(data, name, password=password)
    issue = parse(document, path=name)
    return issue.with_origin(name, hashlib.sha256(data).hexdigest()), document


def check_bytes(data: bytes, name: str, *, archive: Archive | None = None) -> tuple[Issue, list[Finding]]:
    """Parse a file's bytes and proofread the issue as `kxdt check` does (with the archive's
    history when it holds any issue)."""
    from .check import check_issue, raw_texts

    issue, document = parse_bytes(data, name)
    usable = archive if archive is not None and not archive.is_empty() else None
    return issue, check_issue(issue, archive=usable, raw=raw_texts(issue, document))


def file_copy(archive: Archive, issue: Issue, data: bytes, folder: str | os.PathLike[str]) -> FileResult:
    """File an issue read from bytes (an upload): the bytes are kept in `folder` first, so the
    archive records a file that exists; a refused issue leaves no copy behind."""
    from .compose import safe_file_name
    from .io.files import keep_copy

    given = Path((issue.file or "upload").replace("\\", "/"))
    suffix = given.suffix.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", given.suffix) else ""
    path, created = keep_copy(data, safe_file_name(given.stem) + suffix, folder)
    try:
        return archive.add(issue.with_origin(str(path), issue.sha256))
    except BaseException:
        if created:
            path.unlink(missing_ok=True)
        raise


def _natural(path: Path) -> list[object]:
    """`p2.png` before `p10.png`: digits compare as numbers."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.name)]


def page_files(inputs: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Page images as given, and a folder's page images in natural name order."""
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files.extend(sorted((p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES),
                                key=_natural))
        else:
            files.append(path)
    return files


def parse_pages(inputs: Sequence[str | os.PathLike[str]]) -> tuple[Issue, Document]:
    """Several page images (or folders of them) read through OCR as the pages of one issue, in
    the order given (a folder's in natural name order). The issue's file is the folder, or the
    first page; its hash covers every page."""
    files = page_files(inputs)
    label = str(inputs[0]) if len(inputs) == 1 and Path(inputs[0]).is_dir() else str(files[0] if files else "")
    if not files:
        raise InputError("没有找到页面图片（PNG、JPEG、TIFF、BMP）：请给出图片文件或放图片的文件夹", path=label or None)
    PDF_PAGES.check(len(files), label)
    pages = [load(f) for f in files]
    for file, data in zip(files, pages):
        if not is_image(data):
            raise InputError("--pages 只接受页面图片（PNG、JPEG、TIFF、BMP）：这个文件不是图片", path=str(file))
    document = read_page_images(pages, label)
    issue = parse(document, path=label)
    digest = hashlib.sha256(b"".join(hashlib.sha256(data).digest() for data in pages)).hexdigest()
    return issue.with_origin(label, digest), document
