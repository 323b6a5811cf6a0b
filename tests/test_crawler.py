"""The crawler's promises, each against a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import gzip
import time
import unicodedata

import pytest

from corpus.crawl_store import SqliteCrawlStore
from corpus.db import open_db
from crawler.crawl import crawl
from crawler.errors import SourceConfigError
from crawler.settings import load_options
from crawler.sources import Source, load_sources
from fixture_sites import FixtureSite, article, html, listing

FAST = dict(delay=0.0, backoff=0.01, retries=2, max_retry_after=2)


def run(site: FixtureSite, tmp_path, start: str = "/", **opts):
    db = open_db(tmp_path / "c.db")
    source = Source(name="t", start_urls=[site.url + start])
    stats = crawl([source], SqliteCrawlStore(db), load_options(**{**FAST, **opts}))
    return stats, db


def robots(body: str = "User-agent: *\nAllow: /\n"):
    return 200, {"Content-Type": "text/plain"}, body.encode()


def test_robots_disallowed_path_is_never_requested_and_user_agent_is_sent(tmp_path):
    routes = {"/robots.txt": robots("User-agent: *\nDisallow: /private/\n"),
              "/": html(listing("/a.html", "/private/x.html")),
              "/a.html": html(article("A", "Nội dung bài A " * 20)),
              "/private/x.html": html(article("X", "secret " * 50))}
    with FixtureSite(routes) as site:
        stats, db = run(site, tmp_path)
    assert "/private/x.html" not in site.paths()
    assert stats.new == 1 and stats.skipped == 1
    assert all(h.headers["user-agent"].startswith("meeting-reports/") for h in site.hits)


def test_one_request_per_delay_per_host(tmp_path):
    routes = {"/robots.txt": robots(), "/": html(listing("/a.html", "/b.html", "/c.html")),
              **{f"/{x}.html": html(article(x, "văn bản " * 40)) for x in "abc"}}
    with FixtureSite(routes) as site:
        run(site, tmp_path, delay=0.2)
    times = [h.at for h in site.hits]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(times) == 5 and min(gaps) >= 0.18


def test_robots_crawl_delay_is_honoured(tmp_path):
    routes = {"/robots.txt": robots("User-agent: *\nCrawl-delay: 0.3\n"), "/": html(listing("/a.html")),
              "/a.html": html(article("A", "x " * 300))}
    with FixtureSite(routes) as site:
        run(site, tmp_path)
    times = [h.at for h in site.hits]
    assert min(b - a for a, b in zip(times[1:], times[2:])) >= 0.28


def test_429_retry_after_is_honoured_then_the_page_is_fetched(tmp_path):
    def flaky(hit, nth):
        return (429, {"Retry-After": "1"}, b"slow down") if nth == 1 else html(article("A", "y " * 300))
    with FixtureSite({"/robots.txt": robots(), "/": html(listing("/a.html")), "/a.html": flaky}) as site:
        stats, _ = run(site, tmp_path)
    hits = [h.at for h in site.hits if h.path == "/a.html"]
    assert stats.new == 1 and len(hits) == 2 and hits[1] - hits[0] >= 0.95


def test_server_errors_are_retried_with_backoff(tmp_path):
    def flaky(hit, nth):
        return (503, {}, b"busy") if nth < 3 else html(article("A", "z " * 300))
    with FixtureSite({"/robots.txt": robots(), "/": html(listing("/a.html")), "/a.html": flaky}) as site:
        stats, _ = run(site, tmp_path)
    assert stats.new == 1 and site.paths().count("/a.html") == 3


@pytest.mark.parametrize("route, kind", [
    ((302, {"Location": "/loop2"}, b""), "fetch"),
    ((200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"), "not_html"),
    ((200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 3000 + b"</p>"), "too_large"),
    ((500, {}, b"boom"), "http_status"),
])
def test_bad_pages_are_refused_logged_and_the_crawl_goes_on(tmp_path, route, kind):
    routes = {"/robots.txt": robots(), "/": html(listing("/bad", "/good.html")), "/bad": route,
              "/loop2": (302, {"Location": "/bad"}, b""), "/good.html": html(article("G", "tốt " * 100))}
    with FixtureSite(routes) as site:
        stats, db = run(site, tmp_path, max_bytes=2000, retries=0)
    assert stats.new == 1 and stats.errors_by_kind[kind] == 1
    logged = db.execute("select kind, url from fetch_log").fetchall()
    assert [k for k, _ in logged] == [kind] and logged[0][1].endswith("/bad")
    run_row = db.execute("select status, errors from crawl_runs").fetchone()
    assert run_row == ("ok", 1)


def test_sitemap_index_and_gzipped_sitemap_are_followed(tmp_path):
    with FixtureSite() as site:
        urlset = (f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>{site.url}/a.html</loc></url>"
                  f"<url><loc>{site.url}/b.html</loc></url></urlset>").encode()
        site.routes.update({
            "/robots.txt": robots(f"User-agent: *\nSitemap: {site.url}/sitemap_index.xml\n"),
            "/": html("<html><body>home</body></html>"),
            "/sitemap_index.xml": (200, {"Content-Type": "application/xml"},
                                   f"<sitemapindex><sitemap><loc>{site.url}/s1.xml.gz</loc></sitemap></sitemapindex>".encode()),
            "/s1.xml.gz": (200, {"Content-Type": "application/x-gzip"}, gzip.compress(urlset)),
            "/a.html": html(article("A", "a " * 300)), "/b.html": html(article("B", "b " * 300)),
        })
        stats, _ = run(site, tmp_path)
    assert stats.new == 2


def test_second_run_fetches_no_article_and_listings_answer_304(tmp_path):
    def page(body):
        def reply(hit, nth):
            if hit.headers.get("if-none-match") == '"v1"':
                return 304, {"ETag": '"v1"'}, b""
            return html(body, extra={"ETag": '"v1"'})
        return reply
    routes = {"/robots.txt": robots(), "/": page(listing("/a.html", "/b.html")),
              "/a.html": html(article("A", "a " * 300)), "/b.html": html(article("B", "b " * 300))}
    with FixtureSite(routes) as site:
        run(site, tmp_path)
        first = len(site.hits)
        stats, _ = run(site, tmp_path)
        second = site.paths()[first:]
    assert "/a.html" not in second and "/b.html" not in second
    assert stats.not_modified == 1 and stats.new == 0


def test_tracking_parameters_and_fragments_do_not_duplicate_an_article(tmp_path):
    routes = {"/robots.txt": robots(),
              "/": html(listing("/a.html?utm_source=fb&utm_medium=x", "/a.html#top", "/a.html?fbclid=1")),
              "/a.html": html(article("A", "a " * 300))}
    with FixtureSite(routes) as site:
        stats, db = run(site, tmp_path)
    assert site.paths().count("/a.html") == 1
    assert db.execute("select count(*) from articles").fetchone()[0] == 1


def test_a_crawl_cut_short_resumes_without_refetching(tmp_path):
    pages = [f"/p{i}.html" for i in range(6)]
    routes = {"/robots.txt": robots(), "/": html(listing(*pages)),
              **{p: html(article(p, f"bài {p} " * 80)) for p in pages}}
    with FixtureSite(routes) as site:
        stats, db = run(site, tmp_path, budget=5)  # robots + listing + 3 articles
        assert stats.interrupted and db.execute("select count(*) from articles").fetchone()[0] == 3
        stats2, db = run(site, tmp_path)
        fetched = [p for p in site.paths() if p.startswith("/p")]
    assert db.execute("select count(*) from articles").fetchone()[0] == 6
    assert sorted(fetched) == sorted(pages)  # each article fetched exactly once over both runs


def test_mislabelled_utf8_vietnamese_is_decoded(tmp_path):
    text = "Ban Chỉ đạo tỉnh họp phiên thứ nhất về chuyển đổi số. " * 10
    routes = {"/robots.txt": robots(), "/": html(listing("/a.html")),
              "/a.html": (200, {"Content-Type": "text/html; charset=iso-8859-1"},
                          article("A", text).encode("utf-8"))}
    with FixtureSite(routes) as site:
        _, db = run(site, tmp_path)
    assert "Ban Chỉ đạo tỉnh họp" in db.execute("select text from articles").fetchone()[0]


def _to_cp1258(s: str) -> bytes:
    """windows-1258 as Vietnamese pages use it: â ê ô ă ơ ư precomposed, tones combining."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", s):
        if out and unicodedata.combining(ch):
            joined = unicodedata.normalize("NFC", out[-1] + ch)
            if len(joined) == 1:
                try:
                    joined.encode("windows-1258")
                    out[-1] = joined
                    continue
                except UnicodeEncodeError:
                    pass
        out.append(ch)
    return "".join(out).encode("windows-1258")


