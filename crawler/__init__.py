"""Fetch articles politely and incrementally. Knows nothing of extraction or of the database:
storage is whatever implements :class:`crawler.store.CrawlStore`."""
from crawler.crawl import CrawlStats, crawl
from crawler.settings import CrawlOptions, load_options
from crawler.sources import Source, load_sources

__all__ = ["crawl", "CrawlStats", "CrawlOptions", "load_options", "Source", "load_sources"]
