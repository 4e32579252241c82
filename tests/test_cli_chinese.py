"""Usage errors and help screens speak Chinese: one line with the way out, exit code 2."""

from __future__ import annotations

import re

import pytest

COMMANDS = ["", "parse", "toc", "check", "search", "list", "stats", "export", "new-issue"]
ENGLISH = re.compile(r"Usage|Options|Arguments|Commands|Show this message|\[default|\[required|Try '|Error|"
                     r"<bool>|<str>|<int>|<path>|Missing|Invalid|No such")


@pytest.mark.parametrize(("args", "words"), [
    (["pasre"], "没有“pasre”这个命令，你是不是要用 parse？"),
    (["parse"], "缺少参数 文件"),
    (["parse", "x.txt", "--jsn"], "没有 --jsn 这个选项，你是不是要用 --json"),
    (["export"], "缺少参数 文件或期号"),
    (["new-issue", "--number", "0"], "--number 的值不对：应不小于 1"),
    (["new-issue", "--number", "abc"], "--number 的值不对：应为整数"),
    (["search", "科普", "--limit", "x"], "--limit 的值不对：应为整数"),
    (["list", "--name"], "选项 --name 后面要跟一个值"),
    (["export", "74", "--to", "pdf"], "--to 的值不对"),
    (["search", "科普", "--from", "2024-13-01"], "--from 的日期“2024-13-01”格式不对"),
    (["search", "，"], "“，”里没有可搜索的文字或数字"),
    (["search", ""], "查询为空"),
    (["check", "x.txt", "--only", "拼写"], "没有“拼写”这类检查"),
    (["parse", "x.txt", "--jobs", "0"], "--jobs 的值不对：应不小于 1"),
])
def test_usage_errors_are_one_chinese_line(cli, args, words):
    result = cli(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and words in lines[0], result.stderr
    assert "--help" in lines[0] or "：请" in lines[0]  # Click's errors point to --help, kxdt's say what to do
    assert not ENGLISH.search(result.stderr)
    assert result.stdout == ""


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_no_english_boilerplate(cli, command):
    result = cli(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "用法：kxdt" in result.stdout
    assert not ENGLISH.search(result.stdout), ENGLISH.search(result.stdout)


def test_no_arguments_shows_the_help(cli):
    result = cli()
    assert result.exit_code == 0 and "用法：kxdt" in result.stdout and "命令" in result.stdout


def test_real_console_script_answers_a_typo_in_chinese(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "KXDT_DB": str(tmp_path / "a.db")}
    proc = subprocess.run([sys.executable, "-m", "kxdt", "pasre"], capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    assert proc.stderr.startswith("错误：没有“pasre”这个命令") and "Traceback" not in proc.stderr


def test_output_paths_that_cannot_be_used_are_usage_errors(cli, tmp_path, seed_path):
    folder = tmp_path / "out"
    folder.mkdir()
    a_file = tmp_path / "a.txt"
    a_file.write_text("x", encoding="utf-8")
    for args, words in (
        (["export", seed_path, "--to", "docx", "-o", "-"], "DOCX 不能写到标准输出"),
        (["export", seed_path, "--to", "md", "-o", folder], "输出路径是一个文件夹"),
        (["export", seed_path, "--to", "md", "-o", a_file / "x.md"], "输出路径的上级不是文件夹"),
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("错误：") and words in lines[0]
