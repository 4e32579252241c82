"""Web pages (HTML, and MHTML "single file" saves): the same Line records as the other readers.

A page is parsed with lxml's HTML parser (no regular expressions over markup). Block elements
become lines (whole paragraphs, like DOCX), with the hints HTML gives: headings and font sizes
as sizes, `<strong>`/`<b>` as bold, `text-align:center` and `<center>` as centring,
`text-indent` and leading ideographic spaces as indents, `<br>` as a line break, table cells in
reading order. Scripts, styles, forms and navigation are dropped; the page chrome that remains
(posting lines, 放大 缩小, 打印本页) is left to the parser's zones.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..records import Document, Line
from .webpage import looks_like_mhtml

MAX_HTML_BYTES = 32 * 1024 * 1024
MAX_LINES = 200_000
# Multipart sections an MHTML file may declare (a browser's "single file" save has one).
MAX_MHTML_MULTIPARTS = 32
BODY_PT = 12.0  # the size of unstyled text (16 px)
_HEADING_PT = {"h1": 24.0, "h2": 18.0, "h3": 14.0, "h4": 12.0, "h5": 10.0, "h6": 8.0}
_DROP = {"script", "style", "noscript", "template", "head", "title", "nav", "footer", "header", "form", "button",
         "select", "option", "textarea", "iframe", "svg", "canvas", "object", "embed", "audio", "video", "map"}
_BLOCKS = {"p", "div", "section", "article", "main", "aside", "blockquote", "center", "h1", "h2", "h3", "h4", "h5",
           "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "pre",
           "address", "figure", "figcaption", "hr", "body", "caption"}
# Classes and ids of navigation and page furniture (menus, breadcrumbs, share bars).
_FURNITURE_RE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|share|sidebar|toolbar|footer|topbar)"
                           r"(?:$|[\s_-])", re.IGNORECASE)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# A CSS number: `12`, `1.5`, `.5` (never `1.2.3` or `.`).
_NUMBER = r"(\d{1,6}(?:\.\d{1,6})?|\.\d{1,6})(?![\d.])"
_SIZE_RE = re.compile(rf"font-size\s*:\s*{_NUMBER}\s*(px|pt|em|rem)", re.IGNORECASE)
_ALIGN_RE = re.compile(r"text-align\s*:\s*(center|right|left|justify)", re.IGNORECASE)
_INDENT_RE = re.compile(rf"text-indent\s*:\s*{_NUMBER}", re.IGNORECASE)
# Type larger than this (in pt) is a style's mistake, not a heading.
MAX_SIZE_PT = 400.0
_SPACE_RE = re.compile(r"[ \t\r\n\f]+")


def _charset_name(name: str) -> str:
    name = name.lower().replace("_", "-")
    return "gb18030" if name in ("gb2312", "gbk", "gb-2312", "x-gbk", "cp936", "euc-cn", "hz-gb-2312") else name


def decode_html(data: bytes, declared: str | None, path: str) -> tuple[str, str]:
    """The page's text and the encoding used: a BOM, the HTTP/MIME charset, the `<meta>`
    declaration (GB2312 and GBK read as GB18030), else UTF-8 or GB18030 by trying."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace"), "utf-16"
    meta = _CHARSET_RE.search(data[:8192])
    for name in (declared, meta.group(1).decode("ascii", "ignore") if meta else None):
        if name:
            try:
                return data.decode(_charset_name(name)), _charset_name(name)
            except (LookupError, UnicodeError, ValueError, TypeError):  # `undefined`, `rot13`, `idna`…
                continue
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace"), "utf-8"


def html_from_mhtml(data: bytes, path: str) -> tuple[bytes, str | None]:
    """The HTML part of an MHTML file (quoted-printable or base64) and its charset."""
    if data.lower().count(b"boundary=") > MAX_MHTML_MULTIPARTS:
        # The email parser's cost grows with the nesting of multiparts, times every line.
        raise InputError("MHTML 文件的各部分嵌套过深，无法读取：请在浏览器中重新保存网页", path=path)
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        for part in message.walk():
            if part.get_content_type() == "text/html":
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    return payload, part.get_content_charset()
    except RecursionError:
        raise InputError("MHTML 文件的各部分嵌套过深，无法读取：请在浏览器中重新保存网页", path=path) from None
    raise InputError("MHTML 文件里没有网页正文：请在浏览器中重新保存网页", path=path)


@dataclass
class _Style:
    size: float = BODY_PT
    bold: bool = False
    align: str | None = None
    indent: bool = False


