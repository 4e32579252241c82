"""The masthead: name, year, 第N期, 总第N期, issuer and date, from the first blocks of an issue."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

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


# How sure a field is, by how it was found (0–1; the model's `confidence.masthead`).
SURE = 0.95  # printed in its usual form at its usual place
LIKELY = 0.85  # at its usual place in a less usual form (a two-line name, digits that lost 年月日)
INFERRED = 0.7  # read from what stands around it (the name over a date when there is no issue line)
STAND_IN = 0.5  # not printed: taken from elsewhere (the web page's posting date)
FIELDS = ("name", "year", "number", "total", "issuer", "date")


@dataclass
class _Found:
    name: str | None = None
    year: int | None = None
    number: int | None = None
    total: int | None = None
    issuer: str | None = None
    date: str | None = None
    supplement: str | None = None  # 增刊, 专刊…: numbered apart from the weekly series
    sure: dict[str, float] = field(default_factory=dict)

    def take(self, name: str, value: object, confidence: float) -> None:
        """Set a field not set yet, with how sure it is."""
        if value is not None and getattr(self, name) is None:
            setattr(self, name, value)
            self.sure[name] = confidence


@dataclass(frozen=True)
class MastheadReading:
    """The masthead, how sure each field is, where the zone after it starts, and warnings."""

    masthead: Masthead
    confidence: dict[str, float | None]
    start: int
    warnings: list[str]


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


def _take_numbers(text: str, found: _Found, confidence: float = SURE) -> None:
    total = TOTAL_RE.search(text)
    if total:
        found.take("total", to_int(total.group(1)), confidence)
    rest = TOTAL_RE.sub("", text)
    number = NUMBER_RE.search(rest)
    if number:
        found.take("number", to_int(number.group(1)), confidence)
    year = YEAR_RE.search(rest)
    if year:
        found.take("year", int(year.group(1) or year.group(2) or year.group(3)), confidence)
    special = SUPPLEMENT_RE.search(rest)
    if special:
        found.supplement = special.group(0)


_ISSUER_LABEL_RE = re.compile(r"^\s*(?:主办|编印|编发|印发|编发单位|主办单位|编印单位)\s*[:：]\s*")
_ISSUER_SUFFIX_RE = re.compile(r"(?<=[室会部处局厅委协心])\s*(?:编印|编发|印发|主办|编)$")
# A name's own brackets (`《科技工作者之家》`) and what an issue number's bracket left of it (`[`).
_NAME_WRAP_RE = re.compile(r"^[\s《〈「『]+|[\s》〉」』\[［【〔(（﹝:：,，]+$")


def _issuer_from(text: str) -> str | None:
    text = _ISSUER_SUFFIX_RE.sub("", _ISSUER_LABEL_RE.sub("", text)).strip(" ：:，,")
    if 2 <= len(text) <= 30 and han_count(text) >= 2 and not _BOILERPLATE_RE.match(text):
        return text
    return None


def name_text(text: str) -> str | None:
    """A name as printed, without its 《》 and without the bracket its issue number opened."""
    text = _NAME_WRAP_RE.sub("", text.strip())
    if text.startswith(("《", "〈")) or text.endswith(("》", "〉")):
        text = text.strip("《》〈〉")
    return text if han_count(text) >= 2 and len(text) <= _MAX_NAME_CHARS else None


# A masthead is read from at most this many blocks before the first sentence of text.
_MAX_MASTHEAD_BLOCKS = 16
# Name lines: at most this many, right above the issue line, each this short.
_MAX_NAME_LINES = 2
_MAX_NAME_CHARS = 30
# Issuer pieces on lines between the issue line and the date line (a two-line issuer).
_MAX_ISSUER_LINES = 2
# Lines above the issue line read for the name and an issuer printed with it.
_MAX_HEAD_LINES = 4
# A name this short (`简报`, `工作动态`) is only the kind of paper.
_GENERIC_NAME_CHARS = 4
# How names of bulletins end (`…简报`, `…动态`, `…手机报`): a line so worded is the name, not an issuer.
_NAME_END_RE = re.compile(r"(简报|简讯|动态|快报|快讯|通讯|信息|周报|月报|旬报|专报|要讯|要情|手机报|通报|资讯|参考|工作|之家|"
                          r"视窗|纵横|导刊|交流|研究|报)$")


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


def parse_masthead(blocks: list[Block], stop: int, posted: list[str] | tuple[str, ...] = ()) -> MastheadReading:
    """Read the masthead from blocks[:stop] (page chrome already set aside; `posted` holds the
    dates of its posting lines).

    Zones, not line rules: the masthead is anchored on its issue line(s) (第N期, 总第N期) — the
    last ones before the first running text, as a web copy repeats the issue line in the page
    title above the printed masthead. Above them are the name's lines, and above those only page
    chrome; below them the issuer and the printed date, which wins over a page's posting time.
    Without an issue line, the name, the date and a labelled issuer are read where they stand.
    """
    zone = _zone_end(blocks, stop)
    posted = [*posted, *(d for d in (posted_date(b.text) for b in blocks[:zone]) if d)]
    issue_lines = [i for i in range(zone) if _strong_issue_line(blocks[i].text)]
    if not issue_lines:
        return _masthead_without_issue_line(blocks, zone, posted)
    end = issue_lines[-1]
    begin = end
    while begin - 1 in issue_lines:
        begin -= 1
    found = _Found()
    for i in range(begin, end + 1):
        _take_numbers(blocks[i].text, found)
    for i in issue_lines:  # the page title's copy fills what the printed line lost
        _take_numbers(blocks[i].text, found, LIKELY)
    inline = _NUMBERS_START_RE.split(blocks[begin].text, maxsplit=1)[0].strip()
    head = _name_zone(blocks, begin, issue_lines)
    labelled = [i for i in head if _ISSUER_LABEL_RE.match(blocks[i].text)]
    names, issuer_above = split_name(blocks, [i for i in head if i not in labelled])
    if names:
        found.take("name", name_text("".join(blocks[i].text for i in names)), SURE if len(names) == 1 else LIKELY)
    elif name_text(inline) is not None:
        found.take("name", name_text(inline), LIKELY)  # `科协每周动态 2023年第21期` on one line
    if labelled:
        text = blocks[labelled[0]].text
        dated = find_date(text)
        found.take("issuer", _issuer_from(text[: dated[1].start()] if dated else text), SURE)
        if dated:
            found.take("date", dated[0], SURE)
    warnings: list[str] = []
    last = _issuer_and_date(blocks, begin, end, zone, found, posted, warnings)
    if found.issuer is None and issuer_above:
        found.take("issuer", _issuer_from("".join(blocks[i].text for i in issuer_above)), INFERRED)
    if found.year is None and found.date:
        found.take("year", int(found.date[:4]), found.sure["date"])
    if found.supplement and found.name and found.supplement not in found.name:
        found.name += f"（{found.supplement}）"
    return _finish(found, last + 1, warnings)


def _name_zone(blocks: list[Block], begin: int, issue_lines: list[int]) -> list[int]:
    """The lines above the issue line that may hold the name (and an issuer printed with it):
    right above it, below any chrome or earlier issue line."""
    picked: list[int] = []
    i = begin - 1
    while i >= 0 and len(picked) < _MAX_HEAD_LINES:
        text = blocks[i].text
        if i in issue_lines or is_chrome(text) or find_date(text) or len(text) > _MAX_NAME_CHARS:
            break
        if not _BOILERPLATE_RE.match(text) and han_count(text) >= 1:
            picked.append(i)
        i -= 1
    return sorted(picked)


def _generic(text: str) -> bool:
    """A name that is only the kind of paper (`简  报`, `工作动态`): its unit is printed above it."""
    return han_count(text) <= _GENERIC_NAME_CHARS and bool(_NAME_END_RE.search(text))


def split_name(blocks: list[Block], lines: list[int]) -> tuple[list[int], list[int]]:
    """Lines of the masthead's head as the name's lines and the issuer's, by their wording.

    The name is the (last) line worded like a bulletin's name (`…简报`, `…动态`), with the unit
    line above it when the name is only the kind of paper (`某协会` over `简  报`); unit lines
    below the name are the issuer printed with it (also over two lines). When no line is
    worded like a name, the two lines right above the issue line are."""
    named = [k for k, i in enumerate(lines) if _NAME_END_RE.search(blocks[i].text)]
    if not named:
        return lines[-_MAX_NAME_LINES:], []
    n = named[-1]
    first = n - 1 if n >= 1 and _generic(blocks[lines[n]].text) and _UNIT_END_RE.search(blocks[lines[n - 1]].text) else n
    below = lines[n + 1:]
    units = [i for i in below if _UNIT_START_RE.search(blocks[i].text) and not _NAME_END_RE.search(blocks[i].text)]
    return lines[first:n + 1], (below if below and units == below and len(below) <= _MAX_ISSUER_LINES else [])


def _issuer_and_date(blocks: list[Block], begin: int, end: int, zone: int, found: _Found, posted: list[str],
                     warnings: list[str]) -> int:
    """Read the issuer and date from the issue line and the lines below it; return the index
    of the masthead's last block."""
    last = end
    for i in range(begin, end + 1):
        dated = find_date(blocks[i].text)
        if dated:
            found.take("date", dated[0], SURE)
    pieces: list[str] = []
    i = end + 1
    while i < min(zone + 1, len(blocks)) and found.date is None:
        text = blocks[i].text
        if is_chrome(text) or _BOILERPLATE_RE.match(text):
            last = i
            i += 1
            continue
        printed = find_date(text)
        dated = printed or squashed_date(text, posted[0] if posted else None)
        if dated:
            found.take("date", dated[0], SURE if printed else LIKELY)
            around = _issuer_from(text[: dated[1].start()]) or _issuer_from(text[dated[1].end():])
            if around or pieces:
                found.take("issuer", "".join(pieces) + (around or ""), SURE if around and not pieces else LIKELY)
            last = i
            break
        shaped = DATE_RE.search(text) or ISO_DATE_RE.search(text)
        if shaped:  # `2023年2月30日`: a date line, but no real date
            warnings.append(f"报头的日期“{shaped.group(0)}”不是有效日期，已忽略")
            found.take("issuer", _issuer_from(text[: shaped.start()]) or _issuer_from(text[shaped.end():]), LIKELY)
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
            found.take("issuer", _issuer_from(below), LIKELY)  # the issuer printed under the date
            last += 1
    # Unit-like lines with no date after them are not taken for the issuer: they are more
    # likely the first title (`某区科协召开…`).
    if found.date is None and posted:
        found.take("date", posted[0], STAND_IN)
        warnings.append(f"报头没有印出日期，采用网页发布日期{posted[0]}")
    return last


