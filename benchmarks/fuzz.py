"""Fuzz kxdt with mutated inputs of every format it reads: plain text, Markdown, HTML, MHTML, DOCX,
PDF (both backends), PNG, JPEG, TIFF, OpenDocument and RTF (these two through LibreOffice). The
seed files are made here: our own sample issue typeset by python-docx, a hand-written page, the
examples/ PDF (LibreOffice's), images drawn with Pillow; nothing is fetched.

Each mutation (bit flips, bytes overwritten, chunks cut, doubled or moved, hostile snippets and
structural tokens inserted, truncation; inside a zip package's XML parts and inside a PDF's
compressed streams as well as on the raw bytes) is read, parsed, checked and rendered (terminal,
JSON, Markdown, DOCX) in a worker process under a 2 GB address-space limit and an alarm. Any
exception that is not a KxdtError is an internal error, and so is a worker killed by a signal or
a run past the alarm. Prints how the runs ended per format.

    python3 benchmarks/fuzz.py [COUNT] [SEED]        # COUNT mutations in all (default 5000)
"""

from __future__ import annotations

import io
import os
import random
import resource
import signal
import sys
import time
import traceback
import zipfile
import zlib
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from bulletins import sample_issue, scraped  # noqa: E402
from producers import issue_html  # noqa: E402
from test_hostile import HOSTILE  # noqa: E402

ALARM_S = 120  # a mutation still running after this is a hang
ADDRESS_SPACE = 2 * 1024**3
WORKERS = 2
# How many of each COUNT mutations each format gets (the slow ones — OCR, LibreOffice — fewer).
SHARES = {"txt": 11, "md": 11, "html": 11, "mhtml": 9, "docx": 14, "pdf-pypdf": 9, "pdf-pdfium": 9, "png": 6,
          "jpg": 5, "tif": 5, "odt": 5, "rtf": 5}
STRUCTURE = [b"<<", b">>", b"/Length 999999999", b"BI /W 99999 /H 99999 /BPC 8 ID ", b"/Kids [4 0 R 4 0 R]",
             b"0 0 R", b"/Type /XObject /Subtype /Form", b"<w:p>", b"</w:p>", b"<w:r><w:t>", b"<!DOCTYPE x [",
             b"&#0;", b"<![CDATA[", b"<text:p>", b"\\par", b"{\\rtf1", b"\\u-1?", b"{", b"}", b"<p>", b"<table>",
             b"<!--", b"charset=undefined", b"Content-Type: multipart/related; boundary=x\r\n", b"\xff\xfe",
             b"\xef\xbb\xbf", b"IDAT", b"\xff\xc0", b"\x00" * 64, b"9" * 40]


def seeds() -> dict[str, tuple[str, bytes]]:
    """Each format's seed file: (file name, bytes)."""
    issue = sample_issue()
    text = scraped(issue, blank_lines=False, junk=False)
    page = issue_html(issue)
    return {
        "txt": ("issue.txt", text.encode()),
        "md": ("issue.md", _markdown(issue).encode()),
        "html": ("issue.html", page.encode()),
        "mhtml": ("issue.mhtml", b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
                  b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                  + _quoted_printable(page.encode()) + b"\r\n--b--\r\n"),
        "docx": ("issue.docx", _docx(text)),
        "pdf-pypdf": ("issue.pdf", (ROOT / "examples" / "kxdt-2024-09.pdf").read_bytes()),
        "pdf-pdfium": ("issue.pdf", (ROOT / "examples" / "kxdt-2024-09.pdf").read_bytes()),
        "png": ("page.png", _image("PNG")),
        "jpg": ("page.jpg", _image("JPEG")),
        "tif": ("page.tif", _image("TIFF")),
        "odt": ("issue.odt", _odt(text)),
        "rtf": ("issue.rtf", _rtf(text)),
    }


def _markdown(issue) -> str:
    m = issue.masthead
    parts = [f"---\nname: {m.name}\nyear: {m.year}\nnumber: {m.number}\ntotal: {m.total}\nissuer: {m.issuer}\n"
             f"date: {m.date}\n---\n# 目录提要\n" + "".join(f"- {t}\n" for t in issue.toc)]
    for a in issue.articles:
        parts.append(f"## {a.column or '综合'}\n### {a.title}\n" + "\n\n".join(a.paragraphs)
                     + (f"\n\n（{a.source}）" if a.source else ""))
    return "\n\n".join(parts) + "\n"


def _quoted_printable(data: bytes) -> bytes:
    import quopri

    return quopri.encodestring(data)


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _image(fmt: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (360, 240), "white")
    draw = ImageDraw.Draw(image)
    for row in range(6):
        draw.rectangle((30, 30 + row * 32, 330 - row * 20, 44 + row * 32), fill="black")
    out = io.BytesIO()
    image.save(out, fmt, **({"dpi": (200, 200)} if fmt != "JPEG" else {"quality": 85}))
    return out.getvalue()


