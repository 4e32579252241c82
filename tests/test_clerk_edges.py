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
