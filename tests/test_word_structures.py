"""DOCX files as Word writes them after review: tracked changes, content controls, smart tags,
custom XML, fields, hyperlinks, symbols, footnotes and comments around our own bulletin's text.
Each must parse to the same structure as the plain document; deleted text and field codes never
appear."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from bulletins import sample_issue
from conftest import structure
from test_readers import _add_body, _typed_masthead

from kxdt.api import parse_file

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
DELETED = "这段文字已被审阅者删除"
MOVED_AWAY = "这段文字已被移走"
FIELD_CODE = "MERGEFIELD 单位名称"


def _el(tag: str, **attrs: str):
    from docx.oxml import OxmlElement

    return OxmlElement(f"w:{tag}", attrs={f"{W}{k}": v for k, v in attrs.items()})


def _run(text: str, tag: str = "t"):
    r = _el("r")
    t = _el(tag)
    t.text = text
    r.append(t)
    return r


def _plain_document():
    document = _typed_masthead()
    _add_body(document, sample_issue())
    return document


def _paragraph(document, text: str):
    return next(p for p in document.paragraphs if p.text == text)


def _wrap_runs(paragraph, *tags: str):
    """Move the paragraph's runs into nested wrappers (outermost first)."""
    p = paragraph._p
    runs = list(p.iterchildren(f"{W}r"))
    outer = inner = _el(tags[0])
    for tag in tags[1:]:
        child = _el(tag)
        inner.append(child)
        inner = child
    runs[0].addprevious(outer)
    for r in runs:
        inner.append(r)
    return outer


def _save(document, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    document.save(path)
    return path


def _structures_equal(path: Path):
    parsed = parse_file(path)[0]
    assert structure(parsed) == structure(sample_issue())
    return parsed


WRAPPERS = {
    "tracked-insertion": ("ins",),
    "moved-to": ("moveTo",),
    "content-control": ("sdt", "sdtContent"),
    "smart-tag": ("smartTag",),
    "custom-xml": ("customXml",),
    "simple-field": ("fldSimple",),
    "hyperlink": ("hyperlink",),
    "nested": ("customXml", "smartTag", "ins"),
}


@pytest.mark.parametrize("name", WRAPPERS)
def test_text_inside_word_structures_is_read(tmp_path, name):
    """A title, a paragraph and a source paragraph wrapped in the structure read as plain."""
    issue = sample_issue()
    document = _plain_document()
    a = issue.articles[1]
    targets = [a.title, a.paragraphs[0], a.paragraphs[-1] + f"（{a.source}）", issue.masthead.name]
    for text in targets:
        outer = _wrap_runs(_paragraph(document, text), *WRAPPERS[name])
        if name == "simple-field":
            outer.set(f"{W}instr", FIELD_CODE)
    parsed = _structures_equal(_save(document, tmp_path, f"{name}.docx"))
    revised = name in ("tracked-insertion", "moved-to", "nested")
    assert ("文档含未接受的修订，已按接受后的文字解析" in parsed.warnings) == revised
    assert FIELD_CODE not in json.dumps(parsed.to_dict(), ensure_ascii=False)


def test_deleted_and_moved_away_text_never_appears(tmp_path):
    issue = sample_issue()
    document = _plain_document()
    for text in (issue.articles[0].paragraphs[0], issue.articles[2].title):
        p = _paragraph(document, text)._p
        deletion = _el("del", id="1", author="审阅者", date="2024-01-01T00:00:00Z")
        deletion.append(_run(DELETED, "delText"))
        p.append(deletion)
        moved = _el("moveFrom", id="2", author="审阅者")
        moved.append(_run(MOVED_AWAY))
        p.insert(1, moved)
    parsed = _structures_equal(_save(document, tmp_path, "deleted.docx"))
    dumped = json.dumps(parsed.to_dict(), ensure_ascii=False)
    assert DELETED not in dumped and MOVED_AWAY not in dumped
    assert "文档含未接受的修订，已按接受后的文字解析" in parsed.warnings


def test_complex_field_shows_its_result_not_its_code(tmp_path):
    """`fldChar begin · instrText · separate · result · end`: only the result is text; the
    masthead's date is a DATE field whose code holds digits that must not leak."""
    document = _plain_document()
    date_line = next(p for p in document.paragraphs if "2022年11月25日" in p.text)
    p = date_line._p
    for r in list(p.iterchildren(f"{W}r")):
        p.remove(r)
    p.append(_run("某某市科协办公室\t"))
    begin, separate, end = (_el("r") for _ in range(3))
    begin.append(_el("fldChar", fldCharType="begin"))
    separate.append(_el("fldChar", fldCharType="separate"))
    end.append(_el("fldChar", fldCharType="end"))
    p.extend([begin, _run(' DATE \\@ "yyyy年M月d日" 1999', "instrText"), separate, _run("2022年11月25日"), end])
    parsed = _structures_equal(_save(document, tmp_path, "field.docx"))
    # The file's hash is left out: it changes with the file's own dates and may hold any digits.
    text = {k: v for k, v in parsed.to_dict().items() if k not in ("file", "sha256")}
    assert "1999" not in json.dumps(text, ensure_ascii=False)


def test_line_break_tab_symbol_and_hyphens(tmp_path):
    """A title broken with w:br reads as one title; w:sym and no-break hyphens give their
    characters; soft hyphens vanish."""
    issue = sample_issue()
    document = _plain_document()
    title = issue.articles[1].title
    cut = title.index("——")
    p = _paragraph(document, title)._p
    for r in list(p.iterchildren(f"{W}r")):
        p.remove(r)
    second = _run(title[cut:])
    second.insert(0, _el("br"))
    p.extend([_run(title[:cut]), second])
    body = _paragraph(document, issue.articles[3].paragraphs[0])._p
    extra = _el("r")
    extra.extend([_el("softHyphen"), _el("sym", font="Symbol", char="F0B7")])
    body.find(f"{W}r").addprevious(extra)
    parsed = parse_file(_save(document, tmp_path, "breaks.docx"))[0]
    assert parsed.articles[1].title == title
    assert structure(parsed)["articles"][:3] == structure(issue)["articles"][:3]
    assert parsed.articles[3].paragraphs[0] == "\u00b7" + issue.articles[3].paragraphs[0]


def _add_part(document, partname: str, content_type: str, reltype: str, xml: str):
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI(partname), content_type, xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, reltype)


_FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>注：数据截至2022年11月20日。</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""
_COMMENTS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="{W_NS}">
<w:comment w:id="0" w:author="审阅者"><w:p><w:r><w:t>这里的数字请再核实</w:t></w:r></w:p></w:comment>
</w:comments>"""


def test_footnotes_go_with_their_article_and_comments_are_left_out(tmp_path):
    issue = sample_issue()
    document = _plain_document()
    p = _paragraph(document, issue.articles[1].paragraphs[0])._p
    ref = _el("r")
    ref.append(_el("footnoteReference", id="1"))
    p.append(ref)
    q = _paragraph(document, issue.articles[3].paragraphs[0])._p
    q.insert(0, _el("commentRangeStart", id="0"))
    q.append(_el("commentRangeEnd", id="0"))
    comment_ref = _el("r")
    comment_ref.append(_el("commentReference", id="0"))
    q.append(comment_ref)
    _add_part(document, "/word/footnotes.xml",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
              "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes", _FOOTNOTES)
    _add_part(document, "/word/comments.xml",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
              "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments", _COMMENTS)
    path = _save(document, tmp_path, "notes.docx")
    parsed = _structures_equal(path)
    assert parsed.articles[1].notes == ("注：数据截至2022年11月20日。",)
    assert [a.notes for k, a in enumerate(parsed.articles) if k != 1] == [(), (), ()]
    assert "这里的数字请再核实" not in json.dumps(parsed.to_dict(), ensure_ascii=False)
    from kxdt.readers import read

    assert any("批注" in note for note in read(path).notes)


def test_text_box_fallback_copy_is_still_skipped_inside_revisions(tmp_path):
    """Copying a paragraph into a tracked insertion does not make VML fallback text readable."""
    document = _plain_document()
    issue = sample_issue()
    p = _paragraph(document, issue.articles[0].paragraphs[0])._p
    clone = copy.deepcopy(p)
    deletion = _el("del", id="9", author="x")
    for r in list(clone.iterchildren(f"{W}r")):
        deletion.append(r)
    p.append(deletion)
    _structures_equal(_save(document, tmp_path, "twice.docx"))


def test_every_cell_of_a_long_table_is_read_once_and_merged_cells_once(tmp_path):
    """A merged cell comes back once per grid column it spans and is read once; every other cell
    is read — python-docx's cell proxies are freed as they go, and an id() of a freed one is
    soon another cell's (the 目录提要 in a table lost rows at random)."""
    import docx

    from kxdt.readers.docx import _blocks

    document = docx.Document()
    table = document.add_table(rows=40, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"第{r}行第{c}列"
    table.cell(0, 0).merge(table.cell(0, 2))  # one cell across the first row
    table.cell(0, 0).text = "合并的单元格"
    path = tmp_path / "table.docx"
    document.save(path)
    for _ in range(3):
        reread = docx.Document(path)
        texts = [p.text for p in _blocks(reread.element.body, reread) if p.text]
        assert texts.count("合并的单元格") == 1
        assert texts[1:] == [f"第{r}行第{c}列" for r in range(1, 40) for c in range(3)]