def _odt(text: str) -> bytes:
    from hostile_corpus import _ODT_HEAD, _ODT_TAIL, odt_package

    body = "".join(f"<text:p>{line}</text:p>" for line in text.split("\n") if line.strip())
    return odt_package((_ODT_HEAD + body + _ODT_TAIL).encode())


def _rtf(text: str) -> bytes:
    lines = [line for line in text.split("\n") if line.strip()]
    body = "".join("".join(f"\\u{ord(ch)}?" if ord(ch) > 127 else ch for ch in line) + "\\par\n" for line in lines)
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 SimSun;}}\n" + body + "}").encode()


# -- mutations -----------------------------------------------------------------------------------

def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four byte-level changes."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            out += rng.choice(STRUCTURE)
            continue
        k = rng.randrange(len(out))
        kind = rng.randrange(7)
        if kind == 0:
            for _ in range(rng.randint(1, 10)):
                j = rng.randrange(len(out))
                out[j] ^= 1 << rng.randrange(8)
        elif kind == 1:
            out[k : k + 4] = bytes(rng.choice((0, 0xFF, 0x7F, 0x0A, 0x30 + rng.randrange(10))) for _ in range(4))
        elif kind == 2:
            del out[k : k + rng.randint(1, 512)]
        elif kind == 3:
            chunk = out[k : k + rng.randint(1, 2048)]
            j = rng.randrange(len(out))
            out[j:j] = chunk * rng.randint(1, 50)
        elif kind == 4:
            snippet = rng.choice(HOSTILE).encode("utf-8", "surrogatepass")
            out[k:k] = snippet * rng.randint(1, 20)
        elif kind == 5:
            out[k:k] = rng.choice(STRUCTURE) * rng.randint(1, 200)
        else:
            del out[rng.randrange(len(out)) :]
    return bytes(out)


