"""new-issue: the next issue's numbers and date from the archive, the draft, and --add articles."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, RefusedError, UsageError
from ..io.files import write_all_or_none
from ..model import Article, Issue, Masthead
from ..text import placeholders
from ..text.dates import read_date
from .submissions import read_submissions

if TYPE_CHECKING:
    from ..archive import Archive
    from ..render.layout import Layout

WEEK = timedelta(days=7)
RECENT_ISSUES = 4  # issues whose columns the draft takes
RECENT_LOOKED_AT = 8  # issues whose habits place submissions


@dataclass(frozen=True)
class Plan:
    """What new-issue will draft, and what it inferred from."""

    masthead: Masthead
    columns: tuple[str, ...]
    basis: Issue | None  # the archived issue the numbers were worked out from
    notes: tuple[str, ...] = ()  # warnings: worth checking before the draft is filled
    infos: tuple[str, ...] = ()  # information: what was done (where a submission went)


def next_numbers(prev: Masthead, total: int) -> tuple[int, int, str]:
    """(year, 第N期, ISO date) of 总第`total`期, weekly after `prev`; 第N期 restarts each January."""
    assert prev.date and prev.number is not None and prev.total is not None
    day = Date.fromisoformat(prev.date)
    year, number = day.year, prev.number
    for _ in range(total - prev.total):
        day += WEEK
        if day.year != year:
            year, number = day.year, 1
        else:
            number += 1
    return year, number, day.isoformat()


def recent_columns(issues: list[Issue]) -> tuple[str, ...]:
    """The columns of recent issues (newest first) in the office's usual order: a column goes
    before another when it stood before it in more of the issues that had both (基层动态,
    printed last, stays last even when the newest issue lacked a column the others had); ties
    keep the order of first appearance, newest issue first."""
    seen: dict[str, int] = {}
    for issue in issues:
        for column in issue.columns:
            seen.setdefault(column, len(seen))
    score = dict.fromkeys(seen, 0)
    for issue in issues:
        order = list(dict.fromkeys(issue.columns))
        for k, before in enumerate(order):
            for after in order[k + 1:]:
                score[before] += 1
                score[after] -= 1
    return tuple(sorted(seen, key=lambda c: (-score[c], seen[c])))


def plan_issue(
    total: int,
    *,
    latest: Issue | None,
    recent: list[Issue],
    archived: Issue | None,
    date: str | None = None,
    year_number: int | None = None,
    name: str | None = None,
    issuer: str | None = None,
    force: bool = False,
) -> Plan:
    """Work out the masthead of 总第`total`期. Refuses a number already archived unless `force`;
    with nothing archived before it, asks for the facts it would otherwise have to guess."""
    notes: list[str] = []
    if archived is not None and not force:
        raise RefusedError(f"总第{total}期已归档（{archived.file}）：确认要重新起草请加 --force")
    if archived is not None:
        notes.append(f"总第{total}期已归档，按 --force 依其报头重新起草")
        m = archived.masthead
        masthead = replace(m, name=name or m.name, issuer=issuer or m.issuer, date=date or m.date,
                           number=year_number if year_number is not None else m.number)
        return Plan(masthead, recent_columns(recent[:RECENT_ISSUES]), archived, tuple(notes))
    basis = latest if latest and latest.masthead.date and latest.masthead.number is not None else None
    if basis is None:
        missing = [flag for flag, value in (("--date", date), ("--year-number", year_number), ("--name", name),
                                            ("--issuer", issuer)) if value is None]
        if missing:
            raise InputError(f"归档里没有总第{total}期之前的期，无法推算：请用 {'、'.join(missing)} 给出这些信息")
        assert date is not None
        masthead = Masthead(name=name, year=Date.fromisoformat(date).year, number=year_number, total=total,
                            issuer=issuer, date=date)
        return Plan(masthead, (), None, tuple(notes))
    prev = basis.masthead
    assert prev.total is not None
    gap = total - prev.total - 1
    if gap > 0:
        skipped = (f"总第{prev.total + 1}期" if gap == 1 else f"总第{prev.total + 1}–{total - 1}期")
        notes.append(f"总第{total}期与归档里最近的总第{prev.total}期之间缺{gap}期（{skipped}）")
    year, number, when = next_numbers(prev, total)
    if date is not None:
        notes.extend(_weekday_note(date, prev))
        when = date
        new_year = Date.fromisoformat(date).year
        if new_year != year:
            year, number = new_year, 1
    if year_number is not None:
        number = year_number
    masthead = Masthead(name=name or prev.name, year=year, number=number, total=total,
                        issuer=issuer or prev.issuer, date=when)
    return Plan(masthead, recent_columns(recent[:RECENT_ISSUES]), basis, tuple(notes))


WEEKDAY_NAMES = "一二三四五六日"


def _weekday_note(date: str, prev: Masthead) -> list[str]:
    """A date given on another weekday than the issue before (a Saturday for a Friday bulletin)."""
    if not prev.date:
        return []
    day, before = Date.fromisoformat(date), Date.fromisoformat(prev.date)
    if day.weekday() == before.weekday():
        return []
    return [f"出刊日期{date}是星期{WEEKDAY_NAMES[day.weekday()]}，上一期（总第{prev.total}期，{prev.date}）"
            f"是星期{WEEKDAY_NAMES[before.weekday()]}：请核对日期"]


def _proposed(latest: Issue | None, total: int) -> Date | None:
    """The date new-issue would propose for 总第`total`期 (the year of a date typed without one)."""
    m = latest.masthead if latest is not None else None
    if m is None or not m.date or m.number is None or m.total is None or m.total >= total:
        return None
    return Date.fromisoformat(next_numbers(m, total)[2])


def placeholder_article(column: str | None) -> Article:
    return Article(title=placeholders.TITLE, paragraphs=(placeholders.BODY,), column=column,
                   source=placeholders.SOURCE)


def draft_issue(plan: Plan, added: list[Article] | None = None) -> Issue:
    """The skeleton a clerk fills in: the 目录提要 line, then each column of recent issues in its
    usual order with the submissions placed in it, or a placeholder article to overwrite.
    Submissions whose column is unknown come first (and are reported by `place_submissions`)."""
    by_column: dict[str | None, list[Article]] = {}
    for article in added or ():
        by_column.setdefault(article.column, []).append(article)
    articles = list(by_column.pop(None, []))
    for column in plan.columns:
        articles.extend(by_column.pop(column, None) or [placeholder_article(column)])
    for extra in by_column.values():  # --column naming a column recent issues did not have
        articles.extend(extra)
    if not articles:
        articles.append(placeholder_article(None))
    return Issue(masthead=plan.masthead, toc=(placeholders.TOC,), articles=tuple(articles))


# Words many column names end in, which say nothing about a column's subject.
_GENERIC_COLUMN_WORDS = ("工作", "动态", "活动", "交流", "信息", "快讯", "简讯", "要闻")


def suggest_column(article: Article, columns: Sequence[str], recent: Sequence[Issue]) -> str | None:
    """The column a submission belongs in: where recent issues put its source unit, else the one
    column whose subject its title names (科普 for 【科普工作】); None when neither tells."""
    if article.source:
        seen = Counter(a.column for i in recent for a in i.articles if a.source == article.source and a.column in columns)
        if seen:
            return seen.most_common(1)[0][0]
    text = article.title + "".join(article.paragraphs[:1])
    named = []
    for column in columns:
        subject = column
        for word in _GENERIC_COLUMN_WORDS:
            subject = subject.replace(word, "")
        if len(subject) >= 2 and subject in text:
            named.append(column)
    return named[0] if len(named) == 1 else None


def place_submissions(articles: Sequence[Article], columns: Sequence[str],
                      recent: Sequence[Issue]) -> tuple[list[Article], list[str], list[str]]:
    """Each submission in a column (`--column`, or the suggested one). Returns the articles,
    warnings (those that cannot be placed: never silently left outside every column) and
    information (where the others went)."""
    placed, warnings, infos = [], [], []
    for article in articles:
        column = article.column or suggest_column(article, columns, recent)
        if column is None and columns:
            warnings.append(f"稿件《{article.title}》判断不出栏目，已放在草稿开头：请在 Word 里移到合适的栏目，或用 --column 指定")
        elif column is not None and not article.column:
            infos.append(f"稿件《{article.title}》放入【{column}】")
        placed.append(replace(article, column=column))
    return placed, warnings, infos


def fill_toc(issue: Issue, mode: str = "auto") -> tuple[Issue, bool]:
    """The 目录提要 as the export writes it: `keep` as it is; `titles` every article's title;
    `auto` the titles when it is empty. Returns the issue and whether it was filled."""
    titles = tuple(a.title for a in issue.articles)
    if mode == "titles" or (mode == "auto" and not issue.toc and titles):
        return replace(issue, toc=titles), True
    return issue, False


def draft_markdown(plan: Plan, issue: Issue) -> str:
    """The draft as Markdown source, with the recent columns as headings to fill in."""
    from ..render.markdown import issue_to_markdown

    text = issue_to_markdown(issue).rstrip("\n")
    present = set(issue.columns)
    todo = [c for c in plan.columns if c not in present]
    hint = "<!-- 在栏目下添加文章：### 标题（加 {提要} 则列入目录提要），空一行写正文，来源写成（某某单位） -->"
    parts = [text, "", hint]
    for column in todo:
        parts += ["", f"## 【{column}】"]
    return "\n".join(parts) + "\n"


def file_stem(masthead: Masthead) -> str:
    parts = [masthead.name or "简报"]
    if masthead.year is not None and masthead.number is not None:
        parts.append(f"{masthead.year}年第{masthead.number}期")
    if masthead.total is not None:
        parts.append(f"总第{masthead.total}期")
    return safe_file_name("-".join(parts))


# What the default output name gets when the plain one is the very file being exported (a
# draft exported in its own folder): the export never lands on its input.
EXPORT_MARK = {"docx": "排版"}
EXPORT_MARK_OTHER = "导出"


def same_file(a: Path, b: Path) -> bool:
    """Both paths name one existing file (however they are written)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def export_path(masthead: Masthead, suffix: str, source: Path | None = None) -> Path:
    """The default file an export writes: `刊名-YYYY年第N期-总第N期.扩展名`, or, when that is the
    source itself, `…-排版.docx` (`…-导出.md`): never the input file."""
    target = Path(f"{file_stem(masthead)}.{suffix}")
    if source is not None and same_file(target, source):
        target = Path(f"{file_stem(masthead)}-{EXPORT_MARK.get(suffix, EXPORT_MARK_OTHER)}.{suffix}")
    return target


