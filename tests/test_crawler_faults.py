"""The crawler against a hostile or broken web: every fault on a real server on 127.0.0.1.

Each test names the promise, provokes the fault, and checks it with what the server saw (its
hits) and what the store holds (articles, fetch_log). FixtureSite serves what HTTP can say;
RawSite below writes bytes by hand for what it cannot (resets, lying lengths, endless bodies).
"""
from __future__ import annotations

import gc
import gzip
import socket
import struct
import threading
import time
import tracemalloc
import unicodedata
import zlib

import pytest

from corpus.crawl_store import SqliteCrawlStore
from corpus.db import open_db
from crawler.crawl import crawl
from crawler.settings import load_options
from crawler.sources import Source
from fixture_sites import FixtureSite, article, html, listing

FAST = dict(delay=0.0, backoff=0.01, retries=2, max_retry_after=0.5, timeout=5.0)
VI = "Ban Chỉ đạo tỉnh họp về chuyển đổi số, khoa học và công nghệ."


@pytest.fixture(autouse=True, scope="module")
def _collect_our_garbage():
    """These faults leave big cyclic trees behind (a 5000-deep page parsed twice, sockets,
    databases): collected here, not in the middle of a later module's timed test."""
    yield
    gc.collect()


def run(site, tmp_path, start: str = "/", **opts):
    """Crawl ``site`` from ``start``; (stats, db, seconds taken)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    db = open_db(tmp_path / "c.db")
    source = Source(name="t", start_urls=[site.url + start])
    started = time.monotonic()
    stats = crawl([source], SqliteCrawlStore(db), load_options(**{**FAST, **opts}))
    return stats, db, time.monotonic() - started


def robots(body: str = "User-agent: *\nAllow: /\n"):
    return 200, {"Content-Type": "text/plain"}, body.encode()


def stored(db) -> dict[str, str]:
    """url path -> stored text of every article."""
    return {url.split("/", 3)[3]: text for url, text in db.execute("select url, text from articles")}


def failures(db) -> dict[str, tuple[str, int | None, str]]:
    """url path -> (kind, http_status, error) of every logged failure."""
    return {url.split("/", 3)[3]: (kind, status, err)
            for url, kind, status, err in db.execute("select url, kind, http_status, error from fetch_log")}


def site_with(bad_path: str, bad_route, **more) -> dict:
    """robots, a listing linking the bad page and a good article, the good article."""
    return {"/robots.txt": robots(), "/": html(listing(bad_path, "/good.html")), bad_path: bad_route,
            "/good.html": html(article("G", VI + " tốt " * 50)), **more}


def assert_went_on(db) -> None:
    """The crawl did not stop at the fault: the good article after it is stored."""
    assert "good.html" in stored(db)


# -- a hand-written server for faults FixtureSite cannot express -------------------------------

def raw_reply(status: int, headers: dict[str, str], body: bytes, *, length: bool = True) -> bytes:
    head = [f"HTTP/1.1 {status} X", "Connection: close", *(f"{k}: {v}" for k, v in headers.items())]
    if length:
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


class RawSite:
    """HTTP/1.1 by hand on 127.0.0.1: ``routes[path]`` is the raw response bytes, or
    ``handler(site, conn, nth)`` that writes what it likes to the socket (or nothing). Records
    every request's path in ``hits`` and what handlers report in ``sent``."""

    def __init__(self, routes: dict):
        self.routes = dict(routes)
        self.hits: list[str] = []
        self.sent: dict[str, int] = {}
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.05)
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self._sock.getsockname()[1]

    def __enter__(self) -> "RawSite":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self._thread.join(5)
        self._sock.close()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            data = b""
            while b"\r\n\r\n" not in data and len(data) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            path = data.split(b" ", 2)[1].decode("latin-1")
            with self._lock:
                self.hits.append(path)
                nth = self.hits.count(path)
            route = self.routes.get(path, raw_reply(404, {"Content-Type": "text/plain"}, b"missing"))
            if callable(route):
                route(self, conn, nth)
            else:
                conn.sendall(route)
        except OSError:
            pass
        finally:
            conn.close()

    def count(self, path: str) -> int:
        with self._lock:
            return self.hits.count(path)


