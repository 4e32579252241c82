"""Pages read as a person reads them (issue #20): two columns and the titles across them, two or
four pages on a sheet, a page's text drawn turned, page numbers in every printed form, and a
masthead set as a table — in PDFs made by other programs (Chromium, WeasyPrint, reportlab, fpdf2,
LibreOffice; sheets and turned pages made with pypdf's page transformations, as pdfjam and
pdfpages make them), on both PDF paths, scored with the product's scorer against the structure
of the same issue in one column."""

from __future__ import annotations

import difflib
import importlib.util
import os
from pathlib import Path

import pytest
from bulletins import longer_issue, sample_issue, scraped
from conftest import SHARED, structure
from hypothesis import HealthCheck, given, settings
from positioned import in_columns
from producers import (
    BARE_NUMBERS_CSS,
    COLUMNS_CSS,
    SHEET_CSS,
    SPANNING_TITLES_CSS,
    THREE_COLUMNS_CSS,
    chromium_pdf,
    fpdf_pdf,
    libreoffice_pdf,
    masthead_table_html,
    n_up,
    reportlab_pdf,
    turned,
    two_column_docx,
    weasyprint_pdf,
)
from strategies import canonical, issues, long_paragraphs
from test_readers import backend  # noqa: F401  (the fixture: each test runs on both PDF paths)

from kxdt.api import parse_file, parse_text
from kxdt.layout import lay_out
from kxdt.layout.pagenum import bare_number_sequence, page_number, page_number_lines
from kxdt.parse import parse_document
from kxdt.readers.positioned import document_from_runs
from kxdt.records import Run

MIN_SCORE = 0.95  # the issue's acceptance: each layout reads ≥ 95% of the expected structure
ISSUE = longer_issue()
EXPECTED = ISSUE.to_dict()


