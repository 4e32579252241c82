"""Old word-processor formats (.doc, .rtf, .odt, .wps) through LibreOffice: LibreOffice writes
them from a Word document of our own bulletin, and kxdt converts them back and parses them to
the same structure. Strict Open XML too."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from bulletins import body_parts, sample_issue
from conftest import docx_to_pdf, require_tool, soffice, structure
from test_readers import _add_body, _typed_masthead

from kxdt.api import parse_file
from kxdt.errors import InputError
from kxdt.readers import read


def _convert(exe: str, source, fmt: str, outdir) -> None:
    subprocess.run([exe, f"-env:UserInstallation=file://{outdir}/lo-profile", "--headless", "--convert-to", fmt,
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def office_files(tmp_path_factory):
    """The sample issue typed into Word, saved by LibreOffice as .doc, .rtf, .odt and Strict DOCX."""
    exe = require_tool("LibreOffice (soffice)", soffice())
    folder = tmp_path_factory.mktemp("office")
    document = _typed_masthead()
    _add_body(document, sample_issue())
    source = folder / "issue.docx"
    document.save(source)
    out = folder / "converted"
    for fmt in ("doc:MS Word 97", "rtf", "odt"):
        _convert(exe, source, fmt, out)
    return source, out


@pytest.mark.parametrize("suffix", [".doc", ".rtf", ".odt"])
def test_old_formats_parse_like_the_docx(office_files, suffix):
    _, out = office_files
    path = out / f"issue{suffix}"
    assert path.exists()
    issue, document = parse_file(path)
    assert structure(issue) == structure(sample_issue())
    assert issue.file == str(path)  # the original file and its hash, not the temporary DOCX
    import hashlib

    assert issue.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert any("LibreOffice" in note for note in document.notes)


def test_wps_named_file_is_converted(office_files, tmp_path):
    """WPS files are OLE2 documents like .doc; LibreOffice reads them (here a .doc named .wps)."""
    _, out = office_files
    path = tmp_path / "issue.wps"
    shutil.copy(out / "issue.doc", path)
    assert structure(parse_file(path)[0]) == structure(sample_issue())


def test_html_saved_as_doc_is_converted(office_files, tmp_path):
    """Web sites serve HTML pages named .doc; they go through LibreOffice too."""
    issue = sample_issue()
    paragraphs = ["科协工作简报", "2022年第37期（总第412期）", "某某市科协办公室 2022年11月25日", "目录提要",
                  *("●" + t for t in issue.toc),
                  *(f"【{text}】" if kind == "column" else text for kind, text in body_parts(issue))]
    html = "<html><head><meta charset='utf-8'></head><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
    path = tmp_path / "issue.doc"
    path.write_text(html, encoding="utf-8")
    assert structure(parse_file(path)[0]) == structure(issue)


_STRICT = {
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main": b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    b"http://schemas.openxmlformats.org/drawingml/2006/main": b"http://purl.oclc.org/ooxml/drawingml/main",
}


def test_strict_open_xml_is_converted(office_files, tmp_path, monkeypatch):
    """Word's "Strict Open XML Document" uses the ISO namespaces (made here by rewriting them)."""
    import zipfile

    source, _ = office_files
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            for old, new in _STRICT.items():
                data = data.replace(old, new)
            zout.writestr(info, data)
    assert structure(parse_file(strict)[0]) == structure(sample_issue())
    monkeypatch.setenv("KXDT_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(InputError, match="Strict Open XML"):
        parse_file(strict)


def test_folder_mixing_doc_docx_and_pdf_parses_in_one_batch(office_files, cli, tmp_path):
    source, out = office_files
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(out / "issue.doc", folder / "a.doc")
    shutil.copy(source, folder / "b.docx")
    shutil.copy(docx_to_pdf([source], tmp_path)[0], folder / "c.pdf")
    result = cli("parse", str(folder), "--json", "--no-archive")
    assert result.exit_code == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert [p["file"].rsplit("/", 1)[-1] for p in parsed] == ["a.doc", "b.docx", "c.pdf"]
    assert all(structure(p) == structure(sample_issue()) for p in parsed)
    assert "解析中" in result.stderr and "3/3" in result.stderr  # the progress bar


def test_broken_doc_is_one_line_exit_3(office_files, cli, tmp_path):
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    result = cli("parse", str(path), "--no-archive")
    assert result.exit_code == 3
    assert "LibreOffice" in result.stderr and "Traceback" not in result.stderr


def test_reader_reads_doc_by_content(office_files, tmp_path):
    """A .doc that is really a DOCX (renamed) is read as DOCX without LibreOffice."""
    source, _ = office_files
    path = tmp_path / "renamed.doc"
    shutil.copy(source, path)
    assert read(path).meta.get("converted_from") is None
