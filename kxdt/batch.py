"""Parsing many files: expand folders, parse each, file it in the archive, collect outcomes."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .api import parse_file, parse_pages
from .archive.store import FileResult
from .errors import InputError, InternalError, KxdtError
from .model import Issue
from .readers import SUPPORTED_SUFFIXES
from .readers.fetch import is_url


@dataclass(frozen=True)
class Outcome:
    """One file's fate. A file that parsed but could not be filed has both issue and error."""

    path: str
    issue: Issue | None = None
    error: KxdtError | None = None
    archived: FileResult | None = None
    notes: tuple[str, ...] = ()


def expand(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Path | str]:
    """Files as given; folders walked recursively for the formats kxdt reads, in name order;
    web addresses as they are."""
    for item in inputs:
        if isinstance(item, str) and is_url(item):
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            yield from found
        else:
            yield path


def _read_one(path: Path | str, password: str | None) -> tuple[Issue | None, tuple[str, ...], KxdtError | None]:
    """Parse one file: its issue and notes, or the failure (never an exception: one bad file
    is one failure in a batch). Runs in a worker process with `jobs`."""
    try:
        issue, document = parse_file(path, password=password)
    except KxdtError as error:
        return None, (), error
    except (OSError, MemoryError, RecursionError) as error:
        return None, (), InputError(f"读取失败（{type(error).__name__}）", path=str(path))
    except Exception as error:  # a bug met on one file: that file fails, the batch goes on
        if os.environ.get("KXDT_DEBUG") == "1":
            raise
        return None, (), InternalError(
            f"内部错误（{type(error).__name__}: {error}）：请加 --debug 重试，并把这份文件报告给维护者", path=str(path))
    return issue, document.notes, None


def _outcome(path: str, read: tuple[Issue | None, tuple[str, ...], KxdtError | None],
             file_in: Callable[[Issue], FileResult] | None) -> Outcome:
    issue, notes, error = read
    if issue is None:
        return Outcome(path, error=error)
    try:
        return Outcome(path, issue=issue, archived=file_in(issue) if file_in else None, notes=notes)
    except KxdtError as failure:  # parsed, but not filed (a refusal, a locked archive)
        return Outcome(path, issue=issue, error=failure, notes=notes)


def parse_many(
    paths: list[Path | str],
    *,
    password: str | None = None,
    file_in: Callable[[Issue], FileResult] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    jobs: int = 1,
) -> list[Outcome]:
    """Parse each path; a bad file is recorded and the batch goes on. With `jobs` > 1 files are
    read in that many worker processes; filing stays in this one (SQLite has one writer), in
    the order given."""
    outcomes = []
    if jobs > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
            results = pool.map(_read_one, paths, itertools.repeat(password))
            for path, read in zip(paths, results):
                outcomes.append(_outcome(str(path), read, file_in))
                if on_done:
                    on_done(outcomes[-1])
        return outcomes
    for path in paths:
        outcomes.append(_outcome(str(path), _read_one(path, password), file_in))
        if on_done:
            on_done(outcomes[-1])
    return outcomes


def parse_pages_outcome(inputs: list[str], *, file_in: Callable[[Issue], FileResult] | None = None) -> Outcome:
    """Page images of one issue (`kxdt parse --pages`), as one outcome."""
    label = str(inputs[0]) if inputs else ""
    try:
        issue, document = parse_pages(inputs)
    except KxdtError as error:
        return Outcome(label, error=error)
    return _outcome(issue.file or label, (issue, document.notes, None), file_in)
