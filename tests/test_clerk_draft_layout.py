"""Issue #23: the draft (and the export) as LibreOffice lays it out — a column label or a title is
never left alone at the foot of a page, and a wrapped title's lines sit at the title's own line
spacing, not two grid lines apart. Checked in LibreOffice's PDFs."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest
from bulletins import sample_issue
from conftest import docx_to_pdf

from kxdt.render.docx import STYLE_NAMES, issue_to_docx
from kxdt.render.layout import DEFAULT_LAYOUT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LABEL = "【学会动态】"
SAME_LINE_PT = 4  # glyphs of one printed line differ this little in height (CJK and Latin fonts)


def variants(count: int) -> list:
    """The label of 学会动态 moved down the page one line at a time: the first article grows by
    one short paragraph (one line) each time, so some variant brings the label to the foot."""
    base = sample_issue()
    out = []
    for k in range(count):
        first = replace(base.articles[0], paragraphs=tuple(f"第{j + 1}段，短短一行的正文。" for j in range(k + 1)))
        out.append(replace(base, articles=(first, base.articles[3]), toc=()))
    return out


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keep")
    files = []
    for k, issue in enumerate(variants(24)):
        path = folder / f"v{k:02d}.docx"
        path.write_bytes(issue_to_docx(issue))
        files.append(path)
    long_title = folder / "title.docx"
    long_title.write_bytes(issue_to_docx(sample_issue()))
    return docx_to_pdf([*files, long_title], folder)


def test_a_column_label_and_a_title_never_stand_alone_at_the_foot_of_a_page(laid_out):
    import pypdf

    title = sample_issue().articles[3].title
    first_words = sample_issue().articles[3].paragraphs[0][:6]
    for pdf in laid_out[:-1]:
        pages = [p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages]
        (page,) = [k for k, text in enumerate(pages) if LABEL in text]
        after = "".join(pages[page].split(LABEL, 1)[1].split())
        assert title in after and first_words in after, (pdf.name, pages[page])


def test_a_wrapped_title_keeps_its_own_line_spacing(laid_out):
    import pypdfium2 as pdfium

    title = sample_issue().articles[1].title  # long enough to wrap onto a second line
    document = pdfium.PdfDocument(str(laid_out[-1]))
    chars: list[tuple[int, float, float, str]] = []
    for index in range(len(document)):
        text = document[index].get_textpage()
        for k in range(text.count_chars()):
            char = text.get_text_range(k, 1)
            if char.strip() and char != "\u200c":
                left, bottom, _right, top = text.get_charbox(k)
                chars.append((index, -(bottom + top) / 2, left, char))
    lines: list[tuple[int, float, str]] = []  # (page, height on the page, text): one entry a printed line
    group: list[tuple[int, float, float, str]] = []
    for item in sorted(chars):
        if group and (item[0] != group[0][0] or item[1] - group[0][1] > SAME_LINE_PT):
            lines.append((group[0][0], -group[0][1], "".join(c for *_, c in sorted(group, key=lambda g: g[2]))))
            group = []
        group.append(item)
    lines.append((group[0][0], -group[0][1], "".join(c for *_, c in sorted(group, key=lambda g: g[2]))))
    k = next(k for k, line in enumerate(lines) if line[2].startswith(title[:6]))
    first, second = lines[k], lines[k + 1]
    assert first[2] + second[2] == title, (first, second)
    gap = first[1] - second[1]
    assert abs(gap - max(DEFAULT_LAYOUT.line_spacing_pt, DEFAULT_LAYOUT.title_size * 1.3)) <= 2, gap


def test_the_styles_and_paragraphs_say_so():
    from lxml import etree

    data = issue_to_docx(sample_issue())
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        styles = etree.fromstring(zf.read("word/styles.xml"))
        body = etree.fromstring(zf.read("word/document.xml"))
    by_name = {s.find(f"{W}name").get(f"{W}val"): s for s in styles.iter(f"{W}style") if s.find(f"{W}name") is not None}

    def keeping(ppr) -> tuple[bool, bool, str | None]:
        grid = ppr.find(f"{W}snapToGrid")
        return (ppr.find(f"{W}keepNext") is not None, ppr.find(f"{W}keepLines") is not None,
                grid.get(f"{W}val") if grid is not None else None)

    assert keeping(by_name[STYLE_NAMES["column"]].find(f"{W}pPr")) == (True, False, None)
    assert keeping(by_name[STYLE_NAMES["title"]].find(f"{W}pPr")) == (True, True, "0")
    assert keeping(by_name[STYLE_NAMES["body"]].find(f"{W}pPr")) == (False, False, None)
    styled = {}
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None:
            styled.setdefault(style.get(f"{W}val"), keeping(p.find(f"{W}pPr")))
    assert styled[STYLE_NAMES["column"]] == (True, False, None)
    assert styled[STYLE_NAMES["title"]] == (True, True, "0")
