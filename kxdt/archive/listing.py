"""Gaps and duplicates in the archive's numbering, and the parts of an issue the parser was least
sure of: what an editor wants to be told about."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from typing import Any


def flag_issues(rows: Sequence[Any]) -> tuple[dict[int, str], list[dict[str, Any]]]:
    """Flags per row id (重号, 前缺N期) and the gaps in each publication's 总第 numbers, as ranges
    `{"name", "first", "last", "count"}` (a number far off never lists every missing one)."""
    flags: dict[int, str] = {}
    by_number = Counter((r.name, r.year, r.number) for r in rows if r.number is not None)
    by_total = Counter((r.name, r.total) for r in rows if r.total is not None)
    for r in rows:
        notes = []
        if r.total is not None and by_total[(r.name, r.total)] > 1:
            notes.append("总期号重复")
        if r.number is not None and by_number[(r.name, r.year, r.number)] > 1:
            notes.append("年内期号重复")
        if notes:
            flags[r.id] = "、".join(notes)
    gaps: list[dict[str, Any]] = []
    names = sorted({r.name for r in rows}, key=lambda n: (n is None, n or ""))
    for name in names:
        series = sorted((r for r in rows if r.name == name and r.total is not None), key=lambda r: r.total)
        for prev, r in itertools.pairwise(series):
            if r.total - prev.total > 1:
                missing = r.total - prev.total - 1
                flags[r.id] = "、".join(filter(None, [flags.get(r.id), f"前缺{missing}期"]))
                gaps.append({"name": name, "first": prev.total + 1, "last": r.total - 1, "count": missing})
    return flags, gaps


def gap_text(gap: dict[str, Any]) -> str:
    span = f"总第{gap['first']}期" if gap["first"] == gap["last"] else f"总第{gap['first']}–{gap['last']}期"
    return f"{gap['name'] or '（无刊名）'} {span}"


# An issue parsed with an overall confidence below this is worth a look (`kxdt list --doubtful`).
DOUBTFUL_BELOW = 0.8
_FIELD_LABELS = {"name": "刊名", "year": "年份", "number": "期号", "total": "总期号", "issuer": "编发单位", "date": "日期"}


def weakest_part(data: dict[str, Any], articles: Sequence[tuple[int, str, float]]) -> str | None:
    """The least sure part of an archived issue, in words: a masthead field (its JSON's
    `confidence.masthead`), a masthead or articles not found at all, the contents, or an article
    (`(seq, title, confidence)`, the least sure first)."""
    confidence = data.get("confidence") or {}
    masthead = data.get("masthead") or {}
    parts: list[tuple[float, str]] = [
        (v, f"报头的{_FIELD_LABELS.get(k, k)}（{v:.0%}）")
        for k, v in (confidence.get("masthead") or {}).items() if isinstance(v, (int, float))]
    if all(masthead.get(k) is None for k in ("number", "total", "date")):
        parts.append((0.0, "报头（没有期号和日期）"))
    if isinstance(confidence.get("contents"), (int, float)):
        parts.append((confidence["contents"], f"目录提要（{confidence['contents']:.0%} 对应到文章）"))
    for seq, title, sure in articles[:1]:
        short = title if len(title) <= 12 else title[:12] + "…"
        parts.append((sure, f"第{seq + 1}篇《{short}》（{sure:.0%}）"))
    return min(parts, key=lambda p: p[0])[1] if parts else None
