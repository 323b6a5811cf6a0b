"""Load one article's extraction into the record tables, replacing what was there.

Record ids are derived from the article id and the record's position, so re-extracting the same
text writes the same rows (idempotent), and a citation of ``directives/123000004`` stays valid.
"""
from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timezone
from typing import Any

import sqlite_utils

from corpus.db import RECORD_TABLES, addressees_search, insert_rows
from corpus.meetings_merge import attach_article, detach_article
from extract.person_key import fold_latin

_ID_STRIDE = 10_000  # records per article per table; far above anything seen


def _rid(article_id: int, i: int) -> int:
    return article_id * _ID_STRIDE + i


def _sentence_of(text: str, start: int, end: int) -> str:
    """The line-bounded sentence around [start, end) for officials, who carry no sentence."""
    a = max(text.rfind("\n", 0, start) + 1, 0)
    b = text.find("\n", end)
    return text[a : b if b != -1 else len(text)].strip()


def load_extraction(db: sqlite_utils.Database, article_id: int, result: dict[str, Any]) -> dict[str, int]:
    """Replace the article's part of its meeting and its records by ``result``, in one transaction.

    Only meeting reports get a meeting and records: figures from sport or weather pages would
    pollute what analysts count. Articles reporting the same meeting share one ``meetings`` row
    (see :mod:`corpus.meetings_merge`); people are kept in ``persons`` across articles.
    """
    meeting = result.get("meeting") or {}
    is_report = bool(meeting.get("is_report"))
    province = meeting.get("province") or {}
    url = (result.get("source") or {}).get("url")
    counts = {"meetings": 0, **{t: 0 for t in RECORD_TABLES}}
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    # One transaction (BEGIN..COMMIT): a kill mid-way leaves the previous extraction intact. Not
    # `with db.conn:`, which opens none: sqlite-utils 4 commits each write made outside one.
    with db.atomic():
        old_keys = [r[0] for r in db.execute(
            "SELECT DISTINCT person_key FROM officials WHERE article_id = ?", [article_id])]
        for table in RECORD_TABLES:
            db.execute(f"DELETE FROM [{table}] WHERE article_id = ?", [article_id])
        detach_article(db, article_id)
        db.execute(
            "UPDATE articles SET is_meeting_report = ?, relevance = ?, extracted_at = ?, "
            "extractor_version = ?, extracted_hash = content_hash, original_url = coalesce(?, original_url) "
            "WHERE id = ?",
            [int(is_report), meeting.get("relevance"), now, result.get("extractor_version"),
             (result.get("source") or {}).get("original_url"), article_id],
        )
        title = db.execute("SELECT coalesce(title, '') FROM articles WHERE id = ?", [article_id]).fetchone()[0]
        search_text = f"{fold_latin(title)} {fold_latin(result.get('text', ''))}"
        # written only when it changes: writing it re-indexes the article's text for search
        db.execute("UPDATE articles SET search_text = ? WHERE id = ? AND search_text IS NOT ?",
                   [search_text, article_id, search_text])
        if not is_report:
            refresh_persons(db, old_keys)
            return counts
        officials = result.get("officials", [])
        chair_key = next((o.get("person_key") for o in officials if o["name"] == meeting.get("chair")), None)
        meeting_id = attach_article(db, article_id, result, chair_key)
        counts["meetings"] = 1
        common = {"article_id": article_id, "meeting_id": meeting_id, "province_code": province.get("code")}
        dated = {**common, "meeting_date": meeting.get("date"), "url": url}
        text = result.get("text", "")
        keys = {o["name"]: o.get("person_key") for o in officials}
        for key in {o.get("person_key") for o in officials if o.get("person_key")}:
            db.execute("INSERT OR IGNORE INTO persons (person_key, mentions) VALUES (?, 0)", [key])
        rows = {
            "officials": [
                {
                    "id": _rid(article_id, i), **dated, "name": o["name"], "language": result.get("language"),
                    "person_key": o.get("person_key"), "titles": json.dumps(o.get("titles", []), ensure_ascii=False),
                    "role": o.get("role"), "start": o["start"], "end": o["end"],
                    "sentence": _sentence_of(text, o["start"], o["end"]),
                }
                for i, o in enumerate(officials)
            ],
            "task_reports": [
                {
                    "id": _rid(article_id, i), **dated,
                    **{k: r.get(k) for k in (
                        "total", "completed", "completed_on_time", "completed_late", "in_progress",
                        "not_started", "overdue", "completed_percent", "scope", "as_of",
                        "sentence", "start", "end")},
                    **consistency(r),
                }
                for i, r in enumerate(result.get("task_reports", []))
            ],
            "rankings": [
                {
                    "id": _rid(article_id, i), **dated, "rank": r["rank"], "out_of": r.get("out_of"),
                    "index_name": r.get("index"), "index_key": r.get("index_key"), "year": r.get("year"),
                    "sentence": r.get("sentence"), "start": r["start"], "end": r["end"],
                }
                for i, r in enumerate(result.get("rankings", []))
            ],
            "directives": [
                {
                    "id": _rid(article_id, i), **dated, "text": d["text"], "issuer": d.get("issuer"),
                    "issuer_key": keys.get(d.get("issuer")),
                    "addressees": json.dumps(d.get("addressees", []), ensure_ascii=False),
                    "deadline": d.get("deadline"), "start": d["start"], "end": d["end"],
                    "language": result.get("language"), "search_text": fold_latin(d["text"]),
                    "addressees_search": addressees_search(d.get("addressees", [])),
                }
                for i, d in enumerate(result.get("directives", []))
            ],
        }
        for table, table_rows in rows.items():
            insert_rows(db, table, table_rows)
            counts[table] = len(table_rows)
        refresh_persons(db, set(old_keys) | set(keys.values()) - {None})
    return counts


