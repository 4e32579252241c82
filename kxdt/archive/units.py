"""Source units named differently over the years (`市科协科普部`, `科普部`): the mapping file an
office keeps, and the near-duplicates it does not cover yet.

The mapping file is TOML, one line per unit: the name to count under, then the other names it
was written as (a list, or one string)::

    # units.toml —— 单位名称对照
    "市科协科普部" = ["科普部", "科普工作部"]
    "门头沟区科协" = "门头沟科协"

The same table may stand under a `[units]` (or `[单位]`) heading.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

# A mapping file larger than this is not one an office typed (refused before parsing).
MAX_UNITS_FILE_BYTES = 1_000_000
# Words written in full or short for the same thing.
SYNONYMS = (("科学技术协会", "科协"), ("科技协会", "科协"))
# What is left out when comparing names: the city written or not, the association's own name
# before a department (`市科协科普部` / `科普部`), `区`/`县` and `科协` after a district's name
# (`门头沟区科协` / `门头沟科协`), and `供稿`.
_CITY_RE = re.compile(r"^(北京市|北京|本市|市)")
_OWN_NAME_RE = re.compile(r"^科协(?=.)")
_TAIL_RE = re.compile(r"(供稿|来稿)$")
_DISTRICT_TAIL_RE = re.compile(r"(?<=..)(区|县)?科协$|(?<=..)(区|县)$")
_SPACE_RE = re.compile(r"\s+")
# A name that is nothing but the association's own (`北京市科协`, `市科协`) compares as this.
OWN_NAME = "科协"


def _key(name: str) -> str:
    return _SPACE_RE.sub("", name)


def unit_core(name: str) -> str:
    """What two spellings of one unit have in common: `市科协科普部` and `科普部` → `科普部`,
    `门头沟区科协` and `门头沟科协` → `门头沟`, `北京市科协` and `市科协` → `科协`."""
    core = _key(name)
    for long, short in SYNONYMS:
        core = core.replace(long, short)
    core = _TAIL_RE.sub("", core)
    core = _CITY_RE.sub("", core)
    core = _OWN_NAME_RE.sub("", core)
    core = _DISTRICT_TAIL_RE.sub("", core)
    return core or OWN_NAME


@dataclass(frozen=True)
class UnitMap:
    """Other names → the name a unit is counted under. The empty map counts names as written."""

    aliases: Mapping[str, str] = field(default_factory=dict)
    path: str | None = None

    def canonical(self, source: str | None) -> str | None:
        if source is None:
            return None
        return self.aliases.get(_key(source), source)

    def merged(self, canonical: str) -> tuple[str, ...]:
        """The other names the file counts under `canonical`."""
        return tuple(alias for alias, name in self.aliases.items() if name == canonical and alias != _key(canonical))

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> UnitMap:
        p = Path(path)
        try:
            if p.stat().st_size > MAX_UNITS_FILE_BYTES:
                raise InputError(f"单位对照文件太大（超过 {MAX_UNITS_FILE_BYTES // 1000} KB）：它应是每个单位一行的 TOML 文件",
                                 path=str(p))
            text = p.read_text(encoding="utf-8-sig")
        except OSError as err:
            raise InputError(f"无法读取单位对照文件（{err.strerror}）", path=str(p)) from None
        except UnicodeDecodeError:
            raise InputError("单位对照文件不是 UTF-8 文本：请用记事本等另存为 UTF-8", path=str(p)) from None
        try:
            values = _load_toml(text)
        except ValueError as err:
            raise InputError(f"单位对照文件格式不对（{err}）：每行写成 \"统一名称\" = [\"别名1\", \"别名2\"]",
                             path=str(p)) from None
        return cls.from_table(values, path=str(p))

    @classmethod
    def from_table(cls, values: Mapping[str, object], *, path: str | None = None) -> UnitMap:
        inner = values.get("units", values.get("单位"))
        if len(values) == 1 and isinstance(inner, dict):
            values = inner
        aliases: dict[str, str] = {}
        for canonical, others in values.items():
            if isinstance(others, str):
                others = [others]
            if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
                raise InputError(f"单位对照文件里“{canonical}”的值应是名称或名称列表，如 [\"科普部\"]", path=path)
            for name in (canonical, *others):
                key = _key(name)
                if not key:
                    raise InputError(f"单位对照文件里“{canonical}”有空的名称", path=path)
                earlier = aliases.get(key)
                if earlier is not None and earlier != canonical:
                    raise InputError(f"单位对照文件里“{name}”同时归入“{earlier}”和“{canonical}”：请只留一处", path=path)
                aliases[key] = canonical
        return cls(aliases=aliases, path=path)


def _load_toml(text: str) -> dict[str, object]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ValueError(str(err)) from None


@dataclass(frozen=True)
class NearDuplicate:
    """Names that look like one unit and are counted apart: (name, articles), most articles first."""

    names: tuple[tuple[str, int], ...]

    @property
    def suggested(self) -> str:
        """The name to count under: the fullest spelling (`门头沟区科协` over `门头沟科协`)."""
        return max(self.names, key=lambda p: (len(p[0]), p[1]))[0]

    def toml_line(self) -> str:
        """The line to add to the mapping file to count them as one (under the most used name)."""
        others = ", ".join(_toml_string(name) for name, _ in self.names if name != self.suggested)
        return f"{_toml_string(self.suggested)} = [{others}]"

    def to_dict(self) -> dict[str, object]:
        return {"names": {name: n for name, n in self.names}, "suggested": self.suggested, "toml": self.toml_line()}


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def near_duplicates(counts: Mapping[str, int] | Iterable[tuple[str, int]]) -> list[NearDuplicate]:
    """Groups of the given unit names (with their article counts) that share a `unit_core`, in
    the order of their largest count."""
    pairs = counts.items() if isinstance(counts, Mapping) else counts
    groups: dict[str, list[tuple[str, int]]] = {}
    for name, n in pairs:
        groups.setdefault(unit_core(name), []).append((name, n))
    found = [NearDuplicate(tuple(sorted(g, key=lambda p: (-p[1], -len(p[0]), p[0])))) for g in groups.values()
             if len(g) > 1]
    return sorted(found, key=lambda d: (-d.names[0][1], d.suggested))
