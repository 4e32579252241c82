"""What the parser found in a document, how sure it is of it, and doubts about whether it
understood it at all."""

from __future__ import annotations

from ..model import MASTHEAD_FIELDS, Article, Confidence, Issue, Masthead
from ..text.matching import match_highlights

# Most "articles" without text means the parser took something else (a web page, a list) for titles.
MIN_ARTICLES_FOR_DOUBT = 3
EMPTY_SHARE = 0.5
_FIELDS = (("name", "名称"), ("year", "年份"), ("number", "期号"), ("total", "总期号"), ("issuer", "编发单位"),
           ("date", "日期"))
# What makes a bulletin; a document with none is refused, one with one only is said to be doubtful.
SIGNALS = ("报头", "目录提要", "栏目", "带正文的文章")
# The overall confidence weighs the masthead, the articles and the contents so, and is this much
# lower when the document shows only one sign of a bulletin, or its structure is in doubt.
WEIGHTS = {"masthead": 0.3, "articles": 0.5, "contents": 0.2}
ONE_SIGNAL = 0.6
IN_DOUBT = 0.6
# A masthead without a date or a name is less sure to have been found at all.
NO_DATE = 0.8
NO_NAME = 0.85
NO_ARTICLES = 0.3


def found_summary(issue: Issue) -> str:
    """`识别到：报头 5/6 项（缺名称）· 目录提要 4 条 · 栏目 3 个 · 文章 5 篇（来源 5 篇）`."""
    fields = issue.masthead.to_dict()
    missing = [label for key, label in _FIELDS if fields[key] is None]
    head = f"报头 {len(_FIELDS) - len(missing)}/{len(_FIELDS)} 项" + (f"（缺{'、'.join(missing)}）" if missing else "")
    parts = [head, f"目录提要 {len(issue.toc)} 条", f"栏目 {len(issue.columns)} 个",
             f"文章 {len(issue.articles)} 篇（有来源 {sum(1 for a in issue.articles if a.source)} 篇）"]
    if issue.note:
        parts.append("编者按")
    if issue.confidence is not None:
        parts.append(f"可信度 {issue.confidence.overall:.0%}")
    return "识别到：" + " · ".join(parts)


def bulletin_signals(masthead: Masthead, toc: list[str] | tuple[str, ...], articles: list[Article]) -> list[str]:
    """Which signs of a bulletin the document shows: a masthead (an issue number or a date), a
    contents list, columns, titled articles with running text."""
    found = []
    if any(v is not None for v in (masthead.number, masthead.total, masthead.date)):
        found.append(SIGNALS[0])
    if toc:
        found.append(SIGNALS[1])
    if any(a.column for a in articles):
        found.append(SIGNALS[2])
    if any(a.paragraphs for a in articles):
        found.append(SIGNALS[3])
    return found


def doubts(issue: Issue, found: list[str] | None = None) -> list[str]:
    """Warnings for a document that does not look like a bulletin kxdt understands."""
    articles = issue.articles
    said: list[str] = []
    empty = sum(1 for a in articles if not a.paragraphs)
    if len(articles) >= MIN_ARTICLES_FOR_DOUBT and empty > EMPTY_SHARE * len(articles):
        said.append(f"{len(articles)}篇文章中有{empty}篇没有正文：这份文件的结构可能没有被正确识别（网页、列表或不常见的版式），请核对后再使用")
    elif not articles:
        said.append("没有识别出任何文章：请确认这是一期简报")
    if found is not None and len(found) == 1:
        missing = "、".join(s for s in SIGNALS if s not in found)
        said.append(f"只找到{found[0]}，没有{missing}：这份文件可能不是简报，请核对")
    return said


def issue_confidence(issue: Issue, masthead: dict[str, float | None], found: list[str], in_doubt: bool) -> Confidence:
    """How sure the parser is of the issue: each masthead field as it was found, the contents
    by the share of entries that name an article, the articles by their own (the mean and the
    least sure alike), and the whole from those, lower for a document in doubt."""
    m = issue.masthead
    present = [c for k, c in masthead.items() if getattr(m, k) is not None and c is not None]
    head = sum(present) / len(present) if present else 0.0
    head *= (NO_DATE if m.date is None else 1.0) * (NO_NAME if m.name is None else 1.0)
    sure = [a.confidence for a in issue.articles if a.confidence is not None]
    body = (sum(sure) / len(sure) + min(sure)) / 2 if sure else NO_ARTICLES
    contents = None
    if issue.toc:
        hits = match_highlights(issue.toc, [a.title for a in issue.articles])
        contents = round(sum(h is not None for h in hits) / len(hits), 2)
    parts = {"masthead": head, "articles": body, "contents": contents}
    weights = {k: w for k, w in WEIGHTS.items() if parts[k] is not None}
    overall = sum(weights[k] * parts[k] for k in weights) / sum(weights.values())  # type: ignore[operator]
    if len(found) <= 1:
        overall *= ONE_SIGNAL
    if in_doubt:
        overall *= IN_DOUBT
    fields = tuple((k, None if getattr(m, k) is None else round(masthead.get(k) or 0.0, 2)) for k in MASTHEAD_FIELDS)
    return Confidence(overall=round(overall, 2), masthead=fields, contents=contents)
