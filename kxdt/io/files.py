"""Writing files without losing anything: refuse to overwrite without force; temp file + rename."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, RefusedError, UsageError
from .places import os_reason


def write_atomic(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> Path:
    """Write `data` to `path` via a temporary file in the same folder and an atomic rename."""
    target = Path(path)
    check_target(target, force=force)
    try:
        return _write(target, data)
    except OSError as err:
        raise _write_error(err, target) from None


def write_atomic_with(path: str | os.PathLike[str], write: Callable[[BinaryIO], None], *,
                      force: bool = False) -> Path:
    """Like `write_atomic`, for a file made piece by piece (a year volume): `write` gets the
    temporary file; if it raises, the temporary file is removed and the target left as it was."""
    target = Path(path)
    check_target(target, force=force)
    try:
        return _write_with(target, write)
    except OSError as err:
        raise _write_error(err, target) from None


def write_all_or_none(files: list[tuple[Path, bytes]], *, force: bool = False) -> None:
    """Write several files so that all of them or none exist afterwards (a draft's DOCX and
    Markdown): every target is checked first, then each is written; on a failure the ones
    already written are removed."""
    for target, _ in files:
        check_target(target, force=force)
    written: list[Path] = []
    try:
        for target, data in files:
            existed = target.exists()
            _write(target, data)
            if not existed:
                written.append(target)
    except OSError as err:
        for target in written:
            target.unlink(missing_ok=True)
        raise _write_error(err, files[len(written)][0] if len(written) < len(files) else files[-1][0]) from None


def keep_copy(data: bytes, name: str, folder: str | os.PathLike[str]) -> tuple[Path, bool]:
    """Keep bytes (an uploaded file) in `folder` as `<hash>-<name>` (`name`: a safe file name),
    so two different files never take each other's place. Returns the path and whether it was
    written now (False: the same bytes were kept before)."""
    import hashlib

    if not name or Path(name).name != name:
        raise ValueError(f"not a plain file name: {name!r}")
    digest = hashlib.sha256(data).hexdigest()
    target = Path(folder) / f"{digest[:12]}-{name}"
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == digest:
        return target, False
    write_atomic(target, data)
    return target, True


def check_target(target: Path, *, force: bool) -> None:
    """A path kxdt may write to: not a folder, not a device or other special file, and not an
    existing file unless `force`."""
    try:
        _check_target(target, force=force)
    except OSError as err:  # a name too long for the file system, a path it cannot look at
        raise _write_error(err, target) from None


def _check_target(target: Path, *, force: bool) -> None:
    if target.is_dir():
        raise UsageError("输出路径是一个文件夹：请给出文件名", path=str(target))
    if any(parent.exists() and not parent.is_dir() for parent in target.parents):
        raise UsageError("输出路径的上级不是文件夹（在一个文件的“里面”）：请换一个位置", path=str(target))
    if target.exists() and not target.is_file():
        raise RefusedError("这不是普通文件（设备或特殊文件），不会写入：请给出普通的文件名", path=str(target))
    if target.exists() and not force:
        raise RefusedError("已存在，未覆盖。要覆盖请加 --force", path=str(target))


def _write_error(err: OSError, target: Path) -> InputError:
    reasons = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.ENOENT: "目录不存在"}
    reason = reasons.get(err.errno or 0) or os_reason(err)
    return InputError(f"无法写入（{reason}）：请换一个位置或文件名（-o/--out），原来的文件未改动", path=str(target))


def _write(target: Path, data: bytes) -> Path:
    return _write_with(target, lambda fh: fh.write(data))


def _write_with(target: Path, write: Callable[[BinaryIO], object]) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


# A temporary file of ours older than this is left over from a killed run.
STALE_SECONDS = 3600


def _remove_stale_temporaries(target: Path) -> None:
    import time

    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if time.time() - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()
        except OSError:
            continue


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
