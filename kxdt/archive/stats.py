"""供稿统计: articles per source unit, column and month over a selection of archived issues, as
plain records. The terminal table, `--json`, the CSV and the XLSX all render this one result,
so they always show the same numbers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .selection import ArticleRecord, IssueRecord, Selection
from .units import NearDuplicate, UnitMap, near_duplicates

if TYPE_CHECKING:
    from .store import Archive

NO_COLUMN = "（无栏目）"
NO_SOURCE = "（未署来源）"
NO_DATE = "（无日期）"
SHARE_DIGITS = 4  # shares are fractions rounded to this many digits (0.1235 = 12.35%)


def _share(n: int, whole: int) -> float:
    return round(n / whole, SHARE_DIGITS) if whole else 0.0


def _month(date: str | None) -> str:
    return date[:7] if date else NO_DATE


@dataclass(frozen=True)
class UnitRow:
    unit: str
    total: int
    share: float
    months: tuple[int, ...]  # one count per month of Stats.month_axis
    columns: tuple[int, ...]  # one count per column of Stats.column_axis
    names: tuple[str, ...]  # the names as written that were counted under `unit`

    def to_dict(self, stats: Stats) -> dict[str, Any]:
        return {"unit": self.unit, "total": self.total, "share": self.share,
                "months": dict(zip(stats.month_axis, self.months)),
                "columns": dict(zip(stats.column_axis, self.columns)), "names": list(self.names)}


@dataclass(frozen=True)
class ColumnRow:
    column: str
    total: int
    share: float
    months: tuple[int, ...]

    def to_dict(self, stats: Stats) -> dict[str, Any]:
        return {"column": self.column, "total": self.total, "share": self.share,
                "months": dict(zip(stats.month_axis, self.months))}


@dataclass(frozen=True)
class MonthRow:
    month: str
    issues: int
    articles: int

    def to_dict(self) -> dict[str, Any]:
        return {"month": self.month, "issues": self.issues, "articles": self.articles}


@dataclass(frozen=True)
class ListedArticle:
    issue: str  # `2023年第3期（总第56期）`
    date: str | None
    column: str | None
    title: str
    unit: str | None  # the name counted under
    source: str | None  # as the issue wrote it

    def to_dict(self) -> dict[str, Any]:
        return {"issue": self.issue, "date": self.date, "column": self.column, "title": self.title,
                "unit": self.unit, "source": self.source}


@dataclass(frozen=True)
class Stats:
    scope: str
    year: int | None
    name: str | None
    issues: int
    articles: int
    month_axis: tuple[str, ...]
    column_axis: tuple[str, ...]
    by_unit: tuple[UnitRow, ...]
    by_column: tuple[ColumnRow, ...]
    by_month: tuple[MonthRow, ...]
    article_list: tuple[ListedArticle, ...]
    near_duplicates: tuple[NearDuplicate, ...]
    units_file: str | None = None

    def pairs(self, what: str) -> list[tuple[str, int]]:
        """The simple counts kxdt stats always showed: `columns` and `sources` (most first) and
        `months` (those with articles, in order)."""
        if what == "months":
            return [(m.month, m.articles) for m in self.by_month if m.articles]
        rows = [(r.column, r.total) for r in self.by_column] if what == "columns" else \
               [(r.unit, r.total) for r in self.by_unit]
        return sorted(rows, key=lambda p: (-p[1], p[0]))

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: the keys of earlier versions (`year`, `issues`, `articles`,
        `columns`, `sources`, `months` as name → count) and the tables of the spreadsheet."""
        return {
            "year": self.year,
            "name": self.name,
            "scope": self.scope,
            "issues": self.issues,
            "articles": self.articles,
            "columns": dict(self.pairs("columns")),
            "sources": dict(self.pairs("sources")),
            "months": dict(self.pairs("months")),
            "month_axis": list(self.month_axis),
            "column_axis": list(self.column_axis),
            "by_unit": [r.to_dict(self) for r in self.by_unit],
            "by_column": [r.to_dict(self) for r in self.by_column],
            "by_month": [r.to_dict() for r in self.by_month],
            "article_list": [a.to_dict() for a in self.article_list],
            "near_duplicates": [d.to_dict() for d in self.near_duplicates],
            "units_file": self.units_file,
        }


