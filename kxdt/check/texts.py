"""The texts of an issue that a person reads, each with its place."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Issue
from .findings import Place


def article_texts(issue: Issue) -> Iterator[tuple[Place, str]]:
    """Titles, paragraphs and sources of every article, in reading order."""
    for k, article in enumerate(issue.articles, 1):
        yield Place("title", k, article.title), article.title
        for p, paragraph in enumerate(article.paragraphs, 1):
            yield Place("paragraph", k, article.title, p), paragraph
        if article.source:
            yield Place("source", k, article.title), article.source


def all_texts(issue: Issue) -> Iterator[tuple[Place, str]]:
    """Highlights, then the articles' texts."""
    for k, item in enumerate(issue.toc, 1):
        yield Place("toc", index=k), item
    yield from article_texts(issue)