def _scorer():
    path = SHARED / "tools" / "score_issue.py"
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the shared scorer {path} is missing on CI")
        pytest.skip("the shared scorer is not beside the repository")
    spec = importlib.util.spec_from_file_location("score_issue", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def score(issue) -> float:
    return _scorer()(EXPECTED, issue.to_dict())[0]


class Made:
    """The PDFs of the issue, each made on first use (every producer is slow to start)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.done: dict[str, Path] = {}

    def __getitem__(self, name: str) -> Path:
        if name not in self.done:
            self.done[name] = self._make(name)
        return self.done[name]

    def _make(self, name: str) -> Path:
        folder = self.folder
        makers = {
            "chromium": lambda: chromium_pdf(ISSUE, folder, name="chromium"),
            "chromium-columns": lambda: chromium_pdf(ISSUE, folder, COLUMNS_CSS, name="chromium-columns"),
            "chromium-spanning-titles": lambda: chromium_pdf(ISSUE, folder, SPANNING_TITLES_CSS, name="chromium-span"),
            "chromium-two-pages-a-sheet": lambda: chromium_pdf(ISSUE, folder, SHEET_CSS, name="chromium-sheet"),
            "weasyprint": lambda: weasyprint_pdf(ISSUE, folder, BARE_NUMBERS_CSS, name="weasyprint"),
            "weasyprint-columns": lambda: weasyprint_pdf(ISSUE, folder, COLUMNS_CSS + BARE_NUMBERS_CSS, name="wp-columns"),
            "weasyprint-three-columns": lambda: weasyprint_pdf(ISSUE, folder, THREE_COLUMNS_CSS + BARE_NUMBERS_CSS,
                                                               name="wp-three"),
            "chromium-three-columns": lambda: chromium_pdf(ISSUE, folder, THREE_COLUMNS_CSS, name="chromium-three"),
            "weasyprint-spanning-titles": lambda: weasyprint_pdf(ISSUE, folder, SPANNING_TITLES_CSS + BARE_NUMBERS_CSS,
                                                                 name="wp-span"),
            "reportlab": lambda: reportlab_pdf(ISSUE, folder, frames=1),
            "reportlab-two-frames": lambda: reportlab_pdf(ISSUE, folder, frames=2),
            "fpdf2": lambda: fpdf_pdf(ISSUE, folder, columns=1),
            "fpdf2-two-columns": lambda: fpdf_pdf(ISSUE, folder, columns=2),
            "2-up-weasyprint": lambda: n_up(self["weasyprint"], folder / "2-up.pdf"),
            "4-up-chromium": lambda: n_up(self["chromium"], folder / "4-up.pdf", across=2, down=2),
            "turned-90-chromium": lambda: turned(self["chromium"], folder / "turned-90.pdf", angle=90),
            "turned-270-weasyprint": lambda: turned(self["weasyprint"], folder / "turned-270.pdf", angle=270),
        }
        if name in ("libreoffice-two-columns", "libreoffice-masthead-table"):
            made = libreoffice_pdf({"two-columns.docx": two_column_docx(ISSUE),
                                    "masthead-table.html": masthead_table_html(ISSUE)}, folder)
            self.done["libreoffice-masthead-table"] = made["masthead-table.html"]
            return made["two-columns.docx"] if name == "libreoffice-two-columns" else made["masthead-table.html"]
        return makers[name]()


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Made:
    return Made(tmp_path_factory.mktemp("page-layouts"))


LAYOUTS = [
    "chromium-columns", "chromium-spanning-titles", "chromium-two-pages-a-sheet", "weasyprint-columns",
    "weasyprint-spanning-titles", "reportlab-two-frames", "fpdf2-two-columns", "libreoffice-two-columns",
    "2-up-weasyprint", "4-up-chromium", "turned-90-chromium", "turned-270-weasyprint", "libreoffice-masthead-table",
    "weasyprint-three-columns", "chromium-three-columns",
]


@pytest.mark.parametrize("name", LAYOUTS)
def test_other_layouts_read_like_one_column(made, backend, name):  # noqa: F811
    """Each layout reads ≥ 95% of the issue's structure (on main: 4–48%, the masthead table 85%),
    with every title in its place and no warning of text it could not place."""
    issue = parse_file(made[name])[0]
    assert score(issue) >= MIN_SCORE
    assert [a.title for a in issue.articles] == [a.title for a in ISSUE.articles]
    assert not [w for w in issue.warnings if "正文" in w or "标题" in w]


SINGLE = ["chromium", "weasyprint", "reportlab", "fpdf2"]


@pytest.mark.parametrize("name", SINGLE)
def test_one_column_stays_whole(made, backend, name):  # noqa: F811
    issue = parse_file(made[name])[0]
    assert structure(issue) == structure(ISSUE)
    assert issue.warnings == ()


def test_the_masthead_table_is_read_cell_by_cell(made, backend):  # noqa: F811
    """Issuer and date each wrap in their table cell (LibreOffice from HTML): read one cell after
    the other, the masthead is whole and the 目录提要 is not swallowed by the first title."""
    issue = parse_file(made["libreoffice-masthead-table"])[0]
    assert issue.masthead == ISSUE.masthead
    assert issue.toc == ISSUE.toc


def test_columns_keep_each_articles_paragraphs(made, backend):  # noqa: F811
    """A paragraph running from the foot of the left column to the head of the right one is one
    paragraph; column labels and sources stay with their articles."""
    want = structure(ISSUE)
    for name in ("chromium-columns", "weasyprint-spanning-titles", "libreoffice-two-columns", "fpdf2-two-columns"):
        got = structure(parse_file(made[name])[0])
        assert [(a["column"], a["source"]) for a in got["articles"]] == [(a["column"], a["source"]) for a in want["articles"]]
        assert [p for a in got["articles"] for p in a["paragraphs"]] == \
            [p for a in want["articles"] for p in a["paragraphs"]], name


def test_bare_page_numbers_are_page_numbers(made, backend):  # noqa: F811
    """WeasyPrint's page counter prints a bare `2` at the foot: taken out of the text, kept as the
    page number, also when two such pages stand on one sheet."""
    for name in ("weasyprint", "2-up-weasyprint", "turned-270-weasyprint"):
        issue, document = parse_file(made[name])
        assert [a.page for a in issue.articles] == [1, 1, 2, 2, 2, 3, 3, 3], name
        assert not [line for line in document.lines if line.text.strip().isdigit()], name


def test_sheets_are_read_as_their_pages(made, backend):  # noqa: F811
    """Two pages side by side, and two rows of two with the last sheet short of a page: each
    page in its place, numbered as the pages of the original."""
    single = [a.page for a in parse_file(made["chromium"])[0].articles]
    assert [a.page for a in parse_file(made["4-up-chromium"])[0].articles] == single
    document = parse_file(made["2-up-weasyprint"])[1]
    assert sorted({line.page for line in document.lines}) == [1, 2, 3]


@pytest.mark.parametrize("per_page, at, blank", [(9, "bottom", False), (14, "bottom", False), (26, "bottom", True),
                                                 (29, "bottom", False), (8, "bottom", True), (12, "top", True)])
def test_bare_page_numbers_in_a_text_layer(per_page, at, blank):
    """A PDF's text pasted: a bare number alone on a line between paragraphs, counting the pages
    up, is a page number (on main these became articles named `3`: 文章“3”没有正文)."""
    for issue in (sample_issue(), ISSUE):
        text = scraped(issue, marker="{n}", marker_at=at, per_page=per_page, blank_lines=blank)
        got = parse_text(text)
        assert structure(got) == structure(issue)
        assert got.warnings == ()


def test_a_bare_number_in_the_text_is_not_a_page_number():
    """Numbers alone on a line that do not count the pages up one by one are left to the text."""
    texts = ["正文一行"] * 6 + ["3"] + ["正文一行"] * 6 + ["7"] + ["正文一行"] * 3
    assert bare_number_sequence(texts) == set()
    texts = ["正文"] * 7 + ["1"] + ["正文"] * 7 + ["2"] + ["正文"] * 2 + ["3"]
    assert bare_number_sequence(texts) == {7, 15, 18}
    assert bare_number_sequence(["正文"] * 3 + ["1", "2", "3"]) == set()  # a list, not pages


@pytest.mark.parametrize("text, number", [("- 3 -", 3), ("— 12 —", 12), ("第3页", 3), ("第 3 页 共 8 页", 3),
                                          ("共8页 第3页", 3), ("3/8", 3), ("－３－", 3), ("3", None), ("第3期", None)])
def test_printed_page_number_forms(text, number):
    assert page_number(text) == number


def test_bare_numbers_count_when_pages_agree():
    """A bare number first or last on a page is the page number when another page agrees on the
    offset from the page's place; a lone one elsewhere is text."""
    pages = [["报头", "正文", "1"], ["正文", "正文", "2"], ["正文", "3", "正文"]]
    assert page_number_lines(pages) == [(1, {2}), (2, {2}), (None, set())]
    assert page_number_lines([["正文", "正文", "5"], ["正文", "正文", "正文"]]) == [(None, set()), (None, set())]
    assert page_number_lines([["- 4 -", "正文"], ["正文", "正文", "5"]]) == [(4, {0}), (5, {2})]


# --- positioned runs made here: what the stage decides, on pages drawn to order ---

EM = 12.0
HAN = "科协技术学会服务工作推进创新发展会议召开举办活动交流组织建设"


def _runs(lines: list[tuple[float, float, str]], page: int = 0, size: float = EM) -> list[Run]:
    """Runs of Han text at (x, baseline y), each character one em wide, their ends known."""
    return [Run(text, x, y, size, page, end=x + len(text) * size) for x, y, text in lines]


def _column(x: float, top: float, count: int, width: int, start: int = 0) -> list[tuple[float, float, str]]:
    return [(x + (2 * EM if k == 0 else 0), top - k * 1.5 * EM,
             (HAN * 4)[start + k : start + k + width - (2 if k == 0 else 0)]) for k in range(count)]


def test_two_columns_read_left_then_right():
    left = _column(50, 760, 40, 18)
    right = _column(50 + 20 * EM, 760, 40, 18, start=3)
    layout = lay_out([_runs(left + right)])
    assert len(layout.pages) == 1
    texts = [line.text for region in layout.pages[0].regions for line in region.lines]
    assert texts == [t for _, _, t in left] + [t for _, _, t in right]
    assert layout.warnings == []


def test_a_wide_block_split_down_the_middle_is_two_pages():
    """Text wider than tall with a gutter through every line near its middle: two pages on a
    sheet, each numbered (here by its `- n -` at the foot)."""
    left = [*_column(50, 500, 20, 18), (50 + 8 * EM, 500 - 32 * EM, "- 1 -")]
    right = [*_column(50 + 24 * EM, 500, 20, 18, start=3), (50 + 32 * EM, 500 - 32 * EM, "- 2 -")]
    layout = lay_out([_runs(left + right)])
    assert [page.number for page in layout.pages] == [1, 2]
    assert [[line.text for line in page] for page in layout.lines] == [[t for _, _, t in left[:-1]],
                                                                     [t for _, _, t in right[:-1]]]


def test_issuer_and_date_on_one_line_are_no_columns():
    """One line with a wide gap (issuer left, date right) between full lines is one line."""
    lines = [(50, 700, HAN[:28]), (50, 682, "北京市科协办公室"), (50 + 20 * EM, 682, "2024年3月1日"), (50, 664, HAN[:28])]
    layout = lay_out([_runs(lines)])
    assert [len(region.lines) for region in layout.pages[0].regions] == [3]
    assert layout.pages[0].regions[0].lines[1].text == "北京市科协办公室2024年3月1日"


def test_a_table_row_of_wrapping_cells_reads_cell_by_cell():
    lines = [(50, 700, "北京市科学技术"), (50 + 14 * EM, 700, "2024年3月"), (50, 682, "协会办公室"), (50 + 14 * EM, 682, "1日"),
             (50, 650, HAN[:28])]
    document = document_from_runs([_runs(lines)], 0, "t.pdf", kind="pdf", meta={})
    assert [line.text for line in document.lines] == ["北京市科学技术协会办公室", "2024年3月1日", HAN[:28]]


def test_more_columns_than_a_reader_can_order_is_warned_about():
    columns = [_column(20 + k * 9 * EM, 780, 40, 7, start=k) for k in range(6)]
    layout = lay_out([_runs([line for column in columns for line in column])])
    assert layout.warnings and "版面复杂" in layout.warnings[0]
    texts = [line.text for region in layout.pages[0].regions for line in region.lines]
    assert texts[:40] == [t for _, _, t in columns[0]]  # read as well as it can be: column by column


def test_text_drawn_over_text_is_warned_about():
    lines = _column(50, 700, 8, 20)
    over = [Run("叠印的另一段文字内容", 50 + 3 * EM, 700 - 1.5 * EM, EM, 0, end=50 + 13 * EM)]
    layout = lay_out([_runs(lines) + over])
    assert any("重叠" in warning for warning in layout.warnings)


def test_turned_runs_are_read_along_their_baseline():
    """A page's text drawn turned 90° (each character its own run, as pdfium reports them) reads
    in order, not reversed."""
    text = "科协每周动态第九期"
    runs = [Run(ch, 300.0, 100.0 + k * EM, EM, 0, end=300.0 + EM, angle=90.0) for k, ch in enumerate(text)]
    runs += [Run(ch, 300.0 + 1.5 * EM, 100.0 + k * EM, EM, 0, angle=90.0) for k, ch in enumerate("第二行文字")]
    layout = lay_out([runs])
    assert [line.text for line in layout.lines[0]] == [text, "第二行文字"]


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(issues(long_paragraphs, min_articles=3))
def test_generated_issues_in_two_columns_read_back(issue):
    """Generated issues typeset in two columns (the masthead across them, articles flowing down
    the columns and on over pages) read back as they were written."""
    document = document_from_runs(in_columns(issue, 2), 0, "columns.pdf", kind="pdf", meta={})
    assert canonical(parse_document(document)) == canonical(issue)
    assert not document.warnings


@pytest.mark.skipif(not importlib.util.find_spec("rapidocr_onnxruntime") and not os.environ.get("CI"),
                    reason="the OCR extra is not installed; CI installs it")
def test_a_scan_of_two_columns_reads_in_order(made, tmp_path):
    """The two-column pages scanned (150 dpi, image only): OCR's boxes go through the same stage,
    so titles come in order and the body reads like the issue's."""
    from scans import image_only_pdf, page_images

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_only_pdf(page_images(made["chromium-columns"], 150), 150))
    got = parse_file(scan)[0]
    titles = ["".join(ch for ch in a.title if ch not in "—一") for a in got.articles]
    assert titles == ["".join(ch for ch in a.title if ch not in "—一") for a in ISSUE.articles]
    body = "".join(p for a in got.articles for p in a.paragraphs)
    want = "".join(p for a in ISSUE.articles for p in a.paragraphs)
    assert difflib.SequenceMatcher(None, body, want, autojunk=False).ratio() >= 0.97


