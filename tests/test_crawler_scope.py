"""The crawler asks only what a source may fetch: its own hosts, its allow/deny patterns, http(s)
only, and for a public source public addresses only. Every refusal happens before a request
is made to the refused URL, which each test checks twice: on the server (FixtureSite counts
every request it receives) and in the client (``Network`` records every URL handed to the HTTP
transport, which catches what no server could: file:, ftp:, [::1]).

No test reaches the internet: a public source is a public-looking name (news.example.vn) that
the scope's injected resolver answers with a public address and ``Network`` delivers to a
fixture site on 127.0.0.1."""
from __future__ import annotations

import json
import socket

import httpx
import pytest

from corpus.crawl_store import SqliteCrawlStore
from corpus.db import open_db
from crawler.crawl import crawl
from crawler.errors import BadScheme, OffSiteRedirect, OutOfScope
from crawler.fetch import Fetcher
from crawler.scope import Scope, ip_literal, is_public, resolve_host
from crawler.settings import load_options
from crawler.sources import Source
from fixture_sites import FixtureSite, article, html, listing

FAST = dict(delay=0.0, backoff=0.01, retries=1, max_retry_after=0.5, timeout=5.0)
VI = "Ban Chỉ đạo tỉnh họp về chuyển đổi số, khoa học và công nghệ. " * 6
PUBLIC = "93.184.216.34"  # a global unicast address; nothing is ever sent to it
NEWS = "news.example.vn"
ROBOTS = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
SECRET = html(article("Secret", "must never be fetched " * 20))


class Network(httpx.BaseTransport):
    """The client's only way out: records every URL it is handed, and delivers requests for
    the public-looking ``names`` to 127.0.0.1 (the Host header still names them)."""

    def __init__(self, names: tuple[str, ...] = ()):
        self.inner = httpx.HTTPTransport()
        self.names = set(names)
        self.asked: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(str(request.url))
        if request.url.host in self.names:
            request.url = request.url.copy_with(host="127.0.0.1")
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class DNS:
    """A resolver with fixed answers (``host -> addresses``) that counts its questions."""

    def __init__(self, answers: dict[str, list[str]]):
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.asked.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(self.answers[host])


def run(sources: list[Source], tmp_path, *, dns=None, names: tuple[str, ...] = (), **opts):
    """Crawl through a recording transport; (stats, db, network)."""
    options = load_options(**{**FAST, **opts})
    net = Network(names)
    client = httpx.Client(transport=net, headers={"User-Agent": options.user_agent}, timeout=options.timeout)
    fetcher = Fetcher(options, client=client, resolve=dns or resolve_host)
    tmp_path.mkdir(parents=True, exist_ok=True)
    db = open_db(tmp_path / "c.db")
    try:
        stats = crawl(sources, SqliteCrawlStore(db), options, fetcher=fetcher)
    finally:
        fetcher.close()
    return stats, db, net


def logged(db) -> list[tuple[str, str, str]]:
    """(kind, url, error) of every fetch_log row."""
    return db.execute("SELECT kind, url, error FROM fetch_log ORDER BY id").fetchall()


def stored(db) -> list[str]:
    return sorted(r[0].rsplit("/", 1)[-1] for r in db.execute("SELECT url FROM articles"))


def public_site(**routes) -> FixtureSite:
    return FixtureSite({"/robots.txt": ROBOTS, "/good.html": html(article("G", VI)), "/secret": SECRET, **routes})


def news_source(site: FixtureSite, **kw) -> Source:
    return Source("news", [f"http://{NEWS}:{site.url.rsplit(':', 1)[1]}/"], **kw)


def public_dns(**more: list[str]) -> DNS:
    return DNS({NEWS: [PUBLIC], **{k.replace("_", "."): v for k, v in more.items()}})


# -- a public source ---------------------------------------------------------------------------

