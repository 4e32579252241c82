"""What the archive says about a publication's habits: the issue before, the usual interval
between issues, the usual title lengths, whether every article is in the 目录提要."""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass
from datetime import date as Date
from typing import TYPE_CHECKING

from ..model import Issue
from ..text.matching import match_highlights

if TYPE_CHECKING:
    from ..archive import Archive

RECENT = 12  # issues looked at for the publication's habits
MIN_HABIT_ISSUES = 3  # fewer than this tells nothing about a habit
# Until the archive shows the interval, it is the one new-issue proposes: weekly.
PROPOSED_INTERVAL_DAYS = 7.0
DEFAULT_TITLE_RANGE = (6, 45)


@dataclass(frozen=True)
class History:
    previous: Issue | None = None  # the archived issue before this one (same publication)
    newest_total: int | None = None  # the newest archived 总第 number of the publication
    archived_same: Issue | None = None  # another archived issue with this issue's 总第 number
    interval_days: float | None = None  # usual days between consecutive issues
    weekdays: frozenset[int] = frozenset()  # the weekdays (Monday 0) recent issues came out on
    title_range: tuple[int, int] = DEFAULT_TITLE_RANGE
    lists_every_article: bool = False  # the office puts every article in the 目录提要
    recent: tuple[Issue, ...] = ()


def _same_issue(a: Issue, b: Issue) -> bool:
    return bool(a.sha256 and a.sha256 == b.sha256) or (
        a.masthead == b.masthead and [x.title for x in a.articles] == [x.title for x in b.articles])


def history_of(issue: Issue, archive: Archive | None) -> History:
    if archive is None:
        return History()
    m = issue.masthead
    name = m.name or archive.latest_name()
    recent = tuple(i for i in archive.recent(RECENT + 1, name) if not _same_issue(i, issue))[:RECENT]
    previous = archive.latest(before_total=m.total, name=name) if m.total is not None else None
    newest = archive.latest(name=name)
    archived = archive.get(m.total, name) if m.total is not None else None
    if archived is not None and _same_issue(archived, issue):
        archived = None
    return History(
        previous=previous,
        newest_total=newest.masthead.total if newest else None,
        archived_same=archived,
        interval_days=_interval(recent) or (PROPOSED_INTERVAL_DAYS if previous is not None else None),
        weekdays=frozenset(Date.fromisoformat(i.masthead.date).weekday() for i in recent if i.masthead.date),
        title_range=_title_range(recent),
        lists_every_article=_lists_every_article(recent),
        recent=recent,
    )


def _interval(issues: tuple[Issue, ...]) -> float | None:
    dated = sorted((i.masthead.total, Date.fromisoformat(i.masthead.date)) for i in issues
                   if i.masthead.total is not None and i.masthead.date)
    steps = [(d2 - d1).days / (t2 - t1) for (t1, d1), (t2, d2) in itertools.pairwise(dated) if t2 > t1]
    return statistics.median(steps) if len(steps) >= MIN_HABIT_ISSUES - 1 else None


def _title_range(issues: tuple[Issue, ...]) -> tuple[int, int]:
    lengths = sorted(len(a.title) for i in issues for a in i.articles)
    if len(lengths) < 10:
        return DEFAULT_TITLE_RANGE
    low = lengths[len(lengths) // 20]
    high = lengths[-1 - len(lengths) // 20]
    # The archive only widens the default range: an office used to long titles is not told off.
    return min(DEFAULT_TITLE_RANGE[0], max(2, low // 2)), max(DEFAULT_TITLE_RANGE[1], round(high * 1.5))


def _lists_every_article(issues: tuple[Issue, ...]) -> bool:
    with_toc = [i for i in issues if i.toc and i.articles]
    if len(with_toc) < MIN_HABIT_ISSUES:
        return False
    complete = sum(1 for i in with_toc
                   if set(match_highlights(i.toc, [a.title for a in i.articles])) >= set(range(len(i.articles))))
    return complete >= 0.8 * len(with_toc)
