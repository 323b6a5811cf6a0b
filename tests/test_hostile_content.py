"""Hostile pages: markup in crawled titles and text is stored as text and served escaped.

A report whose title and sentences carry <script>, event handlers, ``javascript:`` links, <iframe>,
entities and template syntax is served from a fixture site on 127.0.0.1, crawled into a real
database, extracted, and published by a real Datasette. Every page a reader can open (row, table,
view, canned query, custom SQL, dashboard) must show the payloads as text and run none of them;
the only places that build HTML from data in the browser (the dashboard's table, map and metric
charts, the cluster map's popups) must get no crawled text at all.
"""
from __future__ import annotations

import html as html_lib
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

import httpx
import lxml.html
import pytest
from datasette.utils import tilde_encode

from corpus.serve import load_metadata
from corpus.update import run_update
from crawler.article import parse_page
from crawler.settings import load_options
from crawler.sources import Source
from datasette_server import served_datasette
from extract.html import html_to_text
from fixture_sites import FixtureSite, html
from hostile_pages import (MARKUP_PAYLOADS, RAW_MARKERS, TEMPLATE_RESULT, TEXT_PAYLOADS, hostile_meeting_page,
                           hostile_title)

ARTICLE_PATH = "/tin-tuc/bao-cao.html"
# Columns that hold keys, vocabularies or formats the extractor writes itself (codes, ISO dates,
# roles), never text copied from a page; every other text column may hold a publisher's words.
NOT_FROM_PAGES = {"code", "province_code", "merged_into", "index_key", "person_key", "issuer_key", "chair_key",
                  "meeting_key", "language", "languages", "role", "roles", "level", "status", "kind", "source",
                  "date", "meeting_date", "first_seen", "last_seen", "content_hash", "extracted_hash",
                  "extractor_version", "fetched_at", "first_seen_at", "extracted_at", "discovered_at", "started_at",
                  "ended_at", "at", "sources.name"}
OWN_TABLES = {"provinces"}  # reference data shipped with the repository
POISON = "<img src=x onerror=alert('xss-poison')>"
URL_POISON = "\"><svg/onload=alert('xss-poison-url')>"   # no space: Datasette still renders it as a link
URL_COLUMNS = {"url", "canonical_url", "original_url", "cites", "referrer"}


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    """The hostile report (and a listing with a ``javascript:`` link) crawled, extracted and loaded."""
    path = tmp_path_factory.mktemp("hostile") / "meetings.db"
    robots = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    with FixtureSite({"/robots.txt": robots}) as site:
        page = hostile_meeting_page(site.url)
        # only the report's own links: the sample page's other links would be 404s here
        page = re.sub(r'<a [^>]*href="http://127\.0\.0\.1:\d+/[^"]*"[^>]*>', "<a>", page)
        site.routes["/"] = html(f"<html><body><a href='{ARTICLE_PATH}'>Tin mới</a>"
                                "<a href=\"javascript:alert('xss-raw-listing')\">x</a></body></html>")
        site.routes[ARTICLE_PATH] = html(page)
        summary = run_update(path, [Source(name="evil", start_urls=[site.url + "/"])],
                             load_options(delay=0.0, backoff=0.01, retries=0))
    assert summary.crawl.new == 1 and summary.totals["meeting_reports"] == 1, summary.lines()
    return path


@pytest.fixture(scope="module")
def served_db(hostile_db, tmp_path_factory) -> Path:
    """The crawled database, and then every text column that can hold a publisher's words given
    one more payload on top, so every table, view and query shows one."""
    path = tmp_path_factory.mktemp("served") / "meetings.db"
    with sqlite3.connect(hostile_db) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table' "
                                           "and name not like '%fts%' and name not like 'sqlite_%'")]
        for table in set(tables) - OWN_TABLES:
            cols = [r[1] for r in db.execute(f"pragma table_info([{table}])")
                    if not {r[1], f"{table}.{r[1]}"} & NOT_FROM_PAGES]
            for rowid, *values in db.execute(f"select rowid, {', '.join(f'[{c}]' for c in cols)} from [{table}]"
                                             ).fetchall() if cols else []:
                new = {c: v + URL_POISON if c in URL_COLUMNS else _poisoned(v)
                       for c, v in zip(cols, values) if isinstance(v, str)}
                if new:
                    db.execute(f"update [{table}] set {', '.join(f'[{c}] = ?' for c in new)} where rowid = ?",
                               [*new.values(), rowid])
    return path


