"""The one parser. Enters: a reader's Document (through cleanup: normalised lines, then blocks);
leaves: an Issue — masthead, 目录提要, columns and articles, with warnings and confidence. The
zones and roles of blocks are decided here (masthead, highlights, columns, articles, sources),
with traditional text folded for matching only and restored as printed."""

from __future__ import annotations

from dataclasses import replace

from ..cleanup.normalize import normalize_lines
from ..cleanup.reflow import Block, body_size, reflow
from ..errors import InputError
from ..io.limits import DOCUMENT_CHARS, DOCUMENT_LINES
from ..model import Article, Issue
from ..records import Document
from .articles import assemble
from .body import read_body
from .confidence import bulletin_signals, doubts, issue_confidence
from .evidence import Decision
from .highlights import match_highlights
from .lost import drop_lost_text
from .placeholders import drop_placeholders, is_placeholder
from .roles import Reading, read
from .script import fold_blocks, restore

__all__ = ["explain_document", "match_highlights", "parse_blocks", "parse_document"]


def parse_blocks(blocks: list[Block], *, path: str | None = None) -> Issue:
    """Parse blocks into an issue; a traditional-character document is parsed in simplified
    form and given back its own characters."""
    return _explained(blocks, path)[0]


def _explained(blocks: list[Block], path: str | None) -> tuple[Issue, list[tuple[str, Decision]]]:
    folded, back = fold_blocks(blocks)
    issue, reading = _parse(folded, path)
    trace = [(back(b.text) if back else b.text, d) for b, d in reading.trace]
    return (restore(issue, back) if back else issue), trace


def _parse(blocks: list[Block], path: str | None) -> tuple[Issue, Reading]:
    reading = read(blocks, body_size(blocks))
    masthead = reading.masthead.masthead
    toc = reading.contents.items
    articles, article_warnings = assemble(reading.body, reading.decisions)
    found = bulletin_signals(masthead, toc, articles)
    if not found:
        raise InputError("不像是简报：没有找到报头（期号、日期）、目录提要、栏目或带正文的文章。"
                         "请确认文件是《科协每周动态》一类的简报", path=path)
    warnings = reading.masthead.warnings + reading.contents.warnings + article_warnings
    if not toc:
        warnings.append("未找到目录提要")
    if not any(a.column for a in articles):
        warnings.append("未找到栏目")
    titles = [a.title for a in articles]
    for k, (item, hit) in enumerate(zip(toc, match_highlights(toc, titles)), 1):
        if hit is None and not is_placeholder(item):
            warnings.append(f"目录提要第{k}条“{item}”未找到对应文章")
    issue = drop_placeholders(drop_lost_text(Issue(masthead=masthead, toc=tuple(toc), articles=tuple(articles),
                                                   warnings=tuple(warnings), note=reading.note)))
    said = doubts(issue, found)
    return replace(issue, warnings=issue.warnings + tuple(said),
                   confidence=issue_confidence(issue, reading.masthead.confidence, found, bool(doubts(issue)))), reading


def _blocks(document: Document, path: str | None) -> list[Block]:
    DOCUMENT_LINES.check(len(document.lines), path)
    DOCUMENT_CHARS.check(sum(len(line.text) for line in document.lines), path)
    lines = normalize_lines(list(document.lines), text_layer=document.kind == "txt")
    if not lines:
        raise InputError("文件里没有文字：请确认文件不是空的", path=path)
    return reflow(lines)


def parse_document(document: Document, *, path: str | None = None) -> Issue:
    return explain_document(document, path=path)[0]


def explain_document(document: Document, *, path: str | None = None) -> tuple[Issue, list[tuple[str, Decision]]]:
    """The issue, and every block of the document (its text) with what the parser decided it
    is, how sure it is and why — in the document's order."""
    issue, trace = _explained(_blocks(document, path), path)
    if document.warnings:
        issue = replace(issue, warnings=tuple(document.warnings) + issue.warnings)
    confidence = document.meta.get("ocr")
    if isinstance(confidence, float):
        issue = replace(issue, ocr=confidence)
    return issue, trace


def parse_articles_document(document: Document, *, path: str | None = None) -> list[Article]:
    """Articles from a file that holds articles only (a submission: title, paragraphs, source)."""
    blocks = _blocks(document, path)
    articles, _ = assemble(blocks, read_body(blocks, body_size(blocks)))
    articles = [a for a in articles if a.paragraphs]
    if not articles:
        raise InputError("没有找到文章（第一行应是标题，其后是正文）：请检查稿件格式", path=path)
    return articles
