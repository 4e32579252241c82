"""The hostile corpus (issue #28): small files written here, never fetched, each made to cost a
reader too much, to break it, or to make it reach the network. `members()` lists them;
`run_member()` runs one through the real command line in a child process under an address-space
limit and a time limit and reports how it ended, how long it took and its peak memory.

    python3 tests/hostile_corpus.py [--full] [NAME-PART ...]   # build and run, print a table

`reduced` members are built smaller for CI (still past every bound they test); `--full` builds
them at the size the issue reported.
"""

from __future__ import annotations

import io
import os
import random
import resource
import signal
import socket
import socketserver
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bulletins import sample_issue, scraped  # noqa: E402
from pdfs import _pdf  # noqa: E402

# What a member may cost: the acceptance of issue #28.
TIME_LIMIT_S = 30.0  # processor seconds (RLIMIT_CPU)
WALL_LIMIT_S = 120.0  # a child asleep this long (a fetch that never ends) is killed
PEAK_LIMIT_MB = 1024
ADDRESS_SPACE = 2 * 1024**3  # the child's RLIMIT_AS: a runaway allocation fails instead of swapping
ALLOWED_EXITS = {0, 3, 4, 5, 7}
# Runs the command line with the optional extras made unimportable ("without the extras").
BARE = ("import sys\n"
        "for name in ('pypdfium2', 'pypdfium2_raw', 'rapidocr_onnxruntime'): sys.modules[name] = None\n"
        "from kxdt.cli import main\nmain()\n")


@dataclass
class Member:
    name: str  # the file name (its suffix picks the reader, as a user's would)
    klass: str  # the class of issue #28 it stands for
    build: Callable[[bool], bytes] | None  # bytes of the file (full size when True)
    commands: tuple[tuple[str, ...], ...] = (("parse", "{file}", "--no-archive"),)
    variants: tuple[str, ...] = ("default",)  # "default", "pypdf", "pypdfium2", "bare"
    reduced: bool = False  # built smaller unless --full
    env: dict[str, str] = field(default_factory=dict)
    exits: frozenset[int] = frozenset(ALLOWED_EXITS)
    folder: Callable[[Path, bool], None] | None = None  # builds a folder of files instead of one file
    says: str = ""  # what every run's messages must contain (the reason, in the user's words)


# -- bulletin text -------------------------------------------------------------------------------

def bulletin_text() -> str:
    return scraped(sample_issue(), blank_lines=False, junk=False)


def _with_line(extra: str, after: int = 3) -> bytes:
    lines = bulletin_text().split("\n")
    return "\n".join([*lines[:after], extra, *lines[after:]]).encode()


MASTHEAD = "科协工作简报\n2022年第37期（总第412期）\n某某市科协办公室　　2022年11月25日\n"
PARAGRAPH = "11月22日，市科协举办科技工作者座谈会，与会代表围绕科研环境、人才评价和成果转化交流意见建议。"
HAN = "科协简报动态工作会议服务发展创新学会"


def _han(count: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(HAN) for _ in range(count))


def chrome_line(full: bool) -> bytes:
    return _with_line("扫一扫在手机打开当前页" * 26 + "啊")


def markdown_comments(full: bool) -> bytes:
    return ("<!--" * 20_000 + "\n---\nname: 科协工作简报\nyear: 2022\nnumber: 37\ntotal: 412\ndate: 2022-11-25\n---\n"
            "## 综合\n### 市科协召开全委会\n" + PARAGRAPH + "\n").encode()


def unclosed(opener: str) -> Callable[[bool], bytes]:
    def build(full: bool) -> bytes:
        return (MASTHEAD + "【综合】\n市科协召开全委会\n" + PARAGRAPH + opener + _han(100_000) + "。\n").encode()
    return build


def many_columns(full: bool) -> bytes:
    return (MASTHEAD + "".join(f"【栏目{k}】\n" for k in range(100_000)) + "市科协召开全委会\n" + PARAGRAPH).encode()


def many_sources(full: bool) -> bytes:
    count = 1_000_000 if full else 300_000
    return (MASTHEAD + "【综合】\n市科协召开全委会\n" + PARAGRAPH + "\n" + "（某区科协）\n" * count).encode()


def many_headings(full: bool) -> bytes:
    head = "---\nname: 科协工作简报\nyear: 2022\nnumber: 37\ntotal: 412\ndate: 2022-11-25\n---\n## 综合\n"
    return (head + "".join(f"### 标题{k}\n{PARAGRAPH}\n\n" for k in range(100_000))).encode()


def many_highlights(full: bool) -> bytes:
    items = "".join(f"●市科协召开第{k}次全委会议研究部署工作\n" for k in range(30_000))
    body = "".join(f"市科协召开第{k}次常委会议\n{PARAGRAPH}\n" for k in range(3_000))
    return (MASTHEAD + "目录提要\n" + items + "【综合】\n" + body).encode()


def long_line(full: bool) -> bytes:
    """One line of 4 M characters: every pattern over lines meets it."""
    return (MASTHEAD + "【综合】\n市科协召开全委会\n" + "浏览次数：" + " " * 2_000_000 + "x" + _han(2_000_000) + "\n").encode()


