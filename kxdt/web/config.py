"""How a `kxdt serve` instance is set up, and the numbers its pages use."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..io.limits import UPLOAD_BYTES

PAGE_SIZE = 20  # search hits a page
MAX_PAGES = 50  # later pages are not served (nor counted): narrow the search instead
MAX_QUERY_CHARS = 200
MAX_FIELD_CHARS = 100  # a filter's text (column, source, publication)
LATEST_ISSUES = 12  # issues listed under each publication on the home page
CHECKED_KEPT = 64  # checked uploads whose exported DOCX can still be downloaded
CHECKED_SECONDS = 3600  # … and for how long
UPLOAD_SUFFIXES = (".docx", ".pdf")
SETTINGS_ENV = "KXDT_SERVE_SETTINGS"  # how worker processes receive the settings


@dataclass(frozen=True)
class Settings:
    db: Path
    writable: bool = False  # uploads may be filed in the archive
    token: str | None = None  # the access token; None: no token asked (loopback only)
    hosts: tuple[str, ...] | None = ("127.0.0.1", "localhost", "::1")  # Host headers accepted; None: any
    max_upload: int = field(default_factory=lambda: UPLOAD_BYTES.value)  # bytes of one upload request
    scratch: Path | None = None  # checked uploads kept here (shared by worker processes); None: in memory

    def to_json(self) -> str:
        """The settings for a worker process (`from_json` reads them back)."""
        return json.dumps({"db": str(self.db), "writable": self.writable, "token": self.token,
                           "hosts": list(self.hosts) if self.hosts is not None else None,
                           "max_upload": self.max_upload, "scratch": str(self.scratch) if self.scratch else None})

    @classmethod
    def from_json(cls, text: str) -> Settings:
        data = json.loads(text)
        return cls(db=Path(data["db"]), writable=bool(data["writable"]), token=data["token"],
                   hosts=tuple(data["hosts"]) if data["hosts"] is not None else None,
                   max_upload=int(data["max_upload"]), scratch=Path(data["scratch"]) if data["scratch"] else None)

    @property
    def uploads(self) -> Path:
        """Where filed uploads are kept (beside the archive): the archive records their path."""
        return self.db.with_name(self.db.stem + "-上传")
