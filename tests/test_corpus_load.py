"""Loading extraction results: idempotent, one transaction per article, records tied to meetings."""
from __future__ import annotations

import hashlib
import sqlite3

import pytest

from conftest import SEEDS_DIR
from corpus.db import open_db
from corpus.db import RECORD_TABLES
from corpus.reextract import extract_articles, pending_article_ids


def _add_article(db, i: int, text: str, url: str) -> None:
    db["sources"].upsert({"name": "seeds", "language": None, "province": None, "start_urls": "[]",
                          "config": "{}"}, pk="name")
    db["articles"].insert({"id": i, "url": url, "source": "seeds", "text": text,
                           "content_hash": hashlib.sha256(text.encode()).hexdigest()})


def _dump(path) -> list:
    conn = sqlite3.connect(path)
    rows = []
    for table in ("meetings", *RECORD_TABLES):
        rows += [(table, *r) for r in conn.execute(f"SELECT * FROM [{table}] ORDER BY id")]
    rows += list(conn.execute("SELECT id, is_meeting_report, extracted_hash FROM articles ORDER BY id"))
    conn.close()
    return rows


@pytest.fixture
def seeded_db(tmp_path):
    path = tmp_path / "m.db"
    db = open_db(path)
    for i, seed in enumerate(sorted(SEEDS_DIR.glob("*.txt")), start=1):
        _add_article(db, i, seed.read_text(encoding="utf-8"), f"https://example.org/{seed.stem}")
    return path, db


def test_extraction_of_pending_articles_then_nothing_pending(seeded_db):
    path, db = seeded_db
    assert len(pending_article_ids(db)) == 5
    totals = extract_articles(db, pending_article_ids(db))
    assert totals["articles"] == 5 and totals["failed"] == 0
    assert pending_article_ids(db) == []


def test_reextracting_the_same_text_changes_nothing(seeded_db):
    path, db = seeded_db
    extract_articles(db, pending_article_ids(db))
    before = _dump(path)
    extract_articles(db, pending_article_ids(db, everything=True))
    assert _dump(path) == before


def test_reextracting_the_archive_does_not_reindex_unchanged_texts_for_search(seeded_db):
    path, db = seeded_db
    ids = pending_article_ids(db)
    extract_articles(db, ids)
    segments = db.execute("SELECT count(*) FROM articles_fts_data").fetchone()[0]
    for _ in range(3):
        extract_articles(db, pending_article_ids(db, everything=True))
    assert db.execute("SELECT count(*) FROM articles_fts_data").fetchone()[0] == segments
    hits = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'nghi'").fetchone()[0]
    db.execute("UPDATE articles SET text = text || ' zzyzx' WHERE id = 1")
    assert db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'zzyzx'").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'nghi'").fetchone()[0] == hits


def test_changed_text_replaces_the_article_records(seeded_db):
    path, db = seeded_db
    extract_articles(db, pending_article_ids(db))
    text = "Короткая заметка о погоде: завтра в провинции ожидается дождь."
    db.execute("UPDATE articles SET text = ?, content_hash = 'x' WHERE id = 1", [text])
    db.conn.commit()
    assert pending_article_ids(db) == [1]
    extract_articles(db, [1])
    for table in ("meeting_articles", *RECORD_TABLES):
        assert db.execute(f"SELECT count(*) FROM [{table}] WHERE article_id = 1").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM meetings").fetchone()[0] == 4


def test_records_point_at_their_meeting_and_article(seeded_db):
    path, db = seeded_db
    extract_articles(db, pending_article_ids(db))
    for table in RECORD_TABLES:
        orphans = db.execute(
            f"SELECT count(*) FROM [{table}] t LEFT JOIN meetings m ON m.id = t.meeting_id "
            f"WHERE m.id IS NULL").fetchone()[0]
        assert orphans == 0, table
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_provinces_table_holds_the_63_former_and_34_current_units(tmp_path):
    db = open_db(tmp_path / "p.db")
    assert db["provinces"].count == 63
    assert db.execute("select count(*) from provinces where in_force = 1").fetchone()[0] == 34
    assert db.execute("select merged_into from provinces where code = 'ha-giang'").fetchone()[0] == "tuyen-quang"
    # every merged unit joined one in force, and every unit has a point on the map
    assert db.execute("select count(*) from provinces p join provinces t on t.code = p.merged_into "
                      "where t.in_force = 0").fetchone()[0] == 0
    assert db.execute("select count(*) from provinces where latitude between 8 and 24 "
                      "and longitude between 102 and 110").fetchone()[0] == 63


def test_reparse_rebuilds_text_from_raw_html_and_only_changed_articles_are_reextracted(tmp_path):
    import zlib

    from corpus.reparse import reparse_articles

    db = open_db(tmp_path / "r.db")
    html = ("<html lang=ru><head><meta property='og:type' content='article'><title>T</title></head><body>"
            "<div class='article-body'><p>Заседание провёл секретарь провинциального комитета партии Хау А Лень.</p>"
            "<figure><figcaption>Подпись к фото.</figcaption></figure></div></body></html>")
    _add_article(db, 1, "старый текст", "https://example.org/a")
    db.execute("UPDATE articles SET raw_html_gz = ? WHERE id = 1", [zlib.compress(html.encode())])
    db.conn.commit()
    extract_articles(db, pending_article_ids(db))
    assert reparse_articles(db) == {"reparsed": 1, "changed": 1, "unchanged": 0, "skipped": 0}
    text = db.execute("select text from articles where id = 1").fetchone()[0]
    assert "Хау А Лень" in text and "Подпись к фото." in text
    assert pending_article_ids(db) == [1]
    assert reparse_articles(db)["unchanged"] == 1
