"""One meeting, however many articles report it.

An article joins the meeting of the original it cites ("Nguồn:/Source:/Источник:/Джерело:"), or of
translations that cite it, or the meeting of the same province, level and date; otherwise it
starts a meeting of its own. The meeting's facts are taken from its articles, the original first.
Everything here runs inside the caller's transaction.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

import sqlite_utils

from corpus.db import RECORD_TABLES, insert_rows

_FACTS = ("date", "province_code", "province", "merged_into", "level", "committee", "chair", "chair_key")


def attach_article(db: sqlite_utils.Database, article_id: int, result: dict[str, Any],
                   chair_key: str | None) -> int:
    """Put the article in its meeting (found or new) and return the meeting id."""
    meeting = result.get("meeting") or {}
    province = meeting.get("province") or {}
    url, canonical, title = db.execute("SELECT url, canonical_url, title FROM articles WHERE id = ?",
                                       [article_id]).fetchone()
    mine = [u for u in (url, canonical) if u]
    cites = (result.get("source") or {}).get("original_url")
    if cites in mine:
        cites = None
    key = _key(province.get("code"), meeting.get("level"), meeting.get("date"))
    mid = (_meeting_of_urls(db, [cites]) if cites else None) or _meeting_citing(db, mine) or _meeting_by_key(db, key)
    if mid is None:
        mid = article_id if not db.execute("SELECT 1 FROM meetings WHERE id = ?", [article_id]).fetchone() \
            else db.execute("SELECT max(id) + 1 FROM meetings").fetchone()[0]
        insert_rows(db, "meetings", [{"id": mid, "meeting_key": key or f"article:{article_id}", "article_count": 0}])
    insert_rows(db, "meeting_articles", [{
        "article_id": article_id, "meeting_id": mid, "role": "translation" if cites else "original",
        "language": result.get("language"), "url": url, "title": title, "cites": cites,
        "facts": json.dumps({
            "date": meeting.get("date"), "province_code": province.get("code"), "province": province.get("name"),
            "merged_into": province.get("merged_into"), "level": meeting.get("level"),
            "committee": meeting.get("committee"), "chair": meeting.get("chair"), "chair_key": chair_key,
        }, ensure_ascii=False),
    }])
    # translations loaded before their original started meetings of their own: bring them in
    for (other,) in db.execute(
            f"SELECT DISTINCT ma.meeting_id FROM meeting_articles ma JOIN articles a ON a.id = ma.article_id "
            f"WHERE a.original_url IN ({','.join('?' * len(mine))}) AND ma.meeting_id != ?", [*mine, mid]).fetchall():
        _move(db, other, mid)
    refresh_meeting(db, mid)
    return mid


def detach_article(db: sqlite_utils.Database, article_id: int) -> None:
    """Take the article out of its meeting (its records are gone already); an empty meeting goes."""
    row = db.execute("SELECT meeting_id FROM meeting_articles WHERE article_id = ?", [article_id]).fetchone()
    if not row:
        return
    db.execute("DELETE FROM meeting_articles WHERE article_id = ?", [article_id])
    if db.execute("SELECT 1 FROM meeting_articles WHERE meeting_id = ?", [row[0]]).fetchone():
        refresh_meeting(db, row[0])
    else:
        db.execute("DELETE FROM meetings WHERE id = ?", [row[0]])


def refresh_meeting(db: sqlite_utils.Database, mid: int) -> None:
    """The meeting's facts from its articles: the original's when it states them, else the value
    most of its articles agree on."""
    rows = db.execute("SELECT role, language, url, title, facts FROM meeting_articles WHERE meeting_id = ? "
                      "ORDER BY role = 'original' DESC, language = 'vi' DESC, article_id", [mid]).fetchall()
    facts = [json.loads(r[4] or "{}") for r in rows]
    merged: dict[str, Any] = {}
    for name in _FACTS:
        values = [f.get(name) for f in facts if f.get(name) is not None]
        if not values:
            merged[name] = None
        elif rows[0][0] == "original" and facts[0].get(name) is not None:
            merged[name] = facts[0][name]
        else:
            merged[name] = Counter(values).most_common(1)[0][0]
    key = _key(merged["province_code"], merged["level"], merged["date"])
    current = db.execute("SELECT meeting_key FROM meetings WHERE id = ?", [mid]).fetchone()[0]
    if key and key != current and not _meeting_by_key(db, key):
        current = key   # a date learnt later names the meeting properly
    values = {**merged, "meeting_key": current, "languages": json.dumps(sorted({r[1] for r in rows if r[1]})),
              "article_count": len(rows), "url": rows[0][2], "title": rows[0][3]}
    db.execute(f"UPDATE meetings SET {', '.join(f'[{k}] = ?' for k in values)} WHERE id = ?", [*values.values(), mid])


def _move(db: sqlite_utils.Database, old: int, new: int) -> None:
    db.execute("UPDATE meeting_articles SET meeting_id = ? WHERE meeting_id = ?", [new, old])
    for table in RECORD_TABLES:
        db.execute(f"UPDATE [{table}] SET meeting_id = ? WHERE meeting_id = ?", [new, old])
    db.execute("DELETE FROM meetings WHERE id = ?", [old])


def _key(code: str | None, level: str | None, date: str | None) -> str | None:
    return f"{code}|{level or ''}|{date}" if code and date else None


def _meeting_by_key(db: sqlite_utils.Database, key: str | None) -> int | None:
    if not key:
        return None
    row = db.execute("SELECT id FROM meetings WHERE meeting_key = ?", [key]).fetchone()
    return row[0] if row else None


def _meeting_of_urls(db: sqlite_utils.Database, urls: list[str]) -> int | None:
    """The meeting of a stored article fetched from (or canonically at) one of ``urls``."""
    marks = ",".join("?" * len(urls))
    row = db.execute(f"SELECT ma.meeting_id FROM meeting_articles ma JOIN articles a ON a.id = ma.article_id "
                     f"WHERE a.url IN ({marks}) OR a.canonical_url IN ({marks}) LIMIT 1", [*urls, *urls]).fetchone()
    return row[0] if row else None


def _meeting_citing(db: sqlite_utils.Database, urls: list[str]) -> int | None:
    """The meeting of a stored translation that cites one of ``urls`` as its original."""
    marks = ",".join("?" * len(urls))
    row = db.execute(f"SELECT ma.meeting_id FROM meeting_articles ma JOIN articles a ON a.id = ma.article_id "
                     f"WHERE a.original_url IN ({marks}) LIMIT 1", urls).fetchone()
    return row[0] if row else None