def spaces_then_mark(full: bool) -> bytes:
    return (MASTHEAD + "【综合】\n市科协召开全委会\n科" + "\u3000" * 200_000 + "x\n" + PARAGRAPH + "\n").encode()


# -- DOCX ----------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>')
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def para(text: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def bulletin_paragraphs(style: str | None = None) -> str:
    lines = ["科协工作简报", "2022年第37期（总第412期）", "某某市科协办公室　2022年11月25日", "【综合】",
             "市科协召开全委会", PARAGRAPH, "【科普工作】", "科普大篷车开进山区学校", PARAGRAPH]
    return "".join(para(line, style) for line in lines)


def docx_package(body: str | bytes, *, styles: str | None = None, rels: tuple[tuple[str, str, str, str], ...] = (),
                 parts: dict[str, tuple[str, bytes]] | None = None, sect: str = "",
                 level: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A DOCX written by hand: document.xml around `body`, optional styles, relationships
    (id, type, target, mode) and further parts (name -> content type, bytes)."""
    body_bytes = body.encode() if isinstance(body, str) else body
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" '
                f'xmlns:r="{R_NS}"><w:body>').encode() + body_bytes + f"{sect}</w:body></w:document>".encode()
    overrides = ""
    doc_rels = list(rels)
    files: dict[str, bytes] = {}
    if styles is not None:
        overrides += f'<Override PartName="/word/styles.xml" ContentType="{_WML}.styles+xml"/>'
        files["word/styles.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                    f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>').encode()
        if not any(r[1].endswith("/styles") for r in rels):
            doc_rels.append(("rIdStyles", f"{REL}/styles", "styles.xml", ""))
    for name, (ctype, data) in (parts or {}).items():
        overrides += f'<Override PartName="/{name}" ContentType="{ctype}"/>'
        files[name] = data
    rel_xml = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"{f" TargetMode={chr(34)}{m}{chr(34)}" if m else ""}/>'
                      for i, t, target, m in doc_rels)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", level) as z:
        z.writestr("[Content_Types].xml", _CT_HEAD + overrides + "</Types>")
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
                   '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
                   f'"{REL}/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + rel_xml + "</Relationships>")
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def _style(style_id: str, based_on: str | None) -> str:
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{style_id}"/>{base}</w:style>'


def docx_style_cycle(full: bool) -> bytes:
    return docx_package(bulletin_paragraphs("A"), styles=_style("A", "B") + _style("B", "A"))


def docx_style_self(full: bool) -> bytes:
    return docx_package(bulletin_paragraphs("A"), styles=_style("A", "A"))


def docx_many_runs(full: bool) -> bytes:
    runs = "".join(f"<w:r><w:rPr><w:sz w:val=\"{20 + k % 9}\"/></w:rPr><w:t>{HAN[k % len(HAN)]}</w:t></w:r>"
                   for k in range(300_000))
    return docx_package(bulletin_paragraphs() + f"<w:p>{runs}</w:p>")


def docx_header_paragraphs(full: bool) -> bytes:
    header = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W_NS}">'
              + para("2022年第37期") * 100_000 + "</w:hdr>").encode()
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>'
    return docx_package(bulletin_paragraphs(), rels=(("rIdH", f"{REL}/header", "header1.xml", ""),),
                        parts={"word/header1.xml": (f"{_WML}.header+xml", header)}, sect=sect)


def docx_huge_honest(full: bool) -> bytes:
    """document.xml of 60 MB of ordinary paragraphs (a compressed size that passes the ratio check)."""
    size = (60 if full else 40) * 1024 * 1024
    rng = random.Random(3)
    unit = "".join(para(_han(60, seed) + "。") for seed in range(200)).encode()
    body = bytearray(bulletin_paragraphs().encode())
    while len(body) < size:
        body += unit
        body += para(str(rng.random())).encode()
    return docx_package(bytes(body))


def docx_external_styles(full: bool) -> bytes:
    return docx_package(bulletin_paragraphs("A"), rels=(("rIdS", f"{REL}/styles", "http://127.0.0.1:9/styles.xml",
                                                          "External"),))


def docx_lying_headers(full: bool) -> bytes:
    """document.xml whose headers say 2 KB with the CRC of its first 2 KB, while its data
    inflates to 600 MB: the checked prefix is whole, the rest must never be inflated."""
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
            + bulletin_paragraphs()).encode()
    filler = para(_han(2000)).encode()
    declared = 2048
    first = (head + filler)[:declared]
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = [compressor.compress(head + filler)]
    chunk = filler * 2000
    total = (600 if full else 300) * 1024 * 1024
    for _ in range(total // len(chunk)):
        packed.append(compressor.compress(chunk))
    packed.append(compressor.compress(b"</w:body></w:document>") + compressor.flush())
    data = b"".join(packed)
    base = zipfile.ZipFile(io.BytesIO(docx_package(bulletin_paragraphs())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, base.read(info))
    entries = out.getvalue()
    # Append document.xml by hand: a local header, the data, and a central directory entry.
    archive = zipfile.ZipFile(io.BytesIO(entries))
    body_end = entries.index(b"PK\x01\x02")
    crc = zlib.crc32(first)
    name = b"word/document.xml"
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), declared, len(name), 0)
    offset = body_end
    central_old = entries[body_end : entries.index(b"PK\x05\x06")]
    central_new = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data), declared,
                              len(name), 0, 0, 0, 0, 0, offset) + name
    directory = central_old + central_new
    start = body_end + len(local) + len(name) + len(data)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(archive.infolist()) + 1, len(archive.infolist()) + 1,
                      len(directory), start, 0)
    return entries[:body_end] + local + name + data + directory + end


def docx_external_image(server: str) -> Callable[[bool], bytes]:
    def build(full: bool) -> bytes:
        drawing = ('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
                   'wordprocessingDrawing"><wp:extent cx="100" cy="100"/><wp:docPr id="1" name="p"/><a:graphic '
                   'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://'
                   'schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.'
                   'openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="1" name="p"/><pic:cNvPicPr/>'
                   '</pic:nvPicPr><pic:blipFill><a:blip r:link="rIdImg"/></pic:blipFill><pic:spPr/></pic:pic>'
                   '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
        return docx_package(bulletin_paragraphs() + drawing,
                            rels=(("rIdImg", f"{REL}/image", f"{server}/remote/docx.png", "External"),))
    return build


def strict_docx_with_link(server: str) -> Callable[[bool], bytes]:
    """A Strict Open XML document (converted by LibreOffice) whose picture links to the server."""
    def build(full: bool) -> bytes:
        data = docx_external_image(server)(full)
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                part = zin.read(info)
                if info.filename == "word/document.xml":
                    part = part.replace(W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
                zout.writestr(info, part)
        return out.getvalue()
    return build


# -- OpenDocument, RTF ---------------------------------------------------------------------------

def odt_package(content: bytes | Iterator[bytes], *, level: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", level) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                   '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
                   'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:'
                   'file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
        if isinstance(content, bytes):
            z.writestr("content.xml", content)
        else:
            with z.open("content.xml", "w", force_zip64=True) as part:
                for chunk in content:
                    part.write(chunk)
    return out.getvalue()


_ODT_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:'
             'opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
             'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/'
             'xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2">'
             '<office:body><office:text>')
_ODT_TAIL = "</office:text></office:body></office:document-content>"


def _odt_paragraphs() -> str:
    lines = ["科协工作简报", "2022年第37期（总第412期）", "某某市科协办公室　2022年11月25日", "【综合】",
             "市科协召开全委会", PARAGRAPH]
    return "".join(f"<text:p>{line}</text:p>" for line in lines)


def odt_with_link(server: str) -> Callable[[bool], bytes]:
    def build(full: bool) -> bytes:
        frame = (f'<text:p><draw:frame svg:width="2cm" svg:height="2cm"><draw:image xlink:href="{server}/remote/odt.png" '
                 'xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>')
        return odt_package((_ODT_HEAD + _odt_paragraphs() + frame + _ODT_TAIL).encode())
    return build


def odt_bomb(full: bool) -> bytes:
    total = (1536 if full else 400) * 1024 * 1024
    chunk = ("<text:p>" + _han(200) + "</text:p>").encode() * 5000

    def parts() -> Iterator[bytes]:
        yield (_ODT_HEAD + _odt_paragraphs()).encode()
        for _ in range(total // len(chunk)):
            yield chunk
        yield _ODT_TAIL.encode()
    return odt_package(parts())


def rtf_rows(full: bool) -> bytes:
    rows = 300_000 if full else 100_000
    row = r"\trowd\cellx2000\cellx4000\intbl \u31185?\u21327?\cell\intbl x\cell\row" + "\n"
    return (r"{\rtf1\ansi\deff0{\fonttbl{\f0 SimSun;}}" + "\n" + row * rows + "}").encode()


# -- PDF -----------------------------------------------------------------------------------------

def _stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length " + str(len(data)).encode() + extra + b" >>\nstream\n" + data + b"\nendstream"


def _flate_of(size: int, unit: bytes = b"\x00") -> bytes:
    compressor = zlib.compressobj(9)
    block = unit * (1 << 20)
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + compressor.flush()


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_TEXT = b"BT /F1 12 Tf 72 700 Td (Kexie jianbao 2022) Tj ET\n"


def pdf_shared_objects(full: bool) -> bytes:
    pages = 2000
    content = b"BT /F1 1 Tf (a) Tj ET\n" * 99_000
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(f'{5 + k} 0 R' for k in range(pages))}] /Count {pages} >>".encode(),
               _FONT, _stream(content)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 3 0 R >> >> >>"] * pages
    return _pdf(objects)


def pdf_repeated_kid(full: bool) -> bytes:
    kids = " ".join(["4 0 R"] * 1500)
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count 1500 >>".encode(),
                 _FONT, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
                 b"/Resources << /Font << /F1 3 0 R >> >> >>", _stream(_TEXT * 40)])


def pdf_form_fanout(full: bool) -> bytes:
    """Form XObjects that each draw the next ten times, eight deep (10^8 text objects)."""
    depth = 8
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /XObject << /X 6 0 R >> >> >>",
               _stream(b"/X Do\n", compress=False), _FONT]
    for level in range(depth):
        number = 6 + level
        if level < depth - 1:
            draw = b"/X Do\n" * 10
            resources = f"/Resources << /XObject << /X {number + 1} 0 R >> >>".encode()
        else:
            draw = _TEXT * 10
            resources = b"/Resources << /Font << /F1 5 0 R >> >>"
        objects.append(_stream(draw, b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] " + resources, compress=False))
    return _pdf(objects)


def _one_page(content: bytes, resources: bytes = b"/Font << /F1 3 0 R >>", extra: list[bytes] | None = None,
              box: bytes = b"[0 0 595 842]") -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", _FONT,
                 b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" /Contents 5 0 R /Resources << " + resources
                 + b" >> >>", content, *(extra or [])])


def pdf_flate_bomb(full: bool) -> bytes:
    data = _flate_of((1024 if full else 512) * 1024 * 1024, b" ")
    return _one_page(b"<< /Length " + str(len(data)).encode() + b" /Filter /FlateDecode >>\nstream\n" + data
                     + b"\nendstream")


def pdf_inline_image(full: bool) -> bytes:
    side = 30_000 if full else 20_000
    data = _flate_of(side * side)
    content = (f"q 500 0 0 500 40 200 cm BI /W {side} /H {side} /BPC 8 /CS /G /F /Fl ID ".encode() + data
               + b"\nEI Q\n" + _TEXT)
    return _one_page(_stream(content, compress=False))


def pdf_font_bomb(full: bool) -> bytes:
    """The hidden content bomb: a small page whose embedded font program inflates to 1 GB."""
    data = _flate_of((1024 if full else 512) * 1024 * 1024)
    font = (b"<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 126 /Widths [] "
            b"/FontDescriptor 7 0 R >>")
    descriptor = b"<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] /FontFile2 8 0 R >>"
    program = b"<< /Length " + str(len(data)).encode() + b" /Filter /FlateDecode >>\nstream\n" + data + b"\nendstream"
    return _one_page(_stream(_TEXT), b"/Font << /F1 6 0 R >>", [font, descriptor, program])


def pdf_annotation_bomb(full: bool) -> bytes:
    data = _flate_of((1024 if full else 512) * 1024 * 1024, b" ")
    annot = b"<< /Type /Annot /Subtype /Square /Rect [0 0 100 100] /AP << /N 7 0 R >> >>"
    appearance = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Length " + str(len(data)).encode()
                  + b" /Filter /FlateDecode >>\nstream\n" + data + b"\nendstream")
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", _FONT,
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Annots [6 0 R] "
                 b"/Resources << /Font << /F1 3 0 R >> >> >>", _stream(_TEXT), annot, appearance])


def _image_page(box: bytes, pages: int = 1) -> bytes:
    pixels = zlib.compress(bytes(range(64)) * 64)
    image = (b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 "
             b"/Filter /FlateDecode /Length " + str(len(pixels)).encode() + b" >>\nstream\n" + pixels + b"\nendstream")
    draw = _stream(b"q 500 0 0 700 40 60 cm /Im0 Do Q", compress=False)
    kids = " ".join(["5 0 R"] * 0 + [f"{5 + k} 0 R" for k in range(pages)])
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
               image, draw]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" /Contents 4 0 R /Resources << /XObject << "
                b"/Im0 3 0 R >> >> >>"] * pages
    return _pdf(objects)


def pdf_huge_page(full: bool) -> bytes:
    return _image_page(b"[0 0 14400 14400]")


def pdf_image_pages(full: bool) -> bytes:
    return _image_page(b"[0 0 595 842]", 2000)


def pdf_bad_tounicode(full: bool) -> bytes:
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> "
            b"endcodespacerange 3 beginbfrange <00> <FF> <D800> <41> <5A> [<FFFF> <> <0> ] <20> <20> <DFFF41> "
            b"endbfrange 2 beginbfchar <61> <> <62> <FEFFD800DC00> endbfchar endcmap end end")
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 7 0 R >>"
    text = b"BT /F1 12 Tf 72 700 Td (abcABC 2022 Kexie) Tj ET\n" * 30
    return _one_page(_stream(text), b"/Font << /F1 6 0 R >>", [font, _stream(cmap)], box=b"[0 0 0 0]")


# -- images --------------------------------------------------------------------------------------

def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, *, dpi: float | None = None, pixels: bool = True, extra: bytes = b"") -> bytes:
    """A white grey-scale PNG written by hand (any size: rows are compressed as they are made)."""
    out = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    if dpi is not None:
        per_metre = max(1, round(dpi / 0.0254))
        out += _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
    out += extra
    if pixels:
        compressor = zlib.compressobj(9)
        row = b"\x00" + b"\xff" * width
        rows_per_block = max(1, (1 << 22) // len(row))
        data = []
        for start in range(0, height, rows_per_block):
            data.append(compressor.compress(row * min(rows_per_block, height - start)))
        out += _chunk(b"IDAT", b"".join(data) + compressor.flush())
    else:
        out += _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    return out + _chunk(b"IEND", b"")


def png_huge(full: bool) -> bytes:
    return png(12_000, 12_000)


def png_bomb(full: bool) -> bytes:
    return png(60_000, 60_000, pixels=False)


def png_low_dpi(full: bool) -> bytes:
    return png(1000, 1400, dpi=10)


def png_garbage(full: bool) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + random.Random(5).randbytes(4000)


def png_ztxt_bomb(full: bool) -> bytes:
    text = b"Comment\x00\x00" + zlib.compress(b"\x00" * (64 * 1024 * 1024), 9)
    return png(200, 100, extra=_chunk(b"zTXt", text))


def bmp_bomb(full: bool) -> bytes:
    header = struct.pack("<2sIHHI", b"BM", 54 + 64, 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, 50_000, 50_000, 1, 24, 0, 0, 2835, 2835, 0, 0)
    return header + info + b"\x00" * 64


def jpeg_bomb(full: bool) -> bytes:
    sof = struct.pack(">BBHBHHB", 0xFF, 0xC0, 17, 8, 65_500, 65_500, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8" + sof + b"\xff\xd9"


def _pil(image_mode: str, size: tuple[int, int], fmt: str, **options: object) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new(image_mode, size, "white")
    ImageDraw.Draw(image).rectangle((10, 10, size[0] // 2, 20), fill="black")
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg_truncated(full: bool) -> bytes:
    data = _pil("RGB", (800, 600), "JPEG", quality=90)
    return data[: len(data) // 2]


def tiff_tiny_dpi(full: bool) -> bytes:
    return _pil("L", (400, 300), "TIFF", dpi=(1e-6, 1e-6))


def tiff_many_pages(full: bool) -> bytes:
    from PIL import Image

    pages = 1000
    size = (1654, 2339) if full else (200, 280)
    image = Image.new("L", size, "white")
    out = io.BytesIO()
    image.save(out, "TIFF", save_all=True, append_images=[image] * (pages - 1), compression="tiff_adobe_deflate")
    return out.getvalue()


def tiny_pngs(folder: Path, full: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(300):
        (folder / f"p{k:03d}.png").write_bytes(png(1, 1))


# -- web pages -----------------------------------------------------------------------------------

def html_page(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head><meta charset=\"utf-8\">{head}</head><body>{body}</body></html>".encode()


def _html_bulletin(style: str = "") -> str:
    return (f"<p style=\"{style}\">科协工作简报</p><p>2022年第37期（总第412期）</p><p>某某市科协办公室 2022年11月25日</p>"
            f"<p>【综合】</p><p style=\"{style}\">市科协召开全委会</p><p>{PARAGRAPH}</p>")


def html_bad_css(full: bool) -> bytes:
    return html_page(_html_bulletin("font-size:1.2.3px;text-indent:..2em") + '<p style="font-size:.px">x</p>'
                     '<p style="text-indent:.">y</p><p style="font-size:1e309pt">z</p>')


def html_undefined_charset(full: bool) -> bytes:
    return (b"<!DOCTYPE html><html><head><meta charset=\"undefined\"></head><body>" + _html_bulletin().encode()
            + b"</body></html>")


def mhtml(parts_charset: str = "utf-8", depth: int = 0) -> bytes:
    html = html_page(_html_bulletin())
    inner = (f"Content-Type: text/html; charset={parts_charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").encode() + html
    for level in range(depth):
        boundary = f"b{level}"
        inner = (f'Content-Type: multipart/related; boundary="{boundary}"\r\n\r\n--{boundary}\r\n').encode() + inner \
            + f"\r\n--{boundary}--\r\n".encode()
    return (b"From: <Saved by Blink>\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; "
            b"type=\"text/html\"; boundary=\"top\"\r\n\r\n--top\r\n" + inner + b"\r\n--top--\r\n")


def html_remote(server: str) -> Callable[[bool], bytes]:
    def build(full: bool) -> bytes:
        head = (f'<link rel="stylesheet" href="{server}/remote/a.css"><script src="{server}/remote/a.js"></script>'
                f'<base href="{server}/remote/">')
        body = (_html_bulletin() + f'<img src="{server}/remote/a.png"><iframe src="{server}/remote/frame"></iframe>'
                f'<object data="{server}/remote/o"></object><p style="background:url({server}/remote/bg.png)">x</p>')
        return html_page(body, head)
    return build


def html_with_entity(server: str) -> Callable[[bool], bytes]:
    def build(full: bool) -> bytes:
        return (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "{server}/remote/entity">]>'
                f"<html><body>{_html_bulletin()}<p>&x;</p></body></html>").encode()
    return build


def invisible_markdown(full: bool) -> bytes:
    marks = "\u200b\u00ad\U000e0041\u061c\u2028\u2029\u180e"
    return (f"---\nname: 科协{marks}工作简报\nyear: 2022\nnumber: 37\ntotal: 412\ndate: 2022-11-25\n---\n"
            f"## 综{marks}合\n### 市科协{marks}召开全委会\n{PARAGRAPH}{marks}\n").encode()


# -- the web server the URL members and the no-fetch check talk to ------------------------------

SLOW = "/slow"


class _Handler(socketserver.BaseRequestHandler):
    """Answers by path with well-formed or deliberately broken HTTP; records every request."""

    def handle(self) -> None:
        self.request.settimeout(10)
        try:
            head = self.request.recv(65536)
        except OSError:
            return
        line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = line.split(" ")
        path = parts[1] if len(parts) > 1 else ""
        self.server.seen.append(path)  # type: ignore[attr-defined]
        page = html_page(_html_bulletin())
        port = self.server.server_address[1]
        answers = {
            "/page": b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
                     + str(len(page)).encode() + b"\r\n\r\n" + page,
            "/badstatus": b"HTTP/1.1 2OO OK\r\n\r\n" + page,
            "/garbage": b"\x00\x01\x02 nonsense\r\n\r\n",
            "/headers": b"HTTP/1.1 200 OK\r\n" + b"".join(f"X-H{k}: v\r\n".encode() for k in range(150)) + b"\r\n" + page,
            "/longheader": b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 100_000 + b"\r\n\r\n" + page,
            "/chunked-truncated": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n" + page[:100],
            "/chunked-bad": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + page + b"\r\n0\r\n\r\n",
            "/short": b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + page,
            "/undefined-charset": b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=undefined\r\nContent-Length: "
                                  + str(len(page)).encode() + b"\r\n\r\n" + page,
            "/to-ftp": b"HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1/page\r\nContent-Length: 0\r\n\r\n",
            "/to-file": b"HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\nContent-Length: 0\r\n\r\n",
            "/other-host": f"HTTP/1.1 302 Found\r\nLocation: http://localhost:{port}/page\r\nContent-Length: 0\r\n\r\n"
                           .encode(),
            "/loop": b"HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n",
        }
        try:
            if path == SLOW:
                self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
                for byte in page * 100:
                    self.request.sendall(bytes([byte]))
                    time.sleep(1.0)
                return
            self.request.sendall(answers.get(path, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
        except OSError:
            return


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> Server:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


# -- the members ---------------------------------------------------------------------------------

TEXT_COMMANDS = (("parse", "{file}", "--no-archive"), ("check", "{file}"),
                 ("export", "{file}", "--to", "docx", "-o", "{out}", "--force"))
ALL_COMMANDS = (*TEXT_COMMANDS, ("toc", "{file}"))
PDF_PATHS = ("pypdf", "pypdfium2", "bare")
CHECK_EXITS = frozenset(ALLOWED_EXITS | {1})  # `check` says 1 when it finds errors
FETCH_EXITS = frozenset({7})


def members(server: str = "http://127.0.0.1:9") -> list[Member]:
    """Every member of the corpus; `server` is the loopback server's address (remote links and
    the URL members point at it)."""
    url = lambda path: (("parse", f"{server}{path}", "--no-archive"),)  # noqa: E731
    return [
        # Hangs from small inputs
        Member("chrome-line.txt", "hang: regex backtracking", chrome_line, ALL_COMMANDS, exits=CHECK_EXITS),
        Member("comments.md", "hang: regex backtracking", markdown_comments, TEXT_COMMANDS, exits=CHECK_EXITS),
        Member("unclosed-paren.txt", "hang: regex backtracking", unclosed("("), TEXT_COMMANDS, exits=CHECK_EXITS),
        Member("unclosed-quote.txt", "hang: regex backtracking", unclosed('"'), TEXT_COMMANDS, exits=CHECK_EXITS),
        Member("long-line.txt", "hang: regex backtracking", long_line, TEXT_COMMANDS, exits=CHECK_EXITS),
        Member("spaces.txt", "hang: regex backtracking", spaces_then_mark, TEXT_COMMANDS, exits=CHECK_EXITS),
        Member("style-cycle.docx", "hang: DOCX", docx_style_cycle, TEXT_COMMANDS, exits=CHECK_EXITS),
        Member("style-self.docx", "hang: DOCX", docx_style_self),
        Member("many-runs.docx", "hang: DOCX", docx_many_runs),
        Member("header-paragraphs.docx", "hang: DOCX", docx_header_paragraphs),
        Member("honest-60mb.docx", "hang: DOCX", docx_huge_honest, reduced=True),
        Member("shared-objects.pdf", "hang: PDF", pdf_shared_objects, variants=PDF_PATHS),
        Member("repeated-kid.pdf", "hang: PDF", pdf_repeated_kid, variants=PDF_PATHS),
        Member("columns.txt", "hang: text", many_columns, TEXT_COMMANDS, exits=CHECK_EXITS),
        Member("sources.txt", "hang: text", many_sources, TEXT_COMMANDS, reduced=True, exits=CHECK_EXITS),
        Member("headings.md", "hang: text", many_headings, TEXT_COMMANDS, exits=CHECK_EXITS),
        Member("highlights.txt", "hang: text", many_highlights, ALL_COMMANDS, exits=CHECK_EXITS),
        Member("slow.url", "hang: URL", None, url(SLOW), env={"KXDT_FETCH_TIMEOUT": "3"}, exits=FETCH_EXITS,
               says="超时"),
        Member("image-pages.pdf", "hang: scans", pdf_image_pages, variants=PDF_PATHS),
        Member("tiny-pages", "hang: scans", None, (("parse", "--pages", "{file}", "--no-archive"),), folder=tiny_pngs),
        # Memory
        Member("form-fanout.pdf", "memory: PDF", pdf_form_fanout, variants=PDF_PATHS),
        Member("flate-bomb.pdf", "memory: PDF", pdf_flate_bomb, variants=PDF_PATHS, reduced=True),
        Member("inline-image.pdf", "memory: PDF", pdf_inline_image, variants=PDF_PATHS, reduced=True),
        Member("font-bomb.pdf", "memory: PDF", pdf_font_bomb, variants=PDF_PATHS, reduced=True),
        Member("annotation-bomb.pdf", "memory: PDF", pdf_annotation_bomb, variants=PDF_PATHS, reduced=True),
        Member("huge-page.pdf", "memory: PDF", pdf_huge_page, variants=PDF_PATHS),
        Member("huge.png", "memory: image", png_huge, variants=("default", "bare")),
        Member("low-dpi.png", "memory: image", png_low_dpi),
        Member("many-pages.tif", "memory: image", tiff_many_pages, reduced=True),
        Member("lying-headers.docx", "memory: DOCX", docx_lying_headers, reduced=True),
        Member("bomb.odt", "memory: LibreOffice", odt_bomb, reduced=True),
        Member("rows.rtf", "memory: LibreOffice", rtf_rows, reduced=True),
        # Internal errors
        Member("bad-css.html", "internal: web page", html_bad_css),
        Member("undefined-charset.html", "internal: web page", html_undefined_charset),
        Member("undefined-charset.mhtml", "internal: web page", lambda full: mhtml("undefined")),
        Member("nested.mhtml", "internal: web page", lambda full: mhtml(depth=2000)),
        Member("external-styles.docx", "internal: DOCX", docx_external_styles),
        Member("bomb.png", "internal: image", png_bomb),
        Member("bomb.bmp", "internal: image", bmp_bomb),
        Member("bomb.jpg", "internal: image", jpeg_bomb),
        Member("truncated.jpg", "internal: image", jpeg_truncated),
        Member("garbage.png", "internal: image", png_garbage),
        Member("tiny-dpi.tif", "internal: image", tiff_tiny_dpi),
        Member("ztxt-bomb.png", "internal: image", png_ztxt_bomb),
        Member("bad-tounicode.pdf", "internal: PDF", pdf_bad_tounicode, variants=PDF_PATHS),
        Member("badstatus.url", "internal: URL", None, url("/badstatus"), exits=FETCH_EXITS),
        Member("garbage.url", "internal: URL", None, url("/garbage"), exits=FETCH_EXITS),
        Member("headers.url", "internal: URL", None, url("/headers"), exits=FETCH_EXITS),
        Member("longheader.url", "internal: URL", None, url("/longheader"), exits=FETCH_EXITS),
        Member("chunked-truncated.url", "internal: URL", None, url("/chunked-truncated"), exits=FETCH_EXITS),
        Member("chunked-bad.url", "internal: URL", None, url("/chunked-bad"), exits=FETCH_EXITS),
        Member("short.url", "internal: URL", None, url("/short"), exits=FETCH_EXITS),
        Member("charset.url", "internal: URL", None, url("/undefined-charset"), exits=frozenset({0})),
        Member("ipv6.url", "internal: URL", None, (("parse", "http://[::1", "--no-archive"),), exits=FETCH_EXITS),
        Member("crlf.url", "internal: URL", None, (("parse", f"{server}/page\r\nX-Injected: 1", "--no-archive"),), exits=FETCH_EXITS),
        Member("space.url", "internal: URL", None, (("parse", f"{server}/pa ge", "--no-archive"),), exits=FETCH_EXITS),
        Member("port.url", "internal: URL", None, (("parse", "http://127.0.0.1:99999/", "--no-archive"),), exits=FETCH_EXITS),
        # Nothing fetched
        Member("to-ftp.url", "fetch: redirects", None, url("/to-ftp"), exits=FETCH_EXITS),
        Member("to-file.url", "fetch: redirects", None, url("/to-file"), exits=FETCH_EXITS),
        Member("other-host.url", "fetch: redirects", None, url("/other-host"), exits=frozenset({0}), says="重定向到"),
        Member("loop.url", "fetch: redirects", None, url("/loop"), exits=FETCH_EXITS),
        Member("remote-links.html", "no fetch: local files", html_remote(server), TEXT_COMMANDS, exits=CHECK_EXITS),
        Member("entity.xhtml", "no fetch: local files", html_with_entity(server)),
        Member("remote-image.docx", "no fetch: local files", docx_external_image(server)),
        Member("remote-strict.docx", "no fetch: local files", strict_docx_with_link(server)),
        Member("remote-image.odt", "no fetch: local files", odt_with_link(server)),
        Member("odt-named.docx", "no fetch: local files", odt_with_link(server)),
        Member("invisible.md", "invisible characters", invisible_markdown, TEXT_COMMANDS, exits=CHECK_EXITS),
    ]


# -- running -------------------------------------------------------------------------------------

@dataclass
class Outcome:
    member: str
    variant: str
    command: str
    code: int  # the exit code, or -signal
    seconds: float  # wall-clock (reported, never asserted: machines differ)
    cpu: float  # processor seconds of the child and what it ran (bounded by RLIMIT_CPU)
    peak_mb: float
    stderr: str

    def problems(self, exits: frozenset[int]) -> list[str]:
        found = []
        if self.code < 0:
            found.append(f"killed by signal {-self.code}")
        elif self.code not in exits:
            found.append(f"exit {self.code}")
        if self.cpu > TIME_LIMIT_S:
            found.append(f"{self.cpu:.1f} s of processor time")
        if self.peak_mb > PEAK_LIMIT_MB:
            found.append(f"{self.peak_mb:.0f} MB")
        for sign in ("Traceback", "请把文件报告给维护者", "内部错误"):
            if sign in self.stderr:
                found.append(sign)
        return found

    def misses(self, says: str) -> list[str]:
        return [f"does not say {says!r}"] if says and says not in self.stderr else []


def _limits() -> None:
    """In the child: the address-space limit, TIME_LIMIT_S of processor time (then SIGXCPU: a
    signal, which fails the member), no core file, a session of its own (killed as a group)."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_CPU, (int(TIME_LIMIT_S), int(TIME_LIMIT_S) + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setsid()


def run_command(args: list[str], *, variant: str, env: dict[str, str], cwd: Path,
                timeout: float = WALL_LIMIT_S) -> tuple[int, float, float, float, str]:
    """Run `kxdt ARGS` in a child under the limits: (exit code or -signal, wall seconds,
    processor seconds, peak resident MB of the child and anything it ran, stderr). A child
    still running after `timeout` (asleep, not computing) is killed: a signal."""
    program = ["-c", BARE] if variant == "bare" else ["-m", "kxdt"]
    child_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "PYTHONPATH": str(HERE.parent), **env}
    if variant in ("pypdf", "pypdfium2"):
        child_env["KXDT_PDF_BACKEND"] = variant
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, *program, *args], stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=child_env, cwd=cwd, preexec_fn=_limits)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: Popen must not wait again
        seconds = time.monotonic() - started
        err.seek(0)
        return (proc.returncode, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                err.read().decode("utf-8", "replace"))


