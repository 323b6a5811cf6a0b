"""`meetings demo`: the whole pipeline on the bundled sample site, then Datasette.

The sample site is served on 127.0.0.1 by :class:`corpus.sample_server.SampleServer`; the real
crawler reads it exactly as it would read a provincial newspaper, only faster (short delay).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from corpus.sample_server import SampleServer
from corpus.update import UpdateSummary, run_update
from crawler.settings import CrawlOptions, load_options
from crawler.sources import Source

SAMPLE_DELAY = 0.05  # seconds between requests to the local sample host


def sample_sources(base_url: str) -> list[Source]:
    """One source for the local sample site, started from its home page and sitemap."""
    return [Source(name="sample", start_urls=[f"{base_url}/", f"{base_url}/sitemap.xml"])]


def sample_options() -> CrawlOptions:
    return load_options(delay=SAMPLE_DELAY)


def crawl_sample(db_path: str | Path, progress: Callable | None = None) -> tuple[UpdateSummary, list]:
    """Serve the sample, run the scheduled job on it, stop the server; returns the summary and
    the requests the server saw (tests check the disallowed path was never asked for)."""
    with SampleServer() as site:
        summary = run_update(db_path, sample_sources(site.base_url), sample_options(), progress=progress)
        return summary, list(site.requests)
