"""The published site in a real browser (headless Chromium driven by Playwright): the home page,
a full-text directive search, the dashboard's charts, and a task figure followed to its article.
Screenshots land in test-artifacts/ (kept by CI as artefacts; docs/ holds the README's)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT, crawled_sample
from datasette_server import served_datasette

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI_REQUIRE_BROWSER"),
    reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def live_sample(tmp_path_factory):
    """The sample site kept up, so article links in the database can be followed."""
    with crawled_sample(tmp_path_factory.mktemp("browser") / "meetings.db") as path:
        yield path


@pytest.fixture(scope="module")
def site(live_sample):
    with served_datasette(live_sample) as url:
        yield url


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # no internet here: map tiles and any outside request are cut off at once
        context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                      else route.abort())
        pg = context.new_page()
        yield pg
        browser.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_page_lists_the_database_and_its_tables(site, page):
    page.goto(site + "/")
    assert "Resolution 57" in page.title() or "Resolution 57" in page.content()
    page.goto(site + "/meetings")
    for table in ("meetings", "directives", "task_reports", "persons"):
        assert page.locator(f"a[href='/meetings/{table}']").count() >= 1
    shot(page, "home")


def test_full_text_directive_search_finds_vietnamese_without_diacritics(site, page):
    page.goto(site + "/meetings/directives_by_keyword?keyword=" + quote("de nghi"))
    page.wait_for_selector("table.rows-and-columns")
    cells = page.locator("table.rows-and-columns td").all_inner_texts()
    assert any("đề nghị" in c for c in cells)
    shot(page, "directive-search")


def test_dashboard_renders_its_charts(site, page):
    page.goto(site + "/-/dashboards/overview")
    # vega-lite charts draw into a canvas or svg inside each card; metrics write their number
    page.wait_for_selector("#chart-task-completion canvas, #chart-task-completion svg", timeout=20000)
    page.wait_for_selector("#chart-meetings-per-month canvas, #chart-meetings-per-month svg", timeout=20000)
    page.wait_for_selector("#chart-rankings-over-time canvas, #chart-rankings-over-time svg", timeout=20000)
    page.wait_for_function("document.querySelector('#chart-meetings-count').innerText.trim().length > 0")
    assert page.locator("#chart-meetings-count").inner_text().strip() == "10"
    page.wait_for_selector("#chart-province-map .leaflet-marker-icon", timeout=20000)
    assert page.locator("#chart-province-map .leaflet-marker-icon").count() >= 8
    shot(page, "dashboard")


def test_a_task_figure_leads_to_its_sentence_and_article_in_one_click(site, page):
    page.goto(site + "/meetings/task_reports?province_code=hue")
    page.wait_for_selector("table.rows-and-columns")
    row = page.locator("table.rows-and-columns tbody tr").first
    assert "113" in row.inner_text() and "139" in row.inner_text()     # the figures, with their sentence
    link = row.locator("td.col-url a")
    href = link.get_attribute("href")
    assert href.startswith("http://127.0.0.1:") and "/tin-tuc/" in href
    shot(page, "task-figure")
    page.goto(href)
    assert "139" in page.content()                                     # the article states them
