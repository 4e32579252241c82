"""The archive is only written by commands that write; search equals a substring scan."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

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


def _foreign_databases(folder):
    """Files at the archive's path that are not kxdt archives: tables named like kxdt's with a
    schema version of 7 or 1, a database with no tables, an empty file, another program's notes."""
    made = {}
    for name, version in (("look-alike-7.db", 7), ("look-alike-1.db", 1)):
        conn = sqlite3.connect(folder / name)
        conn.execute("CREATE TABLE issues (id INTEGER PRIMARY KEY, x TEXT)")
        conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, y TEXT)")
        conn.execute(f"PRAGMA user_version = {version}")
        conn.commit()
        conn.close()
        made[name] = folder / name
    conn = sqlite3.connect(folder / "no-tables.db")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    made["no-tables.db"] = folder / "no-tables.db"
    (folder / "empty.db").write_bytes(b"")
    made["empty.db"] = folder / "empty.db"
    conn = sqlite3.connect(folder / "notes.db")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('我的笔记')")
    conn.commit()
    conn.close()
    made["notes.db"] = folder / "notes.db"
    return made


def test_foreign_sqlite_files_are_byte_identical_after_every_command(cli, tmp_path):
    """Identified before any write or pragma: each is refused (exit 6) with its bytes and
    header unchanged and no -wal, -shm or -journal file made beside it."""
    from bulletins import scraped

    issue = tmp_path / "issue.txt"
    issue.write_text(scraped(sample_issue()), encoding="utf-8")
    commands = (["list"], ["search", "科协"], ["stats"], ["parse", issue], ["toc", "412"], ["check", issue],
                ["export", "412", "--to", "txt", "-o", tmp_path / "out.txt", "--force"],
                ["new-issue", "--number", "413", "--out", tmp_path])
    for name, db in _foreign_databases(tmp_path).items():
        before = db.read_bytes()
        for args in commands:
            result = cli(*args, "--db", db)
            assert result.exit_code == 6 and "未做任何改动" in result.stderr, (name, args, result.stderr)
            assert db.read_bytes() == before, (name, args)
            assert not [s for s in ("-wal", "-shm", "-journal") if Path(f"{db}{s}").exists()], (name, args)


def test_a_device_is_never_an_archive(cli, tmp_path):
    from bulletins import scraped

    issue = tmp_path / "issue.txt"
    issue.write_text(scraped(sample_issue()), encoding="utf-8")
    before = set(Path("/dev").iterdir())
    for args in (["list"], ["parse", issue]):
        result = cli(*args, "--db", "/dev/null")
        assert result.exit_code == 6 and "不是普通文件" in result.stderr
    assert set(Path("/dev").iterdir()) == before  # no /dev/null-journal, -wal or -shm
    assert Path("/dev/null").is_char_device()


def test_a_new_archive_takes_its_path_only_when_whole(tmp_path):
    db = tmp_path / "new" / "a.db"
    with Archive(db) as archive:
        assert archive.is_empty()
    assert db.stat().st_size > 0 and [p.name for p in db.parent.iterdir()] == ["a.db"]
    with Archive(db) as archive:  # and it is then known as kxdt's
        archive.add(sample_issue().with_origin("a.txt", "a" * 64))


def _as_reader_only(command: list[str]) -> list[str]:
    """`command` run without the power to write files the user does not own: as root, without
    the capabilities that override file permissions (setpriv); otherwise as is."""
    import os
    import shutil

    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot read as a user without write permission")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *command]


def test_reading_commands_work_on_an_archive_the_user_cannot_write(tmp_path):
    import os
    import subprocess
    import sys

    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "archive.sqlite3"
    with Archive(db) as archive:
        archive.add(sample_issue().with_origin("a.txt", "a" * 64))
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        before = db.read_bytes()
        for args, shows in ((["list", "--json"], '"total": 412'), (["search", "大篷车", "--json"], "科普大篷车"),
                            (["stats", "--json"], '"issues": 1'), (["export", "412", "--to", "txt", "-o", "-"], "科普大篷车"),
                            (["toc", "412"], "科普大篷车")):
            proc = subprocess.run(_as_reader_only([sys.executable, "-m", "kxdt", *args, "--db", str(db)]),
                                  capture_output=True, text=True, env=env, timeout=120)
            assert proc.returncode == 0 and shows in proc.stdout, (args, proc.stderr)
        assert db.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["archive.sqlite3"]
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


def test_a_batch_never_holds_the_write_lock_while_reading_its_files(cli, tmp_path, monkeypatch):
    """`kxdt parse FOLDER` files each issue in a transaction of its own: while it reads its next
    files, another writer gets the lock within moments (it would wait for the whole batch)."""
    import threading
    import time
    from dataclasses import replace as _replace

    from bulletins import scraped

    import kxdt.api as api
    from kxdt.archive import store

    folder = tmp_path / "issues"
    folder.mkdir()
    base = sample_issue()
    for k in range(6):
        issue = _replace(base, masthead=_replace(base.masthead, total=600 + k))
        (folder / f"{k}.txt").write_text(scraped(issue), encoding="utf-8")
    real = api.parse

    def slow(document, *, path=None):
        time.sleep(0.4)  # a file that takes its time (OCR, a long PDF)
        return real(document, path=path)

    monkeypatch.setattr(api, "parse", slow)
    db = tmp_path / "a.db"
    Archive(db).close()
    batch = threading.Thread(target=lambda: cli("parse", folder, "--db", db))
    batch.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with Archive(db, readonly=True) as reader:
                if len(reader.issues()) >= 2:
                    break
            time.sleep(0.05)
        monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.3)
        monkeypatch.setattr(store, "WRITE_WAIT_S", 0.3)
        with Archive(db) as writer:  # opening for writing takes the lock too (migrations)
            writer.add(_replace(base, masthead=_replace(base.masthead, total=999)).with_origin("b.txt", "b" * 64))
    finally:
        batch.join()
    with Archive(db, readonly=True) as reader:
        assert len(reader.issues()) == 7


def test_a_writer_waits_for_another_and_says_so(cli, tmp_path, monkeypatch, seed_path):
    import threading

    from kxdt.archive import store

    db = tmp_path / "a.db"
    Archive(db).close()
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.5, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        result = cli("parse", seed_path, "--db", db)
    finally:
        release.join()
        holder.close()
    assert result.exit_code == 0, result.stderr
    assert "归档正被另一个程序写入" in result.stderr and "已归档" in result.stderr
