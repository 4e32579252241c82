"""Hostile and odd input: text that cannot hurt the terminal, the archive or the DOCX; numbers
that are data, not trust; files named safely; one bad file never ends a batch."""

from __future__ import annotations

import io
import json
import os

from bulletins import sample_issue, scraped
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kxdt.api import parse_text
from kxdt.compose import safe_file_name

HOSTILE = ["[bold red]", "[/]", "[link=file:///etc/passwd]点我[/link]", ":smile:", "\x1b[2J", "\x1b]8;;http://x\x1b\\",
           "\u202e", "\u2066", "【【】", "（（", "”“", "总第99999999999999999999期", "2023年2月30日", "第0期", "\x00",
           "\x07", "\ufffe", "\ud800", "%", "_", "<w:t>", "&amp;", "\\"]


@settings(max_examples=20, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(HOSTILE)), min_size=1, max_size=8))
def test_mutated_bulletins_through_every_command(cli, tmp_path, isolated_archive, insertions):
    text = scraped(sample_issue(), blank_lines=False, junk=False)
    for position, snippet in insertions:
        k = position % (len(text) + 1)
        text = text[:k] + snippet + text[k:]
    path = tmp_path / "mutated.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    results = [cli("parse", str(path))]
    parsed = results[0].exit_code == 0
    results += [cli("list"), cli("stats"), cli("search", "科协"), cli("search", "[bold"), cli("search", "\u202e科")]
    if parsed:
        results += [cli("toc", str(path))]
        out = tmp_path / "out.docx"
        exported = cli("export", str(path), "--to", "docx", "-o", str(out), "--force")
        results.append(exported)
        if exported.exit_code == 0:
            import docx

            docx.Document(io.BytesIO(out.read_bytes()))  # valid XML, opens
    for result in results:
        assert result.exit_code not in (70, 1) or "内部错误" not in result.stderr
        assert result.exit_code in (0, 1, 2, 3, 5), (result.exit_code, result.stderr)
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
        assert "\x1b" not in result.stderr and "Traceback" not in result.stderr


def test_numbers_and_dates_from_documents_are_checked():
    issue = parse_text("科协工作简报\n2022年第999999期（总第99999999999999999999期）\n某市科协办公室 2022年2月30日\n"
                       "【综合】\n市科协召开全委会\n会议听取了工作报告。\n")
    m = issue.masthead
    assert (m.number, m.total, m.date) == (None, None, None)
    assert any("期号" in w and "不合理" in w for w in issue.warnings)
    assert any("总期号" in w and "不合理" in w for w in issue.warnings)
    assert any("不是有效日期" in w for w in issue.warnings)
    assert issue.articles[0].title == "市科协召开全委会"


def test_control_and_bidi_characters_are_removed_from_text():
    issue = parse_text("科协工作简报\n2022年第3期（总第40期）\n某市科协办公室 2022年2月3日\n【综\u202e合】\n"
                       "市科协\x1b[2J召开全委会\n会议听取了\u2066工作报告。" + "会议审议通过了有关事项。" * 20 + "\n")
    dumped = json.dumps(issue.to_dict(), ensure_ascii=False)
    assert "\x1b" not in dumped and "\u202e" not in dumped and "\u2066" not in dumped
    assert issue.articles[0].title == "市科协[2J召开全委会"


def test_nul_anywhere_makes_a_file_binary(cli, tmp_path):
    path = tmp_path / "late-nul.txt"
    path.write_bytes("科协工作简报\n".encode() * 1000 + b"\x00" + "2022年第3期\n".encode())
    result = cli("parse", str(path), "--no-archive")
    assert result.exit_code == 3 and "二进制" in result.stderr


def test_file_names_from_document_text_are_safe():
    assert safe_file_name("科协动态v2.0-2024年第3期") == "科协动态v2.0-2024年第3期"
    assert safe_file_name("a/b\\c:d*e?f\"g<h>i|j") == "a_b_c_d_e_f_g_h_i_j"
    assert safe_file_name("--.hidden") == "hidden"
    assert len(safe_file_name("名" * 300).encode()) <= 200