def test_a_public_source_is_crawled_normally_when_its_name_resolves_to_public_addresses(tmp_path):
    """The control for the refusals below: the test network itself lets a public source through."""
    with public_site(**{"/": html(listing("/good.html"))}) as site:
        stats, db, net = run([news_source(site)], tmp_path, dns=public_dns(), names=(NEWS,))
    assert stored(db) == ["good.html"]
    assert sorted(site.paths()) == ["/", "/good.html", "/robots.txt"]
    assert all(u.startswith(f"http://{NEWS}:") for u in net.asked)
    assert logged(db) == []


PRIVATE_TARGETS = [
    "http://127.0.0.1:{port}/secret",          # loopback, the fixture site itself
    "http://127.1:{port}/secret",              # short form
    "http://2130706433:{port}/secret",         # decimal
    "http://0x7f.1:{port}/secret",             # hex
    "http://017700000001:{port}/secret",       # octal
    "http://0.0.0.0:{port}/secret",            # unspecified: Linux connects it to loopback
    "http://[::1]:{port}/secret",              # IPv6 loopback
    "http://[::ffff:127.0.0.1]:{port}/secret",  # IPv4-mapped IPv6
    "http://[::ffff:7f00:1]:{port}/secret",    # the same, in hex
    "http://10.0.0.1/admin",                   # RFC 1918
    "http://192.168.1.1/",
    "http://172.16.5.4/",
    "http://100.64.0.1/",                      # carrier-grade NAT
    "http://169.254.169.254/latest/meta-data/",  # link-local: the cloud metadata service
    "http://[fe80::1]/",                       # IPv6 link-local
    "http://[fc00::1]/",                       # IPv6 unique local
    "http://[2002:7f00:1::]/",                 # 6to4 wrapping 127.0.0.1
    "http://224.0.0.1/",                       # multicast
]


@pytest.mark.parametrize("target", PRIVATE_TARGETS)
def test_a_public_source_is_refused_a_redirect_to_a_private_address_before_asking_it(tmp_path, target):
    with public_site(**{"/": html(listing("/go", "/good.html"))}) as site:
        target = target.format(port=site.url.rsplit(":", 1)[1])
        site.routes["/go"] = (302, {"Location": target}, b"")
        stats, db, net = run([news_source(site)], tmp_path, dns=public_dns(), names=(NEWS,))
    assert site.paths().count("/secret") == 0
    assert not [u for u in net.asked if NEWS not in u]  # only the source's own host was handed to the client
    [(kind, url, error)] = logged(db)
    assert kind == "private_address" and url.endswith("/go") and target in error
    assert stored(db) == ["good.html"]  # and the crawl went on


@pytest.mark.parametrize("answer", [["127.0.0.1"], ["10.0.0.5"], ["169.254.169.254"], ["::1"],
                                    ["::ffff:10.0.0.1"], [PUBLIC, "127.0.0.1"], ["127.0.0.1", PUBLIC]],
                         ids=lambda a: "+".join(a))
def test_a_public_name_that_resolves_to_any_private_address_is_never_asked(tmp_path, answer):
    """DNS rebinding: every address of the name is checked, not only the first."""
    with public_site(**{"/": html(listing("/good.html"))}) as site:
        stats, db, net = run([news_source(site)], tmp_path, dns=DNS({NEWS: answer}), names=(NEWS,))
    assert site.paths() == [] and net.asked == []  # not even robots.txt
    [(kind, url, error)] = logged(db)
    assert kind == "private_address" and f"{NEWS}:" in url and "not a public address" in error
    assert stats.per_source["news"]["errors"] == 1


