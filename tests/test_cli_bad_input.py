"""Bad input to the command line: each case gives exactly one line on stderr starting "Error:",
a non-zero exit and no traceback, and writes nothing half-way (a database it was pointed at is
left as it was, a snapshot is whole or absent).

Real `meetings` processes on real files. A full disk is simulated two honest ways, neither a hook
in the code: RLIMIT_FSIZE in the child (the kernel refuses to grow any file past the limit, so
SQLite's writes fail as on a full disk, reported as "disk I/O error"), and SQLite's own
``max_page_count`` (the database cannot grow, SQLITE_FULL, the code a real ENOSPC gives).
`meetings extract`'s bad files are in test_extract_cli.py.
"""
from __future__ import annotations

import hashlib
import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from corpus.db import open_db
from fixture_sites import FixtureSite
from report_site import PER_REPORT, is_report, site_routes, sources_file

N_ARTICLES = 40
FIRST_RUN = 10  # articles the database holds before the run that meets the full disk
SIZE_LIMIT = 256 * 1024  # RLIMIT_FSIZE: no file may grow past this (the database is larger already)


def run_cli(*args: str, env: dict[str, str] | None = None, limit: int | None = None,
            cwd: Path = ROOT) -> subprocess.CompletedProcess:
    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "corpus.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "MEETINGS_CRAWL_DELAY": "0", **(env or {})},
                          preexec_fn=preexec if limit else None, timeout=300)


def one_error_line(proc: subprocess.CompletedProcess, *words: str) -> str:
    """The single stderr line; asserts the exit, the shape and the words it must say."""
    assert proc.returncode not in (0, None), proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), proc.stderr
    for word in words:
        assert word in lines[0]
    print(f"\n  {lines[0]}")  # shown with -s: the messages people get
    return lines[0]


def leftovers(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(name) and p.name != name)


# -- sources -----------------------------------------------------------------------------------

BAD_SOURCES = {
    "yaml-syntax": ("- name: a\n  start_urls: [http://x.example/\n", "not valid YAML at line 3"),
    "not-a-list": ("name: a\nstart_urls: [http://x.example/]\n", "expected a non-empty YAML list"),
    "empty": ("", "expected a non-empty YAML list"),
    "name-not-text": ("- name: 5\n  start_urls: [http://x.example/]\n", "'name' must be text, not 5"),
    "urls-not-a-list": ("- name: a\n  start_urls: 7\n", "'start_urls' must be a non-empty list"),
    "delay-not-a-number": ("- name: a\n  start_urls: [http://x.example/]\n  delay: fast\n",
                           "'delay' must be a number of seconds"),
    "negative-budget": ("- name: a\n  start_urls: [http://x.example/]\n  budget: -1\n", "'budget' must be a whole"),
    "allow-not-patterns": ("- name: a\n  start_urls: [http://x.example/]\n  allow: 5\n", "'allow' must be a list"),
    "unknown-key": ("- name: a\n  start_urls: [http://x.example/]\n  colour: red\n", "unknown key(s) 'colour'"),
    "unknown-selector": ("- name: a\n  start_urls: [http://x.example/]\n  selectors: {headline: h1}\n",
                         "unknown selector(s) 'headline'"),
    "unknown-top-level": ("sources:\n  - name: a\n    start_urls: [http://x.example/]\nextra: 1\n",
                          "unknown top-level key(s) 'extra'"),
    "no-start-url": ("- name: a\n  language: vi\n", "missing 'start_urls'"),
    "empty-start-urls": ("- name: a\n  start_urls: []\n", "'start_urls' must be a non-empty list"),
    "file-url": ("- name: a\n  start_urls: ['file:///etc/passwd']\n", "not an http(s) URL: file:///etc/passwd"),
    "no-host": ("- name: a\n  start_urls: ['http:///path']\n", "not an http(s) URL"),
    "twice-the-same-name": ("- name: a\n  start_urls: [http://x.example/]\n- name: a\n  start_urls: [http://y.example/]\n",
                            "the name 'a' is used twice"),
}


@pytest.mark.parametrize("command", ["update", "crawl"])
@pytest.mark.parametrize("case", sorted(BAD_SOURCES))
def test_a_malformed_sources_file_is_one_line_and_touches_no_database(tmp_path, command, case):
    content, message = BAD_SOURCES[case]
    (tmp_path / "sources.yml").write_text(content, encoding="utf-8")
    proc = run_cli(command, "--sources", str(tmp_path / "sources.yml"), "--db", str(tmp_path / "m.db"))
    one_error_line(proc, "sources.yml", message)
    assert not (tmp_path / "m.db").exists() and not (tmp_path / "m.db.lock").exists()


