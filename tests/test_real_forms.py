"""The forms real bulletins of other offices take, on bulletins written for the tests: web page
chrome at both ends, posting times, letter-spaced names, odd brackets, numbers read digit by
digit, squashed dates, two-line issuers, other column styles and contents headings, captions,
credits, 编者按."""

from __future__ import annotations

import pytest
from bulletins import sample_issue, scraped
from conftest import structure
from hypothesis import given, settings
from hypothesis import strategies as st
from test_readers import backend  # noqa: F401  (runs the PDF test on both paths)

from kxdt.api import parse_text

TOP_CHROME = ["当前位置：首页 > 协会动态 > 工作简报", "2021年 第六期(总第212期)", "2021-06-18 10:25 来源：",
              "【放大 缩小】"]
BOTTOM_CHROME = ["打印本页 关闭窗口", "扫一扫在手机打开当前页"]
HEAD = ["某省老科学技术工作者协会", "简  报", "﹝2021﹞第六期(总第212期)", "省老科协办公室              2021617"]
NOTE = "编者按：今年是协会成立三十周年，本期集中刊发各分会开展庆祝活动的情况，供交流参考。"
BODY = [
    "■ 协会动态",
    "省老科协召开六届二次理事会",
    "  6月15日，省老科协召开六届二次理事会，审议通过了协会上半年工作总结和下半年工作安排。",
    "  会议要求，各分会要发挥老科技工作者优势，积极开展咨询服务和科普宣传活动。",
    "（省老科协秘书处供稿）",
    "■ 分会工作",
    "农林分会组织专家赴山区开展技术咨询",
    "  6月10日，农林分会组织8位专家赴山区乡镇开展农业技术咨询，为农户解答种植养殖问题40余个。",
    "  专家们走进田间地头和蔬菜大棚，手把手传授病虫害防治技术，受到农户欢迎。",
    "专家在大棚内为农户讲解种植技术",
    "文/李明 图/王芳",
    "（农林分会供稿）",
]
WANT = {
    "masthead": {"name": "某省老科学技术工作者协会简报", "year": 2021, "number": 6, "total": 212,
                 "issuer": "省老科协办公室", "date": "2021-06-17"},
    "articles": [("协会动态", "省老科协召开六届二次理事会", "省老科协秘书处"),
                 ("分会工作", "农林分会组织专家赴山区开展技术咨询", "农林分会")],
}


def _parse(lines: list[str]):
    return parse_text("\n\n".join(lines) + "\n")


def _summary(issue):
    return {"masthead": issue.masthead.to_dict(), "articles": [(a.column, a.title, a.source) for a in issue.articles]}


def test_web_copy_with_chrome_note_columns_caption_and_credit():
    issue = _parse(TOP_CHROME + HEAD + [NOTE] + BODY + BOTTOM_CHROME)
    assert _summary(issue) == WANT
    assert issue.note == NOTE
    second = issue.articles[1]
    assert second.captions == ("专家在大棚内为农户讲解种植技术",)
    assert second.credits == ("文/李明 图/王芳",)
    assert len(second.paragraphs) == 2 and all(p.endswith("。") for p in second.paragraphs)
    assert all("打印" not in p and "扫一扫" not in p for a in issue.articles for p in a.paragraphs)


@pytest.mark.parametrize(("line", "date"), [
    ("省老科协办公室              2021617", "2021-06-17"),
    ("省老科协办公室    20216月17", "2021-06-17"),
    ("省老科协办公室    2021年6月17日", "2021-06-17"),
    ("省老科协办公室    2021年6月17", "2021-06-17"),
])
def test_squashed_printed_dates_win_over_the_posting_time(line, date):
    issue = _parse(TOP_CHROME + HEAD[:3] + [line] + BODY)
    assert issue.masthead.date == date and issue.masthead.issuer == "省老科协办公室"


def test_ambiguous_squashed_date_reads_the_one_before_posting():
    """`2021111` is 1月11日 or 11月1日: the page was posted on 2021-01-12, so 1月11日."""
    top = ["2021年 第一期(总第207期)", "2021-01-12 09:00 来源：", "放大 缩小"]
    issue = _parse(top + HEAD[:2] + ["﹝2021﹞第一期(总第207期)", "省老科协办公室   2021111"] + BODY)
    assert issue.masthead.date == "2021-01-11"


