"""`kxdt check`: proofread issues before they go out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..check.findings import ERROR, GROUP_ALIASES, GROUPS
from ..errors import KxdtError
from .app import DbOption, JsonOption, app, fail, handle_errors, out, print_json, say
from .loading import load_issue_and_document, open_archive

if TYPE_CHECKING:
    from ..check.findings import Finding
    from ..model import Issue

_GROUP_HELP = "、".join(f"{zh}（{en}）" for en, zh in GROUPS.items())


def _groups(only: list[str] | None, skip: list[str] | None) -> set[str]:
    def resolve(values: list[str], option: str) -> set[str]:
        chosen = set()
        for value in (v.strip() for raw in values for v in raw.replace("，", ",").split(",")):
            if value not in GROUP_ALIASES:
                raise typer.BadParameter(f"没有“{value}”这类检查；可选：{_GROUP_HELP}", param_hint=option)
            chosen.add(GROUP_ALIASES[value])
        return chosen

    groups = resolve(only, "--only") if only else set(GROUPS)
    return groups - (resolve(skip, "--skip") if skip else set())


def findings_for(ref: str, *, db: Path | None, groups: set[str], password: str | None = None) -> tuple[Issue, list[Finding]]:
    """One issue's findings (the CLI's one call into the core per input)."""
    from ..check import check_issue, raw_texts

    issue, document = load_issue_and_document(ref, db=db, password=password)
    with open_archive(db, readonly=True) as archive:
        usable = None if archive.is_empty() else archive
        return issue, check_issue(issue, archive=usable, raw=raw_texts(issue, document) if document else (),
                                  groups=groups)


@app.command("check", options_metavar="[选项]", short_help="发出前校对一期简报")
@handle_errors
def check_command(
    refs: Annotated[list[str], typer.Argument(metavar="文件或期号",
                                              help="要校对的简报文件（DOCX、PDF、TXT、Markdown），或已归档的总期号；可多个",
                                              show_default=False)],
    only: Annotated[list[str] | None, typer.Option("--only", help=f"只做这几类检查：{_GROUP_HELP}", show_default=False)] = None,
    skip: Annotated[list[str] | None, typer.Option("--skip", help="跳过这几类检查（名称同 --only）", show_default=False)] = None,
    password: Annotated[str | None, typer.Option("--password", help="加密 PDF 的打开密码")] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """发出前校对：期号日期、目录提要、文章、标点、文中日期、与往期重复。有“错误”时退出码为 1。

    例：kxdt check 第104期.docx
    """
    from ..render import terminal
    from ..render.json import dumps

    groups = _groups(only, skip)
    collected: list[dict[str, object]] = []
    errors = warnings = failed = 0
    for ref in refs:
        try:
            issue, findings = findings_for(ref, db=db, groups=groups, password=password)
        except KxdtError as error:
            if len(refs) == 1:
                raise
            fail(error)
            failed += 1
            continue
        n_errors = sum(1 for f in findings if f.severity == ERROR)
        errors += n_errors
        warnings += len(findings) - n_errors
        if json:
            collected.extend({"file": issue.file or ref, **f.to_dict()} for f in findings)
            continue
        label = f"{issue.masthead.name or ''}{issue.masthead.label()}"
        heading = f"{Path(issue.file).name if issue.file else '归档'}：{label}"
        if findings:
            terminal.render_findings(out, findings, heading)
        else:
            say(heading)
        say(f"错误 {n_errors} 处 · 提醒 {len(findings) - n_errors} 处" if findings else "没有发现问题。",
            style="bold red" if n_errors else None)
    if json:
        print_json(dumps(collected))
    elif len(refs) > 1:
        say(f"共 {len(refs)} 期：错误 {errors} 处 · 提醒 {warnings} 处" + (f" · 无法读取 {failed} 个" if failed else ""))
    if errors or failed:
        raise typer.Exit(1)


def count_errors(issue: Issue, *, db: Path | None) -> int:
    """How many 错误 `check` would report (for `export`'s warning); never raises for the archive."""
    from ..check import check_issue

    try:
        with open_archive(db, readonly=True) as archive:
            found = check_issue(issue, archive=None if archive.is_empty() else archive)
    except KxdtError:
        found = check_issue(issue)
    return sum(1 for f in found if f.severity == ERROR)

