"""Which article a 目录提要 line refers to (highlights are often shortened titles).

Used by the parser, `toc`, `check` and the Markdown writer; kept apart from the parser so that
showing an archived issue's contents does not load it.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from .chars import squeeze

MIN_SIMILARITY = 0.6


def match_highlights(toc: list[str] | tuple[str, ...], titles: list[str]) -> list[int | None]:
    """For each highlight, the index of the article it refers to, or None."""
    keys = [squeeze(t) for t in titles]
    result: list[int | None] = []
    for item in toc:
        key = squeeze(item)
        best, best_score = None, 0.0
        for index, title in enumerate(keys):
            if not key or not title:
                continue
            if key in title or title in key:
                score = 1.0 + min(len(key), len(title)) / max(len(key), len(title))
            else:
                score = SequenceMatcher(None, key, title, autojunk=False).ratio()
            if score > best_score:
                best, best_score = index, score
        result.append(best if best_score >= MIN_SIMILARITY else None)
    return result
