"""A large honest input: one text bulletin of about 20 MB (many columns of ordinary articles),
parsed, and exported to DOCX. Prints seconds and peak memory of each, in a child process.

    python benchmarks/large_input.py [--mb 20]

Goals (issue #12): parse ≤ 10 s, DOCX export ≤ 20 s, ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_speed import sentence

STEP = """
import resource, sys, time
from kxdt.api import parse_file
start = time.perf_counter()
issue, _ = parse_file(sys.argv[1])
parsed = time.perf_counter() - start
if sys.argv[2] == "docx":
    from kxdt.render import render
    start = time.perf_counter()
    data = render(issue, "docx")
    print(f"export {time.perf_counter() - start:.1f} s, {len(data) / 1e6:.1f} MB docx", end="; ")
print(f"parse {parsed:.1f} s, {len(issue.articles)} articles, "
      f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "large.txt"
    path.write_text(bulletin(args.mb), encoding="utf-8")
    print(f"{path.stat().st_size / 1e6:.1f} MB of text")
    for step in ("parse", "docx"):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", STEP, str(path), step], capture_output=True, text=True)
        print(f"  {step}: {done.stdout.strip() or done.stderr.strip()[-300:]} (whole process {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
