"""Whole-process time of kxdt's commands beside a bare Typer app, `python -c pass` and ripgrep.

    python benchmarks/startup.py [--issues N] [--rounds R] [--keep DIR]

All whole processes, interleaved. The bare app is a Typer app with as many commands as kxdt,
each taking a list of words and a few options, whose `search` prints one line: what any Typer
CLI pays before doing its work (the anchor of kxdt's help screens and commands). `kxdt search`
runs over an archive of `--issues` generated issues (search_speed.py's generator); `rg -c -F`
reads the same texts as files; `python -c pass` is the interpreter alone.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import header, interleave, kxdt, process, report
from search_speed import prepared, workspace

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="build the archive and texts here and keep them")
    args = parser.parse_args()
    header(__doc__.splitlines()[0])
    work = workspace(args.keep, "kxdt-startup-")
    db, texts, _, _ = prepared(work, args.issues)
    bare = work / "bare_app.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    py = sys.executable
    contenders = {
        "python -c pass": process([py, "-c", "pass"]),
        "bare Typer app --help": process([py, str(bare), "--help"]),
        "bare Typer app search 科普": process([py, str(bare), "search", "科普"]),
        "kxdt --help": process(kxdt("--help"), check=True),
        "kxdt search 科普": process(kxdt("search", "科普", "--db", str(db)), check=True),
        "kxdt search 防汛 应急": process(kxdt("search", "防汛", "应急", "--db", str(db)), check=True),
        "kxdt list": process(kxdt("list", "--db", str(db)), check=True),
        f"kxdt toc {args.issues}": process(kxdt("toc", str(args.issues), "--db", str(db)), check=True),
    }
    rg = shutil.which("rg")
    if rg:
        contenders["rg -c -F 科普 (the texts as files)"] = process([rg, "-c", "-F", "科普", str(texts)])
    timings = interleave(contenders, args.rounds)
    anchors = {name: "bare Typer app --help" if "--help" in name else "bare Typer app search 科普"
               for name in contenders if name.startswith("kxdt")}
    anchors["kxdt search 科普"] = "rg -c -F 科普 (the texts as files)" if rg else "bare Typer app search 科普"
    print(f"{args.issues} issues; whole processes")
    report(timings, anchors)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
