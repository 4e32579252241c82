"""`kxdt parse URL`: fetch a page (or a PDF/DOCX) the user gave the address of. Nothing is fetched
otherwise. Standard library only: one time limit for the whole fetch (not per socket read, which
a server sending a byte a second never trips), a size limit, redirects followed only to http(s)
and said when they lead elsewhere, the response's charset kept for the HTML reader. Whatever a
broken or hostile server sends is a fetch failure (exit 7), never an internal error."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from ..errors import FetchError

FETCH_TIMEOUT_S = 20.0
MAX_FETCH_BYTES = 32 * 1024 * 1024
_READ_CHUNK = 64 * 1024
MAX_REDIRECTS = 5
# Characters kept as they are when an address is made safe to send (the rest is percent-encoded).
_URL_SAFE = "/:@!$&'()*+,;=?~-._%#[]"


@dataclass(frozen=True)
class Fetched:
    data: bytes
    charset: str | None
    url: str  # after redirects
    name: str  # a file name for the reader: the path's last part, with an extension by content type
    redirects: tuple[str, ...] = ()  # the addresses redirected through, in order, ending at `url`


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _timeout() -> float:
    try:
        value = float(os.environ.get("KXDT_FETCH_TIMEOUT", FETCH_TIMEOUT_S))
    except ValueError:
        return FETCH_TIMEOUT_S
    return value if 0 < value < 3600 else FETCH_TIMEOUT_S


def safe_url(url: str) -> str:
    """The address as it can be sent: http(s) only, a host, a valid port, no control characters
    or line breaks (they would write a header of their own), spaces and non-ASCII characters
    percent-encoded and the host in IDNA form."""
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise FetchError("网址里有换行或控制字符：请检查地址是否复制完整", path=repr(url)[1:-1])
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        host = parts.hostname
    except ValueError as err:
        raise FetchError(f"网址格式不对（{err}）：请检查地址", path=url) from None
    if parts.scheme not in ("http", "https") or not host:
        raise FetchError("只能读取 http:// 或 https:// 开头的网址：请检查地址", path=url)
    try:
        ascii_host = host if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError("网址的域名无效：请检查地址", path=url) from None
    netloc = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_URL_SAFE) or "/",
                       quote(parts.query, safe=_URL_SAFE), ""))


def fetch(url: str) -> Fetched:
    """Fetch the address within the time limit (the whole fetch: connecting, redirects, reading)."""
    target = safe_url(url)
    limit = _timeout()
    outcome: list[Any] = []
    cancel = threading.Event()
    worker = threading.Thread(target=_fetch_into, args=(target, url, limit, cancel, outcome), daemon=True,
                              name="kxdt-fetch")
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        cancel.set()  # the worker stops at its next read; being a daemon, it never holds up the exit
        raise FetchError(f"取网页超时（{limit:g} 秒内没有取完，服务器太慢或没有回应）：请检查网络，或稍后再试", path=url)
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result  # type: ignore[no-any-return]


def _fetch_into(target: str, url: str, limit: float, cancel: threading.Event, outcome: list[Any]) -> None:
    try:
        outcome.append(_fetch(target, url, limit, cancel))
    except BaseException as error:  # handed to the caller's thread, which raises it
        outcome.append(error)


class _Redirects:
    """urllib's redirect handler, allowed to follow http(s) only, remembering the way."""

    def __init__(self, url: str) -> None:
        import urllib.request

        self.chain: list[str] = []
        chain = self.chain

        class Handler(urllib.request.HTTPRedirectHandler):
            max_redirections = MAX_REDIRECTS

            def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                                 newurl: str) -> Any:
                if urlsplit(newurl).scheme.lower() not in ("http", "https"):
                    raise FetchError(f"网页被重定向到不是 http(s) 的地址（{newurl}）：kxdt 不会跟随，请检查地址", path=url)
                newurl = safe_url(newurl)
                chain.append(newurl)
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        self.handler = Handler()


def _fetch(target: str, url: str, limit: float, cancel: threading.Event) -> Fetched:
    import http.client
    import urllib.error
    import urllib.request

    from .. import __version__

    redirects = _Redirects(url)
    opener = urllib.request.build_opener(redirects.handler)
    request = urllib.request.Request(target, headers={"User-Agent": f"kxdt/{__version__}",
                                                      "Accept": "text/html,application/xhtml+xml,application/pdf,*/*"})
    try:
        with opener.open(request, timeout=limit) as response:
            chunks: list[bytes] = []
            size = 0
            while not cancel.is_set():
                chunk = response.read1(_READ_CHUNK)  # returns after one read from the socket
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_FETCH_BYTES:
                    raise FetchError(f"网页过大（超过 {MAX_FETCH_BYTES // 1048576} MB）：这不像一期简报", path=url)
            if not cancel.is_set() and response.length:  # the server closed before its Content-Length
                raise http.client.IncompleteRead(b"", response.length)
            data = b"".join(chunks)
            charset = response.headers.get_content_charset()
            kind = response.headers.get_content_type()
            final = response.geturl()
    except FetchError:
        raise
    except urllib.error.HTTPError as err:
        raise FetchError(f"网页无法打开（HTTP {err.code}）：请检查地址是否正确，或稍后再试", path=url) from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise FetchError(f"连接超时（{limit:g} 秒）：请检查网络，或稍后再试", path=url) from None
        raise FetchError(f"无法连接（{err.reason}）：请检查网络和地址", path=url) from None
    except TimeoutError:
        raise FetchError(f"读取超时（{limit:g} 秒）：请检查网络，或稍后再试", path=url) from None
    except http.client.IncompleteRead:
        raise FetchError("网页没有传完（连接中途断开）：请稍后再试", path=url) from None
    except (http.client.HTTPException, ValueError, UnicodeError) as err:
        # A status line, header or chunk that breaks the protocol (or more than 100 headers).
        raise FetchError(f"服务器的回应不合规范（{type(err).__name__}）：请检查地址，或在浏览器中保存网页后再解析",
                         path=url) from None
    except OSError as err:
        raise FetchError(f"无法取得网页（{type(err).__name__}）：请检查网络和地址", path=url) from None
    if not data:
        raise FetchError("网页是空的：请检查地址", path=url)
    name = unquote(urlsplit(final).path.rsplit("/", 1)[-1]) or "index"
    suffix = {"application/pdf": ".pdf", "text/plain": ".txt",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}.get(kind, ".html")
    if "." not in name:
        name += suffix
    return Fetched(data, charset, final, name, tuple(redirects.chain))
