"""`kxdt export` and `kxdt new-issue`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..compose import draft_issue, draft_markdown, file_stem, plan_issue, with_column
from ..errors import InputError, RefusedError
from ..files import write_atomic
from ..model import Article, Issue
from .app import DbOption, app, handle_errors, say
from .loading import load_issue, open_archive


class Format(str, Enum):
    docx = "docx"
    md = "md"
    json = "json"
    txt = "txt"


def render(issue: Issue, fmt: Format) -> bytes:
    if fmt is Format.docx:
        from ..render.docx import issue_to_docx

        return issue_to_docx(issue)
    if fmt is Format.md:
        from ..render.markdown import issue_to_markdown

        return issue_to_markdown(issue).encode("utf-8")
    if fmt is Format.txt:
        from ..render.text import issue_to_text

        return issue_to_text(issue).encode("utf-8")
    from ..render.json import dumps

    return (dumps(issue.to_dict()) + "\n").encode("utf-8")


@app.command("export")
@handle_errors
def export_command(
    issue_ref: Annotated[str, typer.Argument(metavar="ISSUE", help="简报文件，或已归档的总期号（如 74）", show_default=False)],
    to: Annotated[Format, typer.Option("--to", help="输出格式：docx（公文版式）、md（可编辑源文件）、json、txt")] = Format.docx,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件（默认按期号命名；- 表示标准输出，docx 除外）")] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖")] = False,
    password: Annotated[str | None, typer.Option("--password", help="加密 PDF 的打开密码")] = None,
    db: DbOption = None,
) -> None:
    """把一期简报导出为 DOCX（公文版式）、Markdown、JSON 或纯文本。"""
    issue = load_issue(issue_ref, db=db, password=password)
    data = render(issue, to)
    if output is not None and str(output) == "-":
        if to is Format.docx:
            raise InputError("DOCX 不能写到标准输出：请用 -o 给出文件名")
        sys.stdout.write(data.decode("utf-8"))
        return
    target = output or Path(f"{file_stem(issue.masthead)}.{to.value}")
    write_atomic(target, data, force=force)
    say(f"已导出 {target}")


def _read_submissions(paths: list[Path], column: str | None) -> list[Article]:
    from ..parse import parse_articles_document
    from ..readers import read

    articles: list[Article] = []
    for path in paths:
        for article in parse_articles_document(read(path), path=str(path)):
            articles.append(with_column(article, column))
    return articles


@app.command("new-issue")
@handle_errors
def new_issue_command(
    number: Annotated[int, typer.Option("--number", help="要起草的总期号（总第N期）", show_default=False)],
    date: Annotated[str | None, typer.Option("--date", help="出刊日期 YYYY-MM-DD（默认：上一期加一周）")] = None,
    year_number: Annotated[int | None, typer.Option("--year-number", help="年内期号（第N期），默认推算")] = None,
    name: Annotated[str | None, typer.Option("--name", help="刊名（默认沿用上一期）")] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="编发单位（默认沿用上一期）")] = None,
    add: Annotated[list[Path] | None, typer.Option("--add", help="要放入本期的稿件（DOCX 或 TXT，一篇一个文件），可多次")] = None,
    column: Annotated[str | None, typer.Option("--column", help="--add 的稿件放入哪个栏目")] = None,
    out: Annotated[Path, typer.Option("--out", help="草稿写到哪个文件夹")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="覆盖已有草稿；总期号已归档时仍起草")] = False,
    db: DbOption = None,
) -> None:
    """起草下一期：按归档推算年份、期号和日期，沿用刊名、编发单位和近期栏目，写出 Markdown 与 DOCX。"""
    if date is not None:
        from datetime import date as Date

        try:
            date = Date.fromisoformat(date).isoformat()
        except ValueError:
            raise InputError(f"--date 的日期“{date}”格式不对：请写成 2023-08-18") from None
    with open_archive(db) as archive:
        latest = archive.latest(before_total=number, name=name)
        plan = plan_issue(number, latest=latest, recent=archive.recent(8), archived=archive.get(number, name),
                          date=date, year_number=year_number, name=name, issuer=issuer, force=force)
    added = _read_submissions(list(add or []), column)
    issue = draft_issue(plan, added)
    m = plan.masthead
    if plan.basis is not None:
        b = plan.basis.masthead
        say(f"依据 总第{b.total}期（{b.year}年第{b.number}期，{b.date}）推算：{m.year}年第{m.number}期，{m.date}")
    else:
        say(f"按给定信息起草：{m.year}年第{m.number}期（总第{m.total}期），{m.date}")
    if plan.columns:
        say("栏目沿用近期：" + "、".join(plan.columns))
    for note in plan.notes:
        say(f"警告：{note}", style="yellow")
    stem = out / file_stem(m)
    md_path, docx_path = stem.with_suffix(".md"), stem.with_suffix(".docx")
    for path in (md_path, docx_path):
        if path.exists() and not force:
            raise RefusedError("已存在，未覆盖。要覆盖请加 --force", path=str(path))
    from ..render.docx import issue_to_docx

    write_atomic(docx_path, issue_to_docx(issue), force=force)
    write_atomic(md_path, draft_markdown(plan, issue).encode("utf-8"), force=force)
    if added:
        say(f"已放入稿件 {len(added)} 篇：" + "、".join(a.title for a in added))
    say(f"已生成  {docx_path}")
    say(f"        {md_path}   （可编辑源文件，改好后 kxdt export {md_path} --to docx）")
