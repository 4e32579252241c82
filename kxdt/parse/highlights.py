"""The 目录提要: a heading and a list of (often shortened) titles, perhaps under group headings;
matching them to articles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..cleanup.reflow import Block
from ..text.chars import clean, ends_terminal, squeeze
from ..text.matching import match_highlights  # noqa: F401  (re-exported for the parser)
from ..text.patterns import BULLET_SYMBOLS, COLUMN_RE
from .lost import LOST
from .numerals import to_int

# The contents' heading, also in brackets (`【本期导读】`) or with a colon.
HEADING_RE = re.compile(r"^\s*[【〖［\[]?\s*(目录提要|本期提要|本期要目|内容提要|本期导读|今日导读|导读|本期目录|本期内容|本期要点|"
                        r"目\s*录|要\s*目|提\s*要)\s*[】〗］\]]?\s*[:：]?\s*$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# An entry's mark: a bullet symbol, `>`, a number (`1、` `1.` `（1）` `①`), or `一、`.
BULLET_RE = re.compile(rf"^\s*(?:[{BULLET_SYMBOLS}]|>{{1,2}}|＞{{1,2}}|([0-9]{{1,2}})\s*[.．、]|[（(]([0-9]{{1,2}})[)）]|"
                       rf"([{_CIRCLED}])|([一二三四五六七八九十]{{1,3}})、)\s*")
# A highlight matches an article when one contains the other, or they are this similar.
_MAX_HIGHLIGHT_CHARS = 80
# Entries looked at for the width of a table's cells.
_CELL_WINDOW = 40
# A group heading inside the contents (`※工作动态※`, `■ 基层信息`): this short at most.
_MAX_GROUP_CHARS = 14


def is_heading(block: Block) -> bool:
    return block.role is None and bool(HEADING_RE.match(block.text))


def _lost_heading(blocks: list[Block], i: int) -> bool:
    """A line whose every glyph was lost (a heading font without a Unicode map) right before
    bulleted items: the heading, unreadable."""
    text = blocks[i].text.strip()
    return bool(text) and set(text) == {LOST} and i + 1 < len(blocks) and is_bullet(blocks[i + 1])


def is_bullet(block: Block) -> bool:
    """A 目录提要 item: a bulleted short line, or any line in the document's contents style."""
    if block.role == "toc":
        return True
    return block.role is None and bool(BULLET_RE.match(block.text)) and len(block.text) <= _MAX_HIGHLIGHT_CHARS


def ends_contents(block: Block) -> bool:
    """A column label (by its style or its 【】 form) or a styled title: the articles begin."""
    return block.role in ("column", "title") or bool(COLUMN_RE.match(block.text))


def entry_number(text: str) -> int | None:
    """The number an entry is marked with (`12、…` → 12, `①` → 1), or None."""
    match = BULLET_RE.match(text)
    if not match:
        return None
    arabic, bracketed, circled, han = match.groups()
    if circled:
        return _CIRCLED.index(circled) + 1
    return to_int(arabic or bracketed or han or "")


def _mark_kind(text: str) -> str:
    """What kind of mark opens an entry: a symbol (itself), `number`, `han` or `>`."""
    match = BULLET_RE.match(text)
    if not match:
        return ""
    if any(match.groups()):
        return "han" if match.group(4) else "number"
    return match.group(0).strip()[:1]


_LEADER_RE = re.compile(r"\s*(?:[.…·．⋯—-]{2,}|\s{2,})\s*\d{1,3}\s*$")


def _running_text(block: Block) -> bool:
    return block.role is None and ends_terminal(block.text) and len(block.text) > _MAX_HIGHLIGHT_CHARS // 4


def strip_bullet(text: str) -> str:
    """The highlight's text without its bullet, dot leaders or page number."""
    return _LEADER_RE.sub("", BULLET_RE.sub("", text, count=1)).strip()


@dataclass
class Contents:
    """The contents as read: entries, the blocks that held them, group headings, and the index
    of the first block after them."""

    items: list[str] = field(default_factory=list)
    entries: list[int] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    heading: int | None = None
    end: int = 0
    warnings: list[str] = field(default_factory=list)
    inferred: bool = False  # entries without marks, read from the layout


def _group_heading(blocks: list[Block], i: int, is_label) -> bool:
    """A heading over some entries: a column-style label or a short unpunctuated line, with an
    entry (not a title followed by its text) after it. A bullet line is one when its mark is
    not the entries' mark (`■ 基层信息` over `1、…`)."""
    block = blocks[i]
    if i + 1 >= len(blocks) or not is_bullet(blocks[i + 1]) or block.role is not None:
        return False
    if i + 2 < len(blocks) and _running_text(blocks[i + 2]):
        return False  # a column over a (numbered) title: the articles have begun
    text = block.text
    if len(text) > _MAX_GROUP_CHARS or ends_terminal(text) or any(mark in text for mark in "，。；"):
        return False
    if is_bullet(block):
        return _mark_kind(text) != _mark_kind(blocks[i + 1].text) and is_label(block)
    return True


