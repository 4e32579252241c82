"""The search index's tokens: overlapping Han bigrams, Latin/digit words, and run-end singles.

A run of Han characters `科普周活动` becomes `科普 普周 周活 活动 动`: every bigram, then the
run's last character alone, so that every character starts some token. A query is cut the
same way and searched as an FTS5 phrase; a one-character query is a prefix search. This finds
1- and 2-character words (汛, 科协, 王芳), which FTS5's trigram tokenizer cannot. Text and
queries are indexed in simplified characters, so 協會 finds 协会 and the reverse.
"""

from __future__ import annotations

import re

from ..textutil import HAN_RE
from ..variants import to_simplified

# Han runs, and runs of any other letters or digits (Latin, Greek, accented: `5G`, `Ω`, `ü`).
_RUN_RE = re.compile(rf"({HAN_RE.pattern}+)|((?:(?!{HAN_RE.pattern})[^\W_])+)")


def _runs(text: str) -> list[tuple[str, bool]]:
    return [(m.group(0), m.group(1) is not None) for m in _RUN_RE.finditer(text)]


def _han_tokens(run: str, *, end_single: bool) -> list[str]:
    tokens = [run[i : i + 2] for i in range(len(run) - 1)]
    if end_single or len(run) == 1:
        tokens.append(run[-1])
    return tokens


def index_tokens(text: str) -> str:
    """The token stream stored in the FTS5 table for a text."""
    out: list[str] = []
    for run, han in _runs(to_simplified(text)):
        out.extend(_han_tokens(run, end_single=True) if han else [run.lower()])
    return " ".join(out)


def query_phrase(text: str) -> str | None:
    """An FTS5 phrase expression that finds `text`, or None if it has nothing searchable."""
    runs = _runs(to_simplified(text))
    if not runs:
        return None
    tokens: list[str] = []
    for k, (run, han) in enumerate(runs):
        last = k == len(runs) - 1
        if han:
            # Inside the query a run's end is a real end, so its single token is there too;
            # at the query's end the text may go on in the document, so it is left out.
            tokens.extend(_han_tokens(run, end_single=not last))
        else:
            tokens.append(run.lower())
    last_run, last_han = runs[-1]
    prefix = (last_han and len(last_run) == 1) or not last_han
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")
