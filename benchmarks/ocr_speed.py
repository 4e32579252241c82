"""OCR speed and accuracy: our example issue's PDF as a 150-dpi image-only scan, read through
kxdt[ocr]; prints seconds per page and how much of the body text comes back exactly.

    python3 benchmarks/ocr_speed.py
"""

from __future__ import annotations

import difflib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from scans import image_only_pdf, page_images  # noqa: E402

from kxdt.api import parse_file  # noqa: E402
from kxdt.readers import ocr  # noqa: E402


def main() -> int:
    if not ocr.available():
        print("the OCR extra is not installed: pip install 'kxdt[ocr]'")
        return 1
    source = ROOT / "examples" / "kxdt-2024-09.pdf"
    text = parse_file(source)[0]
    images = page_images(source, 150)
    with tempfile.TemporaryDirectory() as folder:
        scan = Path(folder) / "scan.pdf"
        scan.write_bytes(image_only_pdf(images, 150))
        ocr._engine()  # load the models once, outside the timing
        started = time.perf_counter()
        issue = parse_file(scan)[0]
        seconds = time.perf_counter() - started
    want = "".join(p for a in text.articles for p in a.paragraphs)
    got = "".join(p for a in issue.articles for p in a.paragraphs)
    ratio = difflib.SequenceMatcher(None, got, want, autojunk=False).ratio()
    same = [(a.column, a.title, a.source) for a in issue.articles] == [(a.column, a.title, a.source) for a in text.articles]
    print(f"{len(images)} pages at 150 dpi: {seconds / len(images):.1f} s a page; body characters {ratio:.2%} "
          f"alike; masthead {'same' if issue.masthead == text.masthead else 'different'}; "
          f"columns, titles and sources {'same' if same else 'different'}; mean confidence {issue.ocr}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
