"""Articles: the wording of titles, subheadings, captions and credits, and the assembly of
articles from blocks whose roles roles.py decided (columns, titles of one or more lines,
paragraphs, captions, credits and sources)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..cleanup.reflow import Block
from ..model import Article
from ..text.chars import clean, ends_terminal, squeeze
from ..text.patterns import COLUMN_RE
from .evidence import Decision
from .numerals import NUMERAL_CHARS, to_int
from .sources import split_trailing_source

# `【基层动态】某区科协召开…`: a column label with the first title on the same line.
LEADING_COLUMN_RE = re.compile(r"^\s*[【〖]\s*([^】〗]{1,20}?)\s*[】〗]\s*(\S.*)$")
# `一、…`, `（二）…`, `3.…`: a subheading inside an article, unless the titles themselves are
# numbered (then the next number after the current title's starts a new article).
ENUMERATED_RE = re.compile(rf"^\s*(?:([{NUMERAL_CHARS}]{{1,3}})、|[（(]([{NUMERAL_CHARS}]{{1,3}}|\d{{1,2}})[)）]|(\d{{1,2}})[.．、])")
MAX_TITLE_CHARS = 60
# `文/李华 图/王芳`, `撰稿：张三`, `（摄影：王芳）`: who wrote or photographed, not a source.
_CREDIT_ROLES = r"(?:文字|文|图片|图|摄影|摄像|摄|撰稿|供图|通讯员|记者|作者|编辑|责编|责任编辑|审核|审校|校对)"
CREDIT_RE = re.compile(
    rf"^\s*[（(]?\s*(?:{_CREDIT_ROLES}\s*[/／:：|丨]\s*[^/／:：|丨（）()]{{1,20}}?\s*){{1,5}}[)）]?\s*$")
_CREDIT_SPLIT_RE = re.compile(rf"\s*(?={_CREDIT_ROLES}\s*[/／:：|丨])")
# `图为…`, `（图：…）`, `…（摄影 王芳）`: a photo caption by its wording.
# Two captions of photos set side by side: Han text, a wide gap, Han text.
SIDE_BY_SIDE_RE = re.compile(r"[\u4e00-\u9fff][ \u00a0]{2,}[\u4e00-\u9fff]|[\u4e00-\u9fff]\u3000+[\u4e00-\u9fff]")
CAPTION_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?:[ \u00a0]{2,}|\u3000+)(?=[\u4e00-\u9fff])")
PHOTO_RE = re.compile(r"^\s*[（(]?\s*(?:图为|图片|照片|图\s*[:：\d一二三四五六七八九])|摄\s*[)）]?\s*$|摄影\s*[:：]")
# Display text is at least this much larger (pt) than the body.
LARGER = 1.0
# An article with a title but no text is this much less sure: a title that is something else.
WITHOUT_TEXT = 0.5


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
    decided: list[Decision] = field(default_factory=list)  # the decisions that made it

    def finish(self) -> Article:
        paragraphs = [b.raw for b in self.paragraphs]
        source = self.source
        if paragraphs and source is None:
            paragraphs[-1], source = split_trailing_source(paragraphs[-1])
        texts = tuple(t for t in (clean(p) for p in paragraphs) if t)
        sure = min((d.confidence for d in self.decided), default=1.0) * (1.0 if texts else WITHOUT_TEXT)
        return Article(title="".join(self.title_parts), paragraphs=texts, column=self.column,
                       source=source, page=self.page, notes=tuple(self.notes), captions=tuple(self.captions),
                       credits=tuple(self.credits), confidence=round(sure, 2))


def column_name(block: Block) -> str | None:
    if block.role == "column":
        return clean(block.text.strip("【】 "))
    match = COLUMN_RE.match(block.text)
    return clean(match.group(1)) if match else None


def title_like(block: Block, body_size: float | None) -> bool:
    """Worded and set like a title: short, unpunctuated at its end, not smaller than the body."""
    if block.role:
        return block.role == "title"
    text = block.text
    if not text or ends_terminal(text) or "。" in text or len(text) > MAX_TITLE_CHARS:
        return False
    if block.size and body_size and block.size < body_size - LARGER:
        return False
    return True


def enumerator(text: str) -> int | None:
    match = ENUMERATED_RE.match(text)
    if not match:
        return None
    return to_int(next(g for g in match.groups() if g))


def subheading(block: Block, title: str | None, has_text: bool) -> bool:
    """An enumerated heading inside an article (whose title is `title` and which has text
    already) that is not the next of numbered titles."""
    number = enumerator(block.text)
    if number is None or title is None or not has_text:
        return False
    current = enumerator(title)
    return current is None or number != current + 1


def display(block: Block, body_size: float | None) -> bool:
    """Set larger than the body text (a title in a PDF or DOCX)."""
    return bool(block.size and body_size and block.size >= body_size + LARGER)


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


# Below this confidence an article's weakest decision is said in a warning.
UNSURE = 0.6
_ROLE_WORDS = {"title": "标题", "title+": "标题的下一行", "column": "栏目", "caption": "图片说明", "source": "来源"}


def unsure_warning(n: int, article: Article, decided: list[Decision]) -> str:
    """`第3篇《…》可信度55%：栏目的依据不足（【】括起的标签；其后直接是正文，不是标题）`."""
    weakest = min(decided, key=lambda d: d.confidence)
    why = "；".join(s.says for s in weakest.signals)
    title = article.title.replace("\ufffd", "")  # text a font could not give is said elsewhere
    return f"第{n}篇《{title}》可信度{article.confidence:.0%}：{_ROLE_WORDS.get(weakest.role, weakest.role)}的依据不足（{why}），请核对"


def empty_column_warning(column: str) -> str:
    return f"栏目“{column}”下没有文章"


def assemble(blocks: list[Block], decisions: list[Decision]) -> tuple[list[Article], list[str]]:
    """Articles from body blocks and what roles.py decided each is: columns set the column of
    the articles after them, a title starts an article, and the rest goes into it. Each
    article's confidence is that of its least sure part."""
    articles: list[Article] = []
    warnings: list[str] = []
    column: str | None = None
    column_decision: Decision | None = None
    draft: _Draft | None = None
    orphans = 0

    def close() -> None:
        nonlocal draft
        if draft is not None:
            article = draft.finish()
            if not article.paragraphs:
                warnings.append(f"文章“{article.title}”没有正文")
            elif article.confidence is not None and article.confidence < UNSURE:
                warnings.append(unsure_warning(len(articles) + 1, article, draft.decided))
            articles.append(article)
        draft = None

    for block, decision in zip(blocks, decisions):
        role = decision.role
        if role in ("chrome", "masthead", "contents-heading", "contents-group", "contents-entry"):
            continue
        if role == "note":
            if draft is not None:
                draft.notes.append(block.text)
            continue
        if role == "column":
            close()
            if column is not None and (not articles or articles[-1].column != column):
                warnings.append(empty_column_warning(column))
            column = decision.value or column_name(block)
            column_decision = decision
            continue
        if role == "title+" and draft is not None and not draft.paragraphs:
            draft.title_parts.append(decision.value or block.text)
            draft.decided.append(decision)
            continue
        if role in ("title", "title+"):
            close()
            draft = _Draft(title_parts=[decision.value or block.text], column=column, page=block.page,
                           decided=[decision] + ([column_decision] if column and column_decision else []))
            continue
        if draft is None:
            orphans += 1
            continue
        if role == "credit":
            draft.credits.append(credit_text(block.raw))
        elif role == "caption":
            for part in (clean(part) for part in CAPTION_GAP_RE.split(block.raw) if clean(part)):
                if part not in draft.captions[-1:]:  # printed twice (alt text and caption): one caption
                    draft.captions.append(part)
            draft.decided.append(decision)
        elif role == "source":
            if draft.source is not None:
                warnings.append(f"文章“{''.join(draft.title_parts)}”有两处来源，保留“{draft.source}”")
            else:
                draft.source = decision.value
                draft.decided.append(decision)
        else:
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
