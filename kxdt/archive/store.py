"""The Archive class: all SQL lives here and in schema.py."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ArchiveError, RefusedError
from ..model import Issue
from .identify import identify
from .listing import weakest_part
from .query import (
    Hit,
    SearchFilters,
    SearchResult,
    article_match,
    fts_expression,
    split_terms,
    title_expression,
)
from .schema import MIGRATIONS, REINDEX_AFTER, SCHEMA_VERSION
from .selection import ArticleRecord, IssueRecord, Selection, select_articles, select_issues
from .tokens import index_tokens

# One wait for another writer's lock; a writer waits again (saying so) up to WRITE_WAIT_S.
BUSY_TIMEOUT_S = 5.0
WRITE_WAIT_S = 600.0
BATCH_CHANGES = 200  # issues filed per commit inside Archive.batch()
BATCH_HOLD_S = 2.0  # …or fewer, when a group has held the write lock this long


# Who wants to hear that a writer is waiting for another's lock: (archive path, seconds waited).
LockWait = Callable[[str, float], None]
_lock_wait: ContextVar[LockWait | None] = ContextVar("kxdt_lock_wait", default=None)


@contextmanager
def lock_wait_progress(callback: LockWait) -> Iterator[None]:
    """Call `callback` each time a change in this block has waited another BUSY_TIMEOUT_S for
    the archive's write lock (the core never prints)."""
    token = _lock_wait.set(callback)
    try:
        yield
    finally:
        _lock_wait.reset(token)


