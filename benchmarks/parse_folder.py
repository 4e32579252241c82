"""`kxdt parse FOLDER`: text issues parsed and filed, beside a bare full-text index of the same files.

    python benchmarks/parse_folder.py [--issues N] [--rounds R]

Writes N generated issues (search_speed.py's generator) as text files, the way kxdt's text
export lays them out, and times, interleaved:

- whole processes: `kxdt parse FOLDER` (a new archive each time) with `--jobs 1` and `--jobs 2`,
  against a bare Python process that reads the same files and puts their text into a plain
  SQLite FTS5 table (what a person would write for "search my folder");
- in this interpreter: filing the parsed issues (`Archive.add`, batched) against inserting the
  very tokens kxdt indexes into a bare FTS5 table of the same shape.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import call, header, interleave, kxdt, process, report
from search_speed import make_issue

from kxdt.api import parse_file
from kxdt.archive import Archive
from kxdt.archive.tokens import article_tokens
from kxdt.render.text import issue_to_text

BARE_INDEX = """
import pathlib, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
db.execute("CREATE VIRTUAL TABLE texts USING fts5(name, body)")
with db:
    db.executemany("INSERT INTO texts VALUES (?, ?)",
                   ((p.name, p.read_text(encoding="utf-8")) for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))))
"""


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    header(__doc__.splitlines()[0])
    work = Path(tempfile.mkdtemp(prefix="kxdt-folder-"))
    folder = work / "issues"
    folder.mkdir()
    rng = random.Random(20231)
    for k in range(args.issues):
        issue = make_issue(k, rng)
        (folder / f"{k:05d}.txt").write_text(issue_to_text(issue), encoding="utf-8")
    db, bare_db = work / "archive.sqlite3", work / "bare.sqlite3"
    script = work / "bare_index.py"
    script.write_text(BARE_INDEX, encoding="utf-8")

    def parse_folder(jobs: int):
        return process(kxdt("parse", str(folder), "--jobs", str(jobs), "--db", str(db)), check=True,
                       before=lambda: fresh(db))

    contenders = {
        "bare FTS5 index of the files": process([sys.executable, str(script), str(folder), str(bare_db)], check=True,
                                                before=lambda: fresh(bare_db)),
        "kxdt parse FOLDER --jobs 1": parse_folder(1),
        "kxdt parse FOLDER --jobs 2": parse_folder(2),
    }
    print(f"\n{args.issues} text issues; whole processes (each run files into a new archive)")
    timings = interleave(contenders, args.rounds)
    report(timings, {"kxdt parse FOLDER --jobs 1": "bare FTS5 index of the files",
                     "kxdt parse FOLDER --jobs 2": "bare FTS5 index of the files"},
           per=dict.fromkeys(contenders, args.issues), rate="issues")

    issues = [parse_file(p)[0] for p in sorted(folder.glob("*.txt"))]
    tokens = [article_tokens(issue) for issue in issues]

    def file_all() -> None:
        with Archive(fresh(db)) as archive, archive.batch():
            for issue in issues:
                archive.add(issue)

    def bare_tokens() -> None:
        with sqlite3.connect(fresh(bare_db)) as conn:
            conn.execute("CREATE VIRTUAL TABLE f USING fts5(title, body, tokenize = 'unicode61', prefix = '1', content = '')")
            conn.executemany("INSERT INTO f (title, body) VALUES (?, ?)", (pair for made in tokens for pair in made))

    print("\nin this interpreter: filing already-parsed issues")
    timings = interleave({"bare FTS5 inserts of kxdt's tokens": call(bare_tokens), "Archive.add, batched": call(file_all)},
                         args.rounds)
    report(timings, {"Archive.add, batched": "bare FTS5 inserts of kxdt's tokens"},
           per={"bare FTS5 inserts of kxdt's tokens": args.issues, "Archive.add, batched": args.issues}, rate="issues")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
