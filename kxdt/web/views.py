"""The pages: each reads the request, calls the core once, and renders a template.

Sync views run in Starlette's thread pool, each thread with its own read-only archive
(`readers`); the upload views read the form here and hand the bytes to the core there.
"""

from __future__ import annotations

import functools
import itertools
import math
import threading
from dataclasses import dataclass, replace
from datetime import date as Date
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from ..archive import Archive, SearchFilters
from ..errors import InputError, KxdtError, UsageError
from . import charts
from .config import LATEST_ISSUES, MAX_FIELD_CHARS, MAX_PAGES, MAX_QUERY_CHARS, PAGE_SIZE, UPLOAD_SUFFIXES, Settings
from .security import checked_form, signed_in_cookie, token_matches

FORMATS = {  # download name -> (renderer format, extension, media type)
    "docx": ("docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "md": ("md", "md", "text/markdown; charset=utf-8"),
    "json": ("json", "json", "application/json; charset=utf-8"),
}


class ArchiveReaders:
    """One read-only Archive per worker thread (a SQLite connection stays in its thread)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._local = threading.local()

    def get(self) -> Archive:
        archive = getattr(self._local, "archive", None)
        if archive is None:
            archive = Archive(self.db, readonly=True)
            self._local.archive = archive
        return archive


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _archive(request: Request) -> Archive:
    return request.app.state.readers.get()


def _page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


def attachment(data: bytes, filename: str, media_type: str) -> Response:
    """A download with its Chinese file name (RFC 6266) and an ASCII fall-back."""
    fallback = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in filename)
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={"content-disposition": disposition})


# -- home --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Publication:
    name: str | None
    count: int
    latest: list[Any]  # IssueRow, newest first
    gaps: list[dict[str, Any]]
    first: Any
    last: Any


def home(request: Request) -> Response:
    from ..archive.listing import flag_issues

    rows = _archive(request).issues()
    flags, gaps = flag_issues(rows)
    publications = []
    for name, group in itertools.groupby(rows, key=lambda r: r.name):
        issues = list(group)
        dated = sorted(issues, key=lambda r: (r.total is not None, r.total or 0, r.date or ""))
        publications.append(Publication(name, len(issues), list(reversed(dated[-LATEST_ISSUES:])),
                                        [g for g in gaps if g["name"] == name], dated[0], dated[-1]))
    # The publication with the newest issue first (the office's own, as a rule).
    publications.sort(key=lambda p: max((r.date or "" for r in p.latest), default=""), reverse=True)
    return _page(request, "home.html", {"publications": publications, "flags": flags, "nav": "home"})


# -- an issue ----------------------------------------------------------------------------------
def issue_page(request: Request) -> Response:
    from ..text.matching import match_highlights

    entry = _archive(request).entry(request.path_params["issue_id"])
    if entry is None:
        raise HTTPException(404)
    issue = entry.issue
    targets = match_highlights(issue.toc, [a.title for a in issue.articles])
    original = entry.row.file is not None and Path(entry.row.file).is_file()
    return _page(request, "issue.html", {
        "entry": entry, "issue": issue, "m": issue.masthead, "toc": list(zip(issue.toc, targets)),
        "original": Path(entry.row.file).name if original and entry.row.file else None, "nav": "issue",
    })


def download(request: Request) -> Response:
    """An archived issue as DOCX (the office layout), Markdown or JSON, or its original file;
    always by archive id."""
    from ..compose import file_stem, fill_toc
    from ..render import render

    kind = request.path_params["kind"]
    entry = _archive(request).entry(request.path_params["issue_id"])
    if entry is None or (kind != "original" and kind not in FORMATS):
        raise HTTPException(404)
    if kind == "original":
        path = Path(entry.row.file) if entry.row.file else None
        if path is None or not path.is_file():
            raise HTTPException(404, "归档记录的原文件已不在原处（可能被移动或删除）")
        return FileResponse(path, filename=path.name, content_disposition_type="attachment")
    fmt, ext, media = FORMATS[kind]
    issue, _ = fill_toc(entry.issue) if fmt == "docx" else (entry.issue, False)
    return attachment(render(issue, fmt), f"{file_stem(issue.masthead)}.{ext}", media)


# -- search ------------------------------------------------------------------------------------
INLINE_QUERY_CHARS = 16  # queries up to this long are searched on the event loop (see search)


@dataclass(frozen=True)
class SearchForm:
    q: str = ""
    year: str = ""
    date_from: str = ""
    date_to: str = ""
    column: str = ""
    source: str = ""
    name: str = ""
    page: int = 1

    FIELDS = (("q", "q"), ("year", "year"), ("date_from", "from"), ("date_to", "to"), ("column", "column"),
              ("source", "source"), ("name", "name"))

    @classmethod
    def from_query(cls, params: Any) -> SearchForm:
        values = {attr: (params.get(key) or "").strip() for attr, key in cls.FIELDS}
        for attr, _ in cls.FIELDS:
            limit = MAX_QUERY_CHARS if attr == "q" else MAX_FIELD_CHARS
            if len(values[attr]) > limit:
                raise UsageError(f"输入太长（超过 {limit} 个字）：请缩短后再检索")
        page = (params.get("page") or "1").strip()
        if not page.isdigit() or not 1 <= int(page) <= MAX_PAGES:
            raise UsageError(f"页码应是 1 到 {MAX_PAGES} 之间的数字：请加筛选条件缩小范围")
        return cls(**values, page=int(page))

    def filters(self) -> SearchFilters:
        year = None
        if self.year:
            if not self.year.isdigit() or not 1900 <= int(self.year) <= 2100:
                raise UsageError(f"年份“{self.year}”不对：请写四位数的年份，如 2023")
            year = int(self.year)
        return SearchFilters(year=year, date_from=_iso(self.date_from, "起始日期"), date_to=_iso(self.date_to, "截止日期"),
                             column=self.column or None, source=self.source or None, name=self.name or None)

    @property
    def filtered(self) -> bool:
        return any((self.year, self.date_from, self.date_to, self.column, self.source, self.name))

    def url(self, **changes: Any) -> str:
        """This search's address (a page of it, or with a filter changed): the query is in the URL."""
        form = replace(self, **changes) if set(changes) - {"page"} else self
        query = form.query
        page = changes.get("page", form.page)
        if page > 1:
            query += ("&" if query else "") + f"page={int(page)}"
        return "/search" + ("?" + query if query else "")

    @functools.cached_property
    def query(self) -> str:
        """The query string of the search without its page (encoded once for all its links)."""
        return urlencode([(key, getattr(self, attr)) for attr, key in self.FIELDS if getattr(self, attr)])


def _iso(value: str, what: str) -> str | None:
    if not value:
        return None
    try:
        return Date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"{what}“{value}”格式不对：请写成 2023-08-18") from None


