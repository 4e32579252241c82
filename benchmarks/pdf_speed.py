"""Pages per second reading a bulletin PDF: kxdt's pypdf path beside pypdf's bare
`extract_text()`, and kxdt's pypdfium2 path beside pdfium's bare `get_text_range()`, on the
file and on 99- and 500-page copies of it (its pages repeated), measured in one run.

    python benchmarks/pdf_speed.py [PDF] [--rounds N]

Without a PDF argument it uses ../shared/fixtures/kxdt-2023-21.gongwen.pdf.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PDF = ROOT.parent / "shared" / "fixtures" / "kxdt-2023-21.gongwen.pdf"


def bare_pypdf(data: bytes) -> int:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def bare_pdfium(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            document[index].get_textpage().get_text_range()
        return len(document)
    finally:
        document.close()


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


def kxdt_reader(backend: str):
    def run(data: bytes) -> int:
        from kxdt.readers.positioned import read_pdf

        return int(read_pdf(data, "bench.pdf", backend=backend).meta["pages"])

    return run


def kxdt_parse(data: bytes) -> int:
    from kxdt.api import parse
    from kxdt.readers.positioned import read_pdf

    document = read_pdf(data, "bench.pdf", backend="pypdf")
    parse(document)
    return int(document.meta["pages"])


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


def measure(func, data: bytes, rounds: int) -> float:
    func(data)  # warm imports and caches
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        pages = func(data)
        rates.append(pages / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    data = args.pdf.read_bytes()
    rows = [("pypdf extract_text() (baseline)", bare_pypdf), ("kxdt reader, pypdf path", kxdt_reader("pypdf")),
            ("kxdt reader + parse, pypdf path", kxdt_parse)]
    print(f"{args.pdf.name}: median of {args.rounds} rounds")
    baseline = None
    for label, func in rows:
        rate = measure(func, data, args.rounds)
        baseline = baseline or rate
        print(f"  {label:34s} {rate:8.1f} pages/s   cost {baseline / rate:5.2f}× baseline")
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        print("pypdfium2 is not installed (pip install 'kxdt[fast]'): its path is not measured")
        return
    for pages in (None, 99, 500):
        sample = data if pages is None else repeated(data, pages)
        rounds = args.rounds if pages is None else max(3, args.rounds // (pages // 50))
        bare = measure(bare_pdfium, sample, rounds)
        ours = measure(kxdt_reader("pypdfium2"), sample, rounds)
        label = args.pdf.name if pages is None else f"{pages}-page copy"
        print(f"  {label:20s} pdfium get_text_range() {bare:8.1f} pages/s · kxdt pypdfium2 path {ours:7.1f} pages/s"
              f" · cost {bare / ours:4.2f}×")
    stage, lines_only, extract = layout_share(repeated(data, 500), max(3, args.rounds // 3))
    print(f"  500-page copy: page layout stage {stage * 2:.2f} ms/page (lines and hints alone {lines_only * 2:.2f}),"
          f" adds {(stage - lines_only) / (extract + lines_only):.1%} to the pypdfium2 reader's CPU time")


if __name__ == "__main__":
    main()