def _masthead_without_issue_line(blocks: list[Block], zone: int, posted: list[str]) -> MastheadReading:
    """No 第N期 anywhere: a name, a date (also digits glued to the name: `《…手机报》20190313`)
    and an issuer (`主办：…`, beside or under the date, or unit lines under the name), read
    where they stand at the top."""
    found = _Found()
    head: list[int] = []
    last = -1
    for i in range(zone):
        text = blocks[i].text
        if is_chrome(text) or _BOILERPLATE_RE.match(text):
            continue
        printed = find_date(text)
        if _ISSUER_LABEL_RE.match(text):  # `主办：某县科协`, perhaps with the date after it
            found.take("issuer", _issuer_from(text[: printed[1].start()] if printed else text), SURE)
            if printed:
                found.take("date", printed[0], SURE)
            last = i
            continue
        dated = printed or (squashed_date(text, posted[0] if posted else None) if len(text) <= _MAX_NAME_CHARS else None)
        if dated and found.date is None:
            found.take("date", dated[0], SURE if printed else LIKELY)
            before, after = text[: dated[1].start()], text[dated[1].end():]
            if not head and name_text(before) is not None and (not printed or _NAME_END_RE.search(name_text(before) or "")):
                found.take("name", name_text(before), LIKELY)  # the name with its date on one line
            else:
                found.take("issuer", _issuer_from(before) or _issuer_from(after), LIKELY)
            last = i
            continue
        if found.date is not None:  # below the date: the issuer, or the masthead has ended
            if found.issuer is None and _UNIT_END_RE.search(text) and _issuer_from(text) and not _sentence(blocks[i]):
                found.take("issuer", _issuer_from(text), INFERRED)
                last = i
            break
        if len(text) <= _MAX_NAME_CHARS and han_count(text) >= 2 and len(head) < _MAX_HEAD_LINES:
            head.append(i)
            continue
        break
    if last >= 0 and head:
        names, issuer = split_name(blocks, [i for i in head if i < last])
        if not any(_NAME_END_RE.search(blocks[i].text) for i in names):
            names = names[:1]  # no line worded like a name: the first short line
        found.take("name", name_text("".join(blocks[i].text for i in names)), INFERRED)
        if issuer:
            found.take("issuer", _issuer_from("".join(blocks[i].text for i in issuer)), INFERRED)
    if found.year is None and found.date:
        found.take("year", int(found.date[:4]), found.sure["date"])
    warnings: list[str] = []
    if found.date is None and posted and last >= 0:
        found.take("date", posted[0], STAND_IN)
        warnings.append(f"报头没有印出日期，采用网页发布日期{posted[0]}")
    return _finish(found, last + 1, warnings)


