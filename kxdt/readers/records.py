"""The record every reader produces and the reflow step consumes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line (or, with `whole`, one whole paragraph) of an issue with its layout hints.

    Hints are `None` when the format does not know them (plain text knows nothing).
    """

    text: str
    page: int | None = None  # printed page number the line is on
    indent: bool | None = None  # starts with a first-line indent (a paragraph start)
    width: float | None = None  # how far the line reaches, in em from the left margin
    full: float | None = None  # the width of a full body line, in em
    size: float | None = None  # font size in pt
    align: str | None = None  # "center", "right", "left" or None
    bold: bool = False
    whole: bool = False  # the line is a complete paragraph (DOCX, Markdown)
    role: str | None = None  # explicit role from a structured source: column/title/toc/source/name/note


@dataclass(frozen=True)
class Document:
    """What a reader returns: lines plus facts about how they were read."""

    lines: tuple[Line, ...]
    kind: str  # "txt", "pdf", "docx", "md"
    notes: tuple[str, ...] = ()  # facts worth telling the user (encoding used, ...)
    warnings: tuple[str, ...] = ()  # doubts about the reading that belong in the warnings
    meta: dict[str, object] = field(default_factory=dict)  # e.g. Markdown front matter