def test_a_name_that_turns_private_during_the_run_is_refused_from_then_on(tmp_path):
    """Addresses are checked before each request, not once per host: a name that answered
    public for the listing and private for the article is refused the article."""
    dns = public_dns()

    def listing_then_rebind(hit, nth):
        dns.answers[NEWS] = ["127.0.0.1"]
        return html(listing("/good.html"))
    with public_site(**{"/": listing_then_rebind}) as site:
        stats, db, net = run([news_source(site)], tmp_path, dns=dns, names=(NEWS,))
    assert "/good.html" not in site.paths()
    assert [(k, u.rsplit("/", 1)[1]) for k, u, _ in logged(db)] == [("private_address", "good.html")]


def test_a_name_that_does_not_resolve_is_retried_then_logged_and_never_asked(tmp_path):
    with public_site(**{"/": html(listing("/good.html"))}) as site:
        dns = DNS({})
        stats, db, net = run([news_source(site)], tmp_path, dns=dns, names=(NEWS,), retries=2)
    assert net.asked == [] and site.paths() == []
    assert [k for k, _, _ in logged(db)] == ["connection"]
    assert dns.asked.count(NEWS) >= 3  # first try + 2 retries for the page (robots.txt asks too)


# -- redirects, links and sitemap entries off the source's scope --------------------------------

def test_a_redirect_to_another_host_is_refused_before_the_other_host_is_asked(tmp_path):
    other = FixtureSite({"/robots.txt": ROBOTS, "/x.html": html(article("X", VI))})
    site = public_site()
    with other, site:
        site.routes["/"] = html(listing("/go", "/go-name", "/good.html"))
        site.routes["/go"] = (302, {"Location": other.url + "/x.html"}, b"")
        site.routes["/go-name"] = (301, {"Location": other.url.replace("127.0.0.1", "localhost") + "/x.html"}, b"")
        stats, db, net = run([Source("s", [site.url + "/"])], tmp_path)
    assert other.paths() == []  # not even its robots.txt
    assert not [u for u in net.asked if u.startswith((other.url, "http://localhost"))]
    rows = {url.rsplit("/", 1)[1]: (kind, error) for kind, url, error in logged(db)}
    assert rows.keys() == {"go", "go-name"}
    assert all(kind == "off_site_redirect" and "/x.html" in error for kind, error in rows.values())
    assert stored(db) == ["good.html"]


@pytest.mark.parametrize("target", ["file:///etc/passwd", "data:text/html,<h1>x</h1>", "javascript:alert(1)",
                                    "ftp://127.0.0.1:{port}/secret", "gopher://127.0.0.1:{port}/secret",
                                    "ws://127.0.0.1:{port}/secret", "FILE:///etc/passwd"])
def test_a_redirect_to_a_non_http_scheme_is_refused_and_never_handed_to_the_client(tmp_path, target):
    with public_site(**{"/": html(listing("/go", "/good.html"))}) as site:
        target = target.format(port=site.url.rsplit(":", 1)[1])
        site.routes["/go"] = (302, {"Location": target}, b"")
        stats, db, net = run([Source("s", [site.url + "/"])], tmp_path)
    assert site.paths().count("/secret") == 0
    assert all(u.startswith(site.url) for u in net.asked)
    [(kind, url, error)] = logged(db)
    assert kind == "bad_scheme" and url.endswith("/go")
    assert stored(db) == ["good.html"]


@pytest.mark.parametrize("location, kind", [("http://0177.0.0.1/", "bad_url"), ("http://[::1/", "bad_url"),
                                            ("http://0300.0250.0.1/", "bad_url"),
                                            ("http://ex ample/", "off_site_redirect")])
def test_a_redirect_to_a_url_the_client_cannot_read_is_refused_and_the_crawl_goes_on(tmp_path, location, kind):
    with public_site(**{"/": html(listing("/go", "/good.html"))}) as site:
        site.routes["/go"] = (302, {"Location": location}, b"")
        stats, db, net = run([Source("s", [site.url + "/"])], tmp_path)
    assert all(u.startswith(site.url) for u in net.asked)
    assert [k for k, _, _ in logged(db)] == [kind]
    assert stored(db) == ["good.html"]


