"""Load one article's extraction into the record tables, replacing what was there.

Record ids are derived from the article id and the record's position, so re-extracting the same
text writes the same rows (idempotent), and a citation of ``directives/123000004`` stays valid.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import sqlite_utils

from extract.person_key import fold_latin

RECORD_TABLES = ("officials", "task_reports", "rankings", "directives")
_ID_STRIDE = 10_000  # records per article per table; far above anything seen


def _rid(article_id: int, i: int) -> int:
    return article_id * _ID_STRIDE + i


def _sentence_of(text: str, start: int, end: int) -> str:
    """The line-bounded sentence around [start, end) for officials, who carry no sentence."""
    a = max(text.rfind("\n", 0, start) + 1, 0)
    b = text.find("\n", end)
    return text[a : b if b != -1 else len(text)].strip()


def load_extraction(db: sqlite_utils.Database, article_id: int, result: dict[str, Any]) -> dict[str, int]:
    """Replace the article's meeting and records by ``result``, in one transaction.

    Only meeting reports get a meeting row and records: figures from sport or weather pages
    would pollute what analysts count.
    """
    meeting = result.get("meeting") or {}
    is_report = bool(meeting.get("is_report"))
    province = meeting.get("province") or {}
    url = (result.get("source") or {}).get("url")
    counts = {"meetings": 0, **{t: 0 for t in RECORD_TABLES}}
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with db.conn:  # one transaction: a kill mid-way leaves the previous extraction intact
        for table in (*RECORD_TABLES, "meetings"):
            db.execute(f"DELETE FROM [{table}] WHERE article_id = ?", [article_id])
        db.execute(
            "UPDATE articles SET is_meeting_report = ?, relevance = ?, extracted_at = ?, "
            "extractor_version = ?, extracted_hash = content_hash, original_url = coalesce(?, original_url), "
            "search_text = ? || ' ' || ? WHERE id = ?",
            [int(is_report), meeting.get("relevance"), now, result.get("extractor_version"),
             (result.get("source") or {}).get("original_url"),
             fold_latin(db.execute("SELECT coalesce(title, '') FROM articles WHERE id = ?", [article_id]).fetchone()[0]),
             fold_latin(result.get("text", "")), article_id],
        )
        if not is_report:
            return counts
        meeting_id = article_id
        common = {
            "article_id": article_id, "meeting_id": meeting_id,
            "province_code": province.get("code"),
        }
        db["meetings"].insert(
            {
                "id": meeting_id, "article_id": article_id, "date": meeting.get("date"),
                "province_code": province.get("code"), "province": province.get("name"),
                "merged_into": province.get("merged_into"), "level": meeting.get("level"),
                "committee": meeting.get("committee"), "chair": meeting.get("chair"),
                "language": result.get("language"), "url": url,
            }
        )
        counts["meetings"] = 1
        dated = {**common, "meeting_date": meeting.get("date"), "url": url}
        text = result.get("text", "")
        keys = {o["name"]: o.get("person_key") for o in result.get("officials", [])}
        rows = {
            "officials": [
                {
                    "id": _rid(article_id, i), **common, "name": o["name"],
                    "person_key": o.get("person_key"), "titles": json.dumps(o.get("titles", []), ensure_ascii=False),
                    "role": o.get("role"), "start": o["start"], "end": o["end"],
                    "sentence": _sentence_of(text, o["start"], o["end"]),
                }
                for i, o in enumerate(result.get("officials", []))
            ],
            "task_reports": [
                {
                    "id": _rid(article_id, i), **dated,
                    **{k: r.get(k) for k in (
                        "total", "completed", "completed_on_time", "completed_late", "in_progress",
                        "not_started", "overdue", "completed_percent", "scope", "as_of",
                        "sentence", "start", "end")},
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
                }
                for i, d in enumerate(result.get("directives", []))
            ],
        }
        for table, table_rows in rows.items():
            if table_rows:
                db[table].insert_all(table_rows)
            counts[table] = len(table_rows)
    return counts
