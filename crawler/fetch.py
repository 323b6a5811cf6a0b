"""HTTP fetching with manners: robots, pacing, retries with backoff, size cap, validators."""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

from crawler.errors import FetchError, HTTPStatusError, NotHTML, RobotsDisallowed, TooLarge
from crawler.politeness import HostPacer
from crawler.robots import RobotsCache
from crawler.settings import CrawlOptions
from crawler.urls import host_of

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
    """One per run. Counts requests against the run's budget."""

    def __init__(self, options: CrawlOptions, client: httpx.Client | None = None):
        self.options = options
        self.client = client or httpx.Client(
            headers={"User-Agent": options.user_agent}, timeout=options.timeout, follow_redirects=False,
        )
        self.pacer = HostPacer(options.delay)
        self.requests = 0
        self.robots = RobotsCache(options.user_agent, self._robots_text)

    def close(self) -> None:
        self.client.close()

    @property
    def budget_left(self) -> int:
        return self.options.budget - self.requests

    def _robots_text(self, url: str) -> str | None:
        try:
            resp = self._request(url, check_robots=False)
        except FetchError:
            return None
        if resp.status >= 400:
            return None
        return resp.body.decode("utf-8", errors="replace")

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET with redirects followed by hand (each hop checked against robots and the limit)."""
        return self._request(url, etag=etag, last_modified=last_modified)

    def _request(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                 check_robots: bool = True) -> Response:
        seen: list[str] = []
        current = url
        while True:
            if check_robots and self.options.obey_robots:
                if not self.robots.allowed(current):
                    raise RobotsDisallowed(f"robots.txt disallows {current}")
                cd = self.robots.crawl_delay(current)
                if cd:
                    self.pacer.set_delay(host_of(current), float(cd))
            resp = self._with_retries(current, etag, last_modified)
            if resp.status in (301, 302, 303, 307, 308) and "location" in resp.headers:
                nxt = str(httpx.URL(current).join(resp.headers["location"]))
                if nxt in seen or nxt == current:
                    raise FetchError(f"redirect loop at {current}")
                seen.append(current)
                if len(seen) > self.options.max_redirects:
                    raise FetchError(f"too many redirects from {url}")
                current = nxt
                continue
            resp.redirects = seen
            return resp

    def _with_retries(self, url: str, etag: str | None, last_modified: str | None) -> Response:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = host_of(url)
        attempt = 0
        while True:
            if self.requests >= self.options.budget:
                raise FetchError("request budget of this run exhausted")
            self.pacer.wait(host)
            self.requests += 1
            try:
                resp = self._once(url, headers)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if attempt >= self.options.retries:
                    raise FetchError(f"{type(exc).__name__} fetching {url}") from None
                self._backoff(attempt)
                attempt += 1
                continue
            if resp.status in _RETRY_STATUS and attempt < self.options.retries:
                wait = _retry_after(resp.headers.get("retry-after"))
                if wait is not None:
                    self.pacer.hold_off(host, min(wait, self.options.max_retry_after))
                else:
                    self._backoff(attempt)
                attempt += 1
                continue
            return resp

    def _backoff(self, attempt: int) -> None:
        base = self.options.backoff * (2 ** attempt)
        time.sleep(base * (0.5 + random.random()))

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        with self.client.stream("GET", url, headers=headers) as r:
            h = {k.lower(): v for k, v in r.headers.items()}
            if r.status_code == 304:
                return Response(url, 304, h, not_modified=True)
            if r.status_code >= 300:
                r.close()
                return Response(url, r.status_code, h)
            declared = int(h.get("content-length") or 0)
            if declared > self.options.max_bytes:
                raise TooLarge(f"{url}: {declared} bytes is over the cap of {self.options.max_bytes}")
            ctype = h.get("content-type", "").split(";")[0].strip().lower()
            if ctype and not ctype.startswith(_TEXT_TYPES) and not ctype.endswith("+xml"):
                raise NotHTML(f"{url}: content type {ctype} is not a page")
            chunks, size = [], 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > self.options.max_bytes:
                    raise TooLarge(f"{url}: body over the cap of {self.options.max_bytes} bytes")
                chunks.append(chunk)
            return Response(url, r.status_code, h, b"".join(chunks))


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
