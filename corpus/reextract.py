"""Run the extractor over stored articles: the new or changed ones, or all of them.

Works from the text kept in ``articles`` -- no network -- so an improved extractor can be
applied to the whole archive offline. With ``jobs > 1`` the extraction runs in worker processes,
a chunk of articles each, while this process loads the results into SQLite (one writer, as
SQLite wants) in the order of the ids, so the outcome does not depend on which worker was faster.
"""
from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

import sqlite_utils

from corpus.load import load_extraction
from extract import EXTRACTOR_VERSION, ExtractError
from extract.pipeline import extract_many

_COLUMNS = "id, text, language, url, title, published"
_LANGS = ("vi", "en", "ru", "uk")


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
    jobs: int = 1,
    progress: Callable[[int], Any] | None = None,
) -> dict[str, int]:
    """Extract and load the given articles in batches; returns totals per table.

    ``jobs`` worker processes extract (1: all in this process); loading is always done here.
    A handful of articles is extracted in-process whatever ``jobs`` says: starting workers
    costs more than it saves.
    """
    totals: dict[str, int] = {"articles": 0, "meetings": 0, "officials": 0, "task_reports": 0,
                              "rankings": 0, "directives": 0, "failed": 0}
    chunks = (_read_chunk(db, ids[i : i + batch_size]) for i in range(0, len(ids), batch_size))
    if jobs > 1 and len(ids) > batch_size:
        results = _extract_in_pool(chunks, jobs)
    else:
        results = (list(_extract_batch(items)) for items in chunks)
    # Each article is one transaction; in WAL mode synchronous=NORMAL keeps every committed one
    # through a killed process and skips the fsync per commit that FULL makes (half the loading
    # time). Only a power cut can roll back the last few, and they stay pending (their
    # extracted_hash unchanged), so the next run redoes them.
    synchronous = db.execute("PRAGMA synchronous").fetchone()[0]
    db.execute("PRAGMA synchronous = NORMAL")
    try:
        for pairs in results:
            for item, result in pairs:
                if result is None:
                    totals["failed"] += 1
                    continue
                counts = load_extraction(db, item["id"], result)
                totals["articles"] += 1
                for k, v in counts.items():
                    totals[k] += v
            if progress:
                progress(len(pairs))
    finally:
        db.execute(f"PRAGMA synchronous = {int(synchronous)}")
    return totals


def _read_chunk(db: sqlite_utils.Database, chunk: list[int]) -> list[dict[str, Any]]:
    marks = ",".join("?" * len(chunk))
    rows = db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id IN ({marks}) ORDER BY id", chunk).fetchall()
    return [{"id": rid, "text": text, "lang": lang if lang in _LANGS else "auto", "url": url, "title": title,
             "published": (published or "")[:10] or None}
            for rid, text, lang, url, title, published in rows]


def _extract_in_pool(chunks: Iterator[list[dict[str, Any]]], jobs: int) -> Iterator[list[tuple]]:
    """Chunks extracted by ``jobs`` processes, yielded in input order. At most two chunks per
    worker are in flight, so memory stays bounded however many articles there are."""
    # fork is cheap and shares the imported extractor; elsewhere, the platform's default
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs) as pool:
        inflight: deque = deque()
        for items in chunks:
            inflight.append(pool.apply_async(_extract_chunk, (items,)))
            if len(inflight) >= 2 * jobs:
                yield inflight.popleft().get()
        while inflight:
            yield inflight.popleft().get()


def _extract_chunk(items: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """In a worker: the chunk's (item, result) pairs. The item goes back without its text, which
    the result carries (normalised) already."""
    return [({k: v for k, v in item.items() if k != "text"}, result) for item, result in _extract_batch(items)]


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
