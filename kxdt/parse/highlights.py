"""The 目录提要: a heading and a list of (often shortened) titles; matching them to articles."""

from __future__ import annotations

import re

from ..cleanup.reflow import Block
from ..text.chars import clean, ends_terminal
from ..text.matching import match_highlights  # noqa: F401  (re-exported for the parser)
from ..text.patterns import BULLET_SYMBOLS, COLUMN_RE

HEADING_RE = re.compile(r"^\s*(目录提要|本期提要|本期要目|内容提要|本期导读|本期目录|目\s*录|要\s*目|提\s*要)\s*[:：]?\s*$")
BULLET_RE = re.compile(rf"^\s*(?:[{BULLET_SYMBOLS}]|[0-9]{{1,2}}[.．、]|[一二三四五六七八九十]{{1,3}}、)\s*")
# A highlight matches an article when one contains the other, or they are this similar.
_MAX_HIGHLIGHT_CHARS = 80


def is_heading(block: Block) -> bool:
    return block.role is None and bool(HEADING_RE.match(block.text))


def is_bullet(block: Block) -> bool:
    """A 目录提要 item: a bulleted short line, or any line in the document's contents style."""
    if block.role == "toc":
        return True
    return block.role is None and bool(BULLET_RE.match(block.text)) and len(block.text) <= _MAX_HIGHLIGHT_CHARS


def ends_contents(block: Block) -> bool:
    """A column label (by its style or its 【】 form) or a styled title: the articles begin."""
    return block.role in ("column", "title") or bool(COLUMN_RE.match(block.text))


_LEADER_RE = re.compile(r"\s*(?:[.…·．⋯—-]{2,}|\s{2,})\s*\d{1,3}\s*$")


def _running_text(block: Block) -> bool:
    return block.role is None and ends_terminal(block.text) and len(block.text) > _MAX_HIGHLIGHT_CHARS // 4


def strip_bullet(text: str) -> str:
    """The highlight's text without its bullet, dot leaders or page number."""
    return _LEADER_RE.sub("", BULLET_RE.sub("", text, count=1)).strip()


def parse_highlights(blocks: list[Block], start: int) -> tuple[list[str], int, list[str]]:
    """Read highlights from blocks[start:]; return them, the index after them, and warnings."""
    i = start
    headed = i < len(blocks) and is_heading(blocks[i])
    if headed:
        i += 1
    items: list[str] = []
    while i < len(blocks) and is_bullet(blocks[i]):
        if not headed and blocks[i].role != "toc" and i + 1 < len(blocks) and _running_text(blocks[i + 1]):
            break  # a numbered title followed by its text: the articles have begun
        items.append(clean(strip_bullet(blocks[i].raw)))
        i += 1
    if items or not headed:
        return items, i, []
    # A heading but no bullets: short unpunctuated lines on the heading's page, or, with no
    # pages, all such lines before the first paragraph but the last (the first title).
    page = blocks[start].page
    j = i
    while j < len(blocks) and not ends_terminal(blocks[j].text) and len(blocks[j].text) <= _MAX_HIGHLIGHT_CHARS:
        if (page is not None and blocks[j].page != page) or ends_contents(blocks[j]):
            break
        j += 1
    labelled = j < len(blocks) and ends_contents(blocks[j])
    if not labelled and (page is None or j == len(blocks) or blocks[j].page == page):
        j = max(i, j - 1)
    items = [clean(strip_bullet(b.raw)) for b in blocks[i:j]]
    return items, j, ["目录提要没有项目符号，已按版面推断条目"] if items else ["目录提要为空"]