def test_a_redirect_within_the_host_to_a_denied_path_is_refused_unasked(tmp_path):
    with public_site(**{"/": html(listing("/go", "/good.html")), "/go": (302, {"Location": "/private/x.html"}, b""),
                        "/private/x.html": SECRET}) as site:
        stats, db, net = run([Source("s", [site.url + "/"], deny=["/private/"])], tmp_path)
    assert "/private/x.html" not in site.paths()
    [(kind, url, error)] = logged(db)
    assert kind == "out_of_scope" and "/private/x.html" in error


def test_links_and_sitemap_entries_outside_the_scope_are_never_requested(tmp_path):
    """Off-site, denied, not-allowed, private and non-http links on a listing and in a sitemap
    are dropped where they are found: none reaches the client."""
    other = FixtureSite({"/robots.txt": ROBOTS, "/x.html": html(article("X", VI))})
    site = public_site()
    with other, site:
        port = site.url.rsplit(":", 1)[1]
        outside = [other.url + "/x.html", "/tin/private/a.html", "/the-thao/b.html", "file:///etc/passwd",
                   "javascript:alert(1)", "data:text/html,x", f"ftp://127.0.0.1:{port}/tin/f.html",
                   "mailto:toa-soan@example.vn", "http://10.0.0.1/tin/a.html", f"http://2130706433:{port}/tin/c.html",
                   f"//localhost:{port}/tin/d.html"]
        site.routes["/"] = html(listing("/tin/ok.html", *outside))
        site.routes["/sitemap.xml"] = (200, {"Content-Type": "application/xml"}, (
            "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            + "".join(f"<url><loc>{u if '://' in u or ':' in u else site.url + u}</loc></url>"
                      for u in [*outside, "/tin/map.html"]).replace("&", "&amp;")
            + "</urlset>").encode())
        for path in ("/tin/ok.html", "/tin/map.html"):
            site.routes[path] = html(article(path, VI))
        source = Source("s", [site.url + "/", site.url + "/sitemap.xml"], allow=["/tin/"], deny=["/private/"])
        stats, db, net = run([source], tmp_path)
    assert sorted(set(site.paths())) == ["/", "/robots.txt", "/sitemap.xml", "/tin/map.html", "/tin/ok.html"]
    assert other.paths() == []
    assert sorted(set(net.asked)) == sorted(site.url + p for p in
                                            ["/", "/robots.txt", "/sitemap.xml", "/tin/map.html", "/tin/ok.html"])
    assert stored(db) == ["map.html", "ok.html"]


def test_robots_txt_may_not_send_the_crawler_off_site(tmp_path):
    """A robots.txt redirected elsewhere is not followed (treated as absent), and its Sitemap:
    lines on other hosts or other schemes are never asked."""
    other = FixtureSite({"/robots.txt": ROBOTS, "/sitemap.xml": (200, {"Content-Type": "application/xml"}, b"")})
    site = public_site(**{"/": html(listing("/good.html"))})
    with other, site:
        site.routes["/robots.txt"] = (302, {"Location": other.url + "/robots.txt"}, b"")
        first, _, _ = run([Source("s", [site.url + "/"])], tmp_path / "a")
        site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"},
                                      f"User-agent: *\nAllow: /\nSitemap: {other.url}/sitemap.xml\n"
                                      f"Sitemap: file:///etc/passwd\nSitemap: http://10.0.0.1/sitemap.xml\n".encode())
        second, db, net = run([Source("s", [site.url + "/"])], tmp_path / "b")
    assert other.paths() == []
    assert all(u.startswith(site.url) for u in net.asked)
    assert first.pages_fetched == second.pages_fetched == 2


# -- start URLs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("start", ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,x",
                                   "ftp://127.0.0.1/pub/"])
