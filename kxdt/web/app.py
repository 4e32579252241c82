"""The Starlette application: routes, templates (Jinja2, autoescaped), static files, the guard
in front, and the one place errors become pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from .. import __version__
from ..errors import ArchiveError, EncryptedError, InputError, KxdtError, NoTextError, RefusedError, UsageError
from . import views
from .checked import CheckedIssues
from .config import Settings
from .security import CsrfError, CsrfValue, Guard

HERE = Path(__file__).parent
# HTTP status of each error of the core, shown as a page with its Chinese message.
STATUS_OF_ERROR = ((UsageError, 400), (RefusedError, 409), (EncryptedError, 422), (NoTextError, 422),
                   (InputError, 422), (ArchiveError, 503))
TITLE_OF_STATUS = {400: "输入有误", 401: "需要访问口令", 403: "请求被拒绝", 404: "没有这个页面", 405: "不支持的操作",
                   409: "未能归档", 413: "文件太大", 422: "文件无法读取", 500: "内部错误", 503: "归档暂时不能使用"}


def cn_date(value: str | None) -> str:
    """`2023-08-11` -> `2023年8月11日` (anything else as it is)."""
    if not value or len(value) != 10:
        return value or ""
    year, month, day = value.split("-")
    return f"{year}年{int(month)}月{int(day)}日" if month.isdigit() and day.isdigit() else value


def issue_label(row: object) -> str:
    """`总第74期`, or `2023年第21期` when the 总第 number is unknown."""
    total, year, number = (getattr(row, k, None) for k in ("total", "year", "number"))
    if total is not None:
        return f"总第{total}期"
    return f"{year or '?'}年第{number or '?'}期"


def marked(text: str, terms: tuple[str, ...]) -> Markup:
    """The text escaped, each occurrence of the terms in `<mark>` (the CLI's highlight)."""
    from ..archive.query import marks

    return Markup("".join(f"<mark>{escape(piece)}</mark>" if hit else escape(piece) for piece, hit in marks(text, terms)))


def templates(settings: Settings) -> Jinja2Templates:
    def context(request: Request) -> dict[str, object]:
        return {"csrf": CsrfValue(request.scope["state"]), "writable": settings.writable,
                "token_required": settings.token is not None}

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["cn_date"] = cn_date
    env.filters["issue_label"] = issue_label
    env.filters["basename"] = lambda path: path.replace("\\", "/").rsplit("/", 1)[-1] if path else ""
    env.globals["version"] = __version__
    env.filters["marked"] = marked
    return Jinja2Templates(env=env, context_processors=[context])


def from_environment() -> Starlette:
    """The app of a worker process (uvicorn's factory), from the settings its parent passed on."""
    import os

    from .config import SETTINGS_ENV

    return create_app(Settings.from_json(os.environ[SETTINGS_ENV]))


def create_app(settings: Settings) -> Starlette:
    pages = templates(settings)

    def page(status: int, title: str, message: str, state: dict[str, Any], *, login: bool = False) -> Response:
        html = pages.env.get_template("error.html").render(
            status=status, title=title, message=message, csrf=CsrfValue(state), login=login, nav=None,
            writable=settings.writable, token_required=settings.token is not None)
        return HTMLResponse(html, status_code=status)

    def guard_page(status: int, title: str, message: str, state: dict[str, Any]) -> Response:
        return page(status, title, message, state, login=status == 401)

    def error_page(request: Request, exc: Exception) -> Response:
        state = request.scope["state"]
        if isinstance(exc, KxdtError):
            status = next((s for cls, s in STATUS_OF_ERROR if isinstance(exc, cls)), 400)
            return page(status, TITLE_OF_STATUS.get(status, "出错了"), str(exc), state)
        if isinstance(exc, CsrfError):
            return page(403, "表单已过期", "这个表单已失效（页面打开太久，或来自别的网站）：请刷新页面后重新提交。", state)
        assert isinstance(exc, HTTPException)
        message = {400: "表单无法读取（文件太多或内容不完整）：请只选择一个文件后重新提交。",
                   404: "没有找到这个页面或这一期：请从首页或检索进入。",
                   405: "这个地址不接受这种请求：请从页面上的链接或按钮操作。"}.get(exc.status_code, "请求无法完成：请刷新页面后重试。")
        if exc.detail and exc.status_code == 404 and exc.detail != "Not Found":
            message = exc.detail
        return page(exc.status_code, TITLE_OF_STATUS.get(exc.status_code, "出错了"), message, state)

    routes = [
        Route("/", views.home),
        Route("/issue/{issue_id:int}", views.issue_page),
        Route("/issue/{issue_id:int}/download/{kind}", views.download),
        Route("/search", views.search),
        Route("/stats", views.stats),
        Route("/stats.csv", views.stats_csv),
        Route("/stats.xlsx", views.stats_xlsx),
        Route("/check", views.check_form, methods=["GET"]),
        Route("/check", views.check_upload, methods=["POST"]),
        Route("/check/{key}/docx", views.checked_docx),
        Route("/login", views.login, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Guard, token=settings.token, hosts=settings.hosts, max_body=settings.max_upload,
                               page=guard_page)],
        exception_handlers={KxdtError: error_page, HTTPException: error_page, CsrfError: error_page},
    )
    app.state.settings = settings
    app.state.readers = views.ArchiveReaders(settings.db)
    app.state.templates = pages
    app.state.checked = CheckedIssues(settings.scratch)
    return app
