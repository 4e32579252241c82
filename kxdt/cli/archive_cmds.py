"""`kxdt search`, `kxdt list`, `kxdt stats`: reading the archive."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Annotated, Any

import typer

from .app import DbOption, JsonOption, app, handle_errors, out, print_json, say
from .loading import open_archive


@app.command("search", options_metavar="[选项]", short_help="检索往期简报")
@handle_errors
def search_command(
    query: Annotated[list[str], typer.Argument(metavar="词", help="要找的词；多个词表示同时包含，加引号表示整个短语", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", help="只看某一年", min=1900, max=2100)] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="起始日期（含），如 2023-01-01")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="截止日期（含）")] = None,
    column: Annotated[str | None, typer.Option("--column", help="只看某个栏目")] = None,
    source: Annotated[str | None, typer.Option("--source", help="只看某个来源单位")] = None,
    issue: Annotated[int | None, typer.Option("--issue", help="只看总第N期")] = None,
    name: Annotated[str | None, typer.Option("--name", help="只看某个刊名（归档里有多种简报时）")] = None,
    limit: Annotated[int, typer.Option("--limit", help="最多显示多少篇（0 为不限）", min=0, max=1_000_000)] = 20,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """在全部已归档的简报中检索，标题命中在前，新的期在前。

    例：kxdt search 科普 --year 2024
    """
    from ..archive.query import SearchFilters
    from ..render import terminal
    from ..render.json import dumps

    filters = SearchFilters(year=year, date_from=date_from and _date(date_from, "--from"),
                            date_to=date_to and _date(date_to, "--to"),
                            column=column, source=source, total=issue, name=name)
    with open_archive(db, readonly=True) as archive:
        empty = archive.is_empty()
        result = archive.search(" ".join(query), filters, limit=limit or None)
    if json:
        print_json(dumps([h.to_dict() for h in result.hits]))
    if not result.hits:
        if empty:
            say(f"归档是空的（{archive.path}）：先用 kxdt parse 文件或文件夹 归档往期简报。")
        else:
            scope = filters.describe()
            say(f"{scope + '，' if scope else ''}没有找到包含“{' '.join(query)}”的文章。")
        return
    if not json:
        terminal.render_hits(out, result.hits, result.terms)
    if result.complete:
        say(f"找到 {result.matched} 篇文章（共 {result.occurrences} 处）。")
    else:
        say(f"找到 {result.matched} 篇文章，显示前 {len(result.hits)} 篇（--limit 0 显示全部）。")


LIST_RECENT = 30


def _date(value: str, option: str) -> str:
    from ..compose import parse_date

    return parse_date(value, option)


def recent_per_name(rows: list[Any], count: int) -> list[Any]:
    """The last `count` rows of each publication (rows come grouped by name, oldest first)."""
    kept: list[Any] = []
    for _, group in itertools.groupby(rows, key=lambda r: r.name):
        kept.extend(list(group)[-count:])
    return kept


@app.command("list", options_metavar="[选项]", short_help="列出已归档的各期")
@handle_errors
def list_command(
    name: Annotated[str | None, typer.Option("--name", help="只列某个刊名")] = None,
    show_all: Annotated[bool, typer.Option("--all", help=f"列出全部各期（默认每种简报只列最近{LIST_RECENT}期）")] = False,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """列出已归档的各期（按刊名），标出总期号的缺号和重号。

    例：kxdt list --all
    """
    from ..archive.listing import flag_issues, gap_text
    from ..render import terminal
    from ..render.json import dumps

    with open_archive(db, readonly=True) as archive:
        rows = [r for r in archive.issues() if not name or (r.name and name in r.name)]
    flags, gaps = flag_issues(rows)
    if json:
        print_json(dumps({
            "issues": [{"total": r.total, "year": r.year, "number": r.number, "date": r.date, "name": r.name,
                        "articles": r.articles, "file": r.file, "flag": flags.get(r.id)} for r in rows],
            "gaps": gaps,
        }))
        return
    if not rows:
        say("归档是空的：先用 kxdt parse 文件 归档一些简报。")
        return
    shown = rows if show_all else recent_per_name(rows, LIST_RECENT)
    terminal.render_list(out, shown, flags)
    folders = {str(Path(r.file).parent) for r in shown if r.file}
    if len(folders) == 1:
        say(f"文件都在：{folders.pop()}")
    message = f"共 {len(rows)} 期。"
    if len(shown) < len(rows):
        message += f"每种简报只列出最近{LIST_RECENT}期，--all 列出全部。"
    if gaps:
        message += "缺号：" + "、".join(gap_text(g) for g in gaps) + "。"
    say(message)


@app.command("stats", options_metavar="[选项]", short_help="按栏目、来源、月份统计")
@handle_errors
def stats_command(
    year: Annotated[int | None, typer.Option("--year", help="只统计某一年", min=1900, max=2100)] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """统计：各栏目、各来源单位（供稿统计）、每月的文章数。

    例：kxdt stats --year 2024
    """
    from ..render import terminal
    from ..render.json import dumps

    with open_archive(db, readonly=True) as archive:
        stats = archive.stats(year)
    if json:
        print_json(dumps({**stats, "columns": dict(stats["columns"]), "sources": dict(stats["sources"]),
                          "months": dict(stats["months"])}))
        return
    if not stats["issues"]:
        say("没有可统计的期。")
        raise typer.Exit(0)
    terminal.render_stats(out, stats)
