"""The scheduled job: crawl, extract what is new or changed, load -- under a lock.

Everything the crawl fetches is committed as it arrives (by the crawl store), and each
article's extraction is one transaction, so a run killed at any point loses nothing and the
next run picks up where it stopped.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.crawl_store import SqliteCrawlStore
from corpus.db import open_db
from corpus.lock import update_lock
from corpus.reextract import extract_articles, pending_article_ids
from corpus.stats import corpus_counts
from crawler.crawl import crawl
from crawler.settings import CrawlOptions
from crawler.sources import Source


@dataclass
class UpdateSummary:
    crawl: Any
    extracted: dict[str, int]
    totals: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        c, t = self.crawl, self.totals
        return [
            f"pages fetched: {c.pages_fetched} ({c.requests} requests, {c.errors} errors)",
            f"articles: {c.new} new, {c.changed} changed, {c.unchanged} unchanged; "
            f"{self.extracted.get('articles', 0)} extracted",
            f"articles kept: {t.get('articles', 0)} ({t.get('meeting_reports', 0)} meeting reports)",
            f"meetings: {t.get('meetings', 0)}, officials: {t.get('officials', 0)}, "
            f"task reports: {t.get('task_reports', 0)}, rankings: {t.get('rankings', 0)}, "
            f"directives: {t.get('directives', 0)}",
        ]


def run_crawl(db_path: str | Path, sources: list[Source], options: CrawlOptions, *, extract: bool = True,
              progress: Callable[..., Any] | None = None) -> UpdateSummary:
    """Crawl, then (unless told not to) extract and load what is new or changed."""
    db = open_db(db_path)
    store = SqliteCrawlStore(db)
    try:
        stats = crawl(sources, store, options, progress=progress)
        extracted: dict[str, int] = {}
        if extract:
            # a first run over a large site extracts thousands of articles: use every CPU
            extracted = extract_articles(db, pending_article_ids(db), jobs=os.cpu_count() or 1)
            store.record_extraction(store.run_id, extracted["articles"])  # null in a run killed before here
    except Exception as exc:  # the run's own failure (a full disk...), which the crawl recorded as 'ok'
        store.fail_run(store.run_id, f"{type(exc).__name__}: {exc}")
        raise
    return UpdateSummary(stats, extracted, corpus_counts(db))


def run_update(db_path: str | Path, sources: list[Source], options: CrawlOptions, *, extract: bool = True,
               progress: Callable[..., Any] | None = None, command: str = "update") -> UpdateSummary:
    """The scheduled job: :func:`run_crawl` under the lock, so runs never overlap on one database
    (``command``: the one named to a run that finds the lock held)."""
    with update_lock(db_path, command):
        return run_crawl(db_path, sources, options, extract=extract, progress=progress)
