"""`kxdt check` against a large archive: is a copied article found, and how fast.

    python benchmarks/check_speed.py [--issues N] [--keep DIR]

Builds an archive of 5,000 generated issues (the generator of search_speed.py), writes a new
issue as text whose second article is an archived article with its first sentence rewritten,
and times `kxdt check FILE` as a whole process (start-up, parsing and every check, the repeat
check included) and `check_issue` in process. Prints whether the copy was found, with the
right earlier issue, and that an issue of fresh text gives no repeat.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_speed import build_archive, make_issue, workspace

from kxdt.api import parse_file
from kxdt.archive import Archive
from kxdt.check import check_issue
from kxdt.render.text import issue_to_text


def whole_process(args: list[str], rounds: int) -> tuple[float, str]:
    times, output = [], ""
    for _ in range(rounds):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "kxdt", *args], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        output = done.stdout
    return statistics.median(times), output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the archive here and keep it")
    args = parser.parse_args()
    rng = random.Random(20231)
    work = workspace(args.keep, "kxdt-check-")
    db = work / "archive.sqlite3"
    issues = [make_issue(k, rng) for k in range(args.issues)]
    if not db.exists():
        build_archive(db, issues)
    source = issues[args.issues // 3].articles[4]
    _first, rest = source.paragraphs[0].split("。", 1) if "。" in source.paragraphs[0] else ("", source.paragraphs[0])
    copied = replace(source, title="新一期的标题改过了", paragraphs=("本周，这项工作又有新进展。" + rest, *source.paragraphs[1:]))
    latest = issues[-1]
    fresh = make_issue(args.issues, random.Random(7))
    new = replace(fresh, articles=(*fresh.articles[:1], copied, *fresh.articles[2:]), file=None, sha256=None)
    path = work / "new-issue.txt"
    path.write_text(issue_to_text(new), encoding="utf-8")
    clean_path = work / "fresh-issue.txt"
    clean_path.write_text(issue_to_text(replace(fresh, file=None, sha256=None)), encoding="utf-8")

    seconds, output = whole_process(["check", str(path), "--json", "--only", "repeats", "--db", str(db)], args.rounds)
    found = [f for f in json.loads(output or "[]") if f["kind"] == "repeat"]
    want = f"总第{issues[args.issues // 3].masthead.total}期"
    right = len(found) == 1 and found[0]["place"]["article"] == 2 and want in found[0]["message"]
    all_seconds, _ = whole_process(["check", str(path), "--db", str(db)], args.rounds)
    _, clean_output = whole_process(["check", str(clean_path), "--json", "--only", "repeats", "--db", str(db)], 1)
    false_alarms = len(json.loads(clean_output or "[]"))

    issue, _ = parse_file(path)
    with Archive(db, readonly=True) as archive:
        start = time.perf_counter()
        for _ in range(args.rounds):
            check_issue(issue, archive=archive)
        in_process = (time.perf_counter() - start) / args.rounds
    print(f"archive: {args.issues} issues, {sum(len(i.articles) for i in issues)} articles "
          f"(newest 总第{latest.masthead.total}期)")
    print(f"copy with a rewritten first sentence found: {'yes' if right else 'NO'} ({found[0]['message'] if found else '—'})")
    print(f"issue of fresh text: {false_alarms} repeat findings")
    print(f"kxdt check --only repeats, whole process: {seconds * 1000:.0f} ms (median of {args.rounds})")
    print(f"kxdt check (every check), whole process: {all_seconds * 1000:.0f} ms")
    print(f"check_issue in process, every check: {in_process * 1000:.1f} ms")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
