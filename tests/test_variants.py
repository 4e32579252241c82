"""Every masthead, title and source variant, on small bulletins written for the tests."""

from __future__ import annotations

import pytest

from kxdt.api import parse_text
from kxdt.errors import InputError

BODY = """目录提要
●区科协开展科技志愿服务
【基层动态】
区科协开展科技志愿服务
3月5日，区科协组织科技志愿者走进社区，开展健康咨询和科普讲座等志愿服务活动，服务居民200余人次。
"""


def masthead_of(head: str):
    return parse_text(head + "\n" + BODY).masthead


@pytest.mark.parametrize(
    ("head", "want"),
    [
        ("科协每周动态\n2023年第21期\n（总第74期）\n北京市科协办公室 2023年8月11日", (2023, 21, 74, "北京市科协办公室", "2023-08-11")),
        ("科协每周动态\n2023年 第二十一期\n(总第1265期)\n北京市科协办公室\n2023年8月11日", (2023, 21, 1265, "北京市科协办公室", "2023-08-11")),
        ("科协每周动态\n２０２３年第２１期\n（总第７４期）\n北京市科协办公室　　２０２３年８月１１日", (2023, 21, 74, "北京市科协办公室", "2023-08-11")),
        ("科技简报\n〔2023〕第5期\n某区科学技术协会 2023年3月3日", (2023, 5, None, "某区科学技术协会", "2023-03-03")),
        ("科协每周动态\n第八十二期（总第三百零五期）\n北京市科协办公室\n二〇二三年十二月二十九日", (2023, 82, 305, "北京市科协办公室", "2023-12-29")),
        ("科 协 每 周 动 态\n2023 年 第 21 期 （总第 74 期）\n北京市科协办公室 2023 年 8 月 11 日", (2023, 21, 74, "北京市科协办公室", "2023-08-11")),
        ("科协每周动态 2023年第21期 总第74期\n北京市科协办公室 2023.8.11", (2023, 21, 74, "北京市科协办公室", "2023-08-11")),
        ("科协每周动态\n2023年第21期（总第74期）\n2023年8月11日　北京市科协办公室", (2023, 21, 74, "北京市科协办公室", "2023-08-11")),
    ],
)
def test_masthead_variants(head, want):
    m = masthead_of(head)
    assert (m.year, m.number, m.total, m.issuer, m.date) == want
    assert m.name in ("科协每周动态", "科技简报")


def _article(text: str):
    issue = parse_text("科协每周动态\n2024年第3期（总第90期）\n某市科协办公室 2024年1月19日\n" + text)
    assert len(issue.articles) == 1, issue
    return issue.articles[0]


@pytest.mark.parametrize(
    ("tail", "source"),
    [
        ("活动取得良好效果。（朝阳区科协）", "朝阳区科协"),
        ("活动取得良好效果。（朝阳区科协供稿）", "朝阳区科协"),
        ("活动取得良好效果。(朝阳区科协供稿)", "朝阳区科协"),
        ("活动取得良好效果。（张三 朝阳区科协供稿）", "朝阳区科协"),
        ("活动取得良好效果。\n（朝阳区科协）", "朝阳区科协"),
        ("活动取得良好效果。\n供稿：朝阳区科协", "朝阳区科协"),
        ("活动取得良好效果。", None),
        ("活动取得良好效果（见附件）。", None),
    ],
)
def test_source_variants(tail, source):
    article = _article("【工作动态】\n朝阳区科协召开年度工作会议\n1月16日，朝阳区科协召开年度工作会议，总结工作，部署任务。" + tail + "\n")
    assert article.source == source
    assert article.title == "朝阳区科协召开年度工作会议"
    assert article.paragraphs[-1].endswith("。")
    assert "朝阳区科协）" not in article.paragraphs[-1]


def test_source_split_over_two_lines():
    wrapped = (
        "【工作动态】\n朝阳区科协召开年度工作会议\n"
        "1月16日，朝阳区科协召开年度工作会议，总结上一年工作，部署新一\n"
        "年重点任务。会议要求全区各级科协组织进一步提高服务水平。（朝\n"
        "阳区科协）\n"
    )
    article = _article(wrapped)
    assert article.source == "朝阳区科协"
    assert article.paragraphs == ("1月16日，朝阳区科协召开年度工作会议，总结上一年工作，部署新一年重点任务。会议要求全区各级科协组织进一步提高服务水平。",)


def test_two_line_title_and_paragraph_breaks():
    text = (
        "【科普工作】\n“科学家精神进校园”系列活动——走进海淀\n区实验小学专场举办\n"
        "近日，“科学家精神进校园”系列活动走进海淀区实验小学，两位中科\n"
        "院研究员为学生们讲述了科学家的奋斗故事。\n"
        "活动还安排了科学实验展示环节，学生们踊跃参与，现场气氛热烈。\n"
    )
    article = _article(text)
    assert article.title == "“科学家精神进校园”系列活动——走进海淀区实验小学专场举办"
    assert article.column == "科普工作"
    assert len(article.paragraphs) == 2


