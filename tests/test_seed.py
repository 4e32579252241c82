"""Acceptance: the real issue's text layer parses to the expected structure, exactly."""

from __future__ import annotations

import json

from conftest import HAN_SPACE_RE, squeeze_all


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


def test_seed_json_matches_expected(cli, seed_path, expected):
    result = cli("parse", seed_path, "--json", "--no-archive")
    assert result.exit_code == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["masthead"] == expected["masthead"]
    assert squeeze_all(got["toc"]) == squeeze_all(expected["toc"])
    assert len(got["articles"]) == len(expected["articles"]) == 8
    for article, want in zip(got["articles"], expected["articles"]):
        assert squeeze_all({k: article[k] for k in want}) == squeeze_all(want)
    assert sum(len(a["paragraphs"]) for a in got["articles"]) == 19
    assert got["warnings"] == []
    assert got["file"] == str(seed_path)
    assert len(got["sha256"]) == 64


def test_seed_output_has_no_spaces_inside_chinese(cli, seed_path):
    got = json.loads(cli("parse", seed_path, "--json", "--no-archive").stdout)
    offenders = [s for s in _strings(got) if HAN_SPACE_RE.search(s)]
    assert offenders == []


def test_seed_pages_from_text_layer(cli, seed_path):
    """Page numbers come from `- N -` lines and the leading space that starts each scraped page."""
    got = json.loads(cli("parse", seed_path, "--json", "--no-archive").stdout)
    pages = [a["page"] for a in got["articles"]]
    assert pages == sorted(pages)
    assert pages[0] == 2 and pages[1] == 3


def _variants(text: str) -> dict[str, bytes]:
    import re

    lines = text.split("\n")
    return {
        "no-blank-lines": "\n".join(ln for ln in lines if ln.strip()).encode("utf-8"),
        "crlf-gb18030": text.replace("\n", "\r\n").encode("gb18030"),
        "utf8-bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "em-dash-page-numbers": re.sub(r"^- (\d+) -$", r"— \1 —", text, flags=re.M).encode("utf-8"),
        "no-spaces": "\n".join(ln[:1] + ln[1:].replace(" ", "") for ln in lines).encode("utf-8"),
        "no-link-noise": "\n".join(ln for ln in lines if not ln.startswith("http")).encode("utf-8"),
    }


def test_seed_in_other_text_layouts(seed_path, expected):
    """The same content with other text-layer artefacts parses to the same structure."""
    from kxdt.api import parse
    from kxdt.readers.text import read_text

    for name, data in _variants(seed_path.read_text(encoding="utf-8")).items():
        got = parse(read_text(data, f"{name}.txt")).to_dict()
        assert got["masthead"] == expected["masthead"], name
        assert squeeze_all(got["toc"]) == squeeze_all(expected["toc"]), name
        for article, want in zip(got["articles"], expected["articles"], strict=True):
            assert squeeze_all({k: article[k] for k in want}) == squeeze_all(want), name
