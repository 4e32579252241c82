"""Dates in the text: the weekday of `8月9日（星期三）`, days that do not exist, and dates after
the issue's own (unless the sentence announces something to come)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date as Date

from ..model import Issue
from .findings import ERROR, WARNING, Finding, Place, excerpt_around
from .texts import article_texts

WEEKDAYS = "一二三四五六日"
_DATE_RE = re.compile(
    r"(?:(\d{4})\s*年\s*)?(?<![\d.])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
    r"(?:\s*[（(]?\s*(?:星期|周|礼拜)([一二三四五六日天])\s*[)）]?)?"
)
# Words that make a later date an announcement, not a mistake.
_FUTURE_RE = re.compile(r"将|拟|计划|预计|即将|届时|定于|截至|截止|之前|以前|前完成|报名|征集|欢迎|敬请|安排")
_SENTENCE_RE = re.compile(r"[^。！？；]*[。！？；]?")


def check_dates(issue: Issue) -> Iterator[Finding]:
    issued = Date.fromisoformat(issue.masthead.date) if issue.masthead.date else None
    year = issued.year if issued else issue.masthead.year
    for place, text in article_texts(issue):
        if place.part == "source":
            continue
        for sentence in _SENTENCE_RE.finditer(text):
            for m in _DATE_RE.finditer(sentence.group(0)):
                yield from _one(place, text, sentence.start() + m.start(), sentence.start() + m.end(),
                                m, sentence.group(0), issued, year)


def _one(place: Place, text: str, start: int, end: int, m: re.Match[str], sentence: str,
         issued: Date | None, year: int | None) -> Iterator[Finding]:
    explicit = int(m.group(1)) if m.group(1) else None
    month, day = int(m.group(2)), int(m.group(3))
    guess = explicit or year
    if guess is None:
        return
    if explicit is None and issued is not None and month > issued.month + 6:
        guess -= 1  # `12月28日` in an issue of January is last year's
    excerpt = excerpt_around(text, start, end)
    try:
        when = Date(guess, month, day)
    except ValueError:
        yield Finding("impossible-date", ERROR, place, f"日期不存在：{m.group(0)}", "核对月、日", excerpt)
        return
    if m.group(4):
        said = "日" if m.group(4) == "天" else m.group(4)
        actual = WEEKDAYS[when.weekday()]
        if said != actual:
            yield Finding("weekday", ERROR, place, f"{guess}年{month}月{day}日是星期{actual}，文中写的是星期{said}",
                          f"改为星期{actual}，或核对日期", excerpt)
    if issued is not None and when > issued and not _FUTURE_RE.search(sentence):
        yield Finding("date-after-issue", WARNING, place,
                      f"文中日期{when.isoformat()}晚于本期日期{issued.isoformat()}", "核对日期（预告活动请写明“将于”）", excerpt)
