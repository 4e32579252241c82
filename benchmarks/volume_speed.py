"""The year volume (年度汇编) of many archived issues: seconds and peak memory of making the DOCX,
each run in a child process, interleaved with what a clerk could script instead — python-docx
adding the same text paragraph by paragraph (no contents, no page references) — and pandoc
from Markdown where it is installed. Issues are generated (tests/bulletins.py) and archived
first; every program reads them from the same archive.

    python benchmarks/volume_speed.py [--issues 500] [--runs 3] [--pdf]

Goal (issue #25): 500 issues in well under a minute, memory that does not grow with the volume.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

KXDT = """
import resource, sys, time
from kxdt.archive import Archive
from kxdt.archive.selection import Selection
from kxdt.io.files import write_atomic_with
from kxdt.render.volume import write_volume
from kxdt.archive.volume import plan_volume, volume_issues
start = time.perf_counter()
with Archive(sys.argv[1], readonly=True) as archive:
    upto = sys.argv[3]
    volume = plan_volume(archive, Selection(name="科协每周动态", totals=((1, int(upto)),) if upto != "all" else ()))
    write_atomic_with(sys.argv[2], lambda fh: write_volume(fh, volume, volume_issues(archive, volume)), force=True)
print(f"{time.perf_counter() - start:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} "
      f"{len(volume.issues)}")
"""

# What a clerk with Python would write: python-docx, one paragraph at a time, a page break
# between issues, fonts by name only (no East Asian slot, no contents, no page references).
PYTHON_DOCX = """
import resource, sys, time
import docx
from docx.enum.text import WD_BREAK
from kxdt.archive import Archive
from kxdt.archive.selection import Selection
start = time.perf_counter()
document = docx.Document()
count = 0
with Archive(sys.argv[1], readonly=True) as archive:
    upto = sys.argv[3]
    records = archive.select_issues(Selection(name="科协每周动态", totals=((1, int(upto)),) if upto != "all" else ()))
    for k, record in enumerate(records):
        issue = archive.issue_by_id(record.id)
        m = issue.masthead
        if k:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_paragraph(m.name or "")
        document.add_paragraph(m.label())
        document.add_paragraph(f"{m.issuer or ''}  {m.date or ''}")
        for line in issue.toc:
            document.add_paragraph("●" + line)
        column = None
        for article in issue.articles:
            if article.column and article.column != column:
                document.add_paragraph(f"【{article.column}】")
            column = article.column
            document.add_heading(article.title, level=2)
            for text in article.paragraphs:
                document.add_paragraph(text)
            if article.source:
                document.add_paragraph(f"（{article.source}）")
        count += 1
document.save(sys.argv[2])
print(f"{time.perf_counter() - start:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} {count}")
"""


def build_archive(db: Path, count: int) -> None:
    """`count` generated issues (50 weekly issues a year and a supplement) in an archive."""
    from bulletins import year_of_issues

    from kxdt.archive import Archive

    issues = []
    year, total = 2000, 1
    while len(issues) < count:
        batch = year_of_issues(year, weeks=50, missing=(), first_total=total, seed=year)
        issues += batch[: count - len(issues)]
        year, total = year + 1, total + 50
    with Archive(db) as archive, archive.batch():
        for k, issue in enumerate(issues):
            archive.add(issue.with_origin(f"/bench/{k}.txt", hashlib.sha256(f"{k}".encode()).hexdigest()))


def child(script: str, db: Path, out: Path, upto: str) -> tuple[float, float, int, float]:
    """(seconds inside, peak MB, issues, whole process seconds) of one run."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, str(db), str(out), upto],
                          capture_output=True, text=True, check=False)
    whole = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(done.stderr[-2000:])
    seconds, peak, issues = done.stdout.split()
    return float(seconds), float(peak), int(issues), whole


def pandoc_markdown(db: Path, path: Path) -> None:
    from kxdt.archive import Archive
    from kxdt.archive.selection import Selection
    from kxdt.render.markdown import issue_to_markdown

    with Archive(db, readonly=True) as archive, open(path, "w", encoding="utf-8") as fh:
        for record in archive.select_issues(Selection(name="科协每周动态")):
            fh.write(issue_to_markdown(archive.issue_by_id(record.id)).split("\n---\n", 1)[-1] + "\n\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also time LibreOffice making a PDF of the volume")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kxdt-volume-bench-"))
    db = folder / "archive.sqlite3"
    small = max(1, args.issues // 5)
    start = time.perf_counter()
    build_archive(db, args.issues)
    print(f"{args.issues} generated issues archived in {time.perf_counter() - start:.1f} s")

    results: dict[str, list[tuple[float, float, int, float]]] = {}
    programs = [("kxdt volume", KXDT, "all"), (f"kxdt volume, 总第1–{small}期", KXDT, str(small)),
                ("python-docx, paragraph by paragraph", PYTHON_DOCX, "all")]
    for _ in range(args.runs):  # interleaved, so a busy moment of the machine hits all alike
        for k, (name, script, upto) in enumerate(programs):
            results.setdefault(name, []).append(child(script, db, folder / f"{k}.docx", upto))
    base = statistics.median(r[0] for r in results["python-docx, paragraph by paragraph"])
    print(f"\n{'program':40} {'issues':>6} {'median s':>9} {'process s':>10} {'peak MB':>8} {'vs python-docx':>15}")
    for name, runs in results.items():
        seconds = statistics.median(r[0] for r in runs)
        whole = statistics.median(r[3] for r in runs)
        peak = max(r[1] for r in runs)
        print(f"{name:40} {runs[0][2]:>6} {seconds:>9.2f} {whole:>10.2f} {peak:>8.0f} {seconds / base:>14.2f}×")

    if shutil.which("pandoc"):
        source = folder / "volume.md"
        pandoc_markdown(db, source)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(["pandoc", str(source), "-o", str(folder / "pandoc.docx")], check=True)
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times)
        print(f"{'pandoc, Markdown → DOCX (no layout)':40} {args.issues:>6} {seconds:>9.2f} {'':>10} {'':>8} "
              f"{seconds / base:>14.2f}×")
    else:
        print("pandoc is not installed: no pandoc figure")
    volume = folder / "0.docx"
    print(f"\nvolume DOCX: {volume.stat().st_size / 1e6:.1f} MB")
    if args.pdf and shutil.which("soffice"):
        start = time.perf_counter()
        profile = folder / "lo-profile"
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), str(volume)], check=True, capture_output=True)
        from pypdf import PdfReader

        pages = len(PdfReader(folder / "0.pdf").pages)
        print(f"LibreOffice → PDF: {time.perf_counter() - start:.1f} s, {pages} pages")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
