"""年度汇编: a year of our own issues (52, with a gap and a supplement) archived, exported as one
DOCX, read back from its XML, and laid out by LibreOffice as a PDF whose contents page numbers
are compared with the pages the mastheads and titles are really on; every issue, cut out of the
PDF, parses back to the archived issue."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bulletins import RENAMED_UNITS, file_issues, year_of_issues
from conftest import structure
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kxdt.archive import Archive
from kxdt.archive.selection import IssueRecord, Selection, parse_totals
from kxdt.archive.volume import _without, numbering_gaps, plan_volume, volume_issues
from kxdt.errors import UsageError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NAME = "科协每周动态"
FOOTER_RE = re.compile(r"—\s*([0-9]+|[IVXLC]+)\s*—\s*$")


@pytest.fixture(scope="module")
def year():
    return year_of_issues(2023)


@pytest.fixture(scope="module")
def year_db(tmp_path_factory, year) -> Path:
    db = tmp_path_factory.mktemp("year") / "archive.sqlite3"
    file_issues(db, year)
    return db


@pytest.fixture(scope="module")
def volume_docx(tmp_path_factory, year_db) -> Path:
    """The volume made as a clerk makes it: the command, in a process of its own."""
    out = tmp_path_factory.mktemp("volume") / "汇编.docx"
    done = subprocess.run([sys.executable, "-m", "kxdt", "export", "--year", "2023", "--name", NAME, "--to", "docx",
                           "-o", str(out), "--db", str(year_db)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "52 期" in done.stderr and "缺期：第12期（总第65期）" in done.stderr
    return out


def _document(path: Path):
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/document.xml")), etree.fromstring(zf.read("word/settings.xml"))


def _text(p) -> str:
    """A paragraph's text as Word shows it: its runs' text and tabs (a field's result included)."""
    return "".join((c.text or "") if c.tag == f"{W}t" else "\t" for r in p.iter(f"{W}r") for c in r
                   if c.tag in (f"{W}t", f"{W}tab"))


# -- the DOCX itself ---------------------------------------------------------------------------

def test_every_page_reference_points_at_a_bookmark_and_is_marked_for_update(volume_docx, year):
    root, settings = _document(volume_docx)
    marks = [b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")]
    assert len(marks) == len(set(marks)) == len(year) + sum(len(i.articles) for i in year)
    ids = [b.get(f"{W}id") for b in root.iter(f"{W}bookmarkStart")]
    assert sorted(ids) == sorted(b.get(f"{W}id") for b in root.iter(f"{W}bookmarkEnd"))
    refs = [t.text.split()[1] for t in root.iter(f"{W}instrText") if t.text.split()[0] == "PAGEREF"]
    # The contents point at every masthead and title, the index at every article with a source.
    with_source = sum(1 for i in year for a in i.articles if a.source)
    assert len(refs) == len(marks) + with_source
    assert set(refs) == set(marks)
    begins = [c for c in root.iter(f"{W}fldChar") if c.get(f"{W}fldCharType") == "begin"]
    assert len(begins) == len(refs) and all(c.get(f"{W}dirty") == "true" for c in begins)
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"


def test_front_matter_is_a_section_of_its_own_and_the_issues_are_numbered_from_one(volume_docx):
    root, _ = _document(volume_docx)
    sections = list(root.iter(f"{W}sectPr"))
    assert len(sections) == 2
    front, body = sections
    assert front.find(f"{W}pgNumType").get(f"{W}fmt") == "upperRoman"
    assert front.find(f"{W}titlePg") is not None  # no page number on the cover
    assert body.find(f"{W}pgNumType").get(f"{W}start") == "1"
    kinds = {ref.get(f"{W}type") for ref in front.iter(f"{W}footerReference")}
    assert kinds >= {"default", "even"}


def test_each_issue_starts_a_new_page_with_its_masthead(volume_docx, year):
    root, _ = _document(volume_docx)
    marked = [p for p in root.iter(f"{W}p") if any(re.fullmatch(r"_kxdt_\d+", b.get(f"{W}name"))
                                                    for b in p.iter(f"{W}bookmarkStart"))]
    assert [_text(p) for p in marked] == [i.masthead.name for i in year]
    breaks = [p.find(f"{W}pPr/{W}pageBreakBefore") is not None for p in marked]
    assert breaks == [False] + [True] * (len(year) - 1)  # the first follows the section break


def test_contents_list_every_issue_its_articles_and_the_gap(volume_docx, year):
    root, _ = _document(volume_docx)
    paragraphs = list(root.iter(f"{W}p"))
    end = next(k for k, p in enumerate(paragraphs) if p.find(f"{W}pPr/{W}sectPr") is not None)
    contents = [_text(p) for p in paragraphs[:end]]
    assert "本汇编缺第12期（总第65期）。" in contents
    lines = [t.split("\t")[0] for t in contents if t.endswith("\t?")]
    want = []
    for issue in year:
        m = issue.masthead
        label = f"增刊第{m.number}期" if "增刊" in m.name else f"第{m.number}期（总第{m.total}期）"
        want.append(f"{label}　{m.year}年{int(m.date[5:7])}月{int(m.date[8:])}日")
        want += [a.title for a in issue.articles]
    assert [ln.replace("\u200c", "") for ln in lines] == want
    assert "2023年汇编" in contents and "北京市科协办公室" in contents


# -- LibreOffice lays it out --------------------------------------------------------------------

@pytest.fixture(scope="module")
def volume_pdf(volume_docx, tmp_path_factory):
    from office import convert
    from pypdf import PdfReader

    outdir = tmp_path_factory.mktemp("volume-pdf")
    convert([volume_docx], outdir, "pdf")
    pdf = outdir / (volume_docx.stem + ".pdf")
    return pdf, [page.extract_text() for page in PdfReader(pdf).pages]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _printed_number(text: str) -> str | None:
    found = FOOTER_RE.search(text.strip())
    return found.group(1) if found else None


def _masthead_pages(pages: list[str]) -> list[tuple[int, str, int | None, bool]]:
    """(page index, 第N期, 总第N期, supplement) of the pages an issue starts on: they begin with
    the name and hold the issuer line and the 目录提要."""
    found = []
    for k, text in enumerate(pages):
        flat = _squeezed(text)
        if flat.startswith(NAME) and "北京市科协办公室" in flat and "目录提要" in flat:
            numbers = re.search(r"2023年第(\d+)期(?:（总第(\d+)期）)?", flat)
            assert numbers, flat[:80]
            total = int(numbers.group(2)) if numbers.group(2) else None
            found.append((k, numbers.group(1), total, flat.startswith(NAME + "（增刊）")))
    return found


def test_every_issue_starts_on_its_own_page_in_order(volume_pdf, year):
    _, pages = volume_pdf
    starts = _masthead_pages(pages)
    assert [(n, t, s) for _, n, t, s in starts] == [
        (str(i.masthead.number), i.masthead.total, "增刊" in i.masthead.name) for i in year]
    assert _squeezed(pages[0]).startswith(NAME + "2023年汇编")  # the cover
    assert _printed_number(pages[0]) is None  # and no page number on it
    assert _printed_number(pages[1]) == "II"
    assert _printed_number(pages[starts[0][0]]) == "1"
    numbers = [_printed_number(p) for p in pages[starts[0][0]:]]
    assert numbers == [str(k) for k in range(1, len(numbers) + 1)]  # running through the volume


def _contents_entries(pages: list[str], upto: int) -> list[tuple[str, str]]:
    """(text, page number) of every contents line (a leader of dots to a number)."""
    entries = []
    for text in pages[:upto]:
        for line in text.splitlines():
            found = re.match(r"^(.*?)\.{4,}\s*(\d+)\s*$", line.strip())
            if found:
                entries.append((_squeezed(found.group(1)).replace("\u200c", ""), found.group(2)))
    return entries


def test_contents_page_numbers_are_where_the_mastheads_and_titles_are(volume_pdf, year):
    _, pages = volume_pdf
    starts = _masthead_pages(pages)
    entries = _contents_entries(pages, starts[0][0])
    assert len(entries) == len(year) + sum(len(i.articles) for i in year)
    it = iter(entries)
    for (page, *_), issue in zip(starts, year):
        text, number = next(it)
        m = issue.masthead
        assert text.startswith(f"增刊第{m.number}期" if "增刊" in m.name else f"第{m.number}期（总第{m.total}期）")
        assert number == _printed_number(pages[page]), text
        for article in issue.articles:
            text, number = next(it)
            assert text == _squeezed(article.title)
            on = [k for k in range(page, len(pages)) if _printed_number(pages[k]) == number]
            assert len(on) == 1 and _squeezed(article.title) in _squeezed(pages[on[0]]), (article.title, number)


def test_unit_index_pages_are_those_of_the_articles(volume_pdf, year):
    _, pages = volume_pdf
    start = next(k for k, p in enumerate(pages) if _squeezed(p).startswith("来源单位索引"))
    index = "\n".join(pages[start:])
    for old, new in RENAMED_UNITS:
        assert re.search(rf"{old}（\d+篇）", _squeezed(index)) and re.search(rf"{new}（\d+篇）", _squeezed(index))
    entries = _contents_entries(pages[start:], len(pages) - start)
    assert len(entries) == sum(1 for i in year for a in i.articles if a.source)
    by_title = {}
    for text, number in _contents_entries(pages, _masthead_pages(pages)[0][0]):
        by_title.setdefault(text, set()).add(number)
    for text, number in entries:
        title = re.sub(r"^(增刊)?第\d+期", "", text)
        assert number in by_title[title], text


def test_every_issue_cut_from_the_pdf_parses_back(volume_pdf, year, tmp_path):
    from pypdf import PdfReader, PdfWriter

    from kxdt.api import parse_file

    pdf, pages = volume_pdf
    starts = [k for k, *_ in _masthead_pages(pages)]
    index = next(k for k, p in enumerate(pages) if _squeezed(p).startswith("来源单位索引"))
    reader = PdfReader(pdf)
    for issue, first, last in zip(year, starts, [*starts[1:], index]):
        writer = PdfWriter()
        for k in range(first, last):
            writer.add_page(reader.pages[k])
        path = tmp_path / f"{issue.masthead.date}.pdf"
        with open(path, "wb") as fh:
            writer.write(fh)
        back = parse_file(path)[0]
        assert structure(back) == structure(issue), issue.masthead


# -- the command -------------------------------------------------------------------------------

def test_volume_refuses_to_overwrite_and_streams_into_a_temporary_file(cli, year_db, tmp_path):
    out = tmp_path / "v.docx"
    out.write_bytes(b"the clerk's own file")
    result = cli("export", "--year", "2023", "-o", out, "--db", year_db)
    assert result.exit_code == 1 and "已存在" in result.stderr and "--force" in result.stderr
    assert out.read_bytes() == b"the clerk's own file"
    assert cli("export", "--year", "2023", "-o", out, "--db", year_db, "--force").exit_code == 0
    assert zipfile.is_zipfile(out) and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_default_name_and_a_list_of_numbers_with_one_not_archived(cli, year_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("export", "--issues", "60-66,300", "--db", year_db)
    assert result.exit_code == 0, result.stderr
    made = tmp_path / "科协每周动态-总第60至66期汇编.docx"
    assert made.exists()
    assert "缺期：第12期（总第65期）、总第300期" in result.stderr
    root, _ = _document(made)
    masts = [b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart") if re.fullmatch(r"_kxdt_\d+", b.get(f"{W}name"))]
    assert len(masts) == 6  # 60–66 without 65


@pytest.mark.parametrize(("args", "code", "words"), [
    (["74", "--year", "2023"], 2, "不能同时用"),
    (["--year", "2023", "--to", "md"], 2, "只能导出为 DOCX"),
    (["--issues", "五十三"], 2, "不是期号"),
    (["--issues", "60-50"], 2, "前小后大"),
    (["--from", "2023-02-30"], 2, "--from"),
    (["--year", "2019"], 3, "没有这些期"),
    (["--year", "2023", "--name", "科协"], 3, "这一范围里有：科协每周动态（用 --name 指定）"),
    (["--year", "2023", "-o", "-"], 2, "标准输出"),
    ([], 2, "--year"),
])
def test_volume_usage_errors_are_one_line_in_chinese(cli, year_db, args, code, words):
    result = cli("export", *args, "--db", year_db)
    assert result.exit_code == code and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_two_publications_need_a_name(cli, tmp_path, year):
    from dataclasses import replace

    db = tmp_path / "two.db"
    other = [replace(i, masthead=replace(i.masthead, name="学会通讯")) for i in year[:3] if "增刊" not in i.masthead.name]
    file_issues(db, [*year[:5], *other])
    result = cli("export", "--year", "2023", "-o", tmp_path / "x.docx", "--db", db)
    assert result.exit_code == 2 and "学会通讯" in result.stderr and "--name" in result.stderr
    result = cli("export", "--year", "2023", "--name", "学会通讯", "-o", tmp_path / "x.docx", "--db", db)
    assert result.exit_code == 0, result.stderr


def test_the_index_merges_units_the_mapping_file_names_alike(cli, year_db, tmp_path):
    units = tmp_path / "units.toml"
    units.write_text("".join(f'"{old}" = ["{new}"]\n' for old, new in RENAMED_UNITS), encoding="utf-8")
    out = tmp_path / "v.docx"
    assert cli("export", "--year", "2023", "--units", units, "-o", out, "--db", year_db).exit_code == 0
    root, _ = _document(out)
    texts = [_text(p) for p in root.iter(f"{W}p")]
    for old, new in RENAMED_UNITS:
        assert any(re.fullmatch(rf"{old}（\d+篇）", t) for t in texts)
        assert not any(t.startswith(f"{new}（") for t in texts)


# -- streaming ------------------------------------------------------------------------------------

def test_issues_are_let_go_as_soon_as_they_are_written(year_db):
    """The volume streams: an issue is read when its turn comes and dropped once written, so
    memory does not grow with the number of issues (benchmarks/volume_speed.py measures it)."""
    import gc
    import weakref

    from kxdt.render.volume import write_volume

    alive_when_pulled = []
    refs = []
    out = io.BytesIO()
    with Archive(year_db, readonly=True) as archive:
        volume = plan_volume(archive, Selection(year=2023))

        def issues():
            for issue in volume_issues(archive, volume):
                gc.collect()
                alive_when_pulled.append(sum(1 for r in refs if r() is not None))
                refs.append(weakref.ref(issue))
                yield issue
                del issue

        write_volume(out, volume, issues())
    assert len(refs) == len(volume.issues) == 52
    assert max(alive_when_pulled) <= 1
    assert zipfile.ZipFile(out).testzip() is None


# -- numbering -----------------------------------------------------------------------------------

def _records(numbers, *, year=2023, first_total=100):
    return [IssueRecord(k, NAME, year, n, first_total + n, f"{year}-01-01", None) for k, n in enumerate(numbers)]


def test_gaps_name_the_missing_numbers_with_their_totals():
    records = _records([1, 2, 5, 6, 9])
    assert numbering_gaps(records, Selection(year=2023)) == ["第3至4期（总第103至104期）", "第7至8期（总第107至108期）"]
    assert numbering_gaps(_records([3, 4]), Selection(year=2023)) == ["第1至2期（总第101至102期）"]
    assert numbering_gaps(_records([3, 4]), Selection(date_from="2023-02-01")) == []
    # Neighbours that disagree about the 总第 number: the 第N期 is named, and the 总第 gap apart.
    odd = [*_records([1]), *_records([3], first_total=150)]
    assert numbering_gaps(odd, Selection(year=2023)) == ["第2期", "总第102至152期"]


@given(st.lists(st.tuples(st.integers(1, 300), st.integers(0, 40)), max_size=8),
       st.sets(st.integers(1, 400), max_size=40))
def test_number_ranges_without_points_are_the_set_difference(spans, points):
    ranges = [(a, a + n) for a, n in spans]
    left = _without(ranges, sorted(points))
    expanded = [n for a, b in left for n in range(a, b + 1)]
    assert expanded == sorted({n for a, b in ranges for n in range(a, b + 1)} - points)
    assert all(b + 1 < c for (_, b), (c, _) in itertools.pairwise(left))  # as few ranges as can be


@given(st.lists(st.tuples(st.integers(1, 999_999), st.integers(0, 50)), min_size=1, max_size=20))
def test_listed_numbers_read_back(spans):
    text = ",".join(str(a) if n == 0 else f"{a}-{min(a + n, 999_999)}" for a, n in spans)
    assert parse_totals(text) == tuple((a, min(a + n, 999_999)) for a, n in spans)


def test_a_range_list_may_not_be_endless():
    with pytest.raises(UsageError):
        parse_totals(",".join(str(n) for n in range(1, 600)))


# -- document text is data -------------------------------------------------------------------------

HOSTILE = ["[bold red]", "\x1b[2J", "\u202e", "\x00", "\x07", "\ufffe", "\ud800", "<w:t>", "&amp;", "]]>", "\"'",
           "=SUM(A1)", "+1", "\t", "\n"]


@settings(max_examples=15, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(HOSTILE), min_size=3, max_size=3))
def test_hostile_text_makes_a_valid_volume_and_workbook(cli, tmp_path, snippets):
    from dataclasses import replace

    from lxml import etree
    from openpyxl import load_workbook

    issues = year_of_issues(2023, weeks=2, missing=(), supplement_week=None)
    first = issues[0]
    name, title, unit = (f"科协{s}动态" for s in snippets)
    article = replace(first.articles[0], title=title, source=unit)
    issues[0] = replace(first, masthead=replace(first.masthead, name=name, issuer=snippets[0] + "办公室"),
                        articles=(article, *first.articles[1:]))
    issues[1] = replace(issues[1], masthead=replace(issues[1].masthead, name=name))
    db = tmp_path / f"{abs(hash(tuple(snippets)))}.db"
    file_issues(db, issues)
    out, book = tmp_path / "v.docx", tmp_path / "s.xlsx"
    exported = cli("export", "--year", "2023", "-o", out, "--force", "--db", db)
    counted = cli("stats", "--year", "2023", "--to", "xlsx", "-o", book, "--force", "--db", db)
    for result in (exported, counted):
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stderr and "\u202e" not in result.stderr and "Traceback" not in result.stderr
    with zipfile.ZipFile(out) as zf:
        for part in zf.namelist():
            if part.endswith(".xml"):
                etree.fromstring(zf.read(part))  # every part is well-formed XML
    listed = load_workbook(book)["文章清单"]
    assert listed.max_row == 1 + sum(len(i.articles) for i in issues)
