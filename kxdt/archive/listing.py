"""Gaps and duplicates in the archive's numbering: mistakes an editor wants to be told about."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from typing import Any


def flag_issues(rows: Sequence[Any]) -> tuple[dict[int, str], list[int]]:
    """Flags per row id (重号) and the missing 总第 numbers between the first and the last."""
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
    totals = sorted({r.total for r in rows if r.total is not None})
    gaps = [n for a, b in itertools.pairwise(totals) for n in range(a + 1, b)]
    for r, prev in zip(rows[1:], rows):
        if r.total is not None and prev.total is not None and r.total - prev.total > 1:
            flags[r.id] = "、".join(filter(None, [flags.get(r.id), f"前缺{r.total - prev.total - 1}期"]))
    return flags, gaps