def _poisoned(value: str) -> str:
    """``value`` with POISON added, keeping JSON valid JSON (views read it with json_each)."""
    try:
        data = json.loads(value)
    except ValueError:
        return value + " " + POISON
    if isinstance(data, list):
        return json.dumps(data + [POISON], ensure_ascii=False)
    if isinstance(data, dict):
        return json.dumps({**data, "xss": POISON}, ensure_ascii=False)
    return value + " " + POISON


@pytest.fixture(scope="module")
def site(served_db):
    with served_datasette(served_db) as url:
        yield url


@pytest.fixture(scope="module")
def ids(served_db) -> dict[str, object]:
    with sqlite3.connect(served_db) as db:
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {"article": one("select id from articles"), "meeting": one("select id from meetings"),
                "directive": one("select min(id) from directives"), "task": one("select id from task_reports"),
                "official": one("select min(id) from officials"), "ranking": one("select id from rankings"),
                "person": tilde_encode(one("select person_key from persons limit 1")),
                "run": one("select id from crawl_runs")}


# --- parsing: markup is text or nothing ---------------------------------------------------------

@pytest.mark.parametrize("payload", TEXT_PAYLOADS)
def test_markup_written_as_entities_is_read_as_plain_text(payload):
    page = hostile_meeting_page("http://127.0.0.1:1")
    parsed = parse_page(page, "http://127.0.0.1:1" + ARTICLE_PATH)
    text, title = html_to_text(page)
    wanted = payload.replace("\u2028\u2029", "")
    assert wanted in (parsed.title + parsed.text).replace("\u2028\u2029", "")
    # trafilatura unescapes its output once more: "&amp;lt;" in the page comes out as "<", not "&lt;"
    assert wanted in (title + text) or html_lib.unescape(wanted) in (title + text).replace("\u2028\u2029", "")


@pytest.mark.parametrize("parser", ["parse_page", "html_to_text"])
def test_real_tags_scripts_comments_and_attributes_never_become_text(parser):
    page = hostile_meeting_page("http://127.0.0.1:1")
    if parser == "parse_page":
        p = parse_page(page, "http://127.0.0.1:1" + ARTICLE_PATH)
        texts = [p.text, p.title, p.author, p.published, p.canonical_url, p.language]
        assert p.title == hostile_title()                       # HTML in a title: decoded, kept as text
    else:
        texts = list(html_to_text(page))
        assert texts[1].startswith(hostile_title())
    found = [m for m in RAW_MARKERS for t in texts if t and m in t]
    assert not found


@pytest.mark.parametrize("html_doc", [
    "<html><head><script type='application/ld+json'>" + body + "</script></head><body><p>x</p></body></html>"
    for body in ["123", '"a string"', "null", "[1, [2]]", '{"@graph": 5}', '{"@type": ["NewsArticle"], "headline": '
                 '["<b>a</b>", "b"], "datePublished": 2025, "author": {"name": ["x"]}}', "[" * 100_000, "{bad"]
])
def test_json_ld_of_any_shape_is_read_or_skipped_never_raises(html_doc):
    page = parse_page(html_doc, "http://127.0.0.1:1/a")
    assert all(v is None or isinstance(v, str) for v in (page.title, page.published, page.author))


# --- storage: the crawl keeps payloads as text, never real markup ------------------------------

def test_payloads_reach_every_extracted_table_as_text(hostile_db):
    with sqlite3.connect(hostile_db) as db:
        title, text, author = db.execute("select title, text, author from articles").fetchone()
        assert title == hostile_title()
        assert "<img src=x onerror=alert('xss-author')>" in author
        both = (title + text).replace("\u2028\u2029", "")
        missing = [p for p in TEXT_PAYLOADS if p.replace("\u2028\u2029", "") not in both]
        assert not missing
        for table, column in [("meetings", "title"), ("meeting_articles", "cites"), ("directives", "text"),
                              ("directives", "addressees"), ("task_reports", "sentence"), ("rankings", "sentence"),
                              ("officials", "sentence")]:
            values = [r[0] for r in db.execute(f"select [{column}] from [{table}]")]
            assert any("<" in (v or "") for v in values), (table, column, values)


def test_no_real_markup_from_the_page_is_stored_anywhere(hostile_db):
    """Scripts, comments, event handlers and ``javascript:`` hrefs of the page are not text: no
    column of any table holds them (only the compressed raw HTML does)."""
    with sqlite3.connect(hostile_db) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        found = []
        for table in tables:
            for row in db.execute(f"select * from [{table}]"):
                found += [(table, m) for v in row if isinstance(v, str) for m in RAW_MARKERS + ["xss-raw-listing"]
                          if m in v]
    assert not found