@pytest.mark.parametrize("producer", ["weasyprint", "chromium"])
@pytest.mark.parametrize("css", ["three-columns", "three-columns-titles-across", "two-columns"])
def test_the_real_issue_in_columns(backend, producer, css, tmp_path):  # noqa: F811
    """The real issue's text in two or three narrow columns, titles in a column or across them: a
    title centred in the middle column (so centred on the page too) stays in its column, a title
    across the columns wrapping onto a second centred line stays whole, the first line of two
    columns where the third begins lower is columns, lines of columns whose baselines drift apart
    below titles of another size are read column by column, and a line the typesetter broke early
    mid-sentence does not end its paragraph. Read exactly as printed (three columns: 64% before)."""
    seed = parse_file(SHARED / "fixtures" / "kxdt-2023-21.seed.txt")[0]
    styles = {"three-columns": THREE_COLUMNS_CSS + BARE_NUMBERS_CSS,
              "three-columns-titles-across": SPANNING_TITLES_CSS.replace("column-count:2", "column-count:3"),
              "two-columns": COLUMNS_CSS + BARE_NUMBERS_CSS}
    make = weasyprint_pdf if producer == "weasyprint" else chromium_pdf
    got = parse_file(make(seed, tmp_path, styles[css], name=f"{producer}-{css}"))[0]
    assert structure(got) == structure(seed)
    assert got.warnings == ()


