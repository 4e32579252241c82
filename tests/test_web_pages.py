"""Web copies: saved pages (HTML in UTF-8 or GB2312/GBK, MHTML) and addresses fetched from a
local server; each parses to the same structure as the plain text of the same issue."""

from __future__ import annotations

import http.server
import quopri
import threading
import time
from html import escape

import pytest
from bulletins import body_parts, sample_issue
from conftest import structure

from kxdt.api import parse_file

NAV = '<div class="breadcrumb">当前位置：首页 &gt; 工作动态 &gt; 简报</div><ul class="nav-menu"><li>首页</li><li>机构</li></ul>'
TOOLS = '<div class="info">发布时间：2022-11-28 09:30 来源：本站</div><div>【字体：<a>大</a> <a>中</a> <a>小</a>】</div>'
FOOT = '<div>打印本页 关闭窗口</div><div class="share">分享到：微信 微博</div><footer>版权所有 某市科协</footer>'


def page(charset: str | None = "utf-8", table_masthead: bool = False) -> str:
    """The sample issue as an office's web page: masthead as centred paragraphs (or a table),
    titles as centred bold paragraphs, body paragraphs with text-indent."""
    issue = sample_issue()
    m = issue.masthead
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    rows = [escape(m.name or ""), f"{m.year}年第{m.number}期（总第{m.total}期）",
            f"{escape(m.issuer or '')}&nbsp;&nbsp;&nbsp;&nbsp;2022年11月25日"]
    if table_masthead:
        head = "<table><tr><td>" + "</td></tr><tr><td>".join(rows) + "</td></tr></table>"
    else:
        head = "".join(f'<p align="center">{r}</p>' for r in rows)
    body = ['<p style="text-align:center"><b>目录提要</b></p>']
    body += [f"<p>●{escape(t)}</p>" for t in issue.toc]
    shapes = {"column": "<p><strong>【{}】</strong></p>",
              "title": '<p style="text-align:center;font-size:22px"><strong>{}</strong></p>',
              "paragraph": '<p style="text-indent:2em">{}</p>'}
    body += [shapes[kind].format(escape(text)) for kind, text in body_parts(issue)]
    return (f"<!DOCTYPE html><html><head>{meta}<title>{escape(m.name or '')}</title><script>var x = '<p>假的</p>';"
            f"</script><style>p {{margin:0}}</style></head><body>{NAV}<div class=\"article\">{TOOLS}{head}"
            + "\n".join(body) + f"</div>{FOOT}</body></html>")


def _same(path) -> None:
    assert structure(parse_file(path)[0]) == structure(sample_issue())


@pytest.mark.parametrize("table", [False, True])
def test_utf8_page_with_chrome(tmp_path, table):
    path = tmp_path / "issue.html"
    path.write_text(page(table_masthead=table), encoding="utf-8")
    _same(path)


def test_gb2312_declared_page_is_read_as_gb18030(tmp_path):
    """Pages declare GB2312 but use GBK characters (赟, 镕): read as GB18030, none lost."""
    path = tmp_path / "issue.htm"
    path.write_bytes(page("gb2312").replace("代表参加座谈", "代表赟镕参加座谈").encode("gb18030"))
    issue, document = parse_file(path)
    assert "代表赟镕参加座谈" in issue.articles[0].paragraphs[0]
    assert structure(issue)["articles"][1:] == structure(sample_issue())["articles"][1:]
    assert any("GB18030" in note for note in document.notes)


def test_undeclared_gbk_page(tmp_path):
    path = tmp_path / "issue.html"
    path.write_bytes(page(None).encode("gbk"))
    _same(path)


def test_mhtml_single_file_save(tmp_path):
    html = page("utf-8").encode("utf-8")
    body = quopri.encodestring(html).decode("ascii")
    mhtml = ("From: <Saved by Blink>\r\nSubject: =?utf-8?Q?x?=\r\nMIME-Version: 1.0\r\n"
             'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----MultipartBoundary--abc"\r\n\r\n'
             "------MultipartBoundary--abc\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
             "Content-Transfer-Encoding: quoted-printable\r\nContent-Location: http://example.invalid/issue.html\r\n\r\n"
             + body.replace("\n", "\r\n") + "\r\n------MultipartBoundary--abc--\r\n")
    path = tmp_path / "issue.mhtml"
    path.write_bytes(mhtml.encode("ascii"))
    _same(path)


def test_page_with_only_a_script(cli, tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>document.write('x')</script></head><body><script>1</script></body></html>")
    result = cli("parse", str(path), "--no-archive")
    assert result.exit_code == 3 and "没有正文文字" in result.stderr


def test_deeply_nested_page_is_bounded(cli, tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + "科协" + "</div>" * 100_000 + "</body></html>")
    result = cli("parse", str(path), "--no-archive")
    assert result.exit_code == 3 and "Traceback" not in result.stderr


def test_huge_page_is_refused(cli, tmp_path):
    path = tmp_path / "huge.html"
    with open(path, "wb") as fh:
        fh.write(b"<html><body>")
        fh.write(b"<p>x</p>" * (33 * 1024 * 1024 // 8))
    result = cli("parse", str(path), "--no-archive")
    assert result.exit_code == 3 and "过大" in result.stderr


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/issue.html":
            data = page("gb2312").encode("gb18030")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=GBK")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif self.path == "/old":
            self.send_response(302)
            self.send_header("Location", "/issue.html")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(3)
            self.send_response(200)
            self.end_headers()
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_parse_by_address_with_redirect(server, cli, isolated_archive):
    import json

    result = cli("parse", f"{server}/old", "--json")
    assert result.exit_code == 0, result.stderr
    got = json.loads(result.stdout)
    assert structure(got) == structure(sample_issue())
    assert got["file"] == f"{server}/old"


@pytest.mark.parametrize(("where", "words"), [("/missing", "HTTP 404"), ("/slow", "超时")])
def test_fetch_failures(server, cli, monkeypatch, where, words):
    monkeypatch.setenv("KXDT_FETCH_TIMEOUT", "0.5")
    result = cli("parse", f"{server}{where}", "--no-archive")
    assert result.exit_code == 7
    assert words in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