def test_a_missing_sources_file_is_one_line(tmp_path):
    proc = run_cli("update", "--sources", str(tmp_path / "nope.yml"), "--db", str(tmp_path / "m.db"))
    one_error_line(proc, "sources file not found", "nope.yml")
    assert not (tmp_path / "m.db").exists()


@pytest.mark.parametrize("var, value, message", [
    ("MEETINGS_CRAWL_DELAY", "soon", "expected a number"),
    ("MEETINGS_CRAWL_DELAY", "[", "expected a number"),
    ("MEETINGS_CRAWL_BUDGET", "2.5", "expected a whole number"),
    ("MEETINGS_CRAWL_OBEY_ROBOTS", "maybe", "expected true or false"),
    ("MEETINGS_CRAWL_SEARCH_KEYWORDS", "7", "expected a YAML list"),
])
def test_a_bad_setting_in_the_environment_is_one_line(tmp_path, var, value, message):
    sources = tmp_path / "sources.yml"
    sources.write_text("- name: a\n  start_urls: [http://x.example/]\n", encoding="utf-8")
    proc = run_cli("update", "--sources", str(sources), "--db", str(tmp_path / "m.db"), env={var: value})
    one_error_line(proc, var, message)
    assert not (tmp_path / "m.db").exists()


# -- database paths and files --------------------------------------------------------------------

@pytest.fixture
def sources(tmp_path) -> Path:
    """A valid sources file (nothing is fetched in these tests: they fail before)."""
    path = tmp_path / "sources.yml"
    path.write_text("- name: a\n  start_urls: ['http://127.0.0.1:9/']\n", encoding="utf-8")
    return path


def _unreachable(tmp_path: Path, kind: str) -> tuple[Path, str]:
    if kind == "parent-is-a-file":
        (tmp_path / "plain").write_text("x")
        return tmp_path / "plain" / "sub" / "m.db", "plain is a file, not a folder"
    if kind == "under-proc":  # nobody, root included, creates files in /proc
        if not Path("/proc/self").exists():
            pytest.skip("no /proc here")
        return Path("/proc/meetings-test/m.db"), "cannot create"
    if os.geteuid() == 0:
        pytest.skip("permissions do not bind root")
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    return folder / "m.db", "Permission denied"


@pytest.mark.parametrize("kind", ["parent-is-a-file", "under-proc", "no-write-permission"])
@pytest.mark.parametrize("command", [["update"], ["crawl", "--no-extract"]])
def test_an_unreachable_database_path_is_one_line(tmp_path, sources, kind, command):
    db, message = _unreachable(tmp_path, kind)
    proc = run_cli(*command, "--sources", str(sources), "--db", str(db))
    one_error_line(proc, message)
    assert not db.exists()


def test_a_snapshot_to_an_unreachable_place_is_one_line(tmp_path, sample_db):
    for kind in ("parent-is-a-file", "under-proc"):
        out, message = _unreachable(tmp_path, kind)
        one_error_line(run_cli("snapshot", str(out), "--db", str(sample_db)), message)
        assert not out.exists() and not out.with_name(out.name + ".partial").exists()
    (tmp_path / "folder").mkdir()
    one_error_line(run_cli("snapshot", str(tmp_path / "folder"), "--db", str(sample_db)), "it is a folder")


COMMANDS_ON_A_DATABASE = {
    "update": lambda db, src: ["update", "--sources", str(src), "--db", str(db)],
    "crawl": lambda db, src: ["crawl", "--sources", str(src), "--db", str(db)],
    "reextract": lambda db, src: ["reextract", "--db", str(db)],
    "serve": lambda db, src: ["serve", "--db", str(db), "--port", "9"],
    "snapshot": lambda db, src: ["snapshot", str(db.with_name("out.db")), "--db", str(db)],
}


