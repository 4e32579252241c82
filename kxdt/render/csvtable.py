"""The archive's statistics (Archive.stats, Archive.years) as a CSV table for a spreadsheet.

UTF-8 with a BOM (Excel reads Chinese CSV right only with it). A cell that a spreadsheet would
take for a formula (`=`, `+`, `-`, `@` first) gets a leading `'`: document text is data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

HEADER = ("类别", "名称", "期数", "文章数")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def stats_csv(stats: dict[str, Any], years: Sequence[tuple[int, int, int]] = ()) -> bytes:
    """Rows 栏目, 来源单位, 月份 (articles) and 年份 (issues and articles) under one header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    scope = f"{stats['year']}年" if stats.get("year") else "全部"
    writer.writerow(("合计", scope, stats["issues"], stats["articles"]))
    for kind, key in (("栏目", "columns"), ("来源单位", "sources"), ("月份", "months")):
        for name, count in stats[key]:
            writer.writerow((kind, cell(name), "", count))
    for year, issues, articles in years:
        writer.writerow(("年份", year, issues, articles))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
