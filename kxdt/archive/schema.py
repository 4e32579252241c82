"""The archive's schema and its migrations, applied in order inside one transaction each.

`articles.id` (and so the full-text rowid) is an order key, newest issue first when read in
descending order: see `store.article_key`. The FTS5 table indexes Han bigrams (tokens.py) with
a one-character prefix index, so one-character queries are a single index lookup. It is
contentless: the text lives once, in `articles`; `issues.data` keeps the rest of the issue
(masthead, highlights, warnings, origin) as JSON.
"""

from __future__ import annotations

SCHEMA_VERSION = 4
# The tables, and columns, every kxdt archive has had since version 1: how a file is known to be
# one before anything is written to it (identify.py).
KXDT_COLUMNS: dict[str, set[str]] = {
    "issues": {"id", "name", "year", "number", "total", "issuer", "date", "file", "sha256", "data", "added"},
    "articles": {"id", "issue_id", "seq", "column_name", "title", "source", "page", "body"},
    "articles_fts": set(),
}
# After these steps the full-text index is rebuilt from `articles` (its tokens changed).
REINDEX_AFTER = {2, 3}

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE issues (
        id INTEGER PRIMARY KEY,
        name TEXT,
        year INTEGER,
        number INTEGER,
        total INTEGER,
        issuer TEXT,
        date TEXT,
        file TEXT,
        sha256 TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL,
        added TEXT NOT NULL
    );
    CREATE INDEX issues_total ON issues(name, total);
    CREATE INDEX issues_date ON issues(date);
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        column_name TEXT,
        title TEXT NOT NULL,
        source TEXT,
        page INTEGER,
        body TEXT NOT NULL
    );
    CREATE INDEX articles_issue ON articles(issue_id);
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = 'unicode61', prefix = '1', content = '');
    """,
    # Captions, credits and notes of an article (JSON, NULL when it has none); tokens are now
    # made from simplified characters, so the index is rebuilt.
    2: """
    ALTER TABLE articles ADD COLUMN extra TEXT;
    """,
    # Latin letters and digits are indexed as character bigrams like Han (found inside words).
    3: "",
    # A year filter finds its issues' first and last dates without reading every issue's row.
    4: "CREATE INDEX IF NOT EXISTS issues_year ON issues(year, date);",
}
