"""The crawl loop: seeds → frontier → fetch → parse → store, one committed step at a time.

Every frontier change and every article is handed to the store as it happens, so a crawl
killed at any point resumes from the pending frontier on the next run.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from crawler.article import parse_page
from crawler.decode import decode_body
from crawler.discover import looks_like_sitemap, page_links, parse_sitemap
from crawler.errors import FetchError, RobotsDisallowed
from crawler.fetch import Fetcher, raise_for_status
from crawler.settings import CrawlOptions
from crawler.sources import Source
from crawler.store import CrawlStore, FetchedArticle, FrontierItem
from crawler.urls import host_of, normalise_url


@dataclass
class CrawlStats:
    requests: int = 0
    pages_fetched: int = 0
    not_modified: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    errors_by_kind: Counter = field(default_factory=Counter)
    per_source: dict[str, Counter] = field(default_factory=dict)
    interrupted: str | None = None

    @property
    def failed(self) -> bool:
        """A run fails when it fetched nothing at all and met errors."""
        return self.errors > 0 and self.pages_fetched == 0 and self.not_modified == 0

    def summary(self) -> dict[str, Any]:
        d = asdict(self)
        d["errors_by_kind"] = dict(self.errors_by_kind)
        d["per_source"] = {k: dict(v) for k, v in self.per_source.items()}
        d["status"] = "failed" if self.failed else ("interrupted" if self.interrupted else "ok")
        return d


class _BudgetSpent(Exception):
    pass


def crawl(sources: list[Source], store: CrawlStore, options: CrawlOptions, *,
          progress: Callable[[str, FrontierItem], Any] | None = None, refetch: bool = False,
          fetcher: Fetcher | None = None) -> CrawlStats:
    """Crawl every source once; returns what happened. Never raises for a page's failure."""
    stats = CrawlStats()
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(options)
    run_id = store.start_run()
    try:
        for source in sources:
            _crawl_source(source, store, options.with_overrides(**source.overrides), fetcher, stats,
                          run_id, progress, refetch)
    except _BudgetSpent:
        stats.interrupted = "request budget exhausted"
    except KeyboardInterrupt:
        stats.interrupted = "interrupted"
        raise
    finally:
        stats.requests = fetcher.requests
        store.end_run(run_id, stats.summary())
        if own_fetcher:
            fetcher.close()
    return stats


def _crawl_source(source, store, opts, fetcher, stats, run_id, progress, refetch) -> None:
    counts = stats.per_source.setdefault(source.name, Counter())
    store.register_source(source.name, source.as_config())
    for host in source.hosts:
        fetcher.pacer.set_delay(host, opts.delay)
    seeds = []
    for url in source.start_urls:
        u = normalise_url(url)
        seeds.append(FrontierItem(u, source.name, "sitemap" if looks_like_sitemap(u, "") else "listing", 0))
    for url in source.start_urls[:1]:
        if opts.obey_robots:
            for sm in fetcher.robots.sitemaps(url):
                u = normalise_url(sm)
                if u and host_of(u) in {host_of(s) for s in source.start_urls}:
                    seeds.append(FrontierItem(u, source.name, "sitemap", 0))
    store.frontier_add(seeds)
    store.frontier_revisit(source.name)
    fetched = 0
    while True:
        batch = store.frontier_pending(source.name, limit=50)
        if not batch:
            return
        for item in batch:
            if fetched >= opts.max_pages_per_source:
                return
            if fetcher.requests >= opts.budget:
                raise _BudgetSpent()
            if progress:
                progress("fetch", item)
            if item.kind in ("article", "page") and not refetch and store.article_known(item.url):
                store.frontier_mark(item.url, "done", kind="article")
                continue
            fetched += 1
            _process(item, source, store, opts, fetcher, stats, counts, run_id)


def _process(item, source, store, opts, fetcher, stats, counts, run_id) -> None:
    etag = last_modified = None
    if item.kind in ("sitemap", "listing"):
        etag, last_modified = store.frontier_validators(item.url)
    try:
        resp = fetcher.get(item.url, etag=etag, last_modified=last_modified)
        if resp.not_modified:
            stats.not_modified += 1
            counts["not_modified"] += 1
            store.frontier_mark(item.url, "done", http_status=304)
            return
        raise_for_status(resp)
    except RobotsDisallowed as exc:
        stats.skipped += 1
        store.frontier_mark(item.url, "skipped", error=str(exc))
        return
    except FetchError as exc:
        if "budget" in str(exc):
            raise _BudgetSpent() from None
        _fail(item, exc, getattr(exc, "status", None), store, stats, counts, run_id)
        return
    stats.pages_fetched += 1
    counts["pages_fetched"] += 1
    ctype = resp.headers.get("content-type", "")
    try:
        text = decode_body(resp.body, ctype)
    except ValueError as exc:
        _fail(item, FetchError(str(exc)), resp.status, store, stats, counts, run_id)
        return
    final = normalise_url(resp.url) or item.url
    validators = {"http_status": resp.status, "http_etag": resp.headers.get("etag"),
                  "http_last_modified": resp.headers.get("last-modified")}
    if item.kind == "sitemap" or looks_like_sitemap(final, ctype.lower()) and "html" not in ctype.lower():
        pages, children = parse_sitemap(text)
        _enqueue(store, source, [(u, "sitemap") for u in children] + [(u, "page") for u in pages],
                 item.depth + (0 if children else 1), opts, final)
        store.frontier_mark(item.url, "done", kind="sitemap", **validators)
        return
    parsed = parse_page(text, final, source.selectors)
    links, pages = page_links(text, final)
    if parsed.is_article and parsed.text:
        outcome = store.save_article(FetchedArticle(
            url=final, source=source.name, canonical_url=normalise_url(parsed.canonical_url or "", final),
            title=parsed.title, published=parsed.published, language=parsed.language or source.language,
            author=parsed.author, text=parsed.text, raw_html=text, http_status=resp.status,
            etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
        ))
        setattr(stats, outcome, getattr(stats, outcome) + 1)
        counts[outcome] += 1
        kind = "article"
    else:
        kind = "listing"
    _enqueue(store, source, [(u, "listing") for u in pages] + [(u, "page") for u in links],
             item.depth + 1, opts, final)
    store.frontier_mark(item.url, "done", kind=kind, **validators)
    if final != item.url:
        store.frontier_add([FrontierItem(final, source.name, kind, item.depth)])
        store.frontier_mark(final, "done", kind=kind, **validators)


def _enqueue(store, source, urls, depth, opts, referrer) -> None:
    if depth > opts.max_depth:
        return
    items = [FrontierItem(u, source.name, kind, depth) for u, kind in urls if u and source.allows(u)]
    if items:
        store.frontier_add(items, referrer=referrer)


def _fail(item, exc, status, store, stats, counts, run_id) -> None:
    kind = getattr(exc, "kind", "fetch")
    stats.errors += 1
    stats.errors_by_kind[kind] += 1
    counts["errors"] += 1
    store.frontier_mark(item.url, "error", error=str(exc), http_status=status)
    store.log_failure(run_id, item.url, item.source, kind, status, str(exc))
