"""Issues checked from uploads, kept a while so their exported DOCX can be downloaded.

Kept under a random key (never a path from the request), at most CHECKED_KEPT of them for
CHECKED_SECONDS each: in memory, or as JSON files in a private folder that the worker
processes of one server share. The uploaded bytes themselves are not kept.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections import OrderedDict
from pathlib import Path

from ..model import Issue
from .config import CHECKED_KEPT, CHECKED_SECONDS

_KEY_RE = re.compile(r"[A-Za-z0-9_-]{22}")  # what secrets.token_urlsafe(16) gives


class CheckedIssues:
    def __init__(self, folder: Path | None = None, *, kept: int = CHECKED_KEPT, seconds: float = CHECKED_SECONDS) -> None:
        self.folder = folder
        self.kept = kept
        self.seconds = seconds
        self._items: OrderedDict[str, tuple[float, Issue]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, issue: Issue) -> str:
        key = secrets.token_urlsafe(16)
        if self.folder is not None:
            from ..io.files import write_atomic

            write_atomic(self.folder / f"{key}.json", json.dumps(issue.to_dict(), ensure_ascii=False).encode("utf-8"))
            kept = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
            for old in kept[: max(0, len(kept) - self.kept)]:
                old.unlink(missing_ok=True)
            return key
        with self._lock:
            self._items[key] = (time.monotonic(), issue)
            while len(self._items) > self.kept:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> Issue | None:
        if not _KEY_RE.fullmatch(key):
            return None
        if self.folder is not None:
            path = self.folder / f"{key}.json"
            try:
                if time.time() - path.stat().st_mtime > self.seconds:
                    path.unlink(missing_ok=True)
                    return None
                return Issue.from_dict(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                return None
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if time.monotonic() - item[0] > self.seconds:
                del self._items[key]
                return None
            return item[1]
