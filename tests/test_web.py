"""`kxdt serve` through Starlette's TestClient: every page, downloads, search, statistics, the
check upload, and the guard (headers, CSRF, token, Host, upload limits, hostile text).

The archive is built from our own bulletins (tests/archives.py); uploads are drafts exported by
kxdt and, where the tools are installed, printed to PDF by Chromium and saved as DOCX by
LibreOffice.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import signal
import subprocess
import sys
import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("jinja2")
pytest.importorskip("multipart")
from archives import DISTRICT, HOSTILE_TITLE, WEEKLY, build, weekly
from conftest import structure
from starlette.testclient import TestClient

from kxdt.api import parse_file
from kxdt.archive import Archive
from kxdt.render import render
from kxdt.web import charts
from kxdt.web.app import create_app
from kxdt.web.config import Settings
from kxdt.web.security import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
TOKEN = "office-token-2024"


@pytest.fixture
def office(tmp_path):
    return build(tmp_path)


def client_for(db: Path, **settings) -> TestClient:
    settings.setdefault("hosts", ("testserver",))
    return TestClient(create_app(Settings(db=db, **settings)), follow_redirects=False)


@pytest.fixture
def client(office):
    with client_for(office.db) as c:
        yield c


class Page(HTMLParser):
    """The parts of a page the tests look at: text, links, elements, attributes, scripts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self._skip = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", "", "".join(self.chunks))

    def all(self, tag: str, **having: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in having.items())]

    def links(self) -> list[str]:
        return [a["href"] for a in self.all("a") if a.get("href")]


def page(response) -> Page:
    assert response.headers["content-type"].startswith("text/html")
    return Page(response.text)


def csrf_of(client: TestClient) -> str:
    response = client.get("/check")
    return page(response).all("input", name="csrf")[0]["value"]


# -- home ----------------------------------------------------------------------------------------
def test_home_lists_each_publication_with_its_latest_issues_and_gaps(client, office):
    p = page(client.get("/"))
    text = p.text
    assert text.index(WEEKLY) < text.index("科协工作简报")  # newest issue's publication first
    assert "缺号：总第104期" in text and "前缺1期" in text
    assert "共5期" in text and DISTRICT in text
    for label in ("weekly-106", "weekly-101", "district-8", "sample"):
        assert f"/issue/{office.ids[label]}" in p.links()
    weekly_links = [h for h in p.links() if h in {f"/issue/{office.ids[f'weekly-{n}']}" for n in (101, 102, 103, 105, 106)}]
    assert weekly_links == [f"/issue/{office.ids[f'weekly-{n}']}" for n in (106, 105, 103, 102, 101)]
    assert p.all("form", action="/search") and p.all("input", name="q")


def test_home_of_an_empty_archive_says_what_to_do(tmp_path):
    Archive(tmp_path / "empty.sqlite3").close()
    with client_for(tmp_path / "empty.sqlite3") as c:
        assert "归档是空的" in page(c.get("/")).text


# -- an issue ------------------------------------------------------------------------------------
def test_issue_page_is_laid_out_like_the_bulletin(client, office):
    p = page(client.get(f"/issue/{office.ids['weekly-106']}"))
    issue = weekly(106, 4, "2024-01-26", (1, 2, 6, 7))
    assert [a["class"] for a in p.all("h1")] == ["name"]
    text = p.text
    order = [WEEKLY, "2024年第4期", "（总第106期）", "某某市科协办公室", "2024年1月26日", "目录提要"]
    for article in issue.articles:
        order += [article.title, *article.paragraphs, f"（{article.source}）"]
    at = 0
    for part in order:  # each part after the one before it
        at = text.index(re.sub(r"\s", "", part), at) + 1
    assert text.count("【科普工作】") == 2 and text.count("【学会动态】") == 2  # columns as they change
    toc_links = [a["href"] for a in p.all("a") if (a.get("href") or "").startswith("#a")]
    assert toc_links == ["#a1", "#a2"]
    assert [s["id"] for s in p.all("section", **{"class": "article"})] == ["a1", "a2", "a3", "a4"]