# What a masthead's numbers can be; others are misreadings (or hostile input) and are dropped.
YEARS = range(1900, 2101)
NUMBERS = range(1, 1001)
TOTALS = range(1, 1_000_001)


def _plausible(found: _Found, warnings: list[str]) -> None:
    for name, label, allowed in (("year", "年份", YEARS), ("number", "期号", NUMBERS), ("total", "总期号", TOTALS)):
        value = getattr(found, name)
        if value is not None and value not in allowed:
            warnings.append(f"报头的{label}“{value if len(str(value)) <= 12 else str(value)[:12] + '…'}”不合理，已忽略")
            setattr(found, name, None)
    if found.date is not None and int(found.date[:4]) not in YEARS:
        warnings.append(f"报头的日期“{found.date}”不合理，已忽略")
        found.date = None


def _finish(found: _Found, start: int, warnings: list[str]) -> MastheadReading:
    _plausible(found, warnings)
    missing = [label for label, value in (("名称", found.name), ("期号", found.number),
               ("总期号", found.total), ("日期", found.date)) if value is None]
    if missing:
        warnings.insert(0, f"报头缺少{'、'.join(missing)}")
    masthead = Masthead(**{k: getattr(found, k) for k in FIELDS})
    confidence = {k: (found.sure.get(k, SURE) if getattr(found, k) is not None else None) for k in FIELDS}
    return MastheadReading(masthead, confidence, start, warnings)


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
