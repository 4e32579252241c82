"""What the file itself still holds that must not go out: unaccepted tracked changes (the DOCX
reader reads the text as if they were accepted, and says so in the issue's warnings)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Issue
from ..readers.docx import REVISIONS_WARNING
from .findings import ERROR, WHOLE_ISSUE, Finding


def check_document(issue: Issue) -> Iterator[Finding]:
    if REVISIONS_WARNING in issue.warnings:
        yield Finding("tracked-changes", ERROR, WHOLE_ISSUE,
                      "文档里有未接受的修订（修订痕迹和删去的文字会随文件发出）",
                      "在 Word 里点“审阅 → 接受 → 接受所有修订”（WPS：“审阅 → 接受 → 接受对文档所做的所有修订”），保存后再校对")
