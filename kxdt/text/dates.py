"""Dates as a clerk types them on the command line: `2024-03-15`, `2024-3-15`, `2024/3/15`,
`2024.3.15`, `20240315`, `2024年3月15日` (or 号, full-width digits), and without the year
`3月15日` — the year then is the one that puts the date nearest a reference day (the date
new-issue proposes, or today)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date as Date

_SEP = r"\s*(?:[-/.]|年)\s*"
_FULL_RE = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})\s*(?:[-/.]|月)\s*(\d{{1,2}})\s*[日号]?$")
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEARLESS_RE = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")


def _make(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def read_date(text: str, *, near: Date | None = None) -> Date | None:
    """The date a clerk meant, or None when the text is not a date (or not a real day)."""
    value = unicodedata.normalize("NFKC", text).strip()
    match = _FULL_RE.match(value) or _COMPACT_RE.match(value)
    if match:
        return _make(*(int(g) for g in match.groups()))
    match = _YEARLESS_RE.match(value)
    if match is None:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    near = near or Date.today()
    candidates = [d for year in (near.year - 1, near.year, near.year + 1) if (d := _make(year, month, day))]
    return min(candidates, key=lambda d: abs((d - near).days), default=None)
