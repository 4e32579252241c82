"""`kxdt serve` in a real browser: Debian's chromium driven by Selenium through chromedriver
(no Selenium Manager, nothing downloaded). The server runs in a thread of this process on a
loopback port, over an archive of our own bulletins (tests/archives.py).

`KXDT_WEB_SCREENSHOTS=docs` saves the README's screenshots (web-home.png, web-issue.png,
web-search.png) into that folder.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
selenium = pytest.importorskip("selenium")
from archives import HOSTILE_TITLE, WEEKLY, build, file_hostile, weekly  # noqa: E402
from conftest import require_tool, structure  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from kxdt.api import parse_file  # noqa: E402
from kxdt.archive import Archive  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--lang=zh-CN", "--window-size=1200,1000")
WAIT_S = 30
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}


def _chromium() -> str:
    return require_tool("chromium", shutil.which("chromium") or shutil.which("chromium-browser"))


def _chromedriver() -> str:
    return require_tool("chromedriver (Debian's chromium-driver)", shutil.which("chromedriver"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The archive, served on 127.0.0.1 by uvicorn in a thread: (base address, the archive)."""
    import uvicorn

    from kxdt.web.app import create_app
    from kxdt.web.config import Settings
    from kxdt.web.server import bind

    folder = tmp_path_factory.mktemp("served")
    office = build(folder, with_hostile=False)  # the hostile issue is filed by the tests that want it
    sock = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db=office.db)), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_S
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", office
    server.should_exit = True
    thread.join(WAIT_S)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium, driver_path = _chromium(), _chromedriver()
    folder = tmp_path_factory.mktemp("browser")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={folder / 'profile'}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(folder / "downloads"),
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.downloads = folder / "downloads"  # type: ignore[attr-defined]
    driver.downloads.mkdir()
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(driver.downloads)})
    yield driver
    driver.quit()


@pytest.fixture
def desk(browser):
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.get_log("browser")  # start with an empty console
    return browser


def wait(driver, condition, timeout: float = WAIT_S):
    return WebDriverWait(driver, timeout).until(condition)


def texts(driver, css: str) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, css)]


