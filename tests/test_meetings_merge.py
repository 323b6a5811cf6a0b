"""One meeting row per meeting: translations join their original, reports of the same province,
level and date join each other; people are one row across spellings; task parts are checked."""
from __future__ import annotations

import hashlib
import json

import pytest

from corpus.db import open_db
from corpus.load import consistency
from corpus.reextract import extract_articles, pending_article_ids

VI = ("Sáng 26/4/2025, Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
      "tỉnh Tuyên Quang họp phiên thứ nhất. Đồng chí Hầu A Lềnh, Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo chủ trì. "
      "Tỉnh đã hoàn thành 12/20 nhiệm vụ. Đồng chí Hầu A Lềnh yêu cầu các sở hoàn thành dữ liệu.")
RU = ("Утром 26 апреля 2025 года состоялось заседание руководящего комитета провинции Туенкуанг по развитию "
      "науки, технологий, инноваций и цифровой трансформации под председательством секретаря "
      "провинциального комитета партии Хау А Леня. Выполнено 12 из 20 задач. "
      "Секретарь Хау А Лень поручил департаментам завершить базу данных.")
EN = ("On April 26, 2025, the Tuyen Quang Provincial Steering Committee for Science, Technology, Innovation "
      "and Digital Transformation held its first meeting, chaired by Party Secretary Hau A Lenh. "
      "The province has completed 12 of 20 tasks. Hau A Lenh requested departments to finish the database.")


def _add(db, i, text, url, cites=None):
    db["sources"].upsert({"name": "s", "start_urls": "[]", "config": "{}"}, pk="name")
    body = text + (f"\nИсточник: {cites}" if cites else "")
    db["articles"].insert({"id": i, "url": url, "source": "s", "text": body,
                           "content_hash": hashlib.sha256(body.encode()).hexdigest()})
    extract_articles(db, pending_article_ids(db))


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "m.db")


def test_a_translation_joins_the_meeting_of_the_original_it_cites(db):
    _add(db, 1, VI, "https://baotuyenquang.com.vn/a.html")
    _add(db, 2, RU.replace("26 апреля 2025 года", "26 апреля"), "https://www.vietnam.vn/ru/a",
         cites="https://baotuyenquang.com.vn/a.html")
    rows = db.execute("SELECT id, article_count, languages, province_code, date FROM meetings").fetchall()
    assert rows == [(1, 2, '["ru", "vi"]', "tuyen-quang", "2025-04-26")]
    assert db.execute("SELECT count(DISTINCT meeting_id) FROM officials").fetchone()[0] == 1


def test_a_translation_loaded_before_its_original_is_merged_when_the_original_arrives(db):
    _add(db, 1, RU.replace("26 апреля 2025 года", "26 апреля"), "https://www.vietnam.vn/ru/a",
         cites="https://baotuyenquang.com.vn/a.html")
    assert db.execute("SELECT count(*) FROM meetings").fetchone()[0] == 1
    _add(db, 2, VI, "https://baotuyenquang.com.vn/a.html")
    assert db.execute("SELECT count(*), max(article_count) FROM meetings").fetchone() == (1, 2)
    assert db.execute("SELECT DISTINCT meeting_id FROM task_reports").fetchall() == \
        db.execute("SELECT id FROM meetings").fetchall()


def test_reports_of_the_same_province_level_and_date_are_one_meeting_and_other_dates_are_not(db):
    _add(db, 1, VI, "https://a.vn/1")
    _add(db, 2, EN, "https://b.vn/2")
    _add(db, 3, VI.replace("26/4/2025", "26/5/2025"), "https://a.vn/3")
    assert db.execute("SELECT date, article_count FROM meetings ORDER BY date").fetchall() == \
        [("2025-04-26", 2), ("2025-05-26", 1)]


def test_a_person_is_one_row_across_spellings_languages_and_articles(db):
    _add(db, 1, VI, "https://a.vn/1")
    _add(db, 2, RU, "https://b.vn/2")
    _add(db, 3, EN, "https://c.vn/3")
    row = db.execute("SELECT name, names, articles, languages FROM persons WHERE person_key = "
                     "(SELECT person_key FROM officials WHERE name = 'Хау А Лень')").fetchone()
    assert row[0] in ("Hầu A Lềnh", "Hau A Lenh") and row[2] == 3
    assert {"Hầu A Lềnh", "Хау А Лень", "Hau A Lenh"} <= set(json.loads(row[1]))
    assert json.loads(row[3]) == ["en", "ru", "vi"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_reextracting_an_article_that_stops_being_a_report_removes_it_from_its_meeting(db):
    _add(db, 1, VI, "https://a.vn/1")
    _add(db, 2, EN, "https://b.vn/2")
    db.execute("UPDATE articles SET text = 'Giá xăng giảm.', content_hash = 'x' WHERE id = 2")
    db.conn.commit()
    extract_articles(db, pending_article_ids(db))
    assert db.execute("SELECT article_count, languages FROM meetings").fetchall() == [(1, '["vi"]')]
    # the person is now seen in one article only, and nobody is left without a mention
    assert db.execute("SELECT articles, names FROM persons").fetchall() == [(1, '["Hầu A Lềnh"]')]


@pytest.mark.parametrize(
    "report, adds_up",
    [
        ({"total": 102, "completed": 41, "in_progress": 61}, 1),
        ({"total": 20, "completed": 12, "in_progress": 9}, 0),        # 21 > 20
        ({"total": 20, "completed": 12}, None),                        # one part: cannot tell
        ({"total": 20, "completed": 5, "in_progress": 5}, None),       # short, other statuses unstated
        ({"total": 20, "completed": 5, "in_progress": 5, "not_started": 5, "overdue": 1}, 0),
        ({"total": 65, "completed_on_time": 28, "completed_late": 3, "in_progress": 34}, 1),
        ({"completed": 5, "in_progress": 5}, None),                    # no total
    ],
)
def test_consistency_flag_compares_only_stated_numbers(report, adds_up):
    assert consistency(report)["adds_up"] == adds_up


def test_a_version_2_database_gets_its_addressee_search_column_filled_without_reextraction(tmp_path):
    db = open_db(tmp_path / "v2.db")
    _add(db, 1, VI, "https://a.vn/1")
    extract_articles(db, pending_article_ids(db))
    want = db.execute("SELECT id, addressees_search FROM directives ORDER BY id").fetchall()
    assert want and all(a for _, a in want)
    db.execute("ALTER TABLE directives DROP COLUMN addressees_search")
    db.execute("PRAGMA user_version = 2")
    db.conn.commit()
    db.conn.close()
    db = open_db(tmp_path / "v2.db")
    assert db.execute("SELECT id, addressees_search FROM directives ORDER BY id").fetchall() == want
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    assert pending_article_ids(db) == []


def test_an_old_database_is_upgraded_and_its_articles_queued_for_reextraction(tmp_path):
    db = open_db(tmp_path / "old.db")
    _add(db, 1, VI, "https://a.vn/1")
    db.execute("PRAGMA user_version = 1")
    db.conn.commit()
    db.conn.close()
    db = open_db(tmp_path / "old.db")
    assert db.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0
    assert pending_article_ids(db) == [1]
    extract_articles(db, pending_article_ids(db))
    assert db.execute("SELECT count(*) FROM meetings").fetchone()[0] == 1
