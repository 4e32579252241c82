"""`kxdt check`: proofread an issue before it goes out. Enters: an Issue (and the archive, the
reader's raw lines); leaves: a list of Findings. Never re-parses.

`check_issue` runs every group of checks (see findings.GROUPS) over a parsed issue; the
archive, when given, supplies the publication's numbering, habits and earlier articles. The
reader's raw lines, when given, show what the normalised model no longer can: spaces between
Han characters and full-width digits as the author typed them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .findings import ERROR, GROUP_ALIASES, GROUPS, SEVERITY_LABEL, WARNING, Finding, Place

if TYPE_CHECKING:
    from .proofread import check_issue, raw_texts

__all__ = ["ERROR", "GROUPS", "GROUP_ALIASES", "SEVERITY_LABEL", "WARNING", "Finding", "Place", "check_issue",
           "raw_texts"]


def __getattr__(name: str) -> Any:
    """The checks (and the parser they use) load only when an issue is checked."""
    if name in ("check_issue", "raw_texts"):
        from . import proofread

        return getattr(proofread, name)
    raise AttributeError(name)