def raw_site_with(bad_path: str, handler, **more) -> dict:
    good = article("G", VI + " tốt " * 50).encode()
    return {"/robots.txt": raw_reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
            "/": raw_reply(200, {"Content-Type": "text/html; charset=utf-8"}, listing(bad_path, "/good.html").encode()),
            bad_path: handler,
            "/good.html": raw_reply(200, {"Content-Type": "text/html; charset=utf-8"}, good), **more}


def stream_until_refused(site: RawSite, conn: socket.socket, path: str, head: bytes, piece: bytes,
                         limit: int = 50_000_000) -> None:
    """Send ``head`` then ``piece`` again and again (up to ``limit`` bytes) until the client hangs
    up; ``site.sent[path]`` is how much body the client let the server send."""
    conn.sendall(head)
    sent = 0
    try:
        while sent < limit and not site.stopping.is_set():
            conn.sendall(piece)
            sent += len(piece)
    except OSError:
        pass
    site.sent[path] = sent


# -- timeouts and dropped connections -----------------------------------------------------------

def test_a_read_timeout_is_retried_then_logged_as_timeout_and_the_crawl_goes_on(tmp_path):
    def slow(hit, nth):
        time.sleep(1.0)  # longer than the 0.3 s timeout
        return html(article("S", VI))
    with FixtureSite(site_with("/slow.html", slow)) as site:
        stats, db, took = run(site, tmp_path, timeout=0.3, retries=1)
    assert site.paths().count("/slow.html") == 2  # first try + 1 retry
    assert failures(db)["slow.html"][0] == "timeout"
    assert "slow.html" not in stored(db)
    assert_went_on(db)
    assert took < 5


def test_a_body_trickled_slower_than_the_timeout_is_cut_off_at_the_timeout(tmp_path):
    """timeout is per request (settings.yml), not per read: a server sending a few bytes every
    0.1 s never trips a read timeout but must not hold the crawler for minutes."""
    def trickle(site, conn, nth):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>")
        ends = time.monotonic() + 6
        while time.monotonic() < ends and not site.stopping.is_set():
            conn.sendall(b"<p>slow</p>")
            time.sleep(0.1)
    with RawSite(raw_site_with("/trickle.html", trickle)) as site:
        stats, db, took = run(site, tmp_path, timeout=0.5, retries=0)
    assert site.count("/trickle.html") == 1
    assert failures(db)["trickle.html"][0] == "timeout"
    assert took < 3  # without a per-request deadline this takes the server's full 6 s
    assert_went_on(db)


@pytest.mark.parametrize("how", ["close", "reset"])
def test_a_connection_dropped_without_an_answer_is_retried_then_logged(tmp_path, how):
    def drop(site, conn, nth):
        if how == "reset":  # RST instead of FIN
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
    with RawSite(raw_site_with("/drop.html", drop)) as site:
        stats, db, _ = run(site, tmp_path, retries=2)
    assert site.count("/drop.html") == 3  # first try + 2 retries
    kind, status, _ = failures(db)["drop.html"]
    assert kind == "connection" and status is None
    assert_went_on(db)


# -- HTTP status codes --------------------------------------------------------------------------

@pytest.mark.parametrize("status", [404, 410])
def test_gone_pages_are_asked_once_and_logged(tmp_path, status):
    with FixtureSite(site_with("/gone.html", (status, {"Content-Type": "text/html"}, b"gone"))) as site:
        stats, db, _ = run(site, tmp_path, retries=3)
    assert site.paths().count("/gone.html") == 1
    assert failures(db)["gone.html"][:2] == ("http_status", status)
    assert_went_on(db)


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_retried_retries_times_then_logged(tmp_path, status):
    with FixtureSite(site_with("/busy.html", (status, {"Content-Type": "text/html"}, b"busy"))) as site:
        stats, db, _ = run(site, tmp_path, retries=2)
    assert site.paths().count("/busy.html") == 3
    assert failures(db)["busy.html"][:2] == ("http_status", status)
    assert_went_on(db)


