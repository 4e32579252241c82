"""Parsing many files: expand folders, parse each, file it in the archive, collect outcomes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .api import parse_file
from .archive.store import FileResult
from .errors import InputError, KxdtError
from .fetch import is_url
from .model import Issue
from .readers import SUPPORTED_SUFFIXES


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


def parse_many(
    paths: list[Path | str],
    *,
    password: str | None = None,
    file_in: Callable[[Issue], FileResult] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Parse each path; a bad file is recorded and the batch goes on."""
    outcomes = []
    for path in paths:
        try:
            issue, document = parse_file(path, password=password)
        except KxdtError as error:
            outcome = Outcome(str(path), error=error)
        except (OSError, MemoryError, RecursionError) as error:
            outcome = Outcome(str(path), error=InputError(f"读取失败（{type(error).__name__}）", path=str(path)))
        except Exception as error:  # a bug met on one file: that file fails, the batch goes on
            outcome = Outcome(str(path), error=InputError(
                f"解析失败（{type(error).__name__}）：这份文件的内容 kxdt 处理不了，请把文件报告给维护者", path=str(path)))
        else:
            try:
                outcome = Outcome(str(path), issue=issue, archived=file_in(issue) if file_in else None,
                                  notes=document.notes)
            except KxdtError as error:  # parsed, but not filed (a refusal, a locked archive)
                outcome = Outcome(str(path), issue=issue, error=error, notes=document.notes)
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)
    return outcomes
