"""HTTP fetching with manners: robots, pacing, retries with backoff, size cap, validators."""
from __future__ import annotations

import random
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

from crawler.errors import (BadContentEncoding, BadURL, BudgetExhausted, ConnectionFailed, FetchError, HTTPStatusError,
                            NotHTML, RobotsDisallowed, TimedOut, TooLarge, Unresolvable)
from crawler.politeness import HostPacer
from crawler.robots import RobotsCache
from crawler.scope import Resolver, Scope, resolve_host
from crawler.settings import CrawlOptions
from crawler.urls import site_of

_RETRY_STATUS = {429, 500, 502, 503, 504}
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml",
               "application/rss+xml", "application/atom+xml", "text/plain", "application/x-gzip",
               "application/gzip")


@dataclass
class Response:
    url: str  # final URL after redirects
    status: int
    headers: dict[str, str]
    body: bytes = b""
    not_modified: bool = False
    redirects: list[str] = field(default_factory=list)


class Fetcher:
    """One per run. Counts requests against the run's budget. ``resolve`` is how host names
    become addresses for the scope's address check (tests point it at fixed answers)."""

    def __init__(self, options: CrawlOptions, client: httpx.Client | None = None,
                 resolve: Resolver = resolve_host):
        self.options = options
        self.resolve = resolve
        self.client = client or httpx.Client(
            headers={"User-Agent": options.user_agent}, timeout=options.timeout, follow_redirects=False,
        )
        hooks = self.client.event_hooks
        self.client.event_hooks = {**hooks, "response": [*hooks.get("response", []), _set_location_aside]}
        self.pacer = HostPacer(options.delay)
        self.requests = 0
        self._count_lock = threading.Lock()  # the crawl calls get() from several worker threads
        self.robots = RobotsCache(options.user_agent, self._robots_text)

    def close(self) -> None:
        self.client.close()

    @property
    def budget_left(self) -> int:
        return self.options.budget - self.requests

    def _robots_text(self, url: str, user_agent: str) -> str | None:
        opts = (self.options if user_agent == self.options.user_agent
                else self.options.with_overrides(user_agent=user_agent))
        try:  # robots.txt and its redirects stay on the host it is for
            resp = self._request(url, Scope.around(url, self.resolve), check_robots=False, options=opts)
        except FetchError:
            return None
        if resp.status >= 400:
            return None
        return resp.body.decode("utf-8", errors="replace")

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            scope: Scope | None = None, options: CrawlOptions | None = None) -> Response:
        """GET with redirects followed by hand, each hop checked against ``scope`` (by default
        ``url``'s own host), robots and the limit before it is requested. Raises ``OutOfScope``
        for a hop the scope refuses: it is never asked. ``options``: the source's own settings
        (its timeout, size cap and user agent), if not the run's."""
        return self._request(url, scope or Scope.around(url, self.resolve), etag=etag, last_modified=last_modified,
                             options=options or self.options)

    def _request(self, url: str, scope: Scope, *, etag: str | None = None, last_modified: str | None = None,
                 check_robots: bool = True, options: CrawlOptions | None = None) -> Response:
        opts = options or self.options
        seen: list[str] = []
        current = url
        while True:
            scope.check(current, redirect=bool(seen))
            if check_robots and self.options.obey_robots:
                if not self.robots.allowed(current, opts.user_agent):
                    raise RobotsDisallowed(f"robots.txt disallows {current}")
                cd = self.robots.crawl_delay(current, opts.user_agent)
                if cd:
                    self.pacer.set_delay(site_of(current), float(cd))
            resp = self._with_retries(current, scope, etag, last_modified, opts)
            if resp.status in (301, 302, 303, 307, 308) and "location" in resp.headers:
                try:
                    nxt = str(httpx.URL(current).join(resp.headers["location"]))
                except (httpx.InvalidURL, ValueError) as exc:
                    raise BadURL(f"refused redirect from {current} to {resp.headers['location']!r}: {exc}",
                                 resp.headers["location"]) from None
                if nxt in seen or nxt == current:
                    raise FetchError(f"redirect loop at {current}")
                seen.append(current)
                if len(seen) > self.options.max_redirects:
                    raise FetchError(f"too many redirects from {url}")
                current = nxt
                continue
            resp.redirects = seen
            return resp

    def _with_retries(self, url: str, scope: Scope, etag: str | None, last_modified: str | None,
                      opts: CrawlOptions) -> Response:
        headers = {} if opts.user_agent == self.options.user_agent else {"User-Agent": opts.user_agent}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = site_of(url)   # twins (www.) are one server: paced as one
        attempt = 0
        while True:
            if self.requests >= self.options.budget:
                raise BudgetExhausted("request budget of this run exhausted")
            try:  # before each attempt: an address that changed since the last one is seen
                scope.check_address(url)
            except Unresolvable:
                if attempt >= self.options.retries:
                    raise
                self._backoff(attempt)
                attempt += 1
                continue
            self.pacer.wait(host)
            self._count_request()
            try:
                resp = self._once(url, headers, opts)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if attempt >= self.options.retries:
                    raise _failure(exc, url) from None
                self._backoff(attempt)
                attempt += 1
                continue
            finally:
                self.pacer.done(host)   # the delay also runs from the end of each request
            if resp.status in _RETRY_STATUS and attempt < self.options.retries:
                wait = _retry_after(resp.headers.get("retry-after"))
                if wait is not None:
                    self.pacer.hold_off(host, min(wait, self.options.max_retry_after))
                else:
                    self._backoff(attempt)
                attempt += 1
                continue
            return resp

    def _count_request(self) -> None:
        """One more request against the budget, counted under a lock: ``crawl`` runs ``get`` on
        several worker threads, and ``self.requests += 1`` is not atomic (lost counts would let a
        run go over its budget)."""
        with self._count_lock:
            if self.requests >= self.options.budget:
                raise BudgetExhausted("request budget of this run exhausted")
            self.requests += 1

    def _backoff(self, attempt: int) -> None:
        base = self.options.backoff * (2 ** attempt)
        time.sleep(base * (0.5 + random.random()))

    def _once(self, url: str, headers: dict[str, str], opts: CrawlOptions) -> Response:
        """One request. The body is read raw and inflated here, a bounded piece at a time, and
        the whole request must finish within ``timeout`` (not only each read)."""
        deadline = time.monotonic() + opts.timeout
        cap = opts.max_bytes
        with self.client.stream("GET", url, headers={**headers, "Accept-Encoding": _ACCEPT_ENCODING},
                                timeout=opts.timeout) as r:
            h = {k.lower(): v for k, v in r.headers.items()}
            if _LOCATION_ASIDE in h:
                h["location"] = h.pop(_LOCATION_ASIDE)
            if r.status_code == 304:
                return Response(url, 304, h, not_modified=True)
            if r.status_code >= 300:
                r.close()
                return Response(url, r.status_code, h)
            declared = int(h.get("content-length") or 0)
            if declared > cap:
                raise TooLarge(f"{url}: {declared} bytes is over the cap of {cap}")
            ctype = h.get("content-type", "").split(";")[0].strip().lower()
            if ctype and not ctype.startswith(_TEXT_TYPES) and not ctype.endswith("+xml"):
                raise NotHTML(f"{url}: content type {ctype} is not a page")
            inflate = _Inflater(h.get("content-encoding", ""), url)
            chunks, size = [], 0
            for raw in r.iter_raw():
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(f"{url}: no whole answer within {opts.timeout} s")
                chunk = inflate(raw, cap - size)
                size += len(chunk)
                if size > cap:
                    raise TooLarge(f"{url}: body over the cap of {cap} bytes")
                chunks.append(chunk)
            chunk = inflate.flush(cap - size)
            if size + len(chunk) > cap:
                raise TooLarge(f"{url}: body over the cap of {cap} bytes")
            chunks.append(chunk)
            return Response(url, r.status_code, h, b"".join(chunks))