def test_a_huge_retry_after_is_capped_by_max_retry_after(tmp_path):
    route = (503, {"Content-Type": "text/html", "Retry-After": "3600"}, b"come back in an hour")
    with FixtureSite(site_with("/busy.html", route)) as site:
        stats, db, took = run(site, tmp_path, retries=1, max_retry_after=0.2)
    hits = [h.at for h in site.hits if h.path == "/busy.html"]
    assert len(hits) == 2 and 0.18 <= hits[1] - hits[0] < 2
    assert_went_on(db)


def test_a_failing_url_containing_the_word_budget_does_not_stop_the_crawl(tmp_path):
    """Only errors.BudgetExhausted stops a run, not any error whose text says "budget"."""
    with FixtureSite(site_with("/ngan-sach-budget-2025.html", (404, {}, b"gone"))) as site:
        stats, db, _ = run(site, tmp_path, retries=0)
    assert site.paths().count("/ngan-sach-budget-2025.html") == 1
    assert stats.interrupted is None
    assert_went_on(db)


# -- redirects ----------------------------------------------------------------------------------

def _chain(n: int, end: str = "/end.html") -> dict:
    return {f"/r{i}": (302, {"Location": f"/r{i + 1}" if i + 1 < n else end}, b"") for i in range(n)}


def test_a_redirect_chain_within_max_redirects_is_followed(tmp_path):
    routes = {**site_with("/r0", None), **_chain(3), "/end.html": html(article("E", VI + " cuối " * 50))}
    with FixtureSite(routes) as site:
        stats, db, _ = run(site, tmp_path, max_redirects=3)
    assert [p for p in site.paths() if p.startswith(("/r", "/end")) and p != "/robots.txt"] == [
        "/r0", "/r1", "/r2", "/end.html"]
    assert "end.html" in stored(db)
    assert_went_on(db)


def test_a_redirect_chain_longer_than_max_redirects_is_refused_and_logged(tmp_path):
    routes = {**site_with("/r0", None), **_chain(10), "/end.html": html(article("E", VI))}
    with FixtureSite(routes) as site:
        stats, db, _ = run(site, tmp_path, max_redirects=3, retries=2)
    asked = [p for p in site.paths() if p.startswith(("/r", "/end")) and p != "/robots.txt"]
    assert asked == ["/r0", "/r1", "/r2", "/r3"]  # 3 redirects followed, the 4th refused
    kind, _, error = failures(db)["r0"]
    assert "redirect" in error
    assert "end.html" not in stored(db)
    assert_went_on(db)


def test_a_redirect_loop_is_refused_and_each_url_is_asked_a_bounded_number_of_times(tmp_path):
    routes = {"/robots.txt": robots(), "/": html(listing("/a", "/b", "/self", "/good.html")),
              "/a": (302, {"Location": "/b"}, b""), "/b": (301, {"Location": "/a"}, b""),
              "/self": (307, {"Location": "/self"}, b""),
              "/good.html": html(article("G", VI + " tốt " * 50))}
    with FixtureSite(routes) as site:
        stats, db, _ = run(site, tmp_path, retries=3, max_redirects=10)
    paths = site.paths()
    # /a is asked once as a page and once as /b's target (and the same for /b); no retries
    assert 1 <= paths.count("/a") <= 2 and 1 <= paths.count("/b") <= 2 and paths.count("/self") == 1
    logged = failures(db)
    assert all("redirect" in logged[p][2] for p in ("a", "b", "self"))
    assert_went_on(db)


# -- size cap -----------------------------------------------------------------------------------

