"""SIGKILL a real `meetings update` at random points, many times over: the database stays sound,
nothing committed is lost, the next run resumes, and the last one ends with every article
present and extracted exactly once. Readers keep being answered by Datasette meanwhile.

The site (tests/report_site.py) serves 60 templated reports on 127.0.0.1; the crawl runs with no
delay, so a run takes a few seconds. Kill points come from a seeded random generator, as points
of progress rather than of time, so they span the phases whatever the machine's speed: a number
of articles stored (crawl), a share of the extraction's computing time, a number of articles
loaded (each one transaction). The first kill of a fresh database lands while its schema is
being created or in the first pages.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from conftest import ROOT
from corpus.db import open_db
from datasette_server import served_datasette
from fixture_sites import FixtureSite
from report_site import site_routes, sources_file, story

SEED = int(os.environ.get("DURABILITY_SEED", "57"))  # another seed, other kill points
N_ARTICLES = 60
EPISODES = 3            # a fresh database each, killed at sorted random points, then completed
KILLS_PER_EPISODE = 8
KILL_POINTS = ("crawl", "extract", "load")
RECORDS = ("meetings", "meeting_articles", "persons", "officials", "task_reports", "rankings", "directives")


@pytest.fixture(scope="module")
def site():
    with FixtureSite(site_routes(N_ARTICLES)) as s:
        yield s


# -- running and observing `meetings update` ---------------------------------------------------

def _update_cmd(db: Path, sources: Path) -> list[str]:
    return [sys.executable, "-m", "corpus.cli", "update", "--sources", str(sources), "--db", str(db),
            "--log-format", "json"]


def _env() -> dict[str, str]:
    return {**os.environ, "MEETINGS_CRAWL_DELAY": "0", "MEETINGS_CRAWL_RETRIES": "0"}


def _query(db: Path, sql: str, default: tuple = ()) -> list[tuple]:
    """What a read-only reader sees now; ``[default]`` while the database or its schema is not there."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return [default]
    try:
        return conn.execute(sql).fetchall() or [default]
    except sqlite3.Error:
        return [default]
    finally:
        conn.close()


def _progress(db: Path) -> tuple[int, int]:
    """(articles stored, articles extracted)."""
    return _query(db, "select count(*), count(*) filter (where extracted_hash = content_hash) from articles",
                  (0, 0))[0]


def _runs(db: Path) -> int:
    return _query(db, "select count(*) from crawl_runs", (0,))[0][0]


def _last_run(db: Path) -> tuple[str | None, int | None]:
    return _query(db, "select status, extracted from crawl_runs order by id desc limit 1", (None, None))[0]


def _crawl_ended(db: Path) -> bool:
    return _last_run(db)[0] not in (None, "running")


def _visible(db: Path) -> set[tuple[str, str]]:
    """(url, content_hash) of every article a reader sees now."""
    return {row for row in _query(db, "select url, content_hash from articles") if row}


def _wait(proc: subprocess.Popen, deadline: float, condition, pause: float = 0.02) -> None:
    while proc.poll() is None and time.monotonic() < deadline and not condition():
        time.sleep(pause)