def test_new_issue_with_a_dotted_name_keeps_its_name(cli, tmp_path, isolated_archive):
    result = cli("new-issue", "--number", "5", "--name", "科协动态v2.0", "--date", "2024-03-08",
                 "--year-number", "10", "--issuer", "某办公室", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "科协动态v2.0-2024年第10期-总第5期.md").exists()
    assert (tmp_path / "科协动态v2.0-2024年第10期-总第5期.docx").exists()


def _main(*args, capsys, monkeypatch):
    """kxdt's console entry point (main: where a bug becomes exit 70), in this process."""
    import sys

    import pytest

    from kxdt.cli.app import main

    monkeypatch.setattr(sys, "argv", ["kxdt", *map(str, args)])
    with pytest.raises(SystemExit) as exit_:
        main()
    return exit_.value.code, capsys.readouterr().err


def test_an_internal_error_is_exit_70_in_every_command_and_one_failure_in_a_batch(tmp_path, monkeypatch, capsys,
                                                                                  seed_path):
    """The same bug met by parse (one file or a folder), toc, check and export: exit 70 and the
    internal-error line everywhere; in a folder the other files are still parsed."""
    import kxdt.api as api

    real = api.parse

    def broken(document, *, path=None):
        if str(path).endswith("bad.txt"):
            raise RuntimeError("boom")
        return real(document, path=path)

    monkeypatch.setattr(api, "parse", broken)
    folder = tmp_path / "batch"
    folder.mkdir()
    bad = folder / "bad.txt"
    bad.write_bytes(seed_path.read_bytes())
    (folder / "good.txt").write_bytes(seed_path.read_bytes())
    for args in (("parse", bad, "--no-archive"), ("toc", bad), ("check", bad), ("export", bad, "--to", "txt", "-o", "-")):
        code, stderr = _main(*args, capsys=capsys, monkeypatch=monkeypatch)
        assert code == 70 and "内部错误" in stderr and "RuntimeError" in stderr, (args, code, stderr)
        assert "Traceback" not in stderr
    code, stderr = _main("parse", folder, "--no-archive", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 70 and "成功 1" in stderr and "失败 1" in stderr and "内部错误" in stderr, stderr
    assert "bad.txt" in stderr and "Traceback" not in stderr


def _bounded_parse(path, env=None):
    """`kxdt parse` in a subprocess limited to 1.5 GB of address space and 60 s of CPU."""
    import os
    import resource
    import subprocess
    import sys

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024,) * 2)
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))

    return subprocess.run([sys.executable, "-m", "kxdt", "parse", str(path), "--no-archive"], capture_output=True,
                          text=True, preexec_fn=limit, env={**os.environ, **(env or {})}, timeout=120)


def test_pdf_with_a_hundred_thousand_pages(tmp_path):
    from pdfs import many_pages

    path = tmp_path / "pages.pdf"
    path.write_bytes(many_pages(100_000))
    for backend in ("pypdf", "pypdfium2"):
        proc = _bounded_parse(path, {"KXDT_PDF_BACKEND": backend})
        assert proc.returncode == 3 and "KXDT_MAX_PAGES" in proc.stderr, (backend, proc.stderr)


def test_pages_sharing_a_huge_content_stream(tmp_path):
    from pdfs import shared_content_stream

    path = tmp_path / "shared.pdf"
    path.write_bytes(shared_content_stream(20, 5 * 1024 * 1024))
    for backend in ("pypdf", "pypdfium2"):
        proc = _bounded_parse(path, {"KXDT_PDF_BACKEND": backend})
        assert proc.returncode == 3 and "KXDT_MAX_PAGE" in proc.stderr, (backend, proc.stderr)