def test_columns_carry_over_and_first_article_may_have_none():
    issue = parse_text(
        "科协每周动态\n2024年第3期（总第90期）\n2024年1月19日\n"
        "市科协召开全委会\n会议审议通过了工作报告。\n"
        "【学会动态】\n学会甲召开年会\n年会在京召开。\n学会乙举办论坛\n论坛在京举办。\n"
    )
    assert [(a.column, a.title) for a in issue.articles] == [
        (None, "市科协召开全委会"), ("学会动态", "学会甲召开年会"), ("学会动态", "学会乙举办论坛")]


def test_partial_bulletin_parses_with_warnings():
    issue = parse_text("科协每周动态\n2024年第3期\n2024年1月19日\n市科协召开全委会\n会议审议通过了工作报告。\n")
    assert len(issue.articles) == 1
    assert "未找到目录提要" in issue.warnings
    assert any("栏目" in w for w in issue.warnings)
    assert any("总期号" in w for w in issue.warnings)


def test_unmatched_highlight_is_a_warning():
    issue = parse_text("科协每周动态\n2024年第3期（总第90期）\n2024年1月19日\n目录提要\n●完全不相干的一条提要\n"
                       "【综合】\n市科协召开全委会\n会议审议通过了工作报告。\n")
    assert issue.toc == ("完全不相干的一条提要",)
    assert any("第1条" in w and "未找到对应文章" in w for w in issue.warnings)


def test_prose_is_not_a_bulletin():
    with pytest.raises(InputError) as err:
        parse_text("今天天气很好，我们去公园散步。\n公园里有很多人在锻炼身体，也有人在下棋。\n")
    assert "不像是简报" in str(err.value)


HEAD = "科协每周动态\n2024年第3期（总第90期）\n某市科协办公室 2024年1月19日\n"


def test_enumerated_subheadings_stay_inside_their_article():
    issue = parse_text(HEAD + "【综合】\n市科协召开全委会\n会议听取了工作报告。\n一、过去一年的工作\n"
                       "全年开展活动百余场。\n二、今年的重点任务\n围绕三项重点推进工作。\n学会乙举办论坛\n论坛在京举办。\n")
    assert [a.title for a in issue.articles] == ["市科协召开全委会", "学会乙举办论坛"]
    assert issue.articles[0].paragraphs == ("会议听取了工作报告。", "一、过去一年的工作", "全年开展活动百余场。",
                                            "二、今年的重点任务", "围绕三项重点推进工作。")


def test_numbered_titles_are_articles():
    issue = parse_text(HEAD + "【综合】\n一、市科协召开全委会\n会议听取了工作报告。\n二、学会乙举办论坛\n论坛在京举办。\n")
    assert [a.title for a in issue.articles] == ["一、市科协召开全委会", "二、学会乙举办论坛"]


def test_colophon_lines_are_dropped():
    issue = parse_text(HEAD + "【综合】\n市科协召开全委会\n会议听取了工作报告。（办公室）\n"
                       "报：中国科协办公厅\n送：各区科协\n责任编辑：王某\n（共印100份）\n")
    assert issue.articles[0].paragraphs == ("会议听取了工作报告。",)
    assert issue.articles[0].source == "办公室"
    assert len(issue.articles) == 1


def test_highlights_with_leaders_and_page_numbers():
    issue = parse_text(HEAD + "本期要目\n■市科协召开全委会……………2\n■学会乙举办论坛…………3\n"
                       "【综合】\n市科协召开全委会\n会议听取了工作报告。\n学会乙举办论坛\n论坛在京举办。\n")
    assert issue.toc == ("市科协召开全委会", "学会乙举办论坛")
    assert not any("未找到对应文章" in w for w in issue.warnings)


@pytest.mark.parametrize("line", ["主办：某市科协办公室", "某市科协办公室编印"])
def test_issuer_written_with_a_label_or_suffix(line):
    m = parse_text(f"科协每周动态\n2024年第3期（总第90期）\n{line}\n2024年1月19日\n【综合】\n市科协召开全委会\n会议听取了工作报告。\n").masthead
    assert m.issuer == "某市科协办公室"


def test_source_with_person_after_the_unit():
    article = _article("【工作动态】\n朝阳区科协召开年度工作会议\n会议总结了工作。（朝阳区科协 张三）\n")
    assert article.source == "朝阳区科协"


def test_utf16_text_file():
    from kxdt.api import parse
    from kxdt.readers.text import read_text

    text = HEAD + "【综合】\n市科协召开全委会\n会议听取了工作报告。\n"
    document = read_text(text.encode("utf-16"), "x.txt")
    assert any("UTF-16" in n for n in document.notes)
    assert parse(document).articles[0].title == "市科协召开全委会"


