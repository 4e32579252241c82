"""The faster ways search and filing fold and write texts give exactly what the plain ways
give: an article folded once for its snippet, count and verification; traditional characters
folded through a pattern once many characters have been folded; hits written as JSON."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from kxdt.archive.query import SNIPPET_AFTER, SNIPPET_BEFORE, article_match, match_form
from kxdt.render.json import dumps
from kxdt.text import chars
from kxdt.text.tables import traditional_to_simplified
from kxdt.text.translation import PATTERN_AFTER, Translation

# Simplified and traditional Han, Latin in both cases, a final sigma, a dotted capital I.
ALPHABET = st.sampled_from("科协學會学会普及國际際ABab Σσς İi\n，。王")


def paragraph_by_paragraph(title: str, body: str, terms: list[str]) -> tuple[str, int] | None:
    """The definition: verify on the whole text, count in the title and each paragraph, snippet
    from the first paragraph that holds a term (kxdt's search before folding once)."""
    paragraphs = body.split("\n") if body else []
    if not all(t in match_form(title + "\n" + body) for t in terms):
        return None
    count = sum(match_form(title).count(t) for t in terms) + sum(match_form(p).count(t) for p in paragraphs for t in terms)
    if not any(t in match_form(body) for t in terms):
        return title, count
    for text in paragraphs:
        low = match_form(text)
        positions = [(low.find(t), t) for t in terms if low.find(t) >= 0]
        if positions:
            start, term = min(positions)
            left = max(0, start - SNIPPET_BEFORE)
            right = min(len(text), start + len(term) + SNIPPET_AFTER)
            return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else ""), count
    return paragraphs[0][: SNIPPET_BEFORE + SNIPPET_AFTER], count  # folded whole, folded apart differ (Greek)


@given(st.text(ALPHABET, max_size=12), st.text(ALPHABET, max_size=160),
       st.lists(st.text(st.sampled_from("科协学会普及国际abσiİ王"), min_size=1, max_size=3), min_size=1, max_size=3))
@settings(max_examples=400, deadline=None)
def test_an_article_folded_once_matches_as_paragraph_by_paragraph(title, body, terms):
    terms = [match_form(t) for t in terms]
    assert article_match(title, body, terms) == paragraph_by_paragraph(title, body, terms)


@given(st.lists(st.text(ALPHABET, max_size=40), min_size=1, max_size=20))
@settings(max_examples=50, deadline=None)
def test_folding_through_the_pattern_gives_the_plain_translation(texts):
    for table in (traditional_to_simplified(), unify_table()):
        fold = Translation(lambda table=table: table)
        plain = [fold(t) for t in texts]  # before the pattern
        fold._translated = PATTERN_AFTER
        patterned = [fold(t) for t in texts]
        assert fold._pattern is not None
        assert plain == patterned == [t.translate(table) for t in texts]


def unify_table():
    """What `unify` translates: radicals, compatibility ideographs, full-width letters, controls."""
    return chars._UNIFY.table


@given(st.text(st.sampled_from("⽉⺠日月ＡＢ１２\x01\u200d\u2e3a科学"), max_size=30))
@settings(max_examples=100, deadline=None)
def test_unify_through_the_pattern_gives_the_plain_translation(text):
    fold = Translation(unify_table)
    fold._translated = PATTERN_AFTER
    assert fold(text) == text.translate(unify_table())


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                    st.floats(allow_nan=False), st.lists(st.integers(), max_size=2))


@given(st.lists(st.dictionaries(st.text(max_size=5), SCALARS, max_size=5), max_size=6))
@settings(max_examples=300, deadline=None)
def test_hits_are_written_as_json_writes_them(rows):
    """`--json` of many hits takes a faster way to the same text (with the characters that would
    hide text on a screen escaped, as every JSON kxdt writes)."""
    from kxdt.text.chars import json_safe

    assert dumps(rows) == json_safe(json.dumps(rows, ensure_ascii=False, indent=1))
