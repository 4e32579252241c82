"""Issue #23, "no way back": taking an issue out of the archive (`kxdt remove`), an interrupted
batch that says what it filed and how to go on, and `export` never writing over its input."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from bulletins import sample_issue, scraped

from kxdt.archive import Archive


def file_issues(db: Path, *issues) -> None:
    with Archive(db) as archive:
        for issue in issues:
            archive.add(issue)


def numbered(total: int, *, name: str = "科协工作简报", day: str = "2022-11-25"):
    base = sample_issue()
    return replace(base, masthead=replace(base.masthead, name=name, total=total, date=day),
                   sha256=f"{name}{total}".encode().hex().ljust(64, "0")[:64], file=f"/某处/{name}-{total}.docx")


# 7. kxdt remove --------------------------------------------------------------------------------

def test_remove_asks_and_takes_the_issue_out_of_the_index_too(cli, isolated_archive):
    file_issues(isolated_archive, numbered(411, day="2022-11-18"), numbered(412))
    assert "流动科技馆" in cli("search", "流动科技馆", "--issue", "412").stdout

    declined = cli("remove", "总第412期")  # no answer on stdin: nothing removed
    assert declined.exit_code == 1
    assert "将从归档删除：科协工作简报 2022年第37期（总第412期），2022-11-25，4 篇文章，来自 /某处/科协工作简报-412.docx" in declined.stderr
    assert "未删除。要删除请回答 y，或加 --yes。" in declined.stderr

    done = cli("remove", "412", "--yes")
    assert done.exit_code == 0, done.stderr
    assert "已从归档删除 科协工作简报 2022年第37期（总第412期）。原文件未改动" in done.stderr
    with Archive(isolated_archive, readonly=True) as archive:
        assert [r.total for r in archive.issues()] == [411]
        assert archive.search("流动科技馆").matched == 1  # 411's article, not 412's
    assert "没有找到" in cli("search", "流动科技馆", "--issue", "412").stderr
    # Filed again later, it is new, not "already archived".
    with Archive(isolated_archive) as archive:
        assert archive.add(numbered(412)).status == "added"


def test_remove_answers_y_on_stdin(isolated_archive):
    from typer.testing import CliRunner

    from kxdt.cli.app import app

    file_issues(isolated_archive, numbered(412))
    result = CliRunner().invoke(app, ["remove", "412"], input="y\n")
    assert result.exit_code == 0
    with Archive(isolated_archive, readonly=True) as archive:
        assert archive.issues() == []


def test_remove_needs_the_name_when_two_publications_share_the_number(cli, isolated_archive):
    file_issues(isolated_archive, numbered(412), numbered(412, name="某区科协简报"))
    result = cli("remove", "412", "--yes")
    assert result.exit_code == 1
    assert "归档里有 2 期都是总第412期（某区科协简报、科协工作简报）：请用 --name 指明刊名" in result.stderr
    assert cli("remove", "412", "--name", "某区科协简报", "--yes").exit_code == 0
    with Archive(isolated_archive, readonly=True) as archive:
        assert [(r.name, r.total) for r in archive.issues()] == [("科协工作简报", 412)]


@pytest.mark.parametrize(("ref", "words"), [("999", "归档里没有总第999期，未删除任何内容"),
                                            ("第十期", "“第十期”不是总期号")])
def test_remove_of_nothing_says_so(cli, isolated_archive, ref, words):
    file_issues(isolated_archive, numbered(412))
    result = cli("remove", ref, "--yes")
    assert result.exit_code in (1, 2) and words in result.stderr
    with Archive(isolated_archive, readonly=True) as archive:
        assert len(archive.issues()) == 1


def test_remove_is_one_transaction(isolated_archive, monkeypatch):
    """A failure half-way (here: the index refuses) leaves the issue whole in the archive."""
    import sqlite3

    file_issues(isolated_archive, numbered(412))
    with Archive(isolated_archive) as archive:
        row = archive.issues_numbered(412)[0]

        def broken(conn, issue_id):
            conn.execute("DELETE FROM articles WHERE issue_id = ?", (issue_id,))
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(Archive, "_unindex", staticmethod(broken))
        from kxdt.errors import ArchiveError

        with pytest.raises(ArchiveError, match="归档未改动"):
            archive.remove(row.id)
    with Archive(isolated_archive, readonly=True) as archive:
        assert archive.issues_numbered(412)[0].articles == 4


# 8. Ctrl-C during a batch ------------------------------------------------------------------------

def folder_of_issues(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for k in range(count):
        issue = numbered(412 + k, day=(date(2022, 11, 25) + timedelta(days=7 * k)).isoformat())
        path = folder / f"第{412 + k}期.txt"
        path.write_text(scraped(issue), encoding="utf-8")
        paths.append(path)
    return paths


def test_an_interrupted_batch_says_what_it_filed_and_goes_on_where_it_stopped(cli, isolated_archive, tmp_path,
                                                                              monkeypatch):
    import kxdt.batch

    folder_of_issues(tmp_path / "往期", 5)
    real = kxdt.batch.parse_file
    parsed: list[str] = []

    def parse_until_ctrl_c(path, **kwargs):
        if len(parsed) == 3:
            raise KeyboardInterrupt
        parsed.append(Path(path).name)
        return real(path, **kwargs)

    monkeypatch.setattr(kxdt.batch, "parse_file", parse_until_ctrl_c)
    result = cli("parse", tmp_path / "往期")
    assert result.exit_code == 130
    assert ("已中断：5 个文件已处理 3 个，其中 3 个新归档（已归档的都保留在归档里）。"
            "再运行同一条命令即可从中断处接着做：已归档的文件不会重复解析、重复归档。") in result.stderr
    with Archive(isolated_archive, readonly=True) as archive:
        assert [r.total for r in archive.issues()] == [412, 413, 414]

    monkeypatch.setattr(kxdt.batch, "parse_file", lambda path, **kw: (parsed.append(Path(path).name), real(path, **kw))[1])
    parsed.clear()
    again = cli("parse", tmp_path / "往期")
    assert again.exit_code == 0, again.stderr
    assert parsed == ["第415期.txt", "第416期.txt"]  # the filed three are not parsed again
    assert "成功 5 · 有警告 0 · 失败 0" in again.stderr
    assert [line.split()[-1] for line in again.stdout.splitlines() if line.startswith("第4")] == [
        "无变化", "无变化", "无变化", "新增", "新增"]
    with Archive(isolated_archive, readonly=True) as archive:
        assert [r.total for r in archive.issues()] == [412, 413, 414, 415, 416]


# 9. export never writes over its input -----------------------------------------------------------

def test_export_of_a_draft_in_its_own_folder_never_names_the_draft(cli, isolated_archive, tmp_path, monkeypatch):
    file_issues(isolated_archive, numbered(411, day="2022-11-18"), numbered(412))
    assert cli("new-issue", "--number", "413", "--out", tmp_path).exit_code == 0
    draft = tmp_path / "科协工作简报-2022年第38期-总第413期.docx"
    original = draft.read_bytes()
    monkeypatch.chdir(tmp_path)

    first = cli("export", draft.name, "--to", "docx")
    assert first.exit_code == 0, first.stderr
    assert "已导出 科协工作简报-2022年第38期-总第413期-排版.docx" in first.stderr
    again = cli("export", draft.name, "--to", "docx")  # the advice given is about the export, not the draft
    assert again.exit_code == 1 and "科协工作简报-2022年第38期-总第413期-排版.docx：已存在" in again.stderr
    assert cli("export", draft.name, "--to", "docx", "--force").exit_code == 0
    assert draft.read_bytes() == original

    md = cli("export", "科协工作简报-2022年第38期-总第413期.md", "--to", "md")
    assert md.exit_code == 0 and "已导出 科协工作简报-2022年第38期-总第413期-导出.md" in md.stderr

    named = cli("export", draft.name, "--to", "docx", "-o", f"./{draft.name}")
    assert named.exit_code == 1 and "-o 给出的就是要导出的文件本身" in named.stderr
    assert draft.read_bytes() == original


def test_the_readme_quick_start_never_files_the_example_into_the_clerks_archive(tmp_path):
    """The README's first command, run where a clerk's real archive already holds the real 总第103期."""
    import os
    import re
    import shlex
    import shutil
    import subprocess
    import sys

    from conftest import EXAMPLES, ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(python3 -m pip install -e \. && (kxdt parse [^\n]+))\n```", readme)
    assert block, "the quick start's install-and-parse command"
    real = tmp_path / "real.sqlite3"
    real_103 = replace(sample_issue(), masthead=replace(sample_issue().masthead, name="科协每周动态", total=103,
                                                         number=9, year=2024, date="2024-03-01"),
                       sha256="b" * 64, file="/办公室/第103期.docx")
    file_issues(real, real_103)
    before = real.read_bytes()
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    args = shlex.split(block.group(2))[1:]
    env = {**os.environ, "KXDT_DB": str(real), "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "kxdt", *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "已归档：2024年第9期（总第103期）（新增）" in proc.stderr  # into the demo archive
    assert real.read_bytes() == before
    with Archive(real, readonly=True) as archive:
        assert archive.get(103).file == "/办公室/第103期.docx"


def test_remove_on_a_machine_without_an_archive_creates_none(cli, isolated_archive):
    result = cli("remove", "413", "--yes")
    assert result.exit_code == 1 and "归档里没有总第413期" in result.stderr
    assert not isolated_archive.exists()
