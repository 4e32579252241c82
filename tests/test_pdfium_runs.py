"""The pdfium path's fast reading (per text object) gives the same runs as its per-character
reading on PDFs from several producers: the same text, sizes, boldness and fonts, positions
within a hundredth of a point. Letter-spaced Han text (where a text object's width disagrees
with its characters, LibreOffice from a python-docx file) is read character by character and
still agrees."""

from __future__ import annotations

import re

import pytest
from bulletins import body_parts, sample_issue
from conftest import docx_to_pdf
from producers import cairo_pdf, chromium_pdf, ghostscript_pdf

from kxdt.render.docx import issue_to_docx

pdfium = pytest.importorskip("pypdfium2")
from kxdt.readers import pdf  # noqa: E402

POSITION_TOLERANCE = 0.01  # pt


def letter_spaced_docx(path):
    """The sample issue's paragraphs in a Word file made by python-docx, with character spacing
    of 0 to 3 points (w:spacing), which LibreOffice prints as gaps inside its text objects."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for k, (_, text) in enumerate(body_parts(sample_issue())):
        properties = document.add_paragraph().add_run(text)._r.get_or_add_rPr()
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(20 * (k % 4)))
        properties.append(spacing)
    document.save(path)
    return path


def kerned(source, folder):
    """The PDF with a kerning of -0.4 em put into the middle of every long string it shows
    (`<…>Tj` becomes `[<…> 400 <…>]TJ`): glyphs overlapping inside one text object, which the
    per-character reading splits into two runs."""
    import pypdf
    from pypdf.generic import ContentStream, NameObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    for page in writer.pages:
        data = page.get_contents().get_data()
        data = re.sub(rb"<((?:[0-9A-F]{2}){3})((?:[0-9A-F]{2}){3,})>Tj", rb"[<\1> 400 <\2>]TJ", data)
        stream = ContentStream(None, writer)
        stream.set_data(data)
        page[NameObject("/Contents")] = writer._add_object(stream)
    out = folder / f"{source.stem}-kerned.pdf"
    writer.write(out)
    return out


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdfium-runs")
    docx = folder / "sample.docx"
    docx.write_bytes(issue_to_docx(sample_issue()))
    libreoffice, spaced = docx_to_pdf([docx, letter_spaced_docx(folder / "spaced.docx")], folder)
    browser = chromium_pdf(sample_issue(), folder)
    return {
        "libreoffice": libreoffice,
        "cairo": cairo_pdf(libreoffice, folder),
        "ghostscript": ghostscript_pdf(libreoffice, folder),
        "chromium": browser,
        "chromium-ghostscript": ghostscript_pdf(browser, folder),
        "letter-spaced": spaced,
        "kerned": kerned(libreoffice, folder),
    }


def both_readings(path):
    """Each page's runs and fonts read per character and per text object (None where the
    page's bulk text does not line up with its characters: glyphs without a Unicode map)."""
    document = pdfium.PdfDocument(path.read_bytes())
    try:
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            fast = pdf._pdfium_page_runs_by_object(textpage.raw, index)
            if fast is None:
                count = pdfium.raw.FPDFText_CountChars(textpage.raw)
                assert pdf._pdfium_page_text(textpage.raw, count) is None
            yield pdf._pdfium_page_runs(textpage.raw, index), fast
    finally:
        document.close()


@pytest.mark.parametrize("producer", ["libreoffice", "cairo", "ghostscript", "chromium", "chromium-ghostscript",
                                      "letter-spaced", "kerned"])
def test_reading_per_text_object_gives_the_runs_of_reading_per_character(pdfs, producer, monkeypatch):
    by_char = []

    def counted(*args):
        by_char.append(args[1])
        return original(*args)

    original = pdf._pdfium_object_chars
    monkeypatch.setattr(pdf, "_pdfium_object_chars", counted)
    pages = [(slow, fast) for slow, fast in both_readings(pdfs[producer]) if fast is not None]
    assert any(runs for (runs, _), _ in pages)
    for (runs, fonts), (fast_runs, fast_fonts) in pages:
        assert [r.text for r in fast_runs] == [r.text for r in runs]
        assert [(r.size, r.bold, r.page) for r in fast_runs] == [(r.size, r.bold, r.page) for r in runs]
        assert fast_fonts == fonts
        for a, b in zip(fast_runs, runs):
            assert abs(a.x - b.x) <= POSITION_TOLERANCE and abs(a.y - b.y) <= POSITION_TOLERANCE
            assert abs(a.right - b.right) <= POSITION_TOLERANCE
    if producer == "kerned":
        # Han text objects whose characters do not sit side by side were placed one by one.
        assert any(len(chars) > 1 and "\u4e00" <= chars[0] <= "\u9fff" for chars in by_char)


def test_the_reader_uses_the_per_object_reading(pdfs, monkeypatch):
    calls = []
    original = pdf._pdfium_page_runs

    def slow(*args):
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(pdf, "_pdfium_page_runs", slow)
    _, pages, _ = pdf.extract_runs(pdfs["libreoffice"].read_bytes(), "sample.pdf", backend="pypdfium2")
    assert pages and calls == []