@pytest.mark.parametrize(("producer", "columns"), [("fpdf2", 2), ("fpdf2", 3), ("reportlab", 2)])
def test_the_real_issue_in_text_columns_and_frames(backend, producer, columns, tmp_path):  # noqa: F811
    """The real issue in fpdf2's text columns and reportlab's frames: on the last page of three
    columns the third is empty, and the middle one's lines (centred on the page, flush with their
    column) are still a column, not headings across it."""
    seed = parse_file(SHARED / "fixtures" / "kxdt-2023-21.seed.txt")[0]
    if producer == "fpdf2":
        made = fpdf_pdf(seed, tmp_path, columns=columns)
    else:
        made = reportlab_pdf(seed, tmp_path, frames=columns)
    got = parse_file(made)[0]
    assert structure(got) == structure(seed)
    assert got.warnings == ()


def _running_css(seed) -> dict[str, str]:
    name, issuer = seed.masthead.name, seed.masthead.issuer
    edition = f"{seed.masthead.year}年第{seed.masthead.number}期"
    return {
        # a head of the name and the edition, the page counter beside it: one line of words and numbers
        "head-with-counter": f"@page{{@top-center{{content:'{name}  {edition}';font-size:10pt}}"
                             " @top-right{content:'第 ' counter(page) ' 页 共 ' counter(pages) ' 页';font-size:10pt}}",
        # a foot in the body's size on every page, the first one too
        "foot-of-the-name": f"@page{{@bottom-center{{content:'{name}';font-size:16pt}}}}",
        "foot-of-the-issuer": f"@page{{@bottom-center{{content:'{issuer}编印';font-size:16pt}}}}",
        # a head in the body's size, set off by a gap above each page's first line
        "head-of-the-name": f"@page{{@top-center{{content:'{name}';font-size:16pt}}}}",
    }


