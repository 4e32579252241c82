"""PDFs of our own bulletins made by the programs real back issues come from: Chromium's print to
PDF of a web page, cairo (`pdftocairo -pdf`, what GTK printing writes), Ghostscript's `pdfwrite`
(virtual PDF printers), LibreOffice (also with AR PL fonts only), fpdf2, reportlab and
WeasyPrint; pandoc's DOCX; and the damage fonts' Unicode maps come with. Each tool is skipped
locally where missing and required on CI."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bulletins import body_parts, wrap
from conftest import require_tool

from kxdt.model import Issue

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-pdf-header-footer")


def issue_html(issue: Issue, css: str = "") -> str:
    """The issue as a web page, the way an office's site shows it (centred masthead, bold
    centred titles, indented paragraphs); `css` is added after the page's own style (the
    masthead is a <header>, the articles a <main>)."""
    m = issue.masthead
    assert m.date is not None
    year, month, day = (int(part) for part in m.date.split("-"))
    parts = [
        '<!doctype html><html><head><meta charset="utf-8"><style>',
        'body{font-family:"Noto Serif CJK SC",serif;font-size:16pt;width:156mm;margin:0 auto}',
        ".c{text-align:center} h1{color:#c00;text-align:center;font-size:32pt}",
        "h2{font-size:20pt;text-align:center} p{text-indent:2em;margin:0;text-align:justify}",
        css,
        "</style></head><body><header>",
        f"<h1>{html.escape(m.name or '')}</h1>",
        f'<div class="c">{m.year}年第{m.number}期（总第{m.total}期）</div>',
        f"<div>{html.escape(m.issuer or '')}　　　　　　{year}年{month}月{day}日</div>",
        '<div class="c">目录提要</div>',
    ]
    parts += [f"<div>●{html.escape(t)}</div>" for t in issue.toc]
    parts.append("</header><main>")
    shapes = {"column": "<div>【{}】</div>", "title": "<h2>{}</h2>", "paragraph": "<p>{}</p>"}
    parts += [shapes[kind].format(html.escape(text)) for kind, text in body_parts(issue)]
    parts.append("</main></body></html>")
    return "\n".join(parts)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def chromium_pdf(issue: Issue, folder: Path, css: str = "", name: str = "chromium") -> Path:
    exe = require_tool("Chromium", chromium())
    page = folder / f"{name}.html"
    page.write_text(issue_html(issue, css), encoding="utf-8")
    out = folder / f"{name}.pdf"
    subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={folder / 'chromium-profile'}",
                    f"--print-to-pdf={out}", page.as_uri()],
                   check=True, capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
    assert out.exists() and out.stat().st_size > 0
    return out


def cairo_pdf(source: Path, folder: Path) -> Path:
    exe = require_tool("pdftocairo (poppler-utils)", shutil.which("pdftocairo"))
    out = folder / f"{source.stem}-cairo.pdf"
    subprocess.run([exe, "-pdf", str(source), str(out)], check=True, capture_output=True, timeout=300)
    return out


def ghostscript_pdf(source: Path, folder: Path) -> Path:
    exe = require_tool("Ghostscript (gs)", shutil.which("gs"))
    out = folder / f"{source.stem}-gs.pdf"
    subprocess.run([exe, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={out}",
                    str(source)], check=True, capture_output=True, timeout=300)
    return out


# What Chromium's embedded CJK font subsets do to some characters: the glyph's Unicode map
# names a radical (Kangxi Radicals, CJK Radicals Supplement) instead of the ideograph.
RADICALS = {"月": "\u2f49", "日": "\u2f47", "民": "\u2ea0", "一": "\u2f00"}


def with_radicals(source: Path, radicals: dict[str, str] | None = None) -> bytes:
    """The same PDF with the fonts' Unicode maps pointing 月日民一 (or the characters given) at
    radicals."""
    def rewrite(cmap: str) -> str:
        for han, radical in (radicals or RADICALS).items():
            cmap = re.sub(f"<{ord(han):04X}>", f"<{ord(radical):04X}>", cmap, flags=re.IGNORECASE)
        return cmap

    return _rewrite_unicode_maps(source, rewrite)


def without_bold_unicode_maps(source: Path) -> bytes:
    """The same PDF with the ToUnicode map removed from its bold fonts (the masthead, titles and
    column labels): only that text is lost."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    for page in writer.pages:
        fonts = page["/Resources"]["/Font"]
        for key in fonts:
            font = fonts[key].get_object()
            name = str(font.get("/BaseFont", ""))
            if "Bold" in name and "/ToUnicode" in font:
                del font["/ToUnicode"]
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _rewrite_unicode_maps(source: Path, rewrite) -> bytes:
    """The same PDF with each font's ToUnicode map passed through `rewrite(cmap_text)`."""
    import pypdf
    from pypdf.generic import NameObject, StreamObject

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    done: dict[int, object] = {}
    for page in writer.pages:
        fonts = page["/Resources"]["/Font"]
        for key in fonts:
            font = fonts[key].get_object()
            if "/ToUnicode" not in font:
                continue
            ref = font.raw_get("/ToUnicode")
            number = getattr(ref, "idnum", id(ref))
            if number not in done:
                cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
                stream = StreamObject()
                stream.set_data(rewrite(cmap).encode("latin-1"))
                done[number] = writer._add_object(stream)
            font[NameObject("/ToUnicode")] = done[number]
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _map_targets(cmap: str, change) -> str:
    """Apply `change(code point) -> code point` to the 4-digit targets of bfchar entries
    (LibreOffice writes its maps as `<0A> <8981>` lines: 2-digit codes, 4-digit targets)."""
    return re.sub(r"^(<[0-9A-Fa-f]{2}>\s*)<([0-9A-Fa-f]{4})>", lambda m: f"{m.group(1)}<{change(int(m.group(2), 16)):04X}>",
                  cmap, flags=re.MULTILINE)