async def search(request: Request) -> Response:
    """A short query is a few milliseconds of CPU and runs on the event loop: handed to a thread
    it cost a third more (the thread hop and GIL hand-offs), and under load its latency with it.
    A long one may read much more of the index and goes to a thread, never holding up others."""
    if len(request.query_params.get("q") or "") <= INLINE_QUERY_CHARS:
        return _search(request)
    return await run_in_threadpool(_search, request)


def _search(request: Request) -> Response:
    fragment = request.query_params.get("fragment") == "1"
    template = "_results.html" if fragment else "search.html"
    try:
        form = SearchForm.from_query(request.query_params)
        filters = form.filters()
    except UsageError as error:
        return _page(request, template, {"form": SearchForm(), "error": error.message, "nav": "search"}, 400)
    context: dict[str, Any] = {"form": form, "filters": filters, "nav": "search", "result": None}
    if form.q:
        try:
            result = _archive(request).search(form.q, filters, limit=PAGE_SIZE, offset=(form.page - 1) * PAGE_SIZE,
                                              count_limit=MAX_PAGES * PAGE_SIZE)
        except UsageError as error:
            context["error"] = error.message
            return _page(request, template, context, 400)
        pages = min(MAX_PAGES, max(1, math.ceil(result.matched / PAGE_SIZE)))
        context.update(result=result, pages=pages, scope=filters.describe(),
                       publications=len({h.name for h in result.hits}))
    return _page(request, template, context)


# -- statistics --------------------------------------------------------------------------------
def _year(request: Request) -> int | None:
    value = (request.query_params.get("year") or "").strip()
    if not value:
        return None
    if not value.isdigit() or not 1900 <= int(value) <= 2100:
        raise UsageError(f"年份“{value}”不对：请写四位数的年份，如 2023")
    return int(value)


def stats(request: Request) -> Response:
    year = _year(request)
    archive = _archive(request)
    numbers = archive.stats(year)
    years = archive.years()
    months = charts.months_of(year, numbers["months"]) if year is not None else None
    figures = {
        "sources": charts.horizontal("供稿统计（按来源单位）", numbers["sources"]),
        "columns": charts.horizontal("各栏目文章数", numbers["columns"]),
        "months": charts.vertical(f"{year}年每月文章数", months) if months else None,
        "years": charts.vertical("每年文章数", [(f"{y}", n) for y, _, n in years]) if years else None,
    }
    return _page(request, "stats.html", {"stats": numbers, "year": year, "years": years, "charts": figures,
                                         "nav": "stats"})


def _year_stats(request: Request) -> tuple[Any, int | None]:
    """The same statistics `kxdt stats --year` computes (one source of the numbers)."""
    from ..archive.selection import Selection
    from ..archive.stats import year_stats

    year = _year(request)
    return year_stats(_archive(request), Selection(year=year)), year


