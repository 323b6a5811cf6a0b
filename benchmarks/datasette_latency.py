"""Datasette latency on a 100,000-article database: searches, faceted tables, canned queries.

Builds the database in two steps: (1) ``--base`` synthetic reports (benchmarks/synth_corpus.py)
are stored as a crawl stores them and extracted and loaded by the real code
(``corpus.reextract.extract_articles``); (2) those rows are replicated until there are
``--articles`` articles -- every copy with its own ids and URLs, its provinces permuted and its
dates shifted, so facets, filters and sorts see a spread like a real archive's. Records of all
tables are copied (articles with their text and raw HTML, meetings, meeting_articles, officials,
task_reports, rankings, directives); persons keep their keys (the same people recur), their
counts recomputed; the full-text indexes are filled by their triggers, as ``corpus/db.py`` sets
them up.

Then it measures, in-process through Datasette's own client on ``corpus.serve.make_datasette``
(so metadata.yml, its facets and canned queries are used), the HTML pages people open: a
directive full-text search, the faceted table pages of directives, task_reports, rankings,
officials, meetings and articles, and every canned query of metadata.yml with realistic
parameters. Each URL is fetched once to warm up, then ``--repeat`` times; prints p50, p95 and
max in ms, and flags pages whose facets timed out. Not a test: nothing is asserted but that every
page answered 200. Usage: python benchmarks/datasette_latency.py [--articles 100000] [--base 1000]
[--repeat 30] [--db DIR/meetings.db (reused if there, else built and kept)]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shlex
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

COPIED = ("articles", "meetings", "meeting_articles", "officials", "task_reports", "rankings", "directives")


# -- building -----------------------------------------------------------------------------------

def build(db_path: Path, articles: int, base: int, seed: int = 0, jobs: int = 2) -> dict:
    from corpus.db import open_db
    from corpus.reextract import extract_articles, pending_article_ids
    from end_to_end import build_archive

    timings = {}
    t = time.perf_counter()
    build_archive(db_path, base, seed)
    db = open_db(db_path)
    extract_articles(db, pending_article_ids(db), jobs=jobs)
    db.conn.close()
    timings["base"] = time.perf_counter() - t
    t = time.perf_counter()
    replicate(db_path, articles, seed)
    timings["replicate"] = time.perf_counter() - t
    return timings


def _shift(value, days: int):
    """An ISO date (or datetime) moved by ``days``; anything else as it was."""
    if not isinstance(value, str) or len(value) < 10:
        return value
    try:
        d = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return (d + timedelta(days=days)).isoformat() + value[10:]


def replicate(db_path: Path, target: int, seed: int = 0) -> None:
    """Copy the extracted rows until ``articles`` holds ``target`` rows."""
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA synchronous=OFF")
    codes = [r[0] for r in conn.execute("select code from provinces order by code")]
    in_force = [r[0] for r in conn.execute("select code from provinces where in_force = 1 order by code")]
    base_rows = {}
    for table in COPIED:
        cur = conn.execute(f"select * from [{table}]")
        base_rows[table] = ([d[0] for d in cur.description], cur.fetchall())
    n_base = len(base_rows["articles"][1])
    a_off = conn.execute("select max(id) from articles").fetchone()[0]
    m_off = (conn.execute("select max(id) from meetings").fetchone()[0] or 0) + 1
    rng = random.Random(seed)
    copies = (target - n_base + n_base - 1) // n_base
    made = n_base
    for k in range(1, copies + 1):
        keep = min(n_base, target - made)
        if keep <= 0:
            break
        perm = in_force[:]
        rng.shuffle(perm)
        pmap = {c: perm[i % len(perm)] for i, c in enumerate(codes)}
        days = rng.randrange(-700, 0)
        kept_ids = {row[0] for row in base_rows["articles"][1][:keep]}

        def new_aid(aid):
            return aid + k * a_off

        with conn:
            for table in COPIED:
                cols, rows = base_rows[table]
                ix = {c: i for i, c in enumerate(cols)}
                out = []
                for row in rows:
                    row = list(row)
                    aid = row[ix["id"]] if table == "articles" else row[ix["article_id"]] if "article_id" in ix else None
                    if table != "meetings" and aid not in kept_ids:
                        continue
                    if table == "articles":
                        row[ix["id"]] = new_aid(aid)
                        for c in ("url", "canonical_url"):
                            if row[ix[c]]:
                                row[ix[c]] = row[ix[c]].replace(".html", f"-{k}.html")
                        row[ix["published"]] = _shift(row[ix["published"]], days)
                    elif table == "meetings":
                        row[ix["id"]] += k * m_off
                        row[ix["meeting_key"]] = f"{row[ix['meeting_key']]}#{k}"
                        row[ix["date"]] = _shift(row[ix["date"]], days)
                        for c in ("province_code", "merged_into"):
                            row[ix[c]] = pmap.get(row[ix[c]], row[ix[c]])
                        if row[ix["url"]]:
                            row[ix["url"]] = row[ix["url"]].replace(".html", f"-{k}.html")
                    else:
                        if "id" in ix and table != "meeting_articles":
                            row[ix["id"]] = new_aid(aid) * 10_000 + row[ix["id"]] % 10_000
                        row[ix["article_id"]] = new_aid(aid)
                        if row[ix["meeting_id"]] is not None:
                            row[ix["meeting_id"]] += k * m_off
                        if "province_code" in ix:
                            row[ix["province_code"]] = pmap.get(row[ix["province_code"]], row[ix["province_code"]])
                        if "meeting_date" in ix:
                            row[ix["meeting_date"]] = _shift(row[ix["meeting_date"]], days)
                        if row[ix["url"]]:
                            row[ix["url"]] = row[ix["url"]].replace(".html", f"-{k}.html")
                    out.append(row)
                if table == "meetings":
                    # only meetings some kept article belongs to
                    wanted = {r[base_rows["meeting_articles"][0].index("meeting_id")] + k * m_off
                              for r in base_rows["meeting_articles"][1]
                              if r[base_rows["meeting_articles"][0].index("article_id")] in kept_ids}
                    out = [r for r in out if r[ix["id"]] in wanted]
                marks = ",".join("?" * len(cols))
                conn.executemany(f"insert into [{table}] ({','.join(f'[{c}]' for c in cols)}) values ({marks})", out)
        made += keep
    with conn:
        conn.execute("""update persons set
            mentions = (select count(*) from officials o where o.person_key = persons.person_key),
            articles = (select count(distinct article_id) from officials o where o.person_key = persons.person_key),
            meetings = (select count(distinct meeting_id) from officials o where o.person_key = persons.person_key),
            first_seen = (select min(meeting_date) from officials o where o.person_key = persons.person_key),
            last_seen = (select max(meeting_date) from officials o where o.person_key = persons.person_key)""")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no ANALYZE: `meetings` never runs it either
    conn.close()


# -- measuring ----------------------------------------------------------------------------------

def realistic_parameters(db_path: Path) -> dict[str, str]:
    """Values people would type: a common addressee, a much-mentioned person, a busy province,
    a frequent word of the directives."""
    conn = sqlite3.connect(db_path)
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    addressee = one("select a.value from directives d, json_each(d.addressees) a "
                    "where d.id in (select id from directives limit 2000) "
                    "group by a.value order by count(*) desc limit 1") or "Sở"
    person = one("select name from persons order by mentions desc limit 1") or ""
    province = one("select province_code from meetings where province_code is not null "
                   "group by province_code order by count(*) desc limit 1")
    conn.close()
    return {"addressee": " ".join(addressee.split()[:3]), "name": " ".join(person.split()[:2]),
            "province_code": province, "keyword": "digital", "keyword_vi": "chuyển đổi số"}


def pages(params: dict[str, str], queries: dict) -> list[tuple[str, str]]:
    p = params
    out = [
        ("directives: full-text search (table page)", "/meetings/directives?" + urlencode({"_search": p["keyword_vi"]})),
        ("directives: faceted table page", "/meetings/directives"),
        ("directives: facet filter province_code", "/meetings/directives?" + urlencode({"province_code": p["province_code"]})),
        ("task_reports: faceted table page", "/meetings/task_reports"),
        ("rankings: faceted table page", "/meetings/rankings"),
        ("officials: faceted table page", "/meetings/officials"),
        ("meetings: faceted table page", "/meetings/meetings"),
        ("articles: faceted table page", "/meetings/articles"),
        ("articles: full-text search (table page)", "/meetings/articles?" + urlencode({"_search": p["keyword"]})),
    ]
    args = {
        "directives_to_addressee": {"addressee": p["addressee"]},
        "person_appearances": {"name": p["name"]},
        "meetings_of_province": {"province_code": p["province_code"]},
        "directives_by_keyword": {"keyword": p["keyword"]},
        "task_figures_by_province": {"province_code": p["province_code"]},
    }
    for name in queries:
        q = args.get(name, {})
        out.append((f"canned query {name}", f"/meetings/{name}" + ("?" + urlencode(q) if q else "")))
    return out


async def _measure(ds, targets: list[tuple[str, str]], repeat: int) -> list[dict]:
    results = []
    for label, path in targets:
        first = await ds.client.get(path)
        timed_out = []
        if not label.startswith("canned"):  # table pages: did any facet give up?
            j = await ds.client.get(path.replace("?", ".json?", 1) if "?" in path else path + ".json")
            if j.status_code == 200:
                timed_out = j.json().get("facets_timed_out") or []
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            r = await ds.client.get(path)
            times.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                break
        times.sort()
        results.append({"label": label, "path": path, "status": first.status_code, "p50": statistics.median(times),
                        "p95": times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))],
                        "max": times[-1], "n": len(times), "timed_out": timed_out})
    return results


def warm_page_cache(db_path: Path) -> None:
    """Read the database file once, so the first pages measured are not the disk's: a server
    answering all day has its database in the OS page cache. (This VM's proactive memory reclaim
    empties that cache within minutes: a run on a cold cache on 2026-11-23 had p95 spikes to
    0.9 s and queries cut off by Datasette's 1 s time limit.)"""
    with open(db_path, "rb") as fh:
        while fh.read(1 << 24):
            pass


def measure(db_path: Path, repeat: int) -> tuple[list[dict], dict]:
    from corpus.serve import load_metadata, make_datasette, steady_gc

    warm_page_cache(db_path)
    queries = load_metadata()["databases"]["meetings"]["queries"]
    params = realistic_parameters(db_path)
    ds = make_datasette(db_path)
    steady_gc()  # as `meetings serve` does once its server is built
    return asyncio.run(_measure(ds, pages(params, queries), repeat)), params


def counts(db_path: Path) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    out = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0]
           for t in ("articles", "meetings", "officials", "persons", "task_reports", "rankings", "directives")}
    conn.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--base", type=int, default=1000, help="reports extracted for real before replication")
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--db", type=Path, default=None, help="database to build (kept) or, if it exists, reuse")
    args = ap.parse_args(argv)
    command = "python benchmarks/datasette_latency.py " + shlex.join(argv if argv is not None else sys.argv[1:])

    tmp = None
    db_path = args.db
    if db_path is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench-ds-")
        db_path = Path(tmp.name) / "meetings.db"
    elif db_path.stem != "meetings":
        ap.error("--db must name a file meetings.db: metadata.yml describes the database called meetings")
    timings = {}
    if not db_path.exists():
        timings = build(db_path, args.articles, min(args.base, args.articles), args.seed)
    from corpus.db import open_db

    open_db(db_path).conn.close()  # the schema (and indexes) of this checkout
    results, params = measure(db_path, args.repeat)
    n = counts(db_path)
    size = db_path.stat().st_size

    print(f"Datasette latency, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs; in-process client on corpus.serve.make_datasette")
    print(f"command: {command.strip()}")
    if timings:
        print(f"built in {timings['base']:.0f} s (base of {min(args.base, args.articles)} extracted) "
              f"+ {timings['replicate']:.0f} s (replication)")
    print("database: " + ", ".join(f"{v} {k}" for k, v in n.items()) + f"; {size / 2**20:.0f} MB")
    print("parameters: " + json.dumps(params, ensure_ascii=False))
    print()
    print("| page | p50 ms | p95 ms | max ms | runs | status |")
    print("|---|---:|---:|---:|---:|---|")
    for r in results:
        note = f"; facets timed out: {', '.join(r['timed_out'])}" if r["timed_out"] else ""
        print(f"| {r['label']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} | {r['n']} | {r['status']}{note} |")
    slow = [r["label"] for r in results if r["p95"] >= 100]
    print()
    print("p95 >= 100 ms: " + (", ".join(slow) if slow else "none"))
    if tmp:
        tmp.cleanup()
    return 0 if all(r["status"] == 200 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