def with_damaged_maps(source: Path) -> bytes:
    """What a damaged CID map does to a whole text layer (a Ghostscript PDF/A re-distil gave
    `QOQR㩾第QP䌮` for `2023年第21期`): ideographs land on other, mostly rare ideographs, digits
    on Latin letters."""
    def change(code: int) -> int:
        if 0x4E00 <= code <= 0x9FFF:
            return 0x3400 + (code * 37) % 0x19B0 if code % 3 else 0x4E00 + (code * 7919) % 0x51A0
        if 0x30 <= code <= 0x39:
            return code + 0x21
        return code

    return _rewrite_unicode_maps(source, lambda cmap: _map_targets(cmap, change))


def with_wrong_characters(source: Path, wrong: dict[str, str]) -> bytes:
    """The same PDF with a few characters mapped to wrong ones, as single glyphs of a damaged
    map come out (`办`→`Þ`, `—`→`ᐔ`)."""
    table = {ord(a): ord(b) for a, b in wrong.items()}
    return _rewrite_unicode_maps(source, lambda cmap: _map_targets(cmap, lambda code: table.get(code, code)))


def without_unicode_for(source: Path, characters: str) -> bytes:
    """The same PDF with the Unicode map entries of some characters taken out: their glyphs
    (and only theirs) have no Unicode value."""
    targets = {f"<{ord(ch):04X}>" for ch in characters}

    def rewrite(cmap: str) -> str:
        lines = cmap.splitlines()
        kept = [line for line in lines if not any(line.strip().upper().endswith(t) for t in targets)]
        out = "\n".join(kept)
        # bfchar sections announce how many entries they hold.
        return re.sub(r"(\d+)(\s+beginbfchar)(.*?)(endbfchar)",
                      lambda m: f"{len(re.findall(r'^<', m.group(3), flags=re.MULTILINE))}{m.group(2)}{m.group(3)}{m.group(4)}",
                      out, flags=re.DOTALL)

    return _rewrite_unicode_maps(source, rewrite)


# The other programs PDFs of bulletins come from (pip-installed on CI): fpdf2 and reportlab
# (scripts that make reports), WeasyPrint (HTML to PDF); pandoc makes DOCX from Markdown.
NOTO_SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
NOTO_SERIF_SC = 2  # the font of the collection that is Noto Serif CJK SC


