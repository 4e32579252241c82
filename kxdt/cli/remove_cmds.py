"""`kxdt remove`: take an issue out of the archive (a draft filed by mistake, an example issue)."""

from __future__ import annotations

import re
import sys
from typing import Annotated

import typer

from .app import DbOption, app, handle_errors, say

_NUMBER_RE = re.compile(r"^\s*(?:总\s*第\s*)?([0-9]{1,7})\s*(?:期)?\s*$")
YES_WORDS = ("y", "yes", "是", "确定", "确认")


def total_number(ref: str) -> int:
    """`413` or `总第413期`."""
    from ..errors import UsageError

    match = _NUMBER_RE.match(ref.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    if match is None:
        raise UsageError(f"“{ref}”不是总期号：请写成 413 或 总第413期（用 kxdt list 查看已归档的期号）")
    return int(match.group(1))


def confirmed(question: str) -> bool:
    """Ask on stderr, read the answer from stdin; no answer (not a terminal, end of input) is no."""
    say(f"{question}输入 y 确认，直接回车取消：")
    answer = sys.stdin.readline() if sys.stdin is not None else ""
    return answer.strip().lower() in YES_WORDS


@app.command("remove", options_metavar="[选项]", short_help="从归档删除一期（原文件不动）")
@handle_errors
def remove_command(
    ref: Annotated[str, typer.Argument(metavar="期号", help="要删除的总期号，如 413 或 总第413期", show_default=False)],
    name: Annotated[str | None, typer.Option("--name", help="刊名（归档里有几种简报都有这一期时必填）")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="不再询问，直接删除")] = False,
    db: DbOption = None,
) -> None:
    """从归档删除一期（误归档的草稿、示例）：先列出要删的是哪一期并询问，加 --yes 不询问。原文件不会改动。

    例：kxdt remove 总第413期
    """
    from ..errors import RefusedError
    from .loading import open_archive

    total = total_number(ref)
    with open_archive(db, readonly=True) as archive:  # looking never creates an archive
        found = archive.issues_numbered(total, name)
    with open_archive(db) if found else open_archive(db, readonly=True) as archive:
        rows = archive.issues_numbered(total, name)
        if not rows:
            scope = f"“{name}”的" if name else ""
            raise RefusedError(f"归档里没有{scope}总第{total}期，未删除任何内容：用 kxdt list 查看已归档的期号")
        names = sorted({r.name or "（无刊名）" for r in rows})
        if len(rows) > 1:
            raise RefusedError(f"归档里有 {len(rows)} 期都是总第{total}期（{'、'.join(names)}）：请用 --name 指明刊名")
        row = rows[0]
        label = f"{row.name or '（无刊名）'} {row.year or '?'}年第{row.number or '?'}期（总第{total}期）"
        say(f"将从归档删除：{label}，{row.date or '日期不详'}，{row.articles} 篇文章，来自 {row.file or '（文件不详）'}")
        if not yes and not confirmed("确定删除吗？"):
            say("未删除。要删除请回答 y，或加 --yes。")
            raise typer.Exit(1)
        archive.remove(row.id)
    say(f"已从归档删除 {label}。原文件未改动；要重新归档，用 kxdt parse 该文件。")
