"""The crawler's storage, on the corpus database: frontier, articles, runs and failures.

Each call is one transaction (``db.atomic()``: BEGIN..COMMIT), so whatever the crawler has handed
over survives a SIGKILL (WAL mode) and nothing is ever half-written.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from datetime import datetime, timezone
from typing import Any

import sqlite_utils

from corpus.db import upsert_rows
from crawler.store import FetchedArticle, FrontierItem
from crawler.urls import twin_urls


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SqliteCrawlStore:
    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.run_id: int | None = None  # the run started last, by start_run

    # runs -----------------------------------------------------------------------------
    def start_run(self) -> int:
        """A new run; runs left 'running' by a killed process are marked 'killed' (the update
        lock guarantees no other run is alive)."""
        with self.db.atomic():
            self.db.execute("UPDATE crawl_runs SET status = 'killed' WHERE status = 'running'")
            run_id = self.db["crawl_runs"].insert({"started_at": _now(), "status": "running"}).last_pk
        self.run_id = run_id  # once committed
        return run_id

    def end_run(self, run_id: int, summary: dict[str, Any]) -> None:
        with self.db.atomic():
            self.db["crawl_runs"].update(run_id, {
                "ended_at": _now(), "status": summary.get("status"), "requests": summary.get("requests"),
                "pages_fetched": summary.get("pages_fetched"), "new": summary.get("new"),
                "changed": summary.get("changed"), "unchanged": summary.get("unchanged"),
                "errors": summary.get("errors"),
                "errors_by_kind": json.dumps(summary.get("errors_by_kind") or {}),
                "per_source": json.dumps(summary.get("per_source") or {}),
                "message": summary.get("interrupted"),
            })

    def record_extraction(self, run_id: int, extracted: int) -> None:
        """The run's articles are extracted: a run killed during extraction keeps ``extracted`` null."""
        with self.db.atomic():
            self.db["crawl_runs"].update(run_id, {"extracted": extracted})

    def fail_run(self, run_id: int | None, message: str) -> None:
        """The run stopped on an error of its own (a full disk, say), not a page's: say so, if the
        database still takes a write."""
        if run_id is None:
            return
        try:
            with self.db.atomic():
                self.db.execute("UPDATE crawl_runs SET status = 'failed', message = ?, ended_at = ? WHERE id = ?",
                                [message[:500], _now(), run_id])
        except sqlite3.Error:
            pass

    def log_failure(self, run_id: int, url: str, source: str, kind: str, http_status: int | None,
                    error: str) -> None:
        with self.db.atomic():
            self.db["fetch_log"].insert({"run_id": run_id, "at": _now(), "url": url, "source": source,
                                         "kind": kind, "http_status": http_status, "error": error[:500]})

    def register_source(self, name: str, config: dict[str, Any]) -> None:
        with self.db.atomic():
            upsert_rows(self.db, "sources", [{
                "name": name, "language": config.get("language"), "province": config.get("province"),
                "start_urls": json.dumps(config.get("start_urls") or []),
                "config": json.dumps(config, ensure_ascii=False),
            }], "name")

    # frontier -------------------------------------------------------------------------
    def frontier_add(self, items: list[FrontierItem], referrer: str | None = None) -> int:
        now = _now()
        with self.db.atomic():
            before = self.db.conn.total_changes
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO frontier (url, source, kind, depth, status, discovered_at, attempts, referrer) "
                "VALUES (?, ?, ?, ?, 'pending', ?, 0, ?)",
                [(i.url, i.source, i.kind, i.depth, now, referrer) for i in items],
            )
            return self.db.conn.total_changes - before

    def frontier_revisit(self, source: str) -> None:
        """Listings and sitemaps are asked again every run (conditionally); articles are not."""
        with self.db.atomic():
            self.db.execute("UPDATE frontier SET status = 'pending' WHERE source = ? AND status = 'done' "
                            "AND kind IN ('listing', 'sitemap')", [source])

    def frontier_pending(self, source: str, limit: int = 100) -> list[FrontierItem]:
        rows = self.db.execute(
            "SELECT url, source, kind, depth FROM frontier WHERE source = ? AND status = 'pending' "
            "ORDER BY depth, rowid LIMIT ?", [source, limit]).fetchall()
        return [FrontierItem(*r) for r in rows]

    def frontier_mark(self, url: str, status: str, **fields: Any) -> None:
        cols = {"status": status, "fetched_at": _now(), **{k: v for k, v in fields.items() if v is not None}}
        sets = ", ".join(f"[{k}] = ?" for k in cols)
        with self.db.atomic():
            self.db.execute(f"UPDATE frontier SET {sets}, attempts = coalesce(attempts, 0) + 1 WHERE url = ?",
                            [*cols.values(), url])

    def frontier_validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT http_etag, http_last_modified FROM frontier WHERE url = ?", [url]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    # articles -------------------------------------------------------------------------
    def article_known(self, url: str) -> bool:
        """Stored already, under this URL or its twin host's (www.), as its URL or its canonical one."""
        return self._stored(twin_urls(url)) is not None

    def _stored(self, keys: list[str]) -> tuple[int, str] | None:
        """(id, content_hash) of the article stored under one of ``keys``, as its URL or its canonical one."""
        marks = ",".join("?" * len(keys))
        return self.db.execute(
            f"SELECT id, content_hash FROM articles WHERE url IN ({marks}) OR canonical_url IN ({marks}) LIMIT 1",
            keys + keys).fetchone()

    def save_article(self, a: FetchedArticle) -> str:
        """'new', 'changed' or 'unchanged'; an article keeps its id when its text changes (one
        article, whichever twin host (www.) it was fetched from)."""
        digest = hashlib.sha256(a.text.encode("utf-8")).hexdigest()
        row = self._stored(twin_urls(a.url) + (twin_urls(a.canonical_url) if a.canonical_url else []))
        now = _now()
        values = {
            "url": a.url, "canonical_url": a.canonical_url, "source": a.source, "title": a.title,
            "published": a.published, "language": a.language, "author": a.author, "text": a.text,
            "raw_html_gz": zlib.compress(a.raw_html.encode("utf-8"), 6), "content_hash": digest,
            "http_etag": a.etag, "http_last_modified": a.last_modified, "http_status": a.http_status,
            "fetched_at": now,
        }
        with self.db.atomic():
            if row is None:
                self.db["articles"].insert({**values, "first_seen_at": now})
                return "new"
            if row[1] == digest:
                self.db.execute("UPDATE articles SET fetched_at = ? WHERE id = ?", [now, row[0]])
                return "unchanged"
            values.pop("url")
            self.db["articles"].update(row[0], values)
            return "changed"
