"""The characters as printed (issue #21): every text layer read right, garbage never filed,
nothing changed. Each numbered item of the issue is tested with documents made by other programs
(LibreOffice — also with AR PL fonts only —, Chromium, WeasyPrint, fpdf2, reportlab, CJK LaTeX,
Ghostscript, pandoc), on both PDF paths where it is a PDF."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from bulletins import sample_issue
from conftest import docx_to_pdf, structure
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from producers import (
    chromium_pdf,
    fpdf2_pdf,
    libreoffice_arphic_pdf,
    pandoc_docx,
    reportlab_cid_pdf,
    weasyprint_pdf,
    with_damaged_maps,
    with_radicals,
    with_wrong_characters,
    without_unicode_for,
)
from test_readers import backend  # noqa: F401  (the fixture: each test runs on both PDF paths)

from kxdt.api import parse_file, parse_text
from kxdt.model import Article, Issue, Masthead
from kxdt.render.docx import issue_to_docx

DATA = Path(__file__).parent / "data"
GARBAGE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd\ufffe\uffff\ue000-\uf8ff]|/cid\\d+")


def _no_ocr(monkeypatch) -> None:
    from kxdt.readers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)


def _needs_ocr() -> None:
    from kxdt.readers import ocr

    if not ocr.available():
        pytest.skip("the OCR extra is not installed; CI installs it")


# A traditional-character issue of our own, whose simplified forms fold several characters
# into one: 機制/製作 (制), 體系/關係/聯繫 (系), 彙集/匯款 (汇), 每週/周明 (周), 核心/覈實 (核).
TRADITIONAL = Issue(
    masthead=Masthead(name="某區科協每週動態", year=2024, number=5, total=88, issuer="某區科協辦公室", date="2024-03-01"),
    toc=("區科協完善聯繫服務機制", "學會彙集基層經驗製作工作臺賬"),
    articles=(
        Article(
            column="工作動態",
            title="區科協完善聯繫服務機制",
            paragraphs=(
                "2月27日，區科協召開會議，研究完善聯繫服務科技工作者的工作機制，推動建立上下協同的工作體系，理順各方面關係。",
                "會議要求，要抓住核心環節，做好覈實工作，堅持每週通報一次進展。",
            ),
            source="周明",
        ),
        Article(
            column="學會動態",
            title="學會彙集基層經驗製作工作臺賬",
            paragraphs=(
                "近日，區屬學會彙集各街道基層經驗，製作工作臺賬，通過銀行匯款支付專家諮詢費用，發揮學會在科普體系中的作用。",
            ),
            source="區學會聯合會",
        ),
    ),
)


# 1. Traditional documents keep their printed characters, position for position.

def test_traditional_issue_keeps_its_printed_characters():
    text = "\n".join([
        "某區科協每週動態", "2024年第5期（總第88期）", "某區科協辦公室　　2024年3月1日", "目　錄",
        *(f"◆{t}" for t in TRADITIONAL.toc),
        *[line for a in TRADITIONAL.articles for line in
          (f"【{a.column}】", a.title, *(f"　　{p}" for p in a.paragraphs), f"（{a.source}供稿）")],
    ]) + "\n"
    issue = parse_text(text)
    assert structure(issue) == structure(TRADITIONAL)
    assert issue.warnings == ()


def test_traditional_issue_as_pdf_keeps_its_printed_characters(traditional_pdfs, backend):  # noqa: F811
    """Typeset by LibreOffice (kxdt's DOCX of the issue), read on both paths: every field of the
    JSON equals the printed text."""
    issue = parse_file(traditional_pdfs["plain"])[0]
    assert structure(issue) == structure(TRADITIONAL)


TRADITIONAL_HAN = ("機制製體系係繫彙匯週周核覈髮發後后麵面裡里鬆松鐘鍾範范準准衝沖穀谷雲云臺台颱隻只於于餘余乾幹干"
                   "協會學術服務工作推進創新議召開舉辦活動交流組織建設區縣人才青年專家企業成果轉化")
_words = st.text(alphabet=TRADITIONAL_HAN, min_size=2, max_size=6)
_clauses = st.builds("".join, st.lists(_words, min_size=2, max_size=4))
_sentences = st.builds(lambda parts, end: "，".join(parts) + end, st.lists(_clauses, min_size=2, max_size=5),
                       st.sampled_from("。。！"))
_paragraphs = st.builds("".join, st.lists(_sentences, min_size=1, max_size=4))
_titles = st.builds("".join, st.lists(_words, min_size=2, max_size=4))


@st.composite
def traditional_issues(draw):
    count = draw(st.integers(2, 4))
    titles = draw(st.lists(_titles, min_size=count, max_size=count, unique=True))
    articles = tuple(
        Article(title=title, paragraphs=tuple(draw(st.lists(_paragraphs, min_size=1, max_size=3))),
                column=draw(st.builds(lambda w: w + "工作", _words)) if k == 0 or draw(st.booleans()) else None,
                source=draw(st.one_of(st.none(), st.builds(lambda w, e: w + e, _words, st.sampled_from(["科協", "學會", "中心"])))))
        for k, title in enumerate(titles))
    columns, current = [], None
    for a in articles:  # a column applies until the next: what print keeps
        current = a.column or current
        columns.append(current)
    articles = tuple(replace(a, column=c) for a, c in zip(articles, columns))
    masthead = Masthead(name=draw(st.sampled_from(["科協每週動態", "科協工作簡報", "學會通訊"])), year=2024,
                        number=draw(st.integers(1, 52)), total=draw(st.integers(60, 900)),
                        issuer=draw(_words) + "辦公室", date="2024-03-01")
    toc = tuple(a.title for a in articles if draw(st.booleans())) or (articles[0].title,)
    return Issue(masthead=masthead, toc=toc, articles=articles)


def _traditional_text(issue: Issue) -> str:
    m = issue.masthead
    lines = [m.name, f"{m.year}年第{m.number}期（總第{m.total}期）", f"{m.issuer}　　2024年3月1日", "本期要目",
             *(f"◆{t}" for t in issue.toc)]
    column = None
    for a in issue.articles:
        if a.column != column:
            lines.append(f"【{a.column}】")
            column = a.column
        lines += [a.title, *(f"　　{p}" for p in a.paragraphs)]
        if a.source:
            lines.append(f"（{a.source}供稿）")
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(traditional_issues())
def test_generated_traditional_issues_read_back_as_printed(issue):
    """Traditional text full of characters whose simplified form stands for several (制 for
    制/製, 系 for 系/係/繫, 汇 for 匯/彙, 周 for 周/週, 核 for 核/覈…) comes out exactly as printed."""
    assert structure(parse_text(_traditional_text(issue))) == structure(issue)


# 2. A printed space between a person and a unit stays a space (the source is the unit).

def test_printed_space_between_person_and_unit(person_pdfs, backend):  # noqa: F811
    for pdf in person_pdfs.values():
        issue = parse_file(pdf)[0]
        last = issue.articles[-1]
        assert last.source == "东湖街道科协", pdf.name
        assert last.paragraphs[-1].endswith("发挥更大作用。"), pdf.name


# 3. Radicals are read in the document's own script.

def test_radicals_take_the_documents_script(person_pdfs, traditional_pdfs, backend, tmp_path):  # noqa: F811
    simplified = tmp_path / "simplified-radicals.pdf"
    simplified.write_bytes(with_radicals(person_pdfs["libreoffice"], {"户": "\u2f3e"}))
    text = json.dumps(parse_file(simplified)[0].to_dict(), ensure_ascii=False)
    assert "落户" in text and "农户" in text and "戶" not in text and "\u2f3e" not in text
    traditional = tmp_path / "traditional-radicals.pdf"
    traditional.write_bytes(with_radicals(traditional_pdfs["household"], {"戶": "\u2f3e"}))
    text = json.dumps(parse_file(traditional)[0].to_dict(), ensure_ascii=False)
    assert "落戶" in text and "農戶" in text and "户" not in text and "\u2f3e" not in text


# 4. One unmapped glyph loses only itself, and says where.

def test_one_unmapped_glyph_loses_only_itself(person_pdfs, backend, tmp_path, monkeypatch):  # noqa: F811
    _no_ocr(monkeypatch)
    path = tmp_path / "no-eight.pdf"
    path.write_bytes(without_unicode_for(person_pdfs["libreoffice"], "8"))
    issue = parse_file(path)[0]
    want = _person_issue()
    assert issue.masthead == want.masthead
    assert issue.toc == want.toc
    got = [p for a in issue.articles for p in a.paragraphs]
    expected = [p.replace("8", "") for a in want.articles for p in a.paragraphs]
    assert got == expected  # every other digit of the digits' font is kept
    assert not GARBAGE_RE.search(json.dumps(issue.to_dict(), ensure_ascii=False))
    eights = [k for k, a in enumerate(want.articles, 1) if any("8" in p for p in a.paragraphs)]
    for k in eights:
        assert any(w.startswith(f"第{k}篇文章") and "有字无法提取" in w for w in issue.warnings), issue.warnings


# 5. A glyph mapped to no character (U+FFFF, U+FFFE, unassigned) never leaks.

def test_glyphs_mapped_to_noncharacters_never_leak(person_pdfs, backend, tmp_path, monkeypatch):  # noqa: F811
    _no_ocr(monkeypatch)
    path = tmp_path / "noncharacters.pdf"
    path.write_bytes(with_wrong_characters(person_pdfs["libreoffice"], {"座": "\uffff", "学": "\u0378"}))
    issue = parse_file(path)[0]
    text = json.dumps(issue.to_dict(), ensure_ascii=False)
    assert "\uffff" not in text and "\u0378" not in text
    assert [t.replace("学", "").replace("座", "") for t in _person_issue().toc] == list(issue.toc)
    assert any("有字无法提取" in w for w in issue.warnings)


# 6. fpdf2 (embedded CMap encoding), reportlab (predefined UniGB-UCS2-H), WeasyPrint.

@pytest.mark.parametrize("producer", ["fpdf2", "reportlab", "weasyprint"])
def test_script_made_pdfs(script_pdfs, backend, producer):  # noqa: F811
    issue = parse_file(script_pdfs[producer])[0]
    assert structure(issue) == structure(sample_issue())
    assert issue.warnings == ()


# 7. CJK LaTeX's fake bold: glyphs drawn again at nearly the same place are one character.

def test_cjk_latex_overprinted_bold(backend):  # noqa: F811
    """tests/data/sample-cjk-latex.pdf is made by scripts/make_latex_pdf.py (pdflatex, CJK)."""
    from kxdt.readers import read

    path = DATA / "sample-cjk-latex.pdf"
    issue = parse_file(path)[0]
    assert structure(issue) == structure(sample_issue())
    if backend == "pypdf":  # pdfium merges the repeats itself and keeps no trace of them
        titles = {a.title for a in sample_issue().articles}
        lines = [ln for ln in read(path).lines if ln.text in titles]
        assert lines and all(ln.bold for ln in lines)


# 8. LibreOffice on a machine whose Chinese fonts are AR PL UMing/UKai.

def test_libreoffice_with_arphic_fonts(arphic_pdfs, backend):  # noqa: F811
    issue = parse_file(arphic_pdfs["sample"])[0]
    assert structure(issue) == structure(sample_issue())


# 9. A garbage text layer never becomes an issue; single wrong characters are not filed.

def test_damaged_maps_are_refused_naming_pages_and_fonts(person_pdfs, backend, tmp_path, cli, monkeypatch):  # noqa: F811
    _no_ocr(monkeypatch)
    path = tmp_path / "damaged.pdf"
    path.write_bytes(with_damaged_maps(person_pdfs["libreoffice"]))
    result = cli("parse", str(path), "--no-archive")
    assert result.exit_code == 5, result.stdout + result.stderr
    assert "乱码" in result.stderr and re.search(r"第\d+(–\d+)?页", result.stderr)
    assert re.search(r"字体 \S+.*的 Unicode 映射有误", result.stderr), result.stderr
    assert result.stdout == ""


def test_damaged_maps_are_read_by_ocr(person_pdfs, backend, tmp_path):  # noqa: F811
    _needs_ocr()
    path = tmp_path / "damaged.pdf"
    path.write_bytes(with_damaged_maps(person_pdfs["libreoffice"]))
    issue, document = parse_file(path)
    want = _person_issue()
    assert [a.title for a in issue.articles] == [a.title for a in want.articles]
    assert issue.masthead == want.masthead
    assert any("OCR" in n for n in document.notes)


WRONG = {"办": "Þ", "务": "á", "—": "ᐔ"}


def test_single_wrong_characters_are_not_filed(person_pdfs, backend, tmp_path, monkeypatch):  # noqa: F811
    _no_ocr(monkeypatch)
    path = tmp_path / "wrong.pdf"
    path.write_bytes(with_wrong_characters(person_pdfs["libreoffice"], WRONG))
    issue = parse_file(path)[0]
    text = json.dumps(issue.to_dict(), ensure_ascii=False)
    assert not any(ch in text for ch in WRONG.values())
    assert any("有字无法提取" in w for w in issue.warnings)
    assert [a.source for a in issue.articles] == [a.source for a in _person_issue().articles]


def test_single_wrong_characters_are_read_by_ocr(person_pdfs, backend, tmp_path):  # noqa: F811
    _needs_ocr()
    path = tmp_path / "wrong.pdf"
    path.write_bytes(with_wrong_characters(person_pdfs["libreoffice"], WRONG))
    issue, document = parse_file(path)
    assert structure(issue) == structure(_person_issue())
    assert any("OCR" in n for n in document.notes)


# 10. pandoc's empty comments part is no comment.

def test_pandoc_docx_without_comments_says_nothing_of_them(tmp_path):
    from bulletins import one_paragraph_a_line

    markdown = "\n\n".join(line for line in one_paragraph_a_line(sample_issue()).splitlines() if line.strip())
    issue, document = parse_file(pandoc_docx(markdown, tmp_path))
    assert not any("批注" in n for n in document.notes)
    assert [a.title for a in issue.articles] == [a.title for a in sample_issue().articles]


def test_pandoc_docx_with_a_comment_says_so(tmp_path):
    markdown = ("科协工作简报\n\n2024年第3期（总第90期）\n\n【综合】\n\n市科协召开全委会\n\n"
                "会议听取了[工作报告]{.comment-start id=\"0\" author=\"王某\"}[]{.comment-end id=\"0\"}。\n")
    _, document = parse_file(pandoc_docx(markdown, tmp_path, "commented"))
    assert any("批注" in n for n in document.notes)


# The documents.

def _person_issue() -> Issue:
    """The sample issue with a source printed with its writer (`（周明 东湖街道科协供稿）`) and
    words with 户 (a character fonts map to the radical ⼾)."""
    issue = sample_issue()
    last = issue.articles[-1]
    last = replace(last, paragraphs=(*last.paragraphs[:-1], "会议要求各学会为农户办理落户手续，发挥更大作用。"),
                   source="东湖街道科协")
    return replace(issue, articles=(*issue.articles[:-1], last))


def _printed(issue: Issue, source_line: str) -> Issue:
    """The issue as kxdt's DOCX writer should print it: the last source as given."""
    last = issue.articles[-1]
    last = replace(last, paragraphs=(*last.paragraphs[:-1], last.paragraphs[-1] + source_line), source=None)
    return replace(issue, articles=(*issue.articles[:-1], last))


@pytest.fixture(scope="module")
def person_pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("person")
    printed = _printed(_person_issue(), "（周明 东湖街道科协供稿）")
    docx = folder / "person.docx"
    docx.write_bytes(issue_to_docx(printed))
    return {"libreoffice": docx_to_pdf([docx], folder)[0], "chromium": chromium_pdf(printed, folder),
            "weasyprint": weasyprint_pdf(printed, folder)}


@pytest.fixture(scope="module")
def traditional_pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("traditional")
    plain = folder / "plain.docx"
    plain.write_bytes(issue_to_docx(TRADITIONAL))
    first = TRADITIONAL.articles[0]
    household = replace(TRADITIONAL, articles=(
        replace(first, paragraphs=(*first.paragraphs, "會議還研究了農戶落戶服務。")), *TRADITIONAL.articles[1:]))
    docx = folder / "household.docx"
    docx.write_bytes(issue_to_docx(household))
    pdfs = docx_to_pdf([plain, docx], folder)
    return {"plain": pdfs[0], "household": pdfs[1]}


@pytest.fixture(scope="module")
def script_pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scripts")
    return {"fpdf2": fpdf2_pdf(sample_issue(), folder), "reportlab": reportlab_cid_pdf(sample_issue(), folder),
            "weasyprint": weasyprint_pdf(sample_issue(), folder)}


@pytest.fixture(scope="module")
def arphic_pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("arphic")
    docx = folder / "sample.docx"
    docx.write_bytes(issue_to_docx(sample_issue()))
    return {"sample": libreoffice_arphic_pdf([docx], folder)[0]}
