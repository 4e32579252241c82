"""年度汇编: which archived issues a volume holds and in what order, what is missing from the
numbering, and which unit wrote which articles — plain records that render/volume.py lays
out. The issues themselves are read one at a time while the file is written."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from typing import TYPE_CHECKING, Any

from ..errors import ArchiveError, InputError, UsageError
from ..text.patterns import split_supplement
from .selection import ArticleRecord, IssueRecord, Selection
from .units import UnitMap

if TYPE_CHECKING:
    from ..model import Issue
    from .store import Archive


@dataclass(frozen=True)
class VolumeArticle:
    title: str
    column: str | None
    unit: str | None  # the source unit, as the mapping file names it

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "column": self.column, "unit": self.unit}


@dataclass(frozen=True)
class VolumeIssue:
    record: IssueRecord
    label: str  # `第3期（总第56期）`, `增刊第1期`; with the year when the volume spans years
    articles: tuple[VolumeArticle, ...]
    short_label: str = ""  # `第3期` (the index's)

    def to_dict(self) -> dict[str, Any]:
        r = self.record
        return {"label": self.label, "short_label": self.short_label, "name": r.name, "year": r.year, "number": r.number, "total": r.total,
                "date": r.date, "articles": [a.to_dict() for a in self.articles]}


@dataclass(frozen=True)
class UnitEntry:
    """A unit of the index and where its articles are: (issue index, article index) pairs."""

    unit: str
    places: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "places": [list(p) for p in self.places]}


@dataclass(frozen=True)
class Volume:
    name: str | None
    title: str  # `2023年汇编`
    issuer: str | None
    issues: tuple[VolumeIssue, ...]
    gaps: tuple[str, ...]  # `第12期（总第65期）`: what the numbering says is missing
    units: tuple[UnitEntry, ...]

    @property
    def first_date(self) -> str | None:
        return next((i.record.date for i in self.issues if i.record.date), None)

    @property
    def last_date(self) -> str | None:
        return next((i.record.date for i in reversed(self.issues) if i.record.date), None)

    @property
    def articles(self) -> int:
        return sum(len(i.articles) for i in self.issues)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "issuer": self.issuer,
                "issues": [i.to_dict() for i in self.issues], "gaps": list(self.gaps),
                "units": [u.to_dict() for u in self.units]}


def plan_volume(archive: Archive, selection: Selection, units: UnitMap | None = None) -> Volume:
    """The volume of the selected archived issues (one publication with its supplements)."""
    records = archive.select_issues(selection)
    if not records:
        others = sorted({split_supplement(r.name)[0] or "" for r in archive.select_issues(replace(selection, name=None))}
                        - {""})
        if selection.name and others:
            raise InputError(f"归档里没有刊名为“{selection.name}”的这些期；这一范围里有：{'、'.join(others)}（用 --name 指定）")
        raise InputError(f"归档里没有这些期（{selection.describe()}）：先用 kxdt parse 归档，或用 kxdt list 查看已归档的各期")
    publications = sorted({split_supplement(r.name)[0] or "（无刊名）" for r in records})
    if len(publications) > 1:
        raise UsageError(f"所选的期属于 {len(publications)} 种简报（{'、'.join(publications)}）：请用 --name 指定一种")
    by_issue: dict[int, list[ArticleRecord]] = {}
    for article in archive.select_articles(selection):
        by_issue.setdefault(article.issue_id, []).append(article)
    units = units or UnitMap()
    years = {r.year for r in records}
    entries = tuple(
        VolumeIssue(r, r.label(with_year=len(years) > 1),
                    tuple(VolumeArticle(a.title, a.column, units.canonical(a.source)) for a in by_issue.get(r.id, ())),
                    r.label(with_year=len(years) > 1, with_total=r.number is None))
        for r in records)
    name = publications[0] if publications[0] != "（无刊名）" else None
    issuer = next((r.issuer for r in reversed(records) if r.issuer), None)
    return Volume(name=name, title=volume_title(selection, records), issuer=issuer, issues=entries,
                  gaps=tuple(numbering_gaps(records, selection)), units=tuple(unit_index(entries)))


def volume_title(selection: Selection, records: Sequence[IssueRecord]) -> str:
    """`2023年汇编`; `2023年3月至6月汇编` for dates; `总第53至60期汇编` for listed numbers."""
    if selection.year is not None and not selection.date_from and not selection.date_to and not selection.totals:
        return f"{selection.year}年汇编"
    totals = [r.total for r in records if r.total is not None]
    dates = [r.date for r in records if r.date]
    if selection.totals and totals:
        return f"总第{min(totals)}至{max(totals)}期汇编" if len(totals) > 1 else f"总第{totals[0]}期汇编"
    if dates:
        first, last = Date.fromisoformat(min(dates)), Date.fromisoformat(max(dates))
        if first.year == last.year and first.month == last.month:
            return f"{first.year}年{first.month}月汇编"
        tail = f"{last.month}月" if first.year == last.year else f"{last.year}年{last.month}月"
        return f"{first.year}年{first.month}月至{tail}汇编"
    return "汇编"


def numbering_gaps(records: Sequence[IssueRecord], selection: Selection) -> list[str]:
    """What the weekly series' numbers say is missing: 第N期 within each year (from 第1期 when a
    whole year is chosen), with the 总第 number when its neighbours agree on it; 总第 numbers
    missing otherwise (across the new year, or listed with --issues but not archived).
    Supplements are numbered apart and not counted."""
    weekly = [r for r in records if split_supplement(r.name)[1] is None]
    texts: list[str] = []
    explained: set[int] = set()
    years = sorted({r.year for r in weekly if r.year is not None and r.number is not None})
    for year in years:
        rows = sorted((r for r in weekly if r.year == year and r.number is not None), key=lambda r: r.number or 0)
        numbers = {r.number for r in rows if r.number is not None}
        start = 1 if selection.year is not None and not selection.date_from and not selection.totals else min(numbers)
        missing = [n for n in range(start, max(numbers) + 1) if n not in numbers]
        for run in _runs(missing):
            totals = [_total_of(n, rows) for n in run]
            if all(t is not None for t in totals):
                explained.update(t for t in totals if t is not None)
            texts.append(_span_text(run, totals, year if len(years) > 1 else None))
    totals_present = sorted({r.total for r in weekly if r.total is not None})
    asked = list(selection.totals) or ([(totals_present[0], totals_present[-1])] if totals_present else [])
    for first, last in _without(asked, sorted(set(totals_present) | explained)):
        texts.append(f"总第{first}期" if first == last else f"总第{first}至{last}期")
    return texts


def _without(spans: Sequence[tuple[int, int]], points: Sequence[int]) -> list[tuple[int, int]]:
    """The number ranges `spans` with the (sorted) `points` taken out, as ranges again."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    left: list[tuple[int, int]] = []
    for first, last in merged:
        start = first
        for point in points:
            if point < start or point > last:
                continue
            if point > start:
                left.append((start, point - 1))
            start = point + 1
        if start <= last:
            left.append((start, last))
    return left


