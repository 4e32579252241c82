"""The pypdfium2 path's glyphs asked in bulk and taken a stretch at a time are what asking pdfium
character by character gives: the same glyphs, the same runs, on PDFs other programs made
(reportlab, fpdf2, WeasyPrint, CJK LaTeX, Ghostscript-damaged maps), with fake bold drawn over a
stretch and glyphs without Unicode inside one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

pdfium = pytest.importorskip("pypdfium2")

from bulletins import sample_issue  # noqa: E402
from producers import cjk_ttf, fpdf2_pdf, require_module, weasyprint_pdf, without_unicode_for  # noqa: E402

from kxdt.readers import pdfium_glyphs  # noqa: E402
from kxdt.readers.glyphs import LOST, runs_from_glyphs  # noqa: E402
from kxdt.text.plausible import PLAIN_RE, junk  # noqa: E402

DATA = Path(__file__).parent / "data"


def _pages(data: bytes):
    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            yield index, textpage
    finally:
        document.close()


def _three_ways(data: bytes) -> list[tuple[int, list, list, list]]:
    """Per page: the glyphs one call at a time, in bulk character by character, in bulk by stretches."""
    out = []
    for index, textpage in _pages(data):
        count = textpage.count_chars()
        text = pdfium_glyphs._page_text(textpage.raw, count)
        one = pdfium_glyphs._glyphs_one_by_one(textpage.raw, count)
        bulk = pdfium_glyphs._glyphs_in_bulk(textpage.raw, count, text, pieces=False) if text is not None else one
        pieces = pdfium_glyphs.page_glyphs(textpage.raw)
        out.append((index, one, bulk, pieces))
    return out


def _reportlab_overprinted(tmp_path: Path) -> bytes:
    """A title drawn as one string, then four of its characters drawn again a hair to the right
    (fake bold of a word; pdfium itself drops only a whole repeated string)."""
    require_module("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("CJK", cjk_ttf()))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595, 842))
    pdf.setFont("CJK", 16)
    pdf.drawString(100, 700, "北京市科学技术协会召开全会")
    pdf.drawString(100 + 16 * 3 + 0.3, 700, "科学技术")
    pdf.drawString(100, 650, "各区科协组织开展科普日活动")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("bulk")
    issue = sample_issue()
    files = {"cjk-latex": (DATA / "sample-cjk-latex.pdf").read_bytes(),
             "overprinted": _reportlab_overprinted(folder)}
    files["fpdf2"] = fpdf2_pdf(issue, folder).read_bytes()
    files["weasyprint"] = weasyprint_pdf(issue, folder).read_bytes()
    files["unmapped"] = without_unicode_for(folder / "weasyprint.pdf", "科")
    return files


@pytest.mark.parametrize("name", ["cjk-latex", "overprinted", "fpdf2", "weasyprint", "unmapped"])
def test_bulk_answers_and_stretches_read_as_one_call_at_a_time(made, name):
    pages = _three_ways(made[name])
    stretched = 0
    for index, one, bulk, pieces in pages:
        assert bulk == one  # the same glyphs, field for field
        assert runs_from_glyphs(pieces, index) == runs_from_glyphs(one, index)
        stretched += len(pieces) < len(one)
    if name != "overprinted":
        assert stretched, "stretches were taken whole somewhere (else the fast path is not tested)"


def test_something_drawn_over_a_stretch_is_read_character_by_character(made):
    document = pdfium.PdfDocument(made["overprinted"])
    index, textpage = 0, document[0].get_textpage()
    count = textpage.count_chars()
    text = pdfium_glyphs._page_text(textpage.raw, count)
    assert pdfium_glyphs._glyphs_in_bulk(textpage.raw, count, text, pieces=True) is None
    runs = runs_from_glyphs(pdfium_glyphs.page_glyphs(textpage.raw), index)
    assert [(r.text, r.bold) for r in runs] == [("北京市", False), ("科学技术", True), ("协会召开全会", False),
                                               ("各区科协组织开展科普日活动", False)]
    document.close()


def test_a_glyph_without_unicode_inside_a_stretch_is_lost_alone(made):
    texts = ["".join(r.text for r in runs_from_glyphs(pdfium_glyphs.page_glyphs(tp.raw), i))
             for i, tp in _pages(made["unmapped"])]
    assert LOST in "".join(texts) and "科" not in "".join(texts)
    assert "协" in "".join(texts)  # the rest of the font's text is kept


def test_plain_stretches_hold_no_character_a_reader_must_judge_alone():
    plain = [chr(c) for c in range(0x110000) if c < 0xD800 or c > 0xDFFF if PLAIN_RE.fullmatch(chr(c))]
    assert len(plain) > 20_000
    assert not [ch for ch in plain if junk(ch) or ch.isspace() or ch == LOST]


def test_the_font_judges_latin_pattern_is_latin_letter():
    """judge.py counts a font's characters in C and looks at lines only where a Latin letter is:
    its pattern must find exactly what `latin_letter` says is one."""
    from kxdt.readers.judge import _LATIN_RE
    from kxdt.text.plausible import latin_letter

    assert [c for c in range(0x3000) if bool(_LATIN_RE.fullmatch(chr(c))) != latin_letter(chr(c))] == []
