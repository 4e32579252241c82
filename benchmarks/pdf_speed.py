"""Reading a bulletin PDF, in process, beside what a user would pick instead.

    python benchmarks/pdf_speed.py [--pages 9,99,500] [--rounds N]

The input is the repository's own example issue (examples/kxdt-2024-09.pdf, typeset by
LibreOffice), and copies of it of 99 and 500 pages (its pages repeated), made here. Contenders,
interleaved, all in this interpreter:

- pypdfium2 path: PyMuPDF's `get_text("dict")` (characters with positions, fonts and sizes: what
  kxdt's reader needs) is the anchor — PyMuPDF only as an anchor, never a dependency of kxdt (it
  is AGPL), skipped when missing; pdfium's bare `get_text_range()` (text without positions) is
  shown for scale; kxdt's reader (`read_pdf`, lines with layout hints) and reader + parse.
- pypdf path: pypdf's bare `extract_text()` is the anchor; kxdt's reader and reader + parse.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, call, header, interleave, report

EXAMPLE = ROOT / "examples" / "kxdt-2024-09.pdf"


def repeated(data: bytes, pages: int) -> bytes:
    """A PDF of `pages` pages: the file's pages over and over."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    writer = pypdf.PdfWriter()
    while len(writer.pages) < pages:
        for page in reader.pages[: pages - len(writer.pages)]:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pymupdf_dict(data: bytes) -> None:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as document:
        for page in document:
            page.get_text("dict")


def pdfium_text(data: bytes) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            document[index].get_textpage().get_text_range()
    finally:
        document.close()


def pypdf_text(data: bytes) -> None:
    import pypdf

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text()


def kxdt_reader(data: bytes, backend: str) -> None:
    from kxdt.readers.positioned import read_pdf

    read_pdf(data, "bench.pdf", backend=backend)


def kxdt_parse(data: bytes, backend: str) -> None:
    from kxdt.api import parse
    from kxdt.readers.positioned import read_pdf

    parse(read_pdf(data, "bench.pdf", backend=backend))


def layout_share(data: bytes, rounds: int) -> tuple[float, float, float]:
    """CPU seconds of the page layout stage (turned text, sheets, page numbers, columns and
    hints) and of the line grouping and hints alone, interleaved on the same runs, and of the
    pypdfium2 reader's run extraction: what the stage costs the reader."""
    from kxdt.layout import group_lines, hinted_lines, lay_out
    from kxdt.readers.pdf import extract_runs

    start = time.process_time()
    _, pages, _ = extract_runs(data, "bench.pdf", backend="pypdfium2")
    extract = time.process_time() - start
    stage, bare = [], []
    for _ in range(rounds):
        start = time.process_time()
        hinted_lines(lay_out(pages).pages)
        stage.append(time.process_time() - start)
        start = time.process_time()
        hinted_lines([group_lines(runs) for runs in pages])
        bare.append(time.process_time() - start)
    return statistics.median(stage), statistics.median(bare), extract


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="4,99,500", help="page counts to read (4 is the example itself)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    header(__doc__.splitlines()[0])
    source = EXAMPLE.read_bytes()
    has_pdfium = importlib.util.find_spec("pypdfium2") is not None
    has_mupdf = importlib.util.find_spec("pymupdf") is not None
    for pages in (int(p) for p in args.pages.split(",")):
        data = source if pages <= 4 else repeated(source, pages)
        rounds = max(3, args.rounds if pages < 100 else args.rounds // 2)
        print(f"\n{pages} pages:")
        if has_pdfium:
            contenders = {}
            if has_mupdf:
                contenders["PyMuPDF get_text('dict')"] = call(lambda data=data: pymupdf_dict(data))
            contenders["pdfium get_text_range() (no positions)"] = call(lambda data=data: pdfium_text(data))
            contenders["kxdt reader, pypdfium2"] = call(lambda data=data: kxdt_reader(data, "pypdfium2"))
            contenders["kxdt reader + parse, pypdfium2"] = call(lambda data=data: kxdt_parse(data, "pypdfium2"))
            anchor = "PyMuPDF get_text('dict')" if has_mupdf else "pdfium get_text_range() (no positions)"
            timings = interleave(contenders, rounds)
            report(timings, {"kxdt reader, pypdfium2": anchor, "pdfium get_text_range() (no positions)": anchor,
                             "kxdt reader + parse, pypdfium2": "kxdt reader, pypdfium2"},
                   per=dict.fromkeys(contenders, pages), rate="pages")
        else:
            print("  pypdfium2 is not installed (pip install 'kxdt[fast]'): its path is not measured")
        if pages > 99:
            continue  # pypdf takes minutes for 500 pages; its ratios show at 4 and 99
        contenders = {"pypdf extract_text()": call(lambda data=data: pypdf_text(data)),
                      "kxdt reader, pypdf": call(lambda data=data: kxdt_reader(data, "pypdf")),
                      "kxdt reader + parse, pypdf": call(lambda data=data: kxdt_parse(data, "pypdf"))}
        timings = interleave(contenders, max(3, rounds // 2))
        report(timings, {"kxdt reader, pypdf": "pypdf extract_text()", "kxdt reader + parse, pypdf": "kxdt reader, pypdf"},
               per=dict.fromkeys(contenders, pages), rate="pages")
    if has_pdfium:
        stage, lines_only, extract = layout_share(repeated(source, 500), max(3, args.rounds // 3))
        print(f"\n500-page copy: page layout stage {stage * 2:.2f} ms/page (lines and hints alone {lines_only * 2:.2f}),"
              f" adds {(stage - lines_only) / (extract + lines_only):.1%} to the pypdfium2 reader's CPU time")


if __name__ == "__main__":
    main()
