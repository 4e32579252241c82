"""Scanned issues through OCR (`kxdt[ocr]`): image-only PDFs and page images parse into the same
model, through the same parser; without the extra a scan exits 5 naming it."""

from __future__ import annotations

import difflib
import json
import os

import pytest
from conftest import EXAMPLES, shared_fixture, squeeze_all, structure
from scans import image_only_pdf, page_images

from kxdt.api import parse_file
from kxdt.readers import ocr

needs_ocr = pytest.mark.skipif(not ocr.available() and not os.environ.get("CI"),
                               reason="the OCR extra is not installed; CI installs it")
EXAMPLE_PDF = EXAMPLES / "kxdt-2024-09.pdf"


def _body(issue) -> str:
    articles = issue["articles"] if isinstance(issue, dict) else [a.to_dict() for a in issue.articles]
    return "".join(p for a in articles for p in a["paragraphs"]).replace(" ", "")


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@needs_ocr
def test_scanned_example_parses_like_its_text(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_only_pdf(page_images(EXAMPLE_PDF, 150), 150))
    issue, document = parse_file(scan)
    want = structure(parse_file(EXAMPLE_PDF)[0])
    got = structure(issue)
    assert got["masthead"] == want["masthead"] and got["toc"] == want["toc"]
    assert [(a["column"], a["title"], a["source"]) for a in got["articles"]] == \
        [(a["column"], a["title"], a["source"]) for a in want["articles"]]
    assert _similar(_body(got), _body(want)) >= 0.98
    assert issue.ocr is not None and 0.8 < issue.ocr <= 1.0
    assert json.loads(json.dumps(issue.to_dict()))["ocr"] == issue.ocr
    assert any("OCR" in note for note in document.notes)


@needs_ocr
def test_scanned_real_issue(tmp_path):
    """The real issue's PDF as a 150-dpi image-only scan: every masthead field, the highlights,
    columns, titles and sources, ≥ 98% of the body's characters (a title's `——` drawn as one
    long stroke, which the engine boxes as an ordinary `一`, is told by the length of its ink)."""
    expected = json.loads(shared_fixture("kxdt-2023-21.expected.json").read_text(encoding="utf-8"))
    scan = tmp_path / "seed-scan.pdf"
    scan.write_bytes(image_only_pdf(page_images(shared_fixture("kxdt-2023-21.gongwen.pdf"), 150), 150))
    got = parse_file(scan)[0].to_dict()
    assert got["masthead"] == expected["masthead"]
    assert squeeze_all(got["toc"]) == squeeze_all(expected["toc"])
    assert [(a["column"], a["source"]) for a in got["articles"]] == \
        [(a["column"], a["source"]) for a in expected["articles"]]
    assert [squeeze_all(a["title"]) for a in got["articles"]] == [squeeze_all(b["title"]) for b in expected["articles"]]
    assert _similar(_body(got), _body(expected)) >= 0.98


@needs_ocr
def test_the_seed_docx_typeset_by_libreoffice_and_scanned(tmp_path):
    """Acceptance as the issue states it: the seed's DOCX made into PDF by LibreOffice, its pages
    at 150 dpi as an image-only PDF. The list bullets the engine leaves out after the first
    item are found as ink, a two-character title line and a wrapped source's `心）` are sized
    like their neighbours."""
    from conftest import docx_to_pdf

    expected = json.loads(shared_fixture("kxdt-2023-21.expected.json").read_text(encoding="utf-8"))
    (pdf,) = docx_to_pdf([shared_fixture("kxdt-2023-21.gongwen.docx")], tmp_path)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_only_pdf(page_images(pdf, 150), 150))
    got = parse_file(scan)[0].to_dict()
    assert got["masthead"] == expected["masthead"]
    assert squeeze_all(got["toc"]) == squeeze_all(expected["toc"])
    assert [(a["column"], squeeze_all(a["title"]), a["source"]) for a in got["articles"]] == \
        [(a["column"], squeeze_all(a["title"]), a["source"]) for a in expected["articles"]]
    assert _similar(_body(got), _body(expected)) >= 0.98


@needs_ocr
def test_png_of_one_page_and_a_turned_noisy_scan(tmp_path):
    want = structure(parse_file(EXAMPLE_PDF)[0])
    on_page_2 = [(a["column"], a["title"]) for a in want["articles"][:2]]
    clean, = page_images(EXAMPLE_PDF, 150)[1:2]
    png = tmp_path / "page-2.png"
    clean.save(png)
    got = structure(parse_file(png)[0])
    assert [(a["column"], a["title"]) for a in got["articles"]][:2] == on_page_2
    turned = page_images(EXAMPLE_PDF, 300, turn=0.8, noise=0.002)[1]
    tif = tmp_path / "page-2.tif"
    turned.save(tif, dpi=(300, 300))
    got = structure(parse_file(tif)[0])
    assert [(a["column"], a["title"]) for a in got["articles"]][:2] == on_page_2


