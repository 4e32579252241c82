"""What guards every request: the Host header, the access token, the size of a request body,
the CSRF cookie and the security headers of every response (one pure ASGI middleware).

The CSRF token is a random value in an HttpOnly, SameSite=Strict cookie that every form
repeats in a hidden field (`checked_form` compares them); a POST from another site is refused
before its body is read (Origin and Sec-Fetch-Site).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import FormData, Headers
from starlette.requests import Request, cookie_parser
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "kxdt_csrf"
CSRF_FIELD = "csrf"
TOKEN_COOKIE = "kxdt_access"
TOKEN_PARAM = "token"
MIN_TOKEN_CHARS = 8
_TOKEN_FORMAT = re.compile(r"[A-Za-z0-9_\-]{16,64}")  # what our own CSRF values look like
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PUBLIC_PATHS = ("/static/", "/login")  # served without the access token (no archive data in them)
# No inline script or style, nothing from another origin, no framing, forms only to this server.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),  # no address leaves the site
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)

log = logging.getLogger("kxdt.web")

# A page for a refusal: (status, title, message, the request's state) -> response; set by the app.
PageMaker = Callable[[int, str, str, dict[str, Any]], Response]


class BodyTooLarge(Exception):
    """A request body went past the upload limit while it was read."""


def session_value(token: str) -> str:
    """What the access cookie holds: a digest of the token (the cookie never carries the token)."""
    return hmac.new(token.encode("utf-8"), b"kxdt-serve-session", hashlib.sha256).hexdigest()


def csrf_for(state: dict[str, Any]) -> str:
    """The CSRF value a form repeats: the browser's cookie, or a new one (its cookie is then set
    with the response). Made only when a page shows a form."""
    if state.get("csrf") is None:
        state["csrf"] = state["csrf_new"] = secrets.token_urlsafe(24)
    return state["csrf"]


class CsrfValue:
    """`{{ csrf }}` in a template: the value, made on first use."""

    def __init__(self, state: dict[str, Any]) -> None:
        self.state = state

    def __str__(self) -> str:
        return csrf_for(self.state)


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def host_name(header: str) -> str:
    """The host of a Host header, without its port (`[::1]:8765` -> `::1`)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _cookie(name: str, value: str, *, max_age: int | None = None) -> str:
    cookie: SimpleCookie = SimpleCookie()
    cookie[name] = value
    cookie[name]["path"] = "/"
    cookie[name]["httponly"] = True
    cookie[name]["samesite"] = "Strict"
    if max_age is not None:
        cookie[name]["max-age"] = max_age
    return cookie.output(header="").strip()


