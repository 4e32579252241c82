"""供稿统计 as an Excel workbook (openpyxl): the tables of stats_tables.py, one sheet each, with
bold frozen headers, filters, column widths that fit Chinese text, percentages, and a sheet of
native Excel charts (articles per unit, per month)."""

from __future__ import annotations

import io
import unicodedata
from typing import Any

from ..archive.stats import Stats
from .stats_tables import Table, tables

# Column widths in Excel's units (about one Latin character; a Han character takes two).
MIN_WIDTH = 6
MAX_WIDTH = 60
WIDTH_PADDING = 2
# The charts: how many units the bar chart shows (the rest are in the sheet), and its size.
CHART_UNITS = 40
CHART_WIDTH_CM = 24
CHART_ROW_CM = 0.6  # height per bar of the unit chart
CHART_MIN_HEIGHT_CM = 8
CHART_SHEET = "图表"
HEADER_FILL = "DDEBF7"
PERCENT_FORMAT = "0.00%"


def text_width(value: Any) -> int:
    """How many Latin-character widths a value takes in a cell."""
    text = f"{value * 100:.2f}%" if isinstance(value, float) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fill_sheet(ws: Any, table: Table) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append(list(table.header))
    for row in table.rows:
        ws.append(list(row))
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":  # document text that starts with `=` is text, never a formula
                cell.data_type = "s"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    if table.total_row and table.rows:
        for cell in ws[ws.max_row]:
            cell.font = bold
    for k in table.share_columns:
        for (cell,) in ws.iter_rows(min_row=2, min_col=k + 1, max_col=k + 1):
            cell.number_format = PERCENT_FORMAT
    for k, name in enumerate(table.header):
        width = max([text_width(name), *(text_width(r[k]) for r in table.rows)])
        ws.column_dimensions[get_column_letter(k + 1)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + WIDTH_PADDING))
    ws.freeze_panes = ws.cell(row=2, column=table.label_columns + 1).coordinate
    last_data_row = ws.max_row - (1 if table.total_row else 0)
    if last_data_row >= 2:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(table.header))}{last_data_row}"


def _charts(wb: Any, stats: Stats, units: Any, months: Any) -> None:
    from openpyxl.chart import BarChart, Reference

    ws = wb.create_sheet(CHART_SHEET)
    ws["A1"] = f"{stats.scope}：供稿单位文章数（前 {CHART_UNITS} 个单位）与每月文章数；数字见各表"
    shown = min(len(stats.by_unit), CHART_UNITS)
    if shown:
        chart = BarChart()
        chart.type = "bar"  # horizontal bars: long Chinese unit names stay readable
        chart.title = "各单位供稿文章数"
        chart.y_axis.title = "篇"
        chart.legend = None
        chart.add_data(Reference(units, min_col=2, min_row=1, max_row=shown + 1), titles_from_data=True)
        chart.set_categories(Reference(units, min_col=1, min_row=2, max_row=shown + 1))
        chart.x_axis.scaling.orientation = "maxMin"  # the largest unit on top, as in the table
        chart.width = CHART_WIDTH_CM
        chart.height = max(CHART_MIN_HEIGHT_CM, shown * CHART_ROW_CM)
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        ws.add_chart(chart, "A3")
    if stats.by_month:
        chart = BarChart()
        chart.type = "col"
        chart.title = "每月文章数"
        chart.y_axis.title = "篇"
        chart.legend = None
        chart.add_data(Reference(months, min_col=3, min_row=1, max_row=len(stats.by_month) + 1), titles_from_data=True)
        chart.set_categories(Reference(months, min_col=1, min_row=2, max_row=len(stats.by_month) + 1))
        chart.width = CHART_WIDTH_CM
        chart.height = CHART_MIN_HEIGHT_CM
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        below = 3 + (round(max(CHART_MIN_HEIGHT_CM, shown * CHART_ROW_CM) / 0.5) + 2 if shown else 0)
        ws.add_chart(chart, f"A{below}")


def stats_to_xlsx(stats: Stats) -> bytes:
    """The workbook's bytes: 按单位, 按栏目, 按月份, 文章清单 (疑似同一单位 when some unit names
    look alike), 图表."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    sheets = {}
    for table in tables(stats):
        ws = wb.create_sheet(table.title)
        _fill_sheet(ws, table)
        sheets[table.key] = ws
    _charts(wb, stats, sheets["units"], sheets["months"])
    wb.properties.creator = "kxdt"
    wb.properties.title = f"{stats.scope} 供稿统计"
    wb.properties.language = "zh-CN"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
