"""Issue #23: the traps that changed a clerk's issue without a word, each reproduced the way a
clerk meets it (a draft from `new-issue` edited with python-docx as Word would save it, a
folder with Word's lock file, a typed submission, an off-rhythm date, unaccepted revisions)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from bulletins import sample_issue

from kxdt.api import parse_file
from kxdt.archive import Archive
from kxdt.render.docx import STYLE_NAMES

DRAFT = "科协工作简报-2022年第38期-总第413期.docx"
FRIDAYS = ((410, "2022-11-11"), (411, "2022-11-18"), (412, "2022-11-25"))


def archived(dates=FRIDAYS) -> list:
    base = sample_issue()
    first = replace(base.articles[0], column="综合工作")
    return [replace(base, masthead=replace(base.masthead, total=total, number=35 + k, date=day),
                    articles=(first, *base.articles[1:]), sha256=f"{k:064d}", file=f"issue-{total}.docx")
            for k, (total, day) in enumerate(dates)]


@pytest.fixture
def archive(isolated_archive: Path) -> Path:
    with Archive(isolated_archive) as db:
        for issue in archived():
            db.add(issue)
    return isolated_archive


def set_text(paragraph, text: str) -> None:
    """Type over a paragraph's text, keeping its style (what selecting it and typing does)."""
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def fill_articles(document, articles: list[tuple[str, str, str]]) -> None:
    """Overwrite the placeholder articles in order: (title, paragraph, source)."""
    titles = [p for p in document.paragraphs if p.style.name == STYLE_NAMES["title"]]
    bodies = [p for p in document.paragraphs if p.style.name == STYLE_NAMES["body"]]
    sources = [p for p in document.paragraphs if p.style.name == STYLE_NAMES["source"]]
    for title, body, source, (t, b, s) in zip(titles, bodies, sources, articles):
        set_text(title, t)
        set_text(body, b)
        set_text(source, f"（{s}）")


# One for each column of the draft (综合工作, 科普工作, 学会动态).
ARTICLES = [("市科协召开全委会", "11月30日，市科协召开全委会，审议通过年度工作报告。", "办公室"),
            ("科普讲解大赛决赛举行", "11月28日，全市科普讲解大赛决赛举行，20名选手同台竞技。", "市科技馆"),
            ("市科协召开学会秘书长座谈会", "11月29日，市科协召开学会秘书长座谈会，交流学会工作经验。", "市科协学会部")]
COLUMNS = ("综合工作", "科普工作", "学会动态")


# 1. 目录提要 typed without "●" -----------------------------------------------------------

def test_contents_typed_without_bullets_end_at_the_first_column_label(cli, archive, tmp_path):
    import docx

    assert cli("new-issue", "--number", "413", "--out", tmp_path).exit_code == 0
    document = docx.Document(str(tmp_path / DRAFT))
    hint = next(p for p in document.paragraphs if p.style.name == STYLE_NAMES["toc"])
    set_text(hint, ARTICLES[1][0])  # the hint line selected, bullet included, and typed over
    hint.insert_paragraph_before(ARTICLES[0][0], style=STYLE_NAMES["toc"])
    fill_articles(document, ARTICLES)
    edited = tmp_path / "edited.docx"
    document.save(str(edited))

    issue = parse_file(edited)[0]
    assert issue.toc == (ARTICLES[0][0], ARTICLES[1][0])
    assert [(a.column, a.title) for a in issue.articles] == list(zip(COLUMNS, (a[0] for a in ARTICLES)))
    assert issue.warnings == ()
    result = cli("check", edited, "--only", "contents,articles")
    assert "没有发现问题" in result.stderr, result.stdout
    final = tmp_path / "final.docx"
    assert cli("export", edited, "--to", "docx", "-o", final).exit_code == 0
    lines = [p.text for p in docx.Document(str(final)).paragraphs if p.style.name == STYLE_NAMES["toc"] and p.text]
    assert lines == ["●" + ARTICLES[0][0], "●" + ARTICLES[1][0]]  # the bullet comes from the layout


def test_plain_text_contents_without_bullets_end_at_a_column_label(tmp_path):
    text = ("科协工作简报\n2022年第38期\n（总第413期）\n某某市科协办公室　2022年12月2日\n目录提要\n"
            f"{ARTICLES[1][0]}\n{ARTICLES[0][0]}\n【综合工作】\n{ARTICLES[1][0]}\n　　{ARTICLES[1][1]}（{ARTICLES[1][2]}）\n"
            f"【科普工作】\n{ARTICLES[0][0]}\n　　{ARTICLES[0][1]}（{ARTICLES[0][2]}）\n")
    path = tmp_path / "typed.txt"
    path.write_text(text, encoding="utf-8")
    issue = parse_file(path)[0]
    assert issue.toc == (ARTICLES[1][0], ARTICLES[0][0])
    assert [(a.column, a.title) for a in issue.articles] == [("综合工作", ARTICLES[1][0]), ("科普工作", ARTICLES[0][0])]


# 2. Blank drafts are never filed; 3. Word's lock files are not bulletins ----------------------

