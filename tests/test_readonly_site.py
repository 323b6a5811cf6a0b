"""The published site cannot write: no HTTP request to `meetings serve` changes the database.

Both ways of serving are tried as real processes: live (the database an update keeps writing,
read by Datasette through ``mode=ro`` connections) and ``--immutable`` (a published snapshot).
Every write Datasette or SQLite could be talked into -- the JSON write API's endpoints, POSTs to
tables, rows and canned queries, and SQL that inserts, updates, deletes, drops, attaches, vacuums
into a file or flips pragmas -- must be refused, and afterwards the database file is byte for
byte what it was. `meetings serve` listens on 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import hashlib
import inspect
import socket
import sqlite3
from pathlib import Path

import httpx
import pytest

from conftest import ROOT
from corpus.serve import load_metadata, make_datasette
from datasette_server import served_datasette

# SQL a reader could send with ?sql= (or a form) hoping to change something
WRITE_SQL = [
    "insert into sources(name) values ('evil')",
    "update articles set title = 'defaced'",
    "delete from directives",
    "replace into provinces(code, name) values ('evil', 'evil')",
    "drop table meetings",
    "drop view latest_task_figures",
    "create table evil(a)",
    "create view evil as select 1",
    "create trigger evil after insert on articles begin delete from articles; end",
    "alter table articles add column evil",
    "create index evil on articles(title)",
    "attach database '{tmp}/attached.db' as evil",
    "attach database 'file:{tmp}/attached2.db?mode=rwc' as evil",
    "vacuum",
    "vacuum into '{tmp}/copy.db'",
    "reindex",
    "analyze",
    "pragma writable_schema = 1",
    "pragma journal_mode = delete",
    "pragma user_version = 99",
    "pragma query_only = 0",
    "select * from pragma_writable_schema",
    "with x as (select 1) insert into sources(name) select 'evil' from x",
    "with x as (select 1) delete from articles",
    "select 1; delete from articles",
    "select 1 -- \n; update articles set title = 'defaced'",
    "/* a comment */ delete from articles",
    "select load_extension('{tmp}/evil.so')",
    "select writefile('{tmp}/written.txt', 'evil')",
    "begin; delete from articles; commit",
    "savepoint a",
    "insert into articles_fts(articles_fts) values ('delete-all')",
    "insert into directives_fts(directives_fts) values ('rebuild')",
]
# requests to the write API of Datasette 1.x and to every view that answers POST
WRITE_POSTS = [
    ("/-/create", {"table": "evil", "rows": [{"a": 1}]}),
    ("/meetings/-/create", {"table": "evil", "rows": [{"a": 1}]}),
    ("/meetings/articles/-/insert", {"row": {"url": "http://evil.example/"}}),
    ("/meetings/articles/-/upsert", {"rows": [{"id": 1, "title": "defaced"}]}),
    ("/meetings/articles/1/-/update", {"update": {"title": "defaced"}}),
    ("/meetings/articles/1/-/delete", {}),
    ("/meetings/articles/-/drop", {"confirm": True}),
    ("/meetings/-/query", {"sql": "delete from articles"}),
    ("/meetings", {"sql": "delete from articles"}),
    ("/meetings/articles", {"sql": "delete from articles"}),
    ("/meetings/directives_to_addressee", {"addressee": "x", "sql": "delete from articles"}),
    ("/meetings/articles/1", {"title": "defaced"}),
    ("/-/permissions", {"actor": '{"id": "root"}', "permission": "insert-row"}),
]
READ_ONLY_TABLES_TO_COUNT = ("articles", "sources", "meetings", "directives", "task_reports", "officials", "provinces")
EXPECTED_PLUGINS = {"datasette-dashboards", "datasette-cluster-map", "datasette-leaflet", "datasette-render-markdown",
                    "corpus.datasette_tuning"}  # ours: a page cache for the reading connections


def fingerprint(db_path: Path) -> tuple:
    """The database file's bytes (and its WAL's), its schema and its row counts."""
    files = tuple(hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() and p.stat().st_size else None
                  for p in (db_path, db_path.with_name(db_path.name + "-wal")))
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        schema = db.execute("select type, name, sql from sqlite_master order by name").fetchall()
        counts = tuple(db.execute(f"select count(*) from [{t}]").fetchone()[0] for t in READ_ONLY_TABLES_TO_COUNT)
        titles = db.execute("select group_concat(title) from articles").fetchone()
    return files, schema, counts, titles


@pytest.fixture(scope="module", params=["live", "immutable"])
def site(request, sample_db, tmp_path_factory):
    """A copy of the sample database served live or as an immutable snapshot."""
    folder = tmp_path_factory.mktemp(request.param)
    path = folder / "meetings.db"
    with sqlite3.connect(sample_db) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    with served_datasette(path, *(["--immutable"] if request.param == "immutable" else [])) as url:
        yield url, path


def _sql(sql: str, folder: Path) -> str:
    return sql.format(tmp=folder)


def _attempt_sql(url: str, sql: str) -> list[httpx.Response]:
    return [httpx.get(f"{url}/meetings.json", params={"sql": sql}, timeout=30),
            httpx.get(f"{url}/meetings", params={"sql": sql}, timeout=30),
            httpx.get(f"{url}/meetings/articles.json", params={"_where": f"1) ; {sql} ; select (1"}, timeout=30)]


def _attempt_post(url: str, path: str, body: dict) -> list[httpx.Response]:
    return [httpx.post(url + path, json=body, timeout=30),
            httpx.post(url + path, data={k: str(v) for k, v in body.items()}, timeout=30)]


@pytest.mark.parametrize("sql", WRITE_SQL)
def test_sql_that_would_write_is_refused(site, sql):
    url, path = site
    for r in _attempt_sql(url, _sql(sql, path.parent)):
        assert r.status_code in (400, 403), (r.request.url, r.status_code, r.text[:200])


@pytest.mark.parametrize("path_, body", WRITE_POSTS, ids=[p for p, _ in WRITE_POSTS])
def test_write_endpoints_refuse_posts(site, path_, body):
    url, _ = site
    for r in _attempt_post(url, path_, body):
        # (Datasette 0.65 answers a POST to a table with a 500: it asserts only canned queries take one)
        assert r.status_code >= 400, (path_, r.status_code, r.text[:200])


def test_no_attempt_changes_the_database_or_creates_a_file(site):
    """All the attempts above again, then the database compared with what it was."""
    url, path = site
    before = fingerprint(path)
    files_before = {p.name for p in path.parent.iterdir()}
    answers = []
    for sql in WRITE_SQL:
        answers += _attempt_sql(url, _sql(sql, path.parent))
    for p, body in WRITE_POSTS:
        answers += _attempt_post(url, p, body)
    assert not [r for r in answers if r.status_code < 400]
    assert fingerprint(path) == before
    # nothing attached, vacuumed into or written beside it (the live mode's -shm/-wal may appear)
    new = {p.name for p in path.parent.iterdir()} - files_before - {"meetings.db-shm", "meetings.db-wal"}
    assert not new
    assert httpx.get(f"{url}/meetings/sources.json?_shape=array", timeout=30).status_code == 200


@pytest.mark.parametrize("immutable", [False, True], ids=["live", "immutable"])
def test_datasette_connections_to_the_database_are_read_only(sample_db, tmp_path, immutable):
    path = tmp_path / "meetings.db"
    with sqlite3.connect(sample_db) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    ds = make_datasette(path, immutable=immutable)
    db = ds.get_database("meetings")
    assert db.is_mutable is not immutable
    conn = db.connect()   # what every read goes through
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
        conn.execute("insert into sources(name) values ('evil')")
    conn.close()


def test_no_canned_query_writes_and_no_permission_is_granted():
    meta = load_metadata()
    queries = meta["databases"]["meetings"].get("queries", {})
    assert not [name for name, q in queries.items() if isinstance(q, dict) and q.get("write")]
    # no allow/permissions blocks that could open writes (Datasette 1.x) to anyone
    text = (ROOT / "metadata.yml").read_text(encoding="utf-8")
    for key in ("permissions:", "insert-row", "create-table", "update-row", "delete-row", "drop-table", "write: true"):
        assert key not in text


def test_only_the_plugins_we_ship_are_loaded(site):
    """Datasette loads every plugin installed beside it; one that adds write endpoints (an
    upload or edit plugin) must not slip onto the published site unnoticed."""
    url, _ = site
    names = {p["name"] for p in httpx.get(f"{url}/-/plugins.json", timeout=30).json()}
    assert names == EXPECTED_PLUGINS


@pytest.mark.parametrize("path", ["/nope", "/meetings/nope", "/-/create", "/meetings/articles/-/insert",
                                  "/meetings/nope.json"])
def test_a_missing_page_is_a_404_not_a_server_error(site, path):
    """(Datasette's error handler used to fail on printing the error, answering 500 to any 404.)"""
    url, _ = site
    assert httpx.get(url + path, timeout=30).status_code == 404


def test_meetings_serve_binds_loopback_by_default(sample_db, tmp_path):
    from corpus.cli import serve as serve_command
    from corpus.serve import serve

    host_option = next(p for p in serve_command.params if p.name == "host")
    assert host_option.default == "127.0.0.1"
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    path = tmp_path / "meetings.db"
    with sqlite3.connect(sample_db) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    with served_datasette(path) as url:
        port = int(url.rsplit(":", 1)[1])
        assert _listening_addresses(port) == {"127.0.0.1"}
        other = _non_loopback_address()
        if other:
            with socket.socket() as s:
                s.settimeout(2)
                assert s.connect_ex((other, port)) != 0, f"reachable on {other}"


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (Linux /proc/net/tcp and tcp6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:   # 0A: LISTEN
                if width == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(addr)[::-1]))
                else:
                    raw = b"".join(bytes.fromhex(addr[i:i + 8])[::-1] for i in range(0, 32, 8))
                    found.add(socket.inet_ntop(socket.AF_INET6, raw))
    if not found:
        pytest.skip("no /proc/net/tcp to read listening sockets from")
    return found


def _non_loopback_address() -> str | None:
    """This machine's address on its default route, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.254.254.254", 1))
            addr = s.getsockname()[0]
        except OSError:
            return None
    return None if addr.startswith("127.") else addr
