"""Articles: columns 【…】, titles of one or more lines, paragraphs and sources."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from ..cleanup.reflow import Block
from ..model import Article
from ..text.chars import clean, ends_terminal, squeeze
from ..text.patterns import COLUMN_RE
from .numerals import NUMERAL_CHARS, to_int
from .sources import source_only, split_trailing_source

# `【基层动态】某区科协召开…`: a column label with the first title on the same line.
LEADING_COLUMN_RE = re.compile(r"^\s*[【〖]\s*([^】〗]{1,20}?)\s*[】〗]\s*(\S.*)$")
# `一、…`, `（二）…`, `3.…`: a subheading inside an article, unless the titles themselves are
# numbered (then the next number after the current title's starts a new article).
ENUMERATED_RE = re.compile(rf"^\s*(?:([{NUMERAL_CHARS}]{{1,3}})、|[（(]([{NUMERAL_CHARS}]{{1,3}}|\d{{1,2}})[)）]|(\d{{1,2}})[.．、])")
_MAX_TITLE_CHARS = 60
# `文/李华 图/王芳`, `撰稿：张三`, `（摄影：王芳）`: who wrote or photographed, not a source.
_CREDIT_ROLES = r"(?:文字|文|图片|图|摄影|摄像|摄|撰稿|供图|通讯员|记者|作者|编辑|责编|责任编辑|审核|审校|校对)"
CREDIT_RE = re.compile(
    rf"^\s*[（(]?\s*(?:{_CREDIT_ROLES}\s*[/／:：|丨]\s*[^/／:：|丨（）()]{{1,20}}?\s*){{1,5}}[)）]?\s*$")
_CREDIT_SPLIT_RE = re.compile(rf"\s*(?={_CREDIT_ROLES}\s*[/／:：|丨])")
# `图为…`, `（图：…）`, `…（摄影 王芳）`: a photo caption by its wording.
# Two captions of photos set side by side: Han text, a wide gap, Han text.
_SIDE_BY_SIDE_RE = re.compile(r"[\u4e00-\u9fff][ \u00a0]{2,}[\u4e00-\u9fff]|[\u4e00-\u9fff]\u3000+[\u4e00-\u9fff]")
_CAPTION_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?:[ \u00a0]{2,}|\u3000+)(?=[\u4e00-\u9fff])")
PHOTO_RE = re.compile(r"^\s*[（(]?\s*(?:图为|图片|照片|图\s*[:：\d一二三四五六七八九])|摄\s*[)）]?\s*$|摄影\s*[:：]")
# Display text is at least this much larger (pt) than the body.
_LARGER = 1.0


@dataclass
class _Draft:
    title_parts: list[str]
    column: str | None
    page: int | None
    paragraphs: list[Block] = field(default_factory=list)
    source: str | None = None
    notes: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    display: bool = False  # the title is set larger than the body: a plain line never runs into it

    def finish(self) -> Article:
        paragraphs = [b.raw for b in self.paragraphs]
        source = self.source
        if paragraphs and source is None:
            paragraphs[-1], source = split_trailing_source(paragraphs[-1])
        texts = tuple(t for t in (clean(p) for p in paragraphs) if t)
        return Article(title="".join(self.title_parts), paragraphs=texts, column=self.column,
                       source=source, page=self.page, notes=tuple(self.notes), captions=tuple(self.captions),
                       credits=tuple(self.credits))


def column_name(block: Block) -> str | None:
    if block.role == "column":
        return clean(block.text.strip("【】 "))
    match = COLUMN_RE.match(block.text)
    return clean(match.group(1)) if match else None


def _title_like(block: Block, body_size: float | None) -> bool:
    if block.role:
        return block.role == "title"
    text = block.text
    if not text or ends_terminal(text) or "。" in text or len(text) > _MAX_TITLE_CHARS:
        return False
    if block.size and body_size and block.size < body_size - _LARGER:
        return False
    return True


def enumerator(text: str) -> int | None:
    match = ENUMERATED_RE.match(text)
    if not match:
        return None
    return to_int(next(g for g in match.groups() if g))


def _subheading(block: Block, draft: _Draft | None) -> bool:
    """An enumerated heading inside an article that is not the next of numbered titles."""
    number = enumerator(block.text)
    if number is None or draft is None or not draft.paragraphs:
        return False
    current = enumerator(draft.title_parts[0])
    return current is None or number != current + 1


def _display(block: Block, body_size: float | None) -> bool:
    """Set larger than the body text (a title in a PDF or DOCX)."""
    return bool(block.size and body_size and block.size >= body_size + _LARGER)


# A highlight and a line are the same title when one holds the other and this many characters.
_MIN_TITLE_MATCH = 6
_TITLE_SIMILARITY = 0.75


def _same_title(line: str, highlight: str) -> bool:
    if line in highlight or highlight in line:
        return True
    return SequenceMatcher(None, line, highlight, autojunk=False).ratio() >= _TITLE_SIMILARITY


def split_joined_titles(blocks: list[Block], toc: list[str] | tuple[str, ...]) -> list[Block]:
    """A title line that reflow joined to the paragraph after it (a title as wide as a body line,
    in plain text) is split off again when the 目录提要 names it."""
    keys = [squeeze(item) for item in toc if len(squeeze(item)) >= _MIN_TITLE_MATCH]
    out: list[Block] = []
    for block in blocks:
        if block.role is None and block.lines > 1 and keys:
            first = clean(block.parts[0])
            key = squeeze(first)
            plain = not ends_terminal(first) and not any(mark in first for mark in "，。；")
            if plain and len(key) >= _MIN_TITLE_MATCH and any(_same_title(key, k) for k in keys):
                out.extend(block.split_first_line())
                continue
        out.append(block)
    return out


def is_credit(text: str) -> bool:
    return bool(CREDIT_RE.match(text))


def credit_text(raw: str) -> str:
    """`文/李明图/王芳` or `文/李明  图/王芳` -> `文/李明 图/王芳`."""
    parts = _CREDIT_SPLIT_RE.split(clean(raw.strip().strip("（）()")))
    return " ".join(clean(part) for part in parts if part.strip())


def _caption(blocks: list[Block], k: int, draft: _Draft | None, body_size: float | None) -> bool:
    """A photo caption inside an article: worded like one, set smaller than the body, or a
    short unpunctuated line (or several) that the article's source follows."""
    block = blocks[k]
    if draft is None or not draft.paragraphs or draft.source is not None or block.role is not None:
        return False
    text = block.text
    if column_name(block) is not None or LEADING_COLUMN_RE.match(text) or source_only(block.raw) is not None:
        return False
    if ends_terminal(text) or "。" in text or len(text) > _MAX_TITLE_CHARS or _display(block, body_size):
        return False
    if PHOTO_RE.search(text) or _SIDE_BY_SIDE_RE.search(block.raw):
        return True
    if block.size and body_size and block.size < body_size - _LARGER:
        return True
    for after in itertools.islice(blocks, k + 1, None):
        if after.role is not None:
            return False
        if source_only(after.raw) is not None or is_credit(after.text):
            return True
        if ends_terminal(after.text) or "。" in after.text or len(after.text) > _MAX_TITLE_CHARS:
            return False
    return False


