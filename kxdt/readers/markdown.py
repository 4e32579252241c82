"""The Markdown issue source (see kxdt.render.markdown for the format) as Line records.

The masthead becomes the lines a printed masthead has, highlights become `●` lines under the
目录提要 heading, and columns/titles/paragraphs carry explicit roles: the one parser does the rest.
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..records import Document, Line
from .text import decode

# Both patterns run in linear time on any line: no two unbounded repeats may share characters.
_MARK_RE = re.compile(r"\{\s*提要\s*(?:[:：]([^{}]*))?\}\s*$")
_FIELD_RE = re.compile(r"^\s*(name|year|number|total|issuer|date)\s*:(.*)$")


def _without_comments(text: str) -> str:
    """Text with its HTML comments removed, in one pass; an unclosed `<!--` stays as text (so it
    shows, rather than hiding the rest of the issue)."""
    parts: list[str] = []
    at = 0
    while (start := text.find("<!--", at)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        parts.append(text[at:start])
        at = end + 3
    parts.append(text[at:])
    return "".join(parts)


def _front_matter(text: str, path: str) -> tuple[dict[str, str], str]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            fields = {}
            for line in lines[1:end]:
                match = _FIELD_RE.match(line)
                if match and match.group(2).strip():
                    fields[match.group(1)] = match.group(2).strip().strip("\"'")
            return fields, "\n".join(lines[end + 1 :])
    raise InputError("Markdown 的报头（--- 之间的部分）没有结束的 ---：请补上", path=path)


def _masthead_lines(fields: dict[str, str]) -> list[Line]:
    lines = []
    if "name" in fields:
        lines.append(Line(text=fields["name"], whole=True))
    numbers = ""
    if "year" in fields and "number" in fields:
        numbers = f"{fields['year']}年第{fields['number']}期"
    elif "number" in fields:
        numbers = f"第{fields['number']}期"
    if "total" in fields:
        numbers += f"（总第{fields['total']}期）"
    if numbers:
        lines.append(Line(text=numbers, whole=True))
    if "issuer" in fields:
        lines.append(Line(text=fields["issuer"], whole=True))
    if "date" in fields:
        parts = re.findall(r"\d{1,4}", fields["date"])[:3]
        if len(parts) == 3:
            y, m, d = (int(x) for x in parts)
            lines.append(Line(text=f"{y}年{m}月{d}日", whole=True))  # the parser checks it is a real date
    return lines


def read_markdown(data: bytes, path: str) -> Document:
    text, encoding = decode(data, path)
    text = _without_comments(text.replace("\r\n", "\n").replace("\r", "\n"))
    fields, body = _front_matter(text, path)
    listed: list[str] = []
    marked: list[str] = []
    lines: list[Line] = []
    in_toc = False
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            lines.append(Line(text="".join(s.strip() for s in paragraph), whole=True))
            paragraph.clear()

    for raw in body.split("\n"):
        stripped = raw.strip()
        if not stripped:
            flush()
            continue
        if stripped.startswith("#"):
            flush()
            level = len(stripped) - len(stripped.lstrip("#"))
            heading = stripped[level:].strip()
            in_toc = heading == "目录提要"
            if in_toc:
                continue
            if level <= 2:
                lines.append(Line(text=heading if heading.startswith("【") else f"【{heading}】", role="column", whole=True))
            else:
                match = _MARK_RE.search(heading)
                if match:
                    heading = heading[: match.start()].strip()
                    marked.append((match.group(1) or "").strip() or heading)
                lines.append(Line(text=heading, role="title", whole=True))
            continue
        if in_toc and stripped[:1] in "-*+":
            listed.append(stripped[1:].strip())
            continue
        in_toc = False
        paragraph.append(stripped)
    flush()
    toc = listed + marked
    head = _masthead_lines(fields)
    if toc:
        head.append(Line(text="目录提要", whole=True))
        head += [Line(text=f"●{item}", whole=True) for item in toc]
    notes = () if encoding == "utf-8-sig" else (f"文件编码为 {encoding.upper()}，已按此读取",)
    return Document(lines=tuple(head + lines), kind="md", notes=notes, meta=dict(fields))