_LOCATION_ASIDE = "x-fetcher-location"


def _set_location_aside(response: httpx.Response) -> None:
    """Hide a redirect's Location from httpx, which builds the next request from it even when it
    does not follow redirects, and raises on one it cannot build (``data:``, ``javascript:``, a
    malformed URL) before the fetcher sees the answer: the fetcher reads and checks it itself."""
    if "location" in response.headers:
        response.headers[_LOCATION_ASIDE] = response.headers.pop("location")


# Only what _Inflater can undo: a br or zstd body (httpx asks for them when their packages are
# installed) would be inflated by httpx whole, past the size cap.
_ACCEPT_ENCODING = "gzip, deflate"


class _Inflater:
    """Undoes Content-Encoding gzip / deflate, never producing more than ``room + 1`` bytes from
    one network read. httpx inflates each read whole before the caller sees it, so ~64 KB of a
    gzip bomb became ~64 MB in memory before the size cap could look at it (a 50 MB bomb peaked
    at 130 MB with a 1 MB cap). Other codings pass through unchanged, as httpx does."""

    def __init__(self, encoding: str, url: str):
        self.url = url
        self.coding = encoding.strip().lower()
        self._first = True
        if self.coding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.coding == "deflate":
            self._z = zlib.decompressobj()  # zlib-wrapped, as the RFC says; raw deflate below
        else:
            self._z = None

    def __call__(self, data: bytes, room: int) -> bytes:
        if self._z is None:
            return data
        try:
            out = self._inflate(data, room)
        except zlib.error as exc:
            if self.coding == "deflate" and self._first:  # servers that send raw deflate
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                self._first = False
                return self(data, room)
            raise BadContentEncoding(f"{self.url}: {self.coding} body does not inflate ({exc})") from None
        self._first = False
        return out

    def _inflate(self, data: bytes, room: int) -> bytes:
        out = b""
        while data:
            out += self._z.decompress(data, max(room - len(out), 0) + 1)
            if len(out) > room:
                break  # over the cap: the caller refuses the body
            data = self._z.unconsumed_tail
        return out

    def flush(self, room: int) -> bytes:
        if self._z is None:
            return b""
        try:
            return self._z.flush(max(room, 0) + 1)
        except zlib.error as exc:
            raise BadContentEncoding(f"{self.url}: {self.coding} body does not inflate ({exc})") from None


def _failure(exc: Exception, url: str) -> FetchError:
    """A transport failure that outlived its retries, as the kind of error it is."""
    if isinstance(exc, httpx.TimeoutException):
        return TimedOut(f"timed out fetching {url}")
    return ConnectionFailed(f"{type(exc).__name__} fetching {url}: {exc}")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def raise_for_status(resp: Response) -> None:
    if resp.status >= 400:
        raise HTTPStatusError(f"HTTP {resp.status} for {resp.url}", resp.status)