def test_issue_page_links_to_its_neighbours_and_downloads(client, office):
    p = page(client.get(f"/issue/{office.ids['weekly-105']}"))
    prev = p.all("a", rel="prev")[0]["href"]
    nxt = p.all("a", rel="next")[0]["href"]
    assert (prev, nxt) == (f"/issue/{office.ids['weekly-103']}", f"/issue/{office.ids['weekly-106']}")
    downloads = [h for h in p.links() if "/download/" in h]
    assert downloads == [f"/issue/{office.ids['weekly-105']}/download/{k}" for k in ("docx", "md", "json")]
    assert "原文件不在原处" in p.text  # archived from /nowhere/105.pdf
    first = page(client.get(f"/issue/{office.ids['weekly-101']}"))
    assert "已是最早一期" in first.text and not first.all("a", rel="prev")


def test_an_unknown_issue_is_a_chinese_404(client):
    for url in ("/issue/999", "/issue/abc", "/nothing-here"):
        response = client.get(url)
        assert response.status_code == 404
        assert "没有找到这个页面或这一期" in page(response).text or "没有这个页面" in page(response).text


def test_unmatched_highlight_is_flagged(client, office, tmp_path):
    issue = replace(weekly(120, 10, "2024-03-08", (0,)), toc=("一条没有对应文章的提要",))
    with Archive(office.db) as archive:
        issue_id = archive.add(issue.with_origin("x.pdf", "9" * 64)).issue_id
    assert "一条没有对应文章的提要（未找到对应文章）" in page(client.get(f"/issue/{issue_id}")).text


