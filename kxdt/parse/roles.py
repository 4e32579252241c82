"""What each block of an issue is — the one place that decides it, from several signals together.

Zones first: page chrome (by its wording, wherever it sits), the masthead (anchored on its issue
line, or its date when there is none), the front matter (编者按, the contents with their group
headings), then the body, where each block is a column label, a title (or the next line of
one), a caption, a credit, a source or running text. No decision rests on one signal: a
bracketed line is a column when titled articles follow it and its style repeats, a title when
running text follows it straight away and it reads like one; a short line under a title is a
caption when it is worded like one, set smaller or printed twice. Each decision keeps its
signals (evidence.py), so the parser can say how sure it is and why. The zones are decided
here; the body's blocks in body.py, which this module calls.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..cleanup.reflow import Block
from ..text.chars import ends_terminal
from ..text.chrome import LINK_LIST_RE, chrome_kind, is_chrome, posted_date
from .articles import LEADING_COLUMN_RE, split_joined_titles, title_like
from .body import decide_columns, read_body, running
from .columns import Label, by_look, label_of
from .evidence import Decision, Signal, decided
from .highlights import Contents, is_bullet, is_heading, parse_highlights
from .masthead import MastheadReading, parse_masthead

NOTE_RE = re.compile(r"^\s*(?:编者按|编者的话|编前语|编者|按语|卷首语)\s*[:：]")
MIN_NOTE_PARAGRAPH = 20


@dataclass
class Reading:
    """The issue read by zones: the masthead, the 编者按, the contents, and the body's blocks
    with what each is. `trace` holds every block of the issue with its decision, in order."""

    masthead: MastheadReading
    note: str | None
    contents: Contents
    body: list[Block]
    decisions: list[Decision]
    trace: list[tuple[Block, Decision]] = field(default_factory=list)


def _chrome(block: Block) -> Decision | None:
    if block.role is not None:
        return None
    kind = chrome_kind(block.text) or ("网页按钮" if is_chrome(block.text) else None)
    return decided("chrome", Signal(f"{kind}的措辞", 0.9)) if kind else None


def _masthead_stop(blocks: list[Block], labels: dict[int, Label]) -> int:
    """Where the masthead zone ends at the latest: the contents' heading or first entry, a column
    label (by its look; not a bold or large line, which the name is too) or a title."""
    for i, block in enumerate(blocks):
        label = labels.get(i)
        if is_heading(block) or is_bullet(block) or block.role == "title" or by_look(label):
            return i
    return len(blocks)


def _editors_note(blocks: list[Block], start: int, labels: dict[int, Label]) -> tuple[str | None, int]:
    """编者按 before the first article: its block and the running text after it."""
    if start >= len(blocks) or blocks[start].role is not None or not NOTE_RE.match(blocks[start].text):
        return None, start
    end = start + 1
    while (end < len(blocks) and blocks[end].role is None and not is_heading(blocks[end])
           and not is_bullet(blocks[end]) and end not in labels and ends_terminal(blocks[end].text)
           and len(blocks[end].text) > MIN_NOTE_PARAGRAPH):
        end += 1
    return "\n".join(b.text for b in blocks[start:end]), end


def looks_like_label(block: Block, body_size: float | None) -> bool:
    """Set like a column label: by brackets, symbols, numbering, or bold or larger type."""
    label = label_of(block, body_size)
    return label is not None and label.style != "short"


def read(blocks: list[Block], body_size: float | None) -> Reading:
    """Decide what every block is; the masthead's fields and the contents come with it."""
    slots: list[tuple[Block, Decision] | int] = []  # chrome with its decision, or the index of a kept block
    kept: list[Block] = []
    posted: list[str] = []
    links = False  # under a `相关新闻` heading: its short lines are links to other posts
    for block in blocks:
        chrome = _chrome(block)
        links = links and not running(block) and block.role is None
        if chrome is None and links:
            chrome = decided("chrome", Signal("“相关链接”之下的短行", 0.8))
        if chrome is None:
            slots.append(len(kept))
            kept.append(block)
            continue
        links = links or LINK_LIST_RE.match(block.text) is not None
        slots.append((block, chrome))
        date = posted_date(block.text)
        if date:
            posted.append(date)
    labels = {i: label for i, b in enumerate(kept) if (label := label_of(b, body_size)) is not None}
    masthead = parse_masthead(kept, _masthead_stop(kept, labels), posted)
    front = {i: decided("masthead", Signal("报头区：期号行及其上下的刊名、编发单位和日期", 0.9)) for i in range(masthead.start)}
    note, start = _editors_note(kept, masthead.start, labels)
    contents = parse_highlights(kept, start, is_label=lambda b: looks_like_label(b, body_size))
    end = contents.end
    if note is None:
        note, end = _editors_note(kept, contents.end, labels)
    for i in range(masthead.start, end):
        if contents.heading == i:
            front[i] = decided("contents-heading", Signal("目录的标题词", 0.9))
        elif i in contents.groups:
            front[i] = decided("contents-group", Signal("目录中的分组标题：其后是目录条目", 0.8))
        elif i in contents.entries:
            front[i] = decided("contents-entry", Signal("目录条目", 0.8 if contents.inferred else 0.9))
        else:
            front[i] = decided("editors-note", Signal("编者按", 0.9))
    past = [replace(b, role=None) if b.role == "toc" else b for b in kept[end:]]  # contents style past the contents
    body = _split_leading_columns(split_joined_titles(past, contents.items), body_size)
    groups = Counter(labels[i].style for i in contents.groups if i in labels)
    names = frozenset(labels[i].name if i in labels else kept[i].text for i in contents.groups)
    columns = decide_columns(body, body_size, groups, names)
    decisions = read_body(body, body_size, columns, contents.items)
    return Reading(masthead, note, contents, body, decisions, _in_order(slots, kept, front, end, body, decisions))


def _in_order(slots: list[tuple[Block, Decision] | int], kept: list[Block], front: dict[int, Decision], end: int,
              body: list[Block], decisions: list[Decision]) -> list[tuple[Block, Decision]]:
    """Every block with its decision in the document's order (chrome inside the body, rare,
    is listed after the body: the body's blocks may have been split)."""
    trace: list[tuple[Block, Decision]] = []
    body_done = False
    for slot in slots:
        if not isinstance(slot, int):
            trace.append(slot)
        elif slot < end:
            trace.append((kept[slot], front[slot]))
        elif not body_done:
            trace += zip(body, decisions)
            body_done = True
    if not body_done:
        trace += zip(body, decisions)
    return trace


def _split_leading_columns(blocks: list[Block], body_size: float | None) -> list[Block]:
    """`【基层动态】某区科协召开…`: a column label with the first title on the same line, as two."""
    out: list[Block] = []
    for block in blocks:
        leading = LEADING_COLUMN_RE.match(block.text) if block.role is None else None
        if leading and title_like(replace(block, text=leading.group(2)), body_size):
            label, title = f"【{leading.group(1)}】", leading.group(2)
            out += [replace(block, text=label, raw=label, lines=1, parts=(label,)),
                    replace(block, text=title, raw=title, parts=(title,))]
        else:
            out.append(block)
    return out
