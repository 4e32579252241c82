"""Articles already printed in an earlier issue, found through the archive's full-text index.

Each article is probed with a dozen short phrases taken from its sentences; archived articles
that hold several of them are candidates, and a candidate is a repeat when most of the new
article's 6-character shingles are in it. Phrases common to many articles (set formulas) tell
nothing and are skipped. One issue costs about a hundred index lookups, whatever the archive's size.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..archive.query import match_form
from ..archive.tokens import query_phrase
from ..model import Article, Issue
from ..text.chars import squeeze
from .findings import ERROR, WARNING, Finding, Place

if TYPE_CHECKING:
    from ..archive import Archive
    from ..archive.store import ArchivedArticle

PROBES = 12  # phrases per article
PROBE_CHARS = 10
COMMON = 25  # a phrase in this many articles is a set formula, not evidence
MIN_ARTICLE_CHARS = 60
SHINGLE = 6
REPEAT = 0.6  # this share of the article's shingles already printed: a repeat (错误)
PARTLY = 0.4  # this share: most of it (提醒)
_SENTENCE_RE = re.compile(r"[^。！？；]+")


def _shingles(text: str) -> set[str]:
    text = match_form(squeeze(text))
    return {text[i : i + SHINGLE] for i in range(max(1, len(text) - SHINGLE + 1))}


def _probes(article: Article) -> list[str]:
    sentences = [s for p in article.paragraphs for s in _SENTENCE_RE.findall(squeeze(p)) if len(s) >= PROBE_CHARS + 2]
    if not sentences:
        return []
    step = max(1, len(sentences) / PROBES)
    chosen = [sentences[int(i * step)] for i in range(min(PROBES, len(sentences)))]
    phrases = []
    for sentence in chosen:
        middle = (len(sentence) - PROBE_CHARS) // 2
        phrase = query_phrase(sentence[middle : middle + PROBE_CHARS])
        if phrase:
            phrases.append(phrase)
    return phrases


def check_repeats(issue: Issue, archive: Archive | None) -> Iterator[Finding]:
    if archive is None:
        return
    m = issue.masthead
    for k, article in enumerate(issue.articles, 1):
        text = "".join(article.paragraphs)
        if len(squeeze(text)) < MIN_ARTICLE_CHARS:
            continue
        probes = _probes(article)
        votes: Counter[int] = Counter()
        for phrase in probes:
            ids = archive.body_matches(phrase, COMMON)
            if len(ids) < COMMON:
                votes.update(ids)
        need = max(2, len(probes) // 4)
        candidates = [i for i, n in votes.most_common(10) if n >= need]
        if not candidates:
            continue
        own = _shingles(text)
        best: tuple[float, ArchivedArticle] | None = None
        for old in archive.articles_by_id(candidates):
            if old.sha256 == issue.sha256 or (m.total is not None and old.total == m.total and old.name == m.name):
                continue  # this very issue, already filed
            share = len(own & _shingles(old.body)) / len(own)
            if share >= PARTLY and (best is None or share > best[0]):
                best = (share, old)
        if best is not None:
            share, old = best
            where = f"{old.name or ''}{old.issue_label()}（{old.date or '日期不详'}）《{old.title}》"
            yield Finding("repeat", ERROR if share >= REPEAT else WARNING, Place("title", k, article.title),
                          f"{round(share * 100)}%的文字已见于{where}", "确认是否重复刊发；如是转载请注明")
