"""`kxdt check`: an issue as DOCX against the same issue as text, and against a large archive.

    python benchmarks/check_speed.py [--issues N] [--rounds R] [--keep DIR]

Builds an archive of 5,000 generated issues (search_speed.py's generator), and writes a new
issue whose second article is an archived article with its first sentence rewritten — as text
and as a Word file (python-docx, one run per sentence). Interleaved:

- whole processes: `kxdt check ISSUE.docx` against `kxdt check ISSUE.txt` (the same issue: what
  reading Word costs), and both with the archive's repeat check;
- in this interpreter: `check_issue` with and without the archive.

Prints whether the copy was found in the right earlier issue, and that an issue of fresh text
gives no repeat finding.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ENV, call, header, interleave, kxdt, process, report
from search_speed import make_issue, prepared, workspace

from kxdt.api import parse_file
from kxdt.archive import Archive
from kxdt.check import check_issue
from kxdt.model import Issue
from kxdt.render.text import issue_to_text


def word_file(issue: Issue, path: Path) -> None:
    """The issue as a clerk's Word file (python-docx): the masthead and 目录提要 lines as the
    text export writes them, a bold title per article, and its paragraphs with each sentence in
    a run of its own (Word splits text into runs)."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    masthead, contents = issue_to_text(issue).split("\n\n")[:2]
    for line in (*masthead.splitlines(), *(contents.splitlines() if issue.toc else ())):
        document.add_paragraph(line)
    for article in issue.articles:
        if article.column:
            document.add_paragraph(f"【{article.column}】")
        title = document.add_paragraph().add_run(article.title)
        title.bold, title.font.size = True, Pt(22)
        for k, body in enumerate(article.paragraphs):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            last = k == len(article.paragraphs) - 1
            text = body + (f"（{article.source}）" if last and article.source else "")
            for sentence in re.findall(r"[^。！？]+[。！？]?", text):
                paragraph.add_run(sentence).font.size = Pt(16)
    document.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--keep", type=Path, help="build the archive here and keep it")
    args = parser.parse_args()
    header(__doc__.splitlines()[0])
    work = workspace(args.keep, "kxdt-check-")
    db, _, issues, _ = prepared(work, args.issues)
    source = issues[args.issues // 3].articles[4]
    _first, rest = source.paragraphs[0].split("。", 1) if "。" in source.paragraphs[0] else ("", source.paragraphs[0])
    copied = replace(source, title="新一期的标题改过了", paragraphs=("本周，这项工作又有新进展。" + rest, *source.paragraphs[1:]))
    fresh = make_issue(args.issues, random.Random(7))
    new = replace(fresh, articles=(*fresh.articles[:1], copied, *fresh.articles[2:]), file=None, sha256=None)
    text_path, docx_path = work / "new-issue.txt", work / "new-issue.docx"
    text_path.write_text(issue_to_text(new), encoding="utf-8")
    word_file(new, docx_path)
    clean_path = work / "fresh-issue.txt"
    clean_path.write_text(issue_to_text(replace(fresh, file=None, sha256=None)), encoding="utf-8")
    empty = work / "empty.sqlite3"

    found_json = subprocess.run(kxdt("check", str(text_path), "--json", "--only", "repeats", "--db", str(db)),
                                capture_output=True, text=True, env=ENV).stdout
    found = [f for f in json.loads(found_json or "[]") if f["kind"] == "repeat"]
    want = f"总第{issues[args.issues // 3].masthead.total}期"
    right = len(found) == 1 and found[0]["place"]["article"] == 2 and want in found[0]["message"]
    clean_json = subprocess.run(kxdt("check", str(clean_path), "--json", "--only", "repeats", "--db", str(db)),
                                capture_output=True, text=True, env=ENV).stdout
    print(f"archive: {args.issues} issues, {sum(len(i.articles) for i in issues)} articles")
    print(f"copy with a rewritten first sentence found: {'yes' if right else 'NO'} ({found[0]['message'] if found else '—'})")
    print(f"issue of fresh text: {len(json.loads(clean_json or '[]'))} repeat findings")
    same = parse_file(text_path)[0].articles == parse_file(docx_path)[0].articles
    print(f"the Word file parses to the same articles as the text: {'yes' if same else 'NO'}")

    print("\nwhole processes:")
    contenders = {
        "kxdt check ISSUE.txt (no archive)": process(kxdt("check", str(text_path), "--db", str(empty))),
        "kxdt check ISSUE.docx (no archive)": process(kxdt("check", str(docx_path), "--db", str(empty))),
        "kxdt check ISSUE.txt (5,000 issues)": process(kxdt("check", str(text_path), "--db", str(db))),
        "kxdt check ISSUE.docx (5,000 issues)": process(kxdt("check", str(docx_path), "--db", str(db))),
    }
    timings = interleave(contenders, args.rounds)
    report(timings, {"kxdt check ISSUE.docx (no archive)": "kxdt check ISSUE.txt (no archive)",
                     "kxdt check ISSUE.docx (5,000 issues)": "kxdt check ISSUE.txt (5,000 issues)",
                     "kxdt check ISSUE.txt (5,000 issues)": "kxdt check ISSUE.txt (no archive)"})

    print("\nin this interpreter:")
    issue = parse_file(text_path)[0]
    with Archive(db, readonly=True) as archive:
        timings = interleave({"check_issue, no archive": call(lambda: check_issue(issue)),
                              "check_issue, 5,000 issues": call(lambda: check_issue(issue, archive=archive))},
                             args.rounds)
    report(timings, {"check_issue, 5,000 issues": "check_issue, no archive"})
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
