"""The search index's tokens: overlapping character bigrams and run-end singles.

A run of Han characters `科普周活动` becomes `科普 普周 周活 活动 动`: every bigram, then the
run's last character alone, so that every character starts some token. Runs of Latin letters
and digits are cut the same way (`science` → `sc ci ie en nc ce e`), so that a term is found
inside a word too (`ience`, `stanbul`), as a substring scan would find it. A query is cut the
same way and searched as an FTS5 phrase; a one-character query is a prefix search. This finds
1- and 2-character words (汛, 科协, 王芳), which FTS5's trigram tokenizer cannot. Text and
queries are indexed in simplified characters, so 協會 finds 协会 and the reverse.
"""

from __future__ import annotations

import re

from ..text.chars import HAN_RE
from ..text.variants import to_simplified

# Han runs, and runs of any other letters or digits (Latin, Greek, accented: `5G`, `Ω`, `ü`).
_RUN_RE = re.compile(rf"({HAN_RE.pattern}+)|((?:(?!{HAN_RE.pattern})[^\W_])+)")


def _runs(text: str) -> list[tuple[str, bool]]:
    return [(m.group(0), m.group(1) is not None) for m in _RUN_RE.finditer(text)]


def _bigram_tokens(run: str, *, end_single: bool) -> list[str]:
    tokens = [run[i : i + 2] for i in range(len(run) - 1)]
    if end_single or len(run) == 1:
        tokens.append(run[-1])
    return tokens


def fold_case(text: str) -> str:
    """Lower case, character for character (`İ`, whose lower case is two characters, stays):
    texts and terms keep their lengths, so positions found in one are positions in the other."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def index_tokens(text: str) -> str:
    """The token stream stored in the FTS5 table for a text."""
    out: list[str] = []
    for run, _han in _runs(fold_case(to_simplified(text))):
        out.extend(_bigram_tokens(run, end_single=True))
    return " ".join(out)


def query_phrase(text: str) -> str | None:
    """An FTS5 phrase expression that finds `text`, or None if it has nothing searchable."""
    runs = _runs(fold_case(to_simplified(text)))
    if not runs:
        return None
    tokens: list[str] = []
    for k, (run, _han) in enumerate(runs):
        # Inside the query a run's end is a real end, so its single token is there too; at the
        # query's end the text may go on in the document, so it is left out. A query's first
        # run may start inside a document's run: its bigrams are in the index all the same.
        tokens.extend(_bigram_tokens(run, end_single=k < len(runs) - 1))
    prefix = len(runs[-1][0]) == 1
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")