def _noto_serif() -> str:
    import os

    return require_tool("Noto Serif CJK (fonts-noto-cjk)", NOTO_SERIF if os.path.exists(NOTO_SERIF) else None)


def _issue_lines(issue: Issue) -> list[tuple[str, str]]:
    """The issue as (kind, text) lines in print order: name, issue line, issuer and date,
    contents heading and items, then columns, titles and paragraphs."""
    m = issue.masthead
    assert m.date is not None
    year, month, day = (int(part) for part in m.date.split("-"))
    lines = [("name", m.name or ""), ("centre", f"{m.year}年第{m.number}期（总第{m.total}期）"),
             ("plain", f"{m.issuer}　　　　{year}年{month}月{day}日"), ("centre", "目录提要")]
    lines += [("plain", f"●{t}") for t in issue.toc]
    return lines + list(body_parts(issue))


def fpdf2_pdf(issue: Issue, folder: Path) -> Path:
    """fpdf2 with Noto Serif CJK embedded: its font's /Encoding is an embedded CMap stream."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(28, 37, 26)
    pdf.add_font("serif", fname=_noto_serif(), collection_font_number=NOTO_SERIF_SC)
    pdf.add_page()
    for kind, text in _issue_lines(issue):
        size = {"name": 26, "title": 20}.get(kind, 16)
        pdf.set_font("serif", size=size)
        if kind == "column":
            text = f"【{text}】"
        width = 22 if kind == "title" else 28
        for k, line in enumerate(wrap(text, width, first_indent=2 if kind == "paragraph" else 0)):
            pdf.set_x(pdf.l_margin + (32 * 25.4 / 72 if kind == "paragraph" and k == 0 else 0))
            pdf.cell(0, size * 0.55, line, align="C" if kind in ("name", "title", "centre") else "",
                     new_x="LMARGIN", new_y="NEXT")
    out = folder / "fpdf2.pdf"
    pdf.output(str(out))
    return out


# Page layouts other than the office's single column (issue #20): the same issue in two columns,
# two pages on a sheet, turned, with bare page numbers — each made by the program that makes it.
COLUMNS_CSS = ("@page{size:A4;margin:18mm 18mm} body{width:auto;font-size:14pt} h2{font-size:18pt}"
               " main{column-count:2;column-gap:2em}")
# Three narrow columns: a title centred in the middle column is centred on the page too, and the
# columns' baselines drift apart below titles of another size.
THREE_COLUMNS_CSS = COLUMNS_CSS.replace("column-count:2", "column-count:3")
# Titles set across both columns (CSS `column-span`): the columns above a title are balanced
# and read before it, those below after it.
SPANNING_TITLES_CSS = COLUMNS_CSS + " h2{column-span:all;margin:0.6em 0}"
# A landscape sheet holding two page-wide columns one after the other: two pages side by side.
SHEET_CSS = ("@page{size:A4 landscape;margin:15mm 18mm} body{width:auto;font-size:12pt;column-count:2;"
             "column-gap:36mm;column-fill:auto} h1{font-size:26pt} h2{font-size:16pt}")
# WeasyPrint's page counter as a bare number at the foot (as LaTeX prints it).
BARE_NUMBERS_CSS = "@page{@bottom-center{content:counter(page);font-size:12pt}}"


def require_module(name: str):
    """A Python package the test extra installs: skipped locally where missing, failed on CI."""
    import importlib
    import os

    try:
        return importlib.import_module(name)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing on CI: pip install '.[test]' must install it")
        pytest.skip(f"{name} is not installed; the test extra installs it")


def weasyprint_pdf(issue: Issue, folder: Path, css: str = "", name: str = "weasyprint") -> Path:
    weasyprint = require_module("weasyprint")
    out = folder / f"{name}.pdf"
    weasyprint.HTML(string=issue_html(issue, css)).write_pdf(out)
    return out


def cjk_ttf() -> str:
    """A TrueType CJK font (reportlab and fpdf2 embed TrueType outlines only)."""
    for path in ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
                 "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"):
        if Path(path).exists():
            return path
    return require_tool("a TrueType CJK font (fonts-droid-fallback)", None)


def _reportlab_story(issue: Issue, font: str, covered: set[int]) -> list:
    """The issue as platypus paragraphs; characters the CJK font lacks (digits, ●) in Latin."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=19, firstLineIndent=24,
                          alignment=TA_JUSTIFY, wordWrap="CJK")
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0, alignment=0)
    centred = ParagraphStyle("centred", parent=plain, alignment=TA_CENTER)
    title = ParagraphStyle("title", parent=centred, fontSize=16, leading=24, spaceBefore=6, spaceAfter=4)
    name = ParagraphStyle("name", parent=centred, fontSize=26, leading=36, textColor="#cc0000")
    m = issue.masthead
    assert m.date is not None
    year, month, day = (int(part) for part in m.date.split("-"))
    texts = [(m.name or "", name), (f"{m.year}年第{m.number}期（总第{m.total}期）", centred),
             (f"{m.issuer or ''}　　{year}年{month}月{day}日", plain), ("目录提要", centred),
             *(("●" + t, plain) for t in issue.toc)]
    styles = {"column": plain, "title": title, "paragraph": body}
    texts += [(f"【{text}】" if kind == "column" else text, styles[kind]) for kind, text in body_parts(issue)]

    def markup(text: str) -> str:
        return "".join(html.escape(ch) if ord(ch) in covered else f'<font name="Latin">{html.escape(ch)}</font>'
                       for ch in text)

    return [Paragraph(markup(text), style) for text, style in texts]


