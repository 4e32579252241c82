"""Small archives for the web tests: two publications of our own invented bulletins, with a gap
in the numbering, several years, columns and units, one issue filed from a text file (so its
original can be downloaded), and a hostile issue whose text is markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bulletins import sample_issue, scraped

from kxdt.api import parse_file
from kxdt.archive import Archive
from kxdt.model import Article, Issue, Masthead

WEEKLY = "科协每周动态"
DISTRICT = "东城区科协简报"
ISSUER = "某某市科协办公室"

# (column, title, paragraphs, source): invented articles, several about 科普.
ARTICLES = [
    ("科普工作", "全国科普日主场活动在市科技馆启动",
     ("9月16日，全国科普日主场活动在市科技馆启动，50余家单位带来200余项互动体验项目。",
      "活动期间，院士专家走进展区与市民面对面交流，现场解答公众关心的科技问题。"), "市科技馆"),
    ("科普工作", "“科学家精神进校园”报告会走进十所中学",
     ("市科协组织老科学家演讲团走进十所中学，讲述科技工作者爱国奉献的故事。",), "科普部"),
    ("学会动态", "市机械工程学会召开第九次会员代表大会",
     ("大会审议通过了理事会工作报告，选举产生了新一届理事会。",), "学会部"),
    ("基层动态", "海淀区科协举办社区防汛应急演练",
     ("演练模拟暴雨积水场景，社区居民学习了应急避险和自救互救知识。", "区科协同时发放防汛科普手册两千册。"), "海淀区科协"),
    ("基层动态", "朝阳区科协开展老年人智能手机培训",
     ("培训围绕防范电信诈骗、网上挂号和移动支付展开，科技志愿者手把手教学。",), "朝阳区科协"),
    ("科创工作", "科技成果转化对接会在中关村举办",
     ("对接会发布成果项目36项，促成12家企业与高校院所签约合作。",), "创新服务中心"),
    ("科普工作", "青少年科技创新大赛市级评审完成",
     ("经过两天评审，共评出一等奖项目28项，优秀科技辅导员10名。",), "青少年科技中心"),
    ("学会动态", "市气象学会开展极端天气科普讲座",
     ("讲座介绍了暴雨、高温等极端天气的成因和防御要点，线上线下共2000余人参加。",), "市气象学会"),
]

# Issues of the weekly bulletin: (总第, 第N期, date, indices into ARTICLES). 总第104期 is missing.
WEEKLY_ISSUES = [
    (101, 50, "2023-12-22", (0, 2, 3)),
    (102, 51, "2023-12-29", (1, 4, 5)),
    (103, 1, "2024-01-05", (6, 7, 3)),
    (105, 3, "2024-01-19", (0, 5, 4)),
    (106, 4, "2024-01-26", (1, 2, 6, 7)),
]

HOSTILE_TITLE = '<script>alert("标题")</script><img src=x onerror=alert(1)>科普&amp;&lt;b&gt;'
HOSTILE_LINK = "javascript:alert(document.cookie)"


def article(k: int) -> Article:
    column, title, paragraphs, source = ARTICLES[k]
    return Article(title=title, paragraphs=paragraphs, column=column, source=source)


def weekly(total: int, number: int, date: str, picks: tuple[int, ...], name: str = WEEKLY) -> Issue:
    articles = tuple(article(k) for k in picks)
    return Issue(masthead=Masthead(name=name, year=int(date[:4]), number=number, total=total, issuer=ISSUER, date=date),
                 toc=tuple(a.title for a in articles[:2]), articles=articles)


def hostile() -> Issue:
    """An issue whose masthead, highlights, titles, paragraphs and sources are markup and links."""
    return Issue(
        masthead=Masthead(name='<b onmouseover="alert(1)">红头</b>', year=2024, number=9, total=900,
                          issuer="</title><script>alert(2)</script>", date="2024-03-01"),
        toc=(HOSTILE_TITLE,),
        articles=(
            Article(title=HOSTILE_TITLE, column='</h2><a href="javascript:alert(3)">栏目</a>',
                    paragraphs=(f"点此领取：{HOSTILE_LINK} &copy; <iframe src=//example.com></iframe>",
                                "{{ 7*7 }} {% raw %} ${7*7} 科普"),
                    source='"><svg onload=alert(4)>'),
            Article(title="表格公式", column="科普工作", paragraphs=("来源单位像一个电子表格公式。",),
                    source='=HYPERLINK("http://example.com","点我")'),
        ),
    )


@dataclass
class OfficeArchive:
    db: Path
    ids: dict[str, int]  # label -> archive id
    original: Path  # the file the text-filed issue came from


def file_hostile(db: Path) -> int:
    """File the hostile issue (again: the same id); its archive id."""
    with Archive(db) as archive:
        return archive.add(hostile().with_origin("/nowhere/hostile.docx", "e" * 64)).issue_id


def build(folder: Path, *, with_hostile: bool = True) -> OfficeArchive:
    """The archive the web tests read (a few dozen milliseconds to build)."""
    db = folder / "archive.sqlite3"
    ids: dict[str, int] = {}
    with Archive(db) as archive:
        for total, number, date, picks in WEEKLY_ISSUES:
            issue = weekly(total, number, date, picks)
            ids[f"weekly-{total}"] = archive.add(issue.with_origin(f"/nowhere/{total}.pdf", f"{total:064x}")).issue_id
        for total, date in ((7, "2024-01-10"), (8, "2024-01-24")):
            issue = weekly(total, total, date, (3, 4), name=DISTRICT)
            ids[f"district-{total}"] = archive.add(issue.with_origin(f"/nowhere/d{total}.pdf", f"d{total:063x}")).issue_id
        if with_hostile:
            ids["hostile"] = archive.add(hostile().with_origin("/nowhere/hostile.docx", "e" * 64)).issue_id
        original = folder / "科协工作简报-总第412期.txt"
        original.write_text(scraped(sample_issue()), encoding="utf-8")
        parsed, _ = parse_file(original)
        ids["sample"] = archive.add(parsed).issue_id
    return OfficeArchive(db, ids, original)
