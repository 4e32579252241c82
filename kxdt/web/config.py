"""How a `kxdt serve` instance is set up, and the numbers its pages use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..limits import UPLOAD_BYTES

PAGE_SIZE = 20  # search hits a page
MAX_PAGES = 50  # later pages are not served (nor counted): narrow the search instead
MAX_QUERY_CHARS = 200
MAX_FIELD_CHARS = 100  # a filter's text (column, source, publication)
LATEST_ISSUES = 12  # issues listed under each publication on the home page
CHECKED_KEPT = 64  # checked uploads whose exported DOCX can still be downloaded
CHECKED_SECONDS = 3600  # … and for how long
UPLOAD_SUFFIXES = (".docx", ".pdf")


@dataclass(frozen=True)
class Settings:
    db: Path
    writable: bool = False  # uploads may be filed in the archive
    token: str | None = None  # the access token; None: no token asked (loopback only)
    hosts: tuple[str, ...] | None = ("127.0.0.1", "localhost", "::1")  # Host headers accepted; None: any
    max_upload: int = field(default_factory=lambda: UPLOAD_BYTES.value)  # bytes of one upload request

    @property
    def uploads(self) -> Path:
        """Where filed uploads are kept (beside the archive): the archive records their path."""
        return self.db.with_name(self.db.stem + "-上传")