def test_a_start_url_with_another_scheme_is_refused_logged_and_never_fetched(tmp_path, start):
    with public_site(**{"/": html(listing("/good.html"))}) as site:
        stats, db, net = run([Source("s", [start, site.url + "/"])], tmp_path)
    assert all(u.startswith(site.url) for u in net.asked)
    [(kind, url, _)] = logged(db)
    assert (kind, url) == ("bad_scheme", start)
    assert stats.errors_by_kind == {"bad_scheme": 1} and stats.per_source["s"]["errors"] == 1
    assert stored(db) == ["good.html"]  # the source's other start URL still crawled


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_source_whose_configured_host_is_loopback_may_fetch_from_it(tmp_path, host):
    """The tests and the bundled sample site live on 127.0.0.1; their own host is not refused
    (and not resolved: a resolver that knows nothing is never asked)."""
    dns = DNS({})
    with public_site(**{"/": html(listing("/good.html"))}) as site:
        stats, db, net = run([Source("s", [site.url.replace("127.0.0.1", host) + "/"])], tmp_path, dns=dns)
    assert stored(db) == ["good.html"] and logged(db) == [] and dns.asked == []


# -- what the run records -----------------------------------------------------------------------

def test_each_refusal_is_in_fetch_log_and_the_runs_counts_by_kind(tmp_path):
    other = FixtureSite({"/robots.txt": ROBOTS})
    site = public_site()
    with other, site:
        site.routes["/"] = html(listing("/a", "/b", "/c", "/d", "/good.html"))
        site.routes["/a"] = (302, {"Location": other.url + "/x"}, b"")
        site.routes["/b"] = (302, {"Location": "file:///etc/passwd"}, b"")
        site.routes["/c"] = (302, {"Location": "/private/x"}, b"")
        site.routes["/d"] = (302, {"Location": "ftp://127.0.0.1/x"}, b"")
        stats, db, net = run([Source("s", [site.url + "/"], deny=["/private/"])], tmp_path)
    want = {"off_site_redirect": 1, "bad_scheme": 2, "out_of_scope": 1}
    assert stats.errors_by_kind == want and stats.per_source["s"]["errors"] == 4
    assert sorted((k, u.rsplit("/", 1)[1]) for k, u, _ in logged(db)) == [
        ("bad_scheme", "b"), ("bad_scheme", "d"), ("off_site_redirect", "a"), ("out_of_scope", "c")]
    errors_by_kind, per_source = db.execute("SELECT errors_by_kind, per_source FROM crawl_runs").fetchone()
    assert json.loads(errors_by_kind) == want and json.loads(per_source)["s"]["errors"] == 4
    assert other.paths() == []


def test_a_fetch_without_a_source_stays_on_the_urls_own_host(tmp_path):
    other = FixtureSite({"/x": SECRET})
    site = public_site(**{"/go": (302, {"Location": "/good.html"}, b"")})
    with other, site:
        site.routes["/away"] = (302, {"Location": other.url + "/x"}, b"")
        fetcher = Fetcher(load_options(**FAST))
        try:
            assert fetcher.get(site.url + "/go").url == site.url + "/good.html"
            with pytest.raises(OffSiteRedirect):
                fetcher.get(site.url + "/away")
            with pytest.raises(BadScheme):
                fetcher.get("file:///etc/passwd")
        finally:
            fetcher.close()
    assert other.paths() == []


# -- the scope's rules, one URL at a time (no network) -------------------------------------------

def _kind(scope: Scope, url: str, *, redirect: bool = False) -> str:
    try:
        scope.check(url, redirect=redirect)
        scope.check_address(url)
    except OutOfScope as exc:
        return exc.kind
    return "ok"


_PUBLIC_SCOPE = Scope([f"https://{NEWS}/"], allow=["/tin-tuc/"], deny=["/tin-tuc/video/"],
                      seeds=[f"https://{NEWS}/"],
                      resolve=DNS({NEWS: [PUBLIC], f"www.{NEWS}": [PUBLIC], f"m.{NEWS}": [PUBLIC], "cdn.example.vn": [PUBLIC]}))