class Guard:
    """Pure ASGI middleware in front of every route (see the module's docstring)."""

    def __init__(self, app: ASGIApp, *, token: str | None, hosts: tuple[str, ...] | None, max_body: int,
                 page: PageMaker) -> None:
        self.app = app
        self.session = session_value(token) if token else None
        self.token = token
        self.hosts = hosts
        self.max_body = max_body
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookies = cookie_parser(headers.get("cookie", ""))
        path: str = scope["path"]
        csrf = cookies.get(CSRF_COOKIE)
        set_cookies: list[str] = []
        state = scope.setdefault("state", {})
        state["csrf"] = csrf if csrf is not None and _TOKEN_FORMAT.fullmatch(csrf) else None
        static = path.startswith("/static/")
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                raw = list(message.get("headers", []))
                raw += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS]
                raw.append((b"cache-control", b"max-age=3600" if static else b"no-store"))
                if state.get("csrf_new"):
                    set_cookies.append(_cookie(CSRF_COOKIE, state["csrf_new"]))
                raw += [(b"set-cookie", c.encode("latin-1")) for c in set_cookies]
                message = {**message, "headers": raw}
            await send(message)

        refusal = self._refusal(scope, headers, cookies, path)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        if self.session and scope["method"] == "GET":
            given = dict(parse_qsl(scope["query_string"].decode("latin-1"))).get(TOKEN_PARAM)
            if given is not None and _same(given, self.token):
                # The address with ?token=… (printed by kxdt serve) signs the browser in, once.
                rest = [(k, v) for k, v in parse_qsl(scope["query_string"].decode("latin-1")) if k != TOKEN_PARAM]
                set_cookies.append(_cookie(TOKEN_COOKIE, self.session))
                here = "/" + path.lstrip("/")  # never `//host`: the redirect stays on this site
                await RedirectResponse(here + ("?" + urlencode(rest) if rest else ""), status_code=303)(
                    scope, receive, send_with_headers)
                return
        try:
            await self.app(scope, self._bounded(receive, headers), send_with_headers)
        except BodyTooLarge:
            if not started:
                await self._too_large(state)(scope, receive, send_with_headers)
        except Exception:
            log.exception("kxdt serve: %s %s", scope["method"], path)
            if not started:
                await self.page(500, "内部错误", "服务器处理这个请求时出错了：请稍后重试；如一再出现，请把服务器窗口里的错误信息报告给维护者。",
                                state)(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope, headers: Headers, cookies: dict[str, str], path: str) -> Response | None:
        """A response that ends the request before it reaches a route, or None."""
        state = scope["state"]
        if self.hosts is not None and host_name(headers.get("host", "")) not in self.hosts:
            return self.page(400, "地址不对",
                             "这个服务只接受本机地址（127.0.0.1 或 localhost）的访问。要让同事访问，请用 --host 0.0.0.0 启动。", state)
        public = any(path.startswith(p) for p in PUBLIC_PATHS)
        if self.session and not public and not self._signed_in(headers, cookies) and not self._token_in_query(scope):
            return self.page(401, "需要访问口令", "请输入启动 kxdt serve 时显示的访问口令。", state)
        if scope["method"] in UNSAFE_METHODS:
            if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
                return self.page(403, "请求被拒绝", "这个表单不是从本站页面提交的：请在本站页面上重新操作。", state)
            origin = headers.get("origin")  # "null" when a page's referrer policy hides it: the CSRF value decides
            if origin not in (None, "null") and origin.split("://", 1)[-1].lower() != headers.get("host", "").lower():
                return self.page(403, "请求被拒绝", "这个表单不是从本站页面提交的：请在本站页面上重新操作。", state)
            length = headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > self.max_body):
                return self._too_large(state)
        return None

    def _signed_in(self, headers: Headers, cookies: dict[str, str]) -> bool:
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer ") and _same(auth[7:].strip(), self.token):
            return True
        return _same(cookies.get(TOKEN_COOKIE), self.session)

    def _token_in_query(self, scope: Scope) -> bool:
        given = dict(parse_qsl(scope["query_string"].decode("latin-1"))).get(TOKEN_PARAM)
        return scope["method"] == "GET" and _same(given, self.token)

    def _too_large(self, state: dict[str, Any]) -> Response:
        limit = f"{self.max_body / 1048576:.0f} MB" if self.max_body >= 1048576 else f"{self.max_body} 字节"
        return self.page(413, "文件太大", f"上传的文件超过 {limit}：这不像一期简报。确属正常的大文件，可设置环境变量 "
                                      "KXDT_MAX_UPLOAD_BYTES 后重新启动 kxdt serve。", state)

    def _bounded(self, receive: Receive, headers: Headers) -> Receive:
        """`receive` that counts the body and stops it past the limit (a body without a length)."""
        seen = 0
        limit = self.max_body

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge()
            return message

        return bounded


class CsrfError(Exception):
    """A form came without the CSRF value of the page it was shown on."""


async def checked_form(request: Request, *, max_files: int = 1, max_fields: int = 8) -> FormData:
    """The POSTed form, once its CSRF field matches the cookie; bounded in files and fields."""
    form = await request.form(max_files=max_files, max_fields=max_fields)
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not _same(sent, request.cookies.get(CSRF_COOKIE)):
        await form.close()
        raise CsrfError()
    return form


def signed_in_cookie(token: str) -> str:
    """The Set-Cookie value that signs a browser in after it gave the token in the login form."""
    return _cookie(TOKEN_COOKIE, session_value(token))


def token_matches(given: Any, token: str | None) -> bool:
    return isinstance(given, str) and _same(given.strip(), token)