def test_docx_whose_text_part_unpacks_too_far(tmp_path):
    """A DOCX under the compression-ratio check whose document.xml is larger than its bound:
    refused while it is counted, before python-docx parses it (the bound lowered for the test)."""
    import random
    import zipfile

    from test_readers import _typed_masthead

    document = _typed_masthead()
    source = tmp_path / "small.docx"
    document.save(source)
    rng = random.Random(7)
    filler = "".join(rng.choice("科协简报动态") for _ in range(600_000))
    bomb = tmp_path / "big.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", f"<w:p><w:r><w:t>{filler}</w:t></w:r></w:p></w:body>".encode())
            zout.writestr(info, data)
    proc = _bounded_parse(bomb, {"KXDT_MAX_XML_BYTES": str(1024 * 1024)})
    assert proc.returncode == 3 and "KXDT_MAX_XML_BYTES" in proc.stderr, proc.stderr


def test_writing_never_replaces_a_device_or_leaves_temporaries(cli, tmp_path, seed_path):
    import os
    import time

    result = cli("export", str(seed_path), "--to", "txt", "-o", "/dev/null", "--force")
    assert result.exit_code == 1 and "不是普通文件" in result.stderr
    assert not os.path.isfile("/dev/null")
    stale = tmp_path / ".out.txt.abc123.tmp"
    stale.write_text("left by a killed run")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    result = cli("export", str(seed_path), "--to", "txt", "-o", str(tmp_path / "out.txt"))
    assert result.exit_code == 0 and not stale.exists()


