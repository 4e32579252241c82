"""Issue #23, the rough edges a clerk meets: every message Chinese, dates as a clerk writes them,
help and tables at 60 columns, the draft's keep-with-next and title spacing, the columns of a
draft, notes that are information, the archive's place (`kxdt info`, --version)."""

from __future__ import annotations

import re

import pytest

# What may stay Latin in a Chinese message: option and command names, file names given, formats.
COMMAND_NAMES = ("new-issue", "parse", "toc", "check", "search", "list", "stats", "export", "remove", "info")
LATIN_ALLOWED = re.compile(r"--?[A-Za-z][\w-]*|kxdt|" + "|".join(COMMAND_NAMES) +
                           r"|DOCX|docx|PDF|TXT|txt|JSON|json|md|Markdown|Word|WPS|[\w.-]+\.(?:docx|txt|md|pdf)|extra|xyz")


def english_left(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", LATIN_ALLOWED.sub("", text))


@pytest.mark.parametrize(("args", "words"), [
    (["new-issue", "--number", "413", "--add", "a.docx", "b.txt", "--out"], "选项 --out 后面要跟一个值"),
    (["list", "extra"], "多余的参数：extra（一个选项只跟一个值，要给几个值就把选项写几次）"),
    (["search", "科普", "--json=1"], "选项 --json 是开关，不跟值"),
    (["parse", "a.txt", "--pages=3"], "选项 --pages 是开关，不跟值"),
    (["search", "科普", "--limit"], "选项 --limit 后面要跟一个值。用 kxdt search --help 查看用法"),
    (["remove"], "缺少参数 期号"),
    (["export", "74", "--to", "xyz"], "--to 的值不对"),
    (["stats", "--year", "1800"], "--year 的值不对：应不小于 1900"),
    (["info", "extra"], "多余的参数：extra"),
])
def test_click_messages_are_chinese(cli, args, words):
    result = cli(*args)
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("错误：") and words in line, line
    assert english_left(line) == [], line


def test_add_with_several_files_after_it_takes_them_all(cli, tmp_path):
    from test_clerk_traps import DRAFT, archived

    from kxdt.api import parse_file
    from kxdt.archive import Archive

    with Archive(tmp_path / "archive.sqlite3") as db:
        for issue in archived():
            db.add(issue)
    first, second = tmp_path / "甲.txt", tmp_path / "乙.txt"
    first.write_text("科普讲解大赛决赛举行\n11月28日，全市科普讲解大赛决赛举行，20名选手同台竞技。\n（市科技馆）\n", encoding="utf-8")
    second.write_text("某区学会召开年会\n11月29日，某区学会召开年会，100余名会员参加。\n（某区科协）\n", encoding="utf-8")
    result = cli("new-issue", "--number", "413", "--out", tmp_path, "--add", first, second, "--column", "学会动态")
    assert result.exit_code == 0, result.stderr
    titles = [a.title for a in parse_file(tmp_path / DRAFT)[0].articles]
    assert titles == ["科普讲解大赛决赛举行", "某区学会召开年会"]


# Dates as a clerk writes them ---------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["2022年12月2日", "2022年12月2号", "12月2日", "2022.12.2", "2022/12/02", "2022-12-2",
                                   "２０２２年１２月２日", "20221202"])
