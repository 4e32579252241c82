"""Rich rendering for people at a terminal. Used by the CLI only; the core never imports Rich."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..archive.query import match_form
from ..model import Issue
from ..text.chars import printable

if TYPE_CHECKING:
    from ..archive.stats import Stats

DASH = "—"
_BAR_WIDTH = 30
# Rows a table shows (an issue has dozens); past this it says how many more there are: a file
# with a hundred thousand "articles" or findings is not printed line by line.
MAX_TABLE_ROWS = 500


def _shown(rows: Sequence[Any]) -> Sequence[Any]:
    return rows[:MAX_TABLE_ROWS]


def _more(console: Console, rows: Sequence[Any]) -> None:
    if len(rows) > MAX_TABLE_ROWS:
        console.print(Text(f"……另有 {len(rows) - MAX_TABLE_ROWS} 行未显示（加 --json 可输出全部）"))


def _row(table: Table, *cells: Any) -> None:
    """Add a row; text cells are plain text, never Rich markup (document text is data)."""
    table.add_row(*(Text(printable(cell)) if isinstance(cell, str) else cell for cell in cells))


def _or_dash(value: object) -> str:
    return DASH if value is None or value == "" else str(value)


def masthead_panel(issue: Issue) -> Panel:
    m = issue.masthead
    line = "  ".join(part for part in (m.label(), m.issuer or "", m.date or "") if part)
    return Panel(Text(line or "（报头不完整）"), title=Text(m.name or "（未识别名称）"), expand=False, box=box.ROUNDED)


def articles_table(issue: Issue) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("栏目", overflow="fold", max_width=12)
    table.add_column("标题", overflow="fold", ratio=3)
    table.add_column("来源", overflow="fold", max_width=12)
    table.add_column("页", justify="right", no_wrap=True)
    table.add_column("段落", justify="right", no_wrap=True)
    for k, a in enumerate(_shown(issue.articles), 1):
        _row(table, str(k), _or_dash(a.column), a.title, _or_dash(a.source), _or_dash(a.page), str(len(a.paragraphs)))
    return table


def render_issue(console: Console, issue: Issue) -> None:
    console.print(masthead_panel(issue))
    console.print(articles_table(issue))
    _more(console, issue.articles)


def render_toc(console: Console, issue: Issue, matches: Sequence[int | None]) -> None:
    console.print(masthead_panel(issue))
    if issue.toc:
        toc = Table(title="目录提要", box=box.SIMPLE_HEAD, show_edge=False, title_justify="left")
        toc.add_column("#", justify="right")
        toc.add_column("提要", overflow="fold")
        toc.add_column("对应文章", overflow="fold")
        for k, (item, hit) in enumerate(zip(_shown(issue.toc), matches), 1):
            target = Text(f"第{hit + 1}篇", style="green") if hit is not None else Text("未找到对应文章", style="bold red")
            _row(toc, str(k), item, target)
        console.print(toc)
        _more(console, issue.toc)
    contents = Table(title="全部文章", box=box.SIMPLE_HEAD, show_edge=False, title_justify="left")
    contents.add_column("#", justify="right")
    contents.add_column("提要", justify="center", no_wrap=True)
    contents.add_column("栏目", overflow="fold", max_width=12)
    contents.add_column("标题", overflow="fold", ratio=3)
    contents.add_column("来源", overflow="fold", max_width=12)
    contents.add_column("页", justify="right")
    marked = {hit for hit in matches if hit is not None}
    for k, a in enumerate(_shown(issue.articles)):
        _row(contents, str(k + 1), "●" if k in marked else "", _or_dash(a.column), a.title,
                         _or_dash(a.source), _or_dash(a.page))
    console.print(contents)
    _more(console, issue.articles)


def highlight(text: str, terms: Sequence[str]) -> Text:
    """The text with every occurrence of the (simplified, lower-case) terms marked."""
    rich_text = Text(text)
    low = match_form(text)
    for term in terms:
        for found in re.finditer(re.escape(term), low):
            rich_text.stylize("bold reverse", found.start(), found.end())
    return rich_text


SNIPPET_BEFORE = 10
SNIPPET_AFTER = 22


def _trim(snippet: str, terms: Sequence[str]) -> str:
    """A shorter context for the terminal than the JSON's snippet."""
    low = match_form(snippet)
    starts = [low.find(t) for t in terms if low.find(t) >= 0]
    if not starts:
        return snippet
    start = min(starts)
    left, right = max(0, start - SNIPPET_BEFORE), min(len(snippet), start + SNIPPET_AFTER)
    text = snippet[left:right].strip("…")
    return ("…" if left or snippet.startswith("…") else "") + text + ("…" if right < len(snippet) else "")


def render_hits(console: Console, hits: Sequence[Any], terms: Sequence[str]) -> None:
    """Hits as a table; the publication is named when the hits come from more than one."""
    publications = len({h.name for h in hits})
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("期号", no_wrap=True)
    table.add_column("日期", no_wrap=True)
    table.add_column("栏目", overflow="fold", max_width=8)
    table.add_column("标题", overflow="fold", ratio=2)
    table.add_column("摘要", overflow="fold", ratio=3)
    for h in hits:
        numbered = f"{_or_dash(h.year)}年第{_or_dash(h.number)}期"
        issue = f"总第{h.total}期\n{numbered}" if h.total is not None else numbered
        if publications > 1:
            issue = f"{h.name or '（无刊名）'}\n{issue}"
        facts = [h.source or "", f"第{h.page}页" if h.page is not None else "", f"{h.count}处"]
        where = Text(" · ".join(f for f in facts if f), style="dim")
        _row(table, issue, _or_dash(h.date), _or_dash(h.column), Group(highlight(h.title, terms), where),
                      highlight(_trim(h.snippet, terms), terms))
    console.print(table)