# -- downloads -----------------------------------------------------------------------------------
def _saved(tmp_path: Path, response, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(response.content)
    return path


def test_docx_download_is_the_office_layout_and_parses_back_to_the_same_issue(client, office, tmp_path):
    response = client.get(f"/issue/{office.ids['weekly-103']}/download/docx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    assert "%E7%A7%91%E5%8D%8F%E6%AF%8F%E5%91%A8%E5%8A%A8%E6%80%81-2024%E5%B9%B4%E7%AC%AC1%E6%9C%9F" in disposition
    parsed, _ = parse_file(_saved(tmp_path, response, "downloaded.docx"))
    assert structure(parsed) == structure(weekly(103, 1, "2024-01-05", (6, 7, 3)))


def test_markdown_and_json_downloads(client, office, tmp_path):
    issue_id = office.ids["weekly-102"]
    md = client.get(f"/issue/{issue_id}/download/md")
    assert md.headers["content-type"].startswith("text/markdown")
    parsed, _ = parse_file(_saved(tmp_path, md, "downloaded.md"))
    assert structure(parsed) == structure(weekly(102, 51, "2023-12-29", (1, 4, 5)))
    data = client.get(f"/issue/{issue_id}/download/json").json()
    assert data["masthead"]["total"] == 102 and [a["title"] for a in data["articles"]] == [
        a.title for a in weekly(102, 51, "2023-12-29", (1, 4, 5)).articles]


def test_original_file_is_served_by_archive_id_only(client, office):
    response = client.get(f"/issue/{office.ids['sample']}/download/original")
    assert response.status_code == 200 and response.content == office.original.read_bytes()
    assert "attachment" in response.headers["content-disposition"]
    assert client.get(f"/issue/{office.ids['weekly-101']}/download/original").status_code == 404  # moved away
    for bad in ("../../etc/passwd", "%2e%2e%2fetc%2fpasswd", "pdf", "original.txt"):
        assert client.get(f"/issue/{office.ids['sample']}/download/{bad}").status_code == 404
    assert client.get(f"/issue/{office.ids['sample']}/download/original?path=/etc/passwd").content == \
        office.original.read_bytes()


# -- search --------------------------------------------------------------------------------------
def _hits(p: Page) -> list[str]:
    return [a["href"] for a in p.all("a", **{"class": "title"})]


def test_search_finds_marks_and_orders_like_the_cli(client, office, cli, monkeypatch):
    p = page(client.get("/search", params={"q": "科普"}))
    marked = re.findall(r"<mark>(.*?)</mark>", client.get("/search", params={"q": "科普"}).text)
    assert marked and set(marked) == {"科普"}
    monkeypatch.setenv("KXDT_DB", str(office.db))
    expected = json.loads(cli("search", "科普", "--json").stdout)
    with Archive(office.db, readonly=True) as archive:
        hits = archive.search("科普", limit=20).hits
    assert [h.title for h in hits] == [e["title"] for e in expected]
    assert _hits(p) == [f"/issue/{h.issue_id}#a{h.seq + 1}" for h in hits]
    assert f"找到{len(expected)}篇文章" in p.text


def test_search_filters_narrow_the_results(client, office):
    def titles(**params):
        return [re.sub(r"</?mark>", "", t) for t in re.findall(r'class="title" href="[^"]+">(.*?)</a>',
                                                                client.get("/search", params=params).text)]

    everything = titles(q="科普")
    in_2023 = titles(q="科普", year="2023")
    assert 0 < len(in_2023) < len(everything)
    assert set(in_2023) == {"全国科普日主场活动在市科技馆启动", "海淀区科协举办社区防汛应急演练"}
    assert titles(q="科普", column="学会") == ["市气象学会开展极端天气科普讲座"] * 2
    assert set(titles(q="防汛", name="东城区")) == {"海淀区科协举办社区防汛应急演练"}
    assert len(titles(q="防汛", name="东城区")) == 2
    assert titles(q="科普", source="科技馆", **{"from": "2024-01-01", "to": "2024-01-31"}) == [
        "全国科普日主场活动在市科技馆启动"]
    empty = page(client.get("/search", params={"q": "科普", "year": "2019"}))
    assert "2019年内，没有找到包含“科普”的文章" in empty.text


def test_search_in_either_script_and_phrases(client):
    assert "市機械工程學會召開" not in page(client.get("/search", params={"q": "機械工程學會"})).text
    assert "市<mark>机械工程学会</mark>召开" in client.get("/search", params={"q": "機械工程學會"}).text
    phrase = client.get("/search", params={"q": "“科学家精神”"}).text
    assert "<mark>科学家精神</mark>" in phrase


def test_search_pages_hold_the_query_in_the_url(client, monkeypatch):
    from kxdt.web import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    first = page(client.get("/search", params={"q": "科普", "year": "2024"}))
    nxt = first.all("a", rel="next")[0]["href"]
    assert nxt.startswith("/search?") and "q=%E7%A7%91%E6%99%AE" in nxt and "year=2024" in nxt and "page=2" in nxt
    second = page(client.get(nxt))
    assert len(_hits(first)) == 3 and not set(_hits(first)) & set(_hits(second))
    assert second.all("ol", **{"class": "hits"})[0]["start"] == "4"
    assert second.all("a", rel="prev")[0]["href"].endswith("year=2024")


def test_a_search_counts_only_as_far_as_its_pages_go(client, monkeypatch):
    from kxdt.web import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "MAX_PAGES", 3)
    text = page(client.get("/search", params={"q": "科"})).text
    assert "找到6多篇文章" in text and "第1/3页" in text and "只列出前3页" in text


def test_a_short_search_runs_on_the_event_loop_and_a_long_one_in_a_thread(client, monkeypatch):
    """A thread hop cost a third of a search's CPU under load: short queries skip it; a long one
    (it may read much of the index) still goes to a thread. Both answer the same."""
    from kxdt.web import views

    handed: list[str] = []
    real = views.run_in_threadpool

    async def recording(func, request):
        handed.append(request.query_params["q"])
        return await real(func, request)

    monkeypatch.setattr(views, "run_in_threadpool", recording)
    short = _hits(page(client.get("/search", params={"q": "科普"})))
    long_query = "科普" + " " * (views.INLINE_QUERY_CHARS + 1)  # the same search, padded past the limit
    padded = _hits(page(client.get("/search", params={"q": long_query})))
    assert handed == [long_query] and short and padded == short


def test_search_fragment_is_the_results_alone(client):
    response = client.get("/search", params={"q": "科普", "fragment": "1"})
    assert response.text.lstrip().startswith('<div id="results"') and "<html" not in response.text


@pytest.mark.parametrize(("params", "message"), [
    ({"q": "科普", "year": "二〇二三"}, "年份“二〇二三”不对"),
    ({"q": "科普", "year": "1800"}, "年份“1800”不对"),
    ({"q": "科普", "from": "2024-02-30"}, "起始日期“2024-02-30”格式不对"),
    ({"q": "科普", "page": "0"}, "页码应是 1 到 50 之间的数字"),
    ({"q": "科普", "page": "abc"}, "页码应是"),
    ({"q": "科" * 201}, "输入太长"),
    ({"q": "“”"}, "没有可搜索的文字或数字"),
    ({"q": "，。"}, "没有可搜索的文字或数字"),
])
def test_bad_search_input_is_a_chinese_message(client, params, message):
    response = client.get("/search", params=params)
    assert response.status_code == 400
    assert re.sub(r"\s", "", message) in page(response).text


def test_search_page_without_a_query_explains_itself(client):
    assert "多个词表示同时包含" in page(client.get("/search")).text


# -- statistics ----------------------------------------------------------------------------------
def test_stats_page_draws_charts_and_tables_from_the_archive(client, office):
    response = client.get("/stats")
    p = page(response)
    with Archive(office.db, readonly=True) as archive:
        numbers = archive.stats()
        years = archive.years()
    svgs = re.findall(r"<svg.*?</svg>", response.text, re.S)
    assert len(svgs) == 3  # units, columns, years
    units = re.findall(r'<rect class="bar"', svgs[0])
    assert len(units) == min(len(numbers["sources"]), charts.MAX_ROWS)
    assert f"{numbers['issues']}期，{numbers['articles']}篇文章" in p.text
    rows = [(html.unescape(k), int(n)) for k, n in re.findall(r'<tr><td>([^<]*)</td><td class="n">(\d+)</td></tr>',
                                                              response.text)]
    assert rows == numbers["sources"] + numbers["columns"] + numbers["months"]
    assert [f"{y}年" for y, _, _ in years] == [t for t in re.findall(r">(\d{4}年)</a>", response.text)]


def test_stats_for_a_year_has_twelve_months(client):
    response = client.get("/stats", params={"year": "2024"})
    svgs = re.findall(r"<svg.*?</svg>", response.text, re.S)
    months = re.findall(r'<text class="label"[^>]*>(\d+月)</text>', svgs[2])
    assert months == [f"{m}月" for m in range(1, 13)]
    assert "<title>1月：14 篇</title>" in svgs[2] and "<title>3月：2 篇</title>" in svgs[2]
    assert client.get("/stats", params={"year": "x"}).status_code == 400


def test_stats_downloads_are_the_commands_own_tables(client, office):
    """The page's CSV and workbook are what `kxdt stats --to csv/xlsx` writes: one source of numbers."""
    from kxdt.archive.selection import Selection
    from kxdt.archive.stats import year_stats
    from kxdt.render.stats_tables import to_csv, unit_table

    response = client.get("/stats.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    with Archive(office.db, readonly=True) as archive:
        numbers = year_stats(archive, Selection())
        one_year = year_stats(archive, Selection(year=2023))
    assert response.content == to_csv(unit_table(numbers))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["单位", "合计", "占比"]
    assert any(r[0] == "'=HYPERLINK(\"http://example.com\",\"点我\")" for r in rows)  # never a formula in Excel
    by_year = client.get("/stats.csv", params={"year": "2023"})
    assert "2023" in by_year.headers["content-disposition"] and by_year.content == to_csv(unit_table(one_year))
    workbook = client.get("/stats.xlsx", params={"year": "2023"})
    assert workbook.status_code == 200 and workbook.content.startswith(b"PK\x03\x04")
    with zipfile.ZipFile(io.BytesIO(workbook.content)) as package:
        assert any(name.startswith("xl/charts/chart") for name in package.namelist())


def test_chart_labels_are_cut_to_fit():
    assert charts.shorten("海淀区科协") == "海淀区科协"
    assert charts.shorten("北京市科学技术协会信息中心") == "北京市科学技术…"
    chart = charts.horizontal("t", [(f"单位{k}", 30 - k) for k in range(20)])
    assert len(chart.bars) == charts.MAX_ROWS and chart.hidden == 5
    assert chart.bars[0].width == charts.BAR_SPAN and chart.bars[-1].width < chart.bars[0].width
    months = charts.vertical("m", charts.months_of(2024, [("2024-03", 5)]))
    assert [b.value for b in months.bars] == [0, 0, 5] + [0] * 9
    assert all(b.x + b.width <= charts.WIDTH for b in months.bars)


# -- check a file --------------------------------------------------------------------------------
def draft_issue():
    issue = weekly(107, 5, "2024-02-02", (5, 6))
    first = replace(issue.articles[0], paragraphs=("2月1日（星期三），对接会在中关村举办,发布成果项目36项。",))
    return replace(issue, articles=(first, issue.articles[1]))


def upload(client: TestClient, name: str, data: bytes, *, csrf: str | None = None, **fields):
    token = csrf_of(client) if csrf is None else csrf
    return client.post("/check", data={"csrf": token, **fields}, files={"file": (name, data, "application/octet-stream")})


def _assert_findings(response):
    assert response.status_code == 200
    p = page(response)
    assert "2024年2月1日是星期四，文中写的是星期三" in p.text
    assert "中文里用了半角标点“,”" in p.text
    assert "错误2处·提醒" in p.text
    return p


def test_check_a_docx_draft_shows_findings_and_its_export(client, office, tmp_path):
    p = _assert_findings(upload(client, "草稿.docx", render(draft_issue(), "docx")))
    link = next(h for h in p.links() if h.startswith("/check/") and h.endswith("/docx"))
    exported = client.get(link)
    assert exported.status_code == 200
    parsed, _ = parse_file(_saved(tmp_path, exported, "exported.docx"))
    assert structure(parsed) == structure(draft_issue())
    assert client.get("/check/not-a-key/docx").status_code == 404
    with Archive(office.db, readonly=True) as archive:
        assert archive.get(107) is None  # read-only: nothing filed
    assert "校对后存入归档" not in page(client.get("/check")).text


def test_check_a_pdf_printed_by_chromium(client, tmp_path):
    from producers import chromium_pdf

    pdf = chromium_pdf(draft_issue(), tmp_path)
    _assert_findings(upload(client, "草稿.pdf", pdf.read_bytes()))


def test_check_a_docx_saved_by_libreoffice(client, tmp_path):
    from conftest import require_tool, soffice
    from producers import issue_html

    exe = require_tool("LibreOffice (soffice)", soffice())
    source = tmp_path / "draft.html"
    source.write_text(issue_html(draft_issue()), encoding="utf-8")
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=600)
    _assert_findings(upload(client, "draft.docx", (tmp_path / "draft.docx").read_bytes()))


def test_writable_server_files_an_upload_and_keeps_the_original(office):
    data = render(draft_issue(), "docx")
    with client_for(office.db, writable=True) as c:
        assert "校对后存入归档" in page(c.get("/check")).text
        p = page(upload(c, "草稿.docx", data, file_it="1"))
        assert "已存入归档：总第107期" in p.text
        issue_link = next(h for h in p.links() if h.startswith("/issue/"))
        issue_page = page(c.get(issue_link))
        assert "（总第107期）" in issue_page.text
        original = c.get(issue_link + "/download/original")
        assert original.content == data
        again = page(upload(c, "草稿.docx", data, file_it="1"))
        assert "归档里已有这一期，未重复存入" in again.text
        clash = page(upload(c, "另一稿.docx", render(weekly(106, 4, "2024-01-26", (0,)), "docx"), file_it="1"))
        assert "未存入归档" in clash.text and "已归档" in clash.text
    assert len(list(Settings(db=office.db).uploads.iterdir())) == 1


def test_read_only_server_ignores_a_request_to_file(client, office):
    upload(client, "草稿.docx", render(draft_issue(), "docx"), file_it="1")
    with Archive(office.db, readonly=True) as archive:
        assert archive.get(107) is None
    assert not Settings(db=office.db).uploads.exists()


@pytest.mark.parametrize(("name", "data", "status", "message"), [
    ("draft.txt", "正文".encode(), 400, "只接受 Word 文档（.docx）或 PDF 文件"),
    ("draft.docx", b"not a zip at all", 422, "不是有效的 DOCX 文件"),
    ("draft.pdf", b"GIF89a....", 422, "不是有效的 PDF 文件"),
    ("draft.pdf", b"%PDF-1.4\n%broken", 422, "draft.pdf"),
    ("", b"", 400, "请先选择一个文件"),
])
def test_a_bad_upload_is_a_chinese_message(client, name, data, status, message):
    response = upload(client, name, data)
    assert response.status_code == status
    assert re.sub(r"\s", "", message) in page(response).text


def test_an_upload_without_a_file_field(client):
    response = client.post("/check", data={"csrf": csrf_of(client)})
    assert response.status_code == 400 and "请先选择一个文件" in page(response).text


# -- the guard -----------------------------------------------------------------------------------
def test_every_response_carries_the_security_headers(client, office):
    for url in ("/", f"/issue/{office.ids['weekly-103']}", "/search?q=科普", "/stats", "/check", "/stats.csv",
                "/static/kxdt.css", "/static/search.js", "/issue/999", f"/issue/{office.ids['weekly-103']}/download/docx"):
        headers = client.get(url).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"
        assert "server" not in headers
        assert headers["cache-control"] == ("max-age=3600" if url.startswith("/static/") else "no-store")


def test_pages_have_no_inline_script_style_or_outside_address(client, office):
    for url in ("/", f"/issue/{office.ids['hostile']}", "/search?q=科普", "/stats", "/stats?year=2024", "/check",
                "/issue/999"):
        p = page(client.get(url))
        for tag, attrs in p.tags:
            assert "style" not in attrs, (url, tag)
            assert not [k for k in attrs if k.startswith("on")], (url, tag, attrs)
            for key in ("href", "src", "action"):
                value = attrs.get(key)
                if value is not None:
                    assert value.startswith(("/", "#")) and not value.startswith("//"), (url, key, value)
        assert all(a.get("src") for a in p.all("script")), url  # scripts only from files
        assert p.all("style") == []


def test_the_csrf_cookie_is_httponly_and_strict_and_only_where_a_form_is(client):
    fresh = TestClient(client.app)
    assert "set-cookie" not in fresh.get("/search?q=科普").headers  # no form: no value made
    cookie = fresh.get("/check").headers["set-cookie"]
    assert "kxdt_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "set-cookie" not in fresh.get("/check").headers  # the browser's value is kept
    kept = re.search(r"kxdt_csrf=([^;]+)", cookie).group(1)
    assert page(fresh.get("/check")).all("input", name="csrf")[0]["value"] == kept


def test_every_post_needs_the_csrf_value(client):
    from starlette.routing import Route

    posts = [r.path for r in client.app.routes if isinstance(r, Route) and "POST" in (r.methods or ())]
    assert set(posts) == {"/check", "/login"}
    csrf_of(client)  # the browser holds a CSRF cookie
    for path in posts:
        missing = client.post(path, data={"token": TOKEN})
        wrong = client.post(path, data={"csrf": "x" * 32, "token": TOKEN})
        assert missing.status_code == 403 and wrong.status_code == 403, path
        assert "表单已过期" in page(missing).text


def test_a_post_from_another_site_is_refused_before_its_body_is_read(client):
    token = csrf_of(client)
    data = render(draft_issue(), "docx")
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}):
        response = client.post("/check", data={"csrf": token}, files={"file": ("a.docx", data, "x")}, headers=headers)
        assert response.status_code == 403 and "不是从本站页面提交的" in page(response).text
    for headers in ({"origin": "http://testserver", "sec-fetch-site": "same-origin"}, {"origin": "null"}):
        same = client.post("/check", data={"csrf": token}, files={"file": ("a.docx", data, "x")}, headers=headers)
        assert same.status_code == 200, headers
    hidden = client.post("/check", data={"csrf": "y" * 32}, files={"file": ("a.docx", data, "x")},
                         headers={"origin": "null"})
    assert hidden.status_code == 403  # an origin hidden by a referrer policy still needs the CSRF value