def test_new_issue_takes_dates_as_a_clerk_writes_them(cli, tmp_path, typed):
    from test_clerk_traps import DRAFT, archived

    from kxdt.api import parse_file
    from kxdt.archive import Archive

    with Archive(tmp_path / "archive.sqlite3") as db:
        for issue in archived():
            db.add(issue)
    result = cli("new-issue", "--number", "413", "--date", typed, "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert parse_file(tmp_path / DRAFT)[0].masthead.date == "2022-12-02"


def test_a_date_without_its_year_takes_the_year_nearest_the_proposal():
    from datetime import date

    from kxdt.text.dates import read_date

    assert read_date("12月29日", near=date(2024, 1, 5)) == date(2023, 12, 29)
    assert read_date("1月5日", near=date(2023, 12, 29)) == date(2024, 1, 5)
    assert read_date("2月29日", near=date(2023, 3, 1)) == date(2024, 2, 29)  # the only leap day in reach
    for bad in ("12月32日", "2023-13-01", "明天", "3/15", ""):
        assert read_date(bad, near=date(2024, 1, 5)) is None


def test_search_takes_clerk_dates_too(cli, tmp_path):
    from test_clerk_traps import archived

    from kxdt.archive import Archive

    with Archive(tmp_path / "archive.sqlite3") as db:
        for issue in archived():
            db.add(issue)
    result = cli("search", "科普", "--from", "2022年11月18日", "--to", "2022.11.18", "--json")
    assert result.exit_code == 0, result.stderr
    assert {hit["date"] for hit in __import__("json").loads(result.stdout)} == {"2022-11-18"}


def test_a_typed_date_on_another_weekday_is_warned_at_once(cli, tmp_path):
    from test_clerk_traps import archived

    from kxdt.archive import Archive

    with Archive(tmp_path / "archive.sqlite3") as db:
        for issue in archived():
            db.add(issue)
    result = cli("new-issue", "--number", "413", "--date", "12月3日", "--out", tmp_path)
    assert result.exit_code == 0
    assert "警告：出刊日期2022-12-03是星期六，上一期（总第412期，2022-11-25）是星期五：请核对日期" in result.stderr


# The draft's columns, and notes that are information ---------------------------------------------

def columns_issue(total: int, day: str, columns: tuple[str, ...]):
    from dataclasses import replace

    from bulletins import sample_issue

    base = sample_issue()
    article = base.articles[1]
    articles = tuple(replace(article, column=c, title=f"{c}的一篇文章{total}") for c in columns)
    return replace(base, masthead=replace(base.masthead, total=total, date=day, number=total - 375, year=int(day[:4])),
                   articles=articles, toc=(), sha256=f"{total:064d}", file=f"{total}.docx")


def test_draft_columns_keep_the_usual_order_with_the_local_news_last(cli, tmp_path):
    from test_clerk_traps import DRAFT

    from kxdt.api import parse_file
    from kxdt.archive import Archive

    with Archive(tmp_path / "archive.sqlite3") as db:
        db.add(columns_issue(410, "2022-11-11", ("综合工作", "科普工作", "学会动态", "基层动态")))
        db.add(columns_issue(411, "2022-11-18", ("综合工作", "科普工作", "基层动态")))
        db.add(columns_issue(412, "2022-11-25", ("科普工作", "基层动态")))  # the newest lacks two columns
    result = cli("new-issue", "--number", "413", "--out", tmp_path)
    assert "栏目沿用近期：综合工作、科普工作、学会动态、基层动态" in result.stderr
    draft = parse_file(tmp_path / DRAFT)[0]
    assert [w for w in draft.warnings if "示例文章" in w] == [
        f"栏目【{c}】的示例文章未填写，已略去" for c in ("综合工作", "科普工作", "学会动态", "基层动态")]


def test_an_older_number_takes_the_columns_of_the_issue_before_it(cli, tmp_path):
    from kxdt.archive import Archive

    with Archive(tmp_path / "archive.sqlite3") as db:
        db.add(columns_issue(374, "2023-08-11", ("主题教育", "科普工作", "基层动态")))
        db.add(columns_issue(400, "2024-03-01", ("综合工作", "学会动态", "基层动态")))  # a later year's columns
    result = cli("new-issue", "--number", "375", "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "依据 总第374期" in result.stderr and "栏目沿用近期：主题教育、科普工作、基层动态" in result.stderr


def test_placements_are_information_and_the_unplaced_a_warning(cli, tmp_path):
    from test_clerk_traps import archived

    from kxdt.archive import Archive

    with Archive(tmp_path / "archive.sqlite3") as db:
        for issue in archived():
            db.add(issue)
    placed, unplaced = tmp_path / "甲.txt", tmp_path / "乙.txt"
    placed.write_text("科普讲解大赛决赛举行\n11月28日，全市科普讲解大赛决赛举行。\n（市科技馆）\n", encoding="utf-8")
    unplaced.write_text("某单位开展安全检查\n11月27日，某单位开展安全检查。\n（某单位）\n", encoding="utf-8")
    result = cli("new-issue", "--number", "413", "--out", tmp_path, placed, unplaced)
    assert "提示：稿件《科普讲解大赛决赛举行》放入【科普工作】" in result.stderr
    assert "警告：稿件《某单位开展安全检查》判断不出栏目" in result.stderr
    assert "警告：稿件《科普讲解大赛决赛举行》" not in result.stderr


@pytest.mark.parametrize("command", COMMAND_NAMES)
def test_every_command_shows_one_example(cli, command):
    shown = cli(command, "--help").stdout
    examples = [line.strip().strip("│ ") for line in shown.splitlines() if line.strip().startswith("例：")]
    assert len(examples) == 1 and examples[0].startswith(f"例：kxdt {command}"), shown


def test_the_help_says_where_the_archive_is(cli):
    shown = "".join(cli("--help").stdout.split())
    assert "kxdtinfo显示位置、大小和期数，环境变量KXDT_DB可把它放到别处" in shown


# 60 columns: nothing that must stay whole is broken ---------------------------------------------

NO_LINE_START = "，。、；：？！）」』】》”’"


def narrow(*args: str, db: str, columns: int = 60) -> str:
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": str(columns), "KXDT_DB": db, "NO_COLOR": "1", "TERM": "dumb"}
    proc = subprocess.run([sys.executable, "-m", "kxdt", *args], capture_output=True, text=True, env=env, timeout=120)
    return proc.stdout + proc.stderr


def line_starts(output: str) -> list[str]:
    """Each line's first character inside any box or table frame."""
    starts = []
    for line in output.splitlines():
        for cell in re.split(r"[│|]", line):
            text = cell.strip(" ╭╮╰╯─")
            if text:
                starts.append(text[0])
    return starts


@pytest.mark.parametrize("command", ["", *COMMAND_NAMES])
def test_help_at_60_columns_keeps_option_values_whole(tmp_path, command):
    from kxdt.cli.app import run  # noqa: F401  (the commands register themselves)

    shown = narrow(*([command] if command else []), "--help", db=str(tmp_path / "a.db"))
    assert "用法：" in shown
    values = set(re.findall(r"<[^<>\s]+>|\[\d+<=x<=\d+\]", narrow(*([command] if command else []), "--help",
                                                                      db=str(tmp_path / "a.db"), columns=200)))
    missing = sorted(v for v in values if v not in shown)
    assert missing == [], shown
    bad = [c for c in line_starts(shown) if c in NO_LINE_START]
    assert bad == [], shown


def test_tables_at_60_columns_never_break_numbers_dates_or_punctuation(tmp_path):
    import shutil

    from conftest import EXAMPLES

    folder = tmp_path / "往期"
    folder.mkdir()
    shutil.copy(EXAMPLES / "kxdt-2024-09.txt", folder / "一个很长的文件名：科协每周动态二〇二四年第九期总第一百零三期.txt")
    db = str(tmp_path / "a.db")
    source = (EXAMPLES / "kxdt-2024-09.txt").read_text(encoding="utf-8")
    numbers = set(re.findall(r"\d+", source)) | {"103", "2024", "03", "01", "9", "5", "2", "3", "4", "1", "0", "10", "14",
                                                  "60"}
    for args in (("parse", str(folder)), ("search", "科普"), ("search", "2023"), ("list",), ("toc", "103"),
                 ("check", "103"), ("stats",)):
        shown = narrow(*args, db=db)
        assert "2024-03-01" in shown or args[0] in ("stats", "check"), shown
        if args[0] in ("parse", "search", "list"):
            assert "总第103期" in shown or "103" in shown
        data = re.sub(r"\d+:\d\d:\d\d", "", shown.replace(str(tmp_path), ""))  # the progress bar's clock, the folder
        broken = sorted(set(re.findall(r"\d+", data)) - numbers)
        assert broken == [], (args, shown)
        bad = [c for c in line_starts(shown) if c in NO_LINE_START]
        assert bad == [], (args, shown)


def test_chinese_line_breaking_rules():
    from kxdt.cli.wrapping import words

    pieces = [w.strip() for _, _, w in words("发出前校对（期号、日期）：见 kxdt check 第104期.docx，或 2024-03-15。")]
    assert "第104期.docx，" in pieces and "2024-03-15。" in pieces and "（期" in pieces
    assert not any(p[:1] in NO_LINE_START for p in pieces)
    assert next(w for _, _, w in words("<docx|md|json|txt>  输出")).strip() == "<docx|md|json|txt>"
