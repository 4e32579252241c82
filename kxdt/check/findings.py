"""A finding of `kxdt check`: what is wrong, where, how sure, and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR = "error"  # 错误: a mistake to put right before the issue goes out
WARNING = "warning"  # 提醒: worth a look; may be intended
SEVERITY_LABEL = {ERROR: "错误", WARNING: "提醒"}

# Groups of checks, selectable with --only/--skip (English or Chinese names).
GROUPS: dict[str, str] = {
    "numbering": "期号日期",
    "contents": "目录",
    "articles": "文章",
    "punctuation": "标点",
    "dates": "文中日期",
    "repeats": "重复",
}
GROUP_ALIASES = {**{k: k for k in GROUPS}, **{v: k for k, v in GROUPS.items()},
                 "期号": "numbering", "日期": "dates", "目录提要": "contents", "标点符号": "punctuation"}


@dataclass(frozen=True)
class Place:
    """Where a finding is: the masthead, a highlight, or an article's title or paragraph."""

    part: str  # "masthead", "toc", "title", "paragraph", "source", "issue"
    article: int | None = None  # 1-based article number
    title: str | None = None
    index: int | None = None  # 1-based paragraph or highlight number

    def label(self, *, title_chars: int = 14) -> str:
        if self.part == "masthead":
            return "报头"
        if self.part == "issue":
            return "全期"
        if self.part == "toc":
            return f"目录提要第{self.index}条"
        head = f"第{self.article}篇"
        if self.title:
            short = self.title if len(self.title) <= title_chars else self.title[: title_chars - 1] + "…"
            head += f"《{short}》"
        if self.part == "title":
            return head + "标题"
        if self.part == "source":
            return head + "来源"
        if self.part == "paragraph" and self.index is not None:
            return head + f"第{self.index}段"
        return head

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "article": self.article, "title": self.title, "index": self.index}


MASTHEAD = Place("masthead")
WHOLE_ISSUE = Place("issue")


@dataclass(frozen=True)
class Finding:
    kind: str  # e.g. "halfwidth-punctuation"; its group is GROUP_OF[kind]
    severity: str  # ERROR or WARNING
    place: Place
    message: str  # what is wrong, in Chinese
    fix: str | None = None  # the suggested correction
    excerpt: str | None = None  # the text around the mistake

    @property
    def group(self) -> str:
        return GROUP_OF[self.kind]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "group": self.group,
            "severity": self.severity,
            "where": self.place.label(title_chars=1000),
            "place": self.place.to_dict(),
            "message": self.message,
            "fix": self.fix,
            "excerpt": self.excerpt,
        }


GROUP_OF: dict[str, str] = {
    **dict.fromkeys(("total-number", "year-number", "issue-date", "issue-weekday", "masthead-year",
                     "masthead-missing", "already-archived"), "numbering"),
    **dict.fromkeys(("toc-unmatched", "toc-missing-article"), "contents"),
    **dict.fromkeys(("title-missing", "source-missing", "empty-column", "duplicate-paragraph",
                     "title-period", "title-length", "source-form", "no-articles", "placeholder", "tracked-changes"),
                    "articles"),
    **dict.fromkeys(("halfwidth-punctuation", "unmatched-bracket", "mixed-quotes", "space-between-han",
                     "ellipsis", "repeated-punctuation", "fullwidth-digit"), "punctuation"),
    **dict.fromkeys(("weekday", "impossible-date", "date-after-issue"), "dates"),
    **dict.fromkeys(("repeat",), "repeats"),
}


def excerpt_around(text: str, start: int, end: int, *, before: int = 8, after: int = 8) -> str:
    """`…前文[错处]后文…` — the mistake with a little text either side."""
    left = max(0, start - before)
    right = min(len(text), end + after)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")