_PERSON_COLUMNS = ("person_key", "name", "names", "languages", "roles", "titles", "mentions", "articles",
                   "meetings", "first_seen", "last_seen")
_PERSON_UPSERT = (
    f"INSERT INTO persons ({', '.join(_PERSON_COLUMNS)}) VALUES ({', '.join('?' * len(_PERSON_COLUMNS))}) "
    f"ON CONFLICT(person_key) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _PERSON_COLUMNS[1:])
)

_PARTS = ("completed", "in_progress", "not_started", "overdue")


def consistency(report: dict[str, Any]) -> dict[str, Any]:
    """Do the stated parts add up to the stated total? ``adds_up`` is 1 when they do, 0 when they
    exceed it (or fall short with every status given), null when the text gives too little to
    tell. Nothing is filled in: the flag only compares numbers the text states."""
    total = report.get("total")
    completed = report.get("completed")
    if completed is None and report.get("completed_on_time") is not None and report.get("completed_late") is not None:
        completed = report["completed_on_time"] + report["completed_late"]
    parts = [completed if k == "completed" else report.get(k) for k in _PARTS]
    stated = [p for p in parts if p is not None]
    if total is None or len(stated) < 2:
        return {"parts_sum": None, "adds_up": None}
    got = sum(stated)
    if got == total:
        return {"parts_sum": got, "adds_up": 1}
    if got > total or len(stated) == len(_PARTS):
        return {"parts_sum": got, "adds_up": 0}
    return {"parts_sum": got, "adds_up": None}


def refresh_persons(db: sqlite_utils.Database, keys) -> None:
    """Recompute each person's row from their mentions in ``officials``; drop people no longer
    mentioned anywhere."""
    for key in keys:
        if not key:
            continue
        rows = db.execute(
            "SELECT name, language, role, titles, article_id, meeting_id, meeting_date FROM officials "
            "WHERE person_key = ? ORDER BY meeting_date, id", [key]).fetchall()
        if not rows:
            db.execute("UPDATE directives SET issuer_key = NULL WHERE issuer_key = ?", [key])
            db.execute("DELETE FROM persons WHERE person_key = ?", [key])
            continue
        names = Counter(r[0] for r in rows)
        latin = [n for n, _ in names.most_common() if not any("\u0400" <= c <= "\u04ff" for c in n)]
        titles: list[str] = []
        for r in rows:
            for t in json.loads(r[3] or "[]"):
                if t not in titles:
                    titles.append(t)
        dates = [r[6] for r in rows if r[6]]
        person = {
            "person_key": key, "name": (latin or [names.most_common(1)[0][0]])[0],
            "names": json.dumps(sorted(names), ensure_ascii=False),
            "languages": json.dumps(sorted({r[1] for r in rows if r[1]})),
            "roles": json.dumps(sorted({r[2] for r in rows if r[2]})),
            "titles": json.dumps(titles[:20], ensure_ascii=False),
            "mentions": len(rows), "articles": len({r[4] for r in rows}), "meetings": len({r[5] for r in rows}),
            "first_seen": min(dates) if dates else None, "last_seen": max(dates) if dates else None,
        }
        db.execute(_PERSON_UPSERT, list(person.values()))
