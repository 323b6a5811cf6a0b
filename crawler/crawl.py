"""The crawl loop: seeds → frontier → fetch → parse → store, one committed step at a time.

Fetching and parsing run on up to ``concurrency`` worker threads, never two at once for the same
host (and each host paced by ``HostPacer``). Everything the store sees is done on the calling
thread, in the order results arrive, and committed at once: a crawl killed at any point resumes
from the pending frontier on the next run.
"""
from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from typing import Any

from crawler.article import MAX_TAGS, ParsedPage, make_soup, parse_page, too_many_tags
from crawler.decode import decode_body
from crawler.discover import looks_like_sitemap, page_links, page_number, parse_sitemap
from crawler.errors import BudgetExhausted, FetchError, OutOfScope, RobotsDisallowed, TooManyElements
from crawler.fetch import Fetcher, Response, raise_for_status
from crawler.scope import Scope
from crawler.settings import CrawlOptions
from crawler.sources import Source
from crawler.store import CrawlStore, FetchedArticle, FrontierItem
from crawler.urls import host_of, looks_like_trap, normalise_url, site_of, untwinned


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


@dataclass
class _Outcome:
    """What a worker found for one frontier item; the calling thread stores it."""
    item: FrontierItem
    resp: Response | None = None
    error: FetchError | None = None
    disallowed: str | None = None
    text: str = ""
    final: str = ""
    sitemap: tuple[list[str], list[str]] | None = None
    page: ParsedPage | None = None
    links: tuple[list[str], list[str]] = ([], [])


class _SourceState:
    """One source's share of the run: its options, queue and page count."""

    def __init__(self, source: Source, opts: CrawlOptions, scope: Scope):
        self.source, self.opts, self.scope = source, opts, scope
        self.queue: deque[FrontierItem] = deque()
        self.fetched = 0
        self.exhausted = False
        self.inflight: set[str] = set()
        self.counts: Counter = Counter()


def crawl(sources: list[Source], store: CrawlStore, options: CrawlOptions, *,
          progress: Callable[[str, FrontierItem], Any] | None = None, refetch: bool = False,
          fetcher: Fetcher | None = None) -> CrawlStats:
    """Crawl every source once; returns what happened. Never raises for a page's failure."""
    stats = CrawlStats()
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(options)
    run_id = store.start_run()
    pool = ThreadPoolExecutor(max_workers=max(1, options.concurrency), thread_name_prefix="crawl")
    try:
        states = [_start_source(s, store, options, fetcher, stats, run_id) for s in sources]
        _run(states, store, options, fetcher, stats, run_id, progress, refetch, pool)
    except KeyboardInterrupt:
        stats.interrupted = "interrupted"
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        stats.requests = fetcher.requests
        store.end_run(run_id, stats.summary())
        if own_fetcher:
            fetcher.close()
    return stats


def _start_source(source: Source, store: CrawlStore, options: CrawlOptions, fetcher: Fetcher,
                  stats: CrawlStats, run_id: int) -> _SourceState:
    opts = options.with_overrides(**source.overrides)
    configured = [*source.start_urls, *source.search_urls(opts.search_keywords)]
    scope = Scope.of(source, [u for u in map(normalise_url, configured) if u], fetcher.resolve)
    state = _SourceState(source, opts, scope)
    state.counts = stats.per_source.setdefault(source.name, Counter())
    store.register_source(source.name, source.as_config())
    for host in source.hosts:
        fetcher.pacer.set_delay(untwinned(host), opts.delay)
    seeds = []
    for url in configured:
        u = normalise_url(url)
        try:  # a file: or javascript: start URL (a Source built by hand) is refused, and logged
            scope.check(u or url)
        except OutOfScope as exc:
            _fail(FrontierItem(url, source.name, "listing", 0), exc, None, store, stats, state.counts, run_id)
            continue
        if u:
            seeds.append(FrontierItem(u, source.name, "sitemap" if looks_like_sitemap(u, "") else "listing", 0))
    store.frontier_add(seeds)
    store.frontier_revisit(source.name)
    return state


