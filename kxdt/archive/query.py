"""Search over the archive: query terms -> FTS5 expression, verification, counts and snippets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..text.chars import clean
from ..text.variants import to_simplified
from .tokens import fold_case, query_phrase

SNIPPET_BEFORE = 24
SNIPPET_AFTER = 40
_QUOTED_RE = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」|(\S+)')


def _contains(text: str) -> str:
    """A LIKE pattern for "contains `text`": its `%`, `_` and the escape character are literal."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class SearchFilters:
    year: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    column: str | None = None
    source: str | None = None
    total: int | None = None
    name: str | None = None  # the publication (刊名), matched in part

    def sql(self, *, issues_only: bool = False) -> tuple[str, list[Any]]:
        """The filters as `AND …` conditions on issues `i` and articles `a`, with their values
        (on issues `i` alone with `issues_only`)."""
        conditions = (
            (self.name, "i.name LIKE ? ESCAPE '\\'", _contains),
            (self.year, "i.year = ?", None),
            (self.date_from, "i.date >= ?", None),
            (self.date_to, "i.date <= ?", None),
            (None if issues_only else self.column, "a.column_name LIKE ? ESCAPE '\\'", _contains),
            (None if issues_only else self.source, "a.source LIKE ? ESCAPE '\\'", _contains),
            (self.total, "i.total = ?", None),
        )
        where: list[str] = []
        args: list[Any] = []
        for value, condition, shape in conditions:
            if value is None or value == "":
                continue
            where.append(condition)
            args.append(shape(value) if shape else value)
        return "".join(f" AND {w}" for w in where), args

    def issue_sql(self) -> tuple[str, list[Any]]:
        """The conditions on issues alone (what narrows the index to those issues' days)."""
        return self.sql(issues_only=True)

    def describe(self) -> str:
        """The filters in force, in words (`2025年内、栏目含“科普”`), or ""."""
        parts = []
        if self.name:
            parts.append(f"刊名含“{self.name}”")
        if self.total is not None:
            parts.append(f"总第{self.total}期")
        if self.year is not None:
            parts.append(f"{self.year}年内")
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or '最早'}至{self.date_to or '最近'}")
        if self.column:
            parts.append(f"栏目含“{self.column}”")
        if self.source:
            parts.append(f"来源含“{self.source}”")
        return "、".join(parts)


@dataclass(frozen=True)
class Hit:
    name: str | None
    total: int | None
    year: int | None
    number: int | None
    date: str | None
    column: str | None
    title: str
    source: str | None
    page: int | None
    snippet: str
    count: int
    in_title: bool
    issue_id: int | None = None  # where the hit is in the archive (not part of the JSON contract)
    seq: int | None = None  # the article's 0-based place in its issue

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "total": self.total, "year": self.year, "number": self.number, "date": self.date,
            "column": self.column, "title": self.title, "source": self.source, "page": self.page,
            "snippet": self.snippet, "count": self.count,
        }


@dataclass(frozen=True)
class SearchResult:
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    matched: int  # articles that match, before --limit
    offset: int = 0  # hits skipped before these (a later page)
    more: bool = False  # counted only as far as asked: more than `matched` articles match

    @property
    def complete(self) -> bool:
        return not self.more and self.offset + len(self.hits) >= self.matched

    @property
    def occurrences(self) -> int:
        return sum(h.count for h in self.hits)


# Punctuation a person types around a word (`科普日，`, a quote left open `北京科学嘉年华”`):
# not part of what is searched, unless the term is nothing else.
_EDGE_PUNCT = "，。、；：？！,.;:?!…—-–·“”‘’\"'「」『』《》〈〉（）()【】[]{}<>"


def _trim(term: str) -> str:
    trimmed = term.strip(_EDGE_PUNCT + " \u3000")
    return trimmed or term


def split_terms(query: str) -> list[str]:
    """Words are ANDed; a quoted phrase ("…", “…”) is one term, exactly as written; punctuation
    around an unquoted word is not part of it."""
    terms = []
    for match in _QUOTED_RE.finditer(query):
        quoted = next((g for g in match.groups()[:3] if g), None)
        term = match_form(clean(quoted if quoted is not None else _trim(match.group(4))))
        if term:
            terms.append(term)
    if not terms:
        raise UsageError("查询为空：请输入要搜索的词，例如 kxdt search 科普日")
    return terms


