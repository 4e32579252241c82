"""Which archived issues a year volume or a statistics run covers, and the plain records they
are read as: the selection's SQL lives here, beside the store."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..text.patterns import SUPPLEMENT_WORDS, split_supplement

# A list of 总第 numbers (`53-60,62`) may name at most this many ranges, each number at most MAX_TOTAL.
MAX_RANGES = 500
MAX_TOTAL = 1_000_000
_RANGE_RE = re.compile(r"^\s*(\d{1,7})\s*(?:[-–—~～至到]\s*(\d{1,7}))?\s*$")


def parse_totals(text: str, option: str = "--issues") -> tuple[tuple[int, int], ...]:
    """`53-60,62` → ((53, 60), (62, 62)): the 总第 numbers a user listed (commas, 、 or spaces
    between; ranges with `-`). Ranges are kept as ranges, so `1-999999` costs nothing."""
    parts = [p for p in re.split(r"[,，、;；\s]+", text.strip()) if p]
    if not parts:
        raise UsageError(f"{option} 没有给出期号：请写成 53-60,62 这样")
    if len(parts) > MAX_RANGES:
        raise UsageError(f"{option} 列出的期号段太多（{len(parts)} 段，最多 {MAX_RANGES} 段）：请用 53-104 这样的范围")
    ranges = []
    for part in parts:
        found = _RANGE_RE.match(part)
        if not found:
            raise UsageError(f"{option} 里的“{part}”不是期号：请写成 53-60,62 这样（总第N期的 N）")
        first = int(found.group(1))
        last = int(found.group(2) or first)
        if first < 1 or last > MAX_TOTAL or first > last:
            raise UsageError(f"{option} 里的“{part}”不是有效的期号范围：起止应在 1 至 {MAX_TOTAL} 之间且前小后大")
        ranges.append((first, last))
    return tuple(ranges)


def supplement_names(name: str) -> list[str]:
    """The names a publication's supplements are filed under (`科协每周动态（增刊）`, …)."""
    return [f"{name}（{word}）" for word in SUPPLEMENT_WORDS]


@dataclass(frozen=True)
class Selection:
    """Issues of one publication (with its supplements), of a year, between two dates, or with
    listed 总第 numbers; every part optional. Dates are ISO strings checked by the caller."""

    name: str | None = None
    year: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    totals: tuple[tuple[int, int], ...] = ()

    def sql(self) -> tuple[str, list[Any]]:
        """The selection as a `WHERE …` on issues `i` (empty when it selects everything)."""
        where: list[str] = []
        args: list[Any] = []
        if self.name:
            names = [self.name, *supplement_names(self.name)]
            where.append(f"i.name IN ({','.join('?' * len(names))})")
            args += names
        if self.year is not None:
            where.append("i.year = ?")
            args.append(self.year)
        if self.date_from:
            where.append("i.date >= ?")
            args.append(self.date_from)
        if self.date_to:
            where.append("i.date <= ?")
            args.append(self.date_to)
        if self.totals:
            where.append("(" + " OR ".join("i.total BETWEEN ? AND ?" for _ in self.totals) + ")")
            args += [n for pair in self.totals for n in pair]
        return (" WHERE " + " AND ".join(where)) if where else "", args

    def describe(self) -> str:
        """The selection in words (`2023年`, `2023-03-01至2023-06-30`, `总第53–60、62期`)."""
        parts = []
        if self.name:
            parts.append(self.name)
        if self.year is not None:
            parts.append(f"{self.year}年")
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or '最早'}至{self.date_to or '最近'}")
        if self.totals:
            spans = [str(a) if a == b else f"{a}–{b}" for a, b in self.totals]
            parts.append(f"总第{'、'.join(spans)}期")
        return " ".join(parts) or "全部"


# The order of issues in a volume and in lists: by date, the weekly series before its supplements
# of the same day, then by number.
ISSUE_ORDER = "i.date IS NULL, i.date, i.name IS NULL, i.name, i.total IS NULL, i.total, i.number"


def issue_label(name: str | None, year: int | None, number: int | None, total: int | None, *,
                with_year: bool = True, with_total: bool = True) -> str:
    """`2023年第3期（总第56期）`, `2023年增刊第1期`; without the year inside a one-year volume,
    without the 总第 number where 第N期 says enough."""
    supplement = split_supplement(name)[1] or ""
    head = f"{year}年" if with_year and year is not None else ""
    if number is not None:
        head += f"{supplement}第{number}期"
    elif supplement:
        head += supplement
    if total is not None and (with_total or not head):
        head += f"（总第{total}期）" if head else f"总第{total}期"
    return head or "（无期号）"


@dataclass(frozen=True)
class IssueRecord:
    """An issue as a volume's contents and the statistics see it."""

    id: int
    name: str | None
    year: int | None
    number: int | None
    total: int | None
    date: str | None
    issuer: str | None

    def label(self, *, with_year: bool = True, with_total: bool = True) -> str:
        return issue_label(self.name, self.year, self.number, self.total, with_year=with_year, with_total=with_total)


@dataclass(frozen=True)
class ArticleRecord:
    """One archived article with its issue's numbers: a row of the statistics."""

    issue_id: int
    seq: int
    name: str | None
    year: int | None
    number: int | None
    total: int | None
    date: str | None
    column: str | None
    title: str
    source: str | None

    def label(self, *, with_year: bool = True, with_total: bool = True) -> str:
        return issue_label(self.name, self.year, self.number, self.total, with_year=with_year, with_total=with_total)


def select_issues(conn: sqlite3.Connection, selection: Selection) -> list[IssueRecord]:
    where, args = selection.sql()
    rows = conn.execute(f"SELECT i.id, i.name, i.year, i.number, i.total, i.date, i.issuer FROM issues i{where}"
                        f" ORDER BY {ISSUE_ORDER}", args)
    return [IssueRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]


def select_articles(conn: sqlite3.Connection, selection: Selection) -> list[ArticleRecord]:
    """Every article of the selected issues, in the issues' order and each issue's own order."""
    where, args = selection.sql()
    rows = conn.execute(
        "SELECT a.issue_id, a.seq, i.name, i.year, i.number, i.total, i.date, a.column_name, a.title, a.source"
        f" FROM articles a JOIN issues i ON i.id = a.issue_id{where} ORDER BY {ISSUE_ORDER}, a.seq", args)
    return [ArticleRecord(*r) for r in rows]
