"""Column labels (栏目) in the styles offices use: what a candidate label looks like, by style.

Whether a candidate *is* a column is decided in roles.py from more than its look: what follows
it (titled articles, or running text straight away), how often the style repeats in the issue
(the contents' group headings included), and how it is set. Styles: `【…】` (and `［…］`,
`〖…〗`), a symbol before a short label (`■ 学会动态`, `>>工作动态`) or around it (`◆科普活动◆`,
`※工作动态※`), `一、重要会议`, and a short bold or larger line in a PDF or DOCX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..cleanup.reflow import Block
from ..text.chars import clean
from ..text.patterns import BULLET_SYMBOLS, COLUMN_RE

_MARKS = f"{BULLET_SYMBOLS}※"
_LABEL = rf"([^\s，。；：,.;:!?！？、“”\"()（）{_MARKS}<>＜＞]{{2,10}})"
SYMBOL_LABEL_RE = re.compile(rf"^\s*([{_MARKS}]|>{{1,2}}|＞{{1,2}})\s*{_LABEL}\s*([{_MARKS}]|<{{1,2}}|＜{{1,2}})?\s*$")
NUMBERED_LABEL_RE = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*、\s*([^\s，。；：,.;:!?！？、]{2,8})\s*$")
_PLAIN_LABEL_RE = re.compile(r"^\s*([^\s，。；：,.;:!?！？、“”()（）《》]{2,8})\s*$")
# A column's name with no mark at all (plain text): this short.
PLAIN_LABEL_RE = re.compile(r"^\s*([^\s，。；：,.;:!?！？、“”()（）《》【】\[\]]{2,6})\s*$")
_DISPLAY_STEP = 0.5  # pt above the body size
# A bracketed label this long (Han characters) reads like a title, not a column's name.
LONG_LABEL = 10
_MIRROR = {"<": ">", "＜": "＞"}


@dataclass(frozen=True)
class Label:
    style: str  # "bracket", "symbol:■", "symbol:◆…◆", "numbered", "display", "short", "role"
    name: str


def _symbol_label(text: str) -> Label | None:
    match = SYMBOL_LABEL_RE.match(text)
    if not match:
        return None
    mark, name, close = match.groups()
    if close and _MIRROR.get(close[0], close[0]) != mark[0]:
        return None
    return Label(f"symbol:{mark}{'…' + mark if close else ''}", name)


def _display_label(block: Block, body_size: float | None) -> Label | None:
    """A short line set bold or larger than the body (PDF, DOCX), or — where sizes are known —
    a short line in the body's size (`short`: a label only over a larger title, see roles.py)."""
    match = _PLAIN_LABEL_RE.match(block.text)
    if not match:
        return None
    larger = block.size is not None and body_size is not None and block.size >= body_size + _DISPLAY_STEP
    if block.bold or larger:
        return Label("display", match.group(1))
    return Label("short", match.group(1)) if block.size is not None and body_size is not None else None


def label_of(block: Block, body_size: float | None) -> Label | None:
    """The block as a candidate column label, by its look alone (None when it is no candidate)."""
    if block.role == "column":
        return Label("role", clean(block.text.strip("【】[] ")))
    if block.role is not None:
        return None
    match = COLUMN_RE.match(block.text)
    if match:
        return Label("bracket", clean(match.group(1)))
    symbol = _symbol_label(block.text)
    if symbol is not None:
        return symbol
    numbered = NUMBERED_LABEL_RE.match(block.text)
    if numbered:
        return Label("numbered", numbered.group(1))
    return _display_label(block, body_size)


def by_look(label: Label | None) -> bool:
    """A label by its look alone (brackets, symbols, numbering, a document style), not merely by
    being short or set large — the name of a bulletin is both."""
    return label is not None and label.style not in ("display", "short")


def closed(style: str) -> bool:
    """A style that marks both ends (`◆…◆`, `※…※`): a label by its wording alone, nearly."""
    return style.startswith("symbol:") and "…" in style