@pytest.mark.parametrize("url, redirect, kind", [
    (f"https://{NEWS}/", False, "ok"),                          # a seed, though allow does not match it
    (f"https://{NEWS}/tin-tuc/a.html", False, "ok"),
    (f"http://{NEWS}/tin-tuc/a.html", False, "ok"),             # http and https of the same host
    ("https://NEWS.EXAMPLE.VN./tin-tuc/a.html", False, "off_site"),  # a trailing dot is another host name
    (f"https://{NEWS}:8443/tin-tuc/a.html", False, "off_site"),
    (f"https://{NEWS}/the-thao/a.html", False, "out_of_scope"),
    (f"https://{NEWS}/tin-tuc/video/a.html", False, "out_of_scope"),
    ("https://cdn.example.vn/tin-tuc/a.html", True, "off_site_redirect"),
    (f"https://www.{NEWS}/tin-tuc/a.html", True, "ok"),          # the www. twin of the source's host
    (f"https://www.www.{NEWS}/tin-tuc/a.html", True, "off_site_redirect"),
    (f"https://m.www.{NEWS}/tin-tuc/a.html", True, "off_site_redirect"),
    (f"https://m.{NEWS}/tin-tuc/a.html", True, "ok"),            # its mobile twin
    (f"https://www.{NEWS}:8443/tin-tuc/a.html", True, "off_site_redirect"),
    ("https://www.example.vn/tin-tuc/a.html", True, "off_site_redirect"),  # the parent domain's twin
    (f"https://{NEWS}\\@evil.example/tin-tuc/", False, "off_site"),  # parsed as the client parses it
    ("http://127.0.0.1/tin-tuc/", True, "private_address"),
    ("http://[::1]/tin-tuc/", True, "private_address"),
    ("http://2130706433/tin-tuc/", True, "private_address"),
    ("http://0x7f000001/tin-tuc/", True, "private_address"),
    ("http://0300.0250.1/tin-tuc/", True, "private_address"),  # 192.168.0.1 in octal, short form
    ("http://[fe80::1%25eth0]/tin-tuc/", True, "private_address"),
    ("http://93.184.216.34/tin-tuc/", True, "off_site_redirect"),  # public, but not the source's
    ("file:///etc/passwd", False, "bad_scheme"),
    ("javascript:alert(1)", True, "bad_scheme"),
    ("data:text/html,x", False, "bad_scheme"),
    ("ftp://news.example.vn/tin-tuc/", False, "bad_scheme"),
    ("/tin-tuc/relative", False, "bad_scheme"),
    ("http://[::1/", True, "bad_url"),
])
def test_a_public_scope_classifies_urls(url, redirect, kind):
    assert _kind(_PUBLIC_SCOPE, url, redirect=redirect) == kind


def test_a_scope_configured_with_www_takes_the_bare_host_as_its_twin():
    scope = Scope([f"https://www.{NEWS}/"], resolve=DNS({NEWS: [PUBLIC], f"www.{NEWS}": [PUBLIC]}))
    assert _kind(scope, f"https://{NEWS}/a") == "ok" and _kind(scope, f"https://www.{NEWS}/a") == "ok"
    assert _kind(scope, "https://example.vn/a") == "off_site"


def test_ip_addresses_and_localhost_have_no_www_twin():
    for host in ("127.0.0.1:8000", "localhost:8000"):
        scope = Scope([f"http://{host}/"], resolve=DNS({}))
        for twin in ("www.", "m."):
            assert _kind(scope, f"http://{twin}{host}/a", redirect=True) == "off_site_redirect"


