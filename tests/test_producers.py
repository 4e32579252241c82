"""PDFs made by other programs parse to the same structure on both PDF paths (issue: browser
print, cairo, Ghostscript); radicals are unified; fonts without a Unicode map lose only their
own text, which is warned about and never reaches the model as garbage."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from bulletins import sample_issue
from conftest import docx_to_pdf, shared_fixture, squeeze_all, structure
from producers import RADICALS, cairo_pdf, chromium_pdf, ghostscript_pdf, with_radicals, without_bold_unicode_maps
from test_readers import backend  # noqa: F401  (the fixture: each test runs on both PDF paths)

from kxdt.api import parse_file
from kxdt.render.docx import issue_to_docx
from kxdt.text.chars import unify

GARBAGE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]|/cid\d+")


@pytest.fixture(scope="module")
def producer_pdfs(tmp_path_factory):
    """The sample issue as PDF from LibreOffice (kxdt's DOCX), then re-made by cairo and
    Ghostscript, and as a web page printed by Chromium."""
    folder = tmp_path_factory.mktemp("producers")
    docx = folder / "sample.docx"
    docx.write_bytes(issue_to_docx(sample_issue()))
    libreoffice = docx_to_pdf([docx], folder)[0]
    return {
        "libreoffice": libreoffice,
        "cairo": cairo_pdf(libreoffice, folder),
        "ghostscript": ghostscript_pdf(libreoffice, folder),
        "chromium": chromium_pdf(sample_issue(), folder),
    }


@pytest.mark.parametrize("producer", ["libreoffice", "cairo", "ghostscript", "chromium"])
def test_producers_give_the_same_structure(producer_pdfs, backend, producer):  # noqa: F811
    issue = parse_file(producer_pdfs[producer])[0]
    assert structure(issue) == structure(sample_issue())
    assert issue.warnings == ()


@pytest.mark.parametrize("producer", ["cairo", "ghostscript", "chromium"])
def test_both_paths_agree(producer_pdfs, monkeypatch, producer):
    got = []
    for name in ("pypdf", "pypdfium2"):
        monkeypatch.setenv("KXDT_PDF_BACKEND", name)
        got.append(parse_file(producer_pdfs[producer])[0].to_dict())
    assert got[0]["articles"] == got[1]["articles"] and got[0]["masthead"] == got[1]["masthead"]


def test_radicals_from_browser_fonts_are_unified(producer_pdfs, backend, tmp_path, isolated_archive, cli):  # noqa: F811
    """A PDF whose fonts map 月日民一 to radicals (as Chromium's subsets do) parses as if they
    were not, and search finds 月 in it."""
    import pypdf

    path = tmp_path / "radicals.pdf"
    path.write_bytes(with_radicals(producer_pdfs["libreoffice"]))
    raw = "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert "\u2f49" in raw and "\u2f47" in raw  # the simulation does what browsers do
    issue = parse_file(path)[0]
    assert structure(issue) == structure(sample_issue())
    assert cli("parse", str(path)).exit_code == 0
    result = cli("search", "11月", "--json")
    assert result.exit_code == 0, result.stderr
    assert {hit["title"] for hit in json.loads(result.stdout)} >= {sample_issue().articles[0].title}


def test_lost_title_font_keeps_the_rest(tmp_path, backend, monkeypatch):  # noqa: F811
    """Ghostscript re-distilling the real issue drops the Unicode map of its bold title font:
    every readable part is right, each lost title is named in a warning, and no control
    character or /cid name reaches the model (here without OCR)."""
    from kxdt.readers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    expected = json.loads(shared_fixture("kxdt-2023-21.expected.json").read_text(encoding="utf-8"))
    path = ghostscript_pdf(shared_fixture("kxdt-2023-21.gongwen.pdf"), tmp_path)
    issue = parse_file(path)[0]
    got = issue.to_dict()
    assert not GARBAGE_RE.search(json.dumps(got, ensure_ascii=False))
    assert {k: v for k, v in got["masthead"].items() if k != "name"} == \
        {k: v for k, v in expected["masthead"].items() if k != "name"}
    assert squeeze_all(got["toc"]) == squeeze_all(expected["toc"])
    assert len(got["articles"]) == len(expected["articles"])
    for k, (article, want) in enumerate(zip(got["articles"], expected["articles"]), 1):
        assert squeeze_all([article[f] for f in ("column", "paragraphs", "source")]) == \
            squeeze_all([want[f] for f in ("column", "paragraphs", "source")])
        assert article["title"] in ("", want["title"])
        if not article["title"]:
            assert any(w.startswith(f"第{k}篇文章") and "标题无法提取" in w for w in issue.warnings)
    assert any("缺少 Unicode 映射" in w for w in issue.warnings)


def test_lost_titles_are_recovered_by_ocr(tmp_path, backend):  # noqa: F811
    """With kxdt[ocr], the spots where the lost title font draws are read by OCR: the name and
    the titles come back, all eight (the `——` drawn as one stroke included)."""
    from kxdt.readers import ocr

    if not ocr.available():
        pytest.skip("the OCR extra is not installed; CI installs it")
    expected = json.loads(shared_fixture("kxdt-2023-21.expected.json").read_text(encoding="utf-8"))
    path = ghostscript_pdf(shared_fixture("kxdt-2023-21.gongwen.pdf"), tmp_path)
    issue, document = parse_file(path)
    got = issue.to_dict()
    assert got["masthead"] == expected["masthead"]
    assert [squeeze_all(a["title"]) for a in got["articles"]] == [squeeze_all(b["title"]) for b in expected["articles"]]
    assert any("OCR" in note for note in document.notes)
    assert not GARBAGE_RE.search(json.dumps(got, ensure_ascii=False))


def test_removed_unicode_maps_of_bold_fonts(producer_pdfs, tmp_path, backend, monkeypatch):  # noqa: F811
    """The same with our own issue, the bold fonts' maps removed by hand: body text intact,
    nothing garbled, losses warned."""
    from kxdt.readers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    path = tmp_path / "lost.pdf"
    path.write_bytes(without_bold_unicode_maps(producer_pdfs["libreoffice"]))
    issue = parse_file(path)[0]
    assert not GARBAGE_RE.search(json.dumps(issue.to_dict(), ensure_ascii=False))
    paragraphs = [p for a in issue.articles for p in a.paragraphs]
    assert paragraphs == [p for a in sample_issue().articles for p in a.paragraphs]
    assert any("缺少 Unicode 映射" in w for w in issue.warnings)


KANGXI = range(0x2F00, 0x2FD6)
SUPPLEMENT = [c for c in range(0x2E80, 0x2EF4) if unicodedata.name(chr(c), "")]
NO_EQUIVALENT = {0x2E80}  # CJK RADICAL REPEAT: Unicode lists no unified ideograph for it


def _unified(ch: str) -> bool:
    return len(ch) == 1 and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ord(ch) >= 0x20000)


def test_every_radical_with_an_equivalent_is_unified():
    """Unicode's equivalent of a radical is often the traditional form (`⼾` -> 戶): outside a
    traditional document (kxdt.text.variants.traditional_lookalikes) it reads as the simplified one."""
    from kxdt.text.variants import to_simplified, traditional_lookalikes

    for code in KANGXI:
        equivalent = unicodedata.normalize("NFKC", chr(code))
        assert unify(chr(code)) == to_simplified(equivalent), hex(code)
        assert unify(traditional_lookalikes(chr(code))) == equivalent, hex(code)
    assert unify("\u2f3e") == "户" and traditional_lookalikes("\u2f3e") == "戶"
    for code in SUPPLEMENT:
        if code not in NO_EQUIVALENT:
            assert _unified(unify(chr(code))), hex(code)
    assert len(SUPPLEMENT) - len(NO_EQUIVALENT) == 114
    for han, radical in RADICALS.items():
        assert unify(radical) == han
    assert unify("\u2e3a") == "——" and unify("\uf9dc") == "隆" and unify("a\x01b") == "ab"