# --- the published site: everything escaped, nothing runs --------------------------------------

PAGES = [
    "/meetings/articles/{article}", "/meetings/articles?id={article}", "/meetings/articles?_search=script",
    "/meetings/meetings/{meeting}", "/meetings/meetings", "/meetings/meeting_articles",
    "/meetings/officials", "/meetings/officials/{official}", "/meetings/persons", "/meetings/persons/{person}",
    "/meetings/directives", "/meetings/directives/{directive}", "/meetings/task_reports",
    "/meetings/task_reports/{task}", "/meetings/rankings", "/meetings/rankings/{ranking}",
    "/meetings/latest_task_figures", "/meetings/rankings_over_time", "/meetings/directives_per_addressee",
    "/meetings/meetings_per_month", "/meetings/frontier", "/meetings/crawl_runs/{run}", "/meetings/sources",
    "/meetings/directives_to_addressee?addressee=S", "/meetings/compare_task_completion",
    "/meetings/person_appearances?name=h", "/meetings/meetings_of_province?province_code=gia-lai",
    "/meetings/directives_by_keyword?keyword=alert", "/meetings/task_figures_by_province?province_code=gia-lai",
    "/meetings/latest_ranking_per_province_and_index",
    "/meetings?sql=" + quote("select title, text, author, published from articles"),
    # datasette-render-markdown turns any *_markdown column into HTML (sanitised by bleach)
    "/meetings?sql=" + quote("select text as text_markdown, title as title_markdown from articles"),
    "/meetings/articles?_facet=title&_facet=author", "/meetings/directives?_facet=addressees",
    "/-/dashboards/overview", "/-/dashboards/overview/latest-figures", "/-/dashboards/overview/province-map",
    "/meetings", "/",
]
# payloads in the request itself, reflected into the page by Datasette or a plugin
REFLECTED = [
    "/meetings/directives_to_addressee?addressee=" + quote(TEXT_PAYLOADS[0]),
    "/meetings/person_appearances?name=" + quote(TEXT_PAYLOADS[5]),
    "/-/dashboards/overview?index_key=" + quote("';alert('xss-filter');//" + TEXT_PAYLOADS[7]),
    "/meetings/articles?_search=" + quote(TEXT_PAYLOADS[1]),
    "/meetings/directives?text__contains=" + quote(TEXT_PAYLOADS[2]),
    "/meetings?sql=" + quote("select :x as x") + "&x=" + quote(TEXT_PAYLOADS[0]),
]
JS_URL_ATTRS = ("href", "src", "action", "formaction", "data", "xlink:href", "srcdoc")


def live_markup(page_html: str) -> list[str]:
    """What in ``page_html`` would run or navigate in a browser because of a payload."""
    problems = [p for p in TEXT_PAYLOADS + MARKUP_PAYLOADS + [POISON] if "<" in p and p in page_html]
    problems += [m for m in RAW_MARKERS if m in page_html]
    if TEMPLATE_RESULT in page_html:
        problems.append("template syntax was evaluated")
    tree = lxml.html.document_fromstring(page_html)
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name.lower().startswith("on") and "xss" in value:
                problems.append(f"<{el.tag} {name}={value!r}>")
            if name.lower() in JS_URL_ATTRS and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(
                    ("javascript:", "data:text/html", "vbscript:")):
                problems.append(f"<{el.tag} {name}={value!r}>")
        # (a script may hold a payload percent-encoded in a URL, as the dashboard's filters do)
        if el.tag in ("script", "style", "iframe", "object", "embed", "template") and re.search(
                r"""alert\(['"]?xss""", el.text_content() or ""):
            problems.append(f"<{el.tag}> holding {el.text_content()[:80]!r}")
    return problems


@pytest.mark.parametrize("path", PAGES)
def test_every_page_shows_crawled_markup_as_text_and_runs_none_of_it(site, ids, path):
    r = httpx.get(site + path.format(**ids), timeout=30)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert not live_markup(r.text)
    if path.startswith(("/meetings/", "/meetings?")) and "meetings_per_month" not in path:   # (counts only)
        assert "xss-" in r.text   # the payloads are on the page, as text


@pytest.mark.parametrize("path", REFLECTED)
def test_payloads_in_request_parameters_are_escaped_too(site, path):
    r = httpx.get(site + path, timeout=30)
    assert r.status_code in (200, 400), r.text[:300]
    assert not live_markup(r.text)
    assert "alert('xss-filter')" not in r.text


@pytest.mark.parametrize("path", ["/meetings/articles/{article}.json", "/meetings/directives.csv",
                                  "/meetings.json?sql=select+title+from+articles"])
