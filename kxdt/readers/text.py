"""Plain text (the text layer of a scraped PDF): UTF-8 with or without BOM, GB18030/GBK."""

from __future__ import annotations

import re

from ..errors import InputError
from ..io.limits import DOCUMENT_LINES
from ..records import Document, Line

_ENCODINGS = ("utf-8-sig", "gb18030")
# Share of control characters above which bytes are not text at all.
_MAX_CONTROL_SHARE = 0.01
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # below U+0020, other than \t \n \f \r


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM optional), UTF-16 with BOM, or GB18030; return (text, encoding)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise InputError("不是文本文件（含二进制内容）：请提供 PDF、DOCX、TXT 或 Markdown 格式的简报", path=path)
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = len(_CONTROL_RE.findall(text))
        if text and controls / len(text) > _MAX_CONTROL_SHARE:
            break
        return text, encoding
    raise InputError("无法识别文件编码，也不像文本：请另存为 UTF-8 文本后再试", path=path)


def lines_from_text(text: str) -> list[Line]:
    """Each physical line becomes a Line; a form feed starts a new page."""
    lines: list[Line] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        for k, part in enumerate(raw.split("\f")):
            if k:
                lines.append(Line(text="\f"))
            lines.append(Line(text=part))
    return lines


def read_text(data: bytes, path: str) -> Document:
    text, encoding = decode(data, path)
    DOCUMENT_LINES.check(max(text.count("\n"), text.count("\r")), path)
    notes = () if encoding == "utf-8-sig" else (f"文件编码为 {encoding.upper()}，已按此读取",)
    return Document(lines=tuple(lines_from_text(text)), kind="txt", notes=notes)