def month_axis(selection: Selection, months: Sequence[str]) -> tuple[str, ...]:
    """Every month of the selected year (or from the first month with articles to the last), so
    that a month without articles shows as 0; `（无日期）` last when some issue had no date."""
    dated = sorted(m for m in set(months) if m != NO_DATE)
    if selection.year is not None:
        axis = [f"{selection.year}-{k:02d}" for k in range(1, 13)]
        axis += [m for m in dated if m not in axis]
    elif dated:
        (y, mo), (last_y, last_mo) = (map(int, dated[0].split("-")), map(int, dated[-1].split("-")))
        axis = []
        while (y, mo) <= (last_y, last_mo):
            axis.append(f"{y:04d}-{mo:02d}")
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    else:
        axis = []
    if NO_DATE in months:
        axis.append(NO_DATE)
    return tuple(axis)


def tabulate(selection: Selection, issues: Sequence[IssueRecord], articles: Sequence[ArticleRecord],
             units: UnitMap | None = None) -> Stats:
    """The statistics of the given issues and their articles (as the archive returns them)."""
    units = units or UnitMap()
    unit_of = [units.canonical(a.source) or NO_SOURCE for a in articles]
    column_of = [a.column or NO_COLUMN for a in articles]
    month_of = [_month(a.date) for a in articles]
    axis_m = month_axis(selection, [*month_of, *(_month(i.date) for i in issues)])
    column_totals = Counter(column_of)
    axis_c = tuple(sorted(column_totals, key=lambda c: (c == NO_COLUMN, -column_totals[c], c)))
    whole = len(articles)

    unit_totals = Counter(unit_of)
    unit_months: dict[str, Counter[str]] = {}
    unit_columns: dict[str, Counter[str]] = {}
    unit_names: dict[str, dict[str, None]] = {}
    for article, unit, column, month in zip(articles, unit_of, column_of, month_of):
        unit_months.setdefault(unit, Counter())[month] += 1
        unit_columns.setdefault(unit, Counter())[column] += 1
        if article.source is not None:
            unit_names.setdefault(unit, {})[article.source] = None
    by_unit = tuple(
        UnitRow(unit, n, _share(n, whole), tuple(unit_months[unit][m] for m in axis_m),
                tuple(unit_columns[unit][c] for c in axis_c), tuple(unit_names.get(unit, {})))
        for unit, n in sorted(unit_totals.items(), key=lambda p: (p[0] == NO_SOURCE, -p[1], p[0])))

    column_months: dict[str, Counter[str]] = {}
    for column, month in zip(column_of, month_of):
        column_months.setdefault(column, Counter())[month] += 1
    by_column = tuple(ColumnRow(c, column_totals[c], _share(column_totals[c], whole),
                                tuple(column_months[c][m] for m in axis_m)) for c in axis_c)

    issue_months = Counter(_month(i.date) for i in issues)
    article_months = Counter(month_of)
    by_month = tuple(MonthRow(m, issue_months[m], article_months[m]) for m in axis_m)

    listed = tuple(ListedArticle(a.label(), a.date, a.column, a.title, units.canonical(a.source), a.source)
                   for a in articles)
    duplicates = near_duplicates([(u, n) for u, n in unit_totals.items() if u != NO_SOURCE])
    return Stats(scope=selection.describe(), year=selection.year, name=selection.name, issues=len(issues),
                 articles=whole, month_axis=axis_m, column_axis=axis_c, by_unit=by_unit, by_column=by_column,
                 by_month=by_month, article_list=listed, near_duplicates=tuple(duplicates), units_file=units.path)


def year_stats(archive: Archive, selection: Selection, units: UnitMap | None = None) -> Stats:
    """The statistics of the archived issues a selection covers."""
    return tabulate(selection, archive.select_issues(selection), archive.select_articles(selection), units)