def test_data_exports_are_not_served_as_html(site, ids, path):
    r = httpx.get(site + path.format(**ids), timeout=30)
    assert r.status_code == 200
    assert not r.headers["content-type"].startswith("text/html")


DASHBOARD = load_metadata()["plugins"]["datasette-dashboards"]["overview"]
# datasette-dashboards writes these charts' values into the page with innerHTML, unescaped
INNER_HTML_LIBRARIES = {"table", "map", "metric"}


@pytest.mark.parametrize("slug", [s for s, c in DASHBOARD["charts"].items() if c["library"] in INNER_HTML_LIBRARIES])
def test_dashboard_charts_that_write_raw_html_read_no_crawled_text(site, slug):
    """The table, map and metric charts of datasette-dashboards put every value into the page
    with innerHTML. They may only show numbers, ISO dates and our own province names; a chart
    that selected a sentence, title or name from the crawl would run its markup."""
    chart = DASHBOARD["charts"][slug]
    r = httpx.get(f"{site}/{chart['db']}.json", params={"sql": chart["query"], "_shape": "objects", "index_key": ""},
                  timeout=30)
    assert r.status_code == 200, r.text[:300]
    rows = r.json()["rows"]
    assert rows, f"{slug}: the check needs rows to look at"
    unsafe = [(k, v) for row in rows for k, v in row.items()
              if isinstance(v, str) and (re.search(r"[<>&\"'`]", v) or "xss" in v)]
    assert not unsafe


def test_no_column_is_rendered_as_html_or_markdown_from_data():
    """Datasette renders HTML only from our metadata (description_html); datasette-render-markdown
    would render any column named *_markdown -- no table or view has one."""
    meta = load_metadata()
    html_keys = []

    def walk(node, where):
        if isinstance(node, dict):
            for k, v in node.items():
                if k.endswith("_html") or k in ("render_markdown", "render_html"):
                    html_keys.append(f"{where}/{k}")
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}/{i}")
    walk(meta, "")
    assert html_keys == ["/description_html"]
    plugins = meta.get("plugins", {})
    assert "datasette-render-markdown" not in plugins or not plugins["datasette-render-markdown"].get("columns")


def test_no_table_feeds_the_cluster_map_anything_but_our_provinces(served_db):
    """datasette-cluster-map draws every table with latitude/longitude columns and fills popups
    from the row: it escapes values, but a ``popup`` column's link would become a live href."""
    with sqlite3.connect(served_db) as db:
        names = [r[0] for r in db.execute("select name from sqlite_master where type in ('table', 'view')")]
        cols = {n: {r[1] for r in db.execute(f"pragma table_info([{n}])")} for n in names}
    assert [n for n, c in cols.items() if {"latitude", "longitude"} <= c] == ["provinces"]
    assert not [n for n, c in cols.items() if "popup" in c]


# --- in a browser: no dialog opens --------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
# charts drawn in the browser from data (a chart's own page names its container after the dashboard)
WAIT_FOR = {"/-/dashboards/overview": [".leaflet-marker-icon", "#chart-latest-figures table"],
            "/-/dashboards/overview/latest-figures": ["#chart-overview table"],
            "/-/dashboards/overview/province-map": [".leaflet-marker-icon"]}


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI_REQUIRE_BROWSER"),
                    reason="Debian's chromium is not installed (.ci/run installs it)")
def test_a_browser_opening_the_pages_runs_no_payload(site, ids):
    from playwright.sync_api import sync_playwright

    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                      else route.abort())
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in [p for p in PAGES if "sql=" not in p] + REFLECTED:
            page.goto(site + path.format(**ids), wait_until="load")
            for selector in WAIT_FOR.get(path.split("?")[0], []):
                page.wait_for_selector(selector, state="attached", timeout=20000)
                page.wait_for_load_state("networkidle")   # an <img onerror> fires once its request fails
        # a cluster map of crawled text: one marker, its popup opened
        sql = ("select m.title, m.committee, d.text, p.latitude, p.longitude from meetings m "
               "join provinces p on p.code = m.province_code join directives d on d.meeting_id = m.id limit 1")
        page.goto(f"{site}/meetings?sql={quote(sql)}", wait_until="load")
        page.wait_for_selector(".leaflet-marker-icon", timeout=20000)
        page.locator(".leaflet-marker-icon").first.click()
        page.wait_for_selector(".leaflet-popup-content")
        assert "xss-" in page.locator(".leaflet-popup-content").inner_text()   # shown as text
        page.wait_for_load_state("networkidle")
        browser.close()
    assert dialogs == []