@pytest.mark.parametrize("running", ["head-with-counter", "foot-of-the-name", "foot-of-the-issuer", "head-of-the-name"])
def test_running_heads_and_feet_are_not_text(backend, running, tmp_path):  # noqa: F811
    """A head or foot on every page (the first one too) is neither a title nor a paragraph break:
    a foot on page 1 was the first article's title, a head with the page counter in it an article
    of its own on every page, and the gap below a head split each paragraph a page break crossed
    — silently (found by variants a clerk's Word or a web page makes)."""
    seed = parse_file(SHARED / "fixtures" / "kxdt-2023-21.seed.txt")[0]
    made = weasyprint_pdf(seed, tmp_path, _running_css(seed)[running], name=running)
    got = parse_file(made)[0]
    assert structure(got) == structure(seed)
    assert got.warnings == ()


@pytest.mark.parametrize("running", ["head-with-counter", "foot-of-the-issuer"])
def test_running_lines_in_a_scraped_text_are_not_text(running, tmp_path):
    """The same pages as pdftotext gives them (a scraped PDF's text, pages split by form feeds)."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    seed = parse_file(SHARED / "fixtures" / "kxdt-2023-21.seed.txt")[0]
    made = weasyprint_pdf(seed, tmp_path, _running_css(seed)[running], name=running)
    text = tmp_path / f"{running}.txt"
    subprocess.run(["pdftotext", "-enc", "UTF-8", str(made), str(text)], check=True)
    got = parse_file(text)[0]
    assert structure(got) == structure(seed)


@pytest.mark.parametrize("page", ["@page{size:A4 landscape;margin:12mm}", "@page{size:A4;margin:5mm} body{font-size:12pt}"])
def test_wide_printed_lines_are_wrapped_lines(backend, page, tmp_path):  # noqa: F811
    """A landscape page or narrow margins set 45–50 characters a line: the width the layout
    measured is a printed line's, not the sign of a text with a paragraph a line (39% before,
    every line a paragraph and paragraphs taken for titles)."""
    seed = parse_file(SHARED / "fixtures" / "kxdt-2023-21.seed.txt")[0]
    made = weasyprint_pdf(seed, tmp_path, page + " body{width:auto}", name="wide")
    got = parse_file(made)[0]
    assert structure(got) == structure(seed)
    assert got.warnings == ()


def test_contents_in_a_table_of_narrow_cells_keep_their_wrapped_lines(backend, tmp_path):  # noqa: F811
    """The 目录提要 set in a two-column table, each entry wrapping in its cell: an entry was its
    first line, the last one's second line a title of its own."""
    import html as markup

    import weasyprint
    from producers import issue_html

    seed = parse_file(SHARED / "fixtures" / "kxdt-2023-21.seed.txt")[0]
    page = issue_html(seed)
    for item in seed.toc:
        page = page.replace(f"<div>●{markup.escape(item)}</div>\n", "", 1)
    half = (len(seed.toc) + 1) // 2
    rows = "".join(f"<tr><td>●{markup.escape(seed.toc[k])}</td><td>"
                   f"{'●' + markup.escape(seed.toc[k + half]) if k + half < len(seed.toc) else ''}</td></tr>"
                   for k in range(half))
    page = page.replace('<div class="c">目录提要</div>',
                        '<div class="c">目录提要</div><table style="width:100%;table-layout:fixed;font-size:16pt;border-spacing:2em 0">'
                        f"{rows}</table>")
    made = tmp_path / "contents-table.pdf"
    weasyprint.HTML(string=page).write_pdf(made)
    got = parse_file(made)[0]
    assert list(got.toc) == list(seed.toc)
    assert [a.title for a in got.articles] == [a.title for a in seed.articles]
