"""Every kind of 简报 an office keeps (issue #22), on bulletins written for the tests (tests/genres.py).

Each form is parsed as a web copy's text (a paragraph a line, with and without blank lines), as
text copied out of a PDF viewer (hard-wrapped, lines broken after closing quotes), as a web page,
as a Word file set the office's way, and as the PDFs LibreOffice (from that Word file) and
Chromium (from the web page) make of it — and must give the structure it was written with.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import genres
import pytest
from conftest import docx_to_pdf, require_tool
from genres import as_docx, as_html, as_pasted, as_text, summary
from hypothesis import given, settings
from hypothesis import strategies as st
from producers import CHROMIUM_FLAGS, chromium
from test_readers import backend  # noqa: F401  (runs the PDF tests on both paths)

from kxdt.api import parse_file, parse_text
from kxdt.errors import InputError

FORMS = {b.key + ("-" + b.parts[3].text.strip("【】") if b.key == "bracket-contents" else ""): b for b in genres.all_forms()}
KEYS = sorted(FORMS)


def _same(bulletin: genres.Bulletin, issue) -> None:
    assert summary(issue) == bulletin.expected()


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("form", ["web", "lines", "pasted"])
def test_text_forms(key, form):
    bulletin = FORMS[key]
    text = {"web": as_text(bulletin), "lines": as_text(bulletin, blank=False), "pasted": as_pasted(bulletin)}[form]
    _same(bulletin, parse_text(text))


@pytest.mark.parametrize("key", KEYS)
def test_web_pages(key, tmp_path):
    page = tmp_path / f"{key}.html"
    page.write_text(as_html(FORMS[key]), encoding="utf-8")
    _same(FORMS[key], parse_file(page)[0])


@pytest.mark.parametrize("key", KEYS)
def test_word_files(key, tmp_path):
    _same(FORMS[key], parse_file(as_docx(FORMS[key], tmp_path / f"{key}.docx"))[0])


@pytest.fixture(scope="module")
def office_pdfs(tmp_path_factory) -> dict[str, Path]:
    """Every form set in Word and printed to PDF by LibreOffice, in one run."""
    folder = tmp_path_factory.mktemp("genre-pdfs")
    files = [as_docx(FORMS[key], folder / f"{key}.docx") for key in KEYS]
    return dict(zip(KEYS, docx_to_pdf(files, folder)))


@pytest.mark.parametrize("key", KEYS)
def test_pdfs_from_libreoffice(key, office_pdfs, backend):  # noqa: F811
    _same(FORMS[key], parse_file(office_pdfs[key])[0])


# Web copies are printed from the browser too; Chromium is slow to start, so a few forms.
CHROMIUM_FORMS = ("web-copy", "grouped-contents", "bracketed-titles", "bracket-contents-本期导读")


@pytest.mark.parametrize("key", CHROMIUM_FORMS)
def test_pdfs_from_chromium(key, tmp_path, backend):  # noqa: F811
    exe = require_tool("Chromium", chromium())
    page = tmp_path / "page.html"
    page.write_text(as_html(FORMS[key]), encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}",
                    page.as_uri()], check=True, capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
    _same(FORMS[key], parse_file(pdf)[0])


# --- the forms one by one, with what the parse must say ------------------------------------
@pytest.mark.parametrize("order", ["name-date-issuer", "name-issuer-date", "issuer-name-date"])
def test_no_issue_line_is_parsed_and_says_what_is_missing(order):
    bulletin = genres.no_issue_line(order=order)
    issue = parse_text(as_text(bulletin))
    _same(bulletin, issue)
    assert "报头缺少期号、总期号" in issue.warnings
    assert issue.confidence is not None and issue.confidence.field("number") is None
    assert len(issue.toc) == 12 and issue.toc[11] == genres._COUNTY_TITLES[11]


@pytest.mark.parametrize("marker", ["※{}※", "【{}】", "■{}", "◆{}◆"])
def test_numbered_contents_under_group_headings(marker):
    """Group headings inside the contents are neither entries nor articles; the same labels
    in the body are the columns."""
    bulletin = genres.grouped_contents(marker=marker)
    issue = parse_text(as_text(bulletin))
    _same(bulletin, issue)
    assert len(issue.toc) == 11 and not any(g in issue.toc for g, _ in genres._GROUPS)
    assert [a.column for a in issue.articles] == [g for g, titles in genres._GROUPS for _ in titles]


def test_contents_numbering_that_starts_again_is_the_articles():
    """Unheaded numbered lines after the masthead, then the articles numbered from 1 again."""
    head = "科协信息\n2024年第6期（总第215期）\n某市科协办公室 2024年3月22日\n"
    entries = "1、市科协召开全委会\n2、学会乙举办论坛\n"
    body = "1、市科协召开全委会\n会议听取并审议了常委会工作报告，部署了全年工作。\n2、学会乙举办论坛\n论坛在京举办，百余名专家参加。\n"
    issue = parse_text(head + entries + body)
    assert issue.toc == ("市科协召开全委会", "学会乙举办论坛")
    assert [a.title for a in issue.articles] == ["1、市科协召开全委会", "2、学会乙举办论坛"]


@pytest.mark.parametrize(("label", "bullet"), [("【本期导读】", ">"), ("【导读】", "·"), ("［目录］", "●"), ("本期导读：", ">>")])
def test_contents_labelled_in_brackets(label, bullet):
    bulletin = genres.bracket_contents(label=label, bullet=bullet)
    issue = parse_text(as_text(bulletin))
    _same(bulletin, issue)
    assert "本期导读" not in [a.column for a in issue.articles]


def test_bracketed_titles_are_titles_not_columns():
    issue = parse_text(as_text(genres.bracketed_titles()))
    assert [a.title for a in issue.articles] == list(genres._BRACKETED)
    assert {a.column for a in issue.articles} == {None}
    assert "未找到栏目" in issue.warnings


def test_unmarked_columns_named_by_the_contents_groups():
    """Group headings and columns with no mark at all: the body's short lines that repeat a
    group heading over a title are its columns (repetition across the issue)."""
    bulletin = genres.grouped_contents(marker="{}")
    issue = parse_text(as_text(bulletin))
    _same(bulletin, issue)


def test_unmarked_short_lines_over_titles_repeated_are_columns_once_is_a_title():
    text = as_text(genres.column_marker("brackets")).replace("【", "").replace("】", "")
    issue = parse_text(text)
    assert [a.column for a in issue.articles] == ["学会动态", "学会动态", "科普活动", "科普活动", "会员服务"]
    once = parse_text("科协要讯\n2022年第8期\n市科协办公室 2022年4月8日\n市科协召开\n全委会\n"
                      "会议听取并审议了常委会工作报告，部署了全年工作。\n")
    assert [(a.column, a.title) for a in once.articles] == [(None, "市科协召开全委会")]


def test_a_bracketed_title_beside_bracketed_columns():
    """One long bracketed line followed by its text among 【】 columns followed by titles."""
    text = ("科协要讯\n2022年第8期\n市科协办公室 2022年4月8日\n【全市科协系统工作会议今天上午开幕】\n"
            "4月8日上午，全市科协系统工作会议开幕，会期一天。\n【学会动态】\n学会甲召开年会\n学会甲在京召开年会，选举产生新一届理事会。\n"
            "【基层动态】\n某区科协举办科普讲座\n讲座吸引居民二百余人参加。\n")
    issue = parse_text(text)
    assert [(a.column, a.title) for a in issue.articles] == [
        (None, "全市科协系统工作会议今天上午开幕"), ("学会动态", "学会甲召开年会"), ("基层动态", "某区科协举办科普讲座")]


@pytest.mark.parametrize("style", sorted(genres.COLUMN_MARKERS))
def test_column_markers(style):
    bulletin = genres.column_marker(style)
    issue = parse_text(as_text(bulletin))
    _same(bulletin, issue)
    column = next(d for b, d in _trace(as_text(bulletin)) if d.role == "column")
    assert "其后是标题" in column.reason and column.confidence >= 0.8


def test_bracketed_number_and_compact_date():
    m = parse_text(as_text(genres.bracketed_number())).masthead
    assert (m.name, m.number, m.year, m.date) == ("科技工作者之家", 105, 2016, "2016-11-04")
    m = parse_text(as_text(genres.compact_date())).masthead
    assert (m.name, m.date, m.issuer) == ("青山科协手机报", "2019-03-13", "青山县科学技术协会")


@pytest.mark.parametrize("where", ["above", "between", "below", "everywhere"])
def test_page_chrome_wherever_it_sits(where):
    """Posting lines, counters, metadata and footer chrome never become content, wherever
    they stand: above the printed masthead, between the masthead and the contents, below."""
    stamp = "发布时间：2023-05-12 10:20:30    来源：市科协办公室    浏览次数：1234"
    meta = "来源：市科协  作者：办公室  点击数：56"
    top = genres.WEB_TOP if where in ("above", "everywhere") else ()
    foot = genres.WEB_FOOT if where in ("below", "everywhere") else ()
    bulletin = genres.web_copy(top=top, foot=foot)
    parts = list(bulletin.parts)
    if where in ("between", "everywhere"):
        at = next(k for k, p in enumerate(parts) if p.kind == "head")
        parts[at:at] = [genres.Part("chrome", stamp), genres.Part("chrome", meta)]
        bulletin = genres.Bulletin(bulletin.key, tuple(parts), bulletin.masthead)
    issue = parse_text(as_text(bulletin))
    _same(bulletin, issue)
    text = json.dumps(issue.to_dict(), ensure_ascii=False)
    assert "浏览次数" not in text and "ICP" not in text and "上一篇" not in text and "附件下载" not in text


def test_facts_of_the_post_under_a_title_are_chrome_a_source_at_the_end_is_the_source():
    issue = parse_text("科协要讯\n2022年第8期\n市科协办公室 2022年4月8日\n市科协召开全委会\n来源：市科协办公室  发布时间：2022-04-08\n"
                       "会议听取并审议了常委会工作报告，部署了全年工作。\n学会乙举办论坛\n来源：学会部\n"
                       "论坛在京举办，百余名专家参加。\n供稿：学会部\n")
    assert [(a.title, a.source, a.paragraphs) for a in issue.articles] == [
        ("市科协召开全委会", None, ("会议听取并审议了常委会工作报告，部署了全年工作。",)),
        ("学会乙举办论坛", "学会部", ("论坛在京举办，百余名专家参加。",))]


def test_captions_titles_and_issuers():
    bulletin = genres.captions_and_titles()
    issue = parse_text(as_text(bulletin))
    _same(bulletin, issue)
    first, second, third = issue.articles
    assert first.title == "老科协组织会员赴科技园区参观学习" and first.captions == ("会员们在科技园区展厅参观",)
    assert second.title.startswith("服务乡村振兴系列报道之二：")
    assert third.captions == ("讲座现场座无虚席",) and third.source == "医学分会"


@pytest.mark.parametrize("masthead", [
    "老科技工作者简报\n某大学老科学技术工作者协会\n秘书处\n2019年第五期（总第121期）\n2019年6月3日",
    "老科技工作者简报\n2019年第五期（总第121期）\n某大学老科学技术工作者协会\n秘书处        2019年6月3日",
])
def test_two_line_issuer_is_not_the_name(masthead):
    issue = parse_text(masthead + "\n医学分会举办老年健康知识讲座\n6月1日，医学分会在校医院举办老年健康知识讲座，百余名老同志参加。\n")
    m = issue.masthead
    assert (m.name, m.issuer, m.number, m.total) == ("老科技工作者简报", "某大学老科学技术工作者协会秘书处", 5, 121)


def test_pasted_pdf_text_lines_starting_with_a_comma():
    bulletin = genres.pasted_pdf()
    text = as_pasted(bulletin)
    assert "\n，" in text  # the viewer's break after a closing quote
    _same(bulletin, parse_text(text))


def test_title_then_indented_first_line_without_a_blank_line():
    text = ("科协信息\n2024年第6期（总第215期）\n某市科协办公室 2024年3月22日\n【科协要闻】\n市科协召开学会秘书长工作会议\n"
            "\u3000\u30003月20日，市科协召开学会秘书长工作会议，总结去年学会工作，部署今年重点任务。\n"
            "\u3000\u3000会议要求各学会加强自身建设。\n（学会部）\n青少年科技创新大赛启动\n"
            "\u3000\u3000第四十届青少年科技创新大赛近日启动，全市三百余所学校参加。\n（青少年部）\n")
    issue = parse_text(text)
    assert [(a.title, len(a.paragraphs), a.source) for a in issue.articles] == [
        ("市科协召开学会秘书长工作会议", 2, "学会部"), ("青少年科技创新大赛启动", 1, "青少年部")]


# --- refusal: only for documents with no sign of a bulletin --------------------------------
def test_one_sign_only_is_parsed_with_a_warning():
    issue = parse_text("市科协召开全委会\n会议听取并审议了常委会工作报告，部署了全年工作。\n")
    assert [a.title for a in issue.articles] == ["市科协召开全委会"]
    assert any("可能不是简报" in w for w in issue.warnings)
    assert issue.confidence is not None and issue.confidence.overall < 0.6


def test_no_sign_at_all_is_refused():
    with pytest.raises(InputError, match="不像是简报"):
        parse_text("今天天气很好，我们去公园散步。\n公园里有很多人在锻炼身体，也有人在下棋。\n")


_DATES = st.sampled_from(["2010年5月20日", "二○一○年五月二十日", "2010.5.20", "2010-05-20"])
_ENTRY_MARKS = st.sampled_from(["●", "1、", ">", "·", "◆", "（1）"])
_JUNK = st.lists(st.sampled_from([
    "【要闻】", "※工作动态※", "会议强调，要把各项工作落到实处。", "图为活动现场", "（县科协）", "二、工作要求",
    "县科协召开全委会", "放大 缩小", "上一篇：无", "本期共八版", "责任编辑：王某",
]), max_size=8)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(_DATES, st.sampled_from(["目录", "【本期导读】", "目  录", "本期要目"]), _ENTRY_MARKS,
       st.lists(st.text(alphabet="科协召开会议举办活动工作青少年科普市县区", min_size=6, max_size=20), min_size=1, max_size=6),
       _JUNK, st.booleans())
def test_contents_and_a_dated_masthead_are_never_refused(date, heading, mark, entries, junk, issuer_first):
    """Acceptance: no document with a contents list and a dated masthead is refused, whatever
    else it holds (or lacks)."""
    mark = mark.replace("1", "{n}")
    head = ["主办：某县科学技术协会", date] if issuer_first else [date, "主办：某县科学技术协会"]
    lines = ["科普信息", *head, heading, *(mark.format(n=n) + e for n, e in enumerate(entries, 1)), *junk]
    issue = parse_text("\n".join(lines) + "\n")
    assert issue.masthead.date == "2010-05-20"
    assert issue.toc


# --- what the roles keep -------------------------------------------------------------------
def _trace(text: str):
    from kxdt.cleanup.reflow import body_size
    from kxdt.parse import _blocks
    from kxdt.parse.roles import read
    from kxdt.readers import read_bytes

    blocks = _blocks(read_bytes(text.encode("utf-8"), "x.txt"), None)
    return read(blocks, body_size(blocks)).trace


def test_every_block_has_a_decision_with_its_reason():
    trace = _trace(as_text(genres.web_copy()))
    roles = [d.role for _, d in trace]
    chrome = {b.raw: d for b, d in trace if b.raw in genres.WEB_TOP + genres.WEB_FOOT}
    assert {"网站首页 > 工作动态 > 工作简报", genres.WEB_TOP[2], genres.WEB_FOOT[-1]} <= set(chrome)
    assert chrome.pop(genres.WEB_TOP[1]).role == "masthead"  # the page's title repeats the issue line
    assert all(d.role == "chrome" and "的措辞" in d.reason for d in chrome.values())
    assert roles.count("column") == 3 and roles.count("contents-entry") == 5
    assert all(d.reason and 0.0 <= d.confidence <= 1.0 for _, d in trace)
    titled = [d for b, d in trace if d.role == "title" and b.text in genres._BRACKETED]
    bracketed = [d for b, d in _trace(as_text(genres.bracketed_titles())) if d.role == "title"]
    assert not titled and all("其后直接是正文" in d.reason for d in bracketed)
