"""The masthead: name, year, 第N期, 总第N期, issuer and date, from the first blocks of an issue."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Masthead
from ..reflow import Block
from ..textutil import han_count
from .numerals import NUMERAL_CHARS, to_int

_NUM = rf"([0-9]+|[{NUMERAL_CHARS}]+)"
TOTAL_RE = re.compile(rf"[（(]?\s*总\s*第?\s*{_NUM}\s*期\s*[)）]?")
NUMBER_RE = re.compile(rf"(?<!总)第\s*{_NUM}\s*期")
YEAR_RE = re.compile(r"(?:[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]|(\d{4})\s*年)")
DATE_RE = re.compile(
    rf"(\d{{4}}|[{NUMERAL_CHARS}]{{4}})\s*年\s*([0-9]{{1,2}}|[{NUMERAL_CHARS}]{{1,3}})\s*月\s*"
    rf"([0-9]{{1,2}}|[{NUMERAL_CHARS}]{{1,3}})\s*日"
)
ISO_DATE_RE = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
# Lines printed on some mastheads that are none of the fields.
_BOILERPLATE_RE = re.compile(r"^(内部资料|内部刊物|内部参阅|注意保存|秘密|机密|绝密|[★☆]|签发人|免费赠阅|仅供参考)")
# Supplements are numbered apart: they become a series of their own, `刊名（增刊）`.
SUPPLEMENT_RE = re.compile(r"增刊|专刊|特刊|号外")
_MAX_MASTHEAD_BLOCKS = 10
# Where the numbers start on an issue line (what precedes them may be the name).
_NUMBERS_START_RE = re.compile(rf"[〔\[［【(（]?\s*\d{{4}}\s*[〕\]］】)）年]|(?<!总)第\s*{_NUM}\s*期|[（(]?\s*总\s*第")
_UNIT_END_RE = re.compile(r"(办公室|科协|协会|学会|委员会|中心|编辑部|秘书处|办|部|处|局|厅)$")


@dataclass
class _Found:
    name: str | None = None
    year: int | None = None
    number: int | None = None
    total: int | None = None
    issuer: str | None = None
    date: str | None = None
    supplement: str | None = None  # 增刊, 专刊…: numbered apart from the weekly series


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """The first date in the text as ISO `YYYY-MM-DD`, with its match."""
    for regex in (DATE_RE, ISO_DATE_RE):
        match = regex.search(text)
        if match:
            year, month, day = (to_int(g) for g in match.groups())
            if year and month and day and 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}", match
    return None


def is_issue_line(text: str) -> bool:
    return bool(NUMBER_RE.search(text) or TOTAL_RE.search(text))


def _take_numbers(text: str, found: _Found) -> None:
    total = TOTAL_RE.search(text)
    if total and found.total is None:
        found.total = to_int(total.group(1))
    rest = TOTAL_RE.sub("", text)
    number = NUMBER_RE.search(rest)
    if number and found.number is None:
        found.number = to_int(number.group(1))
    year = YEAR_RE.search(rest)
    if year and found.year is None:
        found.year = int(year.group(1) or year.group(2))
    special = SUPPLEMENT_RE.search(rest)
    if special:
        found.supplement = special.group(0)


_ISSUER_LABEL_RE = re.compile(r"^\s*(?:主办|编印|编发|印发|编发单位|主办单位|编印单位)\s*[:：]\s*")
_ISSUER_SUFFIX_RE = re.compile(r"(?<=[室会部处局厅委协心])\s*(?:编印|编发|印发|主办|编)$")


def _issuer_from(text: str) -> str | None:
    text = _ISSUER_SUFFIX_RE.sub("", _ISSUER_LABEL_RE.sub("", text)).strip(" ：:，,")
    if 2 <= len(text) <= 30 and han_count(text) >= 2 and not _BOILERPLATE_RE.match(text):
        return text
    return None


def parse_masthead(blocks: list[Block], stop: int) -> tuple[Masthead, int, list[str]]:
    """Read the masthead from blocks[:stop]; return it, the index after it, and warnings."""
    found = _Found()
    inline_name: str | None = None
    loose: list[int] = []  # blocks that are none of the numbered fields
    last = -1
    for i, block in enumerate(blocks[: min(stop, _MAX_MASTHEAD_BLOCKS)]):
        text = block.text
        dated = find_date(text)
        if is_issue_line(text):
            _take_numbers(text, found)
            prefix = _NUMBERS_START_RE.split(text, maxsplit=1)[0].strip()
            if not loose and inline_name is None and han_count(prefix) >= 2 and len(prefix) <= 30:
                inline_name = prefix  # `科协每周动态 2023年第21期` on one line
            if dated and found.date is None:
                found.date = dated[0]
            last = i
        elif dated and found.date is None:
            found.date = dated[0]
            # `北京市科协办公室 2023年8月11日`, or the date first and the issuer after it
            found.issuer = _issuer_from(text[: dated[1].start()]) or _issuer_from(text[dated[1].end():])
            if found.issuer is None and loose and loose[-1] == i - 1 and loose[-1] != loose[0]:
                found.issuer = _issuer_from(blocks[loose.pop()].text)
            last = i
        elif _BOILERPLATE_RE.match(text):
            last = i
        elif found.date is not None:
            if found.issuer is None and _UNIT_END_RE.search(text) and _issuer_from(text):
                found.issuer = _issuer_from(text)  # the issuer printed under the date
                last = i
            break  # the date closes the masthead
        else:
            loose.append(i)
    loose = [i for i in loose if i < last]
    if loose:
        name = blocks[loose[0]].text
        if len(name) <= 30 and han_count(name) >= 2:
            found.name = name
            loose.pop(0)
    if found.name is None:
        found.name = inline_name
    if found.issuer is None:
        found.issuer = next((_issuer_from(blocks[i].text) for i in loose if _issuer_from(blocks[i].text)), None)
    if found.year is None and found.date:
        found.year = int(found.date[:4])
    if found.supplement and found.name and found.supplement not in found.name:
        found.name += f"（{found.supplement}）"
    missing = [label for label, value in (("名称", found.name), ("期号", found.number),
               ("总期号", found.total), ("日期", found.date)) if value is None]
    warnings = [f"报头缺少{'、'.join(missing)}"] if missing else []
    fields = {k: v for k, v in found.__dict__.items() if k != "supplement"}
    return Masthead(**fields), last + 1, warnings