def _run(states, store, options, fetcher, stats, run_id, progress, refetch, pool) -> None:
    active: dict[Future, tuple[_SourceState, FrontierItem]] = {}
    busy_hosts: set[str] = set()
    sitemaps_asked: set[str] = set()
    turn = 0
    while True:
        # hand out work: round-robin over sources, one request in flight per host
        idle_rounds = 0
        while len(active) < options.concurrency and idle_rounds < len(states):
            state = states[turn % len(states)] if states else None
            turn += 1
            item = _next_item(state, store, busy_hosts, refetch, stats) if state else None
            if item is None:
                idle_rounds += 1
                continue
            idle_rounds = 0
            if fetcher.requests + len(active) >= options.budget:
                stats.interrupted = "request budget exhausted"
                break
            host = site_of(item.url)   # busy: one request at a time to a host and its twins
            if options.obey_robots and (state.source.name, host_of(item.url)) not in sitemaps_asked:
                # robots.txt Sitemap: lines, once per source and host (robots.txt is fetched once per host)
                sitemaps_asked.add((state.source.name, host_of(item.url)))
                _add_robots_sitemaps(state, store, fetcher, item.url)
            etag = last_modified = None
            if item.kind in ("sitemap", "listing"):
                etag, last_modified = store.frontier_validators(item.url)
            if progress:
                progress("fetch", item)
            busy_hosts.add(host)
            state.fetched += 1
            state.counts["requests"] += 1
            fut = pool.submit(_fetch_and_parse, item, etag, last_modified, fetcher, state.source, state.scope,
                              state.opts)
            active[fut] = (state, item)
        if not active:
            return
        done, _ = wait(list(active), return_when=FIRST_COMPLETED)
        for fut in done:
            state, item = active.pop(fut)
            busy_hosts.discard(site_of(item.url))
            state.inflight.discard(item.url)
            _store_outcome(fut.result(), state, store, stats, run_id)
        if stats.interrupted:
            # let what is in flight land, then stop
            for fut in list(active):
                state, item = active.pop(fut)
                _store_outcome(fut.result(), state, store, stats, run_id)
            return


def _next_item(state: _SourceState, store: CrawlStore, busy_hosts: set[str], refetch: bool,
               stats: CrawlStats) -> FrontierItem | None:
    """The source's next frontier item to fetch, if its host is free and its page cap not hit."""
    if state.exhausted or state.fetched >= min(state.opts.max_pages_per_source, state.opts.budget):
        return None   # the source's own page cap, or its own request budget, is reached
    while True:
        if not state.queue:
            batch = store.frontier_pending(state.source.name, limit=50)
            state.queue.extend(i for i in batch if i.url not in state.inflight)
            if not state.queue:
                state.exhausted = True
                return None
        item = state.queue[0]
        if site_of(item.url) in busy_hosts:
            return None
        state.queue.popleft()
        if item.kind in ("article", "page") and not refetch and store.article_known(item.url):
            store.frontier_mark(item.url, "done", kind="article")
            continue
        # an item stays pending in the store until its outcome is stored (so a killed run
        # fetches it again); meanwhile it is in flight and not handed out twice
        state.inflight.add(item.url)
        return item


def _add_robots_sitemaps(state: _SourceState, store: CrawlStore, fetcher: Fetcher, url: str) -> None:
    try:
        maps = fetcher.robots.sitemaps(url, state.opts.user_agent)
    except FetchError:
        return
    items = [FrontierItem(u, state.source.name, "sitemap", 0) for u in (normalise_url(m, url) for m in maps)
             if u and state.scope.allows(u)]
    if items:
        store.frontier_add(items)
        state.exhausted = False


def _fetch_and_parse(item: FrontierItem, etag: str | None, last_modified: str | None, fetcher: Fetcher,
                     source: Source, scope: Scope, opts: CrawlOptions) -> _Outcome:
    """Network and parsing only (runs on a worker thread; touches no store). The fetcher checks
    every hop against the source's scope before asking it, with the source's own settings."""
    out = _Outcome(item)
    try:
        resp = fetcher.get(item.url, etag=etag, last_modified=last_modified, scope=scope, options=opts)
        out.resp = resp
        if resp.not_modified:
            return out
        raise_for_status(resp)
        ctype = resp.headers.get("content-type", "")
        out.text = decode_body(resp.body, ctype)
    except RobotsDisallowed as exc:
        out.disallowed = str(exc)
        return out
    except FetchError as exc:
        out.error = exc
        return out
    except ValueError as exc:
        out.error = FetchError(str(exc))
        return out
    out.final = normalise_url(resp.url) or item.url
    ctype = resp.headers.get("content-type", "").lower()
    if item.kind == "sitemap" or looks_like_sitemap(out.final, ctype) and "html" not in ctype:
        out.sitemap = parse_sitemap(out.text)
        return out
    if too_many_tags(out.text):
        # logged, and its links not extracted either: parsing costs time per element
        out.error = TooManyElements(f"page has more than {MAX_TAGS:,} HTML elements; not read as an article "
                                    "or for links")
        return out
    soup = make_soup(out.text)   # one parse for links and article (links first: parse_page trims the tree)
    out.links = page_links(out.text, out.final, soup)
    out.page = parse_page(out.text, out.final, source.selectors, soup=soup)
    return out


