"""The masthead: name, year, 第N期, 总第N期, issuer and date, from the first blocks of an issue."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..cleanup.reflow import Block
from ..model import Masthead
from ..text.chars import han_count
from ..text.chrome import is_chrome, posted_date
from ..text.patterns import SUPPLEMENT_WORDS
from .numerals import NUMERAL_CHARS, to_int

_NUM = rf"([0-9]+|[{NUMERAL_CHARS}]+)"
TOTAL_RE = re.compile(rf"[（(]?\s*总\s*第?\s*{_NUM}\s*期\s*[)）]?")
NUMBER_RE = re.compile(rf"(?<!总)第\s*{_NUM}\s*期")
YEAR_RE = re.compile(r"(?:[〔\[［【(（﹝]?\s*(\d{4})\s*[〕\]］】)）﹞]|[〔\[［【(（﹝]\s*(\d{4})\s*[〕\]］】)）﹞]?|(\d{4})\s*年)")
DATE_RE = re.compile(
    rf"(\d{{4}}|[{NUMERAL_CHARS}]{{4}})\s*年\s*([0-9]{{1,2}}|[{NUMERAL_CHARS}]{{1,3}})\s*月\s*"
    rf"([0-9]{{1,2}}|[{NUMERAL_CHARS}]{{1,3}})\s*日"
)
ISO_DATE_RE = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
# Lines printed on some mastheads that are none of the fields.
_BOILERPLATE_RE = re.compile(r"^(内部资料|内部刊物|内部参阅|注意保存|秘密|机密|绝密|[★☆]|签发人|免费赠阅|仅供参考)")
# Supplements are numbered apart: they become a series of their own, `刊名（增刊）`.
SUPPLEMENT_RE = re.compile("|".join(SUPPLEMENT_WORDS))
# Where the numbers start on an issue line (what precedes them may be the name).
_NUMBERS_START_RE = re.compile(rf"[〔\[［【(（]?\s*\d{{4}}\s*[〕\]］】)）年]|(?<!总)第\s*{_NUM}\s*期|[（(]?\s*总\s*第")
_UNIT_END_RE = re.compile(r"(办公室|科协|协会|学会|委员会|中心|编辑部|秘书处|办|部|处|局|厅)$")
# A line that may be (the start of) an issuer: a unit's name, or a school or institute.
_UNIT_START_RE = re.compile(r"(办公室|科协|协会|学会|委员会|中心|编辑部|秘书处|大学|学院|研究院|研究所|[部处局厅室院所])|[(（].{2,8}[)）]$")


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
    """The first real date in the text as ISO `YYYY-MM-DD`, with its match (`2023年2月30日` is none)."""
    for regex in (DATE_RE, ISO_DATE_RE):
        for match in regex.finditer(text):
            year, month, day = (to_int(g) for g in match.groups())
            if year and month and day and _valid(year, month, day):
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
        found.year = int(year.group(1) or year.group(2) or year.group(3))
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


# A masthead is read from at most this many blocks before the first sentence of text.
_MAX_MASTHEAD_BLOCKS = 16
# Name lines: at most this many, right above the issue line, each this short.
_MAX_NAME_LINES = 2
_MAX_NAME_CHARS = 30
# Issuer pieces on lines between the issue line and the date line (a two-line issuer).
_MAX_ISSUER_LINES = 2


def _sentence(block: Block) -> bool:
    """Running text: no masthead line reads like this."""
    text = block.text
    if is_issue_line(text) and "。" not in text:
        return False
    return len(text) > 40 or ("。" in text and len(text) > 12) or (text.count("，") + text.count(",") >= 2)


def _zone_end(blocks: list[Block], stop: int) -> int:
    end = min(stop, len(blocks), _MAX_MASTHEAD_BLOCKS)
    return next((i for i in range(end) if _sentence(blocks[i])), end)


def _strong_issue_line(text: str) -> bool:
    """An issue line, not a title that mentions 第N期 (`市科协举办第十期青年沙龙`): after its
    last number there is no Han text but a date, an issuer before a date, or a supplement word."""
    if not is_issue_line(text):
        return False
    ends = [m.end() for r in (TOTAL_RE, NUMBER_RE, YEAR_RE) for m in r.finditer(text)]
    tail = text[max(ends):] if ends else ""
    dated = find_date(tail) or squashed_date(tail)
    tail = SUPPLEMENT_RE.sub("", tail[: dated[1].start()] if dated else tail)
    return han_count(tail) <= 2 or dated is not None


def parse_masthead(blocks: list[Block], stop: int) -> tuple[Masthead, int, list[str]]:
    """Read the masthead from blocks[:stop]; return it, the index after it, and warnings.

    Zones, not line rules: the masthead is anchored on its issue line(s) (第N期, 总第N期) — the
    last ones before the first running text, as a web copy repeats the issue line in the page
    title above the printed masthead. Above them are the name's lines, and above those only page
    chrome; below them the issuer and the printed date, which wins over a page's posting time.
    """
    zone = _zone_end(blocks, stop)
    issue_lines = [i for i in range(zone) if _strong_issue_line(blocks[i].text)]
    if not issue_lines:
        return _masthead_without_issue_line(blocks, zone)
    end = issue_lines[-1]
    begin = end
    while begin - 1 in issue_lines:
        begin -= 1
    found = _Found()
    posted = [d for d in (posted_date(b.text) for b in blocks[:zone]) if d]
    for i in range(begin, end + 1):
        _take_numbers(blocks[i].text, found)
    for i in issue_lines:  # the page title's copy fills what the printed line lost
        _take_numbers(blocks[i].text, found)
    inline = _NUMBERS_START_RE.split(blocks[begin].text, maxsplit=1)[0].strip()
    head = _name_zone(blocks, begin, issue_lines)
    names = [i for i in head if not _ISSUER_LABEL_RE.match(blocks[i].text)]
    labelled = [i for i in head if _ISSUER_LABEL_RE.match(blocks[i].text)]
    if names:
        found.name = "".join(blocks[i].text for i in names)
    elif han_count(inline) >= 2 and len(inline) <= _MAX_NAME_CHARS:
        found.name = inline  # `科协每周动态 2023年第21期` on one line
    if labelled:
        found.issuer = _issuer_from(blocks[labelled[0]].text)
    warnings: list[str] = []
    last = _issuer_and_date(blocks, begin, end, zone, found, posted, warnings)
    if found.year is None and found.date:
        found.year = int(found.date[:4])
    if found.supplement and found.name and found.supplement not in found.name:
        found.name += f"（{found.supplement}）"
    return _finish(found, last + 1, warnings)


def _name_zone(blocks: list[Block], begin: int, issue_lines: list[int]) -> list[int]:
    """The name's lines: right above the issue line, below any chrome or earlier issue line."""
    picked: list[int] = []
    i = begin - 1
    while i >= 0 and len(picked) < _MAX_NAME_LINES + 1:
        text = blocks[i].text
        if i in issue_lines or is_chrome(text) or find_date(text) or len(text) > _MAX_NAME_CHARS:
            break
        if not _BOILERPLATE_RE.match(text) and han_count(text) >= 1:
            picked.append(i)
        i -= 1
    labelled = [k for k in picked if _ISSUER_LABEL_RE.match(blocks[k].text)]
    plain = [k for k in picked if k not in labelled][:_MAX_NAME_LINES]
    return sorted(plain + labelled)