def test_a_redirect_to_the_www_twin_is_followed_and_both_hosts_are_paced_as_one_server(tmp_path):
    """A site that moves from news.example.vn to www.news.example.vn (a redirect, then links to
    the twin): crawled, and never asked faster than one request per delay across the twins."""
    www = f"www.{NEWS}"
    with public_site() as site:
        port = site.url.rsplit(":", 1)[1]
        site.routes["/"] = (301, {"Location": f"http://{www}:{port}/home"}, b"")
        site.routes["/home"] = html(listing(*(f"http://{host}:{port}/a{i}.html" for i, host
                                              in enumerate([www, NEWS, www, NEWS]))))
        for i in range(4):
            site.routes[f"/a{i}.html"] = html(article(f"A{i}", VI + f" {i}"))
        stats, db, net = run([news_source(site)], tmp_path, dns=public_dns(**{"www_news_example_vn": [PUBLIC]}),
                             names=(NEWS, www), delay=0.3, concurrency=4)
    assert stored(db) == ["a0.html", "a1.html", "a2.html", "a3.html"]
    assert {u.split("/")[2].rsplit(":", 1)[0] for u in net.asked} == {NEWS, www}
    assert [k for k, _, _ in logged(db)] == []
    starts = sorted(h.at for h in site.hits if h.path != "/robots.txt")
    assert len(starts) >= 4
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.25   # delay 0.3 s, less clock slack


def test_a_page_linked_under_both_twin_hosts_is_stored_once_and_fetched_once(tmp_path):
    www = f"www.{NEWS}"
    with public_site() as site:
        port = site.url.rsplit(":", 1)[1]
        site.routes["/"] = html(listing(f"http://{www}:{port}/a.html", f"http://{NEWS}:{port}/a.html"))
        site.routes["/a.html"] = html(article("A", VI))   # no canonical link
        _, db, net = run([news_source(site)], tmp_path, dns=public_dns(**{"www_news_example_vn": [PUBLIC]}),
                         names=(NEWS, www))
    assert stored(db) == ["a.html"]
    assert [u for u in net.asked if u.endswith("/a.html")] == [f"http://{www}:{port}/a.html"]


def test_a_local_scope_fetches_its_own_host_but_calls_other_loopback_ports_off_site():
    scope = Scope(["http://127.0.0.1:8000/"], resolve=DNS({}))
    assert _kind(scope, "http://127.0.0.1:8000/a") == "ok"
    assert _kind(scope, "http://127.0.0.1:8001/a", redirect=True) == "off_site_redirect"
    assert _kind(scope, "http://10.0.0.1/a", redirect=True) == "off_site_redirect"
    assert not scope.public and _PUBLIC_SCOPE.public


@pytest.mark.parametrize("host, address", [("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"),
                                           ("017700000001", "127.0.0.1"), ("127.1", "127.0.0.1"),
                                           ("[::1]", "::1"), ("fe80::1%eth0", "fe80::1"), ("10.0.0.1.", "10.0.0.1"),
                                           ("news.example.vn", None), ("deadbeef", None)])
def test_ip_literals_are_read_in_every_form_the_resolver_accepts(host, address):
    ip = ip_literal(host)
    assert (str(ip) if ip else None) == address


@pytest.mark.parametrize("address, public", [
    ("93.184.216.34", True), ("2606:2800:220:1::", True), ("64:ff9b::5db8:d822", True),  # NAT64 of a public one
    ("127.0.0.1", False), ("10.1.2.3", False), ("100.64.0.1", False), ("169.254.169.254", False),
    ("0.0.0.0", False), ("224.0.0.1", False), ("255.255.255.255", False), ("198.18.0.1", False),
    ("::1", False), ("::", False), ("::ffff:127.0.0.1", False), ("64:ff9b::7f00:1", False),
    ("2002:7f00:1::", False), ("2002:a00:1::", False), ("fc00::1", False), ("fe80::1", False),
    ("ff02::1", False), ("2001:db8::1", False),
])
def test_only_global_unicast_addresses_count_as_public(address, public):
    from ipaddress import ip_address
    assert is_public(ip_address(address)) is public