@pytest.mark.parametrize("command", sorted(COMMANDS_ON_A_DATABASE))
def test_a_file_that_is_not_sqlite_is_one_line_and_left_as_it_was(tmp_path, sources, command):
    db = tmp_path / "m.db"
    garbage = bytes(range(256)) * 64  # no SQLite header
    db.write_bytes(garbage)
    one_error_line(run_cli(*COMMANDS_ON_A_DATABASE[command](db, sources)), "m.db is not a SQLite database")
    assert db.read_bytes() == garbage
    assert leftovers(tmp_path, "m.db") in ([], ["m.db.lock"])  # no -wal, -shm or -journal
    assert not (tmp_path / "out.db").exists()


@pytest.mark.parametrize("command", ["reextract", "serve", "snapshot"])
def test_a_missing_database_is_one_line_and_not_created(tmp_path, sources, command):
    db = tmp_path / "m.db"
    one_error_line(run_cli(*COMMANDS_ON_A_DATABASE[command](db, sources)), "database not found", "m.db")
    assert list(tmp_path.iterdir()) == [sources]


def test_a_damaged_database_is_one_line(tmp_path, sources, sample_db):
    db = tmp_path / "m.db"
    data = bytearray(Path(sample_db).read_bytes())
    data[8192:8192 + 4096 * 8] = bytes(4096 * 8)  # pages 3 to 10 zeroed: the schema still reads
    db.write_bytes(bytes(data))
    line = one_error_line(run_cli("reextract", "--all", "--db", str(db)))
    assert "malformed" in line or "damaged" in line


# -- a full disk ---------------------------------------------------------------------------------

def _state(db: Path) -> dict[str, set]:
    """Every article (with its text's hash) and every record, as a reader sees them."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        state = {"articles": set(conn.execute(
            "select id, url, content_hash, extracted_hash, is_meeting_report, text from articles"))}
        for table in ("meetings", "meeting_articles", *PER_REPORT):
            state[table] = set(conn.execute(f"select * from [{table}]"))
        return state
    finally:
        conn.close()


def _assert_whole(db: Path) -> None:
    """Sound, and nothing half-written: every article's hash is its text's, every extracted report
    has its meeting and all its records, nothing else has any."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        for text, digest in conn.execute("select text, content_hash from articles"):
            assert hashlib.sha256(text.encode()).hexdigest() == digest
        for aid, url, extracted, report in conn.execute(
                "select id, url, extracted_hash = content_hash, is_meeting_report from articles"):
            i = int(url.rsplit("/", 1)[1].split(".")[0])
            for table, per in PER_REPORT.items():
                n = conn.execute(f"select count(*) from [{table}] where article_id = ?", [aid]).fetchone()[0]
                assert n == (per if extracted and is_report(i) else 0), (url, table, n)
            linked = conn.execute("select count(*) from meeting_articles where article_id = ?", [aid]).fetchone()[0]
            assert linked == (1 if extracted and is_report(i) else 0)
            if extracted:
                assert report == int(is_report(i))
    finally:
        conn.close()


@pytest.fixture
def report_site():
    with FixtureSite(site_routes(N_ARTICLES)) as site:
        yield site


@pytest.fixture
def filled_db(tmp_path, report_site) -> Path:
    """A database holding the first FIRST_RUN articles of the site, extracted."""
    db = tmp_path / "m.db"
    proc = run_cli("update", "--sources", str(sources_file(tmp_path, report_site, max_pages_per_source=FIRST_RUN)),
                   "--db", str(db), "--log-format", "json")
    assert proc.returncode == 0, proc.stderr
    assert os.path.getsize(db) > SIZE_LIMIT
    return db


def test_a_full_disk_during_update_is_one_line_and_keeps_what_was_committed(tmp_path, report_site, filled_db):
    before = _state(filled_db)
    proc = run_cli("update", "--sources", str(sources_file(tmp_path, report_site)), "--db", str(filled_db),
                   "--log-format", "json", limit=SIZE_LIMIT)
    one_error_line(proc, str(filled_db), "a full disk or a size limit", "everything committed before is kept")
    _assert_whole(filled_db)
    after = _state(filled_db)
    for table, rows in before.items():
        assert rows <= after[table], table  # everything committed before is still there, unchanged
    # the disk filled up mid-crawl: some new articles are in, whole, and the run says it failed
    assert len(before["articles"]) < len(after["articles"]) < N_ARTICLES
    conn = sqlite3.connect(filled_db)
    status, message = conn.execute("select status, message from crawl_runs order by id desc").fetchone()
    conn.close()
    assert status == "failed" and "disk I/O error" in message
    # with room again, the next run completes the work
    done = run_cli("update", "--sources", str(sources_file(tmp_path, report_site)), "--db", str(filled_db),
                   "--log-format", "json")
    assert done.returncode == 0, done.stderr
    _assert_whole(filled_db)
    assert len(_state(filled_db)["articles"]) == N_ARTICLES


