"""Bad input: one line in Chinese on stderr, a non-zero exit code, nothing on stdout, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace


def _check(result, code, *words):
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_missing_file(cli, tmp_path):
    _check(cli("parse", tmp_path / "nope.txt"), 3, "不存在")


def test_directory_without_bulletins(cli, tmp_path):
    _check(cli("parse", tmp_path), 3, "没有可解析的文件")


def test_toc_of_directory(cli, tmp_path):
    _check(cli("toc", tmp_path), 3, "文件夹")


def test_empty_file(cli, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    _check(cli("parse", path), 3, "空的")


def test_binary_garbage(cli, tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 20)
    _check(cli("parse", path), 3, "不是文本")


def test_unsupported_extension(cli, tmp_path):
    path = tmp_path / "issue.xlsx"
    path.write_bytes(b"whatever")
    _check(cli("parse", path), 3, "不支持", ".xlsx")


def test_old_word_format_without_libreoffice(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("KXDT_SOFFICE", str(tmp_path / "no-such-soffice"))
    path = tmp_path / "issue.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    _check(cli("parse", path), 3, "LibreOffice", "DOCX")


def test_not_a_bulletin(cli, tmp_path):
    path = tmp_path / "prose.txt"
    path.write_text("今天天气很好，我们去公园散步。\n公园里有很多人在锻炼身体。\n", encoding="utf-8")
    _check(cli("parse", path), 3, "不像是简报")


def test_no_traceback_from_the_real_entry_point(tmp_path):
    """The console script itself (not just the test runner) prints one line and exits 3."""
    env = {**os.environ, "KXDT_DB": str(tmp_path / "a.db")}
    proc = subprocess.run([sys.executable, "-m", "kxdt", "parse", str(tmp_path / "missing.pdf")],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr and "不存在" in proc.stderr


def test_python_m_kxdt_help():
    proc = subprocess.run([sys.executable, "-m", "kxdt", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "parse" in proc.stdout and "search" in proc.stdout


def test_version(cli, isolated_archive):
    from kxdt import __version__

    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.splitlines() == [
        f"kxdt {__version__}", f"归档：{isolated_archive}（kxdt info 查看大小和期数）"]


def test_jobs_parse_a_batch_in_worker_processes_like_one_process(cli, tmp_path):
    """`--jobs 2`: the same outcomes, filed in the order given; a failure keeps its file's name."""
    from bulletins import sample_issue

    from kxdt.render.text import issue_to_text

    folder = tmp_path / "issues"
    folder.mkdir()
    base = sample_issue()
    for k in range(4):
        masthead = replace(base.masthead, total=400 + k, number=20 + k)
        (folder / f"{k}.txt").write_text(issue_to_text(replace(base, masthead=masthead)), encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    result = cli("parse", folder, "--jobs", "2", "--json")
    assert result.exit_code == 1
    assert [i["masthead"]["total"] for i in json.loads(result.stdout)] == [400, 401, 402, 403]
    assert "broken.pdf" in result.stderr and "失败 1" in result.stderr
    listed = json.loads(cli("list", "--json").stdout)
    assert [i["total"] for i in listed["issues"]] == [400, 401, 402, 403]
    assert cli("parse", folder, "--jobs", "0").exit_code == 2


def test_errors_travel_between_processes_with_their_file():
    import pickle

    from kxdt.errors import InputError, NoTextError

    for error in (InputError("坏了", path="a.pdf"), NoTextError("扫描件")):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error) and back.path == error.path