def _issuer_and_date(blocks: list[Block], begin: int, end: int, zone: int, found: _Found, posted: list[str],
                     warnings: list[str]) -> int:
    """Read the issuer and date from the issue line and the lines below it; return the index
    of the masthead's last block."""
    last = end
    for i in range(begin, end + 1):
        dated = find_date(blocks[i].text)
        if dated and found.date is None:
            found.date = dated[0]
    pieces: list[str] = []
    i = end + 1
    while i < min(zone + 1, len(blocks)) and found.date is None:
        text = blocks[i].text
        if is_chrome(text) or _BOILERPLATE_RE.match(text):
            last = i
            i += 1
            continue
        dated = find_date(text) or squashed_date(text, posted[0] if posted else None)
        if dated:
            found.date = dated[0]
            around = _issuer_from(text[: dated[1].start()]) or _issuer_from(text[dated[1].end():])
            if around or pieces:
                found.issuer = found.issuer or "".join(pieces) + (around or "")
            last = i
            break
        shaped = DATE_RE.search(text) or ISO_DATE_RE.search(text)
        if shaped:  # `2023年2月30日`: a date line, but no real date
            warnings.append(f"报头的日期“{shaped.group(0)}”不是有效日期，已忽略")
            found.issuer = found.issuer or _issuer_from(text[: shaped.start()]) or _issuer_from(text[shaped.end():])
            last = i
            break
        piece = _issuer_from(text)
        if len(pieces) < _MAX_ISSUER_LINES and piece and _UNIT_START_RE.search(text) and not _sentence(blocks[i]):
            pieces.append(piece)  # an issuer over two lines, or above its date
            i += 1
            continue
        break
    if found.date is not None and found.issuer is None and last + 1 < len(blocks):
        below = blocks[last + 1].text
        if _UNIT_END_RE.search(below) and _issuer_from(below) and not _sentence(blocks[last + 1]):
            found.issuer = _issuer_from(below)  # the issuer printed under the date
            last += 1
    # Unit-like lines with no date after them are not taken for the issuer: they are more
    # likely the first title (`某区科协召开…`).
    if found.date is None and posted:
        found.date = posted[0]
        warnings.append(f"报头没有印出日期，采用网页发布日期{posted[0]}")
    return last


