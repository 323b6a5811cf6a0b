"""The published database answers the users' questions: every view and canned query, on the
sample, with the rows a reader should see, and CSV/JSON export everywhere (Datasette's client)."""
from __future__ import annotations

import asyncio
import csv
import io

import pytest

from corpus.serve import load_metadata, make_datasette

QUERIES = load_metadata()["databases"]["meetings"]["queries"]
VIEWS = ("latest_task_figures", "rankings_over_time", "directives_per_addressee", "meetings_per_month")


@pytest.fixture(scope="module")
def get(sample_db):
    ds = make_datasette(sample_db)

    def fetch(path: str):
        return asyncio.run(ds.client.get(path))
    return fetch


def rows(get, path: str) -> list[dict]:
    r = get(path + ("&" if "?" in path else "?") + "_shape=array&_size=max")
    assert r.status_code == 200, r.text[:300]
    return r.json()


def test_directives_to_a_department_are_found_with_sentence_issuer_and_article(get):
    found = rows(get, "/meetings/directives_to_addressee.json?addressee=Sở Khoa học")
    assert found and all("Sở Khoa học" in r["addressees"] for r in found)
    assert all(r["url"].startswith("http") and r["text"] for r in found)


def test_the_addressee_search_finds_the_same_directives_without_diacritics_or_capitals(get):
    def ids(addressee: str) -> set[int]:
        return {r["id"] for r in rows(get, "/meetings/directives_to_addressee.json?addressee=" + addressee)}
    written = ids("Sở Khoa học")
    assert written and ids("so khoa hoc") == written and ids("sở khoa học") == written
    ministry = ids("Министерству")
    assert ministry and ids("министерству") == ministry   # LIKE alone ignores the case of ASCII letters only
    assert not ids("so khoa hoc xyz")


def test_task_completion_compares_every_reporting_province_with_stated_figures_only(get):
    found = rows(get, "/meetings/compare_task_completion.json")
    keys = [(r["province"], r["scope"]) for r in found]   # latest per province and scope
    assert len(keys) == len(set(keys)) and len({r["province"] for r in found}) >= 8
    hue = next(r for r in found if r["province"] == "Huế")
    assert (hue["total"], hue["completed"], hue["completed_percent"]) == (139, 113, 81.2)
    assert all(r["sentence"] and r["url"] for r in found)


def test_a_person_is_found_by_part_of_any_spelling(get):
    assert rows(get, "/meetings/person_appearances.json?name=Хау А")
    assert rows(get, "/meetings/person_appearances.json?name=hau a")


def test_meetings_of_a_province_include_units_merged_into_it(get):
    found = rows(get, "/meetings/meetings_of_province.json?province_code=tuyen-quang")
    assert len(found) == 2   # Tuyên Quang's own and Hà Giang's (merged into it on 2025-07-01)


def test_directive_keyword_search_is_accent_free(get):
    assert rows(get, "/meetings/directives_by_keyword.json?keyword=de nghi")


def test_task_figures_of_one_province_and_latest_rankings(get):
    assert [r["total"] for r in rows(get, "/meetings/task_figures_by_province.json?province_code=tuyen-quang")]
    latest = rows(get, "/meetings/latest_ranking_per_province_and_index.json")
    assert {("dong-nai", "dti", 7, 34)} <= {(r["province_code"], r["index_key"], r["rank"], r["out_of"]) for r in latest}


def test_every_canned_query_is_tested_here():
    tested = {"directives_to_addressee", "compare_task_completion", "person_appearances", "meetings_of_province",
              "directives_by_keyword", "task_figures_by_province", "latest_ranking_per_province_and_index"}
    assert set(QUERIES) == tested


@pytest.mark.parametrize("view, expected", [
    ("latest_task_figures", lambda rs: len(rs) == len({(r["province_code"], r["scope"]) for r in rs}) >= 8),
    ("rankings_over_time", lambda rs: len(rs) == 7 and all(r["rank"] >= 1 for r in rs)),
    ("directives_per_addressee", lambda rs: rs[0]["directives"] >= rs[-1]["directives"] and len(rs) > 10),
    ("meetings_per_month", lambda rs: sum(r["meetings"] for r in rs) >= 6 and rs == sorted(rs, key=lambda r: r["month"])),
])
def test_views_answer_the_common_questions(get, view, expected):
    assert expected(rows(get, f"/meetings/{view}.json"))


def _tables(get) -> list[str]:
    return [t["name"] for t in get("/meetings.json").json()["tables"] if not t["hidden"]]


def test_every_table_view_and_query_exports_csv_and_json(get):
    names = _tables(get) + list(VIEWS)
    params = {"directives_to_addressee": "addressee=Sở", "person_appearances": "name=Hau",
              "meetings_of_province": "province_code=hue", "directives_by_keyword": "keyword=yeu",
              "task_figures_by_province": "province_code=hue"}
    for name in names + list(QUERIES):
        q = params.get(name, "")
        csv_resp = get(f"/meetings/{name}.csv?{q}&_size=max")
        assert csv_resp.status_code == 200, name
        header = next(csv.reader(io.StringIO(csv_resp.text)))
        assert header, name
        assert get(f"/meetings/{name}.json?{q}").status_code == 200, name


def test_one_meeting_row_per_meeting_with_persons_and_consistency_flags(get):
    meetings = rows(get, "/meetings/meetings.json")
    assert len({m["meeting_key"] for m in meetings}) == len(meetings)
    persons = rows(get, "/meetings/persons.json")
    assert persons and all(p["mentions"] >= 1 for p in persons)
    flags = {r["adds_up"] for r in rows(get, "/meetings/task_reports.json")}
    assert flags <= {0, 1, None} and 1 in flags


def test_provinces_have_names_in_four_languages_the_merger_mapping_and_a_point(get):
    found = rows(get, "/meetings/provinces.json")
    assert len(found) == 63 and sum(p["in_force"] for p in found) == 34
    hg = next(p for p in found if p["code"] == "ha-giang")
    assert hg["merged_into"] == "tuyen-quang" and hg["name_ru"] and hg["name_uk"] and hg["name_en"] == "Ha Giang"
    assert all(p["latitude"] and p["longitude"] and p["name_uk"] for p in found)


def test_a_snapshot_is_a_complete_self_contained_copy_that_serves_immutable(sample_db, tmp_path):
    import sqlite3
    import subprocess
    import sys

    from conftest import ROOT

    out = tmp_path / "site" / "meetings.db"
    proc = subprocess.run([sys.executable, "-m", "corpus.cli", "snapshot", str(out), "--db", str(sample_db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "site" / "meetings.db-wal").exists()
    with sqlite3.connect(sample_db) as a, sqlite3.connect(out) as b:
        for table in ("articles", "meetings", "directives", "persons"):
            assert a.execute(f"select count(*) from {table}").fetchone() == b.execute(f"select count(*) from {table}").fetchone()
    ds = make_datasette(out, immutable=True)
    assert asyncio.run(ds.client.get("/meetings/meetings.json")).status_code == 200


def test_the_site_reads_through_a_page_cache_sized_for_searches_over_many_rows(sample_db):
    from corpus.datasette_tuning import CACHE_MB

    db = make_datasette(sample_db).get_database("meetings")
    assert asyncio.run(db.execute("pragma cache_size")).rows[0][0] == -CACHE_MB * 1024
