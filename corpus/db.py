"""Database schema and connection: every table, its keys and its full-text indexes.

One place defines the shape of the corpus; loaders and the crawl store only write rows.
Tables are created idempotently, so opening an old database upgrades it in place.
"""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils

from corpus.errors import DatabaseError, describe_sqlite_error
from extract.person_key import fold_latin

SCHEMA_VERSION = 3  # 2: one meeting row per meeting (meeting_articles), persons, adds_up; 3: addressees_search

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


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows that share their keys, with one prepared statement. Plain SQL rather than
    ``db[table].insert_all``: that one inspects the table's schema on every call, which cost more
    than the inserts themselves when an archive of thousands of articles is re-extracted.
    Run it inside the caller's transaction (``with db.atomic():``)."""
    if not rows:
        return
    cols = list(rows[0])
    sql = f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' * len(cols))})"
    db.conn.executemany(sql, [[_value(r[c]) for c in cols] for r in rows])


def upsert_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]], pk: str) -> None:
    """Insert rows that share their keys, or update those whose ``pk`` is there already. Plain SQL:
    sqlite-utils' upsert first probes SQLite with a scratch table that it drops only after
    committing, and a process killed in between left that table in the user's database
    (tests/test_durability.py found one). Run it inside the caller's transaction."""
    if not rows:
        return
    cols = list(rows[0])
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in cols if c != pk)
    sql = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' * len(cols))}) "
           f"ON CONFLICT([{pk}]) DO UPDATE SET {updates}")
    db.conn.executemany(sql, [[_value(r[c]) for c in cols] for r in rows])


def _value(v: Any) -> Any:
    return json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list, tuple)) else v