def fts_expression(terms: list[str]) -> str:
    phrases = []
    for term in terms:
        phrase = query_phrase(term)
        if phrase is None:
            raise UsageError(f"“{term}”里没有可搜索的文字或数字：请换一个词")
        phrases.append(phrase)
    return " AND ".join(phrases)


def title_expression(terms: list[str]) -> str:
    return "title : (" + " OR ".join(p for p in (query_phrase(t) for t in terms) if p) + ")"


def match_form(text: str) -> str:
    """The form texts and terms are compared in: simplified characters, lower case (the same
    length as the text, so positions carry over)."""
    return fold_case(to_simplified(text))


def article_match(title: str, body: str, terms: list[str]) -> tuple[str, int] | None:
    """An article's snippet and how often the terms occur in it (title and paragraphs), or None
    when it lacks a term (the index over-approximates: a phrase across paragraphs). The article
    is folded once; positions in the folded text are positions in the article's own."""
    folded = match_form(title + "\n" + body)
    if not all(t in folded for t in terms):
        return None
    if any("\n" in t for t in terms) or "Σ" in body or "Σ" in title:
        # Never from split_terms, or Greek text whose final sigma lower-cases by context (folded
        # as a whole and paragraph by paragraph they may differ): counted paragraph by paragraph.
        paragraphs = body.split("\n") if body else []
        count = count_in(title, terms) + sum(count_in(p, terms) for p in paragraphs)
        return snippet(paragraphs, terms) if any(t in match_form(body) for t in terms) else title, count
    folded_title, folded_body = folded[: len(title)], folded[len(title) + 1 :]
    count = sum(folded_title.count(t) + folded_body.count(t) for t in terms)
    found = [(folded_body.find(t), t) for t in terms if t in folded_body]
    if not found:
        return title, count
    # The first occurrence in the body is in the first paragraph holding any term.
    start, term = min(found)
    first = body.rfind("\n", 0, start) + 1
    last = body.find("\n", start)
    last = len(body) if last < 0 else last
    left = max(first, start - SNIPPET_BEFORE)
    right = min(last, start + len(term) + SNIPPET_AFTER)
    return ("…" if left > first else "") + body[left:right] + ("…" if right < last else ""), count


def count_in(text: str, terms: list[str]) -> int:
    low = match_form(text)
    return sum(low.count(t) for t in terms)


def marks(text: str, terms: list[str] | tuple[str, ...]) -> list[tuple[str, bool]]:
    """The text cut into pieces, each marked True where it is an occurrence of a term (terms in
    match form; overlapping occurrences are merged): what a page highlights."""
    low = match_form(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = low.find(term) if term else -1
        while start >= 0:
            spans.append((start, start + len(term)))
            start = low.find(term, start + 1)
    merged: list[list[int]] = []  # overlapping or touching occurrences are one piece
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[tuple[str, bool]] = []
    done = 0
    for start, end in merged:
        if start > done:
            pieces.append((text[done:start], False))
        pieces.append((text[start:end], True))
        done = end
    if done < len(text):
        pieces.append((text[done:], False))
    return pieces


def snippet(paragraphs: list[str], terms: list[str], lows: list[str] | None = None) -> str:
    """Plain text around the first occurrence of any term, within its paragraph (`lows`: the
    paragraphs' match forms, when the caller has them)."""
    for k, text in enumerate(paragraphs):
        low = lows[k] if lows is not None else match_form(text)
        positions = [(low.find(t), t) for t in terms if low.find(t) >= 0]
        if positions:
            start, term = min(positions)
            left = max(0, start - SNIPPET_BEFORE)
            right = min(len(text), start + len(term) + SNIPPET_AFTER)
            return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")
    return paragraphs[0][: SNIPPET_BEFORE + SNIPPET_AFTER] if paragraphs else ""
