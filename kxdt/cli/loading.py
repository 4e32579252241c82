"""Getting an issue from a file or from the archive by its 总第 number; opening the archive."""

from __future__ import annotations

import re
from pathlib import Path

from ..api import parse_file
from ..archive import Archive
from ..errors import InputError
from ..model import Issue


def open_archive(db: Path | None, *, readonly: bool = False) -> Archive:
    return Archive(db, readonly=readonly)


def load_issue(ref: str, *, db: Path | None = None, password: str | None = None) -> Issue:
    """`ref` is a file kxdt can parse, or the 总第N期 number of an archived issue."""
    path = Path(ref)
    if not path.exists() and re.fullmatch(r"[0-9]{1,7}", ref):
        with open_archive(db, readonly=True) as archive:
            issue = archive.get(int(ref))
        if issue is None:
            raise InputError(f"归档里没有总第{ref}期：先用 kxdt parse 归档，或用 kxdt list 查看已归档的期号")
        return issue
    return parse_file(path, password=password)[0]
