"""What each block of an issue's body is: a column label (or a title in brackets), a title or the
next line of one, a caption, a credit, a source, running text — decided in order, each from
several signals (see roles.py for the zones before the body, evidence.py for the weighing)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..cleanup.reflow import Block
from ..text.chars import ends_terminal, han_count, squeeze
from ..text.patterns import BULLET_SYMBOLS
from .articles import (
    LARGER,
    MAX_TITLE_CHARS,
    PHOTO_RE,
    SIDE_BY_SIDE_RE,
    column_name,
    display,
    enumerator,
    is_credit,
    subheading,
    title_like,
)
from .columns import LONG_LABEL, PLAIN_LABEL_RE, Label, closed, label_of
from .evidence import Decision, Signal, decided
from .sources import source_only

# A document's column style (other than 【】) needs this many labels each followed by a title.
MIN_REPEATS = 2
# Bracketed lines followed by running text in at least this share make the document's 【】 titles.
BRACKETED_TITLE_SHARE = 0.5
# A bracketed line this long (Han characters) followed by running text is a title in any case.
BRACKETED_TITLE_CHARS = 6
# A title longer than this is less likely one.
LONG_TITLE = 40
# The first line of a title that ends in `：` (`系列报道之二：`): at least and at most this long.
TITLE_HEAD_CHARS = (6, 30)
# Running text: ends like a sentence and is longer than this.
RUNNING_CHARS = 12
# A caption printed right under a title (before any text) is worded so, not merely short.
_UNDER_TITLE_PHOTO_RE = re.compile(r"^\s*[（(]?\s*(?:图为|图\s*[:：])|摄\s*[)）]?\s*$|摄影\s*[:：]")
# `来源：…`, `发布时间：…` right under a title: the web page's facts about the post.
META_RE = re.compile(r"^\s*(?:来源|信息来源|文章来源|稿件来源|发布时间|发布日期|时间|日期)\s*[:：]")


def running(block: Block | None) -> bool:
    """Running text: a block that ends like a sentence and is longer than a label or a title."""
    return block is not None and block.role is None and ends_terminal(block.text) and len(block.text) > RUNNING_CHARS


def decide_columns(body: list[Block], body_size: float | None, groups: Counter[str] | None = None,
                   group_names: frozenset[str] = frozenset()) -> dict[int, Decision]:
    """Which candidate labels of the body are columns (or, for 【】, titles in brackets).

    `groups` counts the contents' group headings by style: a style that heads groups of the
    contents and articles of the body is the document's column style. `group_names` are their
    words: a plain short line of the body that repeats one over a title is a column too."""
    groups = groups or Counter()
    labels = {i: label for i, b in enumerate(body) if (label := label_of(b, body_size)) is not None}

    def follows_title(i: int) -> bool:
        return i + 1 < len(body) and i + 1 not in labels and title_like(body[i + 1], body_size) \
            and not running(body[i + 1])

    def follows_display(i: int) -> bool:
        return follows_title(i) and display(body[i + 1], body_size)

    def follows_text(i: int) -> bool:
        return i + 1 < len(body) and running(body[i + 1])

    out: dict[int, Decision] = {}
    for i, label in labels.items():
        if label.style == "role":
            out[i] = decided("column", Signal("文档样式为栏目", 0.95), value=label.name)
    bracketed = [i for i, label in labels.items() if label.style == "bracket"]
    texted = sum(1 for i in bracketed if follows_text(i))
    titles_in_brackets = len(bracketed) >= 2 and texted >= BRACKETED_TITLE_SHARE * len(bracketed)
    repeats = len(bracketed) + groups["bracket"]
    for i in bracketed:
        name = labels[i].name
        if follows_text(i) and (han_count(name) > LONG_LABEL or (titles_in_brackets and han_count(name) >= BRACKETED_TITLE_CHARS)):
            out[i] = decided("title", Signal("括号里是一句标题，其后直接是正文", 0.8),
                             *([Signal(f"全期{texted}处括号行都直接接正文", 0.5)] if titles_in_brackets else []), value=name)
            continue
        signals = [Signal("【】括起的标签", 0.6)]
        if repeats >= 2:
            signals.append(Signal(f"同式样全期{repeats}处", 0.3))
        if follows_title(i):
            signals.append(Signal("其后是标题", 0.6))
        elif follows_text(i):
            signals.append(Signal("其后直接是正文，不是标题", -0.35))
        if han_count(name) > LONG_LABEL:
            signals.append(Signal("作栏目名偏长", -0.3))
        out[i] = decided("column", *signals, value=name)
    if any(d.role == "column" for d in out.values()):
        return out
    by_style: dict[str, list[int]] = {}
    for i, label in labels.items():
        if label.style not in ("bracket", "role") and not _last_of_bullets(body, i):
            by_style.setdefault(label.style, []).append(i)
    for style, found in sorted(by_style.items(), key=lambda kv: -len(kv[1])):
        # A short line in the body's size is a label only over a title set larger than it.
        followed = [i for i in found if (follows_display(i) if style == "short" else follows_title(i))]
        seen = len(followed) + groups[style]
        if not followed or not (len(followed) >= MIN_REPEATS or closed(style) or seen >= MIN_REPEATS):
            continue
        for i in followed:
            signals = [Signal("其后是标题", 0.6), Signal(f"同式样全期{seen}处", 0.5 if seen >= MIN_REPEATS else 0.2)]
            if closed(style):
                signals.append(Signal("符号括起的短标签", 0.5))
            out[i] = decided("column", *signals, value=labels[i].name)
        return out
    return {**out, **_plain_columns(body, body_size, labels, group_names)}


def _plain_columns(body: list[Block], body_size: float | None, labels: dict[int, Label],
                   group_names: frozenset[str]) -> dict[int, Decision]:
    """Columns with no mark at all (`工作动态` on its own line, plain text): a short line over a
    title that its text follows, where the contents' group headings name it, or where such
    lines repeat; never a line set in a known size (those are weighed by their type)."""
    found: dict[int, str] = {}
    for i, block in enumerate(body[:-2]):
        match = PLAIN_LABEL_RE.match(block.text)
        if not match or block.role is not None or block.size is not None or i in labels or i + 1 in labels:
            continue
        after = body[i + 1]
        if title_like(after, body_size) and not running(after) and running(body[i + 2]) \
                and not PLAIN_LABEL_RE.match(after.text):
            found[i] = match.group(1)
    named = {i for i, name in found.items() if name in group_names}
    if not named and len(found) < MIN_REPEATS:
        return {}
    out: dict[int, Decision] = {}
    for i, name in found.items():
        if named and i not in named:
            continue
        signals = [Signal("短行，其后是标题和正文", 0.5)]
        signals.append(Signal("与目录中的分组标题相同", 0.7) if i in named else Signal(f"全期{len(found)}处同样的短行", 0.4))
        out[i] = decided("column", *signals, value=name)
    return out


def _last_of_bullets(body: list[Block], i: int) -> bool:
    """The last of a run of bullets is a highlight, not a label."""
    symbol = body[i].text.strip()[:1]
    return i > 0 and symbol in BULLET_SYMBOLS and body[i - 1].text.strip()[:1] == symbol


# --- the body ------------------------------------------------------------------------------
@dataclass
class _Place:
    """Where the reading stands in the body: inside an article or not, and what it has."""

    title: str | None = None  # the current article's title (first line)
    joined: str = ""  # its title's lines so far
    has_text: bool = False
    has_source: bool = False
    last: str | None = None  # the role decided for the block before


def _keys(toc: list[str] | tuple[str, ...]) -> list[str]:
    return [squeeze(t) for t in toc if len(squeeze(t)) >= 6]


def _in_contents(text: str, keys: list[str]) -> bool:
    key = squeeze(text)
    return len(key) >= 6 and any(key in k or k in key for k in keys)


def _caption(body: list[Block], k: int, place: _Place, body_size: float | None) -> Decision | None:
    """A photo caption inside an article: worded like one, set smaller than the body, printed
    twice (alt text and caption), or short unpunctuated lines that the source follows."""
    block = body[k]
    if place.title is None or place.has_source or block.role is not None:
        return None
    text = block.text
    if column_name(block) is not None or source_only(block.raw) is not None:
        return None
    if ends_terminal(text) or "。" in text or len(text) > MAX_TITLE_CHARS or display(block, body_size):
        return None
    signals: list[Signal] = []
    if (PHOTO_RE if place.has_text else _UNDER_TITLE_PHOTO_RE).search(text):
        signals.append(Signal("照片说明的措辞（图为、摄影）", 0.9))
    if SIDE_BY_SIDE_RE.search(block.raw) and place.has_text:
        signals.append(Signal("两幅照片的说明并排", 0.8))
    if block.size and body_size and block.size < body_size - LARGER:
        signals.append(Signal("字号小于正文", 0.8))
    twice = (k + 1 < len(body) and body[k + 1].text == text) or (place.last == "caption" and body[k - 1].text == text)
    if not place.has_text and twice:
        signals.append(Signal("同一行连印两次（图片的替代文字和说明）", 0.8))
    if not place.has_text and k + 1 < len(body) and source_only(body[k + 1].raw) is not None and place.last != "column":
        signals.append(Signal("标题下一行，其后直接是来源，没有正文（图片新闻）", 0.7))
    if signals:
        return decided("caption", *signals)
    if not place.has_text:
        return None
    for j, after in enumerate(body[k + 1:], k + 1):
        if after.role is not None:
            return None
        if source_only(after.raw) is not None or is_credit(after.text):
            if j + 1 < len(body) and running(body[j + 1]):
                return None  # text goes on after it: a title, with the post's facts under it
            return decided("caption", Signal("正文之后、来源之前的短行", 0.7))
        if ends_terminal(after.text) or "。" in after.text or len(after.text) > MAX_TITLE_CHARS:
            return None
    return None


def _title_head(body: list[Block], k: int, body_size: float | None) -> bool:
    """The first line of a two-line title ending in `：` (`服务乡村振兴系列报道之二：`): a title
    line follows, and running text after that."""
    text = body[k].text
    low, high = TITLE_HEAD_CHARS
    if body[k].role is not None or not text.endswith(("：", ":")) or not low <= len(text) <= high:
        return False
    if any(mark in text for mark in "，。；,;") or enumerator(text) is not None or k + 2 >= len(body):
        return False
    after = body[k + 1]
    return title_like(after, body_size) and enumerator(after.text) is None and running(body[k + 2])


def _title_signals(body: list[Block], k: int, body_size: float | None, keys: list[str]) -> list[Signal]:
    block = body[k]
    signals: list[Signal] = []
    if display(block, body_size):
        signals.append(Signal("字号大于正文", 0.8))
    if block.role == "title":
        signals.append(Signal("文档样式为标题", 0.9))
    if title_like(block, body_size):
        signals.append(Signal("短行，句末无标点", 0.5))
    if block.bold:
        signals.append(Signal("加粗", 0.3))
    if block.align == "center":
        signals.append(Signal("居中", 0.3))
    before = body[k - 1] if k > 0 else None
    if before is None or ends_terminal(before.text) or before.role == "column" or label_of(before, body_size):
        signals.append(Signal("位于文章分界处", 0.4))
    nxt = next((b for b in body[k + 1:k + 6] if not title_like(b, body_size)), None)
    if running(nxt):
        signals.append(Signal("其后是正文", 0.5))
    if _in_contents(block.text, keys):
        signals.append(Signal("与目录提要一致", 0.6))
    if len(block.text) > LONG_TITLE:
        signals.append(Signal("作标题偏长", -0.3))
    return signals


def _wrap_signals(body: list[Block], k: int, body_size: float | None, place: _Place, keys: list[str]) -> list[Signal]:
    """Why a line goes on with the title above it (a title over two or three lines)."""
    block, above = body[k], body[k - 1]
    signals = [Signal("紧接标题的短行（标题折行）", 0.5)]
    if _in_contents(place.joined + block.text, keys) and not _in_contents(block.text, keys):
        signals.append(Signal("连同上一行与目录提要一致", 0.6))
    if running(next((b for b in body[k + 1:k + 4] if not title_like(b, body_size)), None)):
        signals.append(Signal("其后是正文", 0.4))
    if block.size is not None and block.size == above.size and block.align == above.align and display(block, body_size):
        signals.append(Signal("与上一行字号、对齐相同", 0.3))
    if len(place.joined + block.text) > LONG_TITLE:
        signals.append(Signal("连起来作标题偏长", -0.3))
    else:
        signals.append(Signal("连起来是标题的长度", 0.3))
    return signals


# A title line this short (a column name's length) over a line more than twice as long is a
# label over a title, not a title's first line.
_LABEL_CHARS = 6


def _may_wrap(above: Block, block: Block) -> bool:
    """Whether a line can be the next line of the title line above it: the same weight, and not
    a label-length line over one more than twice as long (a title's first line is full, or
    broken by hand near its middle) — else a column named without brackets would be joined to
    the title under it."""
    if above.bold != block.bold:
        return False
    short, long_ = len(squeeze(above.text)), len(squeeze(block.text))
    return not (short <= _LABEL_CHARS and long_ > 2 * short)


def read_body(body: list[Block], body_size: float | None, columns: dict[int, Decision] | None = None,
              toc: list[str] | tuple[str, ...] = ()) -> list[Decision]:
    """What each block of the body is, in order: column, title (or `title+`, the next line of
    the title above), caption, credit, source, body or orphan (text before any title)."""
    columns = columns if columns is not None else decide_columns(body, body_size)
    keys = _keys(toc)
    place = _Place()
    out: list[Decision] = []

    def put(decision: Decision) -> None:
        out.append(decision)
        place.last = decision.role

    for k, block in enumerate(body):
        if block.role == "note":
            put(decided("note", Signal("文档的脚注或尾注", 0.95)))
            continue
        chosen = columns.get(k)
        if chosen is not None and chosen.role == "column":
            put(chosen)
            place.title, place.has_text, place.has_source = None, False, False
            continue
        if chosen is not None:  # a title in brackets
            put(chosen)
            place.title, place.has_text, place.has_source = chosen.value, False, False
            continue
        if place.title is not None and not place.has_text and block.role is None \
                and squeeze(block.text) in (squeeze(place.title), squeeze(place.joined)):
            out.append(decided("chrome", Signal("标题又印了一遍（网页的标题）", 0.7)))  # the title goes on
            continue
        if place.title is not None and not place.has_text and block.role is None and META_RE.match(block.text):
            put(decided("chrome", Signal("标题下的网页文章信息（来源、发布时间）", 0.8)))
            continue
        if place.title is not None and block.role is None and is_credit(block.text):
            put(decided("credit", Signal("署名的措辞（文/图/摄影）", 0.9)))
            continue
        caption = _caption(body, k, place, body_size)
        if caption is not None:
            put(caption)
            continue
        source = source_only(block.raw) if block.role is None else None
        if source is not None and place.title is not None and (place.has_text or place.last == "caption"):
            put(decided("source", Signal("整行括号里是单位名", 0.9), value=source))
            place.has_source = True
            continue
        head = _title_head(body, k, body_size) and (place.title is None or place.has_text)
        is_display = display(block, body_size)
        if head or is_display or (title_like(block, body_size) and not subheading(block, place.title, place.has_text)):
            signals = _title_signals(body, k, body_size, keys)
            if head:
                signals.append(Signal("以冒号结尾的标题首行，其后是标题和正文", 0.6))
            wrapped = place.title is not None and not place.has_text and place.last in ("title", "title+") \
                and block.role != "title" and _may_wrap(body[k - 1], block)
            if wrapped:
                put(decided("title+", *_wrap_signals(body, k, body_size, place, keys)))
                place.joined += block.text
                continue
            put(decided("title", *signals))
            place.title, place.has_text, place.has_source = block.text, False, False
            place.joined = block.text
            continue
        if place.title is None:
            put(decided("orphan", Signal("第一个标题之前的正文", 0.6)))
            continue
        put(decided("body", Signal("正文", 0.9)))
        place.has_text = True
    return out
