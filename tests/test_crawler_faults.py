"""The crawler against a broken network: timeouts, dropped connections, status codes,
redirects and size caps, each on a real server on 127.0.0.1 (content faults are in
test_crawler_content_faults.py). Each test provokes the fault and checks it with what the server
saw and what the store holds."""
from __future__ import annotations

import socket
import struct
import time

import pytest

from fixture_sites import FixtureSite, article, html, listing
from fault_sites import (  # noqa: F401  (_collect_our_garbage: an autouse fixture)
    VI, run, robots, stored, failures, site_with, assert_went_on, RawSite, raw_site_with, stream_until_refused, _collect_our_garbage,
)


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
