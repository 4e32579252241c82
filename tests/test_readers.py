"""PDF and DOCX readers: the real issue in both formats and both PDF backends, other layouts
made with LibreOffice, batches, and every kind of bad file."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from bulletins import sample_issue
from conftest import docx_to_pdf, shared_fixture, squeeze_all, structure
from pdfs import encrypted, scanned_pdf, without_unicode_maps

from kxdt.api import parse_file
from kxdt.readers.pdf import backend_names
from kxdt.render.docx import issue_to_docx
from kxdt.render.layout import Layout

BACKENDS = ["pypdf", "pypdfium2"]


@pytest.fixture(params=BACKENDS)
def backend(request, monkeypatch):
    if request.param not in backend_names():
        pytest.skip(f"{request.param} is not installed")
    monkeypatch.setenv("KXDT_PDF_BACKEND", request.param)
    return request.param


def _matches_expected(got: dict, expected: dict) -> None:
    assert got["masthead"] == expected["masthead"]
    assert squeeze_all(got["toc"]) == squeeze_all(expected["toc"])
    assert len(got["articles"]) == len(expected["articles"])
    for article, want in zip(got["articles"], expected["articles"]):
        assert squeeze_all({k: article[k] for k in want}) == squeeze_all(want)
    assert got["warnings"] == []


def test_fixture_pdf_parses_to_expected(cli, backend, expected):
    result = cli("parse", shared_fixture("kxdt-2023-21.gongwen.pdf"), "--json", "--no-archive")
    assert result.exit_code == 0, result.stderr
    got = json.loads(result.stdout)
    _matches_expected(got, expected)
    pages = [a["page"] for a in got["articles"]]
    assert all(isinstance(p, int) and p >= 2 for p in pages)
    assert pages == sorted(pages)


def test_both_pdf_backends_agree(monkeypatch):
    if "pypdfium2" not in backend_names():
        pytest.skip("pypdfium2 is not installed")
    path = shared_fixture("kxdt-2023-21.gongwen.pdf")
    results = []
    for name in BACKENDS:
        monkeypatch.setenv("KXDT_PDF_BACKEND", name)
        results.append(parse_file(path)[0].to_dict())
    assert results[0]["articles"] == results[1]["articles"]
    assert results[0]["masthead"] == results[1]["masthead"]


def test_fixture_docx_parses_to_expected(cli, expected):
    result = cli("parse", shared_fixture("kxdt-2023-21.gongwen.docx"), "--json", "--no-archive")
    assert result.exit_code == 0, result.stderr
    _matches_expected(json.loads(result.stdout), expected)


LAYOUTS = {
    "gbt9704": Layout(),
    "narrow-margins-12pt": Layout(margin_left_mm=18, margin_right_mm=18, margin_top_mm=25, margin_bottom_mm=25,
                                  body_size=12, line_spacing_pt=20, title_size=18),
    "other-fonts-sans-titles": Layout(body_font="楷体", title_font="黑体", latin_font="Arial", source_font="仿宋"),
    "sources-own-line-diamonds": Layout(source_own_line=True, toc_bullet="◆", page_break_after_toc=False),
    "wide-margins-14pt": Layout(margin_left_mm=35, margin_right_mm=35, body_size=14, line_spacing_pt=26),
    "no-indents-spaced-paragraphs": Layout(first_line_chars=0, paragraph_spacing_pt=10),
}


@pytest.fixture(scope="session")
def layout_pdfs(tmp_path_factory):
    """Every layout of the sample issue as DOCX and as PDF, converted in one LibreOffice run."""
    out = tmp_path_factory.mktemp("layouts")
    docx_files = []
    for name, layout in LAYOUTS.items():
        path = out / f"{name}.docx"
        path.write_bytes(issue_to_docx(sample_issue(), layout))
        docx_files.append(path)
    return dict(zip(LAYOUTS, docx_to_pdf(docx_files, out)))


@pytest.mark.parametrize("name", LAYOUTS)
def test_layouts_as_pdf(layout_pdfs, backend, name):
    issue = parse_file(layout_pdfs[name])[0]
    assert structure(issue) == structure(sample_issue())
    assert all(a.page is not None for a in issue.articles)


@pytest.mark.parametrize("name", LAYOUTS)
def test_layouts_as_docx(tmp_path, name):
    path = tmp_path / "issue.docx"
    path.write_bytes(issue_to_docx(sample_issue(), LAYOUTS[name]))
    assert structure(parse_file(path)[0]) == structure(sample_issue())


MASTHEAD_LINES = ("科协工作简报", "2022年第37期（总第412期）", "某某市科协办公室\t2022年11月25日")


def _typed_masthead():
    """A new Word document holding the sample issue's masthead as plain paragraphs."""
    import docx

    document = docx.Document()
    for line in MASTHEAD_LINES:
        document.add_paragraph(line)
    return document


