"""Sources (来源): `（XX）`, `（XX供稿）`, `(XX供稿)`, `（张三 XX区科协供稿）`, `供稿：XX`."""

from __future__ import annotations

import re

from ..text.chars import SENTENCE_END, clean, han_count
from ..text.patterns import BRACKETED, SOURCE_ONLY_RE

LABELLED_RE = re.compile(r"^\s*[（(]?\s*(?:供稿单位|供稿|稿件来源|来源|信息来源)\s*[:：]\s*([^（）()]{2,40}?)\s*[)）]?\s*$")
TRAILING_RE = re.compile(rf"^(.*?[{SENTENCE_END}”』」\"])\s*(?:{BRACKETED}|[（(]\s*(?:供稿单位|供稿|来源)[:：]\s*([^（）()]{{2,40}}?)\s*[)）])\s*$")
_SUFFIX_RE = re.compile(r"\s*(?:供稿单位|供稿|提供|报送|/供稿)\s*$")
_PREFIX_RE = re.compile(r"^\s*(?:供稿单位|供稿|稿件来源|来源|信息来源)\s*[:：]\s*")
_PERSON_RE = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_UNIT_RE = re.compile(r"(科协|学会|协会|研究会|中心|委员会|办公室|部|处|局|厅|院|所|馆|站|公司|大学|学院|学校|街道|镇|乡|区|县|市|会)$")
_NOT_A_SOURCE_RE = re.compile(r"[，。；！？,;]|^(完|图|见|注|下转|上接|待续)")
_MAX_SOURCE_CHARS = 30


def source_name(raw: str) -> str | None:
    """The unit's name from the inside of a source bracket, or None when it does not look like one."""
    text = _SUFFIX_RE.sub("", _PREFIX_RE.sub("", raw)).strip()
    tokens = text.split()
    # `张三 XX区科协` or `XX区科协 张三`: person names go; the unit is what remains.
    if len(tokens) > 1 and any(_UNIT_RE.search(t) for t in tokens):
        tokens = [t for t in tokens if _UNIT_RE.search(t) or not _PERSON_RE.match(t)]
    while len(tokens) > 1 and _PERSON_RE.match(tokens[0]) and not _UNIT_RE.search(tokens[0]):
        tokens.pop(0)  # `张三 首钢集团`: a leading name goes even when the unit has no usual suffix
    name = clean(" ".join(tokens))
    if not name or len(name) > _MAX_SOURCE_CHARS or han_count(name) < 2 or _NOT_A_SOURCE_RE.search(name):
        return None
    return name


def source_only(raw: str) -> str | None:
    """A block that is nothing but a source: `（XX）` or `供稿：XX`."""
    match = SOURCE_ONLY_RE.match(raw) or LABELLED_RE.match(raw)
    return source_name(match.group(1)) if match else None


def split_trailing_source(raw: str) -> tuple[str, str | None]:
    """Split `…展示。（创新服务中心）` into the paragraph and the source name."""
    match = TRAILING_RE.match(raw)
    if not match:
        return raw, None
    name = source_name(match.group(2) or match.group(3))
    if name is None:
        return raw, None
    return match.group(1), name