def reportlab_pdf(issue: Issue, folder: Path, *, frames: int = 2) -> Path:
    """reportlab's platypus with `frames` frames side by side on each A4 page: the text fills
    the left frame, then the right one, then the next page's."""
    require_module("reportlab")
    from fontTools.ttLib import TTFont as FontFile
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    pdfmetrics.registerFont(TTFont("CJK", cjk_ttf()))
    pdfmetrics.registerFont(TTFont("Latin", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    covered = set(FontFile(cjk_ttf(), fontNumber=0).getBestCmap())
    out = folder / f"reportlab-{frames}.pdf"
    margin, gap = 50, 24
    width = (A4[0] - 2 * margin - gap * (frames - 1)) / frames
    page_frames = [Frame(margin + k * (width + gap), margin, width, A4[1] - 2 * margin, id=f"f{k}")
                   for k in range(frames)]
    document = BaseDocTemplate(str(out), pagesize=A4, pageTemplates=[PageTemplate("two", page_frames)])
    document.build(_reportlab_story(issue, "CJK", covered))
    return out


def fpdf_pdf(issue: Issue, folder: Path, *, columns: int = 2) -> Path:
    """fpdf2's text columns (`text_columns`), the masthead across the page above them."""
    fpdf = require_module("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("CJK", fname=cjk_ttf())
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if latin.exists():  # digits and ● (which the CJK font lacks)
        pdf.add_font("Latin", fname=str(latin))
        pdf.set_fallback_fonts(["Latin"])
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    m = issue.masthead
    assert m.date is not None
    year, month, day = (int(part) for part in m.date.split("-"))
    pdf.set_font("CJK", size=26)
    pdf.set_text_color(200, 0, 0)
    pdf.cell(0, 14, m.name or "", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("CJK", size=12)
    pdf.cell(0, 8, f"{m.year}年第{m.number}期（总第{m.total}期）", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, f"{m.issuer}　　{year}年{month}月{day}日", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, "目录提要", align="C", new_x="LMARGIN", new_y="NEXT")
    for item in issue.toc:
        pdf.cell(0, 7, "●" + item, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    with pdf.text_columns(ncols=columns, gutter=8, text_align="J", line_height=1.5) as cols:
        for kind, text in body_parts(issue):
            if kind == "title":
                pdf.set_font("CJK", size=15)
                with cols.paragraph(text_align="C", top_margin=3, bottom_margin=2, wrapmode="CHAR") as par:
                    par.write(text)
                pdf.set_font("CJK", size=12)
            elif kind == "column":
                with cols.paragraph(text_align="L", wrapmode="CHAR") as par:
                    par.write(f"【{text}】")
            else:
                with cols.paragraph(first_line_indent=8.5, wrapmode="CHAR") as par:
                    par.write(text)
    out = folder / f"fpdf-{columns}.pdf"
    pdf.output(str(out))
    return out


def reportlab_cid_pdf(issue: Issue, folder: Path) -> Path:
    """reportlab with its built-in STSong-Light: a CID font with the predefined UniGB-UCS2-H
    encoding and no ToUnicode map (its codes are Unicode)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = folder / "reportlab.pdf"
    page = canvas.Canvas(str(out), pagesize=A4)
    width, height = A4
    left, right, top, bottom = 79.4, width - 73.7, height - 104.9, 99.2
    y = top
    for kind, text in _issue_lines(issue):
        size = {"name": 26, "title": 20}.get(kind, 16)
        if kind == "column":
            text = f"【{text}】"
        for k, line in enumerate(wrap(text, 22 if kind == "title" else 28, first_indent=2 if kind == "paragraph" else 0)):
            if y < bottom:
                page.showPage()
                y = top
            page.setFont("STSong-Light", size)
            if kind in ("name", "title", "centre"):
                page.drawCentredString((left + right) / 2, y, line)
            else:
                page.drawString(left + (2 * size if kind == "paragraph" and k == 0 else 0), y, line)
            y -= size * 1.6
    page.showPage()
    page.save()
    return out


def pandoc_docx(markdown: str, folder: Path, name: str = "pandoc") -> Path:
    """pandoc's DOCX of a Markdown text (pandoc always writes a comments part, often empty)."""
    exe = require_tool("pandoc", shutil.which("pandoc"))
    source = folder / f"{name}.md"
    source.write_text(markdown, encoding="utf-8")
    out = folder / f"{name}.docx"
    subprocess.run([exe, str(source), "-o", str(out)], check=True, capture_output=True, timeout=120)
    return out


# Fontconfig that offers LibreOffice only the AR PL fonts for Chinese (as on many Linux desktops
# without Noto CJK): Noto and Droid are hidden from it.
ARPHIC_ONLY = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <glob>/usr/share/fonts/opentype/noto/*</glob>
    <glob>/usr/share/fonts/truetype/noto/*</glob>
    <glob>/usr/share/fonts/truetype/droid/*</glob>
  </rejectfont></selectfont>
</fontconfig>
"""


def arphic_installed() -> bool:
    found = subprocess.run(["fc-list", ":family=AR PL UMing CN"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def libreoffice_arphic_pdf(docx_files: list[Path], folder: Path) -> list[Path]:
    """DOCX typeset by LibreOffice on a machine whose Chinese fonts are AR PL UMing/UKai."""
    import os

    from conftest import soffice

    exe = require_tool("LibreOffice (soffice)", soffice())
    require_tool("AR PL UMing (fonts-arphic-uming)", "arphic" if arphic_installed() else None)
    config = folder / "arphic-fonts.conf"
    config.write_text(ARPHIC_ONLY, encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    subprocess.run([exe, f"-env:UserInstallation=file://{folder / 'lo-arphic-profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, docx_files)],
                   check=True, capture_output=True, timeout=600, env=env)
    pdfs = [folder / (p.stem + ".pdf") for p in docx_files]
    assert all(p.exists() for p in pdfs)
    return pdfs
def n_up(source: Path, out: Path, *, across: int = 2, down: int = 1) -> Path:
    """`across` × `down` pages of `source` on each sheet, scaled to fit, as pdfjam/pdfpages
    --nup does (pypdf's page transformations: the pages' own content, moved and scaled)."""
    import pypdf
    from pypdf import Transformation

    reader = pypdf.PdfReader(source)
    first = reader.pages[0].mediabox
    page_w, page_h = float(first.width), float(first.height)
    sheet_w, sheet_h = (page_h, page_w) if across > down else (page_w, page_h)
    scale = min(sheet_w / (across * page_w), sheet_h / (down * page_h))
    cell_w, cell_h = sheet_w / across, sheet_h / down
    writer = pypdf.PdfWriter()
    per_sheet = across * down
    for start in range(0, len(reader.pages), per_sheet):
        sheet = writer.add_blank_page(sheet_w, sheet_h)
        for k, page in enumerate(reader.pages[start : start + per_sheet]):
            col, row = k % across, k // across
            dx = col * cell_w + (cell_w - page_w * scale) / 2
            dy = sheet_h - (row + 1) * cell_h + (cell_h - page_h * scale) / 2
            sheet.merge_transformed_page(page, Transformation().scale(scale, scale).translate(dx, dy))
    with out.open("wb") as handle:
        writer.write(handle)
    return out


def turned(source: Path, out: Path, *, angle: int = 90) -> Path:
    """Each page's content drawn turned by `angle` degrees on a sheet of the turned size (what
    pdfpages' `angle=90` makes: the text matrix turns, the page's /Rotate stays 0)."""
    import pypdf
    from pypdf import Transformation

    reader = pypdf.PdfReader(source)
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        sheet_w, sheet_h = (h, w) if angle % 180 else (w, h)
        sheet = writer.add_blank_page(sheet_w, sheet_h)
        move = {90: (h, 0), 180: (w, h), 270: (0, w)}.get(angle % 360, (0, 0))
        sheet.merge_transformed_page(page, Transformation().rotate(angle).translate(*move))
    with out.open("wb") as handle:
        writer.write(handle)
    return out


def two_column_docx(issue: Issue) -> bytes:
    """kxdt's office DOCX of the issue with its articles in a section of two columns (a
    continuous section break after the 目录提要), as Word's 分栏 makes it; LibreOffice lays it out."""
    import zipfile

    from kxdt.render.docx import issue_to_docx

    source = zipfile.ZipFile(io.BytesIO(issue_to_docx(issue)))
    xml = source.read("word/document.xml").decode("utf-8")
    last = xml.rindex("<w:sectPr")
    final = xml[last : xml.index("</w:sectPr>", last) + len("</w:sectPr>")]
    first_section = re.sub(r"<w:sectPr([^>]*)>", r'<w:sectPr\1><w:type w:val="continuous"/>', final, count=1)
    columns = re.sub(r"<w:cols [^>]*/>", '<w:cols w:num="2" w:space="425"/>', first_section)
    body = re.search(r'<w:p>(?:(?!</w:p>).)*?<w:pStyle w:val="简报(?:标题|栏目)"/>', xml)
    assert body is not None
    xml = xml[: body.start()] + f"<w:p><w:pPr>{first_section}</w:pPr></w:p>" + xml[body.start() :]
    xml = xml.replace(final, columns)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, xml.encode("utf-8") if item.filename == "word/document.xml" else source.read(item))
    return out.getvalue()


def masthead_table_html(issue: Issue) -> str:
    """The issue as a web page whose issuer and date stand in the two cells of a narrow table,
    each wrapping onto two lines (as offices' sites set the masthead)."""
    m = issue.masthead
    assert m.date is not None
    year, month, day = (int(part) for part in m.date.split("-"))
    page = issue_html(issue, "table{border-collapse:collapse;table-layout:fixed} td{vertical-align:top;padding:0}")
    line = f"<div>{html.escape(m.issuer or '')}　　　　　　{year}年{month}月{day}日</div>"
    table = (f'<table width="220" cellpadding="6" cellspacing="0"><tr><td width="110">{html.escape(m.issuer or "")}</td>'
             f'<td width="110" align="right">{year}年{month}月{day}日</td></tr></table>')
    assert line in page
    return page.replace(line, table)


def libreoffice_pdf(sources: dict[str, bytes | str], folder: Path) -> dict[str, Path]:
    """Files (name with extension -> content) made into PDF by LibreOffice in one run."""
    from conftest import soffice

    exe = require_tool("LibreOffice (soffice)", soffice())
    paths = []
    for name, content in sources.items():
        path = folder / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        paths.append(path)
    subprocess.run([exe, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, paths)], check=True, capture_output=True, timeout=600)
    out = {name: folder / (Path(name).stem + ".pdf") for name in sources}
    missing = [p for p in out.values() if not p.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return out