def test_a_declared_content_length_over_max_bytes_is_refused_unread(tmp_path):
    """The server sends the headers (50 MB declared), then waits: the client must hang up on
    the headers alone, before a byte of body is sent."""
    def huge(site, conn, nth):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 50000000\r\n\r\n")
        conn.settimeout(2)
        try:
            site.sent["hung up on the headers"] = conn.recv(1) == b""
        except OSError:  # timeout (still waiting for the body) or reset
            site.sent["hung up on the headers"] = False
        if not site.sent["hung up on the headers"]:
            stream_until_refused(site, conn, "/big.html", b"", b"x" * 0x10000)

    with RawSite(raw_site_with("/big.html", huge)) as site:
        stats, db, _ = run(site, tmp_path, max_bytes=5000, retries=2)
    assert site.count("/big.html") == 1  # refused, not retried
    assert site.sent["hung up on the headers"] is True
    assert failures(db)["big.html"][0] == "too_large"
    assert "big.html" not in stored(db)
    assert_went_on(db)


@pytest.mark.parametrize("framing", ["close-delimited", "chunked", "content-length-lies-low"])
def test_a_body_over_max_bytes_without_an_honest_length_is_cut_off(tmp_path, framing):
    """The server offers 50 MB; the client must stop reading at max_bytes (or at the declared
    length) and hang up, so the server manages to send only a fraction."""
    page = article("Big", VI + " lớn " * 100).encode()

    def endless(site, conn, nth):
        if framing == "chunked":
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
            piece = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
        elif framing == "close-delimited":
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
            piece = b"x" * 0x10000
        else:  # says 300 bytes, sends the page and then 50 MB more
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 300\r\n\r\n" + page
            piece = b"x" * 0x10000
        stream_until_refused(site, conn, "/big.html", head, piece)

    with RawSite(raw_site_with("/big.html", endless)) as site:
        stats, db, _ = run(site, tmp_path, max_bytes=20_000, retries=2)
        deadline = time.monotonic() + 5
        while "/big.html" not in site.sent and time.monotonic() < deadline:
            time.sleep(0.02)
    assert site.count("/big.html") == 1
    assert site.sent["/big.html"] < 20_000_000  # the client hung up long before 50 MB
    if framing == "content-length-lies-low":
        # by HTTP the 300 declared bytes are the response, and all the client read of it
        assert len(stored(db).get("big.html", "").encode()) <= 300
    else:
        assert failures(db)["big.html"][0] == "too_large"
        assert "big.html" not in stored(db)
    assert all(len(t.encode()) <= 20_000 for t in stored(db).values())
    assert_went_on(db)


def test_a_body_shorter_than_its_content_length_is_retried_and_not_stored(tmp_path):
    page = article("Cut", VI + " cụt " * 100).encode()
    def truncated(site, conn, nth):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
                     % (len(page) * 2) + page)
    with RawSite(raw_site_with("/cut.html", truncated)) as site:
        stats, db, _ = run(site, tmp_path, retries=1)
    assert site.count("/cut.html") == 2
    assert failures(db)["cut.html"][0] == "connection"
    assert "cut.html" not in stored(db)
    assert_went_on(db)


# -- content types ------------------------------------------------------------------------------

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40


@pytest.mark.parametrize("headers, body", [
    ({"Content-Type": "application/pdf"}, b"%PDF-1.4\n" + VI.encode() * 50 + b"\n%%EOF"),
    ({"Content-Type": "image/jpeg"}, JPEG),
    ({}, JPEG),  # no Content-Type at all
], ids=["pdf", "jpeg", "untyped-binary"])
def test_non_html_linked_from_a_listing_is_not_stored_as_an_article(tmp_path, headers, body):
    with FixtureSite(site_with("/file", (200, headers, body))) as site:
        stats, db, _ = run(site, tmp_path, retries=2)
    assert site.paths().count("/file") == 1
    assert "file" not in stored(db)
    if headers:
        assert failures(db)["file"][0] == "not_html"
    assert_went_on(db)


