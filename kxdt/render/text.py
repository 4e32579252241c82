"""Plain text in the office's reading order: one paragraph a line, indented with two ideographic spaces."""

from __future__ import annotations

from datetime import date as Date

from ..model import Issue

INDENT = "\u3000\u3000"


def issue_to_text(issue: Issue) -> str:
    m = issue.masthead
    out = [m.name or ""]
    numbers = (f"{m.year}年" if m.year is not None else "") + (f"第{m.number}期" if m.number is not None else "")
    if m.total is not None:
        numbers += f"（总第{m.total}期）"
    out.append(numbers)
    date = ""
    if m.date:
        d = Date.fromisoformat(m.date)
        date = f"{d.year}年{d.month}月{d.day}日"
    out.append("\u3000\u3000".join(part for part in (m.issuer, date) if part))
    if issue.toc:
        out += ["", "目录提要", *(f"●{item}" for item in issue.toc)]
    column = None
    for article in issue.articles:
        out.append("")
        if article.column and article.column != column:
            out += [f"【{article.column}】", ""]
        column = article.column
        out.append(article.title)
        out += [INDENT + p for p in article.paragraphs]
        if article.source:
            out.append(f"（{article.source}）")
    return "\n".join(line for line in out if line is not None).strip("\n") + "\n"
