"""What the parser found in a document, and doubts about whether it understood it."""

from __future__ import annotations

from ..model import Issue

# Most "articles" without text means the parser took something else (a web page, a list) for titles.
MIN_ARTICLES_FOR_DOUBT = 3
EMPTY_SHARE = 0.5
_FIELDS = (("name", "名称"), ("year", "年份"), ("number", "期号"), ("total", "总期号"), ("issuer", "编发单位"),
           ("date", "日期"))


def found_summary(issue: Issue) -> str:
    """`识别到：报头 5/6 项（缺名称）· 目录提要 4 条 · 栏目 3 个 · 文章 5 篇（来源 5 篇）`."""
    fields = issue.masthead.to_dict()
    missing = [label for key, label in _FIELDS if fields[key] is None]
    head = f"报头 {len(_FIELDS) - len(missing)}/{len(_FIELDS)} 项" + (f"（缺{'、'.join(missing)}）" if missing else "")
    parts = [head, f"目录提要 {len(issue.toc)} 条", f"栏目 {len(issue.columns)} 个",
             f"文章 {len(issue.articles)} 篇（有来源 {sum(1 for a in issue.articles if a.source)} 篇）"]
    if issue.note:
        parts.append("编者按")
    return "识别到：" + " · ".join(parts)


def doubts(issue: Issue) -> list[str]:
    """Warnings for a document that does not look like a bulletin kxdt understands."""
    articles = issue.articles
    empty = sum(1 for a in articles if not a.paragraphs)
    if len(articles) >= MIN_ARTICLES_FOR_DOUBT and empty > EMPTY_SHARE * len(articles):
        return [f"{len(articles)}篇文章中有{empty}篇没有正文：这份文件的结构可能没有被正确识别（网页、列表或不常见的版式），请核对后再使用"]
    if not articles:
        return ["没有识别出任何文章：请确认这是一期简报"]
    return []
