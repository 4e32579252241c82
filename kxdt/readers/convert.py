"""Old and other word-processor formats (.doc, .wps, .rtf, .odt, Strict Open XML) through LibreOffice.

The file is converted to DOCX by `soffice --headless --convert-to docx` in a private temporary
folder with a private LibreOffice profile (so a running LibreOffice or the user's settings are
never touched), with a time limit; the DOCX is then read like any other. Nothing is written
next to the user's file.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError

# What each format is called in messages.
LEGACY_FORMATS = {
    ".doc": "旧版 Word 文件（.doc）",
    ".wps": "WPS 文件（.wps）",
    ".rtf": "RTF 文件",
    ".odt": "OpenDocument 文本（.odt）",
}
CONVERT_TIMEOUT_S = 180
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CANDIDATES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
_profile: Path | None = None


def legacy_kind(data: bytes, suffix: str) -> str | None:
    """The legacy format of these bytes ("doc", "rtf", "odt"), or None. A .doc/.wps/.rtf/.odt file
    that is none of them by content (web sites serve HTML as .doc) still goes to LibreOffice."""
    if data.startswith(_OLE2):
        return "doc"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith(b"PK\x03\x04") and data[30:38] == b"mimetype" and b"opendocument.text" in data[38:120]:
        return "odt"
    if suffix in LEGACY_FORMATS and not data.startswith(b"PK\x03\x04") and not data.startswith(b"%PDF"):
        return suffix[1:]
    return None


def find_soffice() -> str | None:
    """LibreOffice's command: `KXDT_SOFFICE`, then `soffice`/`libreoffice` on the PATH, then
    the usual install places."""
    given = os.environ.get("KXDT_SOFFICE")
    if given:
        return given if Path(given).exists() or shutil.which(given) else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((c for c in _CANDIDATES if Path(c).exists()), None)


def _private_profile() -> Path:
    """One LibreOffice profile for this process (the first start creates it; later ones reuse it)."""
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix="kxdt-lo-profile-"))
        atexit.register(shutil.rmtree, _profile, True)
    return _profile


def to_docx(data: bytes, path: str, what: str) -> bytes:
    """Convert a word-processor file's bytes to DOCX bytes with LibreOffice."""
    exe = find_soffice()
    if exe is None:
        raise InputError(
            f"{what}需要 LibreOffice 转换：请安装 LibreOffice（Debian/Ubuntu：apt install libreoffice-writer），"
            "或在 Word/WPS 中另存为 DOCX 后再试", path=path)
    suffix = Path(path).suffix.lower() or ".doc"
    with tempfile.TemporaryDirectory(prefix="kxdt-convert-") as folder:
        source = Path(folder) / f"issue{suffix}"
        source.write_bytes(data)
        out = Path(folder) / "out"
        command = [exe, f"-env:UserInstallation={_private_profile().as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_S, stdin=subprocess.DEVNULL,
                           check=False)
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice 转换{what}超过 {CONVERT_TIMEOUT_S} 秒仍未完成：请在 Word/WPS 中另存为 DOCX 后再试",
                             path=path) from None
        except OSError as err:
            raise InputError(f"无法启动 LibreOffice（{err.strerror}）：请检查安装，或在 Word/WPS 中另存为 DOCX",
                             path=path) from None
        result = out / "issue.docx"
        if not result.exists() or result.stat().st_size == 0:
            raise InputError(f"LibreOffice 无法转换这个{what}（文件可能已损坏或不是文字文档）：请在 Word/WPS 中打开并另存为 DOCX",
                             path=path)
        return result.read_bytes()
