"""Counts of what the corpus holds, for summaries people read after a run."""
from __future__ import annotations

import sqlite_utils

COUNTED = ("articles", "meetings", "officials", "task_reports", "rankings", "directives")


def corpus_counts(db: sqlite_utils.Database) -> dict[str, int]:
    counts = {t: db[t].count for t in COUNTED}
    counts["meeting_reports"] = db.execute(
        "SELECT count(*) FROM articles WHERE is_meeting_report = 1").fetchone()[0]
    return counts