def test_write_errors_have_their_code(cli, tmp_path, seed_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root may write anyway
            return
        result = cli("export", str(seed_path), "--to", "txt", "-o", str(locked / "out.txt"))
        assert result.exit_code == 3 and "没有写入权限" in result.stderr
    finally:
        locked.chmod(0o700)


def test_odd_values_are_usage_errors_or_clear_messages(cli, tmp_path, isolated_archive):
    assert cli("export", "²", "--to", "txt").exit_code == 3
    assert cli("search", "科协", "--year", "99999999999999999999").exit_code == 2
    assert cli("search", "科协", "--limit", "-1").exit_code == 2
    assert cli("stats", "--year", "99999999999999999999").exit_code == 2


def test_bad_archive_version_is_refused(cli, tmp_path):
    import sqlite3

    from kxdt.archive import Archive

    db = tmp_path / "a.db"
    Archive(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = -5")
    conn.commit()
    conn.close()
    result = cli("parse", "--db", str(db), str(tmp_path / "none.txt"))
    assert result.exit_code in (3, 6)
    assert "内部错误" not in result.stderr
    assert cli("list", "--db", str(db)).exit_code == 6


def test_new_issue_writes_both_drafts_or_neither(cli, tmp_path, isolated_archive):
    out = tmp_path / "drafts"
    out.mkdir()
    blocker = out / "科协动态-2024年第10期-总第5期.md"
    blocker.mkdir()  # the Markdown draft's name is taken by a folder
    result = cli("new-issue", "--number", "5", "--name", "科协动态", "--date", "2024-03-08",
                 "--year-number", "10", "--issuer", "某办公室", "--out", str(out))
    assert result.exit_code == 2 and "输出路径是一个文件夹" in result.stderr
    assert not (out / "科协动态-2024年第10期-总第5期.docx").exists()


def test_docx_whose_zip_headers_lie_about_sizes(tmp_path):
    """document.xml inflates to 300 MB while both of its headers claim 2 KB: the reader never
    believes the header (it stops at the declared size and the checksum fails), so the file is
    refused quickly in bounded memory, not unpacked."""
    import struct
    import zipfile

    from test_readers import _typed_masthead

    source = tmp_path / "small.docx"
    _typed_masthead().save(source)
    liar = tmp_path / "liar.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != "word/document.xml":
                zout.writestr(info, zin.read(info))
                continue
            head, tail = zin.read(info).split(b"</w:body>")
            with zout.open("word/document.xml", "w", force_zip64=False) as part:
                part.write(head)
                chunk = b"<w:p><w:r><w:t>" + b"\xe7\xa7\x91" * 20000 + b"</w:t></w:r></w:p>"
                for _ in range(300 * 1024 * 1024 // len(chunk)):
                    part.write(chunk)
                part.write(b"</w:body>" + tail)
    data = bytearray(liar.read_bytes())
    name = b"word/document.xml"
    # Central directory entry (PK\1\2): uncompressed size at offset 24; local header (PK\3\4): at 22.
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(signature)
        while at != -1:
            name_at = at + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + offset, 2048)
            at = data.find(signature, at + 4)
    liar.write_bytes(bytes(data))
    assert zipfile.ZipFile(liar).getinfo("word/document.xml").file_size == 2048
    proc = _bounded_parse(liar)
    assert proc.returncode == 3 and "DOCX" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


# Characters that show nothing or reorder what is shown: a zero-width space, a soft hyphen, a tag
# character, the Arabic letter mark, line and paragraph separators, the Mongolian vowel separator,
# a right-to-left override.
INVISIBLE = "\u200b\u00ad\U000e0041\u061c\u2028\u2029\u180e\u202e"


def _marked(text: str) -> str:
    """The text with an invisible character after every other Han character (a line separator
    inside a number would rightly split it)."""
    from kxdt.text.chars import HAN_RE

    return "".join(ch + (INVISIBLE[k % len(INVISIBLE)] if k % 2 and HAN_RE.match(ch) else "")
                   for k, ch in enumerate(text))


def _invisible_documents(folder):
    """The same issue, with invisible characters in every part, as a DOCX written by python-docx,
    Markdown and a web page written by hand."""
    import docx

    issue = sample_issue()
    m = issue.masthead
    lines = [m.name, f"{m.year}年第{m.number}期（总第{m.total}期）", f"{m.issuer}　{m.year}年11月25日"]
    body = []
    for article in issue.articles:
        if article.column:
            body.append(f"【{article.column}】")
        body += [article.title, *article.paragraphs]
        if article.source:
            body.append(f"（{article.source}）")
    document = docx.Document()
    for line in lines + body:
        document.add_paragraph(_marked(line))
    document.save(folder / "marks.docx")
    md = [f"---\nname: {_marked(m.name)}\nyear: {m.year}\nnumber: {m.number}\ntotal: {m.total}\n"
          f"issuer: {_marked(m.issuer)}\ndate: {m.date}\n---"]
    for article in issue.articles:
        md.append(f"## {_marked(article.column or '综合')}\n### {_marked(article.title)}\n"
                  + "\n\n".join(_marked(p) for p in article.paragraphs))
    (folder / "marks.md").write_text("\n\n".join(md) + "\n", encoding="utf-8")
    html = "".join(f"<p>{_marked(line)}</p>" for line in lines + body)
    (folder / "marks.html").write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{html}</body></html>",
                                       encoding="utf-8")
    return [folder / "marks.docx", folder / "marks.md", folder / "marks.html"]


def test_invisible_characters_never_reach_the_terminal_or_the_json(cli, tmp_path, isolated_archive):
    for path in _invisible_documents(tmp_path):
        results = [cli("parse", path, "--no-archive"), cli("parse", path, "--no-archive", "--json"), cli("toc", path),
                   cli("toc", path, "--json"), cli("check", path), cli("check", path, "--json"),
                   cli("export", path, "--to", "md", "-o", "-"), cli("export", path, "--to", "json", "-o", "-")]
        parsed = json.loads(results[1].stdout)
        assert parsed["masthead"]["name"] == "科协工作简报" and parsed["masthead"]["total"] == 412, path
        assert [a["title"] for a in parsed["articles"]] == [a.title for a in sample_issue().articles], path
        for result in results:
            assert result.exit_code in (0, 1), (path, result.stderr)
            for ch in INVISIBLE:
                assert ch not in result.stdout and ch not in result.stderr, (path, hex(ord(ch)))


def test_a_bidi_override_in_a_file_name_is_escaped(cli, tmp_path):
    from bulletins import scraped

    path = tmp_path / "简报\u202etxt.md"
    path.write_text(scraped(sample_issue()), encoding="utf-8")
    path = path.rename(tmp_path / "简报\u202e.txt")
    result = cli("parse", path, "--no-archive", "--json")
    assert result.exit_code == 0 and "\u202e" not in result.stdout and "\u202e" not in result.stderr
    assert '简报\\u202e.txt"' in result.stdout  # a JSON escape: the same name to a program
    assert json.loads(result.stdout)["file"] == str(path)
    shown = cli("parse", path, "--no-archive")
    assert "\u202e" not in shown.stdout + shown.stderr


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet="(）)\"“中科a ", max_size=40))
def test_brackets_around_han_are_found_as_the_old_pattern_found_them(text):
    """The one-pass scan gives the spans the two-repeat regex gave (which took quadratic time)."""
    import re

    from kxdt.check.punctuation import _enclosing_han
    from kxdt.text.chars import HAN_RE

    han = HAN_RE.pattern[1:-1]
    paren = [m.span() for m in re.finditer(f"\\(([^()]*[{han}][^()]*)\\)", text)]
    quote = [m.span() for m in re.finditer(f'"([^"]*[{han}][^"]*)"', text)]
    assert list(_enclosing_han(text, "(", ")")) == paren
    assert list(_enclosing_han(text, '"', '"')) == quote


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(["<!--", "-->", "<", "!", "-", ">", "科", "\n"]), max_size=30).map("".join))
def test_markdown_comments_are_removed_as_the_old_pattern_removed_them(text):
    import re

    from kxdt.readers.markdown import _without_comments

    assert _without_comments(text) == re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                    max_leaves=12))
