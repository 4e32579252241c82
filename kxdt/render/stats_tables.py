"""供稿统计 as tables with Chinese headers: the sheets of the XLSX and the CSV files are these
same rows, so the spreadsheet and the CSV can never disagree."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from ..archive.stats import NO_DATE, Stats

# What `kxdt stats --to csv --table …` may write.
TABLES = ("units", "columns", "months", "articles")
# Characters no spreadsheet cell (XML) can hold, nor UTF-8 encode: dropped from document text.
_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_UNSAFE_RE.sub("", v) if isinstance(v, str) else v for v in row)


@dataclass(frozen=True)
class Table:
    key: str
    title: str  # the sheet's name
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    share_columns: tuple[int, ...] = ()  # columns holding shares (fractions shown as percentages)
    total_row: bool = False  # the last row is the 合计 row
    label_columns: int = 1  # columns of labels before the numbers (kept in view when scrolling)

    def __post_init__(self) -> None:
        object.__setattr__(self, "header", _clean(self.header))
        object.__setattr__(self, "rows", tuple(_clean(r) for r in self.rows))


def month_label(month: str, stats: Stats) -> str:
    """`1月` inside a one-year table, else `2023年1月`."""
    if month == NO_DATE:
        return month
    year, number = month.split("-")
    return f"{int(number)}月" if stats.year is not None and int(year) == stats.year else f"{year}年{int(number)}月"


def column_label(column: str) -> str:
    return f"【{column}】" if not column.startswith("（") else column


def _sums(rows: list[tuple[Any, ...]], start: int) -> list[Any]:
    return [sum(r[k] for r in rows) for k in range(start, len(rows[0]))] if rows else []


def unit_table(stats: Stats) -> Table:
    months = [month_label(m, stats) for m in stats.month_axis]
    columns = [column_label(c) for c in stats.column_axis]
    rows = [(r.unit, r.total, r.share, *r.months, *r.columns) for r in stats.by_unit]
    total = ("合计", stats.articles, 1.0 if stats.articles else 0.0, *_sums(rows, 3))
    return Table("units", "按单位", ("单位", "合计", "占比", *months, *columns), (*rows, total),
                 share_columns=(2,), total_row=True)


def column_table(stats: Stats) -> Table:
    months = [month_label(m, stats) for m in stats.month_axis]
    rows = [(column_label(r.column), r.total, r.share, *r.months) for r in stats.by_column]
    total = ("合计", stats.articles, 1.0 if stats.articles else 0.0, *_sums(rows, 3))
    return Table("columns", "按栏目", ("栏目", "合计", "占比", *months), (*rows, total), share_columns=(2,),
                 total_row=True)


def month_table(stats: Stats) -> Table:
    rows = [(month_label(m.month, stats), m.issues, m.articles) for m in stats.by_month]
    return Table("months", "按月份", ("月份", "期数", "文章数"), (*rows, ("合计", stats.issues, stats.articles)),
                 total_row=True)


def article_table(stats: Stats) -> Table:
    rows = [(a.issue, a.date or "", a.column or "", a.title, a.unit or "", a.source or "") for a in stats.article_list]
    return Table("articles", "文章清单", ("期号", "日期", "栏目", "标题", "单位", "原署名"), tuple(rows), label_columns=0)


def duplicate_table(stats: Stats) -> Table:
    rows = [(d.suggested, "、".join(f"{name}（{n}篇）" for name, n in d.names), d.toml_line())
            for d in stats.near_duplicates]
    return Table("duplicates", "疑似同一单位", ("建议统一为", "各种写法", "可加入单位对照文件的一行"), tuple(rows),
                 label_columns=0)


def tables(stats: Stats) -> list[Table]:
    """Every table of the statistics, in the spreadsheet's order (the near-duplicates only when
    there are some)."""
    found = [unit_table(stats), column_table(stats), month_table(stats), article_table(stats)]
    if stats.near_duplicates:
        found.append(duplicate_table(stats))
    return found


def percent(share: float) -> str:
    return f"{share * 100:.2f}%"


# A cell a spreadsheet would take for a formula (CSV injection): such text gets a leading `'`.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def to_csv(table: Table, *, bom: bool = True) -> bytes:
    """A table as CSV: UTF-8 with a byte-order mark for a file (Excel on Chinese Windows then
    reads it right; none for a pipe), shares as percentages, CRLF line ends; text a
    spreadsheet would run as a formula is prefixed with `'`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([percent(v) if k in table.share_columns else _csv_text(v) for k, v in enumerate(row)])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")
