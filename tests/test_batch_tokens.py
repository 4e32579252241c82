"""With `--jobs`, worker processes make the articles' index tokens, so that the one process
writing the archive only writes; the archive they fill answers every search as one filled in
a single process."""

from __future__ import annotations

from dataclasses import replace

import pytest
from bulletins import sample_issue

from kxdt.archive import Archive
from kxdt.batch import parse_many
from kxdt.render.text import issue_to_text

QUERIES = ["科协", "科", "座谈会", "学会 工作", "山区", "2022"]


def folder_of_issues(folder, count=6):
    folder.mkdir()
    base = sample_issue()
    for k in range(count):
        masthead = replace(base.masthead, total=500 + k, number=k + 1)
        (folder / f"{k}.txt").write_text(issue_to_text(replace(base, masthead=masthead)), encoding="utf-8")
    return sorted(folder.iterdir())


def filed(paths, db, jobs):
    given = []
    with Archive(db) as archive, archive.batch():
        def file_in(issue, tokens=None):
            given.append(tokens is not None)
            return archive.add(issue, tokens=tokens)

        outcomes = parse_many(paths, file_in=file_in, jobs=jobs)
    assert all(o.error is None for o in outcomes)
    return given


def test_tokens_made_in_workers_file_the_same_archive(tmp_path):
    paths = folder_of_issues(tmp_path / "issues")
    assert filed(paths, tmp_path / "one.sqlite3", jobs=1) == [False] * len(paths)
    assert filed(paths, tmp_path / "two.sqlite3", jobs=2) == [True] * len(paths)
    with Archive(tmp_path / "one.sqlite3") as one, Archive(tmp_path / "two.sqlite3") as two:
        for query in QUERIES:
            a, b = one.search(query, limit=None), two.search(query, limit=None)
            assert a.hits and a == b


def test_tokens_that_do_not_fit_the_issue_are_refused(tmp_path):
    issue = sample_issue().with_origin("x.txt", "b" * 64)
    with Archive(tmp_path / "a.sqlite3") as archive:
        with pytest.raises(ValueError):
            archive.add(issue, tokens=[("科协", "科协")])  # one article's tokens for an issue of four
        assert archive.is_empty()
