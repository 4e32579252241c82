"""Bad PDFs built by the tests: scanned (image only), garbled (no Unicode map), encrypted, cut."""

from __future__ import annotations

import io
import zlib
from pathlib import Path


def _pdf(objects: list[bytes]) -> bytes:
    """Assemble numbered objects into a PDF with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that are only a grey image, as a scanner makes them: no text layer at all."""
    pixels = zlib.compress(bytes(range(64)) * 64)
    objects: list[bytes] = [b"", b""]  # catalog and pages, filled below
    kids = []
    for _ in range(pages):
        image = len(objects) + 1
        content = len(objects) + 2
        page = len(objects) + 3
        draw = b"q 500 0 0 700 40 60 cm /Im0 Do Q"
        objects.append(b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Filter /FlateDecode /Length " + str(len(pixels)).encode() + b" >>\nstream\n"
                       + pixels + b"\nendstream")
        objects.append(b"<< /Length " + str(len(draw)).encode() + b" >>\nstream\n" + draw + b"\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R "
                       f"/Resources << /XObject << /Im0 {image} 0 R >> >> >>".encode())
        kids.append(f"{page} 0 R")
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()
    return _pdf(objects)


def without_unicode_maps(source: Path) -> bytes:
    """The same PDF with every font's ToUnicode map removed: its text extracts as garbage."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    for page in writer.pages:
        fonts = page["/Resources"]["/Font"]
        for key in fonts:
            font = fonts[key].get_object()
            if "/ToUnicode" in font:
                del font["/ToUnicode"]
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted(source: Path, password: str) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def many_pages(count: int) -> bytes:
    """A small file with a great many (empty) pages."""
    kids = " ".join(f"{3 + k} 0 R" for k in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode()]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    return _pdf(objects)


def shared_content_stream(pages: int, stream_bytes: int) -> bytes:
    """Pages that all draw the same huge content stream (text-showing operators, repeated)."""
    unit = b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n"
    content = unit * (stream_bytes // len(unit))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(f'{5 + k} 0 R' for k in range(pages))}] /Count {pages} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 3 0 R >> >> >>"] * pages
    return _pdf(objects)
