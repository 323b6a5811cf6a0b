"""A Datasette plugin of ours, registered by ``corpus.serve``: a larger page cache per connection.

A search or facet over thousands of matching rows looks each one up by rowid, once for the count
and once per facet; with SQLite's default 2 MB cache every pass went back to the operating system
for the same pages (18 ms a pass at 100,000 articles, 10.5 ms with this). Datasette keeps a few
reading connections, so memory stays bounded: ``CACHE_MB`` each, filled only as pages are read.
"""
from __future__ import annotations

from datasette import hookimpl

CACHE_MB = 32


@hookimpl
def prepare_connection(conn, database, datasette) -> None:
    conn.execute(f"PRAGMA cache_size = -{CACHE_MB * 1024}")
