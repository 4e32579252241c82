"""Where a file lives: the file system under a path (a network share?) and whether its folder can
be written. The archive is a SQLite file; on a network share (NFS, SMB/CIFS — a mapped drive
`Z:` or `\\\\server\\share` on Windows) SQLite's locking is unreliable and its write-ahead log
cannot work, so two clerks filing at once may corrupt it: kxdt says so."""

from __future__ import annotations

import errno
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArchiveError

MOUNTS = Path("/proc/mounts")  # Linux's mount table: device, mount point, type, options
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "afs", "ncpfs", "9p", "coda", "ceph", "glusterfs", "lustre",
    "gpfs", "davfs", "fuse.sshfs", "sshfs", "fuse.davfs2", "fuse.glusterfs", "fuse.ceph", "fuse.rclone", "fuse.smbnetfs",
})
_OCTAL_RE = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True)
class Place:
    """The file system a path is on."""

    mount_point: str
    fs_type: str
    read_only: bool

    @property
    def network(self) -> bool:
        return self.fs_type in NETWORK_FILESYSTEMS or self.fs_type.startswith(("nfs", "smb", "cifs"))


def _unescape(field: str) -> str:
    """/proc/mounts writes a space as `\\040`."""
    return _OCTAL_RE.sub(lambda m: chr(int(m.group(1), 8)), field)


def place_of(path: Path, mounts: Path | None = None) -> Place | None:
    """The mount a path is on (the longest mount point above it), or None where unknown."""
    if sys.platform == "win32":
        return _windows_place(path)
    try:
        table = (mounts or MOUNTS).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    target = str(_existing(path).resolve())
    best: Place | None = None
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        point = _unescape(fields[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best.mount_point)):
            best = Place(point, fields[2], "ro" in fields[3].split(","))
    return best


def _existing(path: Path) -> Path:
    """The path, or its nearest existing folder (the archive may not exist yet)."""
    path = path.absolute()
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def _windows_place(path: Path) -> Place | None:  # pragma: no cover - Windows only
    text = str(path.absolute())
    if text.startswith("\\\\"):
        return Place(text, "smb", False)
    try:
        import ctypes

        root = os.path.splitdrive(text)[0] + "\\"
        kind = ctypes.windll.kernel32.GetDriveTypeW(root)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    return Place(root, "smb" if kind == 4 else "local", False)  # 4: DRIVE_REMOTE


def network_warning(path: Path, mounts: Path | None = None) -> str | None:
    """A warning when the archive's folder is on a network share."""
    place = place_of(path, mounts)
    if place is None or not place.network:
        return None
    return (f"归档在网络共享文件夹上（{place.fs_type}，{place.mount_point}）：SQLite 数据库放在网络共享上不安全，"
            "几个人同时写入可能损坏归档。请把归档放在本机磁盘上（用 --db 或环境变量 KXDT_DB 指定位置），"
            "需要共享时共享导出的文件")


def check_writable(path: Path, mounts: Path | None = None) -> None:
    """Refuse, with the way out, an archive whose folder cannot be written (a read-only share,
    a folder without write permission): SQLite needs to write beside the file."""
    folder = _existing(path.parent if not path.is_dir() else path)
    place = place_of(path, mounts)
    if (place is not None and place.read_only) or not os.access(folder, os.W_OK):
        where = f"（{place.fs_type}，只读挂载）" if place is not None and place.read_only else ""
        raise ArchiveError(f"归档所在的文件夹不能写入{where}：请用 --db 或环境变量 KXDT_DB 把归档放到可写的本机文件夹",
                           path=str(path))


def os_reason(err: OSError) -> str:
    """An operating-system error in Chinese, for messages."""
    reasons = {errno.ENOSPC: "磁盘已满", errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "位置只读",
               errno.ENAMETOOLONG: "文件名太长", errno.ENOENT: "文件或文件夹不存在", errno.ENOTDIR: "路径中有一段不是文件夹",
               errno.EISDIR: "这是一个文件夹", errno.EEXIST: "已存在", errno.EBUSY: "被占用",
               errno.EIO: "读写出错（磁盘或网络）"}
    return reasons.get(err.errno or 0, err.strerror or type(err).__name__)