def _wait_for_loads(proc: subprocess.Popen, deadline: float, db: Path, target: int) -> None:
    """Until ``target`` articles are extracted. Loading a batch takes a few milliseconds an
    article, so this polls on one open connection, each query a fresh read of the WAL."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        while proc.poll() is None and time.monotonic() < deadline and conn.execute(
                "select count(*) from articles where extracted_hash = content_hash").fetchone()[0] < target:
            time.sleep(0.0005)
    finally:
        conn.close()


def _phase_killed(db: Path, registered_before: int, extracted_before: int) -> str:
    """Where the run just killed was, from what it left: no crawl_runs row of its own (start-up,
    schema), its row still 'running' (crawl), its crawl ended but no extraction recorded (extract:
    computing, or loading once it had stored some), or everything recorded but the summary."""
    if _runs(db) <= registered_before:
        return "startup"
    status, extracted = _last_run(db)
    if status == "running":
        return "crawl"
    if extracted is None:
        return "extract-load" if _progress(db)[1] > extracted_before else "extract-compute"
    return "summary"


def _assert_sound(db: Path) -> None:
    if not db.exists() or db.stat().st_size == 0:  # killed before SQLite wrote its first page
        return
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        for table in ("articles", "directives"):
            if conn.execute("select 1 from sqlite_master where name = ?", [f"{table}_fts"]).fetchone():
                # the full-text index agrees with its content table (rank 1: check the content too)
                conn.execute(f"insert into [{table}_fts] ([{table}_fts], rank) values ('integrity-check', 1)")
    finally:
        conn.close()


def _counts(db: Path) -> dict[str, int]:
    one = lambda sql: _query(db, sql)[0][0]  # noqa: E731
    counts = {t: one(f"select count(*) from [{t}]") for t in ("articles", *RECORDS)}
    counts["extracted"] = one("select count(*) from articles where extracted_hash = content_hash")
    counts["meeting_reports"] = one("select count(*) from articles where is_meeting_report = 1")
    counts["article_links"] = one("select coalesce(sum(article_count), 0) from meetings")
    counts["person_mentions"] = one("select coalesce(sum(mentions), 0) from persons")
    return counts


def _schema(db: Path) -> set[tuple[str, str, str]]:
    """Every table, index, view and trigger, with its SQL."""
    return {(t, n, " ".join((sql or "").split())) for t, n, sql in
            _query(db, "select type, name, sql from sqlite_master where name not like 'sqlite_%'")}


def _run_to_completion(db: Path, sources: Path) -> float:
    """Run `meetings update` to its end; returns how long extraction computed before it loaded
    its first article."""
    proc = subprocess.Popen(_update_cmd(db, sources), cwd=ROOT, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    registered, deadline = _runs(db), time.monotonic() + 180
    _wait(proc, deadline, lambda: _runs(db) > registered and _crawl_ended(db), pause=0.002)
    crawl_ended, extracted = time.monotonic(), _progress(db)[1]
    _wait(proc, deadline, lambda: _progress(db)[1] > extracted, pause=0.002)
    took = time.monotonic() - crawl_ended
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err.decode()[-2000:]
    return took


@pytest.fixture(scope="module")
def reference(site, tmp_path_factory):
    """A clean single run: the counts every killed-and-resumed database must end with, and how
    long extraction computes (kills at that stage are drawn over it)."""
    folder = tmp_path_factory.mktemp("reference")
    db = folder / "meetings.db"
    started = time.monotonic()
    compute_seconds = _run_to_completion(db, sources_file(folder, site))
    return {"counts": _counts(db), "schema": _schema(db), "seconds": time.monotonic() - started,
            "compute_seconds": compute_seconds}


class _Readers:
    """A thread asking Datasette for a page of articles and for a count, over and over."""

    def __init__(self, base: str, db_name: str):
        self.urls = [f"{base}/{db_name}/articles.json?_size=1&_shape=objects",
                     f"{base}/{db_name}.json?sql=select+count(*)+as+n+from+articles&_shape=array"]
        self.made = 0
        self.failed: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        with httpx.Client(timeout=15) as client:
            while not self._stop.is_set():
                for url in self.urls:
                    self.made += 1
                    try:
                        r = client.get(url)
                        if r.status_code != 200 or "database is locked" in r.text:
                            self.failed.append(f"{r.status_code} {url}: {r.text[:200]}")
                    except httpx.HTTPError as exc:
                        self.failed.append(f"{type(exc).__name__} {url}: {exc}")
                self._stop.wait(0.05)

    def __enter__(self) -> "_Readers":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def _kill_plan(rng: random.Random) -> list[tuple[str, float]]:
    """KILLS_PER_EPISODE (kind, where) in the order a run meets them: crawl kills at a number of
    articles stored, extract kills at a share of the extraction's computing time, load kills at
    a number of articles extracted. Drawn from ``rng`` alone, so a seed always gives one plan."""
    kinds = sorted(rng.choices(KILL_POINTS, weights=(2, 1, 2), k=KILLS_PER_EPISODE), key=KILL_POINTS.index)
    shares = [rng.random() for _ in kinds]
    where = {"crawl": sorted(int(sh * N_ARTICLES) for k, sh in zip(kinds, shares) if k == "crawl"),
             "extract": [sh for k, sh in zip(kinds, shares) if k == "extract"],
             "load": sorted(1 + int(sh * (N_ARTICLES - 2)) for k, sh in zip(kinds, shares) if k == "load")}
    return [(kind, where[kind][i]) for kind in KILL_POINTS for i in range(len(where[kind]))]


def _kill_at_random_points(db: Path, sources: Path, rng: random.Random, compute_seconds: float, *,
                           schema_first: bool) -> tuple[list[str], int]:
    """Start `meetings update` and SIGKILL it at each point of a random plan; after each kill
    the database is sound and holds every article a reader saw just before. Returns the phase
    of each kill ('completed' for a run done before its kill point) and the number of runs that
    registered themselves in crawl_runs."""
    phases: list[str] = []
    registered = 0
    for n, (point, where) in enumerate(_kill_plan(rng)):
        jitter = rng.uniform(0, 0.02)  # drawn whatever the path taken, so the plans stay the seed's
        extracted = _progress(db)[1]
        proc = subprocess.Popen(_update_cmd(db, sources), cwd=ROOT, env=_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        if schema_first and n == 0:
            # the lock is taken just before the database is created: kill while the schema is
            # being created, or in the first pages
            _wait(proc, deadline, Path(f"{db}.lock").exists, pause=0.005)
            time.sleep(15 * jitter)
        else:
            # past start-up (its run registered), then at the point planned; a run whose work is
            # done already (extraction included) is all crawl
            _wait(proc, deadline, lambda: _runs(db) > registered)
            if point == "crawl" or extracted == N_ARTICLES:
                _wait(proc, deadline, lambda: _progress(db)[0] >= where)
                time.sleep(jitter)
            elif point == "extract":  # a batch is computed first...
                _wait(proc, deadline, lambda: _crawl_ended(db))
                time.sleep(where * compute_seconds)
            else:  # ... then loaded, one article per transaction
                _wait(proc, deadline, lambda: _crawl_ended(db))
                _wait_for_loads(proc, deadline, db, max(where, extracted + 1))
        if proc.poll() is not None:  # done before its kill point (nothing was left to do there)
            assert proc.returncode == 0, proc.stderr.read().decode()[-2000:]
            proc.stderr.close()
            phases.append("completed")
            registered += 1
            continue
        before = _visible(db)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stderr.close()
        phases.append(_phase_killed(db, registered, extracted))
        registered += phases[-1] != "startup"
        _assert_sound(db)
        lost = before - _visible(db)
        assert not lost, f"kill {n} ({phases[-1]}) lost committed articles: {sorted(lost)[:3]}"
    return phases, registered


def test_sigkill_at_random_points_loses_nothing_and_readers_keep_being_answered(site, reference, tmp_path):
    rng = random.Random(SEED)
    phases: Counter = Counter()
    started = time.monotonic()
    for episode in range(EPISODES):
        folder = tmp_path / f"episode-{episode}"
        folder.mkdir()
        db, sources = folder / "meetings.db", sources_file(folder, site)
        if episode == 0:
            # Datasette needs the file to exist; it then serves through every kill and the last run
            open_db(db).conn.close()
            with served_datasette(db) as base, _Readers(base, db.stem) as readers:
                killed, registered = _kill_at_random_points(db, sources, rng, reference["compute_seconds"],
                                                            schema_first=False)
                _run_to_completion(db, sources)
            assert readers.made > 20 and not readers.failed, readers.failed[:5]
        else:
            killed, registered = _kill_at_random_points(db, sources, rng, reference["compute_seconds"],
                                                        schema_first=True)
            _run_to_completion(db, sources)
        phases.update(killed)
        _assert_sound(db)
        # every article once, extracted once: the same records as one clean run
        assert _counts(db) == reference["counts"], f"episode {episode}, kills {killed}"
        assert _schema(db) == reference["schema"]
        # a run killed while crawling is marked 'killed' by the next; one killed while extracting
        # ended its crawl but recorded no extraction; every other run completed
        runs = Counter("killed" if status == "killed" else "extract" if extracted is None else "complete"
                       for status, extracted in _query(db, "select status, extracted from crawl_runs"))
        extract = sum(k.startswith("extract") for k in killed)
        assert runs == Counter(killed=killed.count("crawl"), extract=extract,
                               complete=registered + 1 - killed.count("crawl") - extract)
    kills = sum(phases.values()) - phases["completed"]
    print(f"\ndurability (seed {SEED}): {kills} kills {dict(phases)}; reference run {reference['seconds']:.1f} s; readers "
          f"{readers.made} requests, {len(readers.failed)} failed; {time.monotonic() - started:.1f} s")
    assert kills >= 20
    # both phases, and inside extraction both the computing and the loading, were hit
    assert phases["crawl"] >= 3 and phases["extract-compute"] >= 2 and phases["extract-load"] >= 2
    assert reference["counts"]["articles"] == reference["counts"]["extracted"] == N_ARTICLES
    assert reference["counts"]["meeting_reports"] == N_ARTICLES - N_ARTICLES // 10


# -- one article's extraction is one transaction ---------------------------------------------------

def _snapshot(db) -> dict[str, list]:
    tables = ("meetings", "meeting_articles", "persons", "officials", "task_reports", "rankings", "directives")
    snap = {t: sorted(map(tuple, db.execute(f"select * from [{t}]").fetchall()), key=repr) for t in tables}
    snap["article"] = db.execute("select is_meeting_report, extracted_hash, extracted_at, search_text "
                                 "from articles").fetchall()
    return snap


def test_an_extraction_failing_mid_load_leaves_the_previous_one_intact(tmp_path, monkeypatch):
    """A load that dies half-way (here an error, in the loop above a SIGKILL) rolls back whole:
    the article keeps its previous meeting and records and stays marked for re-extraction."""
    import re

    import corpus.load
    from corpus.crawl_store import SqliteCrawlStore
    from corpus.reextract import extract_articles, pending_article_ids
    from crawler.store import FetchedArticle

    db = open_db(tmp_path / "m.db")
    store = SqliteCrawlStore(db)
    store.register_source("s", {"name": "s"})
    title, body = story(0)
    text = re.sub(r"\s*<[^>]+>\s*", "\n", body).strip()
    store.save_article(FetchedArticle(url="http://127.0.0.1:1/a", source="s", canonical_url=None, title=title,
                                      published="2025-01-01", language="vi", author=None, text=text,
                                      raw_html=body, http_status=200, etag=None, last_modified=None))
    assert extract_articles(db, pending_article_ids(db))["directives"] == 2
    before = _snapshot(db)
    # the text changes; re-extraction deletes the old records, then fails before the new are in
    db.execute("update articles set content_hash = 'changed'")

    def fail(*args, **kwargs):
        raise RuntimeError("killed mid-load")

    monkeypatch.setattr(corpus.load, "attach_article", fail)
    with pytest.raises(RuntimeError):
        corpus.load.load_extraction(db, 1, next(iter(_extract_once(text))))
    assert _snapshot(db) == before
    assert pending_article_ids(db) == [1]  # the next run extracts it again
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"


def _extract_once(text: str):
    from extract.pipeline import extract_many

    return extract_many([{"id": 1, "text": text, "lang": "vi", "url": "http://127.0.0.1:1/a", "title": None,
                          "published": "2025-01-01"}])


# -- a database killed while its schema is being created -------------------------------------------

def _open_and_die_at(path: Path, statement: int) -> int:
    """open_db(path) in a forked child that SIGKILLs itself when SQLite is about to run its
    ``statement``-th statement; returns how many statements it ran (all of them if it lived)."""
    import sqlite3 as sqlite

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no cleanup of any kind when it dies
        os.close(read)
        real, seen = sqlite.connect, [0]

        def trace(_sql: str) -> None:
            seen[0] += 1
            if seen[0] == statement:
                os.kill(os.getpid(), signal.SIGKILL)

        def connect(*args, **kwargs):
            conn = real(*args, **kwargs)
            conn.set_trace_callback(trace)
            return conn

        sqlite.connect = connect
        try:
            open_db(path).conn.close()
        finally:
            os.write(write, str(seen[0]).encode())
            os._exit(0)
    os.close(write)
    ran = os.read(read, 64).decode()
    os.close(read)
    os.waitpid(pid, 0)
    return int(ran or 0)


def test_a_database_killed_while_its_schema_is_created_opens_whole_next_time(tmp_path):
    """Every table with its indexes, views, full-text tables and their triggers, wherever the
    first open was killed: a half-made schema would be kept for good (tables are created only if
    missing), leaving, say, the full-text index without the triggers that keep it current."""
    open_db(tmp_path / "warm.db").conn.close()  # imports done before forking
    whole = tmp_path / "whole.db"
    statements = _open_and_die_at(whole, 0)
    assert statements > 50
    expected = _schema(whole)
    rng = random.Random(SEED)
    points = sorted(rng.sample(range(1, statements + 1), min(40, statements)))
    for k in points:
        db = tmp_path / f"killed-{k}" / "meetings.db"
        db.parent.mkdir()
        assert _open_and_die_at(db, k) < statements  # it died there...
        open_db(db).conn.close()  # ... and the next run opens it
        assert _schema(db) == expected, f"killed at statement {k} of {statements}"
        _assert_sound(db)
