"""What is at the archive's path, found without changing a byte of it or creating a file beside
it: nothing yet, kxdt's archive (with its schema version), or something else, which is refused
(a folder, a device, an empty file kxdt did not make, another program's SQLite database).

The file is read through SQLite's `immutable` mode: no lock taken, no journal, WAL or shared-memory
file made, no pragma run. Only a kxdt archive is ever opened for writing."""

from __future__ import annotations

import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArchiveError
from .schema import KXDT_COLUMNS, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
FOREIGN = "这是别的程序的 SQLite 数据库，不是 kxdt 归档：未做任何改动。请用 --db 指定另一个文件"


@dataclass(frozen=True)
class Found:
    exists: bool
    version: int = 0  # a kxdt archive's schema version (PRAGMA user_version)


def identify(path: Path) -> Found:
    """Nothing at `path` (Found(False)), or kxdt's archive; anything else raises ArchiveError."""
    name = str(path)
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return Found(False)  # (where a file stands in for a folder, making it will say why not)
    except OSError as err:
        raise ArchiveError(f"无法读取归档（{err.strerror}）：请检查路径和权限，或用 --db 指定另一个文件", path=name) from None
    if stat.S_ISDIR(info.st_mode):
        raise ArchiveError("归档路径是一个文件夹：请用 --db 指定一个数据库文件", path=name)
    if not stat.S_ISREG(info.st_mode):
        raise ArchiveError("归档路径不是普通文件（设备或特殊文件）：未做任何改动。请用 --db 指定一个数据库文件", path=name)
    if info.st_size == 0:
        # kxdt makes an archive whole in a temporary file and renames it: an empty file is not one.
        raise ArchiveError("这个文件是空的（0 字节），不是 kxdt 建的归档：未做任何改动。要在这里新建归档请先删除它，"
                           "或用 --db 指定另一个文件", path=name)
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as err:
        raise ArchiveError(f"无法读取归档（{err.strerror}）：请检查文件权限，或用 --db 指定另一个文件", path=name) from None
    if head != SQLITE_MAGIC:
        raise ArchiveError("不是 kxdt 归档数据库：请用 --db 指定另一个文件，或移走此文件", path=name)
    try:
        tables, version = _schema(path)
    except sqlite3.DatabaseError as err:
        raise ArchiveError(f"归档数据库无法读取（{err}）：文件可能已损坏，请用 --db 指定另一个文件", path=name) from None
    if not _is_kxdt(tables):
        raise ArchiveError(FOREIGN, path=name)
    if version <= 0:
        raise ArchiveError(f"归档数据库的版本号（{version}）不对：这不是 kxdt 写的归档，请用 --db 指定另一个文件", path=name)
    if version > SCHEMA_VERSION:
        raise ArchiveError(f"归档数据库版本（{version}）比本程序新：未做任何改动。请升级 kxdt", path=name)
    return Found(True, version)


def _schema(path: Path) -> tuple[dict[str, set[str]], int]:
    """The tables (with their columns) and user_version, read without a lock or a side file. A
    WAL file left beside it may hold newer pages (a run killed before it checkpointed): then it
    is read the ordinary way, which may touch only those side files, never the database."""
    tables, version = _read_schema(f"{path.resolve().as_uri()}?mode=ro&immutable=1")
    wal = Path(f"{path}-wal")
    if not tables and wal.exists() and wal.stat().st_size > 0:
        tables, version = _read_schema(f"{path.resolve().as_uri()}?mode=ro")
    return tables, version


def _read_schema(uri: str) -> tuple[dict[str, set[str]], int]:
    conn = sqlite3.connect(uri, uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables = {}
        for table in names:
            if KXDT_COLUMNS.get(table):
                tables[table] = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
            else:
                tables[table] = set()
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()
    return tables, version


def _is_kxdt(tables: dict[str, set[str]]) -> bool:
    return all(table in tables and columns <= tables[table] for table, columns in KXDT_COLUMNS.items())
