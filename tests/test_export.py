"""Export: DOCX in the office layout (read back from its XML), round trips through DOCX, PDF
(LibreOffice), Markdown and text, with hypothesis generating issues; refusing to overwrite."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from bulletins import sample_issue
from conftest import EXAMPLES, docx_to_pdf, shared_fixture, structure
from hypothesis import HealthCheck, given, settings
from strategies import canonical, issues

from kxdt.api import parse, parse_file
from kxdt.readers import read_bytes
from kxdt.render.docx import issue_to_docx
from kxdt.render.layout import Layout
from kxdt.render.markdown import issue_to_markdown
from kxdt.render.text import issue_to_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(data: bytes, part: str):
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(part)), zf.namelist()


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return issue_to_docx(sample_issue())


def test_docx_page_is_a4_with_gbt9704_margins(docx_bytes):
    root, _ = _xml(docx_bytes, "word/document.xml")
    sect = root.find(f"{W}body/{W}sectPr")
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (11906, 16838)
    mm = {side: round(int(margins.get(f"{W}{side}")) / 1440 * 25.4) for side in ("top", "bottom", "left", "right")}
    assert mm == {"top": 37, "bottom": 35, "left": 28, "right": 26}


def test_every_run_with_han_text_names_an_east_asian_font(docx_bytes):
    root, _ = _xml(docx_bytes, "word/document.xml")
    runs = [r for r in root.iter(f"{W}r") if any("\u4e00" <= ch <= "\u9fff" for t in r.iter(f"{W}t") for ch in (t.text or ""))]
    assert runs
    for run in runs:
        fonts = run.find(f"{W}rPr/{W}rFonts")
        assert fonts is not None and fonts.get(f"{W}eastAsia"), "".join(t.text for t in run.iter(f"{W}t"))
    used = {r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") for r in runs}
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"} <= used


def test_footers_have_page_fields_odd_right_even_left(docx_bytes):
    root, _ = _xml(docx_bytes, "word/document.xml")
    settings_xml, _ = _xml(docx_bytes, "word/settings.xml")
    assert settings_xml.find(f"{W}evenAndOddHeaders") is not None
    refs = {ref.get(f"{W}type"): ref for ref in root.iter(f"{W}footerReference")}
    assert set(refs) >= {"default", "even"}
    rels, _ = _xml(docx_bytes, "word/_rels/document.xml.rels")
    target = {r.get("Id"): r.get("Target") for r in rels}
    R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    for kind, align in (("default", "right"), ("even", "left")):
        footer, _ = _xml(docx_bytes, "word/" + target[refs[kind].get(R)])
        instr = "".join(t.text for t in footer.iter(f"{W}instrText"))
        assert instr.strip() == "PAGE"
        assert [c.get(f"{W}fldCharType") for c in footer.iter(f"{W}fldChar")] == ["begin", "separate", "end"]
        assert footer.find(f".//{W}jc").get(f"{W}val") == align
        assert "—" in "".join(t.text or "" for t in footer.iter(f"{W}t"))


def test_body_paragraphs_have_two_character_first_line_indent_and_exact_spacing(docx_bytes):
    root, _ = _xml(docx_bytes, "word/document.xml")
    body_texts = {p for a in sample_issue().articles for p in a.paragraphs}
    found = 0
    for p in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        if any(text.startswith(b) for b in body_texts):
            ind, spacing = p.find(f"{W}pPr/{W}ind"), p.find(f"{W}pPr/{W}spacing")
            assert ind.get(f"{W}firstLineChars") == "200" and ind.get(f"{W}firstLine") == "640"
            assert spacing.get(f"{W}lineRule") == "exact" and spacing.get(f"{W}line") == "580"
            found += 1
    assert found == sum(len(a.paragraphs) for a in sample_issue().articles)


def test_masthead_is_red_above_a_red_rule(docx_bytes):
    root, _ = _xml(docx_bytes, "word/document.xml")
    paragraphs = list(root.iter(f"{W}p"))
    name_run = paragraphs[0].find(f"{W}r")
    assert name_run.find(f"{W}rPr/{W}color").get(f"{W}val") == "FF0000"
    rules = [p for p in paragraphs[:5] if p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None]
    assert len(rules) == 1 and rules[0].find(f"{W}pPr/{W}pBdr/{W}bottom").get(f"{W}color") == "FF0000"


def test_layout_values_come_from_one_place():
    data = issue_to_docx(sample_issue(), Layout(margin_left_mm=30, body_size=15))
    root, _ = _xml(data, "word/document.xml")
    left = int(root.find(f"{W}body/{W}sectPr/{W}pgMar").get(f"{W}left"))
    assert round(left / 1440 * 25.4) == 30


# -- round trips -------------------------------------------------------------------------------

def _issues():
    return {"sample": sample_issue(), "example": parse_file(EXAMPLES / "kxdt-2024-09.txt")[0],
            "seed": parse_file(shared_fixture("kxdt-2023-21.seed.txt"))[0]}


@pytest.mark.parametrize("name", ["sample", "example", "seed"])
def test_docx_markdown_text_round_trips(name):
    issue = _issues()[name]
    for filename, data in (("x.docx", issue_to_docx(issue)), ("x.md", issue_to_markdown(issue).encode()),
                           ("x.txt", issue_to_text(issue).encode())):
        back = parse(read_bytes(data, filename))
        assert structure(back) == structure(issue), filename
        assert back.warnings == issue.warnings, filename


def test_exported_docx_through_libreoffice_pdf(tmp_path):
    issues = _issues()
    files = []
    for name, issue in issues.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(issue_to_docx(issue))
        files.append(path)
    for (name, issue), pdf in zip(issues.items(), docx_to_pdf(files, tmp_path)):
        back = parse_file(pdf)[0]
        assert structure(back) == structure(issue), name
        pages = [a.page for a in back.articles]
        assert all(p is not None for p in pages) and pages == sorted(pages)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(issues())
def test_generated_issues_round_trip_through_docx_and_markdown(issue):
    for filename, data in (("x.docx", issue_to_docx(issue)), ("x.md", issue_to_markdown(issue).encode())):
        back = parse(read_bytes(data, filename))
        assert canonical(back) == canonical(issue), filename


# -- the command -------------------------------------------------------------------------------

def test_export_refuses_to_overwrite_without_force(cli, tmp_path):
    src = EXAMPLES / "kxdt-2024-09.txt"
    out = tmp_path / "out.docx"
    first = cli("export", src, "--to", "docx", "-o", out)
    assert first.exit_code == 0, first.stderr
    before = out.read_bytes()
    again = cli("export", src, "--to", "docx", "-o", out)
    assert again.exit_code == 1 and "已存在" in again.stderr and "--force" in again.stderr
    assert out.read_bytes() == before
    assert cli("export", src, "--to", "docx", "-o", out, "--force").exit_code == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_archived_issue_by_number(cli, seed_path, tmp_path):
    assert cli("parse", seed_path).exit_code == 0
    result = cli("export", "74", "--to", "json", "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["masthead"]["total"] == 74
    md = tmp_path / "74.md"
    assert cli("export", "74", "--to", "md", "-o", md).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("---\nname: 科协每周动态\n")
    missing = cli("export", "999", "--to", "md")
    assert missing.exit_code == 3 and "总第999期" in missing.stderr


def test_docx_cannot_go_to_stdout(cli):
    result = cli("export", EXAMPLES / "kxdt-2024-09.txt", "--to", "docx", "-o", "-")
    assert result.exit_code == 2 and result.stdout == ""


@pytest.mark.parametrize("suffix", [".md", ".docx", ".pdf"])
def test_bundled_example_formats_agree(suffix):
    """examples/ holds one issue as text, Markdown, DOCX and PDF (made by kxdt itself)."""
    want = structure(parse_file(EXAMPLES / "kxdt-2024-09.txt")[0])
    assert structure(parse_file(EXAMPLES / f"kxdt-2024-09{suffix}")[0]) == want


def test_export_with_the_offices_own_layout_file(cli, tmp_path):
    src = EXAMPLES / "kxdt-2024-09.txt"
    as_json = tmp_path / "office.json"
    as_json.write_text('{"margin_left_mm": 30, "body_font": "仿宋", "body_size": 15}', encoding="utf-8")
    as_toml = tmp_path / "office.toml"
    as_toml.write_text('margin_left_mm = 31.5\ntitle_font = "黑体"\n', encoding="utf-8")
    for layout, left, fonts in ((as_json, 30, {"仿宋"}), (as_toml, 31.5, {"黑体"})):
        out = tmp_path / f"{layout.name}.docx"
        result = cli("export", src, "--to", "docx", "-o", out, "--layout", layout)
        assert result.exit_code == 0, result.stderr
        root, _ = _xml(out.read_bytes(), "word/document.xml")
        twips = int(root.find(f"{W}body/{W}sectPr/{W}pgMar").get(f"{W}left"))
        assert abs(twips / 1440 * 25.4 - left) < 0.1
        used = {f.get(f"{W}eastAsia") for f in root.iter(f"{W}rFonts")}
        assert fonts <= used
        assert structure(parse_file(out)[0]) == structure(parse_file(src)[0])


@pytest.mark.parametrize(("content", "word"), [('{"margins": 3}', "不认识"), ('{"body_size": "大"}', "数字"),
                                               ("not json", "格式不对")])
def test_bad_layout_file_is_a_message(cli, tmp_path, content, word):
    layout = tmp_path / "bad.json"
    layout.write_text(content, encoding="utf-8")
    result = cli("export", EXAMPLES / "kxdt-2024-09.txt", "--to", "docx", "-o", tmp_path / "x.docx", "--layout", layout)
    assert result.exit_code == 3 and word in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.docx").exists()
