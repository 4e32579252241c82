"""Issues checked from uploads, kept a while so their exported DOCX can be downloaded.

Kept in memory under a random key (never a path from the request), at most CHECKED_KEPT of
them for CHECKED_SECONDS each; the uploaded bytes themselves are not kept.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict

from ..model import Issue
from .config import CHECKED_KEPT, CHECKED_SECONDS


class CheckedIssues:
    def __init__(self, *, kept: int = CHECKED_KEPT, seconds: float = CHECKED_SECONDS) -> None:
        self.kept = kept
        self.seconds = seconds
        self._items: OrderedDict[str, tuple[float, Issue]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, issue: Issue) -> str:
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._items[key] = (time.monotonic(), issue)
            while len(self._items) > self.kept:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> Issue | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if time.monotonic() - item[0] > self.seconds:
                del self._items[key]
                return None
            return item[1]