# Characters no file name may hold on Linux or Windows, and the longest name kept (in UTF-8 bytes,
# leaving room for the extension; most file systems allow 255).
_UNSAFE_NAME_RE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
MAX_NAME_BYTES = 200


def safe_file_name(text: str) -> str:
    """A file name from document text: no separators or reserved characters, no leading `-` or
    `.`, not too long."""
    name = _UNSAFE_NAME_RE.sub("_", text).strip(" .") or "简报"
    name = name.lstrip("-.") or "简报"
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return name


def parse_date(value: str, option: str = "--date", *, near: Date | None = None) -> str:
    """A date typed on the command line (2024-03-15, 2024年3月15日, 2024.3.15, 3月15日…) as ISO;
    a date without its year takes the year nearest `near` (default today)."""
    day = read_date(value, near=near)
    if day is None:
        raise UsageError(f"{option} 的日期“{value}”格式不对：请写成 2024-03-15 或 2024年3月15日") from None
    return day.isoformat()


@dataclass(frozen=True)
class Draft:
    plan: Plan
    issue: Issue
    added: tuple[Article, ...]
    markdown_path: Path
    docx_path: Path


def make_draft(
    archive: Archive,
    total: int,
    *,
    out: Path,
    date: str | None = None,
    year_number: int | None = None,
    name: str | None = None,
    issuer: str | None = None,
    add: Sequence[str | os.PathLike[str]] = (),
    column: str | None = None,
    force: bool = False,
    layout: Layout | None = None,
) -> Draft:
    """Plan 总第`total`期 from the archive, pull in submissions, and write the Markdown and DOCX
    drafts (refusing to overwrite either without `force`)."""
    from ..render import render

    series = name or archive.latest_name()  # the publication of the latest archived issue, unless named
    latest = archive.latest(before_total=total, name=series)
    recent = archive.recent_before(RECENT_LOOKED_AT, before_total=total, name=series) or archive.recent(RECENT_LOOKED_AT,
                                                                                                        series)
    plan = plan_issue(total, latest=latest, recent=recent,
                      archived=archive.get(total, series), date=parse_date(date, near=_proposed(latest, total)) if date else None,
                      year_number=year_number, name=name, issuer=issuer, force=force)
    added, unplaced, placing = place_submissions(read_submissions(add, column), plan.columns, recent)
    plan = replace(plan, notes=plan.notes + tuple(unplaced), infos=plan.infos + tuple(placing))
    issue = draft_issue(plan, added)
    stem = out / file_stem(plan.masthead)
    md_path, docx_path = stem.parent / f"{stem.name}.md", stem.parent / f"{stem.name}.docx"
    # In the draft each source is a line of its own (简报来源), for the clerk to overwrite;
    # the export sets it the office's way.
    from ..render.layout import DEFAULT_LAYOUT

    draft_layout = replace(layout or DEFAULT_LAYOUT, source_own_line=True)
    write_all_or_none([(docx_path, render(issue, "docx", draft_layout)),
                       (md_path, draft_markdown(plan, issue).encode("utf-8"))], force=force)
    return Draft(plan, issue, tuple(added), md_path, docx_path)
