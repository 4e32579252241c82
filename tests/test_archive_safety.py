"""The archive is only written by commands that write; search equals a substring scan."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest
from bulletins import sample_issue
from hypothesis import given, settings
from hypothesis import strategies as st

from kxdt.archive import Archive
from kxdt.archive.query import match_form
from kxdt.model import Article


def test_foreign_sqlite_file_is_refused_and_untouched(cli, tmp_path):
    db = tmp_path / "notes.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('我的笔记')")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for args in (["list"], ["search", "科协"], ["stats"]):
        result = cli(*args, "--db", db)
        assert result.exit_code == 6 and "别的程序" in result.stderr
    assert db.read_bytes() == before
    assert not (tmp_path / "notes.sqlite3-wal").exists()


def test_readers_do_not_wait_for_a_writer(cli, tmp_path, monkeypatch):
    """While another connection holds the write lock (a batch filing), list and search answer
    at once from what is committed (a reader waiting for the lock would time out: exit 6)."""
    import kxdt.archive.store as store

    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.add(sample_issue().with_origin("a.txt", "a" * 64))
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO issues (name, sha256, data, added) VALUES ('x', 'b', '{}', 'now')")
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    try:
        listed = cli("list", "--db", db, "--json")
        found = cli("search", "大篷车", "--db", db, "--json")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)["issues"]) == 1
    assert found.exit_code == 0 and len(json.loads(found.stdout)) == 1


def test_like_wildcards_in_filters_are_literal(cli, tmp_path):
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.add(sample_issue().with_origin("a.txt", "a" * 64))
    for option in ("--column", "--source", "--name"):
        result = cli("search", "科", option, "%", "--db", db, "--json")
        assert result.exit_code == 0 and json.loads(result.stdout) == [], option
        result = cli("search", "科", option, "_", "--db", db, "--json")
        assert json.loads(result.stdout) == [], option


WORDS = ["科技", "创新", "科普", "学会", "协会", "服务", "活动", "工作", "会议", "发展"]


def _archive_of_many(path) -> list[tuple[str, str]]:
    """40 issues whose articles mix the same words in different orders and with punctuation, so
    the index over-approximates often (words adjacent across a 、 or a paragraph break)."""
    base = sample_issue()
    texts: list[tuple[str, str]] = []
    with Archive(path) as archive:
        for n in range(40):
            articles = []
            for k in range(3):
                words = [WORDS[(n * 7 + k * 3 + j) % len(WORDS)] for j in range(6)]
                title = f"第{n}期{words[0]}{words[1]}报道{k}"
                body = (f"{words[2]}、{words[3]}，{words[4]}和{words[5]}。", f"{words[5]}{words[0]}成效明显。")
                articles.append(Article(title=title, paragraphs=body, column="综合"))
                texts.append((title, title + "\n" + "\n".join(body)))
            m = replace(base.masthead, total=500 + n, number=n % 50 + 1, date=f"20{10 + n // 4:02d}-0{n % 4 + 1}-0{n % 9 + 1}")
            archive.add(replace(base, masthead=m, articles=tuple(articles)).with_origin(f"{n}.txt", f"{n:064d}"))
    return texts


@settings(max_examples=40, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "科", "技、创", "、", "会，", "活动和", "明显"]), min_size=1, max_size=2))
def test_search_equals_a_substring_scan(tmp_path_factory, terms):
    path = tmp_path_factory.mktemp("many") / "a.db"
    texts = _archive_of_many(path)
    query = " ".join(f'"{t}"' for t in terms)
    with Archive(path, readonly=True) as archive:
        try:
            everything = archive.search(query, limit=None)
        except Exception as error:  # only a query with nothing searchable may be refused
            assert "没有可搜索" in str(error)
            return
        first = archive.search(query)
    wanted = [match_form(t) for t in terms]
    expected = {title for title, text in texts if all(w in match_form(text) for w in wanted)}
    assert {h.title for h in everything.hits} == expected
    assert len(first.hits) == min(20, len(expected))
    assert [h.title for h in first.hits] == [h.title for h in everything.hits][: len(first.hits)]


def test_letters_beyond_ascii_and_the_iteration_mark_are_searchable(tmp_path):
    base = sample_issue()
    article = Article(title="人们关注Ω粒子与Müller教授的报告", paragraphs=("代表们纷纷发言，会场气氛热烈。",))
    with Archive(tmp_path / "a.db") as archive:
        archive.add(replace(base, articles=(article,)).with_origin("a.txt", "a" * 64))
        for query in ("Ω", "Mül", "Müller", "üller", "ller", "们", "纷纷"):  # inside words too
            assert [h.title for h in archive.search(query).hits] == [article.title], query


LATIN = ["Science", "Technology", "İstanbul", "Müller", "5G", "2024", "Ωmega", "AI", "and", "week"]


def _latin_archive(path) -> list[tuple[str, str]]:
    base = sample_issue()
    texts: list[tuple[str, str]] = []
    with Archive(path) as archive:
        for n in range(12):
            words = [LATIN[(n * 3 + j) % len(LATIN)] for j in range(5)]
            title = f"第{n}期{words[0]}报道"
            body = (f"{words[1]} {words[2]}，{words[3]}{words[4]}活动。",)
            texts.append((title, title + "\n" + "\n".join(body)))
            m = replace(base.masthead, total=700 + n)
            archive.add(replace(base, masthead=m, articles=(Article(title=title, paragraphs=body),))
                        .with_origin(f"{n}.txt", f"{n + 100:064d}"))
    return texts


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.sampled_from(LATIN), st.integers(0, 8), st.integers(1, 9))
def test_latin_substrings_are_found_as_a_substring_scan_finds_them(tmp_path_factory, word, start, length):
    """Any piece of a Latin or mixed word (`ience`, `stanbul`, `024`) is found, whatever the limit."""
    piece = word[start : start + length]
    if not piece.strip():
        return
    path = tmp_path_factory.mktemp("latin") / "a.db"
    texts = _latin_archive(path)
    with Archive(path, readonly=True) as archive:
        everything = archive.search(f'"{piece}"', limit=None)
        first = archive.search(f'"{piece}"')
    want = match_form(piece)
    expected = {title for title, text in texts if want in match_form(text)}
    assert {h.title for h in everything.hits} == expected and expected
    assert [h.title for h in first.hits] == [h.title for h in everything.hits][: len(first.hits)]


def test_a_batch_files_each_issue_whole_and_a_refusal_leaves_the_others(tmp_path):
    """Inside Archive.batch() (kxdt parse FOLDER): commits per group, each issue a savepoint."""
    from dataclasses import replace as _replace

    from kxdt.archive import store
    from kxdt.errors import RefusedError

    base = sample_issue()
    path = tmp_path / "a.sqlite3"
    with Archive(path) as archive, archive.batch():
        for k in range(store.BATCH_CHANGES + 5):
            archive.add(_replace(base, masthead=_replace(base.masthead, total=1000 + k), sha256=f"{k:064d}"))
        clash = _replace(base, masthead=_replace(base.masthead, total=1000), articles=base.articles[:1], sha256="f" * 64)
        with pytest.raises(RefusedError):
            archive.add(clash)
        archive.add(_replace(base, masthead=_replace(base.masthead, total=999), sha256="e" * 64))
    with Archive(path, readonly=True) as archive:
        rows = archive.issues()
        assert len(rows) == store.BATCH_CHANGES + 6
        assert all(row.articles == len(base.articles) for row in rows)
        assert archive.get(1000).articles == base.articles
