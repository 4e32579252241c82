"""`kxdt info`: the version, and where the archive is, how big, how many issues."""

from __future__ import annotations

import os
from pathlib import Path

from .app import DbOption, JsonOption, app, handle_errors, out, print_json, say

KB = 1024


def human_size(size: int) -> str:
    if size < KB:
        return f"{size} 字节"
    if size < KB * KB:
        return f"{size / KB:.0f} KB"
    if size < KB**3:
        return f"{size / KB / KB:.1f} MB"
    return f"{size / KB**3:.2f} GB"


def archive_origin(db: Path | None) -> str:
    """Why the archive is where it is."""
    if db is not None:
        return "--db 指定"
    if os.environ.get("KXDT_DB"):
        return "环境变量 KXDT_DB 指定"
    return "默认位置；用环境变量 KXDT_DB 或 --db 可换到别处"


@app.command("info", options_metavar="[选项]", short_help="版本，归档在哪里、多大、有几期")
@handle_errors
def info_command(json: JsonOption = False, db: DbOption = None) -> None:
    """显示版本和归档的位置、大小、期数（归档默认在用户数据目录，环境变量 KXDT_DB 可改）。

    例：kxdt info
    """
    from .. import __version__
    from ..io.places import network_warning
    from .loading import open_archive

    with open_archive(db, readonly=True) as archive:
        summary = archive.summary()
    warning = network_warning(summary.path)
    if json:
        from ..render.json import dumps

        print_json(dumps({"version": __version__, "archive": str(summary.path), "exists": summary.exists,
                          "size": summary.size, "issues": summary.issues, "articles": summary.articles,
                          "names": list(summary.names), "network_share": warning is not None}))
        return
    out.print(f"kxdt {__version__}", markup=False, highlight=False, soft_wrap=True)
    out.print(f"归档：{summary.path}（{archive_origin(db)}）", markup=False, highlight=False, soft_wrap=True)
    if summary.exists:
        facts = f"      {human_size(summary.size)} · 共 {summary.issues} 期 · {summary.articles} 篇文章"
        if summary.names:
            facts += " · 刊名：" + "、".join(summary.names)
        out.print(facts, markup=False, highlight=False, soft_wrap=True)
    else:
        out.print("      还没有建立：第一次 kxdt parse 归档时自动创建", markup=False, highlight=False, soft_wrap=True)
    if warning:
        say(f"警告：{warning}", style="yellow")


def version_line(db: Path | None = None) -> str:
    """`kxdt --version`: the version and the archive's place (without opening it)."""
    from .. import __version__
    from ..archive.store import default_db_path

    return f"kxdt {__version__}\n归档：{db or default_db_path()}（kxdt info 查看大小和期数）"


