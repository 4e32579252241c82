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


@app.command("export", options_metavar="[选项]", short_help="导出为 DOCX、Markdown、JSON 或文本")
@handle_errors
def export_command(
    issue_ref: Annotated[str, typer.Argument(metavar="文件或期号", help="简报文件，或已归档的总期号（如 74）", show_default=False)],
    to: Annotated[Format, typer.Option("--to", help="输出格式：docx（公文版式）、md（可编辑源文件）、json、txt")] = Format.docx,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件（默认按期号命名；- 表示标准输出，docx 除外）")] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖")] = False,
    toc: Annotated[TocMode, typer.Option("--toc", help="目录提要：auto 为空时按标题生成；titles 总按标题生成；keep 保持原样")] = TocMode.auto,
    password: Annotated[str | None, typer.Option("--password", help="加密 PDF 的打开密码")] = None,
    layout: LayoutOption = None,
    db: DbOption = None,
) -> None:
    """把一期简报导出为 DOCX（公文版式）、Markdown、JSON 或纯文本。

    例：kxdt export 104 --to docx
    """
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
