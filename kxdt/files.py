"""Writing files without losing anything: refuse to overwrite without force; temp file + rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError, RefusedError


def write_atomic(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> Path:
    """Write `data` to `path` via a temporary file in the same folder and an atomic rename."""
    target = Path(path)
    if target.is_dir():
        raise InputError("输出路径是一个文件夹：请给出文件名", path=str(target))
    if target.exists() and not force:
        raise RefusedError("已存在，未覆盖。要覆盖请加 --force", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
