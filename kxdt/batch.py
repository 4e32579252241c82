"""Parsing many files: expand folders, parse each, file it in the archive, collect outcomes."""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .api import parse_file, parse_pages
from .archive.store import FileResult
from .archive.tokens import article_tokens
from .errors import InputError, InternalError, KxdtError
from .io.places import os_reason
from .model import Issue
from .parse.placeholders import is_placeholder_warning
from .readers import SUPPORTED_SUFFIXES
from .readers.fetch import is_url

# Files sent to a worker at once with `jobs`: fewer round trips for a folder of small text
# files, while a few slow scans still spread over the workers.
MAX_CHUNK = 8
# Files an issue; called with `tokens=` where a worker made the index tokens.
FileIn = Callable[..., FileResult]


@dataclass(frozen=True)
class Outcome:
    """One file's fate. A file that parsed but could not be filed has both issue and error."""

    path: str
    issue: Issue | None = None
    error: KxdtError | None = None
    archived: FileResult | None = None
    notes: tuple[str, ...] = ()
    unfiled: str | None = None  # why a parsed issue was not filed (no articles: a blank draft)


# Files that office programs leave beside a document while it is open or being saved: Word's and
# WPS's owner files (`~$第104期.docx`), Word's `~WRL0001.tmp`, LibreOffice's `.~lock.….docx#`, a
# Mac's `._第104期.docx`. A folder's hidden files and these are never bulletins.
TEMPORARY_PREFIXES = ("~", ".")
OWNER_FILE_PREFIX = "~$"


def is_temporary(path: Path) -> bool:
    return path.name.startswith(TEMPORARY_PREFIXES)


def not_fileable(issue: Issue) -> str | None:
    """Why an issue must not go into the archive, or None. A draft is not an issue: one without
    articles (not yet written, its placeholders left out) or still holding a placeholder article
    or text would take its 总第 number from the real issue (the 目录提要's hint may stay: the
    export fills the contents from the titles)."""
    left = [w for w in issue.warnings if is_placeholder_warning(w) and not w.startswith("目录提要")]
    if not issue.articles:
        if left or any(is_placeholder_warning(w) for w in issue.warnings):
            return "这是还没填写的草稿（只有示例文章）：写好文章后再解析"
        return "这一期没有文章：请确认文件内容完整"
    if left:
        more = f"等 {len(left)} 处" if len(left) > 1 else ""
        return f"这是还没写完的草稿（{left[0]}{more}）：改写或删去示例文章和提示文字后再解析"
    return None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, a path through a file: reading it says what is wrong
        return False


def expand(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Path | str]:
    """Files as given; folders walked recursively for the formats kxdt reads, in name order;
    web addresses as they are."""
    for item in inputs:
        if isinstance(item, str) and is_url(item):
            yield item
            continue
        path = Path(item)
        if _is_dir(path):
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                           and not any(is_temporary(Path(part)) for part in p.relative_to(path).parts))
            yield from found
        else:
            yield path


Read = tuple[Issue | None, tuple[str, ...], KxdtError | None, list[tuple[str, str]] | None]


def _read_one(path: Path | str, password: str | None, tokens: bool = False) -> Read:
    """Parse one file: its issue, notes and (with `tokens`) the articles' index tokens, or the
    failure (never an exception: one bad file is one failure in a batch). Runs in a worker
    process with `jobs`."""
    if not isinstance(path, str) and Path(path).name.startswith(OWNER_FILE_PREFIX):
        return None, (), InputError("这是 Word/WPS 打开文档时生成的临时文件（~$ 开头），不是简报：请解析原文件",
                                    path=str(path)), None
    try:
        issue, document = parse_file(path, password=password)
        made = article_tokens(issue) if tokens else None
    except KxdtError as error:
        return None, (), error, None
    except OSError as error:
        return None, (), InputError(f"无法读取（{os_reason(error)}）：请检查路径和文件", path=str(path)), None
    except (MemoryError, RecursionError) as error:
        return None, (), InputError(f"读取失败（{type(error).__name__}）", path=str(path)), None
    except Exception as error:  # a bug met on one file: that file fails, the batch goes on
        if os.environ.get("KXDT_DEBUG") == "1":
            raise
        return None, (), InternalError(
            f"内部错误（{type(error).__name__}: {error}）：请加 --debug 重试，并把这份文件报告给维护者", path=str(path)), None
    return issue, document.notes, None, made


def _outcome(path: str, read: Read, file_in: FileIn | None) -> Outcome:
    issue, notes, error, tokens = read
    if issue is None:
        return Outcome(path, error=error)
    unfiled = not_fileable(issue) if file_in else None
    if unfiled is not None:
        return Outcome(path, issue=issue, notes=notes, unfiled=unfiled)
    try:
        filed = None if file_in is None else file_in(issue) if tokens is None else file_in(issue, tokens=tokens)
        return Outcome(path, issue=issue, archived=filed, notes=notes)
    except KxdtError as failure:  # parsed, but not filed (a refusal, a locked archive)
        return Outcome(path, issue=issue, error=failure, notes=notes)


Known = Callable[[str], "tuple[Issue, FileResult] | None"]


def _already_filed(path: Path | str, known: Known | None) -> Outcome | None:
    """A file whose very bytes are archived (filed by an earlier, perhaps interrupted, run):
    its archived issue, not parsed again."""
    if known is None or isinstance(path, str):
        return None
    try:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None  # parsed as usual, which says what is wrong with the file
    found = known(digest)
    return Outcome(str(path), issue=found[0], archived=found[1]) if found else None


def parse_many(
    paths: list[Path | str],
    *,
    password: str | None = None,
    file_in: FileIn | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    jobs: int = 1,
    known: Known | None = None,
) -> list[Outcome]:
    """Parse each path; a bad file is recorded and the batch goes on. With `jobs` > 1 files are
    read in that many worker processes, which also make the index tokens; filing stays in this
    one (SQLite has one writer), in the order given: `file_in(issue)` files an issue, and
    `file_in(issue, tokens=…)` with tokens made by a worker. With `known` (a file's SHA-256 → its
    archived issue), files already filed are not parsed again: running an interrupted batch again
    goes on where it stopped."""
    skipped = {k: found for k, path in enumerate(paths) if (found := _already_filed(path, known)) is not None}
    todo = [path for k, path in enumerate(paths) if k not in skipped]
    outcomes: list[Outcome] = []

    def reads() -> Iterator[Read]:
        if jobs > 1 and len(todo) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
                chunk = max(1, min(MAX_CHUNK, len(todo) // (4 * jobs)))
                yield from pool.map(_read_one, todo, itertools.repeat(password), itertools.repeat(file_in is not None),
                                    chunksize=chunk)
            return
        for path in todo:
            yield _read_one(path, password)

    results = reads()
    for k, path in enumerate(paths):
        outcome = skipped.get(k) or _outcome(str(path), next(results), file_in)
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)
    results.close()
    return outcomes


def parse_pages_outcome(inputs: list[str], *, file_in: FileIn | None = None) -> Outcome:
    """Page images of one issue (`kxdt parse --pages`), as one outcome."""
    label = str(inputs[0]) if inputs else ""
    try:
        issue, document = parse_pages(inputs)
    except KxdtError as error:
        return Outcome(label, error=error)
    return _outcome(issue.file or label, (issue, document.notes, None, None), file_in)
