"""Rebuild articles' main text from their stored raw HTML, offline.

When the article parser improves (selectors, captions, dates), the archive is re-parsed without
a single request; articles whose text changes get a new content hash, so the next extraction
picks them up. An article keeps its id.
"""
from __future__ import annotations

import hashlib
import json
import zlib

import sqlite_utils

from crawler.article import parse_page
from crawler.urls import normalise_url


def reparse_articles(db: sqlite_utils.Database) -> dict[str, int]:
    """Re-parse every stored raw page; returns how many changed and how many stayed the same."""
    selectors = {name: (json.loads(cfg or "{}").get("selectors") or {})
                 for name, cfg in db.execute("SELECT name, config FROM sources").fetchall()}
    counts = {"reparsed": 0, "changed": 0, "unchanged": 0, "skipped": 0}
    rows = db.execute("SELECT id, url, source, raw_html_gz, content_hash FROM articles ORDER BY id").fetchall()
    for rid, url, source, raw, old_hash in rows:
        if not raw:
            counts["skipped"] += 1
            continue
        page = parse_page(zlib.decompress(raw).decode("utf-8", errors="replace"), url, selectors.get(source))
        counts["reparsed"] += 1
        if not page.text:
            counts["skipped"] += 1
            continue
        digest = hashlib.sha256(page.text.encode("utf-8")).hexdigest()
        if digest == old_hash:
            counts["unchanged"] += 1
            continue
        with db.conn:
            db["articles"].update(rid, {
                "text": page.text, "title": page.title, "published": page.published,
                "canonical_url": normalise_url(page.canonical_url or "", url), "author": page.author,
                "content_hash": digest,
            })
        counts["changed"] += 1
    return counts
