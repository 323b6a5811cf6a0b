"""Finding reports from nothing but a start URL, in parallel across hosts, without falling into
traps or storing one article twice. Real HTTP servers on 127.0.0.1."""
from __future__ import annotations

import threading
import time
from urllib.parse import unquote_plus

from corpus.crawl_store import SqliteCrawlStore
from corpus.db import open_db
from crawler.crawl import crawl
from crawler.settings import load_options
from crawler.sources import Source
from fixture_sites import FixtureSite, article, html, listing

FAST = dict(delay=0.0, backoff=0.01, retries=1, max_retry_after=1)
REPORT = ("Sáng 5/6, Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh "
          "họp phiên thứ hai. Đồng chí Trưởng ban yêu cầu các sở hoàn thành nhiệm vụ. ") * 4


def _crawl(sources, tmp_path, **opts):
    db = open_db(tmp_path / "c.db")
    stats = crawl(sources, SqliteCrawlStore(db), load_options(**{**FAST, **opts}))
    return stats, db


def _stored(db) -> list[str]:
    return sorted(r[0] for r in db.execute("SELECT url FROM articles"))


def _xml(body: str):
    return 200, {"Content-Type": "application/xml"}, body.encode()


def test_a_site_known_only_by_its_start_url_is_discovered_through_its_sitemap(tmp_path):
    site = FixtureSite({
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\nSitemap: /sitemap.xml\n"),
        "/": html("<html><body>home, no links</body></html>"),
        "/sitemap.xml": _xml("<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                             "<url><loc>/tin/hop-ban-chi-dao.html</loc></url></urlset>"),
        "/tin/hop-ban-chi-dao.html": html(article("Họp Ban Chỉ đạo", REPORT)),
    })
    with site:
        site.routes["/sitemap.xml"] = _xml(
            f"<urlset><url><loc>{site.url}/tin/hop-ban-chi-dao.html</loc></url></urlset>")
        stats, db = _crawl([Source("s", [site.url + "/"])], tmp_path)
    assert _stored(db) == [site.url + "/tin/hop-ban-chi-dao.html"] and stats.new == 1


def test_a_site_known_only_by_its_feed_is_discovered_through_the_feed(tmp_path):
    site = FixtureSite({"/robots.txt": (404, {}, b"")})
    with site:
        site.routes["/rss/thoi-su.rss"] = (200, {"Content-Type": "application/rss+xml"}, (
            f"<rss><channel><item><title>Họp</title><link>{site.url}/tin/a.html</link></item>"
            f"</channel></rss>").encode())
        site.routes["/tin/a.html"] = html(article("Họp Ban Chỉ đạo", REPORT))
        _, db = _crawl([Source("s", [site.url + "/rss/thoi-su.rss"])], tmp_path)
    assert _stored(db) == [site.url + "/tin/a.html"]


def test_a_category_listing_with_pagination_leads_to_reports_on_later_pages(tmp_path):
    site = FixtureSite({
        "/robots.txt": (404, {}, b""),
        "/chuyen-doi-so/": html(listing("/tin/1.html") + "<a rel=next href='/chuyen-doi-so/?page=2'>2</a>"),
        "/chuyen-doi-so/?page=2": html(listing("/tin/2.html") + "<a href='/chuyen-doi-so/?page=3'>3</a>"),
        "/chuyen-doi-so/?page=3": html(listing("/tin/3.html")),
        "/tin/1.html": html(article("1", REPORT)), "/tin/2.html": html(article("2", REPORT)),
        "/tin/3.html": html(article("3", REPORT)),
    })
    with site:
        _, db = _crawl([Source("s", [site.url + "/chuyen-doi-so/"])], tmp_path, max_depth=1)
    assert _stored(db) == [site.url + f"/tin/{i}.html" for i in (1, 2, 3)]


def test_the_sites_own_search_page_is_asked_for_each_keyword(tmp_path):
    asked: list[str] = []

    def search(hit, nth):
        asked.append(unquote_plus(hit.path.split("q=", 1)[1]))
        return html(listing("/tin/ket-qua.html"))

    site = FixtureSite({"/robots.txt": (404, {}, b""), "/": html("<html><body>home</body></html>"),
                        "/tin/ket-qua.html": html(article("Kết quả", REPORT))})
    with site:
        for q in ("Ban+Ch%E1%BB%89+%C4%91%E1%BA%A1o", "Ngh%E1%BB%8B+quy%E1%BA%BFt+57"):
            site.routes[f"/tim-kiem?q={q}"] = search
        source = Source("s", [site.url + "/"], search_url=site.url + "/tim-kiem?q={query}")
        _, db = _crawl([source], tmp_path, search_keywords=("Ban Chỉ đạo", "Nghị quyết 57"))
    assert sorted(asked) == ["Ban Chỉ đạo", "Nghị quyết 57"]
    assert _stored(db) == [site.url + "/tin/ket-qua.html"]


def test_endless_pagination_stops_at_the_listing_page_cap(tmp_path):
    def page(hit, nth):
        n = int(hit.path.rsplit("=", 1)[1]) if "=" in hit.path else 1
        return html(f"<html><body><a href='/tin/?page={n + 1}'>next</a></body></html>")

    site = FixtureSite({"/robots.txt": (404, {}, b"")})
    for n in range(1, 200):
        site.routes[f"/tin/?page={n}"] = page
    site.routes["/tin/"] = page
    with site:
        _crawl([Source("s", [site.url + "/tin/"])], tmp_path, max_listing_pages=7)
        pages = [p for p in site.paths() if p.startswith("/tin/")]
    assert len(pages) == 7 and "/tin/?page=8" not in pages


def test_a_calendar_trap_is_left_after_max_depth_and_a_self_repeating_path_is_never_followed(tmp_path):
    def day(hit, nth):
        n = int(hit.path.rstrip("/").rsplit("/", 1)[1])
        return html(f"<html><body><a href='/lich/{n + 1}/'>next day</a><a href='{hit.path}x/x/x/x/'>x</a></body></html>")

    site = FixtureSite({"/robots.txt": (404, {}, b"")})
    for n in range(0, 50):
        site.routes[f"/lich/{n}/"] = day
    with site:
        _crawl([Source("s", [site.url + "/lich/0/"])], tmp_path, max_depth=3)
        paths = site.paths()
    assert [p for p in paths if p.startswith("/lich/")] == [f"/lich/{n}/" for n in range(4)]
    assert not any("x/x/x" in p for p in paths)


def test_print_views_mobile_host_links_and_tracking_copies_store_one_article(tmp_path):
    site = FixtureSite({"/robots.txt": (404, {}, b"")})
    with site:
        host = site.url.split("//", 1)[1]
        site.routes["/"] = html(listing("/tin/a.html", "/tin/a.html?print=1", "/tin/a.html/amp",
                                        "/tin/a.html?utm_source=zalo", f"http://m.{host}/tin/a.html"))
        site.routes["/tin/a.html"] = html(article("A", REPORT))
        _, db = _crawl([Source("s", [site.url + "/"])], tmp_path)
        fetched = [p for p in site.paths() if p.startswith("/tin/")]
    assert _stored(db) == [site.url + "/tin/a.html"] and fetched == ["/tin/a.html"]


def test_the_same_article_under_two_urls_with_one_canonical_is_stored_once(tmp_path):
    site = FixtureSite({"/robots.txt": (404, {}, b"")})
    with site:
        canon = f"<link rel=canonical href='{site.url}/tin/a.html'>"
        body = article("A", REPORT).replace("<head>", "<head>" + canon)
        site.routes["/"] = html(listing("/tin/a.html", "/chuyen-muc/tin/a-12345.html"))
        site.routes["/tin/a.html"] = html(body)
        site.routes["/chuyen-muc/tin/a-12345.html"] = html(body)
        _, db = _crawl([Source("s", [site.url + "/"])], tmp_path)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_requests_run_in_parallel_across_hosts_never_two_at_once_to_one_host(tmp_path):
    lock = threading.Lock()
    now = {"all": 0, "max_all": 0}
    per_host: dict[int, int] = {}
    max_host: dict[int, int] = {}

    def slow(site_no):
        def reply(hit, nth):
            with lock:
                now["all"] += 1
                per_host[site_no] = per_host.get(site_no, 0) + 1
                now["max_all"] = max(now["max_all"], now["all"])
                max_host[site_no] = max(max_host.get(site_no, 0), per_host[site_no])
            time.sleep(0.15)
            with lock:
                now["all"] -= 1
                per_host[site_no] -= 1
            return html(listing(*(f"/p{i}" for i in range(4))) if hit.path == "/" else "<html><body>x</body></html>")
        return reply

    sites = []
    for k in range(4):
        s = FixtureSite({"/robots.txt": (404, {}, b"")})
        for path in ["/", *(f"/p{i}" for i in range(4))]:
            s.routes[path] = slow(k)
        sites.append(s)
    for s in sites:
        s.__enter__()
    try:
        started = time.monotonic()
        _crawl([Source(f"s{k}", [s.url + "/"]) for k, s in enumerate(sites)], tmp_path, concurrency=3)
        took = time.monotonic() - started
    finally:
        for s in sites:
            s.__exit__()
    assert now["max_all"] == 3                      # parallel, up to the setting
    assert max(max_host.values()) == 1              # one request at a time per host
    assert took < 20 * 0.15                         # 20 slow pages did not run one after another


def test_an_aggregators_language_editions_are_crawled_as_their_own_sources_citing_the_original(tmp_path):
    """A vietnam.vn-like host with /en/ /ru/ /uk/ editions of a provincial newspaper's report."""
    from corpus.update import run_crawl
    from crawler.sources import source_from_dict

    paper, hub = FixtureSite({"/robots.txt": (404, {}, b"")}), FixtureSite({"/robots.txt": (404, {}, b"")})
    with paper, hub:
        original = paper.url + "/tin-tuc/202510/ban-chi-dao-hop-7081ad9.html"
        paper.routes["/"] = html(listing("/tin-tuc/202510/ban-chi-dao-hop-7081ad9.html"))
        paper.routes["/tin-tuc/202510/ban-chi-dao-hop-7081ad9.html"] = html(article("Họp Ban Chỉ đạo", REPORT))
        texts = {
            "en": "On October 21, the Provincial Steering Committee for Science, Technology, Innovation and "
                  "Digital Transformation held a meeting. The Chairman requested departments to finish the tasks.",
            "ru": "21 октября состоялось заседание руководящего комитета провинции по развитию науки, технологий, "
                  "инноваций и цифровой трансформации. Председатель поручил департаментам завершить задачи.",
            "uk": "21 жовтня відбулося засідання керівного комітету провінції з розвитку науки, технологій, "
                  "інновацій та цифрової трансформації. Голова доручив департаментам завершити завдання.",
        }
        label = {"en": "Source", "ru": "Источник", "uk": "Джерело"}
        for lang, text in texts.items():
            hub.routes[f"/{lang}/"] = html(listing(f"/{lang}/ban-chi-dao-hop"))
            hub.routes[f"/{lang}/ban-chi-dao-hop"] = html(
                article("x", (text + " ") * 3 + f"</p><p>{label[lang]}: {original}").replace("lang=vi", f"lang={lang}"))
        sources = [source_from_dict({"name": "paper", "language": "vi", "start_urls": [paper.url + "/"]})] + [
            source_from_dict({"name": f"hub-{lang}", "language": lang, "start_urls": [f"{hub.url}/{lang}/"],
                              "allow": [f"^{hub.url}/{lang}/"]}) for lang in texts]
        run_crawl(tmp_path / "m.db", sources, load_options(**FAST))
    db = open_db(tmp_path / "m.db")
    rows = db.execute("SELECT source, language, original_url FROM articles ORDER BY source").fetchall()
    assert rows == [("hub-en", "en", original), ("hub-ru", "ru", original), ("hub-uk", "uk", original),
                    ("paper", "vi", None)]


def test_a_redirect_to_another_host_is_refused_before_it_is_asked_logged_and_not_stored(tmp_path):
    other = FixtureSite({"/robots.txt": (404, {}, b""), "/x.html": html(article("X", REPORT))})
    site = FixtureSite({"/robots.txt": (404, {}, b"")})
    with other, site:
        site.routes["/"] = html(listing("/go"))
        site.routes["/go"] = (302, {"Location": other.url + "/x.html"}, b"")
        stats, db = _crawl([Source("s", [site.url + "/"])], tmp_path)
    assert other.paths() == []  # not even once (more in test_crawler_scope.py)
    assert _stored(db) == []
    assert db.execute("SELECT kind FROM fetch_log").fetchall() == [("off_site_redirect",)]
