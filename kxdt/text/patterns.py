"""Patterns that both the reflow and the parser recognise: column labels, bullets, source lines."""

from __future__ import annotations

import re

BULLET_SYMBOLS = "●◆■▲◇□★☆•○◎▪▶►·"
# A line that starts with a bullet symbol (a highlight).
BULLET_START_RE = re.compile(rf"^\s*[{BULLET_SYMBOLS}]")
# Other marks that open a contents entry or a column label (`>…`, `>>…`, `※…※`): such a line
# starts a block of its own.
MARKED_START_RE = re.compile(rf"^\s*(?:[{BULLET_SYMBOLS}※]|>{{1,2}}(?!>)|＞{{1,2}}|(?:[一二三四五六七八九十]{{1,3}}|\d{{1,2}})、)")
# `【主题教育】` alone on its line (also 〖〗, ［］, []).
COLUMN_RE = re.compile(r"^\s*[【〖［\[]\s*([^】〗］\]]{1,20}?)\s*[】〗］\]]\s*$")
# `（XX区科协）` alone on its line; the inside is group 1.
BRACKETED = r"[（(]\s*([^（）()]{2,40}?)\s*[)）]"
SOURCE_ONLY_RE = re.compile(rf"^\s*{BRACKETED}\s*$")

# Supplements are numbered apart from the weekly issues: the parser names their series
# `刊名（增刊）`; the year volume and the statistics count them with their publication.
SUPPLEMENT_WORDS = ("增刊", "专刊", "特刊", "号外")
SUPPLEMENT_NAME_RE = re.compile(rf"^(.+?)（({'|'.join(SUPPLEMENT_WORDS)})）$")


def split_supplement(name: str | None) -> tuple[str | None, str | None]:
    """`科协每周动态（增刊）` → (`科协每周动态`, `增刊`); a weekly series' name → (name, None)."""
    found = SUPPLEMENT_NAME_RE.match(name or "")
    return (found.group(1), found.group(2)) if found else (name, None)