def _stats_name(year: int | None, suffix: str) -> str:
    return f"供稿统计-{year or '全部'}{'年' if year else ''}.{suffix}"


def stats_csv(request: Request) -> Response:
    """The per-unit table, as `kxdt stats --to csv` writes it."""
    from ..render.stats_tables import to_csv, unit_table

    numbers, year = _year_stats(request)
    return attachment(to_csv(unit_table(numbers)), _stats_name(year, "csv"), "text/csv; charset=utf-8")


def stats_xlsx(request: Request) -> Response:
    """The workbook `kxdt stats --to xlsx` writes: every table and the charts."""
    from ..render.xlsx import stats_to_xlsx

    numbers, year = _year_stats(request)
    return attachment(stats_to_xlsx(numbers), _stats_name(year, "xlsx"),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# -- check a file ------------------------------------------------------------------------------
def check_form(request: Request) -> Response:
    return _page(request, "check.html", {"nav": "check", "writable": _settings(request).writable})


def _upload_name(upload: UploadFile) -> str:
    """The uploaded file's own name (no folders), checked against the accepted types."""
    name = PurePath((upload.filename or "").replace("\\", "/")).name.strip()
    if not name:
        raise UsageError("请先选择一个文件（DOCX 或 PDF）")
    if PurePath(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise UsageError("只接受 Word 文档（.docx）或 PDF 文件：其他格式请先另存为 DOCX 或导出 PDF", path=name)
    return name


def _read_kind(data: bytes, name: str) -> None:
    """The content must be what the name says (a DOCX is a zip package, a PDF starts %PDF)."""
    if name.lower().endswith(".pdf") and b"%PDF-" not in data[:1024]:
        raise InputError("不是有效的 PDF 文件：请重新导出 PDF", path=name)
    if name.lower().endswith(".docx") and not data.startswith(b"PK\x03\x04"):
        raise InputError("不是有效的 DOCX 文件（可能是改了扩展名的其他文件）：请在 Word 中另存为 DOCX", path=name)


async def check_upload(request: Request) -> Response:
    settings = _settings(request)
    form = await checked_form(request)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise UsageError("请先选择一个文件（DOCX 或 PDF）")
        name = _upload_name(upload)
        data = await upload.read()
        _read_kind(data, name)
        file_it = settings.writable and form.get("file_it") == "1"
    finally:
        await form.close()
    issue, findings, filed = await run_in_threadpool(_check_and_file, request, data, name, file_it)
    key = request.app.state.checked.put(issue)
    errors = sum(1 for f in findings if f.severity == "error")
    return _page(request, "checked.html", {
        "issue": issue, "m": issue.masthead, "name": name, "findings": findings, "errors": errors,
        "warnings": len(findings) - errors, "key": key, "filed": filed, "nav": "check",
        "writable": settings.writable,
    })


def _check_and_file(request: Request, data: bytes, name: str, file_it: bool) -> tuple[Any, list[Any], Any]:
    from ..api import check_bytes, file_copy

    archive = _archive(request)
    issue, findings = check_bytes(data, name, archive=archive)
    filed = None
    if file_it:
        settings = _settings(request)
        with Archive(settings.db) as writable:
            try:
                result = file_copy(writable, issue, data, settings.uploads)
            except KxdtError as error:
                filed = {"ok": False, "message": error.message}
            else:
                filed = {"ok": True, "status": result.status, "id": result.issue_id, "label": result.label}
    return issue, findings, filed


def checked_docx(request: Request) -> Response:
    from ..compose import file_stem, fill_toc
    from ..render import render

    issue = request.app.state.checked.get(request.path_params["key"])
    if issue is None:
        raise HTTPException(404, "这份校对结果已过期（只保留一小时）：请重新上传文件")
    issue, _ = fill_toc(issue)
    fmt, ext, media = FORMATS["docx"]
    return attachment(render(issue, fmt), f"{file_stem(issue.masthead)}.{ext}", media)


# -- access token ------------------------------------------------------------------------------
async def login(request: Request) -> Response:
    token = _settings(request).token
    if request.method == "GET":
        return RedirectResponse("/", status_code=303)
    form = await checked_form(request, max_files=0, max_fields=3)
    given = form.get("token")
    await form.close()
    if token is None or not token_matches(given, token):
        return _page(request, "error.html", {"status": 401, "title": "访问口令不对", "nav": None, "login": True,
                                             "message": "请核对启动 kxdt serve 时显示的访问口令后重新输入。"}, 401)
    response = RedirectResponse("/", status_code=303)
    response.raw_headers.append((b"set-cookie", signed_in_cookie(token).encode("latin-1")))
    return response
