"""`kxdt serve`: the archive in a browser (the `kxdt[web]` extra, loaded only when it runs)."""

from __future__ import annotations

import contextlib
from typing import Annotated

import typer

from .app import DbOption, app, handle_errors, say

DEFAULT_PORT = 8765


@app.command("serve", options_metavar="[选项]", short_help="在浏览器里查看归档（可供局域网同事访问）")
@handle_errors
def serve_command(
    host: Annotated[str, typer.Option("--host", help="监听地址；0.0.0.0 表示让局域网同事访问（需访问口令）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口", min=1, max=65535)] = DEFAULT_PORT,
    open_browser: Annotated[bool, typer.Option("--open", help="启动后用默认浏览器打开")] = False,
    writable: Annotated[bool, typer.Option("--writable", help="允许把网页上传的文件存入归档（默认只读）")] = False,
    token: Annotated[str | None, typer.Option("--token", help="访问口令（至少 8 个字符）；非本机地址不给则自动生成",
                                              show_default=False)] = None,
    workers: Annotated[int, typer.Option("--workers", help="同时处理请求的进程数（同事多、机器核多时可加大）",
                                         min=1, max=32)] = 1,
    db: DbOption = None,
) -> None:
    """在浏览器里查看归档：首页、各期、检索、统计、上传校对。默认只在本机（127.0.0.1）可访问。

    例：kxdt serve --open

    让局域网同事访问：kxdt serve --host 0.0.0.0 --workers 2
    """
    import secrets

    from ..archive.store import Archive, default_db_path
    from ..errors import ArchiveError, MissingExtraError, UsageError
    from ..web import INSTALL_HINT, missing_packages

    missing = missing_packages()
    if missing:
        raise MissingExtraError(f"网页服务需要 {'、'.join(missing)}：请安装网页扩展 {INSTALL_HINT}")
    from ..web.config import Settings
    from ..web.security import LOOPBACK_HOSTS, MIN_TOKEN_CHARS
    from ..web.server import is_loopback, prepare

    path = db or default_db_path()
    if token is not None and len(token.strip()) < MIN_TOKEN_CHARS:
        raise UsageError(f"--token 的访问口令太短：至少 {MIN_TOKEN_CHARS} 个字符")
    if writable:
        Archive(path).close()  # create it (or refuse a file that is not an archive) before serving
    elif not path.exists():
        raise ArchiveError("还没有归档：先用 kxdt parse 归档往期简报，或加 --writable 从网页上传归档", path=str(path))
    else:
        Archive(path, readonly=True).close()  # a file that is not an archive is refused now, not per page
    local = is_loopback(host)
    generated = token is None and not local
    if generated:
        token = secrets.token_urlsafe(12)
    hosts = (*LOOPBACK_HOSTS, host.strip("[]").lower()) if local else None
    settings = Settings(db=path, writable=writable, token=token.strip() if token else None, hosts=hosts)
    server = prepare(settings, host, port)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{'[' + shown_host + ']' if ':' in shown_host else shown_host}:{server.port}/"
    say(f"归档：{path}（{'可上传归档' if writable else '只读'}）")
    if local:
        say(f"请在浏览器打开 {url}" + (f"?token={token}" if token else "") + "   （只有本机可以访问）")
    else:
        import socket

        say(f"已向局域网开放（{host}）：同事请打开 http://{socket.gethostname()}:{server.port}/ 或用本机的 IP 地址")
        say(f"访问口令：{token}" + ("（自动生成；可用 --token 指定）" if generated else ""), style="bold")
        say(f"带口令的地址（打开一次即可）：{url}?token={token}")
    say("按 Ctrl+C 停止。")

    def opened() -> None:
        if open_browser:
            import webbrowser

            webbrowser.open(url + (f"?token={token}" if token else ""))

    with contextlib.suppress(KeyboardInterrupt):  # uvicorn stops on Ctrl+C, then passes the signal on
        server.run(on_ready=opened, workers=workers)
    say("已停止。")
