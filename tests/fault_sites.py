"""Helpers for the crawler fault tests: a crawl run on a site, what it stored and logged, and
RawSite, which writes bytes by hand for what FixtureSite cannot say (resets, lying lengths,
endless bodies)."""
from __future__ import annotations

import gc
import socket
import threading
import time

import pytest

from corpus.crawl_store import SqliteCrawlStore
from corpus.db import open_db
from crawler.crawl import crawl
from crawler.settings import load_options
from crawler.sources import Source
from fixture_sites import article, html, listing

FAST = dict(delay=0.0, backoff=0.01, retries=2, max_retry_after=0.5, timeout=5.0)
VI = "Ban Chỉ đạo tỉnh họp về chuyển đổi số, khoa học và công nghệ."


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


@pytest.fixture(autouse=True, scope="module")
def _collect_our_garbage():
    """These faults leave big cyclic trees behind (a 5000-deep page parsed twice, sockets,
    databases): collected here, not in the middle of a later module's timed test."""
    yield
    gc.collect()
