"""Line-level clean-up: page numbers, web noise, running headers, page inference for text layers."""

from __future__ import annotations

import re
from dataclasses import replace

from ..layout.pagenum import bare_number, bare_number_sequence, page_number, running_key
from ..layout.params import RUNNING_EDGE_LINES, RUNNING_MIN_PAGES, RUNNING_SHARE
from ..records import Line
from ..text.chars import shorten_spaces
from ..text.chrome import is_control_line, is_location_line
from ..text.variants import is_traditional, to_simplified, traditional_lookalikes

_URL_RE = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$", re.IGNORECASE)
_NAV_RE = re.compile(r"^\s*[【\[]?(?:首页|上一篇|下一篇)[】\]]?\s*[:：]?.{0,40}$")
# The 版记 (distribution and editor lines) closing an official document, and print-run notes.
_COLOPHON_RE = re.compile(
    r"^\s*(?:(?:主送|抄送|抄报|分送|报送|报|送|发)\s*[:：]|(?:责任编辑|编辑|审核|审稿|签发|校对|联系人|联系电话|电话|传真|"
    r"地址|邮编|邮箱|网址)\s*[:：]|[（(]?\s*共印\s*\d+\s*份\s*[)）]?\s*$)"
)
# Lines starting with this many indent characters (two ideographic spaces, two ASCII spaces or a
# tab) mark paragraph starts in a text layer when at least INDENT_SHARE of the lines have them.
_INDENT_RE = re.compile(r"^(?:\u3000{1,}|\t| {2,})\S")
INDENT_SHARE = 0.1
# A leading space marks a page start only where such lines are rare (else it is an indent).
_PAGE_SPACE_MAX_SHARE = 0.15


def is_noise(text: str) -> bool:
    """Links, page controls and navigation, 版记 lines. (Posting lines stay: the masthead's
    reader uses their date when the printed one is missing.)"""
    return bool(_URL_RE.match(text) or _NAV_RE.match(text) or _COLOPHON_RE.match(to_simplified(text))
                or is_control_line(text) or is_location_line(text))


def mark_text_indents(lines: list[Line]) -> list[Line]:
    """Where a text layer indents its paragraphs (with ideographic spaces or tabs), say so.
    Ideographic spaces are an indent wherever two lines have them (no artefact makes them);
    ASCII spaces and tabs only where enough lines have them."""
    content = [ln for ln in lines if ln.text.strip()]
    indented = sum(1 for ln in content if _INDENT_RE.match(ln.text))
    ideographic = sum(1 for ln in content if ln.text.startswith("\u3000"))
    if not content or (indented < max(2, INDENT_SHARE * len(content)) and ideographic < 2):
        return lines
    return [replace(ln, indent=bool(_INDENT_RE.match(ln.text))) if ln.text.strip() else ln for ln in lines]


def page_marks(lines: list[Line]) -> dict[int, int]:
    """The page-number lines of a text layer (by index) and the numbers they print: the printed
    forms (`- 3 -`, `第3页`) wherever they stand, bare numbers alone on their line where they
    count the pages up one by one (a pasted PDF's `3` between paragraphs)."""
    marks = {k: n for k, ln in enumerate(lines) if (n := page_number(ln.text)) is not None}
    for k in bare_number_sequence([ln.text for ln in lines]):
        marks[k] = bare_number(lines[k].text) or 0
    return marks


