"""new-issue: numbering and dates from the archive, rollover, gaps, duplicates, files, --add."""

from __future__ import annotations

from dataclasses import replace

import pytest
from bulletins import sample_issue

from kxdt.api import parse_file
from kxdt.archive import Archive
from kxdt.compose import next_numbers
from kxdt.model import Masthead
from kxdt.render.docx import issue_to_docx

DRAFT = "科协每周动态-2023年第22期-总第75期"


def test_next_issue_after_the_real_one(cli, seed_path, tmp_path):
    assert cli("parse", seed_path).exit_code == 0
    result = cli("new-issue", "--number", "75", "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "依据 总第74期（2023年第21期，2023-08-11）推算：2023年第22期，2023-08-18" in result.stderr
    assert "栏目沿用近期：主题教育、科普工作、科创工作、国际科技交流、基层动态" in result.stderr
    for suffix in (".md", ".docx"):
        issue = parse_file(tmp_path / f"{DRAFT}{suffix}")[0]
        assert issue.masthead == Masthead(name="科协每周动态", year=2023, number=22, total=75,
                                          issuer="北京市科协办公室", date="2023-08-18")
    md = (tmp_path / f"{DRAFT}.md").read_text(encoding="utf-8")
    assert "## 【基层动态】" in md


def test_existing_draft_is_not_overwritten(cli, seed_path, tmp_path):
    assert cli("parse", seed_path).exit_code == 0
    assert cli("new-issue", "--number", "75", "--out", tmp_path).exit_code == 0
    (tmp_path / f"{DRAFT}.md").write_text("编辑改过的内容", encoding="utf-8")
    again = cli("new-issue", "--number", "75", "--out", tmp_path)
    assert again.exit_code == 1 and "已存在" in again.stderr
    assert (tmp_path / f"{DRAFT}.md").read_text(encoding="utf-8") == "编辑改过的内容"
    assert cli("new-issue", "--number", "75", "--out", tmp_path, "--force").exit_code == 0


def test_gap_is_warned(cli, seed_path, tmp_path):
    assert cli("parse", seed_path).exit_code == 0
    result = cli("new-issue", "--number", "77", "--out", tmp_path)
    assert result.exit_code == 0
    assert "缺2期（总第75–76期）" in result.stderr
    issue = parse_file(tmp_path / "科协每周动态-2023年第24期-总第77期.md")[0]
    assert (issue.masthead.number, issue.masthead.date) == (24, "2023-09-01")


def test_duplicate_number_is_refused_unless_force(cli, seed_path, tmp_path):
    assert cli("parse", seed_path).exit_code == 0
    result = cli("new-issue", "--number", "74", "--out", tmp_path)
    assert result.exit_code == 1 and "已归档" in result.stderr and "--force" in result.stderr
    assert list(tmp_path.glob("*.docx")) == []
    assert cli("new-issue", "--number", "74", "--out", tmp_path, "--force").exit_code == 0


def test_empty_archive_asks_for_the_facts(cli, tmp_path):
    result = cli("new-issue", "--number", "1", "--out", tmp_path)
    assert result.exit_code == 3
    for flag in ("--date", "--year-number", "--name", "--issuer"):
        assert flag in result.stderr
    ok = cli("new-issue", "--number", "1", "--date", "2024-01-05", "--year-number", "1", "--name", "科协工作简报",
             "--issuer", "某某市科协办公室", "--out", tmp_path)
    assert ok.exit_code == 0, ok.stderr
    issue = parse_file(tmp_path / "科协工作简报-2024年第1期-总第1期.md")[0]
    assert issue.masthead == Masthead("科协工作简报", 2024, 1, 1, "某某市科协办公室", "2024-01-05")


def test_new_year_restarts_the_year_number(isolated_archive, tmp_path, cli):
    last = replace(sample_issue(), masthead=Masthead("科协每周动态", 2023, 52, 105, "北京市科协办公室", "2023-12-29"),
                   sha256="a" * 64, file="/x.txt")
    with Archive(isolated_archive) as archive:
        archive.add(last)
    result = cli("new-issue", "--number", "106", "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "2024年第1期，2024-01-05" in result.stderr
    assert next_numbers(last.masthead, 108) == (2024, 3, "2024-01-19")


def test_add_pulls_submitted_articles_into_a_column(cli, seed_path, tmp_path):
    assert cli("parse", seed_path).exit_code == 0
    txt = tmp_path / "投稿1.txt"
    txt.write_text("某区科协举办青少年编程体验营\n\n　　7月下旬，某区科协举办青少年编程体验营，60名中学生参加。\n"
                   "　　体验营设置图形化编程、机器人搭建等课程。\n（某区科协）\n", encoding="gb18030")
    one = sample_issue().articles[3]
    docx_file = tmp_path / "投稿2.docx"
    docx_file.write_bytes(issue_to_docx(replace(sample_issue(), masthead=Masthead(), toc=(), articles=(one,))))
    out = tmp_path / "out"
    result = cli("new-issue", "--number", "75", "--out", out, "--add", txt, "--add", docx_file, "--column", "基层动态")
    assert result.exit_code == 0, result.stderr
    assert "已放入稿件 2 篇" in result.stderr
    draft = parse_file(out / f"{DRAFT}.docx")[0]
    assert [(a.column, a.title, a.source) for a in draft.articles] == [
        ("基层动态", "某区科协举办青少年编程体验营", "某区科协"), ("基层动态", one.title, one.source)]
    assert draft.articles[1].paragraphs == one.paragraphs
    md = parse_file(out / f"{DRAFT}.md")[0]
    assert [a.title for a in md.articles] == [a.title for a in draft.articles]


@pytest.mark.parametrize("bad", ["2023-13-01", "明天"])
def test_bad_date_is_a_message(cli, bad, tmp_path):
    result = cli("new-issue", "--number", "75", "--date", bad, "--out", tmp_path)
    assert result.exit_code == 2 and "日期" in result.stderr