def build(member: Member, folder: Path, full: bool) -> Path:
    path = folder / member.name
    if member.folder is not None:
        member.folder(path, full)
    elif member.build is not None:
        path.write_bytes(member.build(full))
    return path


def run_member(member: Member, folder: Path, *, full: bool = False) -> list[Outcome]:
    path = build(member, folder, full)
    outcomes = []
    for variant in member.variants:
        for command in member.commands:
            args = [a.replace("{file}", str(path)).replace("{out}", str(folder / f"{member.name}.out.docx"))
                    for a in command]
            env = {"KXDT_DB": str(folder / "archive.sqlite3"), **member.env}
            code, seconds, cpu, peak, stderr = run_command(args, variant=variant, env=env, cwd=folder)
            outcomes.append(Outcome(member.name, variant, command[0], code, seconds, cpu, peak, stderr))
    return outcomes


def main(argv: list[str]) -> int:
    full = "--full" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    failures = 0
    with Server() as server, tempfile.TemporaryDirectory(prefix="kxdt-hostile-") as tmp:
        chosen = [m for m in members(server.url) if not wanted or any(w in m.name for w in wanted)]
        print(f"{'member':28} {'variant':10} {'command':7} {'exit':>4} {'wall s':>6} {'cpu s':>6} {'MB':>6}  "
              "problems | last line")
        for member in chosen:
            for o in run_member(member, Path(tmp), full=full):
                problems = o.problems(member.exits) + o.misses(member.says)
                failures += bool(problems)
                last = o.stderr.strip().splitlines()[-1][:70] if o.stderr.strip() else ""
                print(f"{o.member:28} {o.variant:10} {o.command:7} {o.code:>4} {o.seconds:6.1f} {o.cpu:6.1f} {o.peak_mb:6.0f}  "
                      f"{'; '.join(problems) or 'ok'} | {last}", flush=True)
        remote = [p for p in server.seen if p.startswith("/remote")]
        print(f"requests for remote links: {remote or 'none'}")
        failures += bool(remote)
    print(f"{failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    socket.setdefaulttimeout(30)
    sys.exit(main(sys.argv[1:]))
