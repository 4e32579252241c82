"""What a PDF will cost to read, measured before either backend reads it.

pypdfium2 cannot be bounded from outside once it starts (a stream inflating to a gigabyte, forms
drawing forms ten times eight deep, a 30000² inline image: it allocates or aborts), and pypdf
pays for every page a shared content stream is drawn on. So each page's objects are walked
first with pypdf's object model, decoding streams in bounded steps and keeping only what a
count needs:

- content bytes drawn, per page and for the document, counting a form XObject each time it is
  drawn (`Do`) and the forms it draws in turn, memoised per form so fan-out costs nothing to
  measure; a form that draws itself, or forms nested past PDF_FORM_DEPTH, are refused;
- every stream a page reaches (fonts, images, annotation appearances, patterns…) inflating past
  PDF_STREAM_BYTES, images (and inline images) past IMAGE_PIXELS;
- how many objects a page reaches (PDF_OBJECTS).

Each bound is a Limit of kxdt.io.limits (an exit-3 message naming its environment variable).
"""

from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from typing import Any

from pypdf.generic import IndirectObject

from ..errors import InputError
from ..io.limits import (
    IMAGE_PIXELS,
    PDF_CONTENT_BYTES,
    PDF_FORM_DEPTH,
    PDF_OBJECTS,
    PDF_PAGE_CONTENT_BYTES,
    PDF_PAGES,
    PDF_STREAM_BYTES,
    Limit,
)

_CHUNK = 1 << 20  # bytes inflated per step
# Keys that lead away from a page to the rest of the document (or back to it).
_UPWARD = {"/Parent", "/P", "/Prev", "/Next", "/First", "/Last", "/Dest", "/D", "/A", "/AA", "/IRT", "/Popup"}
_DO_RE = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s/\[\]()<>{}%])")
_INLINE_KEY_RE = re.compile(rb"/(W|Width|H|Height)\s+(\d{1,12})")
_NAME_ESCAPE_RE = re.compile(rb"#([0-9A-Fa-f]{2})")
_INLINE_DICT_BYTES = 2048  # an inline image's dictionary (BI … ID) is short


class _TooLarge(Exception):
    """A stream inflated past the bound it was decoded under."""


def check_pdf_cost(data: bytes, path: str, password: str | None = None) -> None:
    """Refuse a PDF whose pages would cost more than the limits allow to read or render. Files
    pypdf cannot open, or cannot decrypt, are left to the backend (which says what is wrong)."""
    import pypdf

    from .pdf import _quiet_pypdf

    try:
        with _quiet_pypdf():
            _check(pypdf.PdfReader(io.BytesIO(data), strict=False), path, password)
    except InputError:
        raise
    except RecursionError:
        raise InputError("PDF 文件结构嵌套过深（已损坏或是恶意构造）：请重新导出或重新下载", path=path) from None
    except Exception:
        return  # pypdf cannot walk it: the backend reading it will say what is wrong


def _check(reader: Any, path: str, password: str | None) -> None:
    if reader.is_encrypted and not _decrypted(reader, password):
        return
    count = len(reader.pages)
    PDF_PAGES.check(count, path)
    cost = _Cost(path)
    drawn = 0
    for index in range(count):
        size = cost.page(reader.pages[index])
        PDF_PAGE_CONTENT_BYTES.check(size, path)
        drawn += size
        PDF_CONTENT_BYTES.check(drawn, path)


def _decrypted(reader: Any, password: str | None) -> bool:
    try:
        return bool(reader.decrypt(password if password is not None else ""))
    except Exception:
        return False