def csp_violations(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def screenshot(driver, name: str) -> None:
    folder = os.environ.get("KXDT_WEB_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / name))


def no_alert(driver) -> bool:
    try:
        driver.switch_to.alert  # noqa: B018 — raises when no alert is open
    except NoAlertPresentException:
        return True
    return False


def draft_pdf(folder: Path) -> Path:
    """The clerk's draft, printed to PDF by Chromium: a wrong weekday and a half-width comma."""
    from dataclasses import replace

    from producers import chromium_pdf

    issue = weekly(107, 5, "2024-02-02", (5, 6))
    first = replace(issue.articles[0], paragraphs=("2月1日（星期三），对接会在中关村举办,发布成果项目36项。",))
    return chromium_pdf(replace(issue, articles=(first, issue.articles[1])), folder)


def test_a_clerks_round_home_search_issue_download_stats_upload(desk, site, tmp_path):
    base, office = site
    driver = desk
    # Home: the publications, the gap, a search box.
    driver.get(base + "/")
    assert WEEKLY in texts(driver, ".publication h2")
    assert "缺号：总第104期" in driver.find_element(By.CSS_SELECTOR, ".gaps").text
    screenshot(driver, "web-home.png")
    box = driver.find_element(By.ID, "q")
    box.send_keys("科普", Keys.ENTER)
    wait(driver, ec.url_contains("/search?q="))
    hits = texts(driver, ".hit .title")
    assert len(hits) >= 8
    assert set(texts(driver, ".hit mark")) == {"科普"}
    with Archive(office.db, readonly=True) as archive:
        assert [h.split("\n")[0] for h in hits] == [h.title for h in archive.search("科普", limit=20).hits]
    screenshot(driver, "web-search.png")

    # Typing shows results without reloading the page; the address follows.
    driver.execute_script("window.kxdtSamePage = true;")
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys("防汛")
    wait(driver, lambda d: "q=%E9%98%B2%E6%B1%9B" in d.current_url and d.find_elements(By.CSS_SELECTOR, ".hit"))
    assert set(texts(driver, ".hit mark")) >= {"防汛"}
    assert driver.execute_script("return window.kxdtSamePage === true;")

    # Filters narrow the results (live, then by submitting).
    before = len(driver.find_elements(By.CSS_SELECTOR, ".hit"))
    driver.find_element(By.CSS_SELECTOR, ".filters summary").click()
    year = driver.find_element(By.NAME, "year")
    year.send_keys("2023")
    year.send_keys(Keys.TAB)  # a change event
    wait(driver, lambda d: "year=2023" in d.current_url)
    wait(driver, lambda d: 0 < len(d.find_elements(By.CSS_SELECTOR, ".hit")) < before)
    assert all("2023-" in m for m in texts(driver, ".hit .meta"))
    driver.find_element(By.CSS_SELECTOR, ".filter-actions button").click()
    wait(driver, lambda d: "year=2023" in d.current_url and d.execute_script("return !window.kxdtSamePage;"))
    assert 0 < len(driver.find_elements(By.CSS_SELECTOR, ".hit")) < before
    assert driver.execute_script("return document.querySelector('.filters').open;")

    # Open an issue from a hit: the bulletin's layout, its highlights linking to its articles.
    driver.get(base + "/search?q=%E7%A7%91%E5%AD%A6%E5%AE%B6%E7%B2%BE%E7%A5%9E")  # 科学家精神
    driver.find_element(By.CSS_SELECTOR, ".hit .title").click()
    wait(driver, ec.url_contains("/issue/"))
    name = driver.find_element(By.CSS_SELECTOR, ".masthead .name")
    assert name.value_of_css_property("color") == "rgba(192, 0, 0, 1)"
    assert driver.find_element(By.CSS_SELECTOR, ".masthead").value_of_css_property("border-bottom-color") == \
        "rgba(192, 0, 0, 1)"
    issue_id = int(driver.current_url.split("/issue/")[1].split("#")[0])
    with Archive(office.db, readonly=True) as archive:
        archived = archive.entry(issue_id).issue
    assert texts(driver, ".article .title") == [a.title for a in archived.articles]
    driver.find_elements(By.CSS_SELECTOR, ".toc a")[1].click()
    wait(driver, ec.url_contains("#a2"))
    driver.get(base + f"/issue/{office.ids['weekly-106']}")
    screenshot(driver, "web-issue.png")

    # Download its DOCX: a valid Word file that parses back to the same issue.
    driver.get(base + f"/issue/{issue_id}")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Word（公文版式）").click()
    downloaded = wait(driver, lambda d: [p for p in d.downloads.glob("*.docx")])
    parsed, _ = parse_file(downloaded[0])
    assert structure(parsed) == structure(archived)

    # Statistics: the charts are drawn.
    driver.get(base + "/stats")
    bars = driver.find_elements(By.CSS_SELECTOR, "#chart-sources rect.bar")
    assert len(bars) >= 8 and all(b.size["width"] > 0 for b in bars)
    assert driver.find_element(By.CSS_SELECTOR, "#chart-sources svg").size["width"] > 300

    # Upload the clerk's draft (a PDF printed by Chromium) and see its findings.
    driver.get(base + "/check")
    driver.find_element(By.ID, "file").send_keys(str(draft_pdf(tmp_path)))
    driver.find_element(By.CSS_SELECTOR, ".upload button").click()
    wait(driver, ec.presence_of_element_located((By.CSS_SELECTOR, "footer")))
    assert driver.find_elements(By.CSS_SELECTOR, "table.findings"), driver.find_element(By.TAG_NAME, "main").text
    rows = texts(driver, "table.findings tbody tr")
    assert any("文中写的是星期三" in r for r in rows) and any("半角标点" in r for r in rows)
    assert "错误 2 处" in driver.find_element(By.CSS_SELECTOR, ".verdict").text
    assert csp_violations(driver) == []
    assert no_alert(driver)


@pytest.mark.parametrize("path", ["/", "/search?q=%E7%A7%91%E6%99%AE&year=2024", "/issue/{weekly-106}",
                                  "/issue/{hostile}", "/stats", "/stats?year=2024", "/check"])
def test_pages_fit_a_phone_without_sideways_scrolling(browser, site, path):
    base, office = site
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        for label, issue_id in {**office.ids, "hostile": file_hostile(office.db)}.items():
            path = path.replace("{" + label + "}", str(issue_id))
        browser.get(base + path)
        wait(browser, ec.presence_of_element_located((By.TAG_NAME, "footer")))
        width = browser.execute_script("return window.innerWidth;")
        assert width == PHONE["width"]
        assert browser.execute_script("return document.documentElement.scrollWidth;") <= width
        size = browser.execute_script("return parseFloat(getComputedStyle(document.body).fontSize);")
        assert size >= 16
        for svg in browser.find_elements(By.TAG_NAME, "svg"):
            assert svg.rect["x"] >= 0 and svg.rect["x"] + svg.rect["width"] <= width
        if path.startswith("/search"):
            browser.find_element(By.CSS_SELECTOR, ".filters summary").click()  # the filters fit too
            assert browser.execute_script("return document.documentElement.scrollWidth;") <= width
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_hostile_documents_text_is_shown_as_text(desk, site):
    base, office = site
    desk.get(base + f"/issue/{file_hostile(office.db)}")
    title = desk.find_element(By.CSS_SELECTOR, ".article .title")
    assert title.text == HOSTILE_TITLE
    assert desk.find_element(By.CSS_SELECTOR, ".masthead .name").text == '<b onmouseover="alert(1)">红头</b>'
    assert desk.execute_script("return document.querySelectorAll('script, iframe, img, svg, b').length;") == 0
    links = desk.execute_script("return [...document.querySelectorAll('a')].map(a => a.getAttribute('href'));")
    assert not [h for h in links if not h.startswith(("/", "#"))]
    desk.get(base + "/search?q=%E7%A7%91%E6%99%AE")
    first = desk.find_element(By.CSS_SELECTOR, ".hit .title")
    assert first.text == HOSTILE_TITLE
    assert desk.execute_script("return document.querySelectorAll('img, iframe').length;") == 0
    assert no_alert(desk) and csp_violations(desk) == []


def test_an_issue_prints_as_the_bulletin(desk, site, tmp_path):
    """Printed from the browser (the print stylesheet), the issue page is a bulletin kxdt reads back."""
    import base64

    base, office = site
    desk.get(base + f"/issue/{office.ids['weekly-106']}")
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(base64.b64decode(desk.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"]))
    parsed, _ = parse_file(pdf)
    with Archive(office.db, readonly=True) as archive:
        archived = archive.entry(office.ids["weekly-106"]).issue
    assert structure(parsed) == structure(archived)
    assert "首页" not in "".join(a.title for a in parsed.articles)  # the site's menu is not printed
