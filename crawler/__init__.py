"""Fetch articles politely and incrementally. Knows nothing of extraction or of the database:
storage is whatever implements :class:`crawler.store.CrawlStore`.

Entry point: ``crawler.crawl.crawl(sources, store, options)``; options from
``crawler.settings.load_options()``; sources from ``crawler.sources.load_sources()``.
"""
