"""The clerk's week in Word: draft the next issue from the archive, fill the DOCX the way a
clerk does (overwrite a placeholder article, add a paragraph, delete one placeholder article,
leave one untouched), parse it back, re-export it in the office layout, and read LibreOffice's
PDF of the result. Also what the exported file says about itself: core properties, language
tags, the font table's fall-backs, the named styles."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from bulletins import sample_issue
from conftest import docx_to_pdf, structure

from kxdt.api import parse_file
from kxdt.archive import Archive
from kxdt.model import Masthead
from kxdt.render.docx import STYLE_NAMES, issue_to_docx
from kxdt.text import placeholders

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NEW_TITLE = "某区科协举办青少年科技节"
NEW_PARAGRAPHS = (
    "11月26日，某区科协在区青少年活动中心举办青少年科技节，全区30所中小学的1200余名学生参加，现场展示机器人、航模等科技作品80余件。",
    "科技节期间还举办了科学实验秀和院士科普报告会，学生们与科学家面对面交流，现场气氛热烈。",
)


def archived_issues() -> list:
    base = sample_issue()
    first = replace(base.articles[0], column="综合工作")
    issues = []
    for k, (total, date) in enumerate(((410, "2022-11-11"), (411, "2022-11-18"), (412, "2022-11-25"))):
        masthead = replace(base.masthead, total=total, number=35 + k, date=date)
        issues.append(replace(base, masthead=masthead, articles=(first, *base.articles[1:]), sha256=f"{k:064d}",
                              file=f"issue-{total}.docx"))
    return issues


@pytest.fixture
def archive(isolated_archive: Path) -> Path:
    with Archive(isolated_archive) as db:
        for issue in archived_issues():
            db.add(issue)
    return isolated_archive


def _paragraph_with(document, text: str):
    return next(p for p in document.paragraphs if p.text.strip().strip("（）●") == text)


def _delete(paragraph) -> None:
    paragraph._p.getparent().remove(paragraph._p)


def fill_like_a_clerk(draft: Path, edited: Path) -> None:
    """What a clerk does in Word, done with python-docx."""
    import docx

    document = docx.Document(str(draft))
    labels = [p for p in document.paragraphs if p.text.startswith("【")]
    assert [p.text for p in labels] == ["【综合工作】", "【科普工作】", "【学会动态】"]
    body = document.element.body

    def article_after(label):
        start = body.index(label._p)
        return [p for p in document.paragraphs if start < body.index(p._p) <= start + 3]

    # 科普工作: overwrite title, body and source; add a second paragraph in the body style.
    title, text, source = article_after(labels[1])
    assert [title.style.name, text.style.name] == [STYLE_NAMES["title"], STYLE_NAMES["body"]]
    title.runs[0].text = NEW_TITLE
    for run in title.runs[1:]:
        run.text = ""
    text.runs[0].text = NEW_PARAGRAPHS[0]
    for run in text.runs[1:]:
        run.text = ""
    added = source.insert_paragraph_before(NEW_PARAGRAPHS[1], style=STYLE_NAMES["body"])
    assert added.style.name == STYLE_NAMES["body"]
    for run in source.runs:
        run.text = run.text.replace(placeholders.SOURCE, "某区科协")
    # 学会动态: the placeholder article deleted (its column label stays, as a clerk leaves it).
    for paragraph in article_after(labels[2]):
        _delete(paragraph)
    # 综合工作 and the 目录提要 line are left as drafted.
    document.save(str(edited))


def test_the_week_in_word(cli, archive, tmp_path):
    result = cli("new-issue", "--number", "413", "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    draft = tmp_path / "科协工作简报-2022年第38期-总第413期.docx"
    assert draft.exists()
    # The draft itself reads as the skeleton: every article a placeholder, so none is kept.
    skeleton = parse_file(draft)[0]
    assert skeleton.articles == () and skeleton.masthead.total == 413
    assert "栏目【科普工作】的示例文章未填写，已略去" in skeleton.warnings

    edited = tmp_path / "edited.docx"
    fill_like_a_clerk(draft, edited)
    result = cli("parse", edited, "--json", "--no-archive")
    assert result.exit_code == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["masthead"] == {"name": "科协工作简报", "year": 2022, "number": 38, "total": 413,
                               "issuer": "某某市科协办公室", "date": "2022-12-02"}
    assert got["toc"] == []
    assert [(a["column"], a["title"], a["paragraphs"], a["source"]) for a in got["articles"]] == [
        ("科普工作", NEW_TITLE, list(NEW_PARAGRAPHS), "某区科协")]
    assert "栏目【综合工作】的示例文章未填写，已略去" in got["warnings"]
    assert "目录提要里的提示文字未改动，已略去" in got["warnings"]

    final = tmp_path / "final.docx"
    result = cli("export", edited, "--to", "docx", "-o", final)
    assert result.exit_code == 0, result.stderr
    assert "目录提要为空，已按文章标题生成" in result.stderr
    typeset = parse_file(final)[0]
    assert typeset.toc == (NEW_TITLE,)
    want = structure(typeset)
    assert want["articles"] == [{"column": "科普工作", "title": NEW_TITLE, "paragraphs": list(NEW_PARAGRAPHS),
                                 "source": "某区科协"}]
    (pdf,) = docx_to_pdf([final], tmp_path)
    assert structure(parse_file(pdf)[0]) == want


def test_submissions_land_in_their_column_or_are_reported(cli, archive, tmp_path):
    known = tmp_path / "来稿一.txt"
    known.write_text("西城区科协召开学会秘书长座谈会\n\n11月29日，西城区科协召开学会秘书长座谈会，交流学会工作经验。\n\n（西城区科协）\n",
                     encoding="utf-8")
    named = tmp_path / "来稿二.txt"
    named.write_text("科普讲解大赛决赛举行\n\n11月28日，全市科普讲解大赛决赛举行，20名选手同台竞技。\n\n（市科技馆）\n", encoding="utf-8")
    unknown = tmp_path / "来稿三.txt"
    unknown.write_text("某单位开展安全生产检查\n\n11月27日，某单位开展安全生产检查。\n\n（某单位）\n", encoding="utf-8")
    result = cli("new-issue", "--number", "413", "--out", tmp_path, "--add", known, "--add", named, "--add", unknown)
    assert result.exit_code == 0, result.stderr
    assert "稿件《某单位开展安全生产检查》判断不出栏目" in result.stderr
    issue = parse_file(tmp_path / "科协工作简报-2022年第38期-总第413期.docx")[0]
    placed = {a.title: a.column for a in issue.articles}
    # The source unit's usual column (西城区科协 → 学会动态), the column its title names
    # (科普 → 科普工作), and the unplaced one first, before every column.
    assert placed == {"某单位开展安全生产检查": None, "科普讲解大赛决赛举行": "科普工作",
                      "西城区科协召开学会秘书长座谈会": "学会动态"}


def test_exported_docx_says_what_it_is(tmp_path):
    issue = replace(sample_issue(), masthead=Masthead("科协工作简报", 2022, 37, 412, "某某市科协办公室", "2022-11-25"))
    data = issue_to_docx(issue)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        from lxml import etree

        core = etree.fromstring(zf.read("docProps/core.xml"))
        app = zf.read("docProps/app.xml").decode("utf-8")
        fonts = etree.fromstring(zf.read("word/fontTable.xml"))
        styles = etree.fromstring(zf.read("word/styles.xml"))
        body = etree.fromstring(zf.read("word/document.xml"))
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
          "dcterms": "http://purl.org/dc/terms/"}
    assert core.findtext("dc:title", namespaces=ns) == "科协工作简报 2022年第37期（总第412期）"
    assert core.findtext("dc:creator", namespaces=ns) == "某某市科协办公室"
    assert not core.findtext("dc:description", namespaces=ns)  # no "generated by python-docx"
    assert core.findtext("dcterms:created", namespaces=ns)[:4] >= "2025"
    assert "<Company>某某市科协办公室</Company>" in app and "Macintosh" not in app
    assert not any("thumbnail" in n for n in names)
    # Language: the document's default, every kxdt style and every run with text.
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    ours = {s.findtext(f"{W}name") if s.find(f"{W}name") is None else s.find(f"{W}name").get(f"{W}val"): s
            for s in styles.iter(f"{W}style")}
    for name in STYLE_NAMES.values():
        assert ours[name].find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN", name
    runs = [r for r in body.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
    assert runs and all(r.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN" for r in runs)
    # Fonts: each Chinese font names a serif to fall back on (黑体 a sans).
    table = {f.get(f"{W}name"): f for f in fonts.iter(f"{W}font")}
    for name, alternate, family in (("仿宋_GB2312", "仿宋", "roman"), ("方正小标宋简体", "宋体", "roman"),
                                    ("楷体_GB2312", "楷体", "roman"), ("黑体", "SimHei", "swiss")):
        assert table[name].find(f"{W}altName").get(f"{W}val") == alternate
        assert table[name].find(f"{W}family").get(f"{W}val") == family
        assert table[name].find(f"{W}charset").get(f"{W}val") == "86"
    # Titles and body paragraphs carry the named styles, and the title style is followed by body.
    used = {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None}
    assert {STYLE_NAMES["title"], STYLE_NAMES["body"], STYLE_NAMES["column"]} <= used


def test_paragraph_and_run_properties_come_in_the_order_word_requires():
    """ECMA-376 fixes the order of pPr and rPr children; Word refuses files that break it."""
    from docx.oxml.ns import qn
    from lxml import etree

    from kxdt.render.ooxml import _ORDER

    data = issue_to_docx(sample_issue())
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = [etree.fromstring(zf.read(n)) for n in zf.namelist() if n.startswith("word/") and n.endswith(".xml")
                 and ("document" in n or "footer" in n or "styles" in n)]
    checked = 0
    for root in parts:
        for parent, tags in _ORDER.items():
            rank = {qn(t): k for k, t in enumerate(tags)}
            for element in root.iter(qn(parent)):
                ranks = [rank[c.tag] for c in element if c.tag in rank]
                assert ranks == sorted(ranks), etree.tostring(element)[:300]
                checked += 1
    assert checked > 100


# The week end to end, as a clerk does it alone (issue #23) --------------------------------------

SUBMISSION = ("某区科协举办青少年科技节",
              "11月26日，某区科协在区青少年活动中心举办青少年科技节，全区30所中小学的1200余名学生参加。",
              "科技节期间还举办了科学实验秀和院士科普报告会，学生们与科学家面对面交流。",
              "某区科协")
WRITTEN = ("市科协召开全委会", "11月30日，市科协召开全委会，审议通过年度工作报告。", "办公室")  # for 【综合工作】


def _type_over(paragraph, text: str) -> None:
    """Select a paragraph's text (bullet included) and type: its style stays."""
    paragraph.runs[0].text = text
    for run in paragraph.runs[1:]:
        run.text = ""