@contextmanager
def _small_filesystem(path: Path, size: int) -> Iterator[Path]:
    """A tmpfs of ``size`` bytes mounted at ``path``: a real ENOSPC when it is full (needs root,
    and a sandbox that lets root mount; skipped otherwise)."""
    path.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if made.returncode:
        pytest.skip(f"cannot mount a small filesystem here: {made.stderr.strip() or made.returncode}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_a_real_full_disk_during_update_is_one_line_and_the_next_run_with_room_completes(tmp_path, report_site,
                                                                                        filled_db):
    """ENOSPC from a filesystem that is full, not a process limit: the database lives on a tmpfs
    with room for a few more articles, then the tmpfs is given room and the run is redone."""
    size = os.path.getsize(filled_db) + 256 * 1024   # the copy, its WAL and index, a few articles
    with _small_filesystem(tmp_path / "small", size) as small:
        db = small / "m.db"
        with sqlite3.connect(filled_db) as src, sqlite3.connect(db) as dst:
            src.backup(dst)
        before = _state(db)
        sources = sources_file(tmp_path, report_site)
        proc = run_cli("update", "--sources", str(sources), "--db", str(db), "--log-format", "json")
        one_error_line(proc, str(db), "the disk is full", "everything committed before is kept")
        _assert_whole(db)
        after = _state(db)
        for table, rows in before.items():
            assert rows <= after[table], table
        assert len(after["articles"]) < N_ARTICLES
        made = subprocess.run(["mount", "-o", f"remount,size={64 * 1024 * 1024}", str(small)], capture_output=True)
        assert made.returncode == 0, made.stderr
        done = run_cli("update", "--sources", str(sources), "--db", str(db), "--log-format", "json")
        assert done.returncode == 0, done.stderr
        _assert_whole(db)
        assert len(_state(db)["articles"]) == N_ARTICLES


def test_a_full_disk_during_reextract_is_one_line_and_keeps_the_previous_extraction(filled_db):
    before = _state(filled_db)
    proc = run_cli("reextract", "--all", "--db", str(filled_db), limit=64 * 1024)
    line = one_error_line(proc, "a full disk or a size limit", "everything committed before is kept")
    assert line.startswith(f"Error: database {filled_db}: ")  # met while loading, not on opening
    _assert_whole(filled_db)
    assert _state(filled_db) == before


def test_a_full_disk_during_snapshot_leaves_no_partial_file_and_the_old_one_whole(tmp_path, filled_db):
    out = tmp_path / "site" / "meetings.db"
    out.parent.mkdir()
    out.write_bytes(b"the snapshot published yesterday")
    proc = run_cli("snapshot", str(out), "--db", str(filled_db), limit=SIZE_LIMIT)
    one_error_line(proc, "cannot write snapshot", "a full disk or a size limit")
    assert out.read_bytes() == b"the snapshot published yesterday"
    assert leftovers(out.parent, "meetings.db") == []


def test_sqlite_full_reaches_the_user_as_one_line(tmp_path, report_site, filled_db, monkeypatch):
    """SQLITE_FULL, the code a real ENOSPC gives: the database may not grow by a page more
    (``max_page_count``, set on every connection the command opens), through the real CLI."""
    from corpus import cli as cli_module
    from corpus import db as db_module

    real_connect = sqlite3.connect
    pages = sqlite3.connect(filled_db).execute("pragma page_count").fetchone()[0]

    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.execute(f"pragma max_page_count = {pages}")
        return conn

    monkeypatch.setattr(db_module.sqlite3, "connect", connect)
    before = _state(filled_db)
    result = CliRunner().invoke(cli_module.cli, ["update", "--sources", str(sources_file(tmp_path, report_site)),
                                                 "--db", str(filled_db), "--log-format", "json"],
                                env={"MEETINGS_CRAWL_DELAY": "0"})
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "the disk is full" in lines[0] and "database or disk is full" in lines[0]
    print(f"\n  {lines[0]}")
    _assert_whole(filled_db)
    after = _state(filled_db)
    assert all(rows <= after[table] for table, rows in before.items())
    open_db(filled_db).conn.close()  # and it opens for the next run
