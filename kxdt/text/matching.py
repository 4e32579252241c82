"""Which article a 目录提要 line refers to (highlights are often shortened titles).

Used by the parser, `toc`, `check` and the Markdown writer; kept apart from the parser so that
showing an archived issue's contents does not load it.

The cost is bounded whatever the file: a highlight equal to a title is found by lookup; the
others are compared with titles pair by pair only within MAX_PAIRS comparisons a call, and by
similarity (which costs the product of the lengths) only within MAX_SIMILAR comparisons, for
texts at most MAX_SIMILAR_CHARS long, and where cheap upper bounds leave it a chance. A highlight
left without a comparison is unmatched, which the parser reports. (An issue has a few dozen
highlights and titles: about a thousand pairs.)
"""

from __future__ import annotations

from difflib import SequenceMatcher

from .chars import squeeze

MIN_SIMILARITY = 0.6
MAX_PAIRS = 200_000
MAX_SIMILAR = 10_000
MAX_SIMILAR_CHARS = 200


def match_highlights(toc: list[str] | tuple[str, ...], titles: list[str]) -> list[int | None]:
    """For each highlight, the index of the article it refers to, or None."""
    keys = [squeeze(t) for t in titles]
    first: dict[str, int] = {}
    for index, key in enumerate(keys):
        first.setdefault(key, index)
    budget, similar = MAX_PAIRS, MAX_SIMILAR
    matchers: dict[int, SequenceMatcher[str]] = {}  # one per title: its index is built once
    result: list[int | None] = []
    for item in toc:
        key = squeeze(item)
        if key and key in first:  # equal: the best score there is, first such title
            result.append(first[key])
            continue
        if budget < len(keys):
            result.append(None)
            continue
        budget -= len(keys)
        best, best_score = None, 0.0
        for index, title in enumerate(keys):
            if not key or not title:
                continue
            if key in title or title in key:
                score = 1.0 + min(len(key), len(title)) / max(len(key), len(title))
            elif similar > 0 and len(key) <= MAX_SIMILAR_CHARS and len(title) <= MAX_SIMILAR_CHARS:
                if index not in matchers:
                    matchers[index] = SequenceMatcher(None, "", title, autojunk=False)
                matcher = matchers[index]
                matcher.set_seq1(key)
                # Both bound the ratio from above: a pair that cannot reach the threshold, or
                # beat the best so far, is not measured.
                if not _may_beat(matcher.real_quick_ratio(), best_score):
                    continue
                similar -= 1
                if not _may_beat(matcher.quick_ratio(), best_score):
                    continue
                similar -= 1
                score = matcher.ratio()
            else:
                continue
            if score > best_score:
                best, best_score = index, score
        result.append(best if best_score >= MIN_SIMILARITY else None)
    return result


def _may_beat(bound: float, best: float) -> bool:
    return bound >= MIN_SIMILARITY and bound > best


def nearest_title(item: str, titles: list[str]) -> str | None:
    """The title most like a highlight (the first of the most alike, for a suggestion), among
    the first MAX_SIMILAR titles of at most MAX_SIMILAR_CHARS; None when there is none."""
    key = squeeze(item)
    if len(key) > MAX_SIMILAR_CHARS:
        return None
    matcher = SequenceMatcher(None, key, "")
    best, best_score = None, -1.0
    for title in titles[:MAX_SIMILAR]:
        other = squeeze(title)
        if len(other) > MAX_SIMILAR_CHARS:
            continue
        matcher.set_seq2(other)
        if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
            continue  # cannot beat the best so far
        score = matcher.ratio()
        if score > best_score:
            best, best_score = title, score
    return best
