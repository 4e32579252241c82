"""The issue model: frozen dataclasses whose `to_dict` shape is the documented JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

MASTHEAD_FIELDS = ("name", "year", "number", "total", "issuer", "date")


@dataclass(frozen=True)
class Masthead:
    name: str | None = None
    year: int | None = None
    number: int | None = None  # 第N期, counted within the year
    total: int | None = None  # 总第N期, never restarts
    issuer: str | None = None
    date: str | None = None  # ISO date, YYYY-MM-DD

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "year": self.year,
            "number": self.number,
            "total": self.total,
            "issuer": self.issuer,
            "date": self.date,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Masthead:
        return cls(**{k: data.get(k) for k in MASTHEAD_FIELDS})

    def label(self) -> str:
        """`2023年第21期（总第74期）`, with whatever parts are known."""
        parts = []
        if self.year is not None:
            parts.append(f"{self.year}年")
        if self.number is not None:
            parts.append(f"第{self.number}期")
        if self.total is not None:
            parts.append(f"（总第{self.total}期）")
        return "".join(parts)


@dataclass(frozen=True)
class Article:
    title: str
    paragraphs: tuple[str, ...] = ()
    column: str | None = None
    source: str | None = None
    page: int | None = None
    captions: tuple[str, ...] = ()  # photo captions printed with the article
    credits: tuple[str, ...] = ()  # `文/…`, `图/…`, `撰稿：…`, `摄影：…`, `责任编辑：…`
    notes: tuple[str, ...] = ()  # footnotes and endnotes (注释) of the article
    confidence: float | None = None  # how sure the parser is of this article (0–1); None: not parsed

    def to_dict(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "title": self.title,
            "paragraphs": list(self.paragraphs),
            "source": self.source,
            "page": self.page,
            "captions": list(self.captions),
            "credits": list(self.credits),
            "notes": list(self.notes),
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(
            title=data["title"],
            paragraphs=tuple(data.get("paragraphs") or ()),
            column=data.get("column"),
            source=data.get("source"),
            page=data.get("page"),
            captions=tuple(data.get("captions") or ()),
            credits=tuple(data.get("credits") or ()),
            notes=tuple(data.get("notes") or ()),
            confidence=_fraction(data.get("confidence")),
        )


def _fraction(value: Any) -> float | None:
    """A confidence read back from JSON: a number from 0 to 1, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if 0.0 <= value <= 1.0 else None


@dataclass(frozen=True)
class Confidence:
    """How sure the parser is of an issue (each 0–1): overall, each masthead field (None for a
    field it did not find) and the contents (the share of entries that name an article; None
    without contents). Each article carries its own."""

    overall: float
    masthead: tuple[tuple[str, float | None], ...] = ()
    contents: float | None = None

    def field(self, name: str) -> float | None:
        return dict(self.masthead).get(name)

    def to_dict(self) -> dict[str, Any]:
        return {"overall": self.overall, "masthead": {k: dict(self.masthead).get(k) for k in MASTHEAD_FIELDS},
                "contents": self.contents}

    @classmethod
    def from_dict(cls, data: Any) -> Confidence | None:
        if not isinstance(data, dict) or _fraction(data.get("overall")) is None:
            return None
        fields = data.get("masthead") if isinstance(data.get("masthead"), dict) else {}
        return cls(overall=float(data["overall"]), masthead=tuple((k, _fraction(fields.get(k))) for k in MASTHEAD_FIELDS),
                   contents=_fraction(data.get("contents")))


@dataclass(frozen=True)
class Issue:
    masthead: Masthead = field(default_factory=Masthead)
    toc: tuple[str, ...] = ()  # the 目录提要 highlights, as printed
    articles: tuple[Article, ...] = ()
    warnings: tuple[str, ...] = ()
    file: str | None = None
    sha256: str | None = None
    note: str | None = None  # 编者按 before the first article (paragraphs joined by newlines)
    ocr: float | None = None  # read through OCR: the engine's mean confidence (0–1); None otherwise
    confidence: Confidence | None = None  # how sure the parser is; None for an issue not parsed by kxdt

    def to_dict(self) -> dict[str, Any]:
        return {
            "masthead": self.masthead.to_dict(),
            "note": self.note,
            "toc": list(self.toc),
            "articles": [a.to_dict() for a in self.articles],
            "warnings": list(self.warnings),
            "confidence": self.confidence.to_dict() if self.confidence else None,
            "ocr": self.ocr,
            "file": self.file,
            "sha256": self.sha256,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Issue:
        return cls(
            masthead=Masthead.from_dict(data.get("masthead") or {}),
            toc=tuple(data.get("toc") or ()),
            articles=tuple(Article.from_dict(a) for a in data.get("articles") or ()),
            warnings=tuple(data.get("warnings") or ()),
            file=data.get("file"),
            sha256=data.get("sha256"),
            note=data.get("note"),
            ocr=data.get("ocr"),
            confidence=Confidence.from_dict(data.get("confidence")),
        )

    def with_origin(self, file: str | None, sha256: str | None) -> Issue:
        return replace(self, file=file, sha256=sha256)

    @property
    def columns(self) -> tuple[str, ...]:
        """Columns in order of first appearance."""
        seen: dict[str, None] = {}
        for article in self.articles:
            if article.column:
                seen.setdefault(article.column)
        return tuple(seen)
