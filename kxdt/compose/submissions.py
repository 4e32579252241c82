"""Submissions pulled into a draft (`new-issue --add`): one article a file, DOCX or typed text.

A typed submission (a .txt a unit sent, or a clerk typed) has one paragraph a line: its line
breaks are paragraph breaks, with or without blank lines between. Text copied from a PDF is
hard-wrapped instead (long lines breaking mid-sentence) and is reflowed like a text layer.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace

from ..model import Article
from ..records import Document
from ..text.chars import clean, ends_terminal, width_em

# A line this wide (em) could be a hard-wrapped line of a printed page.
WRAPPED_MIN_EM = 18.0
# Text is hard-wrapped when at least this many of its long lines, and this share of them,
# break off mid-sentence.
WRAPPED_MIN_LINES = 2
WRAPPED_SHARE = 0.34


def is_hard_wrapped(document: Document) -> bool:
    long = [clean(line.text) for line in document.lines if width_em(clean(line.text)) >= WRAPPED_MIN_EM]
    broken = [text for text in long if not ends_terminal(text)]
    return len(broken) >= WRAPPED_MIN_LINES and len(broken) >= WRAPPED_SHARE * len(long)


def typed_paragraphs(document: Document) -> Document:
    """A typed text's lines as whole paragraphs (other documents as they are)."""
    if document.kind != "txt" or is_hard_wrapped(document):
        return document
    return replace(document, lines=tuple(replace(line, whole=True) for line in document.lines))


def with_column(article: Article, column: str | None) -> Article:
    return replace(article, column=column) if column else article


def read_submissions(paths: Sequence[str | os.PathLike[str]], column: str | None) -> list[Article]:
    """Articles submitted as files (a DOCX or text file holding one article each)."""
    from ..parse import parse_articles_document
    from ..readers import read

    return [with_column(article, column)
            for path in paths for article in parse_articles_document(typed_paragraphs(read(path)), path=str(path))]