def test_no_printed_date_takes_the_posting_date_with_a_warning():
    issue = _parse(TOP_CHROME + HEAD[:3] + BODY)
    assert issue.masthead.date == "2021-06-18"
    assert any("网页发布日期" in w for w in issue.warnings)


@pytest.mark.parametrize(("issue_line", "number", "total", "year"), [
    ("﹝2021﹞第六期(总第212期)", 6, 212, 2021),
    ("2021﹞ 第六期(总第212期)", 6, 212, 2021),
    ("〔2021〕第6期（总第二一二期）", 6, 212, 2021),
    ("2021年第一六零期", 160, 212, 2021),
])
def test_issue_line_forms(issue_line, number, total, year):
    issue = _parse(TOP_CHROME + HEAD[:2] + [issue_line, HEAD[3]] + BODY)
    m = issue.masthead
    assert (m.number, m.total, m.year) == (number, total, year)


def test_two_line_issuer():
    issue = _parse([*HEAD[:3], "中国某某大学(武汉)", "发展研究中心          2021年6月17日", *BODY])
    assert issue.masthead.issuer == "中国某某大学(武汉)发展研究中心"
    assert issue.articles[0].title == "省老科协召开六届二次理事会"


@pytest.mark.parametrize("style", ["◆ {}", "■{}", "［{}］", "一、{}", "【{}】"])
def test_column_styles(style):
    numbered = iter(["一", "二", "三"])
    body = []
    for line in BODY:
        if line.startswith("■ "):
            label = line[2:]
            body.append(style.format(label) if not style.startswith("一") else f"{next(numbered)}、{label}")
        else:
            body.append(line)
    issue = _parse(HEAD + body)
    assert [(a.column, a.title) for a in issue.articles] == [(c, t) for c, t, _ in WANT["articles"]]


def test_numbered_titles_followed_by_text_are_not_columns():
    body = ["一、省老科协召开六届二次理事会", BODY[2], BODY[3], "二、农林分会组织专家赴山区开展技术咨询", BODY[7], BODY[8]]
    issue = _parse(HEAD + body)
    assert [a.title for a in issue.articles] == ["一、省老科协召开六届二次理事会", "二、农林分会组织专家赴山区开展技术咨询"]
    assert {a.column for a in issue.articles} == {None}


@pytest.mark.parametrize("heading", ["目　录", "本期要目", "本期导读", "内容提要", None])
def test_contents_headings_and_their_end(heading):
    entries = ["1.省老科协召开六届二次理事会", "2.农林分会组织专家赴山区开展技术咨询"]
    issue = _parse(HEAD + ([heading] if heading else []) + entries + BODY)
    assert issue.toc == ("省老科协召开六届二次理事会", "农林分会组织专家赴山区开展技术咨询")
    assert _summary(issue)["articles"] == WANT["articles"]


def test_contents_stop_at_a_symbol_column():
    issue = _parse([*HEAD, "目录", "●省老科协召开六届二次理事会", "●农林分会组织专家赴山区开展技术咨询", *BODY])
    assert len(issue.toc) == 2
    assert [a.column for a in issue.articles] == ["协会动态", "分会工作"]


def test_caption_between_paragraphs_then_source():
    body = [*BODY[:6], BODY[6], BODY[7], "专家为农户讲解种植技术    农户展示丰收的果实", BODY[8], "（农林分会供稿）"]
    issue = _parse(HEAD + body)
    assert len(issue.articles) == 2
    assert issue.articles[1].source == "农林分会"


CHROME_TOP = ["当前位置：首页 > 工作动态 > 简报", "科协工作简报 2022年第37期", "发布时间：2022-11-25 16:02 来源：本站",
              "【字体：大 中 小】", "放大 缩小", "字号：大 中 小"]
CHROME_BOTTOM = ["打印本页 关闭窗口", "【打印】【关闭】", "扫一扫在手机打开当前页", "分享到：微信 微博 QQ空间", "返回顶部"]


@settings(max_examples=25, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(CHROME_TOP), max_size=4), st.lists(st.sampled_from(CHROME_BOTTOM), max_size=3),
       st.sampled_from([28, 33]))