def test_hard_wrapped_text_with_ideographic_indents():
    """Wrapped lines whose paragraph starts are indented with ideographic spaces: the indents,
    not the widths, say where paragraphs start (here the first lines are full width)."""
    text = HEAD + (
        "【综合】\n市科协召开全委会\n"
        "\u3000\u3000会议听取并审议了市科协常委会工作报告，审议通过了有关\n"
        "事项。\n"
        "\u3000\u3000会议强调，要深入贯彻落实全市科技创新大会精神，推动科\n"
        "协各项工作再上新台阶，为建设国际科技创新中心作出新贡献。\n"
    )
    article = parse_text(text).articles[0]
    assert len(article.paragraphs) == 2
    assert article.paragraphs[1].startswith("会议强调")


def test_column_label_on_the_title_line():
    issue = parse_text(HEAD + "【综合】市科协召开全委会\n会议听取了工作报告。\n【学会动态】学会乙举办论坛\n论坛在京举办。\n")
    assert [(a.column, a.title) for a in issue.articles] == [("综合", "市科协召开全委会"), ("学会动态", "学会乙举办论坛")]


def test_issuer_printed_under_the_date():
    m = parse_text("科协每周动态\n2024年第3期（总第90期）\n2024年1月19日\n某市科协办公室\n【综合】\n市科协召开全委会\n会议听取了工作报告。\n").masthead
    assert (m.issuer, m.date) == ("某市科协办公室", "2024-01-19")


def test_running_head_repeating_the_name_keeps_the_masthead():
    """Every page starts with the bulletin's name as a running head; on page 1 it is the masthead."""
    import re

    from bulletins import sample_issue, scraped

    text = scraped(sample_issue(), marker_at="bottom", page_space=False, blank_lines=False)
    text = text.replace("科 协 工 作 简 报", "科协工作简报")
    text = re.sub(r"(- \d+ -\n)(?=.)", r"\1科协工作简报\n", text)
    assert text.count("科协工作简报") >= 4
    issue = parse_text(text)
    assert issue.masthead.name == "科协工作简报"
    assert [a.title for a in issue.articles] == [a.title for a in sample_issue().articles]
    assert not any("科协工作简报" in p for a in issue.articles for p in a.paragraphs)


def test_highlights_without_bullets_on_the_masthead_page():
    """No bullets: the short lines under the heading on the masthead's page are the highlights."""
    text = ("科协每周动态\n2024年第3期（总第90期）\n某市科协办公室 2024年1月19日\n目录\n市科协召开全委会  2\n学会乙举办论坛  3\n"
            "- 1 -\n【综合】\n市科协召开全委会\n会议听取了工作报告。\n学会乙举办论坛\n论坛在京举办。\n- 2 -\n")
    issue = parse_text(text)
    assert issue.toc == ("市科协召开全委会", "学会乙举办论坛")
    assert [a.title for a in issue.articles] == ["市科协召开全委会", "学会乙举办论坛"]
    assert "目录提要没有项目符号，已按版面推断条目" in issue.warnings


def test_a_source_repeated_on_many_pages_is_not_a_running_foot():
    """The same unit reporting on several pages keeps every one of its source lines."""
    from bulletins import scraped

    from kxdt.model import Article, Issue, Masthead

    body = "，".join(["区科协组织科技志愿者走进社区开展科普服务"] * 6) + "。"
    articles = tuple(Article(title=f"第{n}个社区科普服务活动举行", paragraphs=(body, body), column="基层动态",
                             source="某区科协") for n in "一二三四五六")
    issue = Issue(masthead=Masthead("科协工作简报", 2024, 5, 200, "某市科协办公室", "2024-02-02"),
                  toc=(articles[0].title,), articles=articles)
    parsed = parse_text(scraped(issue, per_page=12))
    assert [a.source for a in parsed.articles] == ["某区科协"] * 6


def test_title_as_wide_as_a_body_line_is_split_off_by_the_highlights():
    """In plain text a one-line title as wide as a body line runs into the paragraph after it;
    the 目录提要 names the title, so it is split off again."""
    title = "市科协召开二〇二四年全市科普工作暨科技志愿服务工作部署会议"  # 28 characters
    body = ("会议总结了过去一年全市科普工作和科技志愿服务工作取得的成效，分析了当前面临的形势，部署了今年的重点任务，"
            "要求各区科协和各有关单位进一步提高认识，加强统筹，推动工作落实见效。")
    from bulletins import wrap

    lines = [title, *wrap(body, 28, first_indent=2), "（综合部）", "学会乙举办论坛", *wrap(body, 28, first_indent=2)]
    issue = parse_text(HEAD + "目录提要\n●市科协召开全市科普工作暨科技志愿服务工作部署会议\n【综合】\n" + "\n".join(lines) + "\n")
    assert [a.title for a in issue.articles] == [title, "学会乙举办论坛"]
    assert issue.articles[0].paragraphs == (body,)
    assert issue.articles[0].source == "综合部"


def test_supplements_are_a_series_of_their_own():
    """增刊/专刊 are numbered apart from the weekly issues: their name says so."""
    m = parse_text("科协每周动态\n2023年增刊第1期\n北京市科协办公室 2023年9月20日\n【综合】\n市科协召开全委会\n会议听取了工作报告。\n").masthead
    assert (m.name, m.year, m.number, m.total) == ("科协每周动态（增刊）", 2023, 1, None)