def test_windows_1258_page_is_decoded(tmp_path):
    text = "Ban Chỉ đạo tỉnh họp về chuyển đổi số. " * 10
    body = _to_cp1258(article("A", text))
    routes = {"/robots.txt": robots(), "/": html(listing("/a.html")),
              "/a.html": (200, {"Content-Type": "text/html; charset=windows-1258"}, body)}
    with FixtureSite(routes) as site:
        _, db = run(site, tmp_path)
    stored = unicodedata.normalize("NFC", db.execute("select text from articles").fetchone()[0])
    assert "Ban Chỉ đạo tỉnh họp" in stored


@pytest.mark.parametrize("content, message", [
    ("- name: x\n", "start_urls"),
    ("- start_urls: ['https://a.example/']\n", "missing 'name'"),
    ("name: x\n", "expected a non-empty YAML list"),
    ("- name: x\n  start_urls: ['https://a.example/']\n  allow: ['(']\n", "bad allow pattern"),
    ("- [unclosed\n", "not valid YAML"),
])
def test_malformed_sources_give_clear_errors(tmp_path, content, message):
    path = tmp_path / "s.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceConfigError, match=message):
        load_sources(path)


def test_shipped_sources_load():
    sources = load_sources()
    assert len(sources) >= 9 and all(s.start_urls for s in sources)


