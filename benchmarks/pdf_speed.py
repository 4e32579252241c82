"""Pages per second reading a bulletin PDF: kxdt's pypdf path, its pypdfium2 path, and pypdf's
bare `extract_text()` on the same file, measured in one run.

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


def kxdt_reader(backend: str):
    def run(data: bytes) -> int:
        from kxdt.readers.pdf import read_pdf

        return int(read_pdf(data, "bench.pdf", backend=backend).meta["pages"])

    return run


def kxdt_parse(data: bytes) -> int:
    from kxdt.api import parse
    from kxdt.readers.pdf import read_pdf

    document = read_pdf(data, "bench.pdf", backend="pypdf")
    parse(document)
    return int(document.meta["pages"])


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
    try:
        import pypdfium2  # noqa: F401

        rows.append(("kxdt reader, pypdfium2 path", kxdt_reader("pypdfium2")))
    except ImportError:
        pass
    print(f"{args.pdf.name}: median of {args.rounds} rounds")
    baseline = None
    for label, func in rows:
        rate = measure(func, data, args.rounds)
        baseline = baseline or rate
        print(f"  {label:34s} {rate:8.1f} pages/s   cost {baseline / rate:5.2f}× baseline")


if __name__ == "__main__":
    main()