def infer_text_pages(lines: list[Line], marks: dict[int, int] | None = None) -> list[Line]:
    """Give plain-text lines page numbers from page-number lines (`marks`, found when not given),
    form feeds and page-start spaces.

    Page-number lines may stand at the top of their page (as the first line of the file shows)
    or at the bottom. A lone leading space on a line marks the first line of a new page in
    scraped text layers, unless leading spaces are common (then they are indents).
    """
    marks = page_marks(lines) if marks is None else marks
    content = [ln for ln in lines if ln.text.strip()]
    if not content:
        return lines
    markers = [marks.get(k) for k, ln in enumerate(lines) if ln.text.strip()]
    has_ff = any(ln.text == "\f" for ln in lines)
    if not any(markers) and not has_ff:
        return lines
    header_mode = markers[0] is not None
    spaced = [ln for ln in content if ln.text[:1] == " " and ln.text[1:2] not in (" ", "\u3000")]
    space_breaks = len(spaced) / len(content) <= _PAGE_SPACE_MAX_SHARE
    out: list[Line] = []
    page = 1
    just_turned = True
    pending: list[int] = []  # indices awaiting a footer number
    for index, line in enumerate(lines):
        text = line.text
        if text == "\f":
            page += 1
            just_turned = True
            continue
        if not text.strip():
            out.append(line)
            continue
        number = marks.get(index)
        if number is not None:
            if header_mode:
                page = number
            else:
                for i in pending:
                    out[i] = replace(out[i], page=number)
                pending.clear()
                page = number + 1
            just_turned = True
            out.append(replace(line, page=page, role="page"))
            continue
        if space_breaks and text[:1] == " " and text[1:2] not in (" ", "\u3000") and not just_turned:
            page += 1
        just_turned = False
        if not header_mode:
            pending.append(len(out))
        out.append(replace(line, page=page))
    return out


def drop_running_lines(lines: list[Line]) -> list[Line]:
    """Drop running heads and feet: the same text (its numbers aside) at the top or foot of most pages.

    Found by repetition (not by coordinates); only a page's first and last lines are
    candidates, so a source or a phrase that recurs in the body is never taken for one.
    """
    pages = sorted({ln.page for ln in lines if ln.page is not None})
    if len(pages) < RUNNING_MIN_PAGES:
        return lines
    by_page: dict[int, list[int]] = {}
    for index, ln in enumerate(lines):
        if ln.page is not None and ln.text.strip():
            by_page.setdefault(ln.page, []).append(index)
    edges = {i for indices in by_page.values() for i in indices[:RUNNING_EDGE_LINES] + indices[-RUNNING_EDGE_LINES:]}
    seen: dict[str, set[int]] = {}
    for index in edges:
        seen.setdefault(running_key(lines[index].text), set()).add(lines[index].page)  # type: ignore[arg-type]
    need = max(RUNNING_MIN_PAGES, RUNNING_SHARE * len(pages))
    running = {text for text, on in seen.items() if len(on) >= need}
    # The first page keeps its head: a running head often repeats the masthead's own name. Its
    # foot is a foot like any other (a footer line left there became the first article's title).
    first = by_page.get(pages[0], [])
    kept_head = set(first[:RUNNING_EDGE_LINES]) | (set(first) if len(first) <= 2 * RUNNING_EDGE_LINES else set())
    return [ln for i, ln in enumerate(lines)
            if not (i in edges and i not in kept_head and running_key(ln.text) in running)]


def in_own_script(lines: list[Line]) -> list[Line]:
    """A traditional document's radicals and compatibility ideographs read as its own forms
    (a simplified one's are read so by `unify`, which every text passes later)."""
    if not is_traditional("\n".join(ln.text for ln in lines)):
        return lines
    return [replace(ln, text=traditional_lookalikes(ln.text)) for ln in lines]


def normalize_lines(lines: list[Line], *, text_layer: bool) -> list[Line]:
    """Drop blank, page-number and noise lines; keep the rest in order with page numbers set."""
    lines = in_own_script(lines)
    if text_layer:
        lines = mark_text_indents(infer_text_pages(lines))
    lines = [replace(ln, text=short) if (short := shorten_spaces(ln.text)) is not ln.text else ln for ln in lines]
    kept = [
        ln
        for ln in lines
        if ln.text.strip() and ln.text != "\f" and ln.role != "page" and page_number(ln.text) is None
        and not is_noise(ln.text)
    ]
    return drop_running_lines(kept)
