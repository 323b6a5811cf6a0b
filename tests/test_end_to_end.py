"""The whole pipeline on the bundled sample site: real HTTP server, real crawl, real SQLite,
real Datasette over HTTP."""
from __future__ import annotations

import sqlite3
import json
import os
import subprocess
import sys

import httpx
import pytest

from conftest import ROOT
from datasette_server import served_datasette
from corpus.demo import crawl_sample
from corpus.lock import update_lock
from corpus.sample_server import SampleServer

NOT_MEETINGS = ("bong-da-tre", "du-bao-thoi-tiet", "nghi-dinh-moi")


@pytest.fixture(scope="module")
def site():
    with SampleServer() as server:
        yield server


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, site):
    path = tmp_path_factory.mktemp("e2e") / "meetings.db"
    summary, requests = crawl_sample(path, site=site)
    return path, summary, requests


def _count(path, sql: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


def test_crawl_stores_every_article_and_the_expected_records(demo_db):
    path, summary, _ = demo_db
    assert summary.crawl.new == 13 and summary.crawl.errors == 0
    assert _count(path, "select count(*) from articles") == 13
    assert _count(path, "select count(*) from meetings") >= 10
    assert _count(path, "select count(*) from officials") >= 20
    assert _count(path, "select count(*) from task_reports") >= 6
    assert _count(path, "select count(*) from rankings") >= 3
    assert _count(path, "select count(*) from directives") >= 10


def test_the_five_seed_reports_become_meetings_of_their_provinces(demo_db):
    path, _, _ = demo_db
    with sqlite3.connect(path) as conn:
        provinces = {r[0] for r in conn.execute(
            "select m.province_code from meetings m join meeting_articles ma on ma.meeting_id = m.id join articles a on a.id = ma.article_id "
            "where a.language in ('ru', 'uk')")}
    assert provinces == {"tuyen-quang", "ha-giang", "son-la", "lai-chau", "hue"}


def test_disallowed_path_is_never_requested(demo_db):
    _, _, requests = demo_db
    paths = [r.path for r in requests]
    assert "/robots.txt" in paths
    assert not [p for p in paths if p.startswith("/private/")]


def test_articles_that_are_not_meeting_reports_do_not_become_meetings(demo_db):
    path, _, _ = demo_db
    for slug in NOT_MEETINGS:
        row = _count(path, f"select count(*) from articles where url like '%{slug}%' and is_meeting_report = 0")
        assert row == 1, slug
        assert _count(path, f"select count(*) from meetings where url like '%{slug}%'") == 0


def test_offsets_in_the_database_slice_the_stored_text(demo_db):
    path, _, _ = demo_db
    with sqlite3.connect(path) as conn:
        for text, start, end, sentence in conn.execute(
                "select d.text, d.start, d.end, a.text from directives d join articles a on a.id = d.article_id"):
            assert sentence[start:end] == text
        for name, start, end, text in conn.execute(
                "select o.name, o.start, o.end, a.text from officials o join articles a on a.id = o.article_id"):
            assert text[start:end].split()[0] == name.split()[0]


def test_second_run_downloads_no_article_again_and_changes_nothing(demo_db, site):
    path, _, _ = demo_db
    with sqlite3.connect(path) as conn:
        before = conn.execute("select count(*), sum(length(text)) from articles").fetchone()
        records_before = [conn.execute(f"select count(*) from {t}").fetchone()[0]
                          for t in ("meetings", "officials", "task_reports", "rankings", "directives")]
    summary, requests = crawl_sample(path, site=site)
    article_requests = [r for r in requests if r.path.startswith("/tin-tuc/")]
    assert article_requests == []
    assert summary.crawl.new == 0 and summary.extracted.get("articles", 0) == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("select count(*), sum(length(text)) from articles").fetchone() == before
        assert [conn.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("meetings", "officials", "task_reports", "rankings", "directives")] == records_before
    # listings and the sitemap were asked again, conditionally, and answered 304
    assert any(r.status == 304 for r in requests)


@pytest.fixture(scope="module")
def datasette_url(demo_db):
    with served_datasette(demo_db[0]) as url:
        yield url


def test_datasette_answers_full_text_search_on_directives(datasette_url):
    rows = httpx.get(f"{datasette_url}/meetings/directives.json",
                     params={"_search": "поручил", "_shape": "array"}, timeout=10).json()
    assert rows and all("поручил" in r["text"].lower() for r in rows)
    vi = httpx.get(f"{datasette_url}/meetings/directives.json",
                   params={"_search": "yêu cầu", "_shape": "array"}, timeout=10).json()
    assert vi and all("yêu cầu" in r["text"].lower() for r in vi)


def test_canned_queries_run(datasette_url):
    base = f"{datasette_url}/meetings"
    q = httpx.get(f"{base}/directives_by_keyword.json", params={"keyword": "поручил", "_shape": "array"}, timeout=10)
    assert q.status_code == 200 and q.json()
    q = httpx.get(f"{base}/task_figures_by_province.json", params={"province_code": "tuyen-quang", "_shape": "array"},
                  timeout=10)
    assert q.status_code == 200 and {r["total"] for r in q.json()} >= {20, 102}
    q = httpx.get(f"{base}/latest_ranking_per_province_and_index.json", params={"_shape": "array"}, timeout=10)
    assert q.status_code == 200 and any(r["index_key"] == "dti" for r in q.json())


def test_metadata_describes_every_table_and_column(datasette_url):
    meta = httpx.get(f"{datasette_url}/-/metadata.json", timeout=10).json()
    tables = meta["databases"]["meetings"]["tables"]
    info = httpx.get(f"{datasette_url}/meetings.json", timeout=10).json()
    views = [{"name": v["name"], "columns": list(httpx.get(f"{datasette_url}/meetings/{v['name']}.json",
                                                             params={"_size": 1}, timeout=10).json()["columns"])}
             for v in info["views"]]
    for t in info["tables"] + views:
        if t["name"].endswith(("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")):
            continue
        assert t["name"] in tables and tables[t["name"]].get("description"), t["name"]
        missing = set(t["columns"]) - set(tables[t["name"]].get("columns", {}))
        assert not missing, (t["name"], missing)


def test_update_exits_with_a_clear_message_while_another_run_holds_the_lock(tmp_path):
    db = tmp_path / "m.db"
    with SampleServer() as site:
        sources = tmp_path / "sources.yml"
        sources.write_text(f"- name: sample\n  start_urls: ['{site.base_url}/']\n  delay: 0.01\n", encoding="utf-8")
        with update_lock(db):
            proc = subprocess.run([sys.executable, "-m", "corpus.cli", "update", "--sources", str(sources),
                                   "--db", str(db)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 75
        assert "another `meetings update` is running" in proc.stderr and "Traceback" not in proc.stderr
        assert site.requests == []


def _extraction_state(db) -> list:
    with sqlite3.connect(db) as conn:
        return [conn.execute("select id, extracted_at from articles order by id").fetchall(),
                conn.execute("select count(*) from directives").fetchone()]


def test_reextract_exits_at_once_while_an_update_holds_the_lock_and_extracts_nothing(tmp_path, demo_db):
    db = tmp_path / "meetings.db"
    with sqlite3.connect(demo_db[0]) as src, sqlite3.connect(db) as dst:
        src.backup(dst)   # the demo's database, its WAL included
    before = _extraction_state(db)
    assert before[0] and before[1][0]
    with update_lock(db, "update"):
        proc = subprocess.run([sys.executable, "-m", "corpus.cli", "reextract", "--all", "--db", str(db)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 75, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "another `meetings update` is running" in lines[0] and f"pid {os.getpid()}" in lines[0]
    assert _extraction_state(db) == before
    # once the update is over, the same command runs
    done = subprocess.run([sys.executable, "-m", "corpus.cli", "reextract", "--all", "--jobs", "1", "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _extraction_state(db) != before   # every article's extraction rewritten


def test_a_scheduled_update_names_the_reextract_that_holds_the_lock(tmp_path):
    db = tmp_path / "m.db"
    with SampleServer() as site:
        sources = tmp_path / "sources.yml"
        sources.write_text(f"- name: sample\n  start_urls: ['{site.base_url}/']\n  delay: 0.01\n", encoding="utf-8")
        with update_lock(db, "reextract"):
            proc = subprocess.run([sys.executable, "-m", "corpus.cli", "update", "--sources", str(sources),
                                   "--db", str(db)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 75
        assert "another `meetings reextract` is running" in proc.stderr and "Traceback" not in proc.stderr
        assert site.requests == []


def test_malformed_sources_file_gives_one_line_error(tmp_path):
    bad = tmp_path / "sources.yml"
    bad.write_text("- name: x\n  start_urls: [ftp://nowhere]\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "corpus.cli", "crawl", "--sources", str(bad), "--db",
                           str(tmp_path / "m.db")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "not an http(s) URL" in proc.stderr


def test_crawl_command_fills_articles_and_meetings(tmp_path):
    db = tmp_path / "m.db"
    with SampleServer() as site:
        sources = tmp_path / "sources.yml"
        sources.write_text(f"- name: sample\n  start_urls: ['{site.base_url}/']\n  delay: 0.01\n", encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "corpus.cli", "crawl", "--sources", str(sources),
                               "--db", str(db)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert _count(db, "select count(*) from articles where url like 'http://127.0.0.1:%'") == 13
    assert _count(db, "select count(*) from meetings") == 10
    # not a terminal: the run reports as one JSON line, as the crawl_runs row does
    record = json.loads(proc.stdout.strip().splitlines()[-1])
    assert record["status"] == "ok" and record["new"] == 13 and record["per_source"]["sample"]["requests"] > 13
    run = sqlite3.connect(db).execute("select status, new, per_source from crawl_runs").fetchone()
    assert run[:2] == ("ok", 13) and json.loads(run[2])["sample"]["new"] == 13


def test_a_run_that_fetches_nothing_but_errors_exits_1_and_logs_each_failure(tmp_path):
    from fixture_sites import FixtureSite

    site = FixtureSite({"/robots.txt": (404, {}, b""), "/": (500, {"Content-Type": "text/html"}, b"down")})
    with site:
        sources = tmp_path / "sources.yml"
        sources.write_text(f"- name: down\n  start_urls: ['{site.url}/']\n  delay: 0\n", encoding="utf-8")
        env = {**os.environ, "MEETINGS_CRAWL_RETRIES": "0"}
        proc = subprocess.run([sys.executable, "-m", "corpus.cli", "update", "--sources", str(sources),
                               "--db", str(tmp_path / "m.db"), "--log-format", "text"], cwd=ROOT,
                              capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "1 errors" in proc.stdout
    rows = sqlite3.connect(tmp_path / "m.db").execute("select kind, http_status from fetch_log").fetchall()
    assert rows == [("http_status", 500)]


@pytest.mark.parametrize("query, expected", [
    ("de nghi", "đề nghị"),          # đ is never folded by unicode61: our search column does it
    ("đề nghị", "đề nghị"),          # the exact Vietnamese still matches
    ("chuyen doi so", "chuyển đổi số"),
    ("yeu cau", "yêu cầu"),
    ("поручил", "поручил"),
])
def test_directive_search_ignores_vietnamese_diacritics(datasette_url, query, expected):
    rows = httpx.get(f"{datasette_url}/meetings/directives.json", params={"_search": query, "_shape": "array"},
                     timeout=10).json()
    assert rows and any(expected in r["text"].lower() for r in rows)


def test_article_search_ignores_vietnamese_diacritics(datasette_url):
    rows = httpx.get(f"{datasette_url}/meetings/articles.json",
                     params={"_search": "ban chi dao", "_shape": "array", "_col": "title"}, timeout=10).json()
    assert any("Ban Chỉ đạo" in r["title"] for r in rows)


@pytest.mark.parametrize("view", ["latest_task_figures", "rankings_over_time", "directives_per_addressee",
                                  "meetings_per_month"])
def test_views_answer_with_rows_and_export_csv(datasette_url, view):
    rows = httpx.get(f"{datasette_url}/meetings/{view}.json", params={"_shape": "array"}, timeout=10).json()
    assert rows
    csv = httpx.get(f"{datasette_url}/meetings/{view}.csv", timeout=10)
    assert csv.status_code == 200 and csv.text.count("\n") == len(rows) + 1


def test_latest_task_figures_picks_each_provinces_newest_report(datasette_url):
    rows = httpx.get(f"{datasette_url}/meetings/latest_task_figures.json", params={"_shape": "array"},
                     timeout=10).json()
    keys = [(r["province_code"], r["scope"]) for r in rows]
    assert len(keys) == len(set(keys))