def _file_name(path: str | None) -> str | None:
    """A file's name without its folders (the folder is said once, under the table)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1] if path else path


def render_list(console: Console, rows: Sequence[Any], flags: dict[int, str]) -> None:
    """Each publication's issues under its name: 总第, 年/期, 日期, 文章, 文件 (name only), 提示."""
    for name, group in itertools.groupby(rows, key=lambda r: r.name):
        table = Table(title=Text(printable(name or "（未识别刊名）")), title_justify="left", box=box.SIMPLE_HEAD,
                      show_edge=False, pad_edge=False)
        table.add_column("总第", justify="right", no_wrap=True)
        table.add_column("年/期", no_wrap=True)
        table.add_column("日期", no_wrap=True)
        table.add_column("文章", justify="right", no_wrap=True)
        table.add_column("文件", overflow="fold", ratio=3)
        table.add_column("提示", overflow="fold", ratio=1)
        for r in group:
            _row(table, _or_dash(r.total), f"{_or_dash(r.year)}/{_or_dash(r.number)}", _or_dash(r.date),
                 str(r.articles), _or_dash(_file_name(r.file)), Text(flags.get(r.id, ""), style="yellow"))
        console.print(table)


def render_doubtful(console: Console, rows: Sequence[Any]) -> None:
    """Issues the parser was unsure of, least sure first: 刊名, 总第, 日期, 可信度, 最没把握的部分, 文件."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("刊名", overflow="fold", ratio=2)
    table.add_column("总第", justify="right", no_wrap=True)
    table.add_column("日期", no_wrap=True)
    table.add_column("可信度", justify="right", no_wrap=True)
    table.add_column("最没把握的部分", overflow="fold", ratio=3)
    table.add_column("文件", overflow="fold", ratio=2)
    for r in rows:
        _row(table, printable(r.name or "（未识别刊名）"), _or_dash(r.total), _or_dash(r.date),
             Text(f"{r.confidence:.0%}", style="yellow"), printable(r.weakest or "—"), _or_dash(_file_name(r.file)))
    console.print(table)


def render_explain(console: Console, steps: Sequence[tuple[str, Any]]) -> None:
    """Each block of a document: what the parser took it for, how sure, and why (`kxdt explain`)."""
    from ..parse.evidence import ROLE_NAMES

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("认作", no_wrap=True)
    table.add_column("把握", justify="right", no_wrap=True)
    table.add_column("文字", overflow="fold", ratio=3)
    table.add_column("依据", overflow="fold", ratio=3)
    for k, (text, decision) in enumerate(steps, 1):
        sure = decision.confidence
        why = decision.reason + (f"；但{decision.doubts}" if decision.doubts else "")
        _row(table, str(k), ROLE_NAMES.get(decision.role, decision.role),
             Text(f"{sure:.0%}", style="yellow" if sure < _UNSURE else ""), _clip(text), why)
    console.print(table)


_UNSURE = 0.6
_CLIP = 40


def _clip(text: str) -> str:
    return text if len(text) <= _CLIP else text[:_CLIP] + "…"


def _bars(title: str, pairs: Sequence[tuple[str, int]]) -> Table:
    table = Table(title=title, box=None, show_header=False, title_justify="left", pad_edge=False)
    table.add_column(overflow="fold", max_width=20)
    table.add_column(justify="right")
    table.add_column()
    top = max((n for _, n in pairs), default=1) or 1
    for label, n in pairs:
        _row(table, label, str(n), Text("█" * max(1, round(n / top * _BAR_WIDTH)), style="cyan"))
    return table


def render_stats(console: Console, stats: Stats) -> None:
    console.print(Text(printable(f"{stats.scope}：{stats.issues} 期，{stats.articles} 篇文章")))
    console.print(_bars("各栏目文章数", stats.pairs("columns")))
    console.print(_bars("供稿统计（按来源单位）", stats.pairs("sources")))
    console.print(_bars("每月文章数", stats.pairs("months")))


def render_batch(console: Console, rows: Sequence[tuple[str, Issue | None, str]]) -> None:
    """One row a file: its name (the folder is said once, below), 总第N期, date, articles, status."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("文件", overflow="fold")
    table.add_column("期号", no_wrap=True)
    table.add_column("日期", no_wrap=True)
    table.add_column("文章", justify="right", no_wrap=True)
    table.add_column("状态", no_wrap=True)
    for path, issue, status in rows:
        name = _file_name(path) or path
        if issue is None:
            _row(table, name, DASH, DASH, DASH, Text(status, style="red"))
        else:
            m = issue.masthead
            number = f"总第{m.total}期" if m.total is not None else (m.label() or DASH)
            _row(table, name, number, _or_dash(m.date), str(len(issue.articles)), status)
    console.print(table)


def render_findings(console: Console, findings: Sequence[Any], title: str) -> None:
    """`kxdt check` findings: 级别, 位置, 问题 (with the text around it), 建议."""
    table = Table(title=Text(printable(title)), title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
                  pad_edge=False)
    table.add_column("级别", no_wrap=True)
    table.add_column("位置", overflow="fold", ratio=2)
    table.add_column("问题", overflow="fold", ratio=3)
    table.add_column("建议", overflow="fold", ratio=2)
    for finding in _shown(findings):
        level = Text("错误" if finding.severity == "error" else "提醒",
                     style="bold red" if finding.severity == "error" else "yellow")
        problem = Text(printable(finding.message))
        if finding.excerpt:
            problem.append("\n" + printable(finding.excerpt), style="dim")
        table.add_row(level, Text(printable(finding.place.label())), problem, Text(printable(finding.fix or "")))
    console.print(table)
    _more(console, findings)