def test_json_output_reads_back_the_same_and_shows_no_invisible_character(data):
    from kxdt.render.json import dumps
    from kxdt.text.chars import printable

    text = dumps(data)
    assert json.loads(text) == data
    assert printable(text) == text  # nothing a terminal would hide, reorder or execute


def test_lzw_streams_are_measured_without_decoding_them():
    """The decoded size of LZW data counted from its codes equals what a decoder gives (TIFF
    strips use the same LZW as PDF, early code change included)."""
    from PIL import Image, TiffImagePlugin

    from kxdt.readers.pdfcost import _lzw_size

    rng = __import__("random").Random(4)
    for width, height, noise in ((64, 8, 0.0), (300, 200, 0.3), (1000, 300, 0.9)):
        image = Image.new("L", (width, height), 255)
        image.putdata([255 if rng.random() > noise else rng.randrange(256) for _ in range(width * height)])
        out = io.BytesIO()
        image.save(out, "TIFF", compression="tiff_lzw", rowsperstrip=height)
        tiff = Image.open(io.BytesIO(out.getvalue()))
        offsets, lengths = tiff.tag_v2[TiffImagePlugin.STRIPOFFSETS], tiff.tag_v2[TiffImagePlugin.STRIPBYTECOUNTS]
        offsets = offsets if isinstance(offsets, tuple) else (offsets,)
        lengths = lengths if isinstance(lengths, tuple) else (lengths,)
        data = out.getvalue()
        sizes = [_lzw_size(data[at : at + n]) for at, n in zip(offsets, lengths)]
        assert sum(sizes) == width * height and all(size % width == 0 for size in sizes), (width, height, noise)


def test_libreoffice_fetches_nothing_even_without_a_network_namespace(monkeypatch):
    """Where the system allows no network namespace, the private profile alone keeps LibreOffice
    from loading a picture linked to a web address (the corpus test runs with whatever the
    system allows)."""
    from conftest import require_tool, soffice
    from hostile_corpus import Server, odt_with_link

    from kxdt.api import parse
    from kxdt.readers import convert, read_bytes

    require_tool("LibreOffice (soffice)", soffice())
    monkeypatch.setattr(convert, "without_network", lambda: ())
    monkeypatch.setattr(convert, "_profile", None)  # a fresh profile, made as kxdt makes it
    with Server() as server:
        issue = parse(read_bytes(odt_with_link(server.url)(False), "linked.odt"))
        seen = list(server.seen)
    assert issue.masthead.total == 412
    assert seen == []
