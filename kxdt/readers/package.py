"""Zip packages (DOCX, and the OpenDocument files LibreOffice converts) checked before anything
unpacks them: every part is inflated once here, in bounded steps, and counted as it streams
(headers can lie about sizes), its XML parts and the whole alike; compression other than
deflate (bzip2, LZMA: no bound on what a step inflates) is refused."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from ..errors import InputError
from ..io.limits import DOCX_TOTAL_BYTES, DOCX_XML_BYTES, Limit

# A package whose parts declare more than this, or that compress better than this ratio, is
# refused before it is unpacked (a zip bomb posing as a document).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
_STEP = 1 << 20  # bytes inflated per read
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def is_xml_part(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def checked_parts(data: bytes, path: str, *, what: str, fix: str, required: str, missing: str,
                  xml_limit: Limit = DOCX_XML_BYTES) -> dict[str, bytes]:
    """The package's XML parts as checked (each exactly as long as its header says and matching
    its checksum); other parts (pictures, fonts, embedded files) are counted and left out, as b"".
    `what` names the format in messages, `fix` says what to do, `required` is the part that
    makes it this format (`missing` says so when it is not there)."""
    named = what + (" " if what[-1:].isascii() else "")  # `DOCX 文件`, `OpenDocument 文本（.odt）文件`
    broken = f"{named}文件已损坏或不完整：{fix}"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
        raise InputError(broken, path=path) from None
    if required not in {info.filename for info in infos}:
        raise InputError(missing, path=path)
    declared = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if declared > MAX_UNPACKED_BYTES or (declared > 10 * 1024 * 1024 and declared / packed > MAX_RATIO):
        raise InputError(f"{named}解压后异常巨大（{declared // 1048576} MB），疑似压缩炸弹，已拒绝读取", path=path)
    if any(info.compress_type not in _COMPRESSIONS for info in infos):
        raise InputError(f"{named}用了 Office 软件不用的压缩方式，已拒绝读取：{fix}", path=path)
    total = 0
    parts: dict[str, bytes] = {}
    try:
        for info in infos:
            xml = is_xml_part(info.filename)
            size = 0
            chunks: list[bytes] = []
            with archive.open(info) as part:
                # At most a step's worth inflated per read (zipfile's read() of a whole part
                # inflates everything its data holds before cutting it to the header's size).
                while chunk := part.read1(_STEP):
                    size += len(chunk)
                    total += len(chunk)
                    if xml:
                        xml_limit.check(size, path)
                        chunks.append(chunk)
                    DOCX_TOTAL_BYTES.check(total, path)
            parts[info.filename] = b"".join(chunks) if xml else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        raise InputError(broken, path=path) from None
    return parts


def repacked(parts: dict[str, bytes]) -> io.BytesIO:
    """Checked parts as a new, uncompressed package: nothing left in it to inflate."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, part in parts.items():
            package.writestr(name, part)
    out.seek(0)
    return out