class _Cost:
    def __init__(self, path: str) -> None:
        self.path = path
        self.forms: dict[int, int] = {}  # form object number -> bytes it draws, forms it draws included
        self.seen: set[int] = set()  # objects already walked (shared fonts and images count once)
        self.objects = 0

    # -- content drawn ------------------------------------------------------------------------
    def page(self, page: Any) -> int:
        """Content bytes the page draws (forms counted each time they are drawn); every stream
        it reaches checked on the way."""
        resources = _resolve(page.get("/Resources"))
        contents = _resolve(page.get("/Contents"))
        streams = [_resolve(c) for c in contents] if isinstance(contents, list) else [contents]
        content = b"".join(self.decoded(s, PDF_PAGE_CONTENT_BYTES) + b"\n" for s in streams if _is_stream(s))
        PDF_PAGE_CONTENT_BYTES.check(len(content), self.path)
        size = len(content) + self.invoked(content, resources, ())
        self.walk(page)
        return size

    def invoked(self, content: bytes, resources: Any, stack: tuple[int, ...]) -> int:
        """Bytes drawn by the forms `content` invokes (`/Name Do`), its inline images checked."""
        self.inline_images(content)
        names = Counter(_name(m.group(1)) for m in _DO_RE.finditer(content))
        if not names:
            return 0
        xobjects = _resolve(_resolve(resources).get("/XObject")) if isinstance(_resolve(resources), dict) else None
        if not isinstance(xobjects, dict):
            return 0
        total = 0
        for name, times in names.items():
            reference = xobjects.get(name)
            target = _resolve(reference)
            if not _is_stream(target) or target.get("/Subtype") != "/Form":
                continue
            total += times * self.form(target, _number(reference), resources, stack)
            PDF_PAGE_CONTENT_BYTES.check(total, self.path)
        return total

    def form(self, form: Any, number: int | None, inherited: Any, stack: tuple[int, ...]) -> int:
        if number is not None and number in self.forms:
            return self.forms[number]
        if number is not None and number in stack:
            raise InputError("PDF 的表单（XObject）引用了自身，无法绘制：文件已损坏或是恶意构造，请重新导出", path=self.path)
        PDF_FORM_DEPTH.check(len(stack) + 1, self.path)
        content = self.decoded(form, PDF_PAGE_CONTENT_BYTES)
        resources = form.get("/Resources", inherited)
        size = len(content) + self.invoked(content, resources, (*stack, number if number is not None else -len(stack)))
        if number is not None:
            self.forms[number] = size
        return size

    def inline_images(self, content: bytes) -> None:
        """Inline images (`BI … ID`) are decoded while a page is parsed: their size is checked."""
        at = content.find(b"BI")
        while at != -1:
            if (at == 0 or content[at - 1 : at].isspace()) and content[at + 2 : at + 3].isspace():
                head = content[at : at + _INLINE_DICT_BYTES]
                end = head.find(b"ID")
                values = {k: int(v) for k, v in _INLINE_KEY_RE.findall(head[: end if end != -1 else None])}
                width = values.get(b"W", values.get(b"Width", 0))
                height = values.get(b"H", values.get(b"Height", 0))
                IMAGE_PIXELS.check(width * height, self.path)
            at = content.find(b"BI", at + 2)

    # -- every stream a page reaches -----------------------------------------------------------
    def walk(self, page: Any) -> None:
        """Check every stream reachable from the page (not through its parents): fonts, images,
        annotations' appearances, patterns, shadings, masks."""
        stack: list[Any] = [value for key, value in page.items() if key not in _UPWARD and key != "/Contents"]
        while stack:
            item = stack.pop()
            number = _number(item)
            if number is not None:
                if number in self.seen:
                    continue
                self.seen.add(number)
                self.objects += 1
                PDF_OBJECTS.check(self.objects, self.path)
            obj = _resolve(item)
            if _is_stream(obj):
                self.stream(obj, number)
            if isinstance(obj, dict):
                stack.extend(value for key, value in obj.items() if key not in _UPWARD)
            elif isinstance(obj, list):
                PDF_OBJECTS.check(self.objects + len(obj), self.path)
                stack.extend(obj)

    def stream(self, stream: Any, number: int | None) -> None:
        subtype = stream.get("/Subtype")
        if subtype == "/Image":
            width, height = _int(stream.get("/Width")), _int(stream.get("/Height"))
            IMAGE_PIXELS.check(width * height, self.path)
            expected = width * height * 4 * max(1, _int(stream.get("/BitsPerComponent")) // 8)
            self.decoded(stream, PDF_STREAM_BYTES, keep=False, at_least=expected + _CHUNK)
        elif subtype == "/Form" and number is not None and number not in self.forms:
            self.form(stream, number, stream.get("/Resources"), ())
        else:
            self.decoded(stream, PDF_STREAM_BYTES, keep=False)

    # -- decoding in bounded steps -------------------------------------------------------------
    def decoded(self, stream: Any, limit: Limit, *, keep: bool = True, at_least: int = 0) -> bytes:
        """The stream's decoded bytes (or b"" when not `keep`), refused past `limit` (or
        `at_least`, an image's own size, when larger). Filters kxdt cannot bound (image codecs,
        unknown ones) end the decoding: what a backend would decode with them is an image."""
        bound = max(limit.value, at_least)
        data: bytes = getattr(stream, "_data", b"") or b""
        filters = _resolve(stream.get("/Filter"))
        chain = [_resolve(f) for f in filters] if isinstance(filters, list) else [filters] if filters else []
        try:
            for k, name in enumerate(chain):
                last = k == len(chain) - 1
                if name in ("/FlateDecode", "/Fl"):
                    data = _inflate(data, bound, keep or not last)
                elif name in ("/LZWDecode", "/LZW"):
                    size = _lzw_size(data)
                    if size > bound:
                        raise _TooLarge
                    data = _pypdf_decode("LZWDecode", data) if keep or not last else b""
                elif name in ("/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"):  # they only shrink
                    data = _pypdf_decode("ASCIIHexDecode" if "Hex" in name or name == "/AHx" else "ASCII85Decode", data)
                elif name in ("/RunLengthDecode", "/RL"):
                    if _run_length_size(data) > bound:
                        raise _TooLarge
                    data = _pypdf_decode("RunLengthDecode", data) if keep or not last else b""
                else:
                    break
        except _TooLarge:
            limit.check(bound + 1, self.path)
        return data if keep else b""


def _inflate(data: bytes, bound: int, keep: bool) -> bytes:
    """Inflate at most `bound` bytes (a corrupt tail ends it, as the backends treat one)."""
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    try:
        while data:
            chunk = inflater.decompress(data, _CHUNK)
            size += len(chunk)
            if size > bound:
                raise _TooLarge
            if keep:
                out.append(chunk)
            if inflater.eof:
                break
            data = inflater.unconsumed_tail
            if not chunk and not data:
                break
    except zlib.error:
        pass
    return b"".join(out)


def _lzw_size(data: bytes) -> int:
    """The length LZW-encoded `data` decodes to, counted from the codes without decoding them:
    each new table entry is one byte longer than the entry it extends."""
    lengths = [1] * 258
    bits, width, value, size, previous = 0, 9, 0, 0, -1
    for byte in data:
        value = (value << 8) | byte
        bits += 8
        while bits >= width:
            bits -= width
            code = (value >> bits) & ((1 << width) - 1)
            value &= (1 << bits) - 1
            if code == 256:
                lengths, width, previous = [1] * 258, 9, -1
                continue
            if code == 257:
                return size
            if code < len(lengths):
                length = lengths[code]
            elif code == len(lengths) and previous >= 0:
                length = lengths[previous] + 1
            else:
                return size  # a broken code: decoders stop here
            size += length
            if previous >= 0 and len(lengths) < 4096:
                lengths.append(lengths[previous] + 1)
            previous = code
            if len(lengths) + 1 >= (1 << width) and width < 12:
                width += 1
    return size


def _run_length_size(data: bytes) -> int:
    size = at = 0
    while at < len(data):
        n = data[at]
        if n == 128:
            break
        if n < 128:
            size += n + 1
            at += n + 2
        else:
            size += 257 - n
            at += 2
    return size


def _pypdf_decode(name: str, data: bytes) -> bytes:
    from pypdf import filters

    return filters.__dict__[name].decode(data)  # type: ignore[no-any-return]


def _resolve(obj: Any) -> Any:
    for _ in range(32):  # a reference to a reference…
        if not isinstance(obj, IndirectObject):
            return obj
        obj = obj.get_object()
    return None


def _number(obj: Any) -> int | None:
    return obj.idnum if isinstance(obj, IndirectObject) else None


def _is_stream(obj: Any) -> bool:
    return isinstance(obj, dict) and hasattr(obj, "_data")


def _name(raw: bytes) -> str:
    return "/" + _NAME_ESCAPE_RE.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")


def _int(value: Any) -> int:
    try:
        return max(0, int(_resolve(value)))
    except (TypeError, ValueError, OverflowError):
        return 0