def word_owner_file(path: Path) -> None:
    """What Word writes as `~$name.docx` while the document is open: the user's name, padded."""
    name = "张三".encode("utf-16-le")
    path.write_bytes(bytes([len("张三")]) + b"\x00" * 53 + name + b"\x00" * (162 - 54 - len(name)))


def test_a_folder_of_drafts_files_nothing_and_skips_lock_files(cli, archive, tmp_path):
    drafts = tmp_path / "草稿"
    assert cli("new-issue", "--number", "413", "--out", drafts).exit_code == 0
    word_owner_file(drafts / f"~${DRAFT}")
    (drafts / f".~lock.{DRAFT}#").write_text("张三,zhangsan,PC,01.12.2022 10:00;", encoding="utf-8")
    (drafts / "~WRL0001.tmp").write_bytes(b"\x00" * 64)
    result = cli("parse", drafts)
    assert result.exit_code == 0, result.stderr
    assert "成功 0 · 有警告 0 · 未归档 2 · 失败 0" in result.stderr
    assert result.stderr.count("这是还没填写的草稿（只有示例文章）") == 2
    assert "~$" not in result.stdout + result.stderr
    with Archive(archive, readonly=True) as db:
        assert [r.total for r in db.issues()] == [410, 411, 412]
    # The number stays free for the real issue.
    assert cli("new-issue", "--number", "413", "--out", tmp_path / "again").exit_code == 0


def test_one_blank_draft_is_parsed_but_not_filed(cli, archive, tmp_path):
    assert cli("new-issue", "--number", "413", "--out", tmp_path).exit_code == 0
    result = cli("parse", tmp_path / DRAFT)
    assert result.exit_code == 1
    assert "未归档：这是还没填写的草稿（只有示例文章）：写好文章后再解析" in result.stderr
    assert "已归档" not in result.stderr.replace("未归档", "")
    with Archive(archive, readonly=True) as db:
        assert db.get(413) is None


def test_an_owner_file_given_by_name_says_what_it_is(cli, tmp_path):
    lock = tmp_path / "~$第104期.docx"
    word_owner_file(lock)
    result = cli("parse", lock)
    assert result.exit_code == 3
    assert "这是 Word/WPS 打开文档时生成的临时文件" in result.stderr


# 4. A typed submission keeps its paragraphs ---------------------------------------------------

SUBMITTED = ("某区科协举办青少年科技节",
             "11月26日，某区科协在区青少年活动中心举办青少年科技节，全区30所中小学的1200余名学生参加。",
             "科技节期间还举办了科学实验秀和院士科普报告会，学生们与科学家面对面交流。",
             "某区科协")


@pytest.mark.parametrize("between", ["\n", "\n\n", "\r\n"], ids=["lines", "blank-lines", "crlf"])
def test_a_typed_submission_keeps_its_paragraphs(cli, archive, tmp_path, between):
    title, first, second, unit = SUBMITTED
    submission = tmp_path / "来稿.txt"
    submission.write_bytes(between.join((title, first, second, f"（{unit}）")).encode("utf-8") + b"\n")
    result = cli("new-issue", "--number", "413", "--out", tmp_path, "--add", submission, "--column", "学会动态")
    assert result.exit_code == 0, result.stderr
    added = [a for a in parse_file(tmp_path / DRAFT)[0].articles if a.title == title]
    assert [(a.paragraphs, a.source) for a in added] == [((first, second), unit)]


def test_a_submission_copied_from_a_pdf_is_still_reflowed(tmp_path):
    from bulletins import wrap

    from kxdt.compose.submissions import read_submissions

    title, first, second, unit = SUBMITTED
    lines = [title, *wrap(first, 28, 2), *wrap(second + f"（{unit}）", 28, 2)]
    submission = tmp_path / "复制的.txt"
    submission.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (article,) = read_submissions([submission], None)
    assert (article.title, article.paragraphs, article.source) == (title, (first, second), unit)


# 5. A masthead date off the publication's rhythm ---------------------------------------------

def filled_draft(cli, tmp_path: Path, number: int = 413, *, date: str | None = None) -> Path:
    """new-issue's draft with every placeholder article written, saved as Word would."""
    import docx

    out = tmp_path / f"draft-{number}"
    args = ["new-issue", "--number", str(number), "--out", out] + (["--date", date] if date else [])
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    (draft,) = out.glob("*.docx")
    document = docx.Document(str(draft))
    fill_articles(document, ARTICLES)
    edited = out / "edited.docx"
    document.save(str(edited))
    return edited


def numbering_findings(cli, path: Path) -> list[dict]:
    result = cli("check", path, "--only", "numbering", "--json")
    return [{k: f[k] for k in ("kind", "severity", "message")} for f in json.loads(result.stdout)]


@pytest.mark.parametrize("archived_count", [1, 3])
@pytest.mark.parametrize(("day", "weekday"), [("2022-12-03", "六"), ("2022-12-01", "四")])
def test_a_date_on_another_weekday_is_an_error(cli, isolated_archive, tmp_path, archived_count, day, weekday):
    with Archive(isolated_archive) as db:
        for issue in archived(FRIDAYS[-archived_count:]):
            db.add(issue)
    edited = filled_draft(cli, tmp_path, date=day)
    found = numbering_findings(cli, edited)
    assert found == [{"kind": "issue-weekday", "severity": "error",
                      "message": f"日期{day}是星期{weekday}，本刊近{archived_count}期都在星期五出刊"}]
    result = cli("check", edited)
    assert result.exit_code == 1 and "如应为2022-12-02（星期五）" in result.stdout.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize("archived_count", [1, 3])