class _Walker:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.buffer: list[str] = []
        self.style = _Style()
        self.bold_chars = 0
        self.chars = 0

    def flush(self) -> None:
        text = _SPACE_RE.sub(" ", "".join(self.buffer)).strip(" ")
        self.buffer.clear()
        if text.strip():
            if len(self.lines) >= MAX_LINES:
                raise _TooLong
            indent = self.style.indent or text.startswith(("\u3000", "\xa0\xa0"))
            self.lines.append(Line(text=text.replace("\xa0", " "), size=self.style.size,
                                   bold=self.bold_chars * 2 > self.chars, align=self.style.align,
                                   indent=indent, whole=True))
        self.bold_chars = self.chars = 0

    def add(self, text: str, bold: bool) -> None:
        if text:
            self.buffer.append(text)
            visible = len(text.strip())
            self.chars += visible
            self.bold_chars += visible if bold else 0

    def walk(self, element: Any, style: _Style, bold: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if tag in _DROP or _furniture(element):
            self.add_tail(element, bold)
            return
        block = tag in _BLOCKS
        own = _own_style(element, tag, style)
        inner_bold = bold or tag in ("b", "strong") or tag in _HEADING_PT or _bold_style(element)
        if block:
            self.flush()
            previous, self.style = self.style, own
        if tag == "br":
            self.flush()
        self.add(element.text or "", inner_bold)
        for child in element:
            self.walk(child, own, inner_bold)
        if block:
            self.flush()
            self.style = previous
        self.add_tail(element, bold)

    def add_tail(self, element: Any, bold: bool) -> None:
        self.add(element.tail or "", bold)


class _TooLong(Exception):
    pass


def _furniture(element: Any) -> bool:
    get = getattr(element, "get", None)
    if get is None:
        return False
    marks = f"{get('class') or ''} {get('id') or ''}"
    return bool(marks.strip()) and bool(_FURNITURE_RE.search(marks))


def _own_style(element: Any, tag: str, parent: _Style) -> _Style:
    css = (element.get("style") or "") if hasattr(element, "get") else ""
    size = _HEADING_PT.get(tag, parent.size)
    match = _SIZE_RE.search(css)
    if match:
        value, unit = float(match.group(1)), match.group(2).lower()
        size = value * 0.75 if unit == "px" else value if unit == "pt" else value * parent.size
        size = min(size, MAX_SIZE_PT)
    align = parent.align if tag not in ("td", "th") else None
    align_css = _ALIGN_RE.search(css)
    attr = (element.get("align") or "").lower() if hasattr(element, "get") else ""
    if tag == "center" or attr == "center" or (align_css and align_css.group(1).lower() == "center"):
        align = "center"
    elif attr == "right" or (align_css and align_css.group(1).lower() == "right"):
        align = "right"
    elif align_css or attr in ("left", "justify"):
        align = None
    indent_css = _INDENT_RE.search(css)
    indent = bool(indent_css and float(indent_css.group(1)) > 0)
    return _Style(size=round(size, 1), bold=parent.bold or tag in _HEADING_PT, align=align, indent=indent)


def _bold_style(element: Any) -> bool:
    css = (element.get("style") or "").lower() if hasattr(element, "get") else ""
    return "font-weight:bold" in css.replace(" ", "") or "font-weight:700" in css.replace(" ", "")


def _lines(html: str, path: str) -> Iterator[Line]:
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        raise InputError("网页内容为空或无法解析：请确认保存的是简报正文页面", path=path) from None
    walker = _Walker()
    body = root.find("body")
    try:
        walker.walk(body if body is not None else root, _Style(), False)
        walker.flush()
    except _TooLong:
        raise InputError(f"网页过长（超过 {MAX_LINES} 行）：这不像一期简报", path=path) from None
    except RecursionError:
        raise InputError("网页嵌套过深，无法解析：请另存为纯文本后再试", path=path) from None
    yield from walker.lines


def read_html(data: bytes, path: str, *, charset: str | None = None) -> Document:
    """Read a saved web page (HTML or MHTML) or a fetched one (`charset` from the response)."""
    if len(data) > MAX_HTML_BYTES:
        raise InputError(f"网页文件过大（{len(data) // 1048576} MB）：简报网页一般不超过 {MAX_HTML_BYTES // 1048576} MB",
                         path=path)
    kind = "html"
    if looks_like_mhtml(data):
        data, charset = html_from_mhtml(data, path)
        kind = "mhtml"
    html, encoding = decode_html(data, charset, path)
    lines = list(_lines(html, path))
    if not any(line.text.strip() for line in lines):
        raise InputError("网页里没有正文文字（可能只有脚本或图片）：请确认保存的是简报正文页面", path=path)
    notes = () if encoding in ("utf-8", "utf-16") else (f"网页编码为 {encoding.upper()}，已按此读取",)
    return Document(lines=tuple(lines), kind="html", notes=notes, meta={"format": kind, "encoding": encoding})
