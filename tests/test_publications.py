"""Other offices' bulletins in one archive: a traditional-character copy, 繁/简 search both ways,
two publications with the same 总第 numbers, and an archive from before the 繁/简 index."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

from bulletins import sample_issue, scraped

from kxdt.api import parse_text
from kxdt.archive import Archive

# A bulletin of another (invented) office, written in traditional characters.
TRADITIONAL = """當前位置：首頁 > 協會動態 > 工作簡報
【放大 縮小】
某市老科技工作者協會
簡  報
2024年第3期（總第156期）
協會秘書處          2024年3月15日
目　錄
◆市老科協召開三屆五次理事會
◆科普報告團走進社區
【協會動態】
市老科協召開三屆五次理事會
  3月12日，市老科協召開三屆五次理事會，審議通過了2024年工作要點，部署全年重點工作。
  會議要求，各分會要加強自身建設，發揮老科技工作者在諮詢服務中的作用。
（協會秘書處供稿）
【科普活動】
科普報告團走進社區
  3月8日，市老科協科普報告團走進東城區三個社區，為居民作健康科普報告，聽眾三百餘人。
（科普報告團）
打印本頁 關閉窗口
"""


def test_traditional_copy_is_parsed_in_its_own_characters():
    issue = parse_text(TRADITIONAL)
    m = issue.masthead
    assert (m.name, m.year, m.number, m.total, m.issuer, m.date) == \
        ("某市老科技工作者協會簡報", 2024, 3, 156, "協會秘書處", "2024-03-15")
    assert issue.toc == ("市老科協召開三屆五次理事會", "科普報告團走進社區")
    assert [(a.column, a.title, a.source) for a in issue.articles] == [
        ("協會動態", "市老科協召開三屆五次理事會", "協會秘書處"),
        ("科普活動", "科普報告團走進社區", "科普報告團"),
    ]
    assert issue.articles[0].paragraphs[1] == "會議要求，各分會要加強自身建設，發揮老科技工作者在諮詢服務中的作用。"
    assert not any("目录" in w or "栏目" in w for w in issue.warnings)


def _file(archive_path, issue, name: str) -> None:
    with Archive(archive_path) as archive:
        archive.add(issue.with_origin(name, name.encode().hex().ljust(64, "0")[:64]))


def test_search_across_traditional_and_simplified(isolated_archive, cli):
    _file(isolated_archive, parse_text(TRADITIONAL), "trad.txt")
    _file(isolated_archive, sample_issue(), "simp.txt")
    traditional_hit = json.loads(cli("search", "三届五次", "--json").stdout)
    assert [h["title"] for h in traditional_hit] == ["市老科協召開三屆五次理事會"]
    assert traditional_hit[0]["count"] == 2 and "三屆五次" in traditional_hit[0]["snippet"]
    simplified_hit = json.loads(cli("search", "學會工作", "--json").stdout)
    assert [h["title"] for h in simplified_hit] == ["西城区科协召开学会工作推进会"]
    assert simplified_hit[0]["count"] == 3
    shown = cli("search", "報告團")
    assert shown.exit_code == 0 and "科普報告團走進社區" in shown.stdout


def test_two_publications_with_the_same_numbers(isolated_archive, cli, tmp_path):
    ours = sample_issue()
    theirs = replace(ours, masthead=replace(ours.masthead, name="某区科技简报", issuer="某区科协", date="2022-11-18"),
                     articles=ours.articles[:2])
    _file(isolated_archive, ours, "ours.txt")
    _file(isolated_archive, theirs, "theirs.txt")
    listing = json.loads(cli("list", "--json").stdout)
    assert sorted((i["name"], i["total"]) for i in listing["issues"]) == [("某区科技简报", 412), ("科协工作简报", 412)]
    assert not any(i["flag"] for i in listing["issues"])  # not duplicates of each other
    only = json.loads(cli("list", "--name", "某区", "--json").stdout)
    assert [i["name"] for i in only["issues"]] == ["某区科技简报"]
    hits = json.loads(cli("search", "大篷车", "--json").stdout)
    assert sorted(h["name"] for h in hits) == ["某区科技简报", "科协工作简报"]
    assert [h["name"] for h in json.loads(cli("search", "大篷车", "--name", "某区", "--json").stdout)] == ["某区科技简报"]
    shown = cli("search", "大篷车")
    assert "某区科技简报" in shown.stdout and "科协工作简报" in shown.stdout
    # new-issue drafts the publication of the latest archived issue (ours, dated later) …
    result = cli("new-issue", "--number", "413", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "科协工作简报-2022年第38期-总第413期.md").exists()
    # … unless --name says otherwise
    result = cli("new-issue", "--number", "413", "--name", "某区科技简报", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "某区科技简报" in result.stderr and "2022-11-18" in result.stderr


def test_archive_from_before_the_folded_index_is_reindexed(isolated_archive):
    """An archive of schema 1 (tokens of the text as written) is migrated: the index is rebuilt,
    so traditional text filed before is found by a simplified query."""
    _file(isolated_archive, parse_text(TRADITIONAL), "trad.txt")
    conn = sqlite3.connect(isolated_archive)
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
    rows = conn.execute("SELECT id, title, body FROM articles").fetchall()
    from kxdt.archive.tokens import _bigram_tokens, _runs

    def old_tokens(text: str) -> str:
        return " ".join(t for run, han in _runs(text) for t in (_bigram_tokens(run, end_single=True) if han else [run]))

    for rowid, title, body in rows:
        conn.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                     (rowid, old_tokens(title), old_tokens(body)))
    conn.execute("ALTER TABLE articles DROP COLUMN extra")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Archive(isolated_archive) as archive:
        assert [h.title for h in archive.search("理事会").hits] == ["市老科協召開三屆五次理事會"]


def test_chrome_around_a_traditional_copy_is_not_content():
    issue = parse_text(TRADITIONAL + "\n掃一掃在手機打開當前頁\n")
    assert issue.articles[-1].paragraphs[-1].endswith("聽眾三百餘人。")
    assert scraped  # the helpers module is shared with the other tests
