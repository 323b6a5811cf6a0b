"""Run the extractor over stored articles: the new or changed ones, or all of them.

Works from the text kept in ``articles`` -- no network -- so an improved extractor can be
applied to the whole archive offline.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlite_utils

from corpus.load import load_extraction
from extract import EXTRACTOR_VERSION, ExtractError
from extract.pipeline import extract_many

_COLUMNS = "id, text, language, url, title, published"


def pending_article_ids(db: sqlite_utils.Database, *, everything: bool = False) -> list[int]:
    """Articles whose text changed since extraction, or that an older extractor handled."""
    if everything:
        sql = "SELECT id FROM articles WHERE text IS NOT NULL AND text != '' ORDER BY id"
        return [r[0] for r in db.execute(sql).fetchall()]
    sql = (
        "SELECT id FROM articles WHERE text IS NOT NULL AND text != '' AND ("
        "extracted_hash IS NULL OR extracted_hash != content_hash OR extractor_version IS NULL "
        "OR extractor_version != ?) ORDER BY id"
    )
    return [r[0] for r in db.execute(sql, [EXTRACTOR_VERSION]).fetchall()]


def extract_articles(
    db: sqlite_utils.Database,
    ids: list[int],
    *,
    batch_size: int = 64,
    progress: Callable[[int], Any] | None = None,
) -> dict[str, int]:
    """Extract and load the given articles in batches; returns totals per table."""
    totals: dict[str, int] = {"articles": 0, "meetings": 0, "officials": 0, "task_reports": 0,
                              "rankings": 0, "directives": 0, "failed": 0}
    for i in range(0, len(ids), batch_size):
        chunk = ids[i : i + batch_size]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id IN ({marks}) ORDER BY id", chunk).fetchall()
        items = []
        for rid, text, lang, url, title, published in rows:
            items.append({"id": rid, "text": text, "lang": lang if lang in ("vi", "en", "ru", "uk") else "auto",
                          "url": url, "title": title, "published": (published or "")[:10] or None})
        for item, result in _extract_batch(items):
            if result is None:
                totals["failed"] += 1
                continue
            counts = load_extraction(db, item["id"], result)
            totals["articles"] += 1
            for k, v in counts.items():
                totals[k] += v
        if progress:
            progress(len(chunk))
    return totals


def _extract_batch(items: list[dict[str, Any]]):
    """Pair each item with its result; one bad article must not sink its batch."""
    try:
        yield from zip(items, list(extract_many(items)))
    except ExtractError:
        for item in items:
            try:
                yield item, next(extract_many([item]))
            except ExtractError:
                yield item, None
