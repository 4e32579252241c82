"""Punctuation and spacing in Chinese text (GB/T 15834 标点符号用法, GB/T 15835 数字用法)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..model import Issue
from ..text.chars import HAN_RE
from .findings import ERROR, WARNING, Finding, Place, excerpt_around
from .texts import all_texts

_HAN = HAN_RE.pattern[1:-1]  # the character class's inside
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
# A half-width mark right after a Han character and before Han text (or the text's end).
_HALFWIDTH_RE = re.compile(f"(?<=[{_HAN}])([,;:?!])(?=\\s*[{_HAN}“‘《（]|\\s*$)|(?<=[{_HAN}])(\\.)(?=[{_HAN}])")
# After a closing quote or bracket: as wrong, but it is where Word's autocorrect and web copies
# most often leave one; a 提醒.
_HALFWIDTH_AFTER_CLOSE_RE = re.compile(f"(?<=[）》”’])([,;:?!])(?=\\s*[{_HAN}“‘《（])")
_ELLIPSIS_RE = re.compile(r"\.{3,}|。{3,}|(?<!…)…(?!…)|…{3,}")
_REPEATED_RE = re.compile(r"([，、；：])\1+|(?<!。)。。(?!。)|([！？])\2{2,}|([，、；：。！？])(?!\3)[，、；：。]")
_SPACE_HAN_RE = re.compile(f"(?<=[{_HAN}，。、；：！？”’）》])[ \\u3000\\u00a0]+(?=[{_HAN}“‘（《，。、；：！？])")
_FULLWIDTH_DIGIT_RE = re.compile("[\uff10-\uff19]+")
PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】", "「": "」", "〈": "〉", "『": "』"}
CLOSERS = {v: k for k, v in PAIRS.items()}


def check_punctuation(issue: Issue, raw: Iterable[tuple[Place, str]] = ()) -> list[Finding]:
    """Findings in the issue's text; `raw` are texts as the author typed them (DOCX, Markdown),
    where spaces and full-width digits can still be seen."""
    findings: list[Finding] = []
    quote_styles: dict[str, tuple[Place, str]] = {}
    texts = list(all_texts(issue))
    for i, (place, text) in enumerate(texts):
        findings.extend(_halfwidth(place, text))
        findings.extend(_ellipsis(place, text))
        findings.extend(_repeated(place, text))
        following = texts[i + 1][1] if i + 1 < len(texts) and texts[i + 1][0].part == place.part else ""
        findings.extend(_unmatched(place, text, following))
        for style, marks in (("“”", "“”"), ("「」", "「」"), ('""', '"')):
            if any(m in text for m in marks) and style not in quote_styles:
                quote_styles[style] = (place, text)
    if len(quote_styles) > 1:
        styles = list(quote_styles)
        place, text = quote_styles[styles[1]]
        findings.append(Finding("mixed-quotes", WARNING, place,
                                f"引号混用：全期既有 {styles[0]} 又有 {styles[1]}", "统一用中文引号“”（内层用‘’）"))
    for place, text in raw:
        findings.extend(_raw(place, text))
    return findings


def _halfwidth(place: Place, text: str) -> Iterator[Finding]:
    for pattern, severity in ((_HALFWIDTH_RE, ERROR), (_HALFWIDTH_AFTER_CLOSE_RE, WARNING)):
        for m in pattern.finditer(text):
            mark = m.group(1) or m.group(2)
            yield Finding("halfwidth-punctuation", severity, place, f"中文里用了半角标点“{mark}”",
                          f"改为全角“{_FULL[mark]}”", excerpt_around(text, m.start(), m.end()))
    for start, end in _enclosing_han(text, "(", ")"):
        yield Finding("halfwidth-punctuation", ERROR, place, "中文里用了半角括号“()”", "改为全角括号“（）”",
                      excerpt_around(text, start, end, before=4, after=4))
    for start, end in _enclosing_han(text, '"', '"'):
        yield Finding("halfwidth-punctuation", ERROR, place, '中文里用了直引号 "…"', "改为中文引号“…”",
                      excerpt_around(text, start, end, before=4, after=4))


def _enclosing_han(text: str, opener: str, closer: str) -> Iterator[tuple[int, int]]:
    """Spans `(…)` / `"…"` holding Han text, no mark of the pair inside, left to right and not
    overlapping: ASCII brackets or quotes around Chinese words. One pass (a regex with two
    unbounded repeats took quadratic time on an unclosed mark before a long text)."""
    marks = re.compile(f"[{re.escape(opener + closer)}]")
    at = 0
    while (start := text.find(opener, at)) != -1:
        following = marks.search(text, start + 1)  # stops at the next mark of either kind
        end = following.start() if following else -1
        if end != -1 and text[end] == closer and HAN_RE.search(text, start + 1, end):
            yield start, end + 1
            at = end + 1
        else:
            at = start + 1


def _ellipsis(place: Place, text: str) -> Iterator[Finding]:
    for m in _ELLIPSIS_RE.finditer(text):
        yield Finding("ellipsis", WARNING if m.group(0) == "…" else ERROR, place,
                      f"省略号写成了“{m.group(0)}”", "省略号用两个“…”，即“……”", excerpt_around(text, m.start(), m.end()))


def _repeated(place: Place, text: str) -> Iterator[Finding]:
    for m in _REPEATED_RE.finditer(text):
        severity = WARNING if m.group(2) else ERROR
        yield Finding("repeated-punctuation", severity, place, f"标点重复：“{m.group(0)}”", "只保留一个标点",
                      excerpt_around(text, m.start(), m.end()))


def _unmatched(place: Place, text: str, following: str) -> Iterator[Finding]:
    """Brackets and quotes that open without closing, or close without opening. A quotation
    running over several paragraphs opens each with “ and closes only at its end (GB/T 15834
    4.1.3.4): an unclosed “ before a paragraph that starts with “ is right."""
    stack: list[tuple[str, int]] = []
    for pos, ch in enumerate(text):
        if ch in PAIRS:
            if ch == "‘" and stack and stack[-1][0] == "‘":
                continue
            stack.append((ch, pos))
        elif ch in CLOSERS:
            if ch == "’" and 0 < pos < len(text) - 1 and text[pos - 1].isascii() and text[pos + 1].isascii():
                continue  # an apostrophe in Latin text: Beijing’s
            opener = CLOSERS[ch]
            if stack and stack[-1][0] == opener:
                stack.pop()
            elif any(o == opener for o, _ in stack):
                while stack and stack[-1][0] != opener:
                    yield _open(place, text, *stack.pop())
                stack.pop()
            else:
                yield Finding("unmatched-bracket", ERROR, place, f"{ch} 前面缺少配对的 {opener}",
                              f"补上 {opener}，或删去多余的 {ch}", excerpt_around(text, pos, pos + 1))
    for opener, pos in stack:
        if opener == "“" and following.startswith("“"):
            continue
        yield _open(place, text, opener, pos)


def _open(place: Place, text: str, opener: str, pos: int) -> Finding:
    return Finding("unmatched-bracket", ERROR, place, f"{opener} 后面缺少配对的 {PAIRS[opener]}",
                   f"补上 {PAIRS[opener]}，或删去多余的 {opener}", excerpt_around(text, pos, pos + 1))


def _raw(place: Place, text: str) -> Iterator[Finding]:
    for m in _SPACE_HAN_RE.finditer(text):
        yield Finding("space-between-han", WARNING, place, "汉字之间有空格", "删去空格",
                      excerpt_around(text, m.start(), m.end()))
    for m in _FULLWIDTH_DIGIT_RE.finditer(text):
        yield Finding("fullwidth-digit", WARNING, place, f"用了全角数字“{m.group(0)}”", "数字用半角阿拉伯数字（GB/T 15835）",
                      excerpt_around(text, m.start(), m.end()))
