"""Articles and contents: titles, sources, empty columns, repeated paragraphs, the 目录提要."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Issue
from ..parse.articles import empty_column_warning
from ..parse.placeholders import is_placeholder_warning
from ..text.chars import squeeze
from ..text.matching import match_highlights, nearest_title
from .findings import ERROR, WARNING, WHOLE_ISSUE, Finding, Place, excerpt_around
from .history import History

MIN_REPEATED_PARAGRAPH = 15  # shorter paragraphs (`会议强调：`) may well repeat
MAX_SOURCE_CHARS = 40
MAX_SUGGESTIONS = 20  # unmatched highlights given the nearest title as a suggestion
_EMPTY_COLUMN_RE = re.compile("^" + "(.+)".join(map(re.escape, empty_column_warning("\x00").split("\x00"))) + "$")
_SOURCE_SHAPE_RE = re.compile(r"[。！？；]")


def check_articles(issue: Issue, history: History) -> Iterator[Finding]:
    if not issue.articles:
        yield Finding("no-articles", ERROR, WHOLE_ISSUE, "本期没有文章（草稿的示例文章还没有改写？）",
                      "在 Word 里写好文章后再校对")
    for warning in issue.warnings:
        if is_placeholder_warning(warning):
            yield Finding("placeholder", WARNING, WHOLE_ISSUE, warning, "改写或删去草稿里的提示文字")
    low, high = history.title_range
    sourced = sum(1 for a in issue.articles if a.source)
    for k, a in enumerate(issue.articles, 1):
        title = Place("title", k, a.title)
        if not a.title.strip():
            yield Finding("title-missing", ERROR, title, "文章没有标题", "补上标题")
        elif a.title.rstrip().endswith(("。", ".")):
            yield Finding("title-period", ERROR, title, "标题末尾有句号", "删去标题末尾的句号", a.title[-12:])
        elif not low <= len(a.title) <= high:
            yield Finding("title-length", WARNING, title, f"标题{len(a.title)}字，本刊标题通常{low}–{high}字",
                          "核对标题是否完整，或是否把正文并进了标题" if len(a.title) > high else "核对标题是否完整")
        if not a.paragraphs:
            yield Finding("title-missing", ERROR, title, "这篇文章只有标题，没有正文", "补上正文，或删去这个标题")
        if not a.source:
            # An office that signs most articles forgot this one; one that never does is not asked to.
            if sourced >= max(2, 0.5 * len(issue.articles)):
                yield Finding("source-missing", WARNING, Place("source", k, a.title), "文章没有来源",
                              "在文末加上来源，如“（XX区科协）”")
        elif len(a.source) > MAX_SOURCE_CHARS or _SOURCE_SHAPE_RE.search(a.source):
            yield Finding("source-form", WARNING, Place("source", k, a.title), "来源不像单位名称（过长或含句子）",
                          "来源只写单位名，如“（XX区科协）”", a.source[:30])
    for warning in issue.warnings:
        m = _EMPTY_COLUMN_RE.match(warning)
        if m:
            yield Finding("empty-column", ERROR, WHOLE_ISSUE, f"栏目【{m.group(1)}】下没有文章",
                          "删去这个栏目标题，或放入文章")
    yield from _repeated_paragraphs(issue)


def _repeated_paragraphs(issue: Issue) -> Iterator[Finding]:
    seen: dict[str, Place] = {}
    for k, a in enumerate(issue.articles, 1):
        for p, paragraph in enumerate(a.paragraphs, 1):
            key = squeeze(paragraph)
            if len(key) < MIN_REPEATED_PARAGRAPH:
                continue
            place = Place("paragraph", k, a.title, p)
            if key in seen:
                yield Finding("duplicate-paragraph", ERROR, place, f"与{seen[key].label()}重复", "删去重复的一段",
                              excerpt_around(paragraph, 0, 0, after=20))
            else:
                seen[key] = place


def check_contents(issue: Issue, history: History) -> Iterator[Finding]:
    titles = [a.title for a in issue.articles]
    matches = match_highlights(issue.toc, titles)
    suggested = 0
    for k, (item, hit) in enumerate(zip(issue.toc, matches), 1):
        if hit is None:
            # The nearest title is suggested for the first MAX_SUGGESTIONS (each is a search).
            nearest = nearest_title(item, titles) if suggested < MAX_SUGGESTIONS else None
            suggested += 1
            fix = f"改为与正文标题一致，如“{nearest}”" if nearest else "删去这一条，或补上文章"
            yield Finding("toc-unmatched", ERROR, Place("toc", index=k), f"目录提要“{item}”没有对应的文章（标题可能已改）",
                          fix)
    if issue.toc and history.lists_every_article:
        listed = set(m for m in matches if m is not None)
        for k, a in enumerate(issue.articles, 1):
            if k - 1 not in listed:
                yield Finding("toc-missing-article", WARNING, Place("title", k, a.title),
                              "本刊目录提要通常列出每篇文章，这篇没有列入", "在目录提要里加上这篇")
