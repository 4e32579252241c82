"""OCR of a scanned issue, in process, beside the bare OCR engine on the same page images.

    python benchmarks/ocr_speed.py [--dpi 150] [--rounds R]

The scan is made here: the repository's example issue (examples/kxdt-2024-09.pdf) rendered to
greyscale page images at `--dpi` and saved as an image-only PDF, as a scanner leaves it.
Interleaved, in this interpreter: RapidOCR alone on the page images (the anchor: what kxdt[ocr]
runs underneath), kxdt's reader on the scanned PDF (`read_pdf`: pages rendered, read, laid
out), and reader + parse. Each one's text is compared with the example's own text layer
(characters alike, whitespace ignored), so the ratio is at a known accuracy.
"""

from __future__ import annotations

import argparse
import difflib
import io
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, call, header, interleave, report

EXAMPLE = ROOT / "examples" / "kxdt-2024-09.pdf"


def scan(dpi: int) -> tuple[list, bytes, str]:
    """The example's pages as greyscale images, as an image-only PDF, and its true text."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(EXAMPLE))
    images, truth = [], []
    for index in range(len(document)):
        page = document[index]
        images.append(page.render(scale=dpi / 72).to_pil().convert("L"))
        truth.append(page.get_textpage().get_text_range())
    document.close()
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return images, buffer.getvalue(), "".join(truth)


def alike(got: str, want: str) -> float:
    squeeze = re.compile(r"\s+")
    return difflib.SequenceMatcher(None, squeeze.sub("", got), squeeze.sub("", want), autojunk=False).ratio()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    header(__doc__.splitlines()[0])
    from kxdt.readers import ocr

    if not ocr.available():
        print("the OCR extra is not installed (pip install 'kxdt[ocr]'): nothing to measure")
        return 1
    import numpy as np

    from kxdt.api import parse
    from kxdt.readers.positioned import read_pdf

    images, scanned, truth = scan(args.dpi)
    arrays = [np.array(image.convert("RGB"))[:, :, ::-1] for image in images]
    engine = ocr._engine()  # the models load once, outside the timing
    texts: dict[str, str] = {}

    def bare() -> None:
        texts["RapidOCR alone"] = "".join(str(found[1]) for array in arrays for found in (engine(array)[0] or []))

    def reader() -> None:
        document = read_pdf(scanned, "scan.pdf")
        texts["kxdt reader (scan PDF)"] = "".join(line.text for line in document.lines)

    def reader_and_parse() -> None:
        issue = parse(read_pdf(scanned, "scan.pdf"))
        texts["kxdt reader + parse"] = issue.masthead.name or ""

    contenders = {"RapidOCR alone": call(bare), "kxdt reader (scan PDF)": call(reader),
                  "kxdt reader + parse": call(reader_and_parse)}
    print(f"{len(images)} pages at {args.dpi} dpi")
    timings = interleave(contenders, args.rounds, warm=False)
    report(timings, {"kxdt reader (scan PDF)": "RapidOCR alone", "kxdt reader + parse": "kxdt reader (scan PDF)"},
           unit="s", per=dict.fromkeys(contenders, len(images)), rate="pages")
    for name in ("RapidOCR alone", "kxdt reader (scan PDF)"):
        print(f"  {name}: {alike(texts[name], truth):.2%} of the text layer's characters alike")
    return 0


if __name__ == "__main__":
    sys.exit(main())
