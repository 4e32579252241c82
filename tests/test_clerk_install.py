"""Issue #23, "an install a clerk can do": the CLI where office machines differ, as far as Linux
can show it — a GBK console (a Chinese Windows console), Windows-ish and over-long file names,
an archive on a read-only or network folder; and where the archive is (`kxdt info`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from bulletins import one_paragraph_a_line, sample_issue
from rich.cells import cell_len

from kxdt.archive import Archive

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE_GBK = "𠀀😀"  # a CJK Extension B character and an emoji: neither is in GBK


def kxdt(*args: str, db: Path, encoding: str = "utf-8", columns: int = 80, cwd: Path | None = None,
         ) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "KXDT_DB": str(db), "PYTHONIOENCODING": encoding, "COLUMNS": str(columns), "NO_COLOR": "1",
           "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kxdt", *args], capture_output=True, env=env, cwd=cwd, timeout=120)


def strange_issue():
    """Our sample with characters GBK lacks in a title, a column, a source and the body."""
    issue = sample_issue()
    a = issue.articles[1]
    odd = replace(a, title=a.title[:8] + OUTSIDE_GBK + a.title[8:], column="科普" + OUTSIDE_GBK[0],
                  source=a.source + OUTSIDE_GBK[1], paragraphs=(a.paragraphs[0] + "科普" + OUTSIDE_GBK, *a.paragraphs[1:]))
    return replace(issue, articles=(issue.articles[0], odd, *issue.articles[2:]))


@pytest.fixture
def strange_file(tmp_path) -> Path:
    path = tmp_path / "第412期.txt"
    path.write_text(one_paragraph_a_line(strange_issue()), encoding="utf-8")
    return path


def test_a_gbk_console_never_crashes_and_tables_stay_aligned(tmp_path, strange_file):
    db = tmp_path / "a.sqlite3"
    parsed = kxdt("parse", str(strange_file), db=db, encoding="gbk")
    assert parsed.returncode == 0, parsed.stderr.decode("gbk", "replace")
    text = parsed.stdout.decode("gbk")  # every byte is GBK
    rows = [line for line in text.splitlines() if line[:1].isdigit() or line.startswith(" ")]
    sources = [line for line in rows if "市科技馆" in line or "市气象学会" in line or "西城区科协" in line]
    offsets = {cell_len(line[: max(line.rfind(s) for s in ("市科技馆", "市气象学会", "西城区科协"))]) for line in sources}
    assert len(sources) == 3 and len(offsets) == 1, text  # the 来源 column starts at one place in every row
    assert "？" in text and "Traceback" not in parsed.stderr.decode("gbk")
    assert {cell_len(line) for line in text.splitlines()[3:] if line.strip()} <= set(range(81))

    for args in (("search", "科普"), ("toc", "412"), ("list",), ("stats",), ("check", "412"), ("info",),
                 ("search", "科普" + OUTSIDE_GBK)):
        result = kxdt(*args, db=db, encoding="gbk")
        assert result.returncode in (0, 1), (args, result.stderr.decode("gbk", "replace"))
        result.stdout.decode("gbk")
        result.stderr.decode("gbk")
        assert b"Traceback" not in result.stderr and "内部错误" not in result.stderr.decode("gbk")
    # JSON stays UTF-8 whatever the console: the characters themselves, for scripts.
    data = json.loads(kxdt("toc", "412", "--json", db=db, encoding="gbk").stdout.decode("utf-8"))
    assert OUTSIDE_GBK in data["articles"][1]["title"]


def test_a_gbk_console_shows_help_and_messages(tmp_path):
    for args in (("--help",), ("parse", "--help"), ("parse", "不存在的文件𠀀.docx")):
        result = kxdt(*args, db=tmp_path / "a.sqlite3", encoding="gbk")
        assert b"Traceback" not in result.stderr
        shown = result.stdout.decode("gbk") + result.stderr.decode("gbk")
        assert "用法" in shown or "文件不存在" in shown


def test_windows_paths_and_spaces_are_kept_whole_in_messages(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = "D:\\简报 2024\\第 104 期.docx"
    result = cli("parse", missing)
    assert result.exit_code == 3
    assert result.stderr.strip() == f"错误：{missing}：文件不存在：请检查路径是否写对"

    folder = tmp_path / "往期 简报"
    folder.mkdir()
    (folder / "第 412 期.txt").write_text(one_paragraph_a_line(sample_issue()), encoding="utf-8")
    (folder / "第 411 期.txt").write_text(one_paragraph_a_line(replace(sample_issue(), masthead=replace(
        sample_issue().masthead, total=411, number=36, date="2022-11-18"))), encoding="utf-8")
    batch = cli("parse", folder)
    assert batch.exit_code == 0, batch.stderr
    assert f"文件都在：{folder}" in batch.stderr
    assert all(name in batch.stdout for name in ("第 411 期.txt", "第 412 期.txt"))
    out = tmp_path / "导出 文件夹" / "第 412 期.docx"
    exported = cli("export", "412", "--to", "docx", "-o", out)
    assert exported.exit_code == 0 and f"已导出 {out}" in exported.stderr and out.exists()


def test_file_names_longer_than_the_file_system_allows(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    long_name = "科协每周动态" * 15 + ".docx"  # 270 bytes of UTF-8 and more: no file system keeps it
    assert len(long_name.encode("utf-8")) > 255
    source = tmp_path / "第412期.txt"
    source.write_text(one_paragraph_a_line(sample_issue()), encoding="utf-8")
    for args, words in ((("parse", long_name), "文件名太长"), (("check", long_name), "文件名太长"),
                        (("export", source, "--to", "docx", "-o", long_name), "无法写入（文件名太长）")):
        result = cli(*args)
        assert result.exit_code == 3, (args, result.stderr)
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("错误：") and words in line
    # A name made from a long publication name is cut to what file systems keep.
    result = cli("new-issue", "--number", "1", "--date", "2024年1月5日", "--year-number", "1",
                 "--name", "某某市科学技术协会" * 20, "--issuer", "某某市科协办公室", "--out", tmp_path / "稿")
    assert result.exit_code == 0, result.stderr
    (draft,) = (tmp_path / "稿").glob("*.docx")
    assert len(draft.name.encode("utf-8")) <= 255


def can_mount_read_only(folder: Path) -> bool:
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o ro tmpfs '{folder}'"],
                           capture_output=True)
    return probe.returncode == 0


def test_an_archive_on_a_read_only_folder_says_what_to_do(tmp_path, strange_file):
    """A real read-only mount (a mount namespace of this test's own): filing is refused with the
    way out, searching an archive already there still works."""
    shared = tmp_path / "共享"
    shared.mkdir()
    if not can_mount_read_only(shared):
        pytest.skip("this machine cannot make a read-only mount (needs unshare and mount rights)")
    db = shared / "archive.sqlite3"
    assert kxdt("parse", str(strange_file), db=db).returncode == 0  # filed while writable
    script = (f"mount --bind '{shared}' '{shared}' && mount -o remount,bind,ro '{shared}' && "
              f"{sys.executable} -m kxdt parse '{strange_file}' --replace; echo \"rc=$?\"; "
              f"{sys.executable} -m kxdt search 流动科技馆")
    env = {**os.environ, "KXDT_DB": str(db), "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert "rc=6" in proc.stdout
    assert (f"未归档：{db}：归档所在的文件夹不能写入（ext4，只读挂载）" in proc.stderr
            or "只读挂载）：请用 --db 或环境变量 KXDT_DB 把归档放到可写的本机文件夹" in proc.stderr), proc.stderr
    assert "找到 1 篇文章" in proc.stderr and "Traceback" not in proc.stderr


def test_an_archive_on_a_network_share_is_warned_of(cli, tmp_path, strange_file, monkeypatch):
    import kxdt.io.places as places

    share = tmp_path / "网络 共享"
    share.mkdir()
    mounts = tmp_path / "mounts"
    escaped = str(share).replace(" ", "\\040")
    mounts.write_text(f"/dev/vda / ext4 rw,relatime 0 0\n//fileserver/简报 {escaped} cifs rw,relatime,vers=3.0 0 0\n",
                      encoding="utf-8")
    monkeypatch.setattr(places, "MOUNTS", mounts)
    db = share / "archive.sqlite3"
    result = cli("parse", strange_file, "--db", db)
    assert result.exit_code == 0
    assert f"警告：归档在网络共享文件夹上（cifs，{share}）：SQLite 数据库放在网络共享上不安全" in result.stderr
    info = cli("info", "--db", db)
    assert "SQLite 数据库放在网络共享上不安全" in info.stderr
    assert json.loads(cli("info", "--db", db, "--json").stdout)["network_share"] is True
    # An archive on a local disk gets no such warning.
    assert "网络共享" not in cli("parse", strange_file, "--db", tmp_path / "local.sqlite3").stderr


def test_info_and_version_say_where_the_archive_is(cli, isolated_archive, strange_file):
    empty = cli("info")
    assert empty.exit_code == 0
    assert empty.stdout.splitlines()[1:] == [f"归档：{isolated_archive}（环境变量 KXDT_DB 指定）",
                                             "      还没有建立：第一次 kxdt parse 归档时自动创建"]
    assert not isolated_archive.exists()  # looking never creates it
    assert cli("parse", strange_file).exit_code == 0
    facts = cli("info").stdout.splitlines()[2]
    assert facts.strip().endswith("· 共 1 期 · 4 篇文章 · 刊名：科协工作简报") and "KB" in facts
    data = json.loads(cli("info", "--json").stdout)
    assert (data["archive"], data["issues"], data["exists"]) == (str(isolated_archive), 1, True)
    assert data["size"] == sum(p.stat().st_size for p in isolated_archive.parent.glob("archive.sqlite3*")
                               if not p.name.endswith("-shm"))
    with Archive(isolated_archive, readonly=True) as archive:
        assert archive.summary().issues == 1
    assert cli("--version").stdout.splitlines()[1] == f"归档：{isolated_archive}（kxdt info 查看大小和期数）"
    assert "kxdtinfo" in "".join(cli("--help").stdout.split())
