"""The Markdown issue source: front matter with the masthead, `## 【栏目】`, `### 标题`, paragraphs,
the source as `（…）` on its own line, and `{提要}` after a title that goes into the 目录提要.

    ---
    name: 科协每周动态
    year: 2023
    number: 22
    total: 75
    issuer: 北京市科协办公室
    date: 2023-08-18
    ---

    ## 【科普工作】

    ### 某区科协举办科普讲座 {提要}

    正文第一段。

    （某区科协）

`{提要：短文字}` puts a shortened text into the 目录提要 instead of the whole title. Highlights
that match no title are listed under `## 目录提要` as `- …` items.
"""

from __future__ import annotations

from ..model import Issue
from ..text.matching import match_highlights

FIELDS = ("name", "year", "number", "total", "issuer", "date")
TOC_HEADING = "目录提要"
MARK = "提要"


def _markers(issue: Issue) -> dict[int, str] | None:
    """Highlight markers per article index, or None when the toc cannot be written as markers
    (a highlight with no article, or highlights in another order than their articles)."""
    matches = match_highlights(issue.toc, [a.title for a in issue.articles])
    if any(m is None for m in matches) or matches != sorted(set(matches)):  # type: ignore[type-var]
        return None
    return {index: item for index, item in zip(matches, issue.toc) if index is not None}


def issue_to_markdown(issue: Issue) -> str:
    m = issue.masthead.to_dict()
    out = ["---", *(f"{key}: {m[key]}" for key in FIELDS if m[key] is not None), "---", ""]
    markers = _markers(issue)
    if markers is None and issue.toc:
        out += [f"## {TOC_HEADING}", "", *(f"- {item}" for item in issue.toc), ""]
    column = None
    for index, article in enumerate(issue.articles):
        if article.column and article.column != column:
            out += [f"## 【{article.column}】", ""]
        column = article.column
        mark = ""
        if markers and index in markers:
            item = markers[index]
            mark = f" {{{MARK}}}" if item == article.title else f" {{{MARK}：{item}}}"
        out += [f"### {article.title}{mark}", ""]
        for paragraph in article.paragraphs:
            out += [paragraph, ""]
        if article.source:
            out += [f"（{article.source}）", ""]
    return "\n".join(out).rstrip("\n") + "\n"
