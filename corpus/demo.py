"""`meetings demo`: the whole pipeline on the bundled sample site, then Datasette.

The sample site is served on 127.0.0.1 by :class:`corpus.sample_server.SampleServer`; the real
crawler reads it exactly as it would read a provincial newspaper, only faster (short delay).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from corpus.errors import CorpusError
from corpus.sample_server import SampleServer
from corpus.update import UpdateSummary, run_update
from crawler.settings import CrawlOptions, load_options
from crawler.sources import Source

SAMPLE_DELAY = 0.05  # seconds between requests to the local sample host
# A fixed port keeps the sample's URLs stable, so a second `meetings demo` is incremental.
SAMPLE_PORT = 8765


def sample_sources(base_url: str) -> list[Source]:
    """One source for the local sample site, started from its home page and sitemap."""
    return [Source(name="sample", start_urls=[f"{base_url}/", f"{base_url}/sitemap.xml"])]


def sample_options() -> CrawlOptions:
    return load_options(delay=SAMPLE_DELAY)


def crawl_sample(db_path: str | Path, *, site: SampleServer | None = None, port: int = SAMPLE_PORT,
                 progress: Callable | None = None) -> tuple[UpdateSummary, list]:
    """Run the scheduled job on the sample site (served here unless ``site`` is given); returns
    the summary and the requests the server saw during this run."""
    if site is not None:
        seen = len(site.requests)
        summary = run_update(db_path, sample_sources(site.base_url), sample_options(), progress=progress)
        return summary, list(site.requests[seen:])
    try:
        server = SampleServer(port=port)
    except OSError as exc:
        raise CorpusError(f"cannot serve the sample site on 127.0.0.1:{port}: {exc.strerror}") from None
    with server:
        return crawl_sample(db_path, site=server, progress=progress)