def edit_the_week(draft: Path, *, day: str) -> None:
    """In Word: the placeholder article of 综合工作 overwritten, the 学会动态 column deleted (label
    and placeholder article), the 目录提要 typed over the hint line without bullets (Enter between
    the items), the masthead's date typed; saved in place, as Ctrl+S does."""
    import docx
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(draft))
    paragraphs = document.paragraphs
    labels = {p.text.strip("【】"): k for k, p in enumerate(paragraphs) if p.style.name == STYLE_NAMES["column"]}
    if "综合工作" in labels:
        title, body, source = paragraphs[labels["综合工作"] + 1: labels["综合工作"] + 4]
        if title.text == placeholders.TITLE:
            for paragraph, text in zip((title, body, source), (WRITTEN[0], WRITTEN[1], f"（{WRITTEN[2]}）")):
                _type_over(paragraph, text)
    if "学会动态" in labels:
        for paragraph in paragraphs[labels["学会动态"]: labels["学会动态"] + 4]:
            _delete(paragraph)
    toc = [p for p in paragraphs if p.style.name == STYLE_NAMES["toc"] and p.text.strip()]
    if toc and placeholders.TOC in toc[0].text:
        _type_over(toc[0], WRITTEN[0])
        following = Paragraph(toc[0]._p.getnext(), toc[0]._parent)
        following.insert_paragraph_before(SUBMISSION[0], style=STYLE_NAMES["toc"])
    issuer = next(p for p in paragraphs if p.style.name == STYLE_NAMES["issuer"])
    y, m, d = (int(x) for x in day.split("-"))
    _type_over(issuer, f"某某市科协办公室\t{y}年{m}月{d}日")
    document.save(str(draft))


