"""The library's entry points: read and parse files, with their origin recorded."""

from __future__ import annotations

import hashlib
import os

from .fetch import fetch, is_url
from .model import Issue
from .parse import parse_document
from .readers import load, read_bytes
from .readers import read as read_document
from .readers.records import Document

__all__ = ["parse", "parse_file", "parse_text", "read_document"]


def parse(document: Document, *, path: str | None = None) -> Issue:
    """Parse what a reader read."""
    return parse_document(document, path=path)


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
        issue = parse(document, path=name)
        return issue.with_origin(name, hashlib.sha256(data).hexdigest()), document
    data = load(path)
    document = read_bytes(data, name, password=password)
    issue = parse(document, path=name)
    return issue.with_origin(name, hashlib.sha256(data).hexdigest()), document
