"""The DOCX reader looks each style up once per document, not once per run: python-docx finds a
style by scanning every style of the document, which made reading a DOCX twice as slow as
reading the same issue as text."""

from __future__ import annotations

import io

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.parts.document import DocumentPart
from docx.shared import Pt

from kxdt.readers.docx import read_docx

PARAGRAPHS = 300
RUNS_PER_PARAGRAPH = 6


def many_runs_docx() -> bytes:
    """A Word document made by python-docx itself: a title in a bold 22 pt character style and
    paragraphs of many runs, some in the same character style, some formatted directly."""
    document = docx.Document()
    emphasis = document.styles.add_style("强调文字", WD_STYLE_TYPE.CHARACTER)
    emphasis.font.bold = True
    emphasis.font.size = Pt(22)
    title = document.add_paragraph()
    title.add_run("市科协召开学会工作推进会", style="强调文字")
    for k in range(PARAGRAPHS):
        paragraph = document.add_paragraph(style="Normal")
        for j in range(RUNS_PER_PARAGRAPH):
            run = paragraph.add_run(f"第{k}段第{j}处文字，")
            if j % 3 == 0:
                run.style = "强调文字"
                run.bold = False
                run.font.size = Pt(16)
            elif j % 3 == 1:
                run.font.size = Pt(16)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_styles_are_looked_up_once_per_document_not_per_run(monkeypatch):
    calls = []
    original = DocumentPart.get_style

    def counting(self, style_id, style_type):
        calls.append((style_id, style_type))
        return original(self, style_id, style_type)

    monkeypatch.setattr(DocumentPart, "get_style", counting)
    document = read_docx(many_runs_docx(), "runs.docx")
    # Once for each (style, type) the document uses; a lookup per run would be thousands.
    assert len(calls) == len(set(calls)) <= 6
    assert document.lines[0].text == "市科协召开学会工作推进会"
    assert document.lines[0].size == 22.0 and document.lines[0].bold
    body = document.lines[1]
    assert body.text.startswith("第0段第0处文字") and body.size == 16.0 and not body.bold
