"""A 20 MB text bulletin exported to DOCX as `kxdt export` does it, beside pandoc.

A large honest input: one bulletin of many columns of ordinary articles, made here.

    python benchmarks/large_input.py [--mb 20] [--rounds R]

Whole processes, interleaved: `kxdt export BIG.txt --to docx` with the default contents
(`--toc auto`: the empty 目录提要 filled with every title, then matched to the titles by the
check that `export` runs) against `--toc keep` (the anchor: the same export without contents),
`kxdt parse BIG.txt --no-archive --json`, and pandoc's text-to-DOCX where it is installed.
Then the peak memory of each kxdt command, once.

Goals (issues #12, #27): the default export ≤ 2× `--toc keep`; ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ENV, header, interleave, kxdt, process, report
from search_speed import sentence

PEAK = """
import resource, runpy, sys
sys.argv = ["kxdt", *sys.argv[1:]]
try:
    runpy.run_module("kxdt", run_name="__main__")
except SystemExit:
    pass
finally:
    print(f"PEAK {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}", file=sys.stderr)
"""


def bulletin(megabytes: float) -> str:
    rng = random.Random(5)
    lines = ["科协每周动态", "", "2024年第9期", "", "（总第103期）", "", "北京市科协办公室　　2024年3月1日", ""]
    size, k = 0, 0
    while size < megabytes * 1e6:
        if k % 40 == 0:
            lines += [f"【栏目{k // 40 + 1}】", ""]
        body = ["\u3000\u3000" + "".join(sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(rng.randint(2, 4))]
        article = [f"第{k + 1}篇文章的标题在这里", *body, f"（第{k % 16 + 1}区科协）", ""]
        lines += article
        size += sum(len(x.encode("utf-8")) + 1 for x in article)
        k += 1
    return "\n".join(lines)


def peak_mb(args: list[str]) -> str:
    done = subprocess.run([sys.executable, "-c", PEAK, *args], capture_output=True, text=True, env=ENV)
    return next((line.split()[1] for line in done.stderr.splitlines() if line.startswith("PEAK")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    header(__doc__.splitlines()[0])
    work = Path(tempfile.mkdtemp(prefix="kxdt-large-"))
    path = work / "large.txt"
    path.write_text(bulletin(args.mb), encoding="utf-8")
    db = work / "empty.sqlite3"
    out = work / "out.docx"
    print(f"{path.stat().st_size / 1e6:.1f} MB of text, {path.read_text(encoding='utf-8').count('篇文章的标题')} articles")
    commands = {
        "kxdt export --toc keep": ["export", str(path), "--to", "docx", "-o", str(out), "--force", "--toc", "keep",
                                   "--db", str(db)],
        "kxdt export (default contents)": ["export", str(path), "--to", "docx", "-o", str(out), "--force", "--db", str(db)],
        "kxdt parse --no-archive --json": ["parse", str(path), "--no-archive", "--json"],
    }
    contenders = {name: process(kxdt(*argv), check=True) for name, argv in commands.items()}
    pandoc = shutil.which("pandoc")
    if pandoc:
        contenders["pandoc BIG.txt -o BIG.docx"] = process([pandoc, str(path), "-f", "markdown", "-o", str(work / "pandoc.docx")])
    timings = interleave(contenders, args.rounds, warm=False)
    report(timings, {"kxdt export (default contents)": "kxdt export --toc keep",
                     "kxdt parse --no-archive --json": "kxdt export --toc keep",
                     "pandoc BIG.txt -o BIG.docx": "kxdt export --toc keep"}, unit="s")
    print("peak memory: " + "; ".join(f"{name} {peak_mb(argv)} MB" for name, argv in commands.items()))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
