"""Old and other word-processor formats (.doc, .wps, .rtf, .odt, Strict Open XML) through LibreOffice.

The file is converted to DOCX by `soffice --headless --convert-to docx` in a private temporary
folder with a private LibreOffice profile (so a running LibreOffice or the user's settings are
never touched), with a time limit; the DOCX is then read like any other. Nothing is written
next to the user's file.

What the conversion may cost is bounded: zip-based input (ODT, Strict DOCX) is checked like a
DOCX before LibreOffice sees it, and an input's paragraphs and table cells are counted; the
LibreOffice process runs with a memory and a processor-time limit. It never reaches the network:
its profile blocks linked content (a picture linked to a web address would be fetched), and where
the system allows it, it runs in a network namespace of its own (`unshare -n`), without any.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from ..io.limits import CONVERT_PARAGRAPHS, CONVERT_XML_BYTES
from .package import checked_parts

# What each format is called in messages.
LEGACY_FORMATS = {
    ".doc": "旧版 Word 文件（.doc）",
    ".wps": "WPS 文件（.wps）",
    ".rtf": "RTF 文件",
    ".odt": "OpenDocument 文本（.odt）",
}
CONVERT_TIMEOUT_S = 180
# The LibreOffice process's address space (MB) and processor time (s): a converted bulletin needs
# a few hundred MB and seconds; a table of 300,000 rows would take gigabytes and minutes.
CONVERT_MEMORY_MB = 1024
CONVERT_CPU_S = 60
# Settings of the private profile: linked pictures of untrusted documents are not loaded,
# macros never run.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" \
oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" \
oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" \
oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""
# Paragraphs and table cells in RTF and OpenDocument text.
_RTF_BLOCK_RE = re.compile(rb"\\(?:par|row|cell)(?![a-z])")
_ODF_BLOCK_RE = re.compile(rb"<text:(?:p|h)[\s/>]|<table:table-cell[\s/>]")
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
    """One LibreOffice profile for this process (the first start creates it; later ones reuse
    it), set up to load no linked content and run no macros."""
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix="kxdt-lo-profile-"))
        atexit.register(shutil.rmtree, _profile, True)
        (_profile / "user").mkdir()
        (_profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
    return _profile


@functools.cache
def without_network() -> tuple[str, ...]:
    """A command prefix that runs a program with no network at all (a network namespace of its
    own: `unshare -n` as root, `unshare -rn` where user namespaces are allowed), or () where
    the system allows neither (the profile's settings still block linked content)."""
    unshare = shutil.which("unshare")
    if unshare is None or os.name != "posix":
        return ()
    prefix = (unshare, "-n") if os.geteuid() == 0 else (unshare, "-rn")
    try:
        works = subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        works = False
    return prefix if works else ()


def _limited() -> None:
    """In the LibreOffice process, before it starts: its memory and processor-time limits."""
    import resource

    memory = CONVERT_MEMORY_MB * 1024 * 1024
    for kind, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, CONVERT_CPU_S)):
        _, hard = resource.getrlimit(kind)
        resource.setrlimit(kind, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))


def check_convertible(data: bytes, path: str, what: str) -> None:
    """What LibreOffice would be given, bounded first: a zip package's parts (a bomb, lying
    headers) and XML size, and the paragraphs and table cells the document holds."""
    if data.startswith(b"PK\x03\x04"):
        odt = b"opendocument" in data[:200]
        required = "content.xml" if odt else "word/document.xml"
        parts = checked_parts(data, path, what=what, fix="请在 Word/WPS 中打开并另存为 DOCX 后再试", required=required,
                              missing=f"{what}缺少正文部分（{required}）：请在 Word/WPS 中打开并另存为 DOCX 后再试",
                              xml_limit=CONVERT_XML_BYTES)
        CONVERT_PARAGRAPHS.check(len(_ODF_BLOCK_RE.findall(parts[required])) if odt else 0, path)
    elif data.lstrip()[:5] == b"{\\rtf":
        CONVERT_PARAGRAPHS.check(sum(1 for _ in _RTF_BLOCK_RE.finditer(data)), path)


def to_docx(data: bytes, path: str, what: str) -> bytes:
    """Convert a word-processor file's bytes to DOCX bytes with LibreOffice."""
    exe = find_soffice()
    if exe is None:
        raise InputError(
            f"{what}需要 LibreOffice 转换：请安装 LibreOffice（Debian/Ubuntu：apt install libreoffice-writer），"
            "或在 Word/WPS 中另存为 DOCX 后再试", path=path)
    check_convertible(data, path, what)
    suffix = Path(path).suffix.lower() or ".doc"
    with tempfile.TemporaryDirectory(prefix="kxdt-convert-") as folder:
        source = Path(folder) / f"issue{suffix}"
        source.write_bytes(data)
        out = Path(folder) / "out"
        command = [*without_network(), exe, f"-env:UserInstallation={_private_profile().as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
                   str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_S, stdin=subprocess.DEVNULL,
                                  check=False, preexec_fn=_limited if os.name == "posix" else None)
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice 转换{what}超过 {CONVERT_TIMEOUT_S} 秒仍未完成：请在 Word/WPS 中另存为 DOCX 后再试",
                             path=path) from None
        except OSError as err:
            raise InputError(f"无法启动 LibreOffice（{err.strerror}）：请检查安装，或在 Word/WPS 中另存为 DOCX",
                             path=path) from None
        result = out / "issue.docx"
        if (not result.exists() or result.stat().st_size == 0) and (done.returncode < 0 or done.returncode > 128):
            raise InputError(f"LibreOffice 转换{what}时中止（超出内存 {CONVERT_MEMORY_MB} MB 或处理器时间 {CONVERT_CPU_S} 秒的上限，"
                             "或文件已损坏）：请在 Word/WPS 中另存为 DOCX 后再试", path=path)
        if not result.exists() or result.stat().st_size == 0:
            raise InputError(f"LibreOffice 无法转换这个{what}（文件可能已损坏或不是文字文档）：请在 Word/WPS 中打开并另存为 DOCX",
                             path=path)
        return result.read_bytes()
