"""The archive: filing, conflicts, search (counts pinned on the real issue), filters, safety."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from bulletins import sample_issue, scraped

from kxdt.archive import Archive, SearchFilters
from kxdt.errors import ArchiveError, RefusedError

ACCEPTANCE = {
    "沈洁": (4, 5),
    "科普日": (2, 13),
    "防汛": (1, 1),
    "汛": (1, 2),
    "科协": (6, 24),
    "2023年": (2, 6),
    "X射线": (1, 1),
}


@pytest.fixture
def seeded(cli, seed_path):
    result = cli("parse", seed_path)
    assert result.exit_code == 0, result.stderr
    assert "新增" in result.stderr
    return seed_path


@pytest.mark.parametrize("query", ACCEPTANCE)
def test_search_counts_on_the_real_issue(cli, seeded, expected, query):
    result = cli("search", query, "--json")
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    articles, occurrences = ACCEPTANCE[query]
    assert len(hits) == articles
    assert sum(h["count"] for h in hits) == occurrences
    # The titles are those of the expected articles that contain the query.
    want = {a["title"] for a in expected["articles"]
            if query.lower() in (a["title"] + "".join(a["paragraphs"])).replace(" ", "").lower()}
    assert {h["title"] for h in hits} == want
    for h in hits:
        assert h["total"] == 74 and h["year"] == 2023 and h["number"] == 21 and h["date"] == "2023-08-11"
        assert query.lower() in h["snippet"].lower()
        assert set(h) == {"name", "total", "year", "number", "date", "column", "title", "source", "page", "snippet", "count"}


def test_reparse_changes_nothing(cli, seeded, isolated_archive):
    before = isolated_archive.read_bytes() if isolated_archive.exists() else b""
    result = cli("parse", seeded)
    assert result.exit_code == 0
    assert "已归档，无变化" in result.stderr
    with Archive(isolated_archive) as archive:
        assert len(archive.issues()) == 1
    assert before  # the archive exists


def test_other_file_claiming_same_issue_is_refused_unless_replace(cli, seeded, tmp_path, isolated_archive):
    other = tmp_path / "copy.txt"
    other.write_text(seeded.read_text(encoding="utf-8") + "\n（补充）\n", encoding="utf-8")
    refused = cli("parse", other)
    assert refused.exit_code == 1
    assert "已归档" in refused.stderr and str(Path(seeded).resolve()) in refused.stderr and "--replace" in refused.stderr
    replaced = cli("parse", other, "--replace")
    assert replaced.exit_code == 0 and "已替换" in replaced.stderr
    with Archive(isolated_archive) as archive:
        rows = archive.issues()
    assert len(rows) == 1 and rows[0].file == str(other.resolve())


def _archive_with_samples(db: Path) -> Archive:
    archive = Archive(db)
    base = sample_issue()
    for k, (total, date, year, number) in enumerate([(412, "2022-11-25", 2022, 37), (413, "2022-12-02", 2022, 38),
                                                    (420, "2023-01-06", 2023, 1)]):
        m = replace(base.masthead, total=total, date=date, year=year, number=number)
        archive.add(replace(base, masthead=m, sha256=f"{k:064d}", file=f"/x/{total}.txt"))
    return archive


def test_filters_and_ordering(tmp_path):
    with _archive_with_samples(tmp_path / "a.db") as archive:
        everything = archive.search("科协", limit=None)
        # Two titles an issue hold 科协: those six first, newest issue first, then body matches.
        assert [h.total for h in everything.hits[:6]] == [420, 420, 413, 413, 412, 412]
        assert all(h.in_title for h in everything.hits[:6])
        assert not any(h.in_title for h in everything.hits[6:]) and everything.hits[6:]
        assert {h.total for h in archive.search("科协", SearchFilters(year=2023), limit=None).hits} == {420}
        ranged = archive.search("科协", SearchFilters(date_from="2022-12-01", date_to="2022-12-31"), limit=None)
        assert {h.total for h in ranged.hits} == {413}
        assert {h.column for h in archive.search("科协", SearchFilters(column="学会动态"), limit=None).hits} == {"学会动态"}
        assert {h.source for h in archive.search("大篷车", SearchFilters(source="科技馆"), limit=None).hits} == {"市科技馆"}
        assert {h.total for h in archive.search("科协", SearchFilters(total=412), limit=None).hits} == {412}
        assert len(archive.search("科协", limit=2).hits) == 2


def test_multiword_and_phrase(tmp_path):
    with _archive_with_samples(tmp_path / "a.db") as archive:
        both = archive.search("流动科技馆 山区", SearchFilters(total=412), limit=None)
        assert [h.title for h in both.hits] == [sample_issue().articles[1].title]
        assert both.hits[0].count == sum(
            (a.title + "".join(a.paragraphs)).count(w) for a in sample_issue().articles[1:2] for w in ("流动科技馆", "山区"))
        assert archive.search('"科技馆 巡展"', SearchFilters(total=412), limit=None).hits  # phrase with a space
        assert not archive.search("“山区 气象手册”", limit=None).hits
        assert not archive.search("流动科技馆 气象学会", limit=None).hits


def test_no_hits_is_a_message_and_exit_0(cli, seeded):
    result = cli("search", "量子纠缠")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "没有找到" in result.stderr
    as_json = cli("search", "量子纠缠", "--json")
    assert as_json.exit_code == 0 and json.loads(as_json.stdout) == []


def test_archive_that_is_not_a_database(cli, tmp_path, seed_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("这不是数据库" * 10, encoding="utf-8")
    result = cli("search", "科协", "--db", bogus)
    assert result.exit_code == 6
    assert "不是 kxdt 归档数据库" in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(ArchiveError):
        Archive(bogus)
    parsed = cli("parse", seed_path, "--db", bogus, "--json")
    assert parsed.exit_code == 6  # the parse is printed, the archive's trouble reported
    assert json.loads(parsed.stdout)["masthead"]["total"] == 74
    assert "未归档" in parsed.stderr and "不是 kxdt 归档数据库" in parsed.stderr


def _parse_in_subprocess(path: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "KXDT_DB": str(db)}
    return subprocess.Popen([sys.executable, "-m", "kxdt", "parse", str(path)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def test_concurrent_parses_both_succeed(tmp_path):
    db = tmp_path / "shared.db"
    issues = []
    for total in (500, 501, 502, 503):
        m = replace(sample_issue().masthead, total=total)
        path = tmp_path / f"{total}.txt"
        path.write_text(scraped(replace(sample_issue(), masthead=m)), encoding="utf-8")
        issues.append(path)
    procs = [_parse_in_subprocess(p, db) for p in issues]
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    with Archive(db) as archive:
        assert sorted(r.total for r in archive.issues()) == [500, 501, 502, 503]


def test_killed_parse_leaves_archive_as_it_was(tmp_path, seed_path):
    db = tmp_path / "a.db"
    with _archive_with_samples(db):
        pass
    code = (
        "import os, sys\n"
        "from kxdt.archive import store\n"
        "from kxdt.api import parse_file\n"
        "original = store.Archive._insert\n"
        "def dying(self, conn, issue, *made):\n"
        "    original(self, conn, issue, *made)\n"
        "    os._exit(9)  # killed after the rows were written, before COMMIT\n"
        "store.Archive._insert = dying\n"
        f"archive = store.Archive({str(db)!r})\n"
        f"archive.add(parse_file({str(seed_path)!r})[0])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    with Archive(db) as archive:
        assert sorted(r.total for r in archive.issues()) == [412, 413, 420]
        assert archive.search("沈洁", limit=None).hits == ()
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_refusal_leaves_archive_unchanged(tmp_path):
    with _archive_with_samples(tmp_path / "a.db") as archive:
        clash = replace(sample_issue(), sha256="f" * 64, file="/y.txt", articles=sample_issue().articles[:2])
        with pytest.raises(RefusedError):
            archive.add(clash)
        assert len(archive.issues()) == 3
        same = replace(sample_issue(), sha256="e" * 64, file="/z.txt")  # the same issue, another file
        result = archive.add(same)
        assert (result.status, result.archived_file) == ("same", str(Path("/x/412.txt").resolve()))
        assert len(archive.issues()) == 3


def test_list_flags_gaps_and_stats(cli, tmp_path):
    db = tmp_path / "a.db"
    with _archive_with_samples(db):
        pass
    listing = json.loads(cli("list", "--json", "--db", db).stdout)
    assert listing["gaps"] == [{"name": "科协工作简报", "first": 414, "last": 419, "count": 6}]
    assert [i["total"] for i in listing["issues"]] == [412, 413, 420]
    assert "前缺6期" in listing["issues"][2]["flag"]
    shown = cli("list", "--db", db)
    assert "缺号" in shown.stderr and "总第414–419期" in shown.stderr
    stats = json.loads(cli("stats", "--json", "--year", "2022", "--db", db).stdout)
    assert stats["issues"] == 2 and stats["articles"] == 8
    assert stats["columns"] == {"科普工作": 4, "学会动态": 2, "（无栏目）": 2}
    assert stats["sources"]["市科技馆"] == 2
    assert stats["months"] == {"2022-11": 4, "2022-12": 4}
    assert "供稿统计" in cli("stats", "--db", db).stdout


def test_search_on_an_empty_archive_says_so(cli):
    result = cli("search", "科协")
    assert result.exit_code == 0 and result.stdout == ""
    assert "归档是空的" in result.stderr and "kxdt parse" in result.stderr


def test_archive_in_an_unwritable_place(cli, tmp_path, seed_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = cli("parse", seed_path, "--db", blocker / "sub" / "a.db")
    assert result.exit_code == 6 and "--db" in result.stderr and "Traceback" not in result.stderr
    # Reading commands create nothing: a missing archive reads as empty.
    result = cli("search", "科协", "--db", blocker / "sub" / "a.db")
    assert result.exit_code == 0 and "归档是空的" in result.stderr


def test_replace_removes_the_old_text_from_the_index(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        old = replace(sample_issue(), sha256="1" * 64, file="/old.txt")
        archive.add(old)
        assert archive.search("大篷车", limit=None).hits
        new_article = replace(old.articles[0], title="市科协召开全委会", paragraphs=("全委会审议了年度工作报告。",))
        new = replace(old, sha256="2" * 64, file="/new.txt", articles=(new_article,), toc=())
        assert archive.add(new, replace=True).status == "replaced"
        assert archive.search("大篷车", limit=None).hits == ()
        assert [h.title for h in archive.search("全委会", limit=None).hits] == ["市科协召开全委会"]
        assert archive.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_archived_issue_reads_back_whole(tmp_path):
    issue = replace(sample_issue(), sha256="3" * 64, file="/x.txt", warnings=("某条警告",))
    with Archive(tmp_path / "a.db") as archive:
        archive.add(issue)
        back = archive.get(issue.masthead.total)
    assert back is not None
    assert back.to_dict() == {**issue.to_dict(), "file": "/x.txt"}


def test_bad_filter_date_is_a_message(cli, seeded):
    result = cli("search", "科协", "--from", "2023-02-30")
    assert result.exit_code == 2 and "--from" in result.stderr and result.stdout == ""


def test_search_table_shows_where_each_hit_is(cli, seeded):
    result = cli("search", "防汛")
    assert result.exit_code == 0
    for shown in ("总第74期", "2023年第21期", "2023-08-11", "基层动态", "门头沟区科协", "第9页", "防汛"):
        assert shown in result.stdout
    assert "找到 1 篇文章（共 1 处）" in result.stderr


def test_list_flags_duplicate_year_numbers(cli, tmp_path):
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        for k, total in enumerate((300, 301)):
            m = replace(sample_issue().masthead, total=total, year=2024, number=7, date=f"2024-02-0{k + 1}")
            archive.add(replace(sample_issue(), masthead=m, sha256=f"{k + 7:064d}", file=f"/{total}.txt"))
    listing = json.loads(cli("list", "--json", "--db", db).stdout)
    assert [i["flag"] for i in listing["issues"]] == ["年内期号重复", "年内期号重复"]
    assert listing["gaps"] == []
    assert "年内期号重复" in cli("list", "--db", db).stdout


def test_a_supplement_does_not_clash_with_the_weekly_issue_of_the_same_number(cli, tmp_path):
    head = "北京市科协办公室 2023年9月20日\n【综合】\n市科协召开全委会\n会议听取了工作报告。\n"
    weekly, supplement = tmp_path / "w.txt", tmp_path / "s.txt"
    weekly.write_text("科协每周动态\n2023年第1期\n" + head, encoding="utf-8")
    supplement.write_text("科协每周动态\n2023年增刊第1期\n" + head, encoding="utf-8")
    assert cli("parse", weekly).exit_code == 0
    assert cli("parse", supplement).exit_code == 0
    names = [i["name"] for i in json.loads(cli("list", "--json").stdout)["issues"]]
    assert sorted(names) == ["科协每周动态", "科协每周动态（增刊）"]


def test_the_same_issue_in_another_format_is_not_a_conflict(cli, seeded, expected):
    """The PDF and the DOCX of an archived issue are the same issue: parsed, shown, not refused."""
    from conftest import shared_fixture

    for name in ("kxdt-2023-21.gongwen.pdf", "kxdt-2023-21.gongwen.docx"):
        result = cli("parse", shared_fixture(name), "--json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["masthead"] == expected["masthead"]
        assert "同一期" in result.stderr and str(Path(seeded).resolve()) in result.stderr
    assert len(json.loads(cli("list", "--json").stdout)["issues"]) == 1


def test_a_refused_file_is_still_shown(cli, seeded, tmp_path):
    """Filing is refused (exit 1) but the parse itself is printed: the data is not lost."""
    other = tmp_path / "other.txt"
    other.write_text(seeded.read_text(encoding="utf-8").replace("沈洁", "某某"), encoding="utf-8")
    result = cli("parse", other, "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["masthead"]["total"] == 74
    assert "--replace" in result.stderr
