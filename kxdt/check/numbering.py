"""第N期, 总第N期 and the date against the archive; the masthead's year against its date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date as Date
from datetime import timedelta

from ..model import Issue
from .findings import ERROR, MASTHEAD, WARNING, Finding
from .history import History

DATE_SLACK_DAYS = 3  # a date this far from the usual interval is still usual (holidays)


def check_numbering(issue: Issue, history: History) -> Iterator[Finding]:
    m = issue.masthead
    for value, label in ((m.name, "刊名"), (m.total, "总期号（总第N期）"), (m.number, "期号（第N期）"), (m.date, "日期")):
        if value is None:
            yield Finding("masthead-missing", WARNING, MASTHEAD, f"报头缺少{label}", f"在报头补上{label}")
    day = Date.fromisoformat(m.date) if m.date else None
    if m.year is not None and day is not None and m.year != day.year:
        yield Finding("masthead-year", ERROR, MASTHEAD, f"报头年份{m.year}年与日期{m.date}不一致",
                      f"年份应为{day.year}年，或改正日期")
    if history.archived_same is not None:
        other = history.archived_same
        yield Finding("already-archived", ERROR, MASTHEAD,
                      f"总第{m.total}期已归档（{other.masthead.date or '日期不详'}，{other.file or '来源不详'}），内容不同",
                      "核对总期号，应为新的一期")
    prev = history.previous
    if prev is None or m.total is None or prev.masthead.total is None:
        return
    p = prev.masthead
    step = m.total - p.total
    if step != 1:
        # A jump that the 第N期 and the date follow too is a gap in the archive (提醒); one they
        # do not follow is a mistyped 总第 number (错误 when this is the next issue to go out).
        gap = step > 1 and not list(_year_number(issue, prev, step)) and not list(_date(issue, prev, history.interval_days, step))
        newest = history.newest_total == p.total
        yield Finding("total-number", WARNING if gap or not newest else ERROR, MASTHEAD,
                      f"总第{m.total}期：归档里上一期是总第{p.total}期（{p.date or '日期不详'}）"
                      + (f"，中间缺{step - 1}期" if step > 1 else ""),
                      f"若是紧接的下一期，应为总第{p.total + 1}期" + ("；若确有缺期，请补齐归档" if gap else ""))
        if not gap:
            step = 1
    yield from _year_number(issue, prev, step)
    yield from _date(issue, prev, history.interval_days, step)
    yield from _weekday(issue, prev, history)


WEEKDAY_NAMES = "一二三四五六日"


def _weekday(issue: Issue, prev: Issue, history: History) -> Iterator[Finding]:
    """A date on a weekday no recent issue came out on (Saturday for a Friday bulletin) is a
    mistyped date far more often than a changed habit."""
    m, p = issue.masthead, prev.masthead
    if not m.date or not history.weekdays:
        return
    day = Date.fromisoformat(m.date)
    if day.weekday() in history.weekdays:
        return
    usual = "、".join(f"星期{WEEKDAY_NAMES[d]}" for d in sorted(history.weekdays))
    nearest = min((day + timedelta(days=k) for k in range(-3, 4) if (day + timedelta(days=k)).weekday() in history.weekdays),
                  key=lambda d: (abs((d - day).days), d), default=None)
    if p.date and nearest is not None and nearest <= Date.fromisoformat(p.date):
        nearest = None
    count = sum(1 for i in history.recent if i.masthead.date) or 1
    yield Finding("issue-weekday", ERROR, MASTHEAD,
                  f"日期{m.date}是星期{WEEKDAY_NAMES[day.weekday()]}，本刊近{count}期都在{usual}出刊",
                  f"核对日期，如应为{nearest.isoformat()}（星期{WEEKDAY_NAMES[nearest.weekday()]}）" if nearest
                  else "核对日期")


def _year_number(issue: Issue, prev: Issue, step: int) -> Iterator[Finding]:
    m, p = issue.masthead, prev.masthead
    if m.number is None or p.number is None:
        return
    year, prev_year = (m.date or "")[:4] or str(m.year), (p.date or "")[:4] or str(p.year)
    if year == prev_year:
        expected = p.number + step
        why = f"上一期是{p.year}年第{p.number}期（总第{p.total}期）"
    elif step == 1:
        expected = 1
        why = "新的一年，期号从第1期起"
    else:
        return
    if m.number != expected:
        yield Finding("year-number", ERROR, MASTHEAD, f"第{m.number}期与总第{m.total}期不相符：{why}", f"应为第{expected}期")


def _date(issue: Issue, prev: Issue, interval: float | None, step: int) -> Iterator[Finding]:
    m, p = issue.masthead, prev.masthead
    if not m.date or not p.date:
        return
    day, prev_day = Date.fromisoformat(m.date), Date.fromisoformat(p.date)
    if day <= prev_day:
        yield Finding("issue-date", ERROR, MASTHEAD, f"日期{m.date}不晚于上一期（总第{p.total}期，{p.date}）",
                      "核对出刊日期")
        return
    if interval is None:
        return
    expected = prev_day + timedelta(days=round(interval * step))
    if abs((day - expected).days) > DATE_SLACK_DAYS:
        yield Finding("issue-date", WARNING, MASTHEAD,
                      f"日期{m.date}与惯例不符：通常每{round(interval)}天一期，按上一期（{p.date}）应在{expected.isoformat()}前后",
                      f"核对日期，如应为{expected.isoformat()}")