def empty_column_warning(column: str) -> str:
    return f"栏目“{column}”下没有文章"


def parse_articles(blocks: list[Block], body_size: float | None) -> tuple[list[Article], list[str]]:
    articles: list[Article] = []
    warnings: list[str] = []
    column: str | None = None
    draft: _Draft | None = None
    orphans = 0

    def close() -> None:
        nonlocal draft
        if draft is not None:
            article = draft.finish()
            if not article.paragraphs:
                warnings.append(f"文章“{article.title}”没有正文")
            articles.append(article)
        draft = None

    for k, block in enumerate(blocks):
        if block.role == "note":
            if draft is not None:
                draft.notes.append(block.text)
            continue
        if block.role is None and draft is not None and is_credit(block.text):
            draft.credits.append(credit_text(block.raw))
            continue
        if _caption(blocks, k, draft, body_size):
            assert draft is not None
            draft.captions.extend(clean(part) for part in _CAPTION_GAP_RE.split(block.raw) if clean(part))
            continue
        name = column_name(block)
        if name is not None:
            close()
            if column is not None and (not articles or articles[-1].column != column):
                warnings.append(empty_column_warning(column))
            column = name
            continue
        leading = LEADING_COLUMN_RE.match(block.text) if block.role is None else None
        if leading and _title_like(replace(block, text=leading.group(2)), body_size):
            close()
            column = clean(leading.group(1))
            block = replace(block, text=leading.group(2), raw=leading.group(2))
        source = source_only(block.raw) if block.role is None else None
        if source is not None and draft is not None and draft.paragraphs:
            if draft.source is not None:
                warnings.append(f"文章“{''.join(draft.title_parts)}”有两处来源，保留“{draft.source}”")
            else:
                draft.source = source
            continue
        display = _display(block, body_size)
        if display or (_title_like(block, body_size) and not _subheading(block, draft)):
            if draft is not None and not draft.paragraphs and block.role != "title" \
                    and not (display and not draft.display):
                draft.title_parts.append(block.text)  # a title wrapped onto another line
                continue
            close()
            draft = _Draft(title_parts=[block.text], column=column, page=block.page, display=display)
            continue
        if draft is None:
            orphans += 1
            continue
        if draft.source is not None:
            warnings.append(f"文章“{''.join(draft.title_parts)}”的来源后还有正文，已并入正文")
            draft.paragraphs.append(Block(text=f"（{draft.source}）", raw=f"（{draft.source}）"))
            draft.source = None
        draft.paragraphs.append(block)
    close()
    if column is not None and (not articles or articles[-1].column != column):
        warnings.append(empty_column_warning(column))
    if orphans:
        warnings.insert(0, f"有{orphans}段正文在第一个标题之前，无法归入文章，已略去")
    return articles, warnings