# -- malformed HTML -----------------------------------------------------------------------------

HEAD = "<html lang=vi><head><title>T</title><meta property='og:type' content='article'></head><body>"
MALFORMED = {
    "unclosed-tags": (HEAD + "<div class='article-body'><p>" + VI + "<p>tiếp <b>đậm <i>nghiêng <table><tr><td>ô"
                      " <a href='/x.html'>liên kết <div><span><ul><li>mục").encode(),
    "5000-nested-divs": (HEAD + "<div>" * 5000 + "<div class='article-body'><p>" + VI + "</p></div>"
                         + "</div>" * 4000).encode(),
    "stray-bytes": (HEAD + "<div class='article-body'><p>").encode() + b"\x00\xff\xfe\x81\x1b\xe1\xbb"
                   + f"{VI} {VI}</p><p>".encode() + b"\x80\xc0\x00" + f"{VI}</p></div>".encode(),
    "unterminated-comment-and-attribute": (HEAD + "<div class='article-body'><p>" + VI
                                           + "</p></div><a href='/y.html <!-- never closed").encode(),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_html_does_not_crash_and_its_article_text_is_stored(tmp_path, name):
    route = (200, {"Content-Type": "text/html; charset=utf-8"}, MALFORMED[name])
    with FixtureSite(site_with("/bad.html", route)) as site:
        stats, db, _ = run(site, tmp_path)
    assert site.paths().count("/bad.html") == 1
    assert VI in stored(db)["bad.html"]
    assert_went_on(db)


def test_binary_garbage_labelled_html_does_not_crash_and_stores_nothing(tmp_path):
    junk = bytes((i * 7919 + 13) % 256 for i in range(50_000))
    with FixtureSite(site_with("/junk.html", (200, {"Content-Type": "text/html"}, junk))) as site:
        stats, db, _ = run(site, tmp_path)
    assert site.paths().count("/junk.html") == 1
    assert "junk.html" not in stored(db)
    assert_went_on(db)


# -- charsets -----------------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # the five tone marks windows-1258 has as combining bytes


def _to_cp1258(s: str) -> bytes:
    """windows-1258 as Vietnamese pages use it: â ê ô ă ơ ư đ precomposed, tones combining."""
    out = []
    for ch in unicodedata.normalize("NFC", s):
        try:
            ch.encode("windows-1258")
            out.append(ch)
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", ch)
            out.append(unicodedata.normalize("NFC", "".join(c for c in marks if c not in _TONES))
                       + "".join(c for c in marks if c in _TONES))
    return "".join(out).encode("windows-1258")


def test_utf8_vietnamese_with_no_charset_declared_anywhere_is_decoded(tmp_path):
    page = article("Họp Ban Chỉ đạo", VI + " " + VI).encode("utf-8")
    assert b"charset" not in page
    with FixtureSite(site_with("/a.html", (200, {"Content-Type": "text/html"}, page))) as site:
        _, db, _ = run(site, tmp_path)
    assert VI in stored(db)["a.html"]


@pytest.mark.parametrize("meta", ["<meta charset='windows-1258'>",
                                  "<meta http-equiv='Content-Type' content='text/html; charset=windows-1258'>"])
def test_windows_1258_declared_only_in_a_meta_tag_is_decoded_to_nfc(tmp_path, meta):
    page = article("Họp", VI + " " + VI).replace("<head>", "<head>" + meta)
    body = _to_cp1258(page)
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    with FixtureSite(site_with("/a.html", (200, {"Content-Type": "text/html"}, body))) as site:
        _, db, _ = run(site, tmp_path)
    # precomposed, as the same text served in UTF-8 would be: a search for the words finds it
    assert VI in stored(db)["a.html"]


# -- compression --------------------------------------------------------------------------------

def _deflate(data: bytes, wbits: int) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return c.compress(data) + c.flush()


@pytest.mark.parametrize("encoding, wbits", [("gzip", 31), ("deflate", 15), ("deflate", -15)],
                         ids=["gzip", "deflate-zlib", "deflate-raw"])
def test_a_compressed_page_is_decoded(tmp_path, encoding, wbits):
    page = article("Nén", VI + " " + VI).encode("utf-8")
    route = (200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding}, _deflate(page, wbits))
    with FixtureSite(site_with("/z.html", route)) as site:
        _, db, _ = run(site, tmp_path)
    assert VI in stored(db)["z.html"]
    assert "gzip" in site.hits[-1].headers.get("accept-encoding", "")


