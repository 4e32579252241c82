"""Column labels (栏目) in the styles offices use, inferred per document.

`【…】` (and `［…］`, `〖…〗`) are labels wherever they stand. Other styles count only where the
document uses them as its column style: the style repeats, and each label is followed by a
title (not by running text): `■ 学会动态`, `◆ 科普活动`, `一、重要会议`, a short bold or
larger line in a PDF or DOCX, or a short plain line right above each larger title.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..cleanup.reflow import Block
from ..text.chars import ends_terminal
from ..text.patterns import BULLET_SYMBOLS, COLUMN_RE

_LABEL = r"([^\s，。；：,.;:!?！？、“”\"()（）]{2,10})"
SYMBOL_LABEL_RE = re.compile(rf"^\s*[{BULLET_SYMBOLS}]\s*{_LABEL}\s*$")
NUMBERED_LABEL_RE = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*、\s*([^\s，。；：,.;:!?！？、]{2,8})\s*$")
_PLAIN_LABEL_RE = re.compile(r"^\s*([^\s，。；：,.;:!?！？、“”]{2,8})\s*$")
# A style is the document's column style when it labels at least this many columns.
MIN_REPEATS = 2
_MAX_TITLE_CHARS = 60
_DISPLAY_STEP = 0.5  # pt above the body size


def _title_like(block: Block) -> bool:
    text = block.text
    return (0 < len(text) <= _MAX_TITLE_CHARS and not ends_terminal(text) and "。" not in text
            and not re.match(rf"^\s*[{BULLET_SYMBOLS}]", text) and block.role in (None, "title"))


def _display_label(block: Block, body_size: float | None) -> str | None:
    """A short line set bold or larger than the body (PDF, DOCX)."""
    match = _PLAIN_LABEL_RE.match(block.text)
    if not match:
        return None
    larger = block.size is not None and body_size is not None and block.size >= body_size + _DISPLAY_STEP
    return match.group(1) if block.bold or larger else None


def _label_over_display(block: Block, following: Block, body_size: float | None) -> str | None:
    """A short plain line at the body's size right above a title set larger: the label of an
    office whose label font has no bold face (LibreOffice prints AR PL UMing's bold as regular)."""
    match = _PLAIN_LABEL_RE.match(block.text)
    if not match or block.size is None or body_size is None or following.size is None:
        return None
    if abs(block.size - body_size) >= _DISPLAY_STEP or following.size < body_size + _DISPLAY_STEP:
        return None
    return match.group(1)


def _labels(blocks: list[Block], label_of) -> dict[int, str]:
    found: dict[int, str] = {}
    for i, block in enumerate(blocks[:-1]):
        if block.role is not None:
            continue
        label = label_of(block, blocks[i + 1])
        if label is None or not _title_like(blocks[i + 1]) or label_of(blocks[i + 1], None) is not None:
            continue
        symbol = block.text.strip()[:1]
        if i > 0 and symbol in BULLET_SYMBOLS and blocks[i - 1].text.strip()[:1] == symbol:
            continue  # the last of a run of bullets is a highlight, not a label
        found[i] = label
    return found


def mark_columns(blocks: list[Block], body_size: float | None) -> list[Block]:
    """The blocks with the labels of the document's column style marked as columns."""
    if any(block.role == "column" or COLUMN_RE.match(block.text) for block in blocks):
        return blocks
    styles = (
        lambda b, _: (m.group(1) if (m := SYMBOL_LABEL_RE.match(b.text)) else None),
        lambda b, _: (m.group(1) if (m := NUMBERED_LABEL_RE.match(b.text)) else None),
        lambda b, _: _display_label(b, body_size),
        lambda b, after: _label_over_display(b, after, body_size) if after is not None else None,
    )
    for label_of in styles:
        labels = _labels(blocks, label_of)
        if len(labels) >= MIN_REPEATS:
            return [replace(b, role="column", text=labels[i], raw=labels[i]) if i in labels else b
                    for i, b in enumerate(blocks)]
    return blocks