def _closed(text: str) -> bool:
    """Marked at both ends (`◆工作动态◆`): a label, never an entry."""
    text = text.strip()
    return len(text) > 2 and text[0] == text[-1] and text[0] in BULLET_SYMBOLS + "※"


def _over_a_title(blocks: list[Block], i: int, is_label) -> bool:
    """The block after i is a plain line: no entry, no label, no sentence (a title)."""
    if i + 1 >= len(blocks):
        return False
    after = blocks[i + 1]
    return not is_bullet(after) and not is_label(after) and not ends_terminal(after.text)


def _cell_width(blocks: list[Block], start: int) -> int | None:
    """The length entries have when they fill a narrow table cell: the longest entry length
    (in characters, marks aside) when at least three entries and half of them reach it (cells
    cut them all there); None otherwise (entries of their own lengths)."""
    lengths = [len(squeeze(strip_bullet(b.text))) for b in blocks[start:start + _CELL_WINDOW] if is_bullet(b)]
    if not lengths:
        return None
    longest = max(lengths)
    full = sum(1 for n in lengths if n >= longest - 1)
    return longest if full >= 3 and 2 * full >= len(lengths) else None


def _goes_on(blocks: list[Block], i: int, wrapped: bool, cell: int | None) -> bool:
    """Whether the block after entry i is the rest of it, wrapped onto a line of its own (a
    contents set in narrow table cells): the entry fills its cell, and the next line is
    unmarked, set like the entry, shorter, not ending a sentence — and another entry follows
    it, or an earlier entry wrapped too."""
    if cell is None or i + 1 >= len(blocks):
        return False
    entry, nxt = blocks[i], blocks[i + 1]
    if len(squeeze(strip_bullet(entry.text))) < cell - 1:
        return False  # the entry ends before its cell does: nothing of it is left over
    if nxt.role is not None or entry.role is not None or is_bullet(nxt) or ends_contents(nxt) or is_heading(nxt):
        return False
    if nxt.size != entry.size or nxt.bold != entry.bold or nxt.align == "center" or nxt.page != entry.page:
        return False
    if ends_terminal(nxt.text) or len(nxt.text) >= len(entry.text):
        return False
    return wrapped or (i + 2 < len(blocks) and is_bullet(blocks[i + 2]))


def parse_highlights(blocks: list[Block], start: int, is_label=lambda block: False) -> Contents:
    """Read the contents from blocks[start:]. `is_label(block)` says whether a block is set like
    a column label (the document's own styles), which group headings inside the contents are."""
    found = Contents(end=start)
    i = start
    headed = i < len(blocks) and (is_heading(blocks[i]) or _lost_heading(blocks, i))
    if headed:
        found.heading = i
        i += 1
    last_number: int | None = None
    after_group = False
    wrapped = False  # an entry went on over a second line (entries in narrow table cells)
    cell = _cell_width(blocks, i)
    while i < len(blocks):
        block = blocks[i]
        if (headed or found.items) and _group_heading(blocks, i, is_label):
            found.groups.append(i)
            after_group = True
            i += 1
            continue
        if not is_bullet(block):
            break
        if is_label(block) and not _goes_on(blocks, i, wrapped, cell) and _over_a_title(blocks, i, is_label) and (
                _closed(block.text) or not (
                found.entries and found.entries[-1] == i - 1 and _mark_kind(blocks[i - 1].text) == _mark_kind(block.text))):
            break  # a column label (`■ 学会动态`) over a title: the articles have begun
        if block.role != "toc" and i + 1 < len(blocks) and _running_text(blocks[i + 1]):
            break  # a (numbered) title followed by its text: the articles have begun
        number = entry_number(block.text)
        if number is not None and last_number is not None and number <= last_number and not after_group:
            break  # the numbering starts again: numbered titles of the articles
        item = clean(strip_bullet(block.raw))
        found.entries.append(i)
        while _goes_on(blocks, i, wrapped, cell):
            i += 1
            item += clean(blocks[i].raw)
            found.entries.append(i)
            wrapped = True
        found.items.append(item)
        last_number = number if number is not None else last_number
        after_group = False
        i += 1
    if found.groups and found.groups[-1] >= (found.entries[-1] if found.entries else -1):
        i = found.groups.pop()  # a group heading with no entry after it is the body's first column
    found.end = i
    if found.items or not headed:
        return found
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
    found.items = [clean(strip_bullet(b.raw)) for b in blocks[i:j]]
    found.entries = list(range(i, j))
    found.end = j
    found.inferred = bool(found.items)
    found.warnings = ["目录提要没有项目符号，已按版面推断条目"] if found.items else ["目录提要为空"]
    return found