def _gzip_of_zeros(n: int) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    mb = bytes(1_000_000)
    return b"".join(c.compress(mb) for _ in range(n // 1_000_000)) + c.flush()


def test_a_gzip_bomb_is_cut_off_at_max_bytes_without_inflating_it_in_memory(tmp_path):
    bomb = _gzip_of_zeros(50_000_000)  # ~50 KB on the wire, 50 MB inflated
    assert len(bomb) < 100_000
    route = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    # a first crawl imports modules and loads parser data (trafilatura's stoplists alone are
    # ~40 MB) on first use: done before measuring, so the peak is the bomb's
    with FixtureSite(site_with("/other.html", html(listing("/good.html")))) as warm:
        run(warm, tmp_path / "warm-up")
    with FixtureSite(site_with("/bomb.html", route)) as site:
        tracemalloc.start()
        try:
            stats, db, _ = run(site, tmp_path, max_bytes=1_000_000, retries=2)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert site.paths().count("/bomb.html") == 1
    assert failures(db)["bomb.html"][0] == "too_large"
    assert "bomb.html" not in stored(db)
    assert peak < 12_000_000, f"peak Python memory {peak / 1e6:.0f} MB for a 1 MB cap"
    assert_went_on(db)


def test_a_corrupt_gzip_body_is_logged_and_the_crawl_goes_on(tmp_path):
    route = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, b"\x1f\x8b\x08\x00this is not gzip" * 20)
    with FixtureSite(site_with("/broken.html", route)) as site:
        stats, db, _ = run(site, tmp_path, retries=2)
    assert site.paths().count("/broken.html") == 1  # the same bytes would come back: no retry
    assert "broken.html" in failures(db)
    assert_went_on(db)


@pytest.mark.parametrize("body", [b"\x1f\x8b\x08\x00garbage after the gzip magic" * 10,
                                  _gzip_of_zeros(60_000_000)], ids=["corrupt", "inflates-past-cap"])
def test_a_bad_gzipped_sitemap_is_logged_and_the_crawl_goes_on(tmp_path, body):
    with FixtureSite() as site:
        site.routes.update({
            "/robots.txt": robots(f"User-agent: *\nSitemap: {site.url}/sitemap.xml.gz\n"),
            "/sitemap.xml.gz": (200, {"Content-Type": "application/x-gzip"}, body),
            "/": html(listing("/good.html")), "/good.html": html(article("G", VI + " tốt " * 50)),
        })
        stats, db, _ = run(site, tmp_path)
    assert site.paths().count("/sitemap.xml.gz") == 1
    assert "sitemap.xml.gz" in failures(db)
    assert_went_on(db)


def test_gzip_body_of_a_sitemap_served_as_a_file_is_decoded(tmp_path):
    with FixtureSite() as site:
        urlset = (f"<urlset><url><loc>{site.url}/good.html</loc></url></urlset>").encode()
        site.routes.update({
            "/robots.txt": robots(),
            "/sitemap.xml.gz": (200, {"Content-Type": "application/x-gzip"}, gzip.compress(urlset)),
            "/good.html": html(article("G", VI + " tốt " * 50)),
        })
        stats, db, _ = run(site, tmp_path, start="/sitemap.xml.gz")
    assert_went_on(db)
