"""Page-number lines as bulletins print them: `- 3 -`, `— 3 —`, `第3页`, `第3页 共8页`, `3/8`. A
dash lost in extraction (U+FFFD, a font without a usable Unicode map) still frames the number."""

from __future__ import annotations

import re

PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-—–－−\ufffd]+\s*(\d{1,4})\s*[-—–－−\ufffd]+|第\s*(\d{1,4})\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|(\d{1,4})\s*/\s*\d{1,4})\s*$"
)


def page_number(text: str) -> int | None:
    match = PAGE_NUMBER_RE.match(text)
    if not match:
        return None
    return int(next(g for g in match.groups() if g))
