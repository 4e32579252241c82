"""Renderers. Enters: an Issue (or search hits, findings); leaves: terminal tables (Rich), JSON,
Markdown, text, or DOCX bytes in the office layout (docx.py over the raw XML of ooxml.py, the
numbers in layout.py). Never parses, never writes files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Issue

if TYPE_CHECKING:
    from .layout import Layout

FORMATS = ("docx", "md", "json", "txt")


def render(issue: Issue, fmt: str, layout: Layout | None = None) -> bytes:
    """The issue as a file's bytes in one of FORMATS (renderers load only when used)."""
    if fmt == "docx":
        from .docx import issue_to_docx
        from .layout import DEFAULT_LAYOUT

        return issue_to_docx(issue, layout or DEFAULT_LAYOUT)
    if fmt == "md":
        from .markdown import issue_to_markdown

        return issue_to_markdown(issue).encode("utf-8")
    if fmt == "txt":
        from .text import issue_to_text

        return issue_to_text(issue).encode("utf-8")
    if fmt == "json":
        from .json import dumps

        return (dumps(issue.to_dict()) + "\n").encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")
