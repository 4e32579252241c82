"""Running the checks over one issue, and the author's raw text located in it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..model import Issue
from ..records import Document
from ..text.chars import clean
from .dates import check_dates
from .document import check_document
from .findings import ERROR, GROUPS, WHOLE_ISSUE, Finding, Place
from .history import history_of
from .numbering import check_numbering
from .punctuation import check_punctuation
from .repeats import check_repeats
from .structure import check_articles, check_contents
from .texts import all_texts

if TYPE_CHECKING:
    from ..archive import Archive

# Where a text's spaces are the author's own (not a PDF's or a scraped text layer's layout).
TYPED_KINDS = ("docx", "md")
MIN_LOCATED_CHARS = 4


def raw_texts(issue: Issue, document: Document) -> list[tuple[Place, str]]:
    """The reader's lines that belong to a title, highlight or paragraph, with that place."""
    if document.kind not in TYPED_KINDS:
        return []
    places = list(all_texts(issue))
    located: list[tuple[Place, str]] = []
    for line in document.lines:
        key = clean(line.text)
        if len(key) < MIN_LOCATED_CHARS:
            continue
        place = next((p for p, text in places if key in text), None)
        if place is not None:
            located.append((place, line.text))
    return located


def check_issue(issue: Issue, *, archive: Archive | None = None, raw: Iterable[tuple[Place, str]] = (),
                groups: Iterable[str] | None = None) -> list[Finding]:
    """Every finding of the chosen groups (all by default), errors first, then in reading order."""
    chosen = set(groups) if groups is not None else set(GROUPS)
    history = history_of(issue, archive) if chosen & {"numbering", "contents", "articles"} else None
    findings: list[Finding] = []
    if "numbering" in chosen and history is not None:
        findings.extend(check_numbering(issue, history))
    if "contents" in chosen and history is not None:
        findings.extend(check_contents(issue, history))
    if "articles" in chosen and history is not None:
        findings.extend(check_document(issue))
        findings.extend(check_articles(issue, history))
    if "dates" in chosen:
        findings.extend(check_dates(issue))
    if "punctuation" in chosen:
        findings.extend(check_punctuation(issue, raw))
    if "repeats" in chosen:
        findings.extend(check_repeats(issue, archive))
    order = {"masthead": 0, "issue": 1, "toc": 2}
    return sorted(_condense(findings), key=lambda f: (f.severity != ERROR, order.get(f.place.part, 3),
                                                      f.place.article or 0, f.place.index or 0))


MAX_ALIKE = 5  # more findings than this with the same message: a habit of the document
SHOWN_ALIKE = 3


def _condense(findings: list[Finding]) -> list[Finding]:
    """A mistake made throughout (a web copy with half-width commas everywhere) is shown a few
    times and then counted once, not listed a hundred times."""
    alike: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in findings:
        alike.setdefault((finding.kind, finding.severity, finding.message), []).append(finding)
    out: list[Finding] = []
    for (kind, severity, message), group in alike.items():
        if len(group) <= MAX_ALIKE:
            out.extend(group)
            continue
        out.extend(group[:SHOWN_ALIKE])
        out.append(Finding(kind, severity, WHOLE_ISSUE, f"{message}：全期共{len(group)}处，以上只列出前{SHOWN_ALIKE}处",
                           f"{group[0].fix or '逐处改正'}（可在 Word 里查找替换）"))
    return out
