"""Getting an issue from a file or from the archive by its 总第 number; opening the archive."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..archive.store import Archive
from ..errors import InputError

if TYPE_CHECKING:
    from ..model import Issue
    from ..records import Document


def open_archive(db: Path | None, *, readonly: bool = False) -> Archive:
    """The archive; before writing, a folder that cannot be written is refused and a network
    share is warned of (once per process)."""
    if not readonly:
        from ..archive.store import default_db_path
        from ..io.places import check_writable, network_warning

        path = Path(db) if db else default_db_path()
        check_writable(path)
        warning = network_warning(path)
        if warning and str(path) not in _warned:
            from .app import say

            _warned.add(str(path))
            say(f"警告：{warning}", style="yellow")
    return Archive(db, readonly=readonly)


_warned: set[str] = set()


def load_issue(ref: str, *, db: Path | None = None, password: str | None = None) -> Issue:
    """`ref` is a file kxdt can parse, or the 总第N期 number of an archived issue."""
    return load_issue_and_document(ref, db=db, password=password)[0]


def is_archived_ref(ref: str) -> bool:
    return not Path(ref).exists() and re.fullmatch(r"[0-9]{1,7}", ref) is not None


def load_issue_and_document(ref: str, *, db: Path | None = None,
                            password: str | None = None) -> tuple[Issue, Document | None]:
    """The issue, and the reader's document when it came from a file (None from the archive)."""
    if is_archived_ref(ref):
        with open_archive(db, readonly=True) as archive:
            issue = archive.get(int(ref))
        if issue is None:
            raise InputError(f"归档里没有总第{ref}期：先用 kxdt parse 归档，或用 kxdt list 查看已归档的期号")
        return issue, None
    from ..api import parse_file

    return parse_file(Path(ref), password=password)
