"""Database schema and connection: every table, its keys and its full-text indexes.

One place defines the shape of the corpus; loaders and the crawl store only write rows.
Tables are created idempotently, so opening an old database upgrades it in place.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from corpus.errors import DatabaseError

SCHEMA_VERSION = 2  # 2: one meeting row per meeting (meeting_articles), persons, adds_up

# tables of extracted records, each row tied to an article and its meeting
RECORD_TABLES = ("officials", "task_reports", "rankings", "directives")

# table -> (columns, primary key, foreign keys, not-null)
ARTICLE_COLUMNS = {
    "id": int,
    "url": str,  # the URL it was fetched from (after normalisation)
    "canonical_url": str,
    "source": str,
    "title": str,
    "published": str,  # ISO date or datetime
    "language": str,
    "author": str,
    "text": str,  # main text, the text the extractor worked on
    "raw_html_gz": bytes,  # zlib-compressed raw HTML as fetched
    "content_hash": str,  # sha256 of the main text
    "http_etag": str,
    "http_last_modified": str,
    "http_status": int,
    "fetched_at": str,
    "first_seen_at": str,
    "original_url": str,  # for translations: the original article cited
    "is_meeting_report": int,
    "relevance": float,
    "extracted_at": str,
    "extractor_version": str,
    "extracted_hash": str,  # content_hash the current extraction was made from
    "search_text": str,  # title and text folded (no diacritics, đ→d) for accent-free search
}


def open_db(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and create or upgrade) the corpus database in WAL mode."""
    path = Path(path)
    if not create and not path.exists():
        raise DatabaseError(f"database not found: {path}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=30000")
        if create:
            ensure_schema(db)
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseError(f"cannot open database {path}: {exc}") from exc
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create every table, index and FTS table that does not exist yet."""
    t = db.table
    _migrate(db)
    _ensure_provinces(db)
    if not t("sources").exists():
        t("sources").create(
            {"name": str, "language": str, "province": str, "start_urls": str, "config": str},
            pk="name",
        )
    if not t("articles").exists():
        t("articles").create(ARTICLE_COLUMNS, pk="id", foreign_keys=[("source", "sources", "name")])
        t("articles").create_index(["url"], unique=True)
        t("articles").create_index(["canonical_url"])
        t("articles").create_index(["content_hash"])
    if not t("frontier").exists():
        t("frontier").create(
            {
                "url": str, "source": str, "kind": str, "depth": int, "status": str,
                "discovered_at": str, "fetched_at": str, "attempts": int, "http_status": int,
                "http_etag": str, "http_last_modified": str, "error": str, "referrer": str,
            },
            pk="url",
        )
        t("frontier").create_index(["source", "status"])
    if not t("meetings").exists():
        # one row per meeting, however many articles (and translations) report it
        t("meetings").create(
            {
                "id": int, "meeting_key": str, "date": str, "province_code": str, "province": str,
                "merged_into": str, "level": str, "committee": str, "chair": str, "chair_key": str,
                "languages": str, "article_count": int, "url": str, "title": str,
            },
            pk="id",
            foreign_keys=[("province_code", "provinces", "code")],
        )
        t("meetings").create_index(["meeting_key"], unique=True)
        t("meetings").create_index(["province_code", "date"])
    if not t("meeting_articles").exists():
        t("meeting_articles").create(
            {"article_id": int, "meeting_id": int, "role": str, "language": str, "url": str, "title": str,
             "cites": str, "facts": str},  # facts: the meeting as this article reports it (JSON)
            pk="article_id",
            foreign_keys=[("article_id", "articles", "id"), ("meeting_id", "meetings", "id")],
        )
        t("meeting_articles").create_index(["meeting_id"])
    if not t("persons").exists():
        t("persons").create(
            {"person_key": str, "name": str, "names": str, "languages": str, "roles": str, "titles": str,
             "mentions": int, "articles": int, "meetings": int, "first_seen": str, "last_seen": str},
            pk="person_key",
        )
    if not t("officials").exists():
        t("officials").create(
            {
                "id": int, "article_id": int, "meeting_id": int, "name": str, "person_key": str,
                "titles": str, "role": str, "start": int, "end": int, "sentence": str,
                "province_code": str, "meeting_date": str, "language": str, "url": str,
            },
            pk="id",
            foreign_keys=[("article_id", "articles", "id"), ("meeting_id", "meetings", "id"),
                          ("province_code", "provinces", "code"), ("person_key", "persons", "person_key")],
        )
        t("officials").create_index(["person_key"])
        t("officials").create_index(["article_id"])
        t("officials").create_index(["meeting_id"])
    if not t("task_reports").exists():
        t("task_reports").create(
            {
                "id": int, "article_id": int, "meeting_id": int, "province_code": str,
                "meeting_date": str, "total": float, "completed": float,
                "completed_on_time": float, "completed_late": float, "in_progress": float,
                "not_started": float, "overdue": float, "completed_percent": float, "scope": str,
                "as_of": str, "parts_sum": float, "adds_up": int, "sentence": str, "start": int, "end": int,
                "url": str,
            },
            pk="id",
            foreign_keys=[("article_id", "articles", "id"), ("meeting_id", "meetings", "id"),
                          ("province_code", "provinces", "code")],
        )
        t("task_reports").create_index(["article_id"])
        t("task_reports").create_index(["province_code", "meeting_date"])
    if not t("rankings").exists():
        t("rankings").create(
            {
                "id": int, "article_id": int, "meeting_id": int, "province_code": str,
                "meeting_date": str, "rank": int, "out_of": int, "index_name": str,
                "index_key": str, "year": int, "sentence": str, "start": int, "end": int,
                "url": str,
            },
            pk="id",
            foreign_keys=[("article_id", "articles", "id"), ("meeting_id", "meetings", "id"),
                          ("province_code", "provinces", "code")],
        )
        t("rankings").create_index(["article_id"])
        t("rankings").create_index(["province_code", "index_key"])
    if not t("directives").exists():
        t("directives").create(
            {
                "id": int, "article_id": int, "meeting_id": int, "province_code": str,
                "meeting_date": str, "text": str, "issuer": str, "issuer_key": str,
                "addressees": str, "deadline": str, "start": int, "end": int, "url": str,
                "language": str, "search_text": str,
            },
            pk="id",
            foreign_keys=[("article_id", "articles", "id"), ("meeting_id", "meetings", "id"),
                          ("province_code", "provinces", "code"), ("issuer_key", "persons", "person_key")],
        )
        t("directives").create_index(["article_id"])
    if not t("crawl_runs").exists():
        t("crawl_runs").create(
            {
                "id": int, "started_at": str, "ended_at": str, "status": str, "requests": int,
                "pages_fetched": int, "new": int, "changed": int, "unchanged": int, "errors": int,
                "errors_by_kind": str, "per_source": str, "extracted": int, "message": str,
            },
            pk="id",
        )
    if not t("fetch_log").exists():
        t("fetch_log").create(
            {"id": int, "run_id": int, "at": str, "url": str, "source": str, "kind": str,
             "http_status": int, "error": str},
            pk="id",
            foreign_keys=[("run_id", "crawl_runs", "id")],
        )
    _ensure_views(db)
    _ensure_fts(db, "articles", ["title", "text", "search_text"])
    _ensure_fts(db, "directives", ["text", "issuer", "addressees", "search_text"])


VIEWS = {
    # the most recent task figures each province reported (one row per province and scope)
    "latest_task_figures": """
        select t.province_code, p.name as province, t.meeting_date, t.scope, t.total, t.completed,
               t.in_progress, t.not_started, t.overdue, t.completed_percent, t.sentence, t.url
        from task_reports t left join provinces p on p.code = t.province_code
        where t.id = (select t2.id from task_reports t2
                      where t2.province_code is t.province_code and t2.scope is t.scope
                      order by t2.meeting_date desc, t2.id desc limit 1)
        order by t.province_code""",
    "rankings_over_time": """
        select r.index_key, r.province_code, p.name as province, r.meeting_date, r.year, r.rank, r.out_of,
               r.index_name, r.sentence, r.url
        from rankings r left join provinces p on p.code = r.province_code
        order by r.index_key, r.province_code, r.meeting_date""",
    "directives_per_addressee": """
        select a.value as addressee, count(*) as directives, group_concat(distinct d.province_code) as provinces,
               min(d.meeting_date) as first_seen, max(d.meeting_date) as last_seen
        from directives d, json_each(d.addressees) a
        group by a.value order by directives desc, addressee""",
    "meetings_per_month": """
        select substr(date, 1, 7) as month, count(*) as meetings, count(distinct province_code) as provinces
        from meetings where date is not null group by month order by month""",
}


_DERIVED = ("directives_fts", "officials", "task_reports", "rankings", "directives", "meeting_articles",
            "meetings", "persons")


def _migrate(db: sqlite_utils.Database) -> None:
    """Bring an older database to SCHEMA_VERSION. The derived tables (meetings and records) are
    rebuilt from the stored articles: they are dropped here and every article is marked for
    re-extraction, which the next `meetings update` or `meetings reextract` does offline.
    Crawled data (sources, articles, raw HTML, frontier, runs) is never touched."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION:
        return
    if db["articles"].exists() and version < 2:
        with db.conn:
            for view in db.view_names():
                db.execute(f"DROP VIEW [{view}]")
            for table in _DERIVED:   # children before parents; a table's triggers go with it
                db.execute(f"DROP TABLE IF EXISTS [{table}]")
            db.execute("UPDATE articles SET extracted_hash = NULL, extracted_at = NULL")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _ensure_views(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)


def _ensure_provinces(db: sqlite_utils.Database) -> None:
    """The 63 former and 34 current units, refreshed from the extractor's data on every open."""
    import json

    from extract.provinces import all_provinces

    rows = [{**p, "spellings": json.dumps(p["spellings"], ensure_ascii=False), "in_force": int(p["in_force"])}
            for p in sorted(all_provinces(), key=lambda p: not p["in_force"])]  # targets of merged_into first
    if not db["provinces"].exists():
        db["provinces"].create(
            {"code": str, "name": str, "name_en": str, "name_ru": str, "name_uk": str, "spellings": str, "merged_into": str,
             "in_force": int, "latitude": float, "longitude": float},
            pk="code", foreign_keys=[("merged_into", "provinces", "code")],
        )
    with db.conn:
        db["provinces"].upsert_all(rows, pk="code", alter=True)


def _ensure_fts(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    # remove_diacritics 2 folds letters with two marks (ể, ộ) as well; unicode61 never folds đ,
    # so a search_text column holds the text folded by us (đ→d) and is indexed beside it.
    if not db[f"{table}_fts"].exists():
        db[table].enable_fts(
            columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2"
        )