def _masthead_without_issue_line(blocks: list[Block], zone: int) -> tuple[Masthead, int, list[str]]:
    """No 第N期 anywhere: a name, and a date line with its issuer, if the top has them."""
    found = _Found()
    loose: list[int] = []
    last = -1
    for i in range(zone):
        text = blocks[i].text
        if is_chrome(text):
            continue
        dated = find_date(text)
        if dated:
            found.date = dated[0]
            found.issuer = _issuer_from(text[: dated[1].start()]) or _issuer_from(text[dated[1].end():])
            last = i
            break
        loose.append(i)
    named = [i for i in loose if i < last and len(blocks[i].text) <= _MAX_NAME_CHARS and han_count(blocks[i].text) >= 2]
    if named:
        found.name = blocks[named[0]].text
    if found.year is None and found.date:
        found.year = int(found.date[:4])
    return _finish(found, last + 1, [])


# What a masthead's numbers can be; others are misreadings (or hostile input) and are dropped.
YEARS = range(1900, 2101)
NUMBERS = range(1, 1001)
TOTALS = range(1, 1_000_001)


def _plausible(found: _Found, warnings: list[str]) -> None:
    for field, label, allowed in (("year", "年份", YEARS), ("number", "期号", NUMBERS), ("total", "总期号", TOTALS)):
        value = getattr(found, field)
        if value is not None and value not in allowed:
            warnings.append(f"报头的{label}“{value if len(str(value)) <= 12 else str(value)[:12] + '…'}”不合理，已忽略")
            setattr(found, field, None)
    if found.date is not None and int(found.date[:4]) not in YEARS:
        warnings.append(f"报头的日期“{found.date}”不合理，已忽略")
        found.date = None


def _finish(found: _Found, start: int, warnings: list[str]) -> tuple[Masthead, int, list[str]]:
    _plausible(found, warnings)
    missing = [label for label, value in (("名称", found.name), ("期号", found.number),
               ("总期号", found.total), ("日期", found.date)) if value is None]
    if missing:
        warnings.insert(0, f"报头缺少{'、'.join(missing)}")
    fields = {k: v for k, v in found.__dict__.items() if k != "supplement"}
    return Masthead(**fields), start, warnings


_SQUASHED_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?(?!\d)"
                          r"|(?<!\d)((?:19|20)\d{2})(\d{2,4})(?!\d)")


def squashed_date(text: str, hint: str | None = None) -> tuple[str, re.Match[str]] | None:
    """A printed date that lost its characters in a web copy: `2019429`, `202410月13`.

    Digits run together are split into month and day every valid way; one reading is taken,
    or, of several, the latest not after `hint` (the page's posting date)."""
    for match in _SQUASHED_RE.finditer(text):
        if match.group(1):
            readings = [(int(match.group(1)), int(match.group(2)), int(match.group(3)))]
        else:
            year, digits = int(match.group(4)), match.group(5)
            readings = [(year, int(digits[:k]), int(digits[k:])) for k in (1, 2) if 1 <= len(digits) - k <= 2]
        valid = sorted({f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in readings if _valid(y, m, d)})
        if hint:
            before = [v for v in valid if v <= hint]
            valid = before[-1:] if before else valid
        if len(valid) == 1:
            return valid[0], match
    return None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except (ValueError, OverflowError):
        return False
    return True