def test_the_clerks_week_alone(cli, archive, tmp_path, monkeypatch):
    """new-issue (with a typed submission) → the draft edited in Word → check finds the date
    typed on a Saturday → put right → export → parse the folder → search."""
    import docx

    monkeypatch.chdir(tmp_path)
    submission = tmp_path / "来稿.txt"  # typed by a unit: a line a paragraph, no blank lines, GBK
    submission.write_text("\n".join((*SUBMISSION[:3], f"（{SUBMISSION[3]}）")) + "\n", encoding="gb18030")
    drafted = cli("new-issue", "--number", "413", "--out", "草稿", "--add", submission, "--column", "科普工作")
    assert drafted.exit_code == 0, drafted.stderr
    draft = Path("草稿") / "科协工作简报-2022年第38期-总第413期.docx"
    shown = [(p.style.name, p.text) for p in docx.Document(str(draft)).paragraphs]
    assert (STYLE_NAMES["column"], "【学会动态】") in shown and (STYLE_NAMES["body"], SUBMISSION[2]) in shown

    edit_the_week(draft, day="2022-12-03")  # a Saturday, typed by mistake
    word_lock = Path("草稿") / f"~${draft.name}"  # Word has the draft open
    word_lock.write_bytes(b"\x04" + "张三".encode("utf-16-le").ljust(161, b"\x00"))

    checked = cli("check", draft, "--json")
    assert checked.exit_code == 1
    errors = [(f["kind"], f["message"]) for f in json.loads(checked.stdout) if f["severity"] == "error"]
    assert errors == [("issue-weekday", "日期2022-12-03是星期六，本刊近3期都在星期五出刊")]
    edit_the_week(draft, day="2022-12-02")  # put right
    again = cli("check", draft, "--json")
    assert again.exit_code == 0 and [f for f in json.loads(again.stdout) if f["severity"] == "error"] == []

    exported = cli("export", draft, "--to", "docx")
    assert exported.exit_code == 0, exported.stderr
    final = Path("科协工作简报-2022年第38期-总第413期.docx")  # here, beside the folder: not the draft
    assert final.exists() and final.resolve() != draft.resolve()
    typeset = parse_file(final)[0]
    assert typeset.masthead.date == "2022-12-02"
    assert typeset.toc == (WRITTEN[0], SUBMISSION[0])
    assert [(a.column, a.title, a.paragraphs, a.source) for a in typeset.articles] == [
        ("综合工作", WRITTEN[0], (WRITTEN[1],), WRITTEN[2]), ("科普工作", SUBMISSION[0], SUBMISSION[1:3], SUBMISSION[3])]
    assert typeset.warnings == ()

    filed = cli("parse", "草稿", final)  # the folder (the draft, its Markdown, Word's lock file), the export
    assert filed.exit_code == 0, filed.stderr
    assert "~$" not in filed.stdout + filed.stderr
    assert "成功 2 · 有警告 0 · 未归档 1 · 失败 0" in filed.stderr  # the Markdown draft was never filled
    with Archive(archive, readonly=True) as db:
        assert [r.total for r in db.issues()] == [410, 411, 412, 413]
    found = json.loads(cli("search", "青少年科技节", "--json").stdout)
    assert [(h["total"], h["date"], h["column"], h["title"]) for h in found] == [
        (413, "2022-12-02", "科普工作", SUBMISSION[0])]
