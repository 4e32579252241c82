"""The one parser. Enters: a reader's Document (through cleanup: normalised lines, then blocks);
leaves: an Issue — masthead, 目录提要, columns and articles, with warnings and confidence. The
zones and roles of blocks are decided here (masthead, highlights, columns, articles, sources),
with traditional text folded for matching only and restored as printed."""

from __future__ import annotations

import re
from dataclasses import replace

from ..cleanup.normalize import normalize_lines
from ..cleanup.reflow import Block, body_size, reflow
from ..errors import InputError
from ..io.limits import DOCUMENT_CHARS
from ..model import Article, Issue
from ..records import Document
from ..text.chars import ends_terminal
from .articles import column_name, parse_articles, split_joined_titles
from .columns import mark_columns
from .confidence import doubts
from .highlights import is_bullet, is_heading, match_highlights, parse_highlights
from .lost import drop_lost_text
from .masthead import parse_masthead
from .placeholders import drop_placeholders, is_placeholder
from .script import fold_blocks, restore

__all__ = ["match_highlights", "parse_blocks", "parse_document"]


def _masthead_stop(blocks: list[Block]) -> int:
    for i, block in enumerate(blocks):
        if is_heading(block) or is_bullet(block) or column_name(block) is not None or block.role == "title":
            return i
    return len(blocks)


NOTE_RE = re.compile(r"^\s*(?:编者按|编者的话|编前语|编者|按语|卷首语)\s*[:：]")


def _editors_note(blocks: list[Block], start: int) -> tuple[str | None, int]:
    """编者按 before the first article: its block and the running text after it."""
    if start >= len(blocks) or blocks[start].role is not None or not NOTE_RE.match(blocks[start].text):
        return None, start
    end = start + 1
    while (end < len(blocks) and blocks[end].role is None and not is_heading(blocks[end])
           and not is_bullet(blocks[end]) and column_name(blocks[end]) is None and ends_terminal(blocks[end].text)
           and len(blocks[end].text) > MIN_NOTE_PARAGRAPH):
        end += 1
    return "\n".join(b.text for b in blocks[start:end]), end


MIN_NOTE_PARAGRAPH = 20


def parse_blocks(blocks: list[Block], *, path: str | None = None) -> Issue:
    """Parse blocks into an issue; a traditional-character document is parsed in simplified
    form and given back its own characters."""
    folded, back = fold_blocks(blocks)
    issue = _parse(folded, path)
    return restore(issue, back) if back else issue


def _parse(blocks: list[Block], path: str | None) -> Issue:
    blocks = mark_columns(blocks, body_size(blocks))
    masthead, start, warnings = parse_masthead(blocks, _masthead_stop(blocks))
    note, start = _editors_note(blocks, start)
    toc, start, toc_warnings = parse_highlights(blocks, start)
    if note is None:
        note, start = _editors_note(blocks, start)
    body = [replace(b, role=None) if b.role == "toc" else b for b in blocks[start:]]  # contents style past the contents
    articles, article_warnings = parse_articles(split_joined_titles(body, toc), body_size(blocks))
    has_numbers = any(v is not None for v in (masthead.number, masthead.total, masthead.date))
    if not has_numbers and not toc and not any(a.column for a in articles):
        raise InputError("不像是简报：没有找到报头（期号、日期）、目录提要或栏目。请确认文件是《科协每周动态》一类的简报", path=path)
    warnings += toc_warnings + article_warnings
    if not toc:
        warnings.append("未找到目录提要")
    if not any(a.column for a in articles):
        warnings.append("未找到栏目")
    titles = [a.title for a in articles]
    for k, (item, hit) in enumerate(zip(toc, match_highlights(toc, titles)), 1):
        if hit is None and not is_placeholder(item):
            warnings.append(f"目录提要第{k}条“{item}”未找到对应文章")
    issue = drop_placeholders(drop_lost_text(Issue(masthead=masthead, toc=tuple(toc), articles=tuple(articles),
                                                   warnings=tuple(warnings), note=note)))
    return replace(issue, warnings=issue.warnings + tuple(doubts(issue)))


def _blocks(document: Document, path: str | None) -> list[Block]:
    DOCUMENT_CHARS.check(sum(len(line.text) for line in document.lines), path)
    lines = normalize_lines(list(document.lines), text_layer=document.kind == "txt")
    if not lines:
        raise InputError("文件里没有文字：请确认文件不是空的", path=path)
    return reflow(lines)


def parse_document(document: Document, *, path: str | None = None) -> Issue:
    issue = parse_blocks(_blocks(document, path), path=path)
    if document.warnings:
        issue = replace(issue, warnings=tuple(document.warnings) + issue.warnings)
    confidence = document.meta.get("ocr")
    if isinstance(confidence, float):
        issue = replace(issue, ocr=confidence)
    return issue


def parse_articles_document(document: Document, *, path: str | None = None) -> list[Article]:
    """Articles from a file that holds articles only (a submission: title, paragraphs, source)."""
    blocks = _blocks(document, path)
    articles, _ = parse_articles(blocks, body_size(blocks))
    articles = [a for a in articles if a.paragraphs]
    if not articles:
        raise InputError("没有找到文章（第一行应是标题，其后是正文）：请检查稿件格式", path=path)
    return articles
