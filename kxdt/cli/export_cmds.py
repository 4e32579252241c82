"""`kxdt export` and `kxdt new-issue`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .app import DbOption, app, handle_errors, say

LayoutOption = Annotated[
    Path | None,
    typer.Option("--layout", help="本单位的版式文件（JSON 或 TOML，只写要改的项，如页边距、字体、字号）", show_default=False),
]


class TocMode(str, Enum):
    auto = "auto"
    titles = "titles"
    keep = "keep"


class Format(str, Enum):
    docx = "docx"
    md = "md"
    json = "json"
    txt = "txt"


@app.command("export", options_metavar="[选项]", short_help="导出为 DOCX、Markdown、JSON 或文本；年度汇编")
@handle_errors
def export_command(
    issue_ref: Annotated[str | None, typer.Argument(metavar="文件或期号", help="简报文件，或已归档的总期号（如 74）；"
                                                    "汇编时不写，改用 --year、--from/--until 或 --issues",
                                                    show_default=False)] = None,
    to: Annotated[Format, typer.Option("--to", help="输出格式：docx（公文版式）、md（可编辑源文件）、json、txt")] = Format.docx,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件（默认按期号命名；- 表示标准输出，docx 除外）")] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖")] = False,
    toc: Annotated[TocMode, typer.Option("--toc", help="目录提要：auto 为空时按标题生成；titles 总按标题生成；keep 保持原样")] = TocMode.auto,
    password: Annotated[str | None, typer.Option("--password", help="加密 PDF 的打开密码")] = None,
    layout: LayoutOption = None,
    year: Annotated[int | None, typer.Option("--year", help="年度汇编：把这一年已归档的各期汇成一个 DOCX", min=1900,
                                             max=2100, rich_help_panel="年度汇编")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="汇编：起始日期（含），如 2023-01-01",
                                                  rich_help_panel="年度汇编")] = None,
    date_until: Annotated[str | None, typer.Option("--until", help="汇编：截止日期（含）", rich_help_panel="年度汇编")] = None,
    issues: Annotated[str | None, typer.Option("--issues", help="汇编：这些总期号，如 53-60,62",
                                               rich_help_panel="年度汇编")] = None,
    name: Annotated[str | None, typer.Option("--name", help="汇编：刊名（归档里有多种简报时；增刊随同收入）",
                                             rich_help_panel="年度汇编")] = None,
    units: Annotated[Path | None, typer.Option("--units", help="汇编：单位名称对照文件（来源单位索引按它合并）",
                                               show_default=False, rich_help_panel="年度汇编")] = None,
    db: DbOption = None,
) -> None:
    """把一期简报导出为 DOCX（公文版式）、Markdown、JSON 或纯文本；或把一年（一段时间、一批期号）汇编成一个 DOCX。

    例：kxdt export 104 --to docx

    年度汇编：kxdt export --year 2023 -o 2023年汇编.docx
    """
    from ..errors import UsageError

    volume_wanted = any(v is not None for v in (year, date_from, date_until, issues, name, units))
    if volume_wanted or issue_ref is None:
        if issue_ref is not None:
            raise UsageError(f"“{issue_ref}”与 --year/--from/--until/--issues 不能同时用：导出一期请只写文件或期号，"
                             "汇编请去掉它")
        if not volume_wanted:
            raise UsageError("缺少参数 文件或期号：请给出要导出的简报文件或总期号；汇编多期请用 --year、--from/--until 或 --issues")
        if to is not Format.docx:
            raise UsageError("汇编只能导出为 DOCX（--to docx）")
        _export_volume(year=year, date_from=date_from, date_until=date_until, issues=issues, name=name,
                       units=units, output=output, force=force, layout=layout, db=db)
        return
    _export_issue(issue_ref, to=to, output=output, force=force, toc=toc, password=password, layout=layout, db=db)


def _export_issue(issue_ref: str, *, to: Format, output: Path | None, force: bool, toc: TocMode,
                  password: str | None, layout: Path | None, db: Path | None) -> None:
    from ..compose import export_path, fill_toc, same_file
    from ..errors import RefusedError, UsageError
    from ..io.files import write_atomic
    from ..render import render
    from ..render.layout import Layout
    from .check_cmds import count_errors
    from .loading import is_archived_ref, load_issue

    chosen = Layout.from_file(layout) if layout else None
    issue, filled = fill_toc(load_issue(issue_ref, db=db, password=password), toc.value)
    if filled and toc is TocMode.auto:
        say("目录提要为空，已按文章标题生成（--toc keep 保持为空）")
    if output is not None and str(output) == "-":
        if to is Format.docx:
            raise UsageError("DOCX 不能写到标准输出：请用 -o 给出文件名")
        sys.stdout.write(render(issue, to.value).decode("utf-8"))
        return
    source = None if is_archived_ref(issue_ref) else Path(issue_ref)
    if output is not None and source is not None and same_file(output, source) and not force:
        raise RefusedError("-o 给出的就是要导出的文件本身，导出会改写它：请换一个文件名（不加 -o 则自动命名）", path=str(output))
    target = output or export_path(issue.masthead, to.value, source)
    write_atomic(target, render(issue, to.value, chosen), force=force)
    say(f"已导出 {target}")
    errors = count_errors(issue, db=db)
    if errors:
        say(f"提醒：本期有 {errors} 处错误，发出前请用 kxdt check {issue_ref} 查看并改正", style="yellow")


def _export_volume(*, year: int | None, date_from: str | None, date_until: str | None, issues: str | None,
                   name: str | None, units: Path | None, output: Path | None, force: bool, layout: Path | None,
                   db: Path | None) -> None:
    from ..archive.selection import Selection, parse_totals
    from ..archive.units import UnitMap
    from ..archive.volume import plan_volume, volume_issues
    from ..compose import parse_date, safe_file_name
    from ..errors import UsageError
    from ..io.files import write_atomic_with
    from ..render.layout import Layout
    from ..render.volume import write_volume
    from .loading import open_archive

    if output is not None and str(output) == "-":
        raise UsageError("DOCX 不能写到标准输出：请用 -o 给出文件名")
    selection = Selection(name=name, year=year, date_from=date_from and parse_date(date_from, "--from"),
                          date_to=date_until and parse_date(date_until, "--until"),
                          totals=parse_totals(issues) if issues is not None else ())
    chosen = Layout.from_file(layout) if layout else Layout()
    unit_map = UnitMap.from_file(units) if units else None
    with open_archive(db, readonly=True) as archive:
        volume = plan_volume(archive, selection, unit_map)
        target = output or Path(safe_file_name("-".join(p for p in (volume.name, volume.title) if p)) + ".docx")
        write_atomic_with(target, lambda fh: write_volume(fh, volume, volume_issues(archive, volume), chosen),
                          force=force)
    say(f"已导出 {target}（{volume.title}：{len(volume.issues)} 期，{volume.articles} 篇文章）")
    if volume.gaps:
        say("缺期：" + "、".join(volume.gaps) + "（已在目录页注明）", style="yellow")
    say("目录和索引的页码是域，由排版的程序填入：Word 打开时会询问是否更新域，请选“是”")


@app.command("new-issue", options_metavar="[选项]", short_help="起草下一期")
@handle_errors
def new_issue_command(
    submissions: Annotated[list[Path] | None, typer.Argument(
        metavar="稿件", help="要放入本期的稿件（同 --add），可多个", show_default=False)] = None,
    number: Annotated[int, typer.Option("--number", help="要起草的总期号（总第N期）", show_default=False,
                                        min=1, max=999_999)] = ...,  # type: ignore[assignment]
    date: Annotated[str | None, typer.Option("--date", help="出刊日期，如 2024-03-15、2024年3月15日 或 3月15日（默认：上一期加一周）")] = None,
    year_number: Annotated[int | None, typer.Option("--year-number", help="年内期号（第N期），默认推算", min=1, max=1000)] = None,
    name: Annotated[str | None, typer.Option("--name", help="刊名（默认沿用上一期）")] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="编发单位（默认沿用上一期）")] = None,
    add: Annotated[list[Path] | None, typer.Option("--add", help="要放入本期的稿件（DOCX 或 TXT，一篇一个文件），可多次")] = None,
    column: Annotated[str | None, typer.Option("--column", help="--add 的稿件放入哪个栏目")] = None,
    out: Annotated[Path, typer.Option("--out", help="草稿写到哪个文件夹")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="覆盖已有草稿；总期号已归档时仍起草")] = False,
    layout: LayoutOption = None,
    db: DbOption = None,
) -> None:
    """起草下一期：按归档推算年份、期号和日期，沿用刊名、编发单位和近期栏目，写出 Markdown 与 DOCX。

    例：kxdt new-issue --number 104 --add 来稿.docx
    """
    from ..compose import make_draft
    from ..render.layout import Layout
    from .loading import open_archive

    with open_archive(db, readonly=True) as archive:
        draft = make_draft(archive, number, out=out, date=date, year_number=year_number, name=name,
                           issuer=issuer, add=[*(add or ()), *(submissions or ())], column=column, force=force,
                           layout=Layout.from_file(layout) if layout else None)
    plan, m = draft.plan, draft.plan.masthead
    if plan.basis is not None:
        b = plan.basis.masthead
        say(f"依据 总第{b.total}期（{b.year}年第{b.number}期，{b.date}）推算：{m.year}年第{m.number}期，{m.date}")
    else:
        say(f"按给定信息起草：{m.year}年第{m.number}期（总第{m.total}期），{m.date}")
    if plan.columns:
        say("栏目沿用近期：" + "、".join(plan.columns))
    for note in plan.notes:
        say(f"警告：{note}", style="yellow")
    for info in plan.infos:
        say(f"提示：{info}")
    if draft.added:
        say(f"已放入稿件 {len(draft.added)} 篇：" + "、".join(a.title for a in draft.added))
    say(f"已生成  {draft.docx_path}")
    say(f"        {draft.markdown_path}   （可编辑源文件，改好后 kxdt export {draft.markdown_path} --to docx）")
