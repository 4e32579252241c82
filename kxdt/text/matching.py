"""Which article a 目录提要 line refers to (highlights are often shortened titles).

Used by the parser, `toc`, `check` and the Markdown writer; kept apart from the parser so that
showing an archived issue's contents does not load it.

A highlight is scored against a title as 1 + (shorter / longer length) when one holds the other,
else by difflib's ratio; the best title wins (the first of equals), if it scores MIN_SIMILARITY.
Titles are indexed once by character bigrams (`TitleIndex`), so matching grows linearly with
the issue: a highlight equal to a title is looked up; titles holding it are among the postings
of its rarest bigram, titles it holds among its substrings (both found exactly, without
difflib); only when there are none does difflib compare it, with the MAX_CANDIDATES titles
sharing the most bigrams with it. An issue of at most MAX_CANDIDATES articles (every real one)
has every title compared, exactly as pair by pair; a larger one may, rarely, miss a title alike
only in scattered single characters.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

from .chars import squeeze

MIN_SIMILARITY = 0.6
# Titles a highlight is compared with by difflib; in a larger issue, those sharing the most
# character bigrams with it.
MAX_CANDIDATES = 64
# A highlight or title longer than this is no highlight: only found equal, never compared (the
# comparison costs the product of the lengths; a hostile file may hold megabyte-long lines).
MAX_SIMILAR_CHARS = 200
# Bigram postings read for one highlight, rarest bigrams first (common ones like 科协 appear in
# thousands of titles and tell little); the rarest bigram's postings are always read.
MAX_POSTINGS = 8192
# The work one issue's matching may do beyond exact lookups (postings read, characters compared
# by difflib): a real issue's few dozen highlights use a small part of it; a hostile file of
# 30,000 highlights has the rest found only when equal to a title (the others are unmatched,
# which the parser reports).
MAX_WORK = 5_000_000
_EXACT = 2.0  # the score of a title equal to the highlight: no other title can beat it


def _grams(key: str) -> set[str]:
    """A key's character bigrams (a one-character key is its own gram)."""
    return {key[i : i + 2] for i in range(len(key) - 1)} if len(key) > 1 else {key}


def _ratio(key: str, title: str, floor: float) -> float:
    """difflib's ratio of two keys neither of which holds the other, or 0.0 when it cannot beat
    `floor` (its cheap upper bounds say so first)."""
    matcher = SequenceMatcher(None, key, title, autojunk=False)
    if matcher.real_quick_ratio() <= floor or matcher.quick_ratio() <= floor:
        return 0.0  # upper bounds of the ratio
    return matcher.ratio()


class TitleIndex:
    """An issue's titles, indexed once for matching many highlights against them."""

    def __init__(self, titles: list[str] | tuple[str, ...]) -> None:
        self.keys = [squeeze(t) for t in titles]
        self._exact: dict[str, int] = {}
        self._postings: dict[str, list[int]] = {}
        self._sizes: list[int] = []
        self._longest = max(map(len, self.keys), default=0)
        self.work = MAX_WORK  # what is left of the matching's work budget
        for index, key in enumerate(self.keys):
            grams = _grams(key) if key else set()
            self._sizes.append(len(grams))
            if not key:
                continue
            self._exact.setdefault(key, index)
            for gram in grams:
                self._postings.setdefault(gram, []).append(index)

    def match(self, item: str) -> int | None:
        """The index of the article a highlight refers to, or None."""
        index, score = self.nearest(item)
        return index if score >= MIN_SIMILARITY else None

    def nearest(self, item: str) -> tuple[int | None, float]:
        """The best-scoring title for a highlight and its score (None, 0.0 when nothing is alike)."""
        key = squeeze(item)
        if not key:
            return None, 0.0
        if key in self._exact:
            return self._exact[key], _EXACT
        if len(key) > MAX_SIMILAR_CHARS or self.work <= 0:
            return None, 0.0
        small = len(self.keys) <= MAX_CANDIDATES
        holding = range(len(self.keys)) if small else self._containing(key)
        best, best_score = None, 0.0
        for index in holding:
            title = self.keys[index]
            if title and (key in title or title in key):
                score = 1.0 + min(len(key), len(title)) / max(len(key), len(title))
                if score > best_score:
                    best, best_score = index, score
        if best is not None:
            return best, best_score  # a title holding the highlight (or held by it) beats any ratio
        for index in range(len(self.keys)) if small else self._alike(key):
            title = self.keys[index]
            if title and len(title) <= MAX_SIMILAR_CHARS and self.work > 0:
                self.work -= len(key) + len(title)
                score = _ratio(key, title, best_score)
                if score > best_score:
                    best, best_score = index, score
        return best, best_score

    def _containing(self, key: str) -> list[int]:
        """Every title that holds the key or that the key holds, in article order: the first are
        all in the postings of the key's rarest bigram, the others are substrings of the key."""
        if len(key) == 1:
            rarest: Sequence[int] = range(len(self.keys))
        else:
            rarest = min((self._postings.get(g, ()) for g in _grams(key)), key=len)
        self.work -= len(rarest) + len(key) * min(len(key), self._longest)
        found = {index for index in rarest if key in self.keys[index]}
        for start in range(len(key)):
            for end in range(start + 1, min(len(key), start + self._longest) + 1):
                index = self._exact.get(key[start:end])
                if index is not None:
                    found.add(index)
        return sorted(found)

    def _alike(self, key: str) -> list[int]:
        """The MAX_CANDIDATES titles sharing the most bigrams with the key (Dice's coefficient
        over bigram sets), in article order."""
        grams = _grams(key)
        lists = sorted((self._postings.get(g, ()) for g in grams), key=len)
        shared: Counter[int] = Counter()
        read = 0
        for postings in lists:
            if read and read + len(postings) > MAX_POSTINGS:
                break
            shared.update(postings)
            read += len(postings)
        self.work -= read
        ranked = heapq.nsmallest(MAX_CANDIDATES, shared.items(),
                                 key=lambda item: (-2 * item[1] / (len(grams) + self._sizes[item[0]]), item[0]))
        return sorted(index for index, _ in ranked)


def match_highlights(toc: list[str] | tuple[str, ...], titles: list[str] | tuple[str, ...]) -> list[int | None]:
    """For each highlight, the index of the article it refers to, or None."""
    if not toc:
        return []
    index = TitleIndex(titles)
    return [index.match(item) for item in toc]