def test_upload_size_is_bounded_with_and_without_a_length(office):
    with client_for(office.db, max_upload=50_000) as c:
        token = csrf_of(c)
        big = c.post("/check", data={"csrf": token}, files={"file": ("a.pdf", b"%PDF-" + b"0" * 60_000, "x")})
        assert big.status_code == 413 and "超过" in page(big).text

        def chunks():
            yield b"--x\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token.encode() + b"\r\n"
            for _ in range(20):
                yield b"0" * 10_000

        streamed = c.post("/check", content=chunks(), headers={"content-type": "multipart/form-data; boundary=x"})
        assert streamed.status_code == 413
        many = c.post("/check", data={"csrf": token},
                      files=[("file", ("a.docx", b"PK\x03\x04", "x")), ("file", ("b.docx", b"PK\x03\x04", "x"))])
        assert many.status_code == 400 and "只选择一个文件" in page(many).text


def test_a_loopback_server_answers_only_to_loopback_names(office):
    app = create_app(Settings(db=office.db))
    for base, status in (("http://127.0.0.1:8765", 200), ("http://localhost:8765", 200), ("http://[::1]:8765", 200),
                         ("http://evil.example:8765", 400), ("http://192.168.1.5:8765", 400)):
        with TestClient(app, base_url=base) as c:
            response = c.get("/")
            assert response.status_code == status, base
    with TestClient(app, base_url="http://attacker.example") as c:
        assert "只接受本机地址" in page(c.get("/")).text


