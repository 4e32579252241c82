"""供稿统计: the year's numbers as JSON, CSV and an Excel workbook — the workbook opened by
LibreOffice Calc and turned back into CSV must hold the same numbers as `stats --json`, with
its charts and every article; units written differently are merged by the office's mapping
file, and those it does not cover yet are pointed out."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from bulletins import RENAMED_UNITS, file_issues, year_of_issues
from hypothesis import given
from hypothesis import strategies as st

from kxdt.archive.selection import ArticleRecord, IssueRecord, Selection
from kxdt.archive.stats import NO_SOURCE, tabulate
from kxdt.archive.units import UnitMap, near_duplicates, unit_core

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
SHEETS = ("按单位", "按栏目", "按月份", "文章清单", "疑似同一单位", "图表")


@pytest.fixture(scope="module")
def year():
    return year_of_issues(2023)


@pytest.fixture(scope="module")
def year_db(tmp_path_factory, year) -> Path:
    db = tmp_path_factory.mktemp("stats") / "archive.sqlite3"
    file_issues(db, year)
    return db


@pytest.fixture(scope="module")
def workbook(tmp_path_factory, year_db):
    """`kxdt stats --year 2023 --to xlsx --json` run once, as a clerk runs it."""
    from typer.testing import CliRunner

    from kxdt.cli.app import run

    out = tmp_path_factory.mktemp("xlsx") / "2023年供稿统计.xlsx"
    with CliRunner().isolation() as (stdout, stderr, *_):
        code = run(["stats", "--year", "2023", "--to", "xlsx", "-o", str(out), "--json", "--db", str(year_db)])
        printed, said = stdout.getvalue().decode(), stderr.getvalue().decode()
    assert code == 0, said
    return out, json.loads(printed), said


def _number(text: str):
    """A CSV cell as the number it shows (`12.5%` → 0.125), or the text itself."""
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+(\.\d+)?%", text):
        return round(float(text[:-1]) / 100, 6)
    return text


def _rows(data: bytes | str) -> list[list]:
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    return [[_number(cell) for cell in row] for row in csv.reader(io.StringIO(text))]


@pytest.fixture(scope="module")
def calc_csv(workbook, tmp_path_factory):
    """Every sheet of the workbook as LibreOffice Calc exports it to CSV."""
    from office import CSV_ALL_SHEETS, convert

    path, _, _ = workbook
    outdir = tmp_path_factory.mktemp("calc")
    convert([path], outdir, CSV_ALL_SHEETS)
    return {sheet: _rows((outdir / f"{path.stem}-{sheet}.csv").read_text(encoding="utf-8-sig"))
            for sheet in SHEETS if (outdir / f"{path.stem}-{sheet}.csv").exists()}


def _months(stats: dict) -> list[str]:
    return [f"{int(m[5:])}月" for m in stats["month_axis"]]


# -- what LibreOffice reads from the workbook ---------------------------------------------------------

def test_calc_reads_every_sheet(calc_csv):
    assert set(calc_csv) == set(SHEETS)


def test_unit_sheet_holds_the_json_numbers(calc_csv, workbook):
    _, stats, _ = workbook
    rows = calc_csv["按单位"]
    columns = [f"【{c}】" if not c.startswith("（") else c for c in stats["column_axis"]]
    assert rows[0] == ["单位", "合计", "占比", *_months(stats), *columns]
    want = [[u["unit"], u["total"], u["share"], *u["months"].values(), *u["columns"].values()] for u in stats["by_unit"]]
    assert rows[1:-1] == want
    assert rows[-1][:3] == ["合计", stats["articles"], 1]
    assert rows[-1][3:] == [sum(r[k] for r in want) for k in range(3, len(want[0]))]
    assert {r[0]: r[1] for r in rows[1:-1]} == stats["sources"]


def test_column_and_month_sheets_hold_the_json_numbers(calc_csv, workbook):
    _, stats, _ = workbook
    columns = calc_csv["按栏目"][1:-1]
    assert [[re.sub(r"^【(.*)】$", r"\1", r[0]), *r[1:]] for r in columns] == [
        [c["column"], c["total"], c["share"], *c["months"].values()] for c in stats["by_column"]]
    months = calc_csv["按月份"]
    assert months[0] == ["月份", "期数", "文章数"]
    assert months[1:-1] == [[f"{int(m['month'][5:])}月", m["issues"], m["articles"]] for m in stats["by_month"]]
    assert months[-1] == ["合计", stats["issues"], stats["articles"]] == ["合计", 52, 217]


def test_every_article_has_its_row(calc_csv, workbook, year):
    _, stats, _ = workbook
    rows = calc_csv["文章清单"]
    assert rows[0] == ["期号", "日期", "栏目", "标题", "单位", "原署名"]
    want = []
    for issue in year:
        m = issue.masthead
        label = f"2023年增刊第{m.number}期" if "增刊" in m.name else f"2023年第{m.number}期（总第{m.total}期）"
        want += [[label, m.date, a.column or "", a.title, a.source or "", a.source or ""] for a in issue.articles]
    assert sorted(map(str, rows[1:])) == sorted(map(str, want))
    assert len(rows) - 1 == stats["articles"] == len(stats["article_list"])


def test_near_duplicates_are_listed_for_the_clerk(calc_csv, workbook):
    _, stats, said = workbook
    listed = {d["suggested"]: d for d in stats["near_duplicates"]}
    for old, new in RENAMED_UNITS:
        assert set(listed[old]["names"]) == {old, new}
        assert listed[old]["toml"] == f'"{old}" = ["{new}"]'
        assert f'"{old}" = ["{new}"]' in said
    assert [r[0] for r in calc_csv["疑似同一单位"][1:]] == [d["suggested"] for d in stats["near_duplicates"]]


# -- the workbook's own parts ----------------------------------------------------------------------

def test_workbook_has_native_charts_on_the_chart_sheet(workbook):
    from lxml import etree

    path, _, _ = workbook
    with zipfile.ZipFile(path) as zf:
        charts = sorted(n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == 2
        parsed = [etree.fromstring(zf.read(n)) for n in charts]
    # Unit names and totals (13 units, header in row 1); months and their articles.
    wanted = (["'按单位'!B1", "'按单位'!$A$2:$A$14", "'按单位'!$B$2:$B$14"],
              ["'按月份'!C1", "'按月份'!$A$2:$A$13", "'按月份'!$C$2:$C$13"])
    for chart, direction, refs in zip(parsed, ("bar", "col"), wanted, strict=True):
        assert chart.find(f".//{C}barChart/{C}barDir").get("val") == direction
        assert [f.text for f in chart.iter(f"{C}f")] == refs
    from openpyxl import load_workbook

    assert load_workbook(path).sheetnames == list(SHEETS)


def test_headers_frozen_filters_on_widths_fit(workbook):
    from openpyxl import load_workbook

    from kxdt.render.xlsx import text_width

    path, stats, _ = workbook
    wb = load_workbook(path)
    assert wb["按单位"].freeze_panes == "B2" and wb["文章清单"].freeze_panes == "A2"
    assert wb["文章清单"].auto_filter.ref == f"A1:F{stats['articles'] + 1}"
    assert wb["按单位"].auto_filter.ref == f"A1:{wb['按单位'].cell(1, wb['按单位'].max_column).column_letter}" \
                                          f"{len(stats['by_unit']) + 1}"  # the 合计 row stays out of sorting
    for name in ("按单位", "文章清单"):
        ws = wb[name]
        assert all(c.font.b for c in ws[1])
        for column in ws.columns:
            longest = max(text_width(c.value) for c in column if c.value is not None)
            assert ws.column_dimensions[column[0].column_letter].width >= min(longest, 60)
    assert wb["按单位"]["C2"].number_format == "0.00%"


def test_csv_table_has_the_same_numbers_as_the_workbook(cli, year_db, calc_csv, tmp_path):
    for table, sheet in (("units", "按单位"), ("columns", "按栏目"), ("months", "按月份"), ("articles", "文章清单")):
        result = cli("stats", "--year", "2023", "--to", "csv", "--table", table, "-o", "-", "--db", year_db)
        assert result.exit_code == 0, result.stderr
        assert _rows(result.stdout) == calc_csv[sheet], table
    out = tmp_path / "units.csv"
    assert cli("stats", "--year", "2023", "--to", "csv", "-o", out, "--db", year_db).exit_code == 0
    assert out.read_bytes().startswith("\ufeff单位,合计,占比".encode())  # Excel reads the BOM as UTF-8


# -- the office's mapping file ------------------------------------------------------------------

def test_mapping_file_merges_units_written_differently(cli, year_db, tmp_path, workbook):
    _, before, _ = workbook
    units = tmp_path / "units.toml"
    units.write_text("# 单位名称对照\n" + "".join(f'"{old}" = ["{new}"]\n' for old, new in RENAMED_UNITS),
                     encoding="utf-8")
    result = cli("stats", "--year", "2023", "--units", units, "--json", "--db", year_db)
    assert result.exit_code == 0, result.stderr
    after = json.loads(result.stdout)
    for old, new in RENAMED_UNITS:
        assert after["sources"][old] == before["sources"][old] + before["sources"][new]
        assert new not in after["sources"]
        merged = next(u for u in after["by_unit"] if u["unit"] == old)
        assert set(merged["names"]) == {old, new}
    assert after["near_duplicates"] == [] and "提醒" not in result.stderr
    assert sum(after["sources"].values()) == after["articles"] == before["articles"]


@pytest.mark.parametrize(("content", "words"), [
    ('"市科协科普部" = 3\n', "名称或名称列表"),
    ('"甲" = ["乙"]\n"丙" = ["乙"]\n', "同时归入"),
    ("not toml at all\n", "格式不对"),
])
def test_a_bad_mapping_file_is_a_message(cli, year_db, tmp_path, content, words):
    units = tmp_path / "units.toml"
    units.write_text(content, encoding="utf-8")
    out = tmp_path / "x.xlsx"
    result = cli("stats", "--year", "2023", "--units", units, "--to", "xlsx", "-o", out, "--db", year_db)
    assert result.exit_code == 3 and words in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_unit_names_that_are_one_unit_compare_alike():
    for a, b in (("市科协科普部", "科普部"), ("门头沟区科协", "门头沟科协"), ("北京市科协", "市科协"),
                 ("北京市科学技术协会", "市科协"), ("市科技馆", "科技馆")):
        assert unit_core(a) == unit_core(b), (a, b)
    for a, b in (("西城区科协", "东城区科协"), ("市科技馆", "市科协"), ("海淀区科协", "学会服务中心")):
        assert unit_core(a) != unit_core(b), (a, b)
    (group,) = near_duplicates({"门头沟科协": 5, "门头沟区科协": 3, "西城区科协": 2})
    assert group.suggested == "门头沟区科协" and group.names == (("门头沟科协", 5), ("门头沟区科协", 3))


# -- the rest of the command ----------------------------------------------------------------------

def test_stats_refuses_to_overwrite(cli, year_db, tmp_path):
    out = tmp_path / "s.xlsx"
    out.write_bytes(b"kept")
    result = cli("stats", "--year", "2023", "--to", "xlsx", "-o", out, "--db", year_db)
    assert result.exit_code == 1 and "--force" in result.stderr and out.read_bytes() == b"kept"
    assert cli("stats", "--year", "2023", "--to", "xlsx", "-o", out, "--force", "--db", year_db).exit_code == 0
    assert zipfile.is_zipfile(out)


def test_default_file_name_and_nothing_to_count(cli, year_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("stats", "--year", "2023", "--name", "科协每周动态", "--to", "xlsx", "--db", year_db).exit_code == 0
    assert (tmp_path / "科协每周动态-2023年供稿统计.xlsx").exists()
    empty = cli("stats", "--year", "2001", "--to", "xlsx", "--db", year_db)
    assert empty.exit_code == 0 and "没有可统计的期" in empty.stderr and "未生成文件" in empty.stderr
    assert not list(tmp_path.glob("*2001*"))
    xlsx_to_stdout = cli("stats", "--year", "2023", "--to", "xlsx", "-o", "-", "--db", year_db)
    assert xlsx_to_stdout.exit_code == 2 and xlsx_to_stdout.stdout == ""


def test_the_supplement_counts_with_its_publication(cli, year_db, year):
    named = json.loads(cli("stats", "--year", "2023", "--name", "科协每周动态", "--json", "--db", year_db).stdout)
    assert named["issues"] == 52 and named["articles"] == sum(len(i.articles) for i in year)


def test_document_text_is_never_a_formula(cli, tmp_path):
    from dataclasses import replace

    from openpyxl import load_workbook

    issue = year_of_issues(2023, weeks=1, supplement_week=None)[0]
    risky = replace(issue.articles[0], title="=HYPERLINK(\"http://example.com\",\"点此\")", source="+区科协")
    db = tmp_path / "a.db"
    file_issues(db, [replace(issue, articles=(risky, *issue.articles[1:]))])
    out = tmp_path / "s.xlsx"
    assert cli("stats", "--to", "xlsx", "-o", out, "--db", db).exit_code == 0
    cells = [c for row in load_workbook(out)["文章清单"].iter_rows() for c in row if str(c.value).startswith("=")]
    assert [c.data_type for c in cells] == ["s"]
    listed = cli("stats", "--to", "csv", "--table", "articles", "-o", "-", "--db", db).stdout
    assert "'=HYPERLINK" in listed and "'+区科协" in listed


# -- the numbers add up ----------------------------------------------------------------------------

UNITS = ("海淀区科协", "科普部", "市科协科普部", "市科技馆", None)
COLUMNS = ("科普工作", "学会工作", None)


@st.composite
def articles(draw):
    issues = draw(st.lists(st.tuples(st.integers(1, 12), st.integers(1, 28)), min_size=1, max_size=12))
    records, found = [], []
    for k, (month, day) in enumerate(issues):
        date = f"2023-{month:02d}-{day:02d}"
        records.append(IssueRecord(k, "科协每周动态", 2023, k + 1, 100 + k, date, None))
        for seq in range(draw(st.integers(0, 5))):
            found.append(ArticleRecord(k, seq, "科协每周动态", 2023, k + 1, 100 + k, date,
                                       draw(st.sampled_from(COLUMNS)), f"标题{k}-{seq}", draw(st.sampled_from(UNITS))))
    return records, found


@given(articles(), st.booleans())
def test_every_table_adds_up_to_the_articles(data, mapped):
    records, found = data
    units = UnitMap.from_table({"市科协科普部": ["科普部"]}) if mapped else None
    stats = tabulate(Selection(year=2023), records, found, units)
    assert stats.articles == len(found) == len(stats.article_list)
    assert sum(r.total for r in stats.by_unit) == sum(r.total for r in stats.by_column) == len(found)
    assert sum(m.articles for m in stats.by_month) == len(found)
    assert sum(m.issues for m in stats.by_month) == stats.issues == len(records)
    for row in stats.by_unit:
        assert sum(row.months) == sum(row.columns) == row.total
    assert len(stats.month_axis) == 12
    counted = Counter((units.canonical(a.source) if units else a.source) or NO_SOURCE for a in found)
    assert dict(stats.pairs("sources")) == dict(counted)
    if found:
        assert abs(sum(r.share for r in stats.by_unit) - 1) < 1e-3
    assert bool(stats.near_duplicates) == (not mapped and {"科普部", "市科协科普部"} <= set(counted))