def _runs(numbers: Sequence[int]) -> list[list[int]]:
    """Consecutive numbers grouped: [3, 4, 5, 9] → [[3, 4, 5], [9]]."""
    return [[n for _, n in group] for _, group in itertools.groupby(enumerate(numbers), key=lambda p: p[1] - p[0])]


def _total_of(number: int, rows: Sequence[IssueRecord]) -> int | None:
    """The 总第 number a missing 第N期 would have had, if the issues before and after agree."""
    before = next((r for r in reversed(rows) if (r.number or 0) < number and r.total is not None), None)
    after = next((r for r in rows if (r.number or 0) > number and r.total is not None), None)
    guesses = {r.total - (r.number or 0) + number for r in (before, after) if r is not None and r.total is not None}
    return guesses.pop() if len(guesses) == 1 else None


def _span_text(run: Sequence[int], totals: Sequence[int | None], year: int | None) -> str:
    head = f"{year}年" if year is not None else ""
    numbers = f"第{run[0]}期" if len(run) == 1 else f"第{run[0]}至{run[-1]}期"
    if all(t is not None for t in totals):
        numbers += f"（总第{totals[0]}期）" if len(run) == 1 else f"（总第{totals[0]}至{totals[-1]}期）"
    return head + numbers


def unit_index(issues: Sequence[VolumeIssue]) -> list[UnitEntry]:
    """Each source unit with the places of its articles; units with most articles first."""
    places: dict[str, list[tuple[int, int]]] = {}
    for k, issue in enumerate(issues):
        for j, article in enumerate(issue.articles):
            if article.unit:
                places.setdefault(article.unit, []).append((k, j))
    return [UnitEntry(unit, tuple(p)) for unit, p in sorted(places.items(), key=lambda item: (-len(item[1]), item[0]))]


def volume_issues(archive: Archive, volume: Volume) -> Iterator[Issue]:
    """The volume's issues, read whole one at a time (the renderer streams each into the file)."""
    for entry in volume.issues:
        issue = archive.issue_by_id(entry.record.id)
        if issue is None or issue.masthead.total != entry.record.total:
            raise ArchiveError(f"导出期间归档里的{entry.label}被改动或删除：请重新导出", path=str(archive.path))
        yield issue