def test_page_chrome_around_an_issue_changes_nothing(top, bottom, width):
    """Our own issue as a scraped text layer, with page chrome before and after it, parses to
    the same structure as without it."""
    text = scraped(sample_issue(), width=width, blank_lines=False, junk=False)
    issue = parse_text("\n".join(top) + "\n" + text + "\n" + "\n".join(bottom) + "\n")
    assert structure(issue) == structure(sample_issue())


def _office_copy(tmp_path, east_asia: str | None = None):
    """The web copy's bulletin typed into Word as its office prints it: bold short lines as
    column labels, larger bold titles, a smaller centred caption, a credit line; the Chinese
    font pinned when one is given (else LibreOffice takes whatever the machine has)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    if east_asia is not None:
        fonts = document.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), east_asia)

    def para(text, size=14, bold=False, centre=False, indent=False):
        p = document.add_paragraph()
        run = p.add_run(("\u3000\u3000" if indent else "") + text)
        run.font.size = Pt(size)
        run.bold = bold
        if centre:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    para("某省老科学技术工作者协会", 22, True, True)
    para("简  报", 26, True, True)
    para("﹝2021﹞第六期(总第212期)", 14, False, True)
    para("省老科协办公室\t\t2021年6月17日")
    para(NOTE, indent=True)
    for line in BODY:
        text = line.strip()
        if line.startswith("■ "):
            para(text[2:], 14, True)  # a column label: a short bold line
        elif line.startswith("  "):
            para(text, indent=True)
        elif text.startswith("（"):
            para(text)
        elif text.startswith("文/"):
            para(text, 12)
        elif text == BODY[9]:
            para(text, 12, False, True)  # the caption
        else:
            para(text, 18, True, True)  # a title
    path = tmp_path / "office.docx"
    document.save(path)
    return path


def _check_office_copy(issue):
    assert _summary(issue) == WANT
    assert issue.note == NOTE
    assert issue.articles[1].captions == ("专家在大棚内为农户讲解种植技术",)
    assert issue.articles[1].credits == ("文/李明 图/王芳",)


def test_office_copy_as_docx(tmp_path):
    from kxdt.api import parse_file

    _check_office_copy(parse_file(_office_copy(tmp_path))[0])


# Chinese fonts LibreOffice may typeset with: Noto (CI's fonts-noto-cjk) has a bold face, AR PL
# UMing (fonts-arphic-uming, usual on Linux desktops) has none, so its labels print regular.
OFFICE_FONTS = {"Noto Serif CJK SC": "fonts-noto-cjk", "AR PL UMing CN": "fonts-arphic-uming"}


@pytest.mark.parametrize("font", OFFICE_FONTS)
def test_office_copy_as_pdf(tmp_path, backend, font):  # noqa: F811
    import subprocess

    from conftest import docx_to_pdf, require_tool

    from kxdt.api import parse_file

    installed = subprocess.run(["fc-list", f":family={font}"], capture_output=True, text=True, check=False).stdout
    require_tool(f"{font} ({OFFICE_FONTS[font]})", font if installed.strip() else None)
    pdf = docx_to_pdf([_office_copy(tmp_path, font)], tmp_path)[0]
    _check_office_copy(parse_file(pdf)[0])


def test_side_by_side_captions_between_paragraphs():
    """Two photo captions on one line between paragraphs (of a web copy: a paragraph a line) do
    not start an article."""
    long = [line + line.strip() if line.startswith("  ") else line for line in BODY]
    body = [*long[:8], "专家在田间讲解    农户认真听讲", long[8], "（农林分会供稿）"]
    issue = _parse(HEAD + body)
    assert [a.title for a in issue.articles] == [t for _, t, _ in WANT["articles"]]
    assert issue.articles[1].captions == ("专家在田间讲解", "农户认真听讲")
    assert len(issue.articles[1].paragraphs) == 2


def test_masthead_without_date_leaves_the_first_title_alone():
    issue = _parse(HEAD[:3] + BODY[1:])
    assert issue.articles[0].title == "省老科协召开六届二次理事会"
    assert issue.masthead.issuer is None