def _add_body(document, issue, *, indent: str = "", write_text=None) -> None:
    """The 目录提要 and articles as plain Word paragraphs, the way an editor types them;
    `write_text(document, article)` writes an article's text another way."""
    document.add_paragraph("目录提要")
    for item in issue.toc:
        document.add_paragraph("●" + item)
    column = None
    for a in issue.articles:
        if a.column != column and a.column:
            document.add_paragraph(f"【{a.column}】")
        column = a.column
        document.add_paragraph(a.title)
        if write_text is not None:
            write_text(document, a)
            continue
        for k, text in enumerate(a.paragraphs):
            last = k == len(a.paragraphs) - 1
            document.add_paragraph(indent + text + (f"（{a.source}）" if last and a.source else ""))


def test_docx_masthead_in_a_text_box(tmp_path):
    """A text box as Word saves it (DrawingML plus a VML fallback copy) is read once, in place."""
    import docx
    from docx.oxml import parse_xml

    lines = ["科协工作简报", "2022年第37期（总第412期）", "某某市科协办公室\t2022年11月25日"]
    box = "".join(f"<w:p><w:r><w:t xml:space='preserve'>{t}</w:t></w:r></w:p>" for t in lines)
    xml = (
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:r><mc:AlternateContent>'
        f"<mc:Choice Requires='wps'><wps:txbx><w:txbxContent>{box}</w:txbxContent></wps:txbx></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{box}</w:txbxContent></v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    document = docx.Document()
    document.element.body.insert(0, parse_xml(xml))
    issue = sample_issue()
    _add_body(document, issue)
    path = tmp_path / "textbox.docx"
    document.save(path)
    parsed = parse_file(path)[0]
    assert structure(parsed) == structure(issue)
    assert parsed.warnings == ()


def test_docx_masthead_in_a_table(tmp_path):
    """Offices often put the masthead in a table: it is read in order."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "科协工作简报"
    table.cell(1, 0).text = "2022年第37期（总第412期）"
    document.add_paragraph("某某市科协办公室\t2022年11月25日")
    issue = sample_issue()
    _add_body(document, issue, indent="\u3000\u3000")
    path = tmp_path / "table.docx"
    document.save(path)
    assert structure(parse_file(path)[0]) == structure(issue)


# -- bad files ---------------------------------------------------------------------------------

def _fails(cli, path, code, *words, extra=()):
    result = cli("parse", path, "--no-archive", *extra)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]
    return result


def test_encrypted_pdf_needs_password(cli, backend, tmp_path, expected):
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted(shared_fixture("kxdt-2023-21.gongwen.pdf"), "kx2023"))
    _fails(cli, path, 4, "加密", "--password")
    _fails(cli, path, 4, "密码不对", extra=("--password", "wrong"))
    ok = cli("parse", path, "--no-archive", "--json", "--password", "kx2023")
    assert ok.exit_code == 0, ok.stderr
    _matches_expected(json.loads(ok.stdout), expected)


def test_scanned_pdf_needs_ocr(cli, backend, tmp_path, monkeypatch):
    from kxdt.readers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    _fails(cli, path, 5, "扫描件", "OCR", "kxdt[ocr]")


def test_a_blank_scan_read_through_ocr_says_nothing_was_recognised(cli, backend, tmp_path):
    from kxdt.readers import ocr

    if not ocr.available():
        pytest.skip("the OCR extra is not installed")
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    result = cli("parse", path, "--no-archive")
    assert result.exit_code == 5
    lines = result.stderr.strip().splitlines()
    assert lines[:-1] == ["文字识别（OCR）：scan.pdf 第1/2页", "文字识别（OCR）：scan.pdf 第2/2页"]
    assert "没有在页面上认出文字" in lines[-1] and "pip install" not in lines[-1]


def test_pdf_without_unicode_map_is_not_parsed_as_garbage(cli, backend, tmp_path, monkeypatch):
    """Without the OCR extra (with it, such a file is read as a scan)."""
    from kxdt.readers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    path = tmp_path / "garbled.pdf"
    path.write_bytes(without_unicode_maps(shared_fixture("kxdt-2023-21.gongwen.pdf")))
    _fails(cli, path, 5, "无法可靠提取")


def test_truncated_pdf(cli, backend, tmp_path):
    data = shared_fixture("kxdt-2023-21.gongwen.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    _fails(cli, path, 3, "不完整")


def test_corrupt_pdf(cli, backend, tmp_path):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    _fails(cli, path, 3, "PDF")


def test_truncated_docx(cli, tmp_path):
    data = shared_fixture("kxdt-2023-21.gongwen.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    _fails(cli, path, 3, "DOCX")


def test_docx_that_is_really_text(cli, tmp_path):
    path = tmp_path / "renamed.docx"
    path.write_text("这其实是一个文本文件。", encoding="utf-8")
    _fails(cli, path, 3, "不是有效的 DOCX")


def test_docx_that_is_another_zip(cli, tmp_path):
    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    _fails(cli, path, 3, "不是 Word 文档")


def test_zip_bomb_posing_as_docx(cli, tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(260):
                member.write(chunk)
    assert path.stat().st_size < 2_000_000
    _fails(cli, path, 3, "压缩炸弹")


# -- batches -----------------------------------------------------------------------------------

def test_batch_goes_on_past_bad_files(cli, tmp_path, seed_path):
    folder = tmp_path / "往期"
    (folder / "2023").mkdir(parents=True)
    (folder / "2023" / "good.txt").write_bytes(seed_path.read_bytes())
    (folder / "scan.pdf").write_bytes(scanned_pdf())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.xlsx").write_bytes(b"ignored: not a format kxdt reads")
    result = cli("parse", folder, "--json")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert [i["masthead"]["total"] for i in issues] == [74]
    assert "成功 1 · 有警告 0 · 失败 2" in result.stderr
    assert "扫描件" in result.stderr and "空的" in result.stderr


def test_batch_of_good_files_exits_0(cli, tmp_path, seed_path):
    a = tmp_path / "a.txt"
    a.write_bytes(seed_path.read_bytes())
    other = replace(sample_issue())
    b = tmp_path / "b.docx"
    b.write_bytes(issue_to_docx(other))
    result = cli("parse", a, b)
    assert result.exit_code == 0, result.stderr
    assert "成功 2" in result.stderr and "失败 0" in result.stderr
    assert "总第412期" in result.stdout or "412" in result.stdout


def test_reader_picks_by_content_not_name(tmp_path):
    """A PDF saved with a .txt name is still read as a PDF."""
    path = tmp_path / "issue.txt"
    path.write_bytes(shared_fixture("kxdt-2023-21.gongwen.pdf").read_bytes())
    assert parse_file(path)[0].masthead.total == 74


def test_fixture_paths_exist():
    assert Path(shared_fixture("kxdt-2023-21.gongwen.pdf")).exists()


def test_docx_masthead_in_the_first_page_header(tmp_path):
    import docx

    issue = sample_issue()
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.paragraphs[0].text = issue.masthead.name
    header.add_paragraph("2022年第37期（总第412期）")
    header.add_paragraph("某某市科协办公室\t2022年11月25日")
    _add_body(document, issue)
    path = tmp_path / "header.docx"
    document.save(path)
    assert structure(parse_file(path)[0]) == structure(issue)


def test_docx_pages_from_words_rendered_page_breaks(tmp_path):
    """Word records each page start as w:lastRenderedPageBreak; articles get those pages."""
    from docx.oxml import OxmlElement

    document = _typed_masthead()
    issue = sample_issue()
    _add_body(document, issue)
    starts = {issue.articles[1].title: 3, issue.articles[3].title: 4}
    for paragraph in document.paragraphs:
        if paragraph.text in starts:
            paragraph.runs[0]._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
        if paragraph.text == "目录提要":
            paragraph.runs[0]._r.append(OxmlElement("w:lastRenderedPageBreak"))  # page 2 starts inside it
    path = tmp_path / "pages.docx"
    document.save(path)
    assert [a.page for a in parse_file(path)[0].articles] == [2, 3, 3, 4]


def test_docx_without_rendered_breaks_has_no_pages():
    issue = parse_file(shared_fixture("kxdt-2023-21.gongwen.docx"))[0]
    assert {a.page for a in issue.articles} == {None}


def test_docx_highlights_as_a_word_bullet_list(tmp_path):
    """Word's own bullets are not in the text; the reader puts them back."""
    import docx

    issue = sample_issue()
    document = _typed_masthead()
    document.add_paragraph("目录提要")
    for item in issue.toc:
        document.add_paragraph(item, style="List Bullet")
    body = docx.Document()
    _add_body(body, issue, indent="")
    for paragraph in body.paragraphs[1 + len(issue.toc):]:
        document.add_paragraph(paragraph.text)
    path = tmp_path / "bullets.docx"
    document.save(path)
    parsed = parse_file(path)[0]
    assert structure(parsed) == structure(issue)


def test_docx_paragraphs_with_soft_line_breaks(tmp_path):
    """Text pasted from a PDF keeps its line ends as soft breaks inside one Word paragraph."""
    from bulletins import wrap

    issue = sample_issue()
    document = _typed_masthead()

    def pasted(document, a):
        text = "".join(a.paragraphs[:-1])  # earlier paragraphs pasted as one block of lines
        last = a.paragraphs[-1] + (f"（{a.source}）" if a.source else "")
        for chunk in filter(None, [text, last]):
            paragraph = document.add_paragraph()
            for k, line in enumerate(wrap(chunk, 28, first_indent=2)):
                run = paragraph.add_run(line)
                if k:
                    run._r.addprevious(run._r.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}br", {}))

    _add_body(document, issue, write_text=pasted)
    path = tmp_path / "soft.docx"
    document.save(path)
    parsed = parse_file(path)[0]
    joined = [("".join(a.paragraphs), a.title, a.source) for a in parsed.articles]
    assert joined == [("".join(a.paragraphs), a.title, a.source) for a in issue.articles]
    # Each Word paragraph's lines became one paragraph again.
    assert [len(a.paragraphs) for a in parsed.articles] == [min(2, len(a.paragraphs)) for a in issue.articles]


def test_docx_made_of_lines_pasted_from_a_pdf(tmp_path):
    """One Word paragraph per printed line (text pasted from a PDF with hard returns) is
    reflowed like a text layer."""
    import docx
    from bulletins import scraped

    document = docx.Document()
    for line in scraped(sample_issue(), blank_lines=False, junk=False).splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    path = tmp_path / "pasted.docx"
    document.save(path)
    assert structure(parse_file(path)[0]) == structure(sample_issue())


def test_docx_with_short_real_paragraphs_is_not_reflowed(tmp_path):

    document = _typed_masthead()
    issue = sample_issue()
    _add_body(document, issue)
    path = tmp_path / "plain.docx"
    document.save(path)
    assert structure(parse_file(path)[0]) == structure(issue)


def test_pdf_layout_reads_indents_gaps_and_alignment():
    """Unit test of the layout step on positioned runs: an indented line and a line after extra
    space start paragraphs; a line centred in the text block is centred; size is kept."""
    from kxdt.layout import group_lines, hinted_lines
    from kxdt.records import Run

    text = "这是一行正文文字这是一行正文文字这是一行正文文字这是"  # 26 characters
    runs = [
        Run("标题文字", 250.0, 820.0, 22.0, 0),
        Run(text, 112.0, 790.0, 16.0, 0),  # indented two characters
        Run(text + "正文", 80.0, 770.0, 16.0, 0),
        Run(text + "正文", 80.0, 750.0, 16.0, 0),
        Run(text + "正文", 80.0, 720.0, 16.0, 0),  # 1.5 × the usual 20 pt above it
        Run(text + "正文", 80.0, 700.0, 16.0, 0),
    ]
    lines = hinted_lines([group_lines(runs)])
    assert [ln.indent for ln in lines] == [None, True, False, False, True, False]
    assert lines[0].align == "center" and lines[0].size == 22.0
    assert lines[2].full == pytest.approx(28.0, abs=0.5)
