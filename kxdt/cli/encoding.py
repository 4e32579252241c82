"""Output on a console that cannot show every character (a Chinese Windows console in GBK/cp936,
`PYTHONIOENCODING=gbk`): a character the encoding lacks (𠀀, ⺠, emoji) is written as a
replacement of the same width — `？` for a wide one, `?` for a narrow one — so output never
fails and tables stay aligned. JSON is written as UTF-8 bytes and is not affected."""

from __future__ import annotations

import codecs
import sys
import unicodedata
from typing import Any

ERRORS = "kxdt-same-width"
WIDE_REPLACEMENT = "？"  # FULLWIDTH QUESTION MARK: two cells, in GBK, GB18030 and Big5
NARROW_REPLACEMENT = "?"


def _replacement(char: str, encoding: str) -> str:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return ""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        try:
            WIDE_REPLACEMENT.encode(encoding)
            return WIDE_REPLACEMENT
        except (UnicodeEncodeError, LookupError):
            return NARROW_REPLACEMENT * 2
    return NARROW_REPLACEMENT


def _same_width(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start:error.end]
    return "".join(_replacement(ch, error.encoding) for ch in bad), error.end


def install() -> None:
    """Give stdout and stderr the same-width replacement when their encoding is not UTF."""
    try:
        codecs.lookup_error(ERRORS)
    except LookupError:
        codecs.register_error(ERRORS, _same_width)
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        reconfigure: Any = getattr(stream, "reconfigure", None)
        if reconfigure is None or encoding.startswith("utf"):
            continue
        try:
            reconfigure(errors=ERRORS)
        except (ValueError, OSError):
            continue
