"""Fuzz kxdt with mutated bulletins: hostile snippets inserted at random places of our own
sample issue, each run through parse → archive → search/list/stats → export to DOCX in one
process. Prints how each step ended; any internal error is a bug.

    python3 benchmarks/fuzz.py [COUNT] [SEED]
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bulletins import sample_issue, scraped
from test_hostile import HOSTILE

from kxdt.api import parse_text
from kxdt.archive import Archive
from kxdt.errors import KxdtError
from kxdt.render.docx import issue_to_docx


def main(count: int, seed: int) -> int:
    rng = random.Random(seed)
    base = scraped(sample_issue(), blank_lines=False, junk=False)
    outcomes: Counter[str] = Counter()
    bugs: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        archive = Archive(Path(folder) / "fuzz.sqlite3")
        for n in range(count):
            text = base
            for _ in range(rng.randint(1, 12)):
                k = rng.randint(0, len(text))
                text = text[:k] + rng.choice(HOSTILE) + text[k:]
            try:
                issue = parse_text(text).with_origin(f"fuzz-{n}.txt", f"{n:064x}")
                outcomes["parsed"] += 1
                try:
                    archive.add(issue, replace=True)
                    outcomes["archived"] += 1
                except KxdtError:
                    outcomes["refused by the archive"] += 1
                import docx

                docx.Document(io.BytesIO(issue_to_docx(issue)))
                outcomes["exported"] += 1
                archive.issues()
                archive.stats()
                try:
                    archive.search(rng.choice(["科协", "[bold", "\u202e科", "总第", "%"]))
                    outcomes["searched"] += 1
                except KxdtError:
                    outcomes["query refused (nothing searchable)"] += 1
            except KxdtError as error:
                outcomes[f"exit {error.exit_code}"] += 1
            except Exception as error:  # a bug
                bugs.append(f"#{n}: {type(error).__name__}: {error}")
        archive.close()
    seconds = time.perf_counter() - started
    print(f"{count} mutated bulletins in {seconds:.1f} s (seed {seed})")
    for outcome, n in outcomes.most_common():
        print(f"  {outcome}: {n}")
    print(f"  internal errors: {len(bugs)}")
    for bug in bugs[:20]:
        print("   ", bug)
    return 1 if bugs else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300, int(sys.argv[2]) if len(sys.argv) > 2 else 1))
