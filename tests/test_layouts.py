"""Other layouts of the same content parse to the same structure."""

from __future__ import annotations

import pytest
from bulletins import one_paragraph_a_line, sample_issue, scraped
from hypothesis import HealthCheck, given, settings
from strategies import canonical, issues, long_paragraphs

from kxdt.api import parse_text
from kxdt.readers.text import read_text


def structure(issue):
    """The parsed structure: without pages and without how sure the parser is of each article."""
    d = issue.to_dict()
    for a in d["articles"]:
        a.pop("page")
        a.pop("confidence")
    return {k: d[k] for k in ("masthead", "toc", "articles")}


EXPECTED = structure(sample_issue())

LAYOUTS = {
    "scraped-top-markers": dict(),
    "scraped-bottom-markers": dict(marker_at="bottom", marker="— {n} —"),
    "scraped-no-blank-lines": dict(blank_lines=False),
    "scraped-narrow-grid": dict(width=24, per_page=18),
    "scraped-wide-grid": dict(width=33),
    "scraped-plain-digits": dict(spaced_digits=False, page_space=False, junk=False),
}


@pytest.mark.parametrize("name", LAYOUTS)
def test_scraped_layouts(name):
    text = scraped(sample_issue(), **LAYOUTS[name])
    issue = parse_text(text)
    assert structure(issue) == EXPECTED
    assert issue.warnings == ()


def test_one_paragraph_a_line():
    issue = parse_text(one_paragraph_a_line(sample_issue()))
    assert structure(issue) == EXPECTED


def test_crlf_and_gbk_encoding(tmp_path):
    text = scraped(sample_issue()).replace("\n", "\r\n")
    document = read_text(text.encode("gb18030"), "x.txt")
    assert any("GB18030" in note for note in document.notes)
    from kxdt.api import parse

    assert structure(parse(document)) == EXPECTED


def test_utf8_bom():
    document = read_text(b"\xef\xbb\xbf" + scraped(sample_issue()).encode("utf-8"), "x.txt")
    assert document.notes == ()
    assert document.lines[0].text == "- 1 -"


def test_pages_follow_markers():
    issue = parse_text(scraped(sample_issue(), marker_at="bottom", page_space=False))
    pages = [a.page for a in issue.articles]
    assert pages[0] == 2
    assert pages == sorted(pages)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(issues(long_paragraphs, min_articles=3))
def test_generated_issues_survive_a_scraped_text_layer(issue):
    """Generated issues, hard-wrapped with page numbers and noise, read back the same.
    (A text layer shows its grid only over enough lines: a realistic issue has several articles.)"""
    assert canonical(parse_text(scraped(issue))) == canonical(issue)
    assert canonical(parse_text(one_paragraph_a_line(issue))) == canonical(issue)
