"""kxdt — read, archive, search and make the weekly bulletin 《科协每周动态》.

The public API: `parse_file()`, `parse_text()`, `Issue`, `Article`, `Masthead`, `Archive`.
Heavy libraries (pypdf, python-docx) load only when a PDF or DOCX is read or written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import KxdtError
from .model import Article, Issue, Masthead

__version__ = "0.1.0"
__all__ = ["Archive", "Article", "Issue", "KxdtError", "Masthead", "__version__", "parse_file", "parse_text"]

if TYPE_CHECKING:
    from .api import parse_file, parse_text
    from .archive import Archive


def __getattr__(name: str) -> Any:
    if name in ("parse_file", "parse_text"):
        from . import api

        return getattr(api, name)
    if name == "Archive":
        from .archive import Archive

        return Archive
    raise AttributeError(name)
