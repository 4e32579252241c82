"""Placeholders of a draft that the clerk did not overwrite: left out of the issue, each named
in a warning (see kxdt/placeholders.py)."""

from __future__ import annotations

from dataclasses import replace

from ..model import Article, Issue
from ..text import placeholders
from ..text.chars import squeeze

_KEYS = {squeeze(text): text for text in placeholders.ALL}


def _is(text: str | None, placeholder: str) -> bool:
    return text is not None and _KEYS.get(squeeze(text).strip("（）()●")) == placeholder


# Words every warning below holds, by which `kxdt check` tells them from other warnings.
WARNING_MARKS = ("提示文字", "示例文章未填写", "正文提示")


def is_placeholder_warning(warning: str) -> bool:
    return any(mark in warning for mark in WARNING_MARKS)


def is_placeholder(text: str) -> bool:
    return squeeze(text).strip("（）()●") in _KEYS


def drop_placeholders(issue: Issue) -> Issue:
    warnings: list[str] = []
    toc = tuple(item for item in issue.toc if not _is(item, placeholders.TOC))
    if len(toc) < len(issue.toc):
        warnings.append("目录提要里的提示文字未改动，已略去")
    articles: list[Article] = []
    for article in issue.articles:
        paragraphs = tuple(p for p in article.paragraphs if not _is(p, placeholders.BODY))
        untouched_title = _is(article.title, placeholders.TITLE)
        if untouched_title and not paragraphs:
            where = f"栏目【{article.column}】" if article.column else "草稿"
            warnings.append(f"{where}的示例文章未填写，已略去")
            continue
        if untouched_title:
            warnings.append(f"有一篇文章的标题还是提示文字“{placeholders.TITLE}”：请写上标题")
        if len(paragraphs) < len(article.paragraphs):
            warnings.append(f"文章“{article.title}”里的正文提示未删去，已略去")
        source = article.source
        if _is(source, placeholders.SOURCE):
            warnings.append(f"文章“{article.title}”的来源还是提示文字“{placeholders.SOURCE}”，已略去")
            source = None
        articles.append(replace(article, paragraphs=paragraphs, source=source))
    if not warnings:
        return issue
    return replace(issue, toc=toc, articles=tuple(articles), warnings=issue.warnings + tuple(warnings))