def open_db(path: str | Path, *, create: bool = True, read_only: bool = False) -> sqlite_utils.Database:
    """Open (and create or upgrade) the corpus database in WAL mode. ``read_only`` opens an
    existing one for reading and checks it is a SQLite database, writing nothing (serve, snapshot)."""
    from corpus.files import make_parent

    path = Path(path)
    if (read_only or not create) and not path.exists():
        raise DatabaseError(f"database not found: {path} (run `meetings update` or `meetings demo` first)")
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file")
    try:
        if read_only:
            conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return sqlite_utils.Database(conn)
        make_parent(path, "database")
        if create and (not path.exists() or path.stat().st_size == 0) and not Path(f"{path}-wal").exists():
            # A new database gets its whole schema in a file beside it, renamed into place once
            # complete: a run killed meanwhile leaves no half-made schema behind (tables are
            # created only when missing, so their indexes and triggers would never follow).
            fresh = path.with_name(path.name + ".new")
            for leftover in (fresh, *(Path(f"{fresh}-{end}") for end in ("wal", "shm", "journal"))):
                leftover.unlink(missing_ok=True)
            new = sqlite_utils.Database(sqlite3.connect(str(fresh)))
            new.execute("PRAGMA synchronous=OFF")  # the file is synced once, before the rename
            ensure_schema(new)
            new.execute("PRAGMA journal_mode=WAL")  # written in the header; the WAL itself stays empty
            new.conn.close()
            fd = os.open(fresh, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            fresh.replace(path)
        conn = sqlite3.connect(str(path), timeout=30)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=30000")
        if create:
            ensure_schema(db)
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise DatabaseError(f"{path} is not a SQLite database ({exc})") from exc
        raise DatabaseError(f"cannot open database {path}: {describe_sqlite_error(exc)}") from exc
    except OSError as exc:
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
                "language": str, "search_text": str, "addressees_search": str,
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
    for table, columns in INDEXES:
        db[table].create_index(columns, if_not_exists=True)
    _ensure_views(db)
    _ensure_fts(db, "articles", ["title", "text", "search_text"])
    _ensure_fts(db, "directives", ["text", "issuer", "addressees", "search_text"])


# Indexes added after a table's creation, ensured on every open (so older databases get them).
# Every foreign key gets one: with foreign_keys=ON, deleting a meeting or person checks each child
# table, a full scan per delete without it -- quadratic over a re-extraction of the archive.
INDEXES = [
    ("articles", ["original_url"]),  # translations of an article (meetings_merge)
    ("task_reports", ["meeting_id"]),
    ("rankings", ["meeting_id"]),
    ("directives", ["meeting_id"]),
    ("directives", ["issuer_key"]),
    # Datasette: the facets and default sort of metadata.yml, the canned queries' filters. Without
    # them a table page of 100,000 articles scans each table once per facet (seconds, not ms).
    ("articles", ["published"]), ("articles", ["language"]), ("articles", ["source"]),
    ("articles", ["is_meeting_report"]),
    ("meetings", ["date"]), ("meetings", ["province"]), ("meetings", ["level"]), ("meetings", ["languages"]),
    ("meetings", ["merged_into"]),
    ("officials", ["role"]), ("officials", ["province_code"]), ("officials", ["language"]),
    ("task_reports", ["meeting_date"]), ("task_reports", ["scope"]), ("task_reports", ["adds_up"]),
    ("task_reports", ["province_code", "scope", "meeting_date"]),  # latest_task_figures
    ("rankings", ["meeting_date"]), ("rankings", ["index_key"]), ("rankings", ["year"]),
    ("rankings", ["province_code", "index_key", "meeting_date"]),  # latest ranking per province and index
    ("directives", ["meeting_date"]), ("directives", ["province_code", "meeting_date"]),
    ("directives", ["issuer"]), ("directives", ["language"]),
]


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
    if db["directives"].exists():
        # 3: filled from the stored addressees, no re-extraction needed. Checked and done under one
        # write lock: two commands opening the same old database at once upgrade it once.
        db.execute("BEGIN IMMEDIATE")
        try:
            if "addressees_search" not in db["directives"].columns_dict:
                db.execute("ALTER TABLE directives ADD COLUMN addressees_search TEXT")
                rows = db.execute("SELECT id, addressees FROM directives").fetchall()
                db.conn.executemany("UPDATE directives SET addressees_search = ? WHERE id = ?",
                                    [(addressees_search(json.loads(a) if a else []), rid) for rid, a in rows])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def addressees_search(names: list[str]) -> str | None:
    """The addressees as written, then folded (lower case, no diacritics, đ as d), one per line:
    what the addressee search matches, so that "so khoa hoc" and "департамент" find
    "Sở Khoa học" and "Департаменту" (SQLite's LIKE ignores the case of ASCII letters only)."""
    if not names:
        return None
    written = "\n".join(str(n) for n in names)
    folded = fold_latin(written)
    return written if folded == written else f"{written}\n{folded}"


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
    have = db["provinces"].columns_dict
    with db.conn:
        for col in rows[0]:
            if col not in have:   # a column the extractor's data gained since the database was made
                db.execute(f"ALTER TABLE provinces ADD COLUMN [{col}]")
        upsert_rows(db, "provinces", rows, "code")


def _ensure_fts(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    # remove_diacritics 2 folds letters with two marks (ể, ộ) as well; unicode61 never folds đ,
    # so a search_text column holds the text folded by us (đ→d) and is indexed beside it.
    if not db[f"{table}_fts"].exists():
        db[table].enable_fts(
            columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2"
        )
    _index_only_on_change(db, table, columns)


def _index_only_on_change(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    """sqlite-utils' update trigger re-indexes a row whatever column changed; every extraction
    updates an article's flags, so re-extracting the archive re-indexed every text and doubled the
    index. Re-index only when an indexed column is written."""
    name = f"{table}_au"
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [name]).fetchone()
    if not row or " UPDATE OF " in row[0].upper():
        return
    cols = ", ".join(f"[{c}]" for c in columns)
    old = ", ".join(f"old.[{c}]" for c in columns)
    new = ", ".join(f"new.[{c}]" for c in columns)
    with db.atomic():
        db.execute(f"DROP TRIGGER [{name}]")
        db.execute(
            f"CREATE TRIGGER [{name}] AFTER UPDATE OF {cols} ON [{table}] BEGIN "
            f"INSERT INTO [{table}_fts] ([{table}_fts], rowid, {cols}) VALUES('delete', old.rowid, {old}); "
            f"INSERT INTO [{table}_fts] (rowid, {cols}) VALUES (new.rowid, {new}); END"
        )