def test_without_the_extra_a_scan_names_it(cli, tmp_path, monkeypatch):
    from pdfs import scanned_pdf

    monkeypatch.setattr(ocr, "available", lambda: False)
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    result = cli("parse", str(path), "--no-archive")
    assert result.exit_code == 5 and "kxdt[ocr]" in result.stderr
    png = tmp_path / "page.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = cli("parse", str(png), "--no-archive")
    assert result.exit_code == 5 and "kxdt[ocr]" in result.stderr


@needs_ocr
def test_page_images_of_one_issue_parse_as_one_issue_with_progress(cli, tmp_path):
    """A folder of page photos (named so that plain sorting would put page 10 before page 2)
    is one issue, its pages in natural order; OCR says each page on stderr."""
    want = structure(parse_file(EXAMPLE_PDF)[0])
    folder = tmp_path / "扫描件"
    folder.mkdir()
    images = page_images(EXAMPLE_PDF, 150)
    names = [f"第{k}页.png" for k in (*range(1, len(images)), 10)]
    for name, image in zip(names, images):
        image.save(folder / name)
    result = cli("parse", "--pages", folder, "--json")
    assert result.exit_code == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["masthead"] == want["masthead"]
    assert [(a["column"], a["title"], a["source"]) for a in got["articles"]] == \
        [(a["column"], a["title"], a["source"]) for a in want["articles"]]
    assert got["file"] == str(folder) and got["ocr"] is not None
    for k in range(1, len(images) + 1):
        assert f"第{k}/{len(images)}页" in result.stderr
    # Filed once, as one issue.
    listed = cli("list", "--json")
    assert [i["total"] for i in json.loads(listed.stdout)["issues"]] == [want["masthead"]["total"]]


def test_pages_take_images_only_in_natural_order(cli, tmp_path):
    from kxdt.api import page_files

    for name in ("p10.png", "p2.png", "p1.png", "notes.txt"):
        (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    assert [p.name for p in page_files([tmp_path])] == ["p1.png", "p2.png", "p10.png"]
    text = tmp_path / "issue.txt"
    text.write_text("科协每周动态\n", encoding="utf-8")
    result = cli("parse", "--pages", text, "--no-archive")
    assert result.exit_code == 3 and "只接受页面图片" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("parse", "--pages", empty, "--no-archive")
    assert result.exit_code == 3 and "没有找到页面图片" in result.stderr


def test_a_line_the_detector_passed_over_above_a_wide_foot_margin_is_read_again(monkeypatch):
    """The engine boxes every line but a page's last, which stands above a wide foot margin and
    the page number: the gap (six lines high) was too wide to search, and the line was lost
    without a word. Now the band right below the text above is searched."""
    np = pytest.importorskip("numpy")
    line, pitch, left, right = 30, 48, 40, 940
    image = np.full((1400, 1000, 3), 255, dtype=np.uint8)
    tops = [100 + k * pitch for k in range(6)]  # six body lines, the sixth passed over
    for top in tops:
        image[top + 4:top + line - 4, left:right] = 0  # ink shaped like a line of text
    number_top = tops[-1] + pitch + 6 * line  # the page number far below
    image[number_top + 4:number_top + line - 4, 480:520] = 0

    def box(top, x0=left, x1=right):
        return [[x0, top], [x1, top], [x1, top + line], [x0, top + line]]

    page_boxes = [(box(top), f"第{k}行", 0.99) for k, top in enumerate(tops[:-1])] + [(box(number_top, 480, 520), "5", 0.99)]
    crops: list[tuple[int, int]] = []

    def engine(image_or_crop):
        if image_or_crop.shape[0] == image.shape[0]:
            return list(page_boxes)
        crops.append(image_or_crop.shape)
        has_ink = (image_or_crop < 128).any()
        return [([[0, 4], [right - left, 4], [right - left, 4 + line], [0, 4 + line]], "最后一行", 0.99)] if has_ink else []

    monkeypatch.setattr(ocr, "_read", engine)
    monkeypatch.setattr(ocr, "_bullet_before", lambda image, box: False)
    texts = [text for _, text, _ in ocr._detect(image)]
    assert "最后一行" in texts and len(crops) == 1  # the band with ink only, not the white one
