"""Whole-process time of kxdt's commands beside a bare Typer app, `python -c pass` and ripgrep.

    python benchmarks/startup.py [--issues N] [--rounds R] [--keep DIR]

Every program is run `rounds` times, interleaved (so that a busy moment of the machine hits
them all alike), and the median is printed. The bare app is a Typer app with as many commands
as kxdt, each taking a list of words and a few options, whose `search` prints one line: what
any Typer CLI pays before doing its work. `kxdt search` runs over an archive of `--issues`
generated issues (search_speed.py's generator); `rg -c -F` over the same texts as files.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_speed import build_archive, make_issue, workspace

BARE_APP = '''
from typing import Annotated, Optional
import typer

app = typer.Typer(add_completion=False)

def make(name):
    def command(words: Annotated[list[str], typer.Argument()],
                year: Annotated[Optional[int], typer.Option("--year")] = None,
                name_: Annotated[Optional[str], typer.Option("--name")] = None,
                json: Annotated[bool, typer.Option("--json")] = False) -> None:
        print(name, len(words))
    app.command(name)(command)

for name in ("parse", "check", "toc", "search", "list", "stats", "export", "new-issue"):
    make(name)

if __name__ == "__main__":
    app()
'''


# Compiled modules are cached as a user's installation caches them (pip writes .pyc files at
# install time), even where the environment says not to write them.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--keep", type=Path, help="build the archive and texts here and keep them")
    args = parser.parse_args()
    work = workspace(args.keep, "kxdt-startup-")
    db, texts = work / "archive.sqlite3", work / "texts"
    if not db.exists():
        rng = random.Random(20231)
        issues = [make_issue(k, rng) for k in range(args.issues)]
        build_archive(db, issues)
        texts.mkdir(exist_ok=True)
        for k, issue in enumerate(issues):
            body = "\n".join(a.title + "\n" + "\n".join(a.paragraphs) for a in issue.articles)
            (texts / f"{k + 1}.txt").write_text(body, encoding="utf-8")
    bare = work / "bare_app.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    py = sys.executable
    kxdt = [py, "-m", "kxdt"]
    programs: dict[str, list[str]] = {
        "python -c pass": [py, "-c", "pass"],
        "bare Typer app --help": [py, str(bare), "--help"],
        "bare Typer app search 科普": [py, str(bare), "search", "科普"],
        "kxdt --help": [*kxdt, "--help"],
        "kxdt search 科普": [*kxdt, "search", "科普", "--db", str(db)],
        "kxdt search 防汛 应急": [*kxdt, "search", "防汛", "应急", "--db", str(db)],
        "kxdt list": [*kxdt, "list", "--db", str(db)],
        "kxdt toc 5000": [*kxdt, "toc", str(args.issues), "--db", str(db)],
    }
    rg = shutil.which("rg")
    if rg and texts.exists():
        programs["rg -c -F 科普 (texts as files)"] = [rg, "-c", "-F", "科普", str(texts)]
    times: dict[str, list[float]] = {name: [] for name in programs}
    for argv in programs.values():
        timed(argv)  # warm the file cache (and write the .pyc files)
    for _ in range(args.rounds):
        for name, argv in programs.items():
            times[name].append(timed(argv))
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    base = medians["bare Typer app search 科普"]
    base_help = medians["bare Typer app --help"]
    print(f"{args.issues} issues; median of {args.rounds} runs each (Python {sys.version.split()[0]})")
    print(f"{'program':36s} {'median':>9s} {'vs bare app':>12s}")
    for name, value in medians.items():
        ref = base_help if "--help" in name else base
        print(f"{name:36s} {value * 1000:7.0f} ms {value / ref:11.2f}×")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
