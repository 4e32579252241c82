"""Running the app under uvicorn on a socket kxdt binds itself (so a port in use is a clear
message before anything starts)."""

from __future__ import annotations

import errno
import ipaddress
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import uvicorn

from ..errors import UsageError
from .app import create_app
from .config import SETTINGS_ENV, Settings

READY_POLL_S = 0.05


def is_loopback(host: str) -> bool:
    """127.0.0.1, ::1, localhost: reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or a UsageError that says what to do."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named: asyncio sets TCP_NODELAY only on connections of such a socket (without it
    # a kept-alive connection waits ~40 ms for each response's second segment).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError as err:
        sock.close()
        if err.errno == errno.EADDRINUSE:
            raise UsageError(f"端口 {port} 已被占用（可能 kxdt serve 已在运行）：请用 --port 换一个端口") from None
        if err.errno in (errno.EACCES, errno.EPERM):
            raise UsageError(f"没有权限使用端口 {port}：请用 --port 换一个 1024 以上的端口") from None
        raise UsageError(f"无法在 {host}:{port} 上提供服务（{err.strerror}）：请检查 --host 和 --port") from None
    sock.set_inheritable(True)
    return sock


@dataclass
class Server:
    settings: Settings
    sock: socket.socket

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    def run(self, on_ready: Callable[[], None] | None = None, *, workers: int = 1) -> None:
        """Serve until Ctrl+C (uvicorn handles the signal and returns). Several workers are
        processes sharing the socket; checked uploads then live in a private folder they share."""
        options = {"log_level": "warning", "access_log": False, "server_header": False, "lifespan": "off"}
        if workers > 1:
            self._run_workers(workers, options, on_ready)
            return
        server = uvicorn.Server(uvicorn.Config(create_app(self.settings), **options))
        if on_ready is not None:
            def wait() -> None:
                while not server.started and not server.should_exit:
                    threading.Event().wait(READY_POLL_S)
                if server.started:
                    on_ready()

            threading.Thread(target=wait, daemon=True).start()
        server.run(sockets=[self.sock])

    def _run_workers(self, workers: int, options: dict[str, Any], on_ready: Callable[[], None] | None) -> None:
        import os
        import shutil
        import tempfile

        from uvicorn.supervisors import Multiprocess

        scratch = Path(tempfile.mkdtemp(prefix="kxdt-serve-"))  # private (0700)
        os.environ[SETTINGS_ENV] = replace(self.settings, scratch=scratch).to_json()
        try:
            config = uvicorn.Config("kxdt.web.app:from_environment", factory=True, workers=workers, **options)
            if on_ready is not None:
                on_ready()  # the socket listens already: requests wait for the workers
            Multiprocess(config, sockets=[self.sock]).run()
        finally:
            os.environ.pop(SETTINGS_ENV, None)
            shutil.rmtree(scratch, ignore_errors=True)


def prepare(settings: Settings, host: str, port: int) -> Server:
    return Server(settings, bind(host, port))
