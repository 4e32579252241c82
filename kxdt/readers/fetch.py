"""`kxdt parse URL`: fetch a page (or a PDF/DOCX) the user gave the address of. Nothing is fetched
otherwise. Standard library only: a time limit, a size limit, redirects followed, the
response's charset kept for the HTML reader."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..errors import FetchError

FETCH_TIMEOUT_S = 20.0
MAX_FETCH_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    data: bytes
    charset: str | None
    url: str  # after redirects
    name: str  # a file name for the reader: the path's last part, with an extension by content type


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _timeout() -> float:
    try:
        return float(os.environ.get("KXDT_FETCH_TIMEOUT", FETCH_TIMEOUT_S))
    except ValueError:
        return FETCH_TIMEOUT_S


def fetch(url: str) -> Fetched:
    import urllib.error
    import urllib.request

    from .. import __version__

    request = urllib.request.Request(url, headers={"User-Agent": f"kxdt/{__version__}",
                                                   "Accept": "text/html,application/xhtml+xml,application/pdf,*/*"})
    try:
        with urllib.request.urlopen(request, timeout=_timeout()) as response:
            data = response.read(MAX_FETCH_BYTES + 1)
            charset = response.headers.get_content_charset()
            kind = response.headers.get_content_type()
            final = response.geturl()
    except urllib.error.HTTPError as err:
        raise FetchError(f"网页无法打开（HTTP {err.code}）：请检查地址是否正确，或稍后再试", path=url) from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise FetchError(f"连接超时（{_timeout():g} 秒）：请检查网络，或稍后再试", path=url) from None
        raise FetchError(f"无法连接（{err.reason}）：请检查网络和地址", path=url) from None
    except TimeoutError:
        raise FetchError(f"读取超时（{_timeout():g} 秒）：请检查网络，或稍后再试", path=url) from None
    except (OSError, ValueError) as err:
        raise FetchError(f"无法取得网页（{type(err).__name__}）：请检查地址", path=url) from None
    if len(data) > MAX_FETCH_BYTES:
        raise FetchError(f"网页过大（超过 {MAX_FETCH_BYTES // 1048576} MB）：这不像一期简报", path=url)
    if not data:
        raise FetchError("网页是空的：请检查地址", path=url)
    name = unquote(urlsplit(final).path.rsplit("/", 1)[-1]) or "index"
    suffix = {"application/pdf": ".pdf", "text/plain": ".txt",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}.get(kind, ".html")
    if "." not in name:
        name += suffix
    return Fetched(data, charset, final, name)
