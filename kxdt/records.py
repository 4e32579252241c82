"""The records that flow through the pipeline: `Run` (positioned text a PDF or OCR reader gives the
page layout), `Line` (what every reader returns, with layout hints) and `Document` (a reader's result)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .text.chars import clean, width_em


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
    role: str | None = None  # explicit role from a structured source: column/title/toc/source/name/note;
    # "page": a page-number line (a text layer's bare `3` told by its sequence)


@dataclass(frozen=True)
class Document:
    """What a reader returns: lines plus facts about how they were read."""

    lines: tuple[Line, ...]
    kind: str  # "txt", "pdf", "docx", "md"
    notes: tuple[str, ...] = ()  # facts worth telling the user (encoding used, ...)
    warnings: tuple[str, ...] = ()  # doubts about the reading that belong in the warnings
    meta: dict[str, object] = field(default_factory=dict)  # e.g. Markdown front matter


@dataclass(frozen=True)
class Run:
    """Text drawn at one place in one font and size, as a PDF text layer or an OCR box gives it."""

    text: str
    x: float
    y: float  # baseline (or centre line), growing upwards
    size: float
    page: int  # 0-based page index
    end: float | None = None  # x where the run ends, when the backend knows it
    bold: bool = False  # set in a bold or heavy font (by the font's name), or overprinted
    font: str = ""  # the PDF font it is drawn in (empty for OCR): the text layer is judged per font
    angle: float = 0.0  # direction of the baseline in degrees, counter-clockwise (text drawn turned)

    @property
    def right(self) -> float:
        return self.end if self.end is not None else self.x + width_em(clean(self.text)) * self.size
