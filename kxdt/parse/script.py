"""Traditional-character bulletins: parsed in simplified form, output in their own characters.

Every pattern of the parser (总第N期, 简报, 供稿, 目录…) is written in simplified characters.
A traditional document's blocks are folded to simplified character for character and parsed;
each text of the result is then put back into the characters the document prints, position
for position: the text is found, piece by piece, in the folded document, and the document's
own characters at those positions are taken. Several traditional characters fold to one
simplified one (機制/機製 → 机制, 體系/關係/聯繫 → 系, 匯集/彙集 → 汇, 每週/周敏 → 周,
核心/覈實 → 核), so no character-for-character mapping back can be right; the printed text is.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..cleanup.reflow import Block
from ..model import Issue, Masthead
from ..text.variants import is_traditional, to_simplified

# Separates the document's texts in the searched string (never part of a text).
_SEP = "\x00"
# Quoted document text inside a warning (`目录提要第2条“…”未找到对应文章`).
_QUOTED_RE = re.compile(r"“([^“”]+)”")


class Restorer:
    """Gives a text of the folded document back in the document's own characters."""

    def __init__(self, originals: list[str]) -> None:
        self.original = _SEP.join(originals)
        self.folded = to_simplified(self.original)
        seen: dict[str, Counter[str]] = {}
        for a, b in zip(self.folded, self.original):
            if a != b:
                seen.setdefault(a, Counter())[b] += 1
        for a, b in zip(self.folded, self.original):
            if a == b and a in seen:
                seen[a][b] += 1  # 周 printed as 周 somewhere, as 週 elsewhere
        # Characters that came back one way everywhere: no search needed for them.
        self.unique = {ord(a): c.most_common(1)[0][0] for a, c in seen.items() if len(c) == 1}
        self.usual = {ord(a): c.most_common(1)[0][0] for a, c in seen.items()}
        self.ambiguous = frozenset(a for a, c in seen.items() if len(c) > 1)

    def __call__(self, text: str) -> str:
        if not any(ch in self.ambiguous for ch in text):
            return text.translate(self.unique)
        out: list[str] = []
        i, cursor = 0, 0
        while i < len(text):
            j, at = self._longest(text, i, cursor)
            if at < 0:
                out.append(text[i].translate(self.usual))
                i += 1
                continue
            out.append(self.original[at : at + j - i])
            cursor = at + j - i
            i = j
        return "".join(out)

    def _find(self, piece: str, cursor: int) -> int:
        """Where the folded document holds `piece`: after `cursor` (the previous piece's end)
        when it does there, else its first place."""
        at = self.folded.find(piece, cursor)
        return at if at >= 0 else self.folded.find(piece)

    def _longest(self, text: str, i: int, cursor: int) -> tuple[int, int]:
        """The end j of the longest text[i:j] the folded document holds, and where."""
        at = self._find(text[i], cursor)
        if at < 0:
            return i + 1, -1
        good, place = i + 1, at
        step = 1
        while good < len(text):  # gallop, then bisect
            j = min(len(text), good + step)
            found = self._find(text[i:j], cursor)
            if found < 0:
                return self._bisect(text, i, good, j, place, cursor)
            good, place = j, found
            step *= 2
        return good, place

    def _bisect(self, text: str, i: int, good: int, bad: int, place: int, cursor: int) -> tuple[int, int]:
        while bad - good > 1:
            middle = (good + bad) // 2
            found = self._find(text[i:middle], cursor)
            if found >= 0:
                good, place = middle, found
            else:
                bad = middle
        return good, place

    def warning(self, text: str) -> str:
        """A warning with the document's text it quotes given back (kxdt's own words stay)."""
        return _QUOTED_RE.sub(lambda m: f"“{self(m.group(1))}”", text)


def fold_blocks(blocks: list[Block]) -> tuple[list[Block], Restorer | None]:
    """Simplified blocks, and what restores the document's characters (None when the
    document is simplified already)."""
    if not is_traditional("\n".join(b.raw for b in blocks)):
        return blocks, None
    texts = [t for b in blocks for t in (b.text, b.raw, *b.parts)]
    blocks = [replace(b, text=to_simplified(b.text), raw=to_simplified(b.raw),
                      parts=tuple(to_simplified(p) for p in b.parts)) for b in blocks]
    return blocks, Restorer(texts)


def restore(issue: Issue, back: Restorer) -> Issue:
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
        warnings=tuple(back.warning(w) for w in issue.warnings),
    )