def mutate_package(data: bytes, rng: random.Random) -> bytes:
    """A zip package (DOCX, ODT) with one of its parts mutated, the zip itself intact."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        infos = source.infolist()
        target = rng.choice([i for i in infos if i.filename.endswith(".xml")] or infos)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for info in infos:
                part = source.read(info)
                if info is target:
                    part = mutate(part, rng)
                package.writestr(info, part)
    return out.getvalue()


def mutate_pdf_stream(data: bytes, rng: random.Random) -> bytes:
    """A PDF with one of its Flate streams inflated, mutated and deflated again (its /Length
    left as it was: the readers must cope)."""
    starts = [k for k in range(len(data)) if data.startswith(b"stream", k)][:200]
    rng.shuffle(starts)
    for start in starts:
        begin = data.find(b"\n", start) + 1
        end = data.find(b"endstream", begin)
        if begin <= 0 or end < 0:
            continue
        try:
            inflated = zlib.decompress(data[begin:end].rstrip(b"\r\n"))
        except zlib.error:
            continue
        return data[:begin] + zlib.compress(mutate(inflated, rng)) + b"\n" + data[end:]
    return mutate(data, rng)


# Text that means something to the parser, inserted by the text-level mutations.
MARKERS = ["\n", "\n\n", "【", "】", "【综合】\n", "●", "目录提要\n", "（", "）", "总第", "第", "期", "年", "月", "日",
           "2022年第37期（总第412期）\n", "　　", "——", "……", "“", "”", "《", "》", "(", ")", '"', "。", "，", "0", "99999",
           "编者按：", "（来源：某区科协）", "图为", "摄", "\f", "- 3 -\n", "<!--", "-->", "<p>", "</p>", "<br>", "&amp;",
           "{提要}", "### ", "## ", "---\n", "name: x\n"]


def mutate_text(data: bytes, rng: random.Random) -> bytes:
    """Text-level changes that keep the file decodable: markers and hostile snippets inserted
    (repeated, sometimes many times), lines cut, doubled or swapped."""
    text = data.decode("utf-8")
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        kind = rng.randrange(4)
        if kind == 0:
            k = rng.randrange(len(text) + 1)
            snippet = rng.choice(MARKERS + [h for h in HOSTILE if h not in ("\x00", "\ud800")])
            text = text[:k] + snippet * rng.choice((1, 1, 2, 50, 5000)) + text[k:]
            lines = text.split("\n")
        elif kind == 1 and lines:
            del lines[rng.randrange(len(lines))]
            text = "\n".join(lines)
        elif kind == 2 and lines:
            k = rng.randrange(len(lines))
            lines[k:k] = [lines[k]] * rng.choice((1, 3, 500))
            text = "\n".join(lines)
        elif lines:
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text.encode("utf-8")


def mutation(fmt: str, index: int, seed: int, base: bytes) -> bytes:
    rng = random.Random(f"{seed}/{fmt}/{index}")
    if fmt in ("txt", "md", "html", "rtf") and rng.random() < 0.6:
        return mutate_text(base, rng)
    if fmt in ("docx", "odt") and rng.random() < 0.6:
        return mutate_package(base, rng)
    if fmt.startswith("pdf") and rng.random() < 0.5:
        return mutate_pdf_stream(base, rng)
    return mutate(base, rng)


# -- running -------------------------------------------------------------------------------------

_SEEDS: dict[str, tuple[str, bytes]] = {}


def _worker_start() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    signal.signal(signal.SIGALRM, _alarm)
    _SEEDS.update(seeds())
    import logging

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # the fuzz's own output stays readable


def _no_ocr_for_pdfs(fmt: str) -> None:
    """A mutated PDF whose text layer turned to garbage is read again by OCR, page by page: honest
    work, seconds a page, that tests nothing about robustness. PDFs run without OCR (images with)."""
    from kxdt.readers import ocr

    if not hasattr(ocr, "_fuzz_available"):
        ocr._fuzz_available = ocr.available  # type: ignore[attr-defined]
    ocr.available = (lambda: False) if fmt.startswith("pdf") else ocr._fuzz_available  # type: ignore[attr-defined]


class _Hang(BaseException):
    pass


def _alarm(*_: object) -> None:
    raise _Hang


def run_one(fmt: str, index: int, seed: int) -> tuple[str, str]:
    """(outcome, detail): "ok", "exit N" or "internal error"."""
    from rich.console import Console

    from kxdt.check import check_issue
    from kxdt.errors import KxdtError
    from kxdt.parse import parse_document
    from kxdt.readers import read_bytes
    from kxdt.render import render, terminal

    name, base = _SEEDS[fmt]
    data = mutation(fmt, index, seed, base)
    os.environ["KXDT_PDF_BACKEND"] = "pypdf" if fmt == "pdf-pypdf" else "pypdfium2"
    _no_ocr_for_pdfs(fmt)
    signal.alarm(ALARM_S)
    try:
        document = read_bytes(data, name)
        issue = parse_document(document, path=name).with_origin(name, f"{index:064x}")
        check_issue(issue)
        terminal.render_issue(Console(file=io.StringIO(), width=80), issue)
        for fmt_out in ("json", "md", "txt", "docx"):
            render(issue, fmt_out)
        return "ok", ""
    except KxdtError as error:
        return f"exit {error.exit_code}", ""
    except _Hang:
        return "internal error", f"hang past {ALARM_S} s"
    except Exception as error:
        where = traceback.extract_tb(error.__traceback__)[-1]
        return "internal error", f"{type(error).__name__}: {str(error)[:120]} ({Path(where.filename).name}:{where.lineno})"
    finally:
        signal.alarm(0)


def main(count: int, seed: int) -> int:
    total_share = sum(SHARES.values())
    tasks = [(fmt, k) for fmt, share in SHARES.items() for k in range(round(count * share / total_share))]
    random.Random(seed).shuffle(tasks)
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    bugs: list[str] = []
    started = time.perf_counter()
    pending = list(tasks)
    while pending:
        with ProcessPoolExecutor(WORKERS, initializer=_worker_start) as pool:
            futures = [(task, pool.submit(run_one, task[0], task[1], seed)) for task in pending]
            pending = []
            for task, future in futures:
                try:
                    outcome, detail = future.result()
                except BrokenProcessPool:
                    pending.append(task)  # its worker died (or another did): run it again alone
                    continue
                outcomes[task[0]][outcome] += 1
                if outcome == "internal error":
                    bugs.append(f"{task[0]} #{task[1]}: {detail}")
        if pending:
            first, pending = pending[0], pending[1:]
            with ProcessPoolExecutor(1, initializer=_worker_start) as alone:
                try:
                    outcome, detail = alone.submit(run_one, first[0], first[1], seed).result()
                except BrokenProcessPool:
                    outcome, detail = "internal error", "worker killed by a signal"
            outcomes[first[0]][outcome] += 1
            if outcome == "internal error":
                bugs.append(f"{first[0]} #{first[1]}: {detail}")
    seconds = time.perf_counter() - started
    done = sum(sum(c.values()) for c in outcomes.values())
    print(f"{done} mutations in {seconds:.0f} s (seed {seed}), {WORKERS} workers")
    for fmt in SHARES:
        counts = outcomes[fmt]
        print(f"  {fmt:11} {sum(counts.values()):5}  " + " · ".join(f"{k} {v}" for k, v in counts.most_common()))
    print(f"  internal errors: {len(bugs)}")
    for bug in bugs[:40]:
        print("   ", bug)
    return 1 if bugs else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000, int(sys.argv[2]) if len(sys.argv) > 2 else 1))