def _store_outcome(out: _Outcome, state: _SourceState, store: CrawlStore, stats: CrawlStats, run_id: int) -> None:
    item, source, opts, counts = out.item, state.source, state.opts, state.counts
    state.exhausted = False
    if out.disallowed:
        stats.skipped += 1
        store.frontier_mark(item.url, "skipped", error=out.disallowed)
        return
    if out.error is not None:
        if isinstance(out.error, BudgetExhausted):
            stats.interrupted = "request budget exhausted"
            store.frontier_mark(item.url, "pending")
            return
        _fail(item, out.error, getattr(out.error, "status", None) or (out.resp.status if out.resp else None),
              store, stats, counts, run_id)
        return
    resp = out.resp
    if resp.not_modified:
        stats.not_modified += 1
        counts["not_modified"] += 1
        store.frontier_mark(item.url, "done", http_status=304)
        return
    stats.pages_fetched += 1
    counts["pages_fetched"] += 1
    validators = {"http_status": resp.status, "http_etag": resp.headers.get("etag"),
                  "http_last_modified": resp.headers.get("last-modified")}
    if out.sitemap is not None:
        pages, children = out.sitemap
        _enqueue(store, state, [(u, "sitemap") for u in children] + [(u, "page") for u in pages],
                 item.depth + (0 if children else 1), opts, out.final)
        store.frontier_mark(item.url, "done", kind="sitemap", **validators)
        return
    parsed, final = out.page, out.final
    links, pages = out.links
    if parsed.is_article and parsed.text:
        outcome = store.save_article(FetchedArticle(
            url=final, source=source.name, canonical_url=normalise_url(parsed.canonical_url or "", final),
            title=parsed.title, published=parsed.published, language=parsed.language or source.language,
            author=parsed.author, text=parsed.text, raw_html=out.text, http_status=resp.status,
            etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
        ))
        setattr(stats, outcome, getattr(stats, outcome) + 1)
        counts[outcome] += 1
        kind = "article"
    else:
        kind = "listing"
    # a listing's next pages stay at its depth (bounded by max_listing_pages); links go one deeper
    next_pages = [u for u in pages if (page_number(u) or 0) <= opts.max_listing_pages]
    _enqueue(store, state, [(u, "listing") for u in next_pages], item.depth, opts, final)
    _enqueue(store, state, [(u, "page") for u in links], item.depth + 1, opts, final)
    store.frontier_mark(item.url, "done", kind=kind, **validators)
    if final != item.url:
        store.frontier_add([FrontierItem(final, source.name, kind, item.depth)])
        store.frontier_mark(final, "done", kind=kind, **validators)


def _enqueue(store, state, urls, depth, opts, referrer) -> None:
    """Queue what the source's scope allows (sitemap entries come unnormalised: a file: or
    off-site entry is dropped here, and the fetcher checks again before asking)."""
    if depth > opts.max_depth:
        return
    items = [FrontierItem(u, state.source.name, kind, depth) for u, kind in urls
             if u and state.scope.allows(u) and not looks_like_trap(u)]
    if items:
        store.frontier_add(items, referrer=referrer)


def _fail(item, exc, status, store, stats, counts, run_id) -> None:
    kind = getattr(exc, "kind", "fetch")
    stats.errors += 1
    stats.errors_by_kind[kind] += 1
    counts["errors"] += 1
    store.frontier_mark(item.url, "error", error=str(exc), http_status=status)
    store.log_failure(run_id, item.url, item.source, kind, status, str(exc))
