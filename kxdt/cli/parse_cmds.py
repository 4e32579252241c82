"""`kxdt parse` and `kxdt toc`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import DbOption, JsonOption, app, err, handle_errors, out, print_json, say

if TYPE_CHECKING:
    from ..archive.store import FileResult
    from ..batch import Outcome
    from ..model import Issue

# The core and the renderers load inside each command: `kxdt --help` and the archive's
# commands never pay for the parser (see tests/test_startup.py).

_ARCHIVED = {"added": "新增", "unchanged": "已归档，无变化", "same": "已归档，无变化", "replaced": "已替换"}
# Warnings printed for one issue, and per file after a batch (the JSON holds them all).
MAX_SHOWN_WARNINGS = 50
MAX_BATCH_WARNINGS = 5
_SHORT = {"added": "新增", "unchanged": "无变化", "same": "无变化", "replaced": "已替换"}


def _archived(result: FileResult, *, short: bool = False) -> str:
    if short:
        return _SHORT[result.status]
    text = _ARCHIVED[result.status]
    if result.status == "same" and not short:
        text += f"；与 {result.archived_file} 是同一期，内容相同"
    return text


def _toc_summary(issue: Issue) -> str:
    from ..text.matching import match_highlights

    if not issue.toc:
        return "没有目录提要。"
    missing = sum(1 for hit in match_highlights(issue.toc, [a.title for a in issue.articles]) if hit is None)
    if missing:
        return f"目录提要 {len(issue.toc)} 条，其中 {missing} 条未找到对应文章。"
    return f"目录提要 {len(issue.toc)} 条，均已对应正文。"


@app.command("parse", options_metavar="[选项]", short_help="解析简报，存入归档")
@handle_errors
def parse_command(
    files: Annotated[list[str], typer.Argument(
        metavar="文件",
        help="简报文件、文件夹或网址，可多个",
        show_default=False)],
    json: JsonOption = False,
    no_archive: Annotated[bool, typer.Option("--no-archive", help="只解析，不存入归档")] = False,
    replace: Annotated[bool, typer.Option("--replace", help="同一期已由另一个文件归档时，用本文件替换；同一文件再次解析时，存入新的解析结果")] = False,
    password: Annotated[str | None, typer.Option("--password", help="加密 PDF 的打开密码")] = None,
    pages: Annotated[bool, typer.Option("--pages", help="给出的图片（或文件夹里的图片，按文件名顺序）是同一期的各页，合为一期做文字识别")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="同时解析几个文件（用几个处理器核；扫描件做文字识别时有用）",
                                      min=1, max=64)] = 1,
    db: DbOption = None,
) -> None:
    """解析简报：报头、目录提要、栏目与文章；默认存入归档。

    例：kxdt parse 往期简报/
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..archive.store import lock_wait_progress
    from ..batch import expand, parse_many, parse_pages_outcome
    from ..errors import ArchiveError, InputError
    from ..readers.ocr import page_progress
    from .loading import open_archive

    paths = [] if pages else list(expand(files))
    if not paths and not pages:
        raise InputError("文件夹里没有可解析的文件（PDF、DOCX、TXT、Markdown）", path=", ".join(map(str, files)))
    single = pages or (len(files) == 1 and len(paths) == 1 and not Path(files[0]).is_dir())
    archive, unusable = None, None

    def lock_waited(path: str, seconds: float) -> None:
        say(f"归档正被另一个程序写入，已等待 {seconds:.0f} 秒，继续等待……（{path}）")

    with lock_wait_progress(lock_waited):  # opening the archive and filing each issue may wait
        if not no_archive:
            try:
                archive = open_archive(db)
            except ArchiveError as error:
                unusable = error  # parse anyway: the archive's trouble is reported at the end

        def file_in(issue: Issue, tokens: list[tuple[str, str]] | None = None) -> FileResult:
            assert archive is not None
            return archive.add(issue, replace=replace, tokens=tokens)

        def page_done(path: str, done: int, total: int) -> None:
            say(f"文字识别（OCR）：{Path(path).name} 第{done}/{total}页")

        try:
            if pages:
                with page_progress(page_done):
                    outcomes = [parse_pages_outcome(files, file_in=file_in if archive else None)]
            elif single:
                with page_progress(page_done):
                    outcomes = parse_many(paths, password=password, file_in=file_in if archive else None)
            else:
                from ..archive.store import filed_file

                # Each file is filed in a transaction of its own: the write lock is never held while
                # the next file is read, so another kxdt filing meanwhile waits a moment, not the batch.
                done: list[Outcome] = []
                try:
                    with Progress(TextColumn("解析中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                  console=err, transient=False) as progress:
                        task = progress.add_task("parse", total=len(paths))

                        def one_done(outcome: Outcome) -> None:
                            done.append(outcome)
                            progress.advance(task)

                        outcomes = parse_many(paths, password=password, file_in=file_in if archive else None,
                                              on_done=one_done, jobs=jobs,
                                              known=(lambda digest: filed_file(archive, digest)) if archive else None)
                except KeyboardInterrupt:
                    raise typer.Exit(_interrupted(done, len(paths), archived=archive is not None)) from None
        finally:
            if archive is not None:
                archive.close()
    try:
        if single:
            _show_single(outcomes[0], json)
        else:
            _show_batch(outcomes, json)
    finally:
        if unusable is not None:
            say(f"未归档：{unusable}", style="bold red")
    if unusable is not None:
        raise typer.Exit(unusable.exit_code)


def _interrupted(done: list[Outcome], total: int, *, archived: bool) -> int:
    """What an interrupted batch did, and how to go on; the exit code of an interruption."""
    filed = sum(1 for o in done if o.archived is not None and o.archived.status in ("added", "replaced"))
    message = f"已中断：{total} 个文件已处理 {len(done)} 个"
    if archived:
        message += (f"，其中 {filed} 个新归档（已归档的都保留在归档里）。"
                    "再运行同一条命令即可从中断处接着做：已归档的文件不会重复解析、重复归档。")
    else:
        message += "（--no-archive：没有归档任何内容）。"
    say(message)
    return 130


def _show_single(outcome: Outcome, json: bool) -> None:
    """The parsed issue; then, if it could not be filed, the reason (and its exit code)."""
    from ..parse.confidence import found_summary
    from ..render import terminal
    from ..render.json import dumps

    issue = outcome.issue
    if issue is None:
        assert outcome.error is not None
        raise outcome.error
    for note in outcome.notes:
        say(f"提示：{note}")
    if json:
        print_json(dumps(issue.to_dict()))
    else:
        terminal.render_issue(out, issue)
    for warning in issue.warnings[:MAX_SHOWN_WARNINGS]:
        say(f"警告：{warning}", style="yellow")
    if len(issue.warnings) > MAX_SHOWN_WARNINGS:
        say(f"……另有 {len(issue.warnings) - MAX_SHOWN_WARNINGS} 条警告未显示（加 --json 可看全部）", style="yellow")
    say(found_summary(issue))
    message = _toc_summary(issue)
    if outcome.archived:
        message += f"已归档：{issue.masthead.label() or outcome.path}（{_archived(outcome.archived)}）。"
    say(message)
    if outcome.error is not None:
        raise outcome.error
    if outcome.unfiled is not None:
        say(f"未归档：{outcome.unfiled}", style="bold red")
        raise typer.Exit(1)


def _show_batch(outcomes: list[Outcome], json: bool) -> None:
    from ..errors import InternalError
    from ..render import terminal
    from ..render.json import dumps

    ok = [o for o in outcomes if o.issue is not None and o.error is None and o.unfiled is None]
    unfiled = [o for o in outcomes if o.unfiled is not None]
    failed = [o for o in outcomes if o.error is not None]
    warned = [o for o in ok if o.issue and o.issue.warnings]
    if json:
        print_json(dumps([o.issue.to_dict() for o in outcomes if o.issue]))
    else:
        rows = [(o.path, o.issue, "失败" if o.error else "未归档" if o.unfiled
                 else _archived(o.archived, short=True) if o.archived else "已解析") for o in outcomes]
        terminal.render_batch(out, rows)
        folders = {str(Path(o.path).parent) for o in outcomes}
        if len(folders) == 1:
            say(f"文件都在：{folders.pop()}")
        for o in outcomes:
            if o.archived is not None and o.archived.status == "same":
                say(f"  {Path(o.path).name}：与 {Path(o.archived.archived_file or '').name} 是同一期，内容相同")
    say(f"成功 {len(ok)} · 有警告 {len(warned)}" + (f" · 未归档 {len(unfiled)}" if unfiled else "")
        + f" · 失败 {len(failed)}")
    for o in unfiled:
        say(f"  未归档  {o.path}  {o.unfiled}", style="yellow")
    for o in failed:
        assert o.error is not None
        say(f"  失败  {o.path}  {o.error.message}", style="red")
    for o in warned:
        assert o.issue is not None
        shown = "；".join(o.issue.warnings[:MAX_BATCH_WARNINGS])
        more = len(o.issue.warnings) - MAX_BATCH_WARNINGS
        say(f"  警告  {o.path}  {shown}" + (f"；另有 {more} 条" if more > 0 else ""), style="yellow")
    if failed:
        # A bug met on any file is an internal error, as it is for one file or any other command.
        raise typer.Exit(InternalError.exit_code if any(isinstance(o.error, InternalError) for o in failed) else 1)


@app.command("toc", options_metavar="[选项]", short_help="显示一期的目录")
@handle_errors
def toc_command(
    issue_ref: Annotated[str, typer.Argument(metavar="文件或期号", help="简报文件，或已归档的总期号（如 74）", show_default=False)],
    json: JsonOption = False,
    password: Annotated[str | None, typer.Option("--password", help="加密 PDF 的打开密码")] = None,
    db: DbOption = None,
) -> None:
    """显示一期的目录：目录提要及其对应文章，和全部文章（栏目、标题、来源、页）。

    例：kxdt toc 104
    """
    from ..render import terminal
    from ..render.json import dumps
    from ..text.matching import match_highlights
    from .loading import load_issue

    issue = load_issue(issue_ref, db=db, password=password)
    matches = match_highlights(issue.toc, [a.title for a in issue.articles])
    if json:
        print_json(dumps({
            "masthead": issue.masthead.to_dict(),
            "toc": [{"text": item, "article": hit} for item, hit in zip(issue.toc, matches)],
            "articles": [{"column": a.column, "title": a.title, "source": a.source, "page": a.page}
                         for a in issue.articles],
        }))
        return
    terminal.render_toc(out, issue, matches)
    say(_toc_summary(issue))




@app.command("explain", options_metavar="[选项]", short_help="逐块说明解析的依据")
@handle_errors
def explain_command(
    file: Annotated[str, typer.Argument(metavar="文件", help="简报文件", show_default=False)],
    json: JsonOption = False,
    password: Annotated[str | None, typer.Option("--password", help="加密 PDF 的打开密码")] = None,
) -> None:
    """逐块列出解析的依据：每一块认作什么（报头、目录、栏目、标题、正文、来源……）、有几成把握、为什么。不存入归档。"""
    from ..api import explain_file
    from ..parse.confidence import found_summary
    from ..render import terminal
    from ..render.json import dumps

    issue, steps = explain_file(file, password=password)
    if json:
        print_json(dumps([{"text": text, "role": d.role, "confidence": d.confidence, "reason": d.reason,
                           "doubts": d.doubts or None, "value": d.value} for text, d in steps]))
    else:
        terminal.render_explain(out, steps)
    say(found_summary(issue))
