"""Traditional-character bulletins: parsed in simplified form, output in their own characters.

Every pattern of the parser (总第N期, 简报, 供稿, 目录…) is written in simplified characters.
A traditional document's blocks are folded to simplified character for character, parsed,
and each text of the result is put back into the document's characters through the mapping
the folding itself produced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from ..cleanup.reflow import Block
from ..model import Issue, Masthead
from ..text.variants import is_traditional, to_simplified


def fold_blocks(blocks: list[Block]) -> tuple[list[Block], Callable[[str], str] | None]:
    """Simplified blocks, and the function that restores the document's characters (None
    when the document is simplified already)."""
    original = "\n".join(b.raw for b in blocks)
    if not is_traditional(original):
        return blocks, None
    folded = to_simplified(original)
    seen: dict[str, Counter[str]] = {}
    for a, b in zip(folded, original):
        if a != b:
            seen.setdefault(a, Counter())[b] += 1
    back = {ord(k): v.most_common(1)[0][0] for k, v in seen.items()}
    blocks = [replace(b, text=to_simplified(b.text), raw=to_simplified(b.raw),
                      parts=tuple(to_simplified(p) for p in b.parts)) for b in blocks]
    return blocks, lambda text: text.translate(back)


def restore(issue: Issue, back: Callable[[str], str]) -> Issue:
    """The issue with every text in the document's own characters."""

    def opt(text: str | None) -> str | None:
        return back(text) if text is not None else None

    m = issue.masthead
    return replace(
        issue,
        masthead=Masthead(name=opt(m.name), year=m.year, number=m.number, total=m.total, issuer=opt(m.issuer),
                          date=m.date),
        note=opt(issue.note),
        toc=tuple(back(t) for t in issue.toc),
        articles=tuple(replace(a, title=back(a.title), paragraphs=tuple(back(p) for p in a.paragraphs),
                               column=opt(a.column), source=opt(a.source),
                               captions=tuple(back(c) for c in a.captions),
                               credits=tuple(back(c) for c in a.credits), notes=tuple(back(n) for n in a.notes))
                       for a in issue.articles),
    )