def test_a_source_delay_override_applies_to_its_host(tmp_path):
    routes = {"/robots.txt": robots(), "/": html(listing("/a.html", "/b.html")),
              "/a.html": html(article("A", "a " * 300)), "/b.html": html(article("B", "b " * 300))}
    with FixtureSite(routes) as site:
        db = open_db(tmp_path / "c.db")
        source = Source(name="t", start_urls=[site.url + "/"], overrides={"delay": 0.05})
        started = time.monotonic()
        crawl([source], SqliteCrawlStore(db), load_options(delay=5.0, backoff=0.01))
        assert time.monotonic() - started < 3  # the 5 s default did not apply


def _two_sources_site(slow_seconds: float = 1.0) -> dict:
    def slow(hit, nth):
        time.sleep(slow_seconds)
        return html(article("S", "chậm " * 300))
    return {"/robots.txt": robots("User-agent: strict-agent\nDisallow: /ua-only/\n\nUser-agent: *\nAllow: /\n"),
            "/": html(listing("/slow.html", "/big.html", "/ua-only/x.html", "/a.html")),
            "/slow.html": slow, "/big.html": html(article("B", "lớn " * 2000)),
            "/ua-only/x.html": html(article("X", "riêng " * 300)), "/a.html": html(article("A", "nội dung " * 100))}


def test_a_sources_own_timeout_size_cap_and_user_agent_apply_to_its_requests_only(tmp_path):
    with FixtureSite(_two_sources_site()) as strict_site, FixtureSite(_two_sources_site()) as plain_site:
        strict = Source(name="strict", start_urls=[strict_site.url + "/"],
                        overrides={"timeout": 0.3, "max_bytes": 5000, "user_agent": "strict-agent/1.0"})
        plain = Source(name="plain", start_urls=[plain_site.url + "/"])
        db = open_db(tmp_path / "c.db")
        crawl([strict, plain], SqliteCrawlStore(db), load_options(**{**FAST, "retries": 0, "timeout": 5.0}))
        logged = {(src, url.rsplit("/", 1)[1]): kind for src, url, kind in db.execute("select source, url, kind from fetch_log")}
        stored = {(src, url.rsplit("/", 1)[1]) for src, url in db.execute("select source, url from articles")}
    assert logged == {("strict", "slow.html"): "timeout", ("strict", "big.html"): "too_large"}
    assert ("strict", "a.html") in stored and not {("strict", "slow.html"), ("strict", "big.html")} & stored
    assert {("plain", p) for p in ("slow.html", "big.html", "x.html", "a.html")} <= stored
    assert "/ua-only/x.html" not in strict_site.paths()   # robots.txt's rules for its user agent
    assert {h.headers["user-agent"] for h in strict_site.hits} == {"strict-agent/1.0"}   # robots.txt too
    assert all(h.headers["user-agent"].startswith("meeting-reports/") for h in plain_site.hits)


def test_a_sources_own_budget_stops_that_source_and_not_the_run(tmp_path):
    pages = [f"/p{i}.html" for i in range(6)]
    routes = {"/robots.txt": robots(), "/": html(listing(*pages)), **{p: html(article(p, "bài " * 100)) for p in pages}}
    with FixtureSite(routes) as small, FixtureSite(dict(routes)) as other:
        capped = Source(name="capped", start_urls=[small.url + "/"], overrides={"budget": 3})
        free = Source(name="free", start_urls=[other.url + "/"])
        db = open_db(tmp_path / "c.db")
        stats = crawl([capped, free], SqliteCrawlStore(db), load_options(**FAST))
        per_source = dict(db.execute("select source, count(*) from articles group by source").fetchall())
    assert len([h for h in small.hits if h.path != "/robots.txt"]) == 3   # the listing and two articles
    assert per_source == {"capped": 2, "free": 6}
    assert not stats.interrupted