def default_db_path() -> Path:
    """`--db`, else `KXDT_DB`, else the user's data directory."""
    env = os.environ.get("KXDT_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("kxdt", appauthor=False) / "archive.sqlite3"


@dataclass(frozen=True)
class FileResult:
    status: str  # "added", "unchanged" (this very file), "same" (its content, from another file) or "replaced"
    issue_id: int
    label: str
    archived_file: str | None = None  # with "same": the file the issue was archived from


def _content(issue: Issue) -> tuple[object, ...]:
    """What makes two files the same issue: masthead, highlights and articles (not pages,
    which formats know differently, nor origin and warnings)."""
    return (issue.masthead, issue.toc,
            tuple((a.column, a.title, a.paragraphs, a.source) for a in issue.articles))


@dataclass(frozen=True)
class IssueRow:
    id: int
    name: str | None
    year: int | None
    number: int | None
    total: int | None
    date: str | None
    file: str | None
    articles: int


@dataclass(frozen=True)
class ArchivedIssue:
    """An issue as the archive holds it: its row (archive id, file), the issue, and its
    neighbours in its publication's numbering."""

    row: IssueRow
    issue: Issue
    previous: IssueRow | None
    next: IssueRow | None


@dataclass(frozen=True)
class DoubtfulRow:
    """An archived issue worth a look: how sure its parse was, and of what least."""

    id: int
    name: str | None
    year: int | None
    number: int | None
    total: int | None
    date: str | None
    file: str | None
    confidence: float
    weakest: str | None  # `报头的日期（50%）`, `第3篇《…》（45%）`
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ArchivedArticle:
    id: int
    title: str
    body: str
    name: str | None
    total: int | None
    year: int | None
    number: int | None
    date: str | None
    sha256: str

    def issue_label(self) -> str:
        return _label(self.total, self.year, self.number)


# articles.id = day number of the issue's date << DAY_SHIFT | slot: descending ids are newest
# issue first, then the higher 总第 number, then the article's order within its issue.
DAY_SHIFT = 20
SLOT_SPAN = 1 << DAY_SHIFT
MAX_ARTICLES = 1000


def article_key(date: str | None, total: int | None, seq: int) -> int:
    from datetime import date as Date

    day = Date.fromisoformat(date).toordinal() if date else 0
    slot = ((total or 0) % 1000) * MAX_ARTICLES + (MAX_ARTICLES - 1 - min(seq, MAX_ARTICLES - 1))
    return (day << DAY_SHIFT) | slot


F = TypeVar("F", bound=Callable[..., Any])


def _guarded(method: F) -> F:
    """SQLite failures while reading (locked, corrupt) become an ArchiveError with a way out."""

    @functools.wraps(method)
    def wrapper(self: Archive, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as err:
            raise ArchiveError(f"读取归档失败（{err}）：请稍后重试，或检查数据库文件是否损坏", path=str(self.path)) from None

    return wrapper  # type: ignore[return-value]


def _label(issue_total: int | None, year: int | None, number: int | None) -> str:
    if issue_total is not None:
        return f"总第{issue_total}期"
    return f"{year or '?'}年第{number or '?'}期"


class Archive:
    def __init__(self, path: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> None:
        """Open (or, unless `readonly`, create) the archive. A read-only archive never writes to
        the file and never waits for a writer; a missing one reads as empty. What is at the
        path is identified first, without a byte written (identify.py): only kxdt's own archive
        is opened, and a new one is made whole before it takes the path."""
        self.path = Path(path) if path else default_db_path()
        self.readonly = readonly
        self._batched: int | None = None  # changes in the batch's open group, inside batch()
        self._group_started = 0.0
        try:
            found = identify(self.path)
            if not found.exists and readonly:
                self.conn = self._connect(":memory:")
                self._migrate()
            elif not found.exists:
                self._create()
                self._open_writable()
            elif readonly:
                if found.version < SCHEMA_VERSION:
                    self._upgrade()
                self.conn = self._open_readonly()
            else:
                self._open_writable()
        except sqlite3.DatabaseError as err:
            raise ArchiveError(f"归档数据库无法使用（{err}）：请检查文件是否损坏或被占用", path=str(self.path)) from None
        except OSError as err:
            from ..io.places import os_reason

            raise ArchiveError(f"无法创建归档（{os_reason(err)}）：请用 --db 指定一个可写的位置", path=str(self.path)) from None

    def _open_writable(self) -> None:
        self.conn = self._connect(str(self.path))
        self.conn.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL keeps every committed issue through a killed process and
        # the archive consistent through a power cut (which may lose the last issues
        # filed); FULL would sync the disk after every issue, at a third of the speed.
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    def _create(self) -> None:
        """Make a new archive in a temporary file beside the path and give it the path only when
        whole (so an empty or half-made file at the path is never kxdt's). Another kxdt making
        it at the same moment wins; this one then opens theirs."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".new", dir=self.path.parent)
        os.close(handle)
        temporary = Path(name)
        try:
            self.conn = self._connect(name)
            self.conn.execute("PRAGMA journal_mode = WAL")
            self._migrate()
            self.conn.close()
            try:
                os.link(temporary, self.path)
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links
                if not self.path.exists():
                    os.replace(temporary, self.path)
        finally:
            for leftover in (temporary, Path(f"{name}-wal"), Path(f"{name}-shm")):
                leftover.unlink(missing_ok=True)

    def _upgrade(self) -> None:
        """Bring an older archive up to date before reading it (a write: it needs permission)."""
        try:
            Archive(self.path).close()
        except ArchiveError:
            raise ArchiveError("归档是旧版本，需要先升级，但当前用户不能写入它：请让有写权限的用户运行一次 kxdt list",
                               path=str(self.path)) from None

    def _open_readonly(self) -> sqlite3.Connection:
        """A read-only connection. A WAL archive the user may read but not write (no shared-memory
        file can be made beside it) is read as it stands on disk, when no WAL file holds newer
        pages; else the user is told who must open it first."""
        uri = self.path.resolve().as_uri()
        try:
            conn = self._connect(f"{uri}?mode=ro", uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            wal = Path(f"{self.path}-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise ArchiveError("归档有尚未写入主文件的内容，而当前用户不能写入它：请让有写权限的用户运行一次 kxdt list 后再试",
                                   path=str(self.path)) from None
            return self._connect(f"{uri}?mode=ro&immutable=1", uri=True)

    @staticmethod
    def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, isolation_level=None, uri=uri)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting for another writer (another kxdt filing a folder) as long as
        WRITE_WAIT_S, telling whoever listens (lock_wait_progress) how long it has waited."""
        waited = 0.0
        while True:
            started = time.monotonic()
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) and "busy" not in str(err):
                    raise
                waited += time.monotonic() - started
                if waited >= WRITE_WAIT_S:
                    raise
                callback = _lock_wait.get()
                if callback is not None:
                    callback(str(self.path), waited)

    # -- plumbing -------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; anything raised rolls the archive back as it was. Inside
        `batch()` a savepoint: the change is whole or not at all, committed with its group."""
        if self._batched is not None:
            if self._batched == 0:
                self._begin()  # a group starts with its first change, not with the batch
                self._group_started = time.monotonic()
            self.conn.execute("SAVEPOINT change")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK TO change")
                self.conn.execute("RELEASE change")
                if self._batched == 0:
                    self.conn.execute("COMMIT")  # an empty group ends here: no lock kept
                raise
            self.conn.execute("RELEASE change")
            self._batched += 1
            if self._batched >= BATCH_CHANGES or time.monotonic() - self._group_started >= BATCH_HOLD_S:
                self.conn.execute("COMMIT")
                self._batched = 0
            return
        self._begin()
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def batch(self) -> Iterator[Archive]:
        """File many issues in groups, one commit per BATCH_CHANGES of them or per BATCH_HOLD_S
        seconds (the full-text index writes one segment per commit). For loading issues already
        in hand: between changes the group holds the write lock, so nothing slow (parsing a
        file) belongs inside a batch. Each issue is still whole or absent; a killed run loses at
        most the issues of its open group, and what was committed stays."""
        if self._batched is not None:
            yield self
            return
        self._batched = 0
        try:
            yield self
        finally:
            if self._batched:
                self.conn.execute("COMMIT")
            self._batched = None

    def _migrate(self) -> None:
        with self.transaction() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < 0:
                raise ArchiveError(f"归档数据库的版本号（{version}）不对：这不是 kxdt 写的归档，请用 --db 指定另一个文件",
                                   path=str(self.path))
            if version > SCHEMA_VERSION:
                raise ArchiveError(f"归档数据库版本（{version}）比本程序新：请升级 kxdt", path=str(self.path))
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                if step in REINDEX_AFTER and version > 0:
                    self._reindex(conn)
                conn.execute(f"PRAGMA user_version = {step}")

    @staticmethod
    def _reindex(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
        for row in conn.execute("SELECT id, title, body FROM articles").fetchall():
            conn.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                         (row["id"], index_tokens(row["title"]), index_tokens(row["body"])))

    # -- writing --------------------------------------------------------------------------
    def add(self, issue: Issue, *, replace: bool = False, tokens: list[tuple[str, str]] | None = None) -> FileResult:
        """File an issue (the archive must not be read-only). The same file again changes nothing, and so does the same issue in
        another format (a PDF of an archived DOCX: the same content); another file claiming
        the issue (name and 总第N期) with different content is refused unless `replace`. With
        `replace`, the same file again is filed anew (a newer parser's reading of it).
        `tokens`: the articles' index tokens when already made (`tokens.article_tokens`)."""
        if not issue.sha256:
            raise ValueError("issue.sha256 is required to file an issue")
        if tokens is not None and len(tokens) != len(issue.articles):
            raise ValueError("tokens must be the issue's article_tokens")
        m = issue.masthead
        label = _label(m.total, m.year, m.number)
        try:
            with self.transaction() as conn:
                same = conn.execute("SELECT id FROM issues WHERE sha256 = ?", (issue.sha256,)).fetchone()
                if same and not replace:
                    return FileResult("unchanged", same["id"], label)
                if same:  # the same file parsed again (by a newer kxdt): its new reading is filed
                    self._unindex(conn, same["id"])
                    conn.execute("DELETE FROM issues WHERE id = ?", (same["id"],))
                    return FileResult("replaced", self._insert(conn, issue, tokens), label)
                clash = self._clash(issue)
                status = "added"
                if clash is not None and not replace and _content(self._issue(clash)) == _content(issue):
                    return FileResult("same", clash["id"], label, clash["file"])
                if clash is not None:
                    if not replace:
                        raise RefusedError(
                            f"{label}已归档（来自 {clash['file']}），与此文件内容不同：确认要替换请加 --replace",
                            path=issue.file,
                        )
                    self._unindex(conn, clash["id"])
                    conn.execute("DELETE FROM issues WHERE id = ?", (clash["id"],))
                    status = "replaced"
                issue_id = self._insert(conn, issue, tokens)
                return FileResult(status, issue_id, label)
        except sqlite3.DatabaseError as err:
            raise ArchiveError(f"写入归档失败（{err}）：归档未改动，请稍后重试", path=str(self.path)) from None

    def _clash(self, issue: Issue) -> sqlite3.Row | None:
        m = issue.masthead
        args: tuple[Any, ...]
        if m.total is not None:
            sql, args = "name IS ? AND total = ?", (m.name, m.total)
        elif m.number is not None and m.year is not None:
            sql, args = "name IS ? AND total IS NULL AND year = ? AND number = ?", (m.name, m.year, m.number)
        else:
            return None
        return self.conn.execute(f"SELECT id, file, data FROM issues WHERE {sql}", args).fetchone()

    def _insert(self, conn: sqlite3.Connection, issue: Issue, made: list[tuple[str, str]] | None = None) -> int:
        m = issue.masthead
        cur = conn.execute(
            "INSERT INTO issues (name, year, number, total, issuer, date, file, sha256, data, added)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (m.name, m.year, m.number, m.total, m.issuer, m.date,
             str(Path(issue.file).resolve()) if issue.file else None, issue.sha256,
             json.dumps({k: v for k, v in issue.to_dict().items() if k != "articles"}, ensure_ascii=False),
             datetime.now(timezone.utc).isoformat(timespec="seconds")),
        )
        issue_id = int(cur.lastrowid or 0)
        key = article_key(m.date, m.total, 0)
        # Another issue of the same day and 总第 number modulo 1000 (rare) takes the next free slot.
        while conn.execute("SELECT 1 FROM articles WHERE id BETWEEN ? AND ?",
                           (key - len(issue.articles), key)).fetchone():
            key -= MAX_ARTICLES
        rows, tokens = [], []
        for seq, article in enumerate(issue.articles):
            body = "\n".join(article.paragraphs)
            extra: dict[str, object] = {k: list(v) for k, v in (("captions", article.captions),
                                                                  ("credits", article.credits), ("notes", article.notes)) if v}
            if article.confidence is not None:
                extra["confidence"] = article.confidence
            rows.append((key - seq, issue_id, seq, article.column, article.title, article.source, article.page, body,
                         json.dumps(extra, ensure_ascii=False) if extra else None))
            title_tokens, body_tokens = made[seq] if made is not None else (index_tokens(article.title), index_tokens(body))
            tokens.append((key - seq, title_tokens, body_tokens))
        # In increasing id order: FTS5 writes its pending index out whenever a rowid is not above
        # the last one written, which in the order of the articles (descending ids) was once an article.
        conn.executemany("INSERT INTO articles (id, issue_id, seq, column_name, title, source, page, body, extra)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows[::-1])
        conn.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)", tokens[::-1])
        return issue_id

    @staticmethod
    def _unindex(conn: sqlite3.Connection, issue_id: int) -> None:
        """Remove an issue's articles from the contentless index (which needs the old tokens)."""
        for row in conn.execute("SELECT id, title, body FROM articles WHERE issue_id = ?", (issue_id,)).fetchall():
            conn.execute("INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                         (row["id"], index_tokens(row["title"]), index_tokens(row["body"])))

    def _issue(self, row: sqlite3.Row) -> Issue:
        """An archived issue: its JSON plus its articles."""
        data = json.loads(row["data"])
        data["articles"] = [
            {"column": a["column_name"], "title": a["title"], "source": a["source"], "page": a["page"],
             "paragraphs": a["body"].split("\n") if a["body"] else [], **json.loads(a["extra"] or "{}")}
            for a in self.conn.execute("SELECT * FROM articles WHERE issue_id = ? ORDER BY seq", (row["id"],))
        ]
        return Issue.from_dict(data)

    # -- reading --------------------------------------------------------------------------
    @_guarded
    def is_empty(self) -> bool:
        return self.conn.execute("SELECT 1 FROM issues LIMIT 1").fetchone() is None

    @_guarded
    def issues(self) -> list[IssueRow]:
        rows = self.conn.execute(
            "SELECT i.id, i.name, i.year, i.number, i.total, i.date, i.file,"
            " (SELECT count(*) FROM articles a WHERE a.issue_id = i.id) AS n"
            " FROM issues i ORDER BY i.name IS NULL, i.name, i.total IS NULL, i.total, i.date"
        ).fetchall()
        return [IssueRow(r["id"], r["name"], r["year"], r["number"], r["total"], r["date"], r["file"], r["n"]) for r in rows]

    @_guarded
    def doubtful(self, below: float) -> tuple[list[DoubtfulRow], int]:
        """Issues the parser was less sure of than `below` (overall confidence), least sure first,
        each with its least sure part; and how many archived issues carry no confidence (filed
        by a kxdt before it had one)."""
        sure = "json_extract(data, '$.confidence.overall')"
        rows = self.conn.execute(
            f"SELECT id, name, year, number, total, date, file, data, {sure} AS sure FROM issues"
            f" WHERE {sure} < ? ORDER BY {sure}, date", (below,)).fetchall()
        unrated = self.conn.execute(f"SELECT count(*) FROM issues WHERE {sure} IS NULL").fetchone()[0]
        found: list[DoubtfulRow] = []
        for r in rows:
            articles = [(a["seq"], a["title"], a["sure"]) for a in self.conn.execute(
                "SELECT seq, title, json_extract(extra, '$.confidence') AS sure FROM articles WHERE issue_id = ?"
                " AND sure IS NOT NULL ORDER BY sure, seq LIMIT 1", (r["id"],))]
            data = json.loads(r["data"])
            found.append(DoubtfulRow(r["id"], r["name"], r["year"], r["number"], r["total"], r["date"], r["file"],
                                     float(r["sure"]), weakest_part(data, articles), tuple(data.get("warnings") or ())))
        return found, int(unrated)

    @_guarded
    def get(self, total: int, name: str | None = None) -> Issue | None:
        sql = "SELECT id, data FROM issues WHERE total = ?" + (" AND name = ?" if name else "") + " ORDER BY date DESC LIMIT 1"
        row = self.conn.execute(sql, (total, name) if name else (total,)).fetchone()
        return self._issue(row) if row else None

    @_guarded
    def entry(self, issue_id: int) -> ArchivedIssue | None:
        """An archived issue by its archive id, with its row and the issues before and after it
        in its publication (by 总第 number, else by date)."""
        row = self.conn.execute("SELECT id, name, total, date, data FROM issues WHERE id = ?", (issue_id,)).fetchone()
        if row is None:
            return None
        issue = self._issue(row)
        if row["total"] is not None:
            key, value = "total", row["total"]
        else:
            key, value = "date", row["date"]
        previous = following = None
        if value is not None:
            order = f"{key} DESC, id DESC"
            previous = self._row(f"name IS ? AND {key} < ? ORDER BY {order}", (row["name"], value))
            following = self._row(f"name IS ? AND {key} > ? ORDER BY {key}, id", (row["name"], value))
        current = self._row("id = ?", (issue_id,))
        assert current is not None
        return ArchivedIssue(current, issue, previous, following)

    def _row(self, where: str, args: tuple[Any, ...]) -> IssueRow | None:
        r = self.conn.execute(
            "SELECT i.id, i.name, i.year, i.number, i.total, i.date, i.file,"
            " (SELECT count(*) FROM articles a WHERE a.issue_id = i.id) AS n"
            f" FROM issues i WHERE {where} LIMIT 1", args).fetchone()
        return IssueRow(r["id"], r["name"], r["year"], r["number"], r["total"], r["date"], r["file"], r["n"]) if r else None

    @_guarded
    def years(self) -> list[tuple[int, int, int]]:
        """(year, issues, articles) for each year the archive holds, oldest first."""
        rows = self.conn.execute(
            "SELECT i.year AS y, count(DISTINCT i.id) AS issues, count(a.id) AS articles"
            " FROM issues i LEFT JOIN articles a ON a.issue_id = i.id"
            " WHERE i.year IS NOT NULL GROUP BY i.year ORDER BY i.year").fetchall()
        return [(r["y"], r["issues"], r["articles"]) for r in rows]

    @_guarded
    def latest(self, *, before_total: int | None = None, name: str | None = None) -> Issue | None:
        """The newest archived issue (by 总第N期, then date), optionally before a 总第 number."""
        where: list[str] = ["total IS NOT NULL"]
        args: list[Any] = []
        if before_total is not None:
            where.append("total < ?")
            args.append(before_total)
        if name:
            where.append("name = ?")
            args.append(name)
        row = self.conn.execute(
            f"SELECT id, data FROM issues WHERE {' AND '.join(where)} ORDER BY total DESC, date DESC LIMIT 1", args
        ).fetchone()
        return self._issue(row) if row else None

    @_guarded
    def recent(self, count: int, name: str | None = None) -> list[Issue]:
        """The newest issues (of one publication, when named)."""
        where, args = ("WHERE name = ?", [name]) if name else ("", [])
        rows = self.conn.execute(f"SELECT id, data FROM issues {where} ORDER BY date DESC, total DESC LIMIT ?",
                                 [*args, count]).fetchall()
        return [self._issue(r) for r in rows]

    @_guarded
    def latest_name(self) -> str | None:
        """The publication of the most recently dated archived issue."""
        row = self.conn.execute("SELECT name FROM issues WHERE name IS NOT NULL ORDER BY date DESC, total DESC LIMIT 1"
                                ).fetchone()
        return row["name"] if row else None

    @_guarded
    def search(self, query: str, filters: SearchFilters | None = None, *, limit: int | None = 20,
               offset: int = 0, count_limit: int | None = None) -> SearchResult:
        """Articles holding every term, title hits first, then newest first; `limit` hits after
        the first `offset` (a later page). With `count_limit`, matching articles are counted
        only that far (`more` says there are others): a page that shows a bounded number of
        pages need not count a filtered search's every candidate."""
        terms = split_terms(query)
        expr = fts_expression(terms)
        filters = filters or SearchFilters()
        where, args = filters.sql()
        span = self._id_span(filters)
        if span is not None:  # the index reads only the articles of the filtered issues' days
            where += " AND f.rowid BETWEEN ? AND ?"
            args += list(span)
        base = (
            "SELECT i.name, i.total, i.year, i.number, i.date, a.column_name, a.title, a.source, a.page, a.body,"
            " a.issue_id, a.seq"
            " FROM articles_fts f JOIN articles a ON a.id = f.rowid JOIN issues i ON i.id = a.issue_id"
            f" WHERE articles_fts MATCH ?{where}"
        )
        order = " ORDER BY f.rowid DESC"  # newest issue first: see article_key
        if where:
            issues = " JOIN issues i ON i.id = a.issue_id" if "i." in where else ""  # only when filtered on
            count_sql = ("SELECT count(*) FROM articles_fts f JOIN articles a ON a.id = f.rowid"
                         f"{issues} WHERE articles_fts MATCH ?{where}")
        else:
            count_sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
        if count_limit is not None:
            count_sql = f"SELECT count(*) FROM ({count_sql.replace('count(*)', '1', 1)} LIMIT {int(count_limit) + 1})"
        hits: list[Hit] = []
        title_expr = title_expression(terms)
        offset = max(0, offset)
        wanted = None if limit is None else offset + limit  # hits verified, the skipped ones included
        # One term in the title is the whole condition (FTS5 reads one phrase's positions, not two).
        title_match = title_expr if len(terms) == 1 else f"({expr}) AND {title_expr}"
        for in_title, match in ((True, title_match), (False, f"({expr}) NOT {title_expr}")):
            if wanted is not None and len(hits) >= wanted:
                break
            # No window: FTS5 yields rowids newest first without sorting, so the cursor is read
            # only as far as the hits need, and a run of over-approximated candidates never
            # hides a real hit behind it.
            for row in self.conn.execute(base + order, [match, *args]):
                hit = self._verify(row, terms, in_title)
                if hit is not None:
                    hits.append(hit)
                    if wanted is not None and len(hits) >= wanted:
                        break
        more = False
        if wanted is None or len(hits) < wanted:
            matched = len(hits)  # every candidate was verified: the count is exact
        else:
            matched = self.conn.execute(count_sql, [expr, *args]).fetchone()[0]
            if count_limit is not None and matched > count_limit:
                matched, more = max(count_limit, len(hits)), True
        return SearchResult(terms=tuple(terms), hits=tuple(hits[offset:]), matched=matched, offset=offset, more=more)

    def _id_span(self, filters: SearchFilters) -> tuple[int, int] | None:
        """The article ids (see article_key) the articles of the issues the filters allow can
        have, from those issues' first and last dates; None when a filter on issues is not
        given or one of the issues has no date (its articles' ids hold no day). A day is added
        below: an article that took a lower free slot may cross into the day before."""
        issue_where, args = filters.issue_sql()
        if not issue_where:
            return None
        first, last, undated = self.conn.execute(
            f"SELECT min(i.date), max(i.date), count(*) - count(i.date) FROM issues i WHERE 1{issue_where}", args
        ).fetchone()
        if undated:
            return None
        if first is None:
            return (1, 0)  # no issue: nothing to read
        from datetime import date as Date

        try:
            low = max(0, Date.fromisoformat(first).toordinal() - 1) << DAY_SHIFT
            high = ((Date.fromisoformat(last).toordinal() + 1) << DAY_SHIFT) - 1
        except ValueError:  # not a date kxdt wrote: read every article
            return None
        return low, high

    @staticmethod
    def _verify(row: sqlite3.Row, terms: list[str], in_title: bool) -> Hit | None:
        title = row["title"]
        found = article_match(title, row["body"], terms)
        if found is None:
            return None  # the index over-approximates (a phrase across paragraphs); the text decides
        return Hit(
            name=row["name"], total=row["total"], year=row["year"], number=row["number"], date=row["date"],
            column=row["column_name"], title=title, source=row["source"], page=row["page"],
            snippet=found[0], count=found[1], in_title=in_title, issue_id=row["issue_id"], seq=row["seq"],
        )

    @_guarded
    def body_matches(self, phrase: str, limit: int) -> list[int]:
        """Article ids whose body holds an FTS5 phrase (see tokens.query_phrase), at most `limit`."""
        rows = self.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?",
                                 (f"body : {phrase}", limit))
        return [r[0] for r in rows]

    @_guarded
    def articles_by_id(self, ids: list[int]) -> list[ArchivedArticle]:
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.body, i.name, i.total, i.year, i.number, i.date, i.sha256"
            f" FROM articles a JOIN issues i ON i.id = a.issue_id WHERE a.id IN ({marks})", ids).fetchall()
        return [ArchivedArticle(r["id"], r["title"], r["body"], r["name"], r["total"], r["year"], r["number"],
                                r["date"], r["sha256"]) for r in rows]

    @_guarded
    def select_issues(self, selection: Selection) -> list[IssueRecord]:
        """The issues a volume or statistics run covers, in date order (see selection.py)."""
        return select_issues(self.conn, selection)

    @_guarded
    def select_articles(self, selection: Selection) -> list[ArticleRecord]:
        """The articles of the selected issues, as plain records in the issues' order."""
        return select_articles(self.conn, selection)

    @_guarded
    def issue_by_id(self, issue_id: int) -> Issue | None:
        """One archived issue, whole (a volume reads them one at a time)."""
        row = self.conn.execute("SELECT id, data FROM issues WHERE id = ?", (issue_id,)).fetchone()
        return self._issue(row) if row else None

    def stats(self, year: int | None = None) -> dict[str, Any]:
        """Articles per column, per source and per month (most first; months in order), as
        (name, count) pairs: the simple counts of `archive.stats.year_stats`."""
        from .stats import year_stats

        found = year_stats(self, Selection(year=year))
        return {"year": year, "issues": found.issues, "articles": found.articles,
                **{key: found.pairs(key) for key in ("columns", "sources", "months")}}

    @_guarded
    def recent_before(self, count: int, *, before_total: int, name: str | None = None) -> list[Issue]:
        """The `count` issues numbered just before 总第`before_total`期, nearest first (the issues
        a draft of an older number follows, not the newest year's)."""
        where, args = "total IS NOT NULL AND total < ?", [before_total]
        if name:
            where, args = where + " AND name = ?", [*args, name]
        rows = self.conn.execute(f"SELECT id, data FROM issues WHERE {where} ORDER BY total DESC, date DESC LIMIT ?",
                                 [*args, count]).fetchall()
        return [self._issue(r) for r in rows]

    # -- taking an issue out --------------------------------------------------------------
    @_guarded
    def issues_numbered(self, total: int, name: str | None = None) -> list[IssueRow]:
        """The archived issues numbered 总第`total`期 (of one publication, when named)."""
        return [r for r in self.issues() if r.total == total and (name is None or r.name == name)]

    def remove(self, issue_id: int) -> None:
        """Take one issue out of the archive: its row, its articles and their index entries, in
        one transaction (all or nothing). The file it was parsed from is not touched."""
        try:
            with self.transaction() as conn:
                if conn.execute("SELECT 1 FROM issues WHERE id = ?", (issue_id,)).fetchone() is None:
                    raise RefusedError("这一期已不在归档里（可能刚被别的命令删去）：用 kxdt list 查看", path=str(self.path))
                self._unindex(conn, issue_id)
                conn.execute("DELETE FROM articles WHERE issue_id = ?", (issue_id,))
                conn.execute("DELETE FROM issues WHERE id = ?", (issue_id,))
        except sqlite3.DatabaseError as err:
            raise ArchiveError(f"删除失败（{err}）：归档未改动，请稍后重试", path=str(self.path)) from None

    # -- what the archive is ----------------------------------------------------------------
    @_guarded
    def summary(self) -> ArchiveSummary:
        """Where the archive is, how big, how many issues (for `kxdt info`)."""
        issues = self.conn.execute("SELECT count(*) FROM issues").fetchone()[0]
        articles = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        names = [r[0] for r in self.conn.execute("SELECT DISTINCT name FROM issues WHERE name IS NOT NULL ORDER BY name")]
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        return ArchiveSummary(self.path, self.path.exists(), size, issues, articles, tuple(names))


@dataclass(frozen=True)
class ArchiveSummary:
    path: Path
    exists: bool
    size: int  # bytes on disk, the write-ahead log included
    issues: int
    articles: int
    names: tuple[str, ...]


def filed_file(archive: Archive, sha256: str) -> tuple[Issue, FileResult] | None:
    """The issue filed from a file with these bytes, as `add` would answer for it again
    ("unchanged"): lets a batch skip parsing what an interrupted run already filed."""
    try:
        row = archive.conn.execute("SELECT id, data FROM issues WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            return None
        issue = archive._issue(row)
    except sqlite3.DatabaseError:
        return None  # the file is parsed and filed as usual, and any trouble said there
    m = issue.masthead
    return issue, FileResult("unchanged", row["id"], _label(m.total, m.year, m.number))