def test_a_skipped_week_is_a_reminder_from_the_first_archived_issue(cli, isolated_archive, tmp_path, archived_count):
    with Archive(isolated_archive) as db:
        for issue in archived(FRIDAYS[-archived_count:]):
            db.add(issue)
    found = numbering_findings(cli, filled_draft(cli, tmp_path, date="2022-12-09"))
    assert [(f["kind"], f["severity"]) for f in found] == [("issue-date", "warning")]
    assert "通常每7天一期" in found[0]["message"]


def test_the_proposed_date_passes(cli, archive, tmp_path):
    assert numbering_findings(cli, filled_draft(cli, tmp_path)) == []


# 6. Unaccepted tracked changes ----------------------------------------------------------------

def test_unaccepted_revisions_are_a_finding(cli, archive, tmp_path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    edited = filled_draft(cli, tmp_path)
    document = docx.Document(str(edited))
    body = next(p for p in document.paragraphs if p.style.name == STYLE_NAMES["body"])
    deletion = OxmlElement("w:del")  # what Word writes with 修订 on: the deleted words stay in the file
    for key, value in (("w:id", "1"), ("w:author", "张三"), ("w:date", "2022-12-01T09:00:00Z")):
        deletion.set(qn(key), value)
    run = OxmlElement("w:r")
    gone = OxmlElement("w:delText")
    gone.text = "这句话已删去但仍在文件里。"
    run.append(gone)
    deletion.append(run)
    body._p.append(deletion)
    document.save(str(edited))

    result = cli("check", edited, "--json")
    assert result.exit_code == 1
    found = [f for f in json.loads(result.stdout) if f["kind"] == "tracked-changes"]
    assert [(f["severity"], f["group"]) for f in found] == [("error", "articles")]
    assert "接受所有修订" in found[0]["fix"]
    assert "这句话已删去" not in result.stdout


def test_a_half_written_draft_is_not_filed_but_the_contents_hint_may_stay(cli, archive, tmp_path):
    import docx

    assert cli("new-issue", "--number", "413", "--out", tmp_path).exit_code == 0
    document = docx.Document(str(tmp_path / DRAFT))
    fill_articles(document, ARTICLES[:1])  # one article written, two placeholder articles left
    half = tmp_path / "half.docx"
    document.save(str(half))
    result = cli("parse", half)
    assert result.exit_code == 1
    assert "未归档：这是还没写完的草稿（栏目【科普工作】的示例文章未填写，已略去等 2 处）" in result.stderr
    assert "--replace" not in result.stderr
    fill_articles(document, ARTICLES)  # all written; the 目录提要 hint line left as it is
    whole = tmp_path / "whole.docx"
    document.save(str(whole))
    filed = cli("parse", whole)
    assert filed.exit_code == 0 and "已归档：2022年第38期（总第413期）（新增）" in filed.stderr


def test_a_column_named_without_brackets_is_not_joined_to_the_title_below(tmp_path):
    """A clerk's Word file with each column's name as a plain paragraph (no 【】) above the bold
    title: `主题教育` and the title below it were one title (`主题教育市科协召开…`) with no word
    said. Now the titles are the printed titles, and each column name is a column or named in a
    warning."""
    import docx
    from conftest import SHARED

    issue = parse_file(SHARED / "fixtures" / "kxdt-2023-21.seed.txt")[0]
    document = docx.Document()
    document.add_paragraph(issue.masthead.name)
    document.add_paragraph(f"{issue.masthead.year}年第{issue.masthead.number}期（总第{issue.masthead.total}期）")
    document.add_paragraph(f"{issue.masthead.issuer}　　{issue.masthead.date[:4]}年{int(issue.masthead.date[5:7])}月"
                           f"{int(issue.masthead.date[8:])}日")
    from docx.shared import Pt

    def typed(text: str, *, style: str | None = None, bold: bool = False, indent: bool = False) -> None:
        paragraph = document.add_paragraph(style=style)
        run = paragraph.add_run(text)
        run.font.size, run.bold = Pt(16), bold
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)

    column = None
    for article in issue.articles:
        if article.column and article.column != column:
            typed(article.column, style="Heading 2")  # the column's name, without 【】
        column = article.column
        typed(article.title, bold=True)
        for text in article.paragraphs:
            typed(text, indent=True)
    path = tmp_path / "columns-without-brackets.docx"
    document.save(path)
    got = parse_file(path)[0]
    assert [a.title for a in got.articles if a.paragraphs] == [a.title for a in issue.articles]
    named = {a.column for a in issue.articles if a.column}
    found = {a.column for a in got.articles}
    assert len(named) > 3
    assert all(name in found or any(f"“{name}”" in w for w in got.warnings) for name in named)