def test_a_token_guards_every_page_but_the_static_files(office):
    with client_for(office.db, token=TOKEN, hosts=None) as c:
        refused = c.get("/search?q=科普")
        assert refused.status_code == 401 and "需要访问口令" in page(refused).text and "科普日" not in refused.text
        assert page(refused).all("input", name="token")
        assert c.get("/static/kxdt.css").status_code == 200
        assert c.get("/?token=wrong-token-x").status_code == 401
        signed = c.get("/search?q=科普&token=" + TOKEN)
        assert signed.status_code == 303 and signed.headers["location"] == "/search?q=%E7%A7%91%E6%99%AE"
        cookie = signed.headers["set-cookie"]
        assert "kxdt_access=" in cookie and TOKEN not in cookie and "HttpOnly" in cookie
        assert c.get("/search?q=科普").status_code == 200  # the cookie now signs each request
        assert _raw_get(c.app, "//evil.example/", f"token={TOKEN}")["location"] == "/evil.example/"  # stays here
    with client_for(office.db, token=TOKEN, hosts=None) as c:
        assert c.get("/", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert c.get("/", headers={"authorization": "Bearer nope"}).status_code == 401


def _raw_get(app, path: str, query: str) -> dict[str, str]:
    """The headers of a GET sent straight to the ASGI app (a path no HTTP client would send)."""
    import asyncio

    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
             "headers": [(b"host", b"testserver")], "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return {k.decode(): v.decode() for k, v in start["headers"]} | {"status": str(start["status"])}


def test_the_login_form_signs_in_with_the_token(office):
    with client_for(office.db, token=TOKEN, hosts=None) as c:
        form = page(c.get("/"))
        csrf = form.all("input", name="csrf")[0]["value"]
        wrong = c.post("/login", data={"csrf": csrf, "token": "not-the-token"})
        assert wrong.status_code == 401 and "访问口令不对" in page(wrong).text
        right = c.post("/login", data={"csrf": csrf, "token": TOKEN})
        assert right.status_code == 303 and right.headers["location"] == "/"
        assert c.get("/stats").status_code == 200


# -- hostile documents ---------------------------------------------------------------------------
def test_hostile_text_is_shown_as_text_everywhere(client, office):
    responses = {
        "issue": client.get(f"/issue/{office.ids['hostile']}"),
        "search": client.get("/search", params={"q": "科普"}),
        "home": client.get("/"),
        "stats": client.get("/stats", params={"year": "2024"}),
    }
    for where, response in responses.items():
        body = response.text
        assert "<script>alert" not in body and "<img src=x" not in body and "<svg onload" not in body, where
        assert "javascript:alert" not in re.sub(r"&[a-z#0-9]+;", "", " ".join(
            a.get("href") or "" for _, a in Page(body).tags)), where
        assert "<b onmouseover" not in body and "<iframe" not in body, where
    text = page(responses["issue"]).text
    assert re.sub(r"\s", "", html.unescape(HOSTILE_TITLE)) not in text  # entities are not decoded …
    assert re.sub(r"\s", "", HOSTILE_TITLE) in text  # … the title reads exactly as the document has it
    assert "{{7*7}}" in text and "49" not in text  # template syntax in a document is text too
    assert "javascript:alert(document.cookie)" in text
    assert "&lt;script&gt;alert(&#34;标题&#34;)&lt;/script&gt;" in responses["search"].text


# -- the command ---------------------------------------------------------------------------------
def test_serve_without_the_extra_says_how_to_install_it(cli, office, monkeypatch):
    import kxdt.web

    monkeypatch.setattr(kxdt.web, "missing_packages", lambda: ["starlette", "uvicorn"])
    result = cli("serve", "--db", str(office.db))
    assert result.exit_code == 8
    assert "pip install 'kxdt[web]'" in result.stderr and "starlette、uvicorn" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_what_it_cannot_do(cli, office, tmp_path):
    short = cli("serve", "--db", str(office.db), "--token", "short")
    assert short.exit_code == 2 and "至少 8 个字符" in short.stderr
    missing = cli("serve", "--db", str(tmp_path / "none.sqlite3"))
    assert missing.exit_code == 6 and "还没有归档" in missing.stderr and "--writable" in missing.stderr
    foreign = tmp_path / "foreign.sqlite3"
    import sqlite3

    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    assert cli("serve", "--db", str(foreign)).exit_code == 6


def test_serve_says_when_the_port_is_taken(cli, office):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = cli("serve", "--db", str(office.db), "--port", str(port))
    assert result.exit_code == 2 and f"端口 {port} 已被占用" in result.stderr


def test_the_listening_socket_is_tcp_so_answers_are_not_held_back():
    """asyncio sets TCP_NODELAY only on connections of a socket created as IPPROTO_TCP; without
    it every answer on a kept-alive connection waited ~40 ms for a delayed ACK."""
    import socket

    from kxdt.web.server import bind, is_loopback

    with bind("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.8.0.1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("office-pc")


def _start(args: list[str], env_db: Path):
    import os

    proc = subprocess.Popen([sys.executable, "-m", "kxdt", "serve", *args], stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "KXDT_DB": str(env_db)})
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if "Ctrl+C" in line:
            break
    return proc, "".join(lines)


def test_serve_on_the_lan_generates_a_token_and_asks_for_it(office):
    import http.client
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc, said = _start(["--host", "0.0.0.0", "--port", str(port)], office.db)
    try:
        token = re.search(r"访问口令：(\S+?)（自动生成", said).group(1)
        assert len(token) >= 12 and f"?token={token}" in said and "局域网" in said
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/")
        refused = conn.getresponse()
        assert refused.status == 401 and "需要访问口令" in refused.read().decode("utf-8")
        conn.request("GET", "/", headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        assert response.status == 200 and WEEKLY in response.read().decode("utf-8")
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl+C
        rest = proc.communicate(timeout=30)[1]
    assert "已停止" in rest and "Traceback" not in rest and proc.returncode == 0


def test_serve_on_loopback_asks_no_token_and_reads_only(office):
    import http.client
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = office.db.read_bytes()
    proc, said = _start(["--port", str(port)], office.db)
    try:
        assert f"http://127.0.0.1:{port}/" in said and "只读" in said and "口令" not in said
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/search?q=%E7%A7%91%E6%99%AE")
        assert conn.getresponse().status == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
    assert office.db.read_bytes() == before


def test_serve_with_workers_shares_checked_uploads_between_them(office):
    """Worker processes share the socket and the folder of checked uploads: the exported DOCX
    can be fetched whichever worker answers; the folder is gone after Ctrl+C."""
    import socket
    import tempfile

    import httpx

    scratch = set(Path(tempfile.gettempdir()).glob("kxdt-serve-*"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc, _said = _start(["--port", str(port), "--workers", "2"], office.db)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as c:
            csrf = Page(c.get("/check").text).all("input", name="csrf")[0]["value"]
            checked = c.post("/check", data={"csrf": csrf},
                             files={"file": ("草稿.docx", render(draft_issue(), "docx"), "application/octet-stream")})
            assert checked.status_code == 200 and "文中写的是星期三" in checked.text
            link = re.search(r'href="(/check/[^"]+/docx)"', checked.text).group(1)
            for _ in range(6):  # new connections: both workers answer some
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as fresh:
                    exported = fresh.get(link)
                assert exported.status_code == 200 and exported.content.startswith(b"PK\x03\x04")
    finally:
        proc.send_signal(signal.SIGINT)
        rest = proc.communicate(timeout=60)[1]
    assert "已停止" in rest and "Traceback" not in rest
    assert set(Path(tempfile.gettempdir()).glob("kxdt-serve-*")) == scratch


@pytest.mark.parametrize("in_folder", [False, True])
def test_checked_issues_are_kept_by_key_for_a_while(tmp_path, monkeypatch, in_folder):
    import time

    from kxdt.web.checked import CheckedIssues

    kept = CheckedIssues(tmp_path if in_folder else None, kept=3, seconds=60)
    keys = [kept.put(weekly(n, n, "2024-01-05", (0,))) for n in range(1, 6)]
    assert [kept.get(k) is not None for k in keys] == [False, False, True, True, True]  # the newest 3
    assert kept.get(keys[-1]).masthead.total == 5
    for bad in ("../archive", "x" * 22 + "/..", "", "a" * 200):
        assert kept.get(bad) is None
    later = time.monotonic() + 61 if not in_folder else None
    if in_folder:
        import os

        old = time.time() - 61
        os.utime(tmp_path / f"{keys[-1]}.json", (old, old))
    else:
        monkeypatch.setattr(time, "monotonic", lambda: later)
    assert kept.get(keys[-1]) is None

