"""`kxdt search`, `kxdt list`, `kxdt stats`: reading the archive."""

from __future__ import annotations

import itertools
from enum import Enum
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
    doubtful: Annotated[bool, typer.Option("--doubtful", help="只列解析时没有把握的期（可信度低于 --below），值得核对")] = False,
    below: Annotated[float | None, typer.Option("--below", help="与 --doubtful 同用：可信度低于多少算没有把握（0–1，默认 0.8）",
                                                min=0.0, max=1.0, show_default=False)] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """列出已归档的各期（按刊名），标出总期号的缺号和重号；--doubtful 列出解析时没有把握的期。

    例：kxdt list --doubtful
    """
    from ..archive.listing import flag_issues, gap_text
    from ..render import terminal
    from ..render.json import dumps

    if doubtful:
        from ..archive.listing import DOUBTFUL_BELOW

        _list_doubtful(DOUBTFUL_BELOW if below is None else below, name, json, db)
        return

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


def _list_doubtful(below: float, name: str | None, json: bool, db: Path | None) -> None:
    from ..render import terminal
    from ..render.json import dumps

    with open_archive(db, readonly=True) as archive:
        rows, unrated = archive.doubtful(below)
    rows = [r for r in rows if not name or (r.name and name in r.name)]
    if json:
        print_json(dumps({
            "issues": [{"total": r.total, "year": r.year, "number": r.number, "date": r.date, "name": r.name,
                        "file": r.file, "confidence": r.confidence, "weakest": r.weakest, "warnings": list(r.warnings)}
                       for r in rows],
            "below": below, "unrated": unrated,
        }))
        return
    if rows:
        terminal.render_doubtful(out, rows)
        say(f"共 {len(rows)} 期可信度低于 {below:.0%}，值得核对（kxdt toc 总第N期 查看其结构）。")
    else:
        say(f"没有可信度低于 {below:.0%} 的期。")
    if unrated:
        say(f"另有 {unrated} 期由旧版 kxdt 归档，没有可信度：用 kxdt parse 文件或文件夹 --replace 重新解析即可补上。")


class StatsFormat(str, Enum):
    xlsx = "xlsx"
    csv = "csv"


class StatsTable(str, Enum):
    units = "units"
    columns = "columns"
    months = "months"
    articles = "articles"


@app.command("stats", options_metavar="[选项]", short_help="供稿统计：按单位、栏目、月份统计，可导出 Excel")
@handle_errors
def stats_command(
    year: Annotated[int | None, typer.Option("--year", help="只统计某一年", min=1900, max=2100)] = None,
    name: Annotated[str | None, typer.Option("--name", help="只统计某个刊名（连同它的增刊）")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="起始日期（含），如 2023-01-01")] = None,
    date_until: Annotated[str | None, typer.Option("--until", help="截止日期（含）")] = None,
    units: Annotated[Path | None, typer.Option("--units", help="单位名称对照文件（TOML，每行 \"统一名称\" = [\"别名\"]）",
                                               show_default=False)] = None,
    to: Annotated[StatsFormat | None, typer.Option("--to", help="导出为 xlsx（Excel，含图表）或 csv", show_default=False)] = None,
    table: Annotated[StatsTable, typer.Option("--table", metavar="<表名>", help="--to csv 写哪张表：units 按单位、"
                                              "columns 按栏目、months 按月份、articles 文章清单")] = StatsTable.units,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件（默认按范围命名；- 表示标准输出，仅 csv）")] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖")] = False,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """供稿统计：各来源单位（按月、按栏目、合计、占比）、各栏目、每月的文章数；可导出 Excel 或 CSV。

    例：kxdt stats --year 2024 --to xlsx
    """
    from ..archive.selection import Selection
    from ..archive.stats import year_stats
    from ..archive.units import UnitMap
    from ..errors import UsageError
    from ..render.json import dumps

    selection = Selection(name=name, year=year, date_from=date_from and _date(date_from, "--from"),
                          date_to=date_until and _date(date_until, "--until"))
    unit_map = UnitMap.from_file(units) if units else None
    if output is not None and str(output) == "-" and (to is not StatsFormat.csv or json):
        raise UsageError("只有不带 --json 的 --to csv 能写到标准输出：请用 -o 给出文件名")
    with open_archive(db, readonly=True) as archive:
        stats = year_stats(archive, selection, unit_map)
    if json:
        print_json(dumps(stats.to_dict()))
    if not stats.issues:
        say(f"没有可统计的期（{stats.scope}）" + ("，未生成文件。" if to else "。"))
        raise typer.Exit(0)
    if to is not None:
        _write_stats(stats, to, table, output, force)
    elif not json:
        from ..render import terminal

        terminal.render_stats(out, stats)
    _say_near_duplicates(stats)


def _write_stats(stats: Any, to: StatsFormat, table: StatsTable, output: Path | None, force: bool) -> None:
    from ..compose import safe_file_name
    from ..io.files import write_atomic
    from ..render import stats_tables

    if to is StatsFormat.xlsx:
        from ..render.xlsx import stats_to_xlsx

        data = stats_to_xlsx(stats)
    else:
        chosen = next(t for t in stats_tables.tables(stats) if t.key == table.value)
        if output is not None and str(output) == "-":
            _to_stdout(stats_tables.to_csv(chosen, bom=False))
            return
        data = stats_tables.to_csv(chosen)
    target = output or Path(safe_file_name(stats.scope.replace(" ", "-") + "供稿统计") + f".{to.value}")
    write_atomic(target, data, force=force)
    say(f"已导出 {target}（{stats.issues} 期，{stats.articles} 篇文章，{len(stats.by_unit)} 个单位）")


def _to_stdout(data: bytes) -> None:
    """Bytes to stdout as they are (UTF-8), whatever the console's encoding."""
    import sys

    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        buffer.write(data)
        buffer.flush()


def _say_near_duplicates(stats: Any) -> None:
    if not stats.near_duplicates:
        return
    where = f"单位对照文件 {stats.units_file}" if stats.units_file else "单位对照文件（--units units.toml）"
    say(f"提醒：以下单位名称相近，现在分开统计；如是同一单位，把这一行加入{where}：", style="yellow")
    for group in stats.near_duplicates:
        counted = "、".join(f"{n}（{k}篇）" for n, k in group.names)
        say(f"  {counted}  →  {group.toml_line()}")
