"""End to end at archive scale: re-extraction, incremental updates and database size.

(a) Builds a database of N archived articles (benchmarks/synth_corpus.py reports, each stored by
    ``SqliteCrawlStore.save_article`` with a rendered HTML page as its raw HTML, as a crawl would
    leave them), then times the real command ``meetings reextract --all`` as a subprocess: wall
    time, articles/s, peak RSS of the largest process (``getrusage(RUSAGE_CHILDREN)``) and of the
    whole process tree (the sum of VmRSS of the command and its workers, sampled every 0.1 s).
(b) Serves an N-article site on 127.0.0.1 (its own process; robots.txt, a sitemap index of
    1,000-URL sitemaps, a paginated home listing, ETag/Last-Modified and 304 answers) and runs
    ``meetings update`` on it twice, delay 0: the first run fetches and extracts everything, the
    second finds the site unchanged. The server counts every request it answers by kind.
(c) The size of the database after (a): file size, bytes per article, and how much of it is
    ``raw_html_gz``, ``text`` and the full-text index.

Not a test: nothing is asserted but that the work was done. Prints a Markdown report.
Usage: python benchmarks/end_to_end.py [--articles 10000] [--site-articles N] [--jobs J]
       [--skip-site] [--keep DIR [--reuse]]
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth_corpus import generate  # noqa: E402

PER_LISTING = 20
PER_SITEMAP = 1000
LAST_MODIFIED = "Mon, 01 Dec 2025 08:00:00 GMT"


# -- pages (shared by the archive of (a) and the site of (b)) ------------------------------------

def render_page(art: dict, base: str, related: list[dict]) -> str:
    """A news page as outlets publish them: head metadata, navigation, the article, related links."""
    nav = "".join(f"<li><a href='/#muc-{k}'>Chuyên mục {k}</a></li>" for k in range(30))
    rel = "".join(f"<li><a href='{base}/a/{r['i']}.html'>{html.escape(r['title'])}</a> "
                  f"<time>{r['published']}</time></li>" for r in related)
    paras = "".join(f"<p>{html.escape(line)}</p>" for line in art["text"].split("\n") if line.strip())
    title = html.escape(art["title"])
    return (f"<!doctype html><html lang={art['lang']}><head><meta charset=utf-8><title>{title}</title>"
            f"<meta property='og:type' content='article'><meta property='og:title' content=\"{title}\">"
            f"<meta property='article:published_time' content='{art['published']}T08:00:00+07:00'>"
            f"<link rel=canonical href='{base}/a/{art['i']}.html'></head><body><header><ul>{nav}</ul></header>"
            f"<article><h1>{title}</h1><div class='article-body'>{paras}</div></article>"
            f"<aside><h2>Tin liên quan</h2><ul>{rel}</ul></aside>"
            f"<footer>{'<p>Cơ quan chủ quản: Tỉnh ủy. Giấy phép số 123/GP-BTTTT.</p>' * 5}</footer></body></html>")


def _corpus(n: int, seed: int) -> list[dict]:
    arts = generate(n, seed)
    for i, a in enumerate(arts):
        a["i"] = i
    return arts


def _related(arts: list[dict], i: int) -> list[dict]:
    rng = random.Random(i)
    return [arts[rng.randrange(len(arts))] for _ in range(min(30, len(arts)))]


# -- (a) archive and re-extraction ----------------------------------------------------------------

def build_archive(db_path: Path, n: int, seed: int = 0) -> float:
    """N articles stored the way the crawl store stores them; returns seconds taken."""
    from corpus.crawl_store import SqliteCrawlStore
    from corpus.db import open_db
    from crawler.store import FetchedArticle

    started = time.perf_counter()
    db = open_db(db_path)
    db.execute("PRAGMA synchronous=OFF")  # building the fixture; the store commits per article
    store = SqliteCrawlStore(db)
    base = "https://example.vn/bench"
    store.register_source("bench", {"name": "bench", "start_urls": [base + "/"]})
    arts = _corpus(n, seed)
    for a in arts:
        page = render_page(a, base, _related(arts, a["i"]))
        store.save_article(FetchedArticle(
            url=a["url"], source="bench", canonical_url=a["url"], title=a["title"], published=a["published"],
            language=a["lang"], author=None, text=a["text"], raw_html=page, http_status=200,
            etag=None, last_modified=None))
    db.conn.close()
    return time.perf_counter() - started


def _meetings_command() -> list[str]:
    script = Path(sys.executable).with_name("meetings")
    return [str(script)] if script.exists() else [sys.executable, "-m", "corpus.cli"]


class TreeRss:
    """Peak of the summed VmRSS of a process and its descendants, sampled from /proc (Linux)."""

    def __init__(self, pid: int, every: float = 0.1):
        self.pid, self.every, self.peak_kb = pid, every, 0
        self.cpu: dict[int, float] = {}  # seconds of CPU (user + system) last seen per process
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "TreeRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            pids = _tree(self.pid)
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in pids))
            for p in pids:
                self.cpu[p] = max(self.cpu.get(p, 0.0), _cpu_seconds(p))


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    except (OSError, IndexError, ValueError):
        return 0.0


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_command(args: list[str], env: dict | None = None) -> dict:
    """Run a command; wall time, output, peak RSS of its largest process and of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, cwd=ROOT)
    with TreeRss(proc.pid) as tree:
        out, err = proc.communicate()
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{shlex.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": took, "stdout": out.strip(), "stderr": err.strip(),
            "peak_rss_mb": after.ru_maxrss / 1024, "tree_rss_mb": tree.peak_kb / 1024,
            "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
            "cpu_main": tree.cpu.get(proc.pid, 0.0),
            "load": os.getloadavg()[0]}


def database_size(db_path: Path) -> dict:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n = conn.execute("select count(*) from articles").fetchone()[0]
    sums = conn.execute("select sum(length(raw_html_gz)), sum(length(cast(text as blob))), "
                        "sum(length(cast(search_text as blob))) from articles").fetchone()
    per_table = {}
    try:  # dbstat: bytes of pages per table and index, where SQLite was built with it
        for name, size in conn.execute("select name, sum(pgsize) from dbstat group by name order by 2 desc"):
            per_table[name] = size
    except sqlite3.Error:
        pass
    conn.close()
    return {"articles": n, "file": db_path.stat().st_size, "raw_html_gz": sums[0] or 0, "text": sums[1] or 0,
            "search_text": sums[2] or 0, "per_table": per_table}


# -- (b) the site -------------------------------------------------------------------------------

def _serve(n: int, seed: int, conn) -> None:
    from collections import Counter
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    sys.path.insert(0, str(ROOT / "benchmarks"))
    arts = _corpus(n, seed)
    counts: Counter = Counter()
    lock = threading.Lock()
    state = {"base": ""}

    def body_of(path: str) -> tuple[str, bytes] | None:
        base = state["base"]
        if path == "/robots.txt":
            return "text/plain", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n".encode()
        if path == "/sitemap.xml":
            maps = "".join(f"<sitemap><loc>{base}/sitemap-{k}.xml</loc><lastmod>2025-12-01</lastmod></sitemap>"
                           for k in range((n + PER_SITEMAP - 1) // PER_SITEMAP))
            return "application/xml", (f"<?xml version='1.0' encoding='UTF-8'?><sitemapindex "
                                       f"xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{maps}</sitemapindex>").encode()
        if path.startswith("/sitemap-") and path.endswith(".xml"):
            k = int(path[9:-4])
            urls = "".join(f"<url><loc>{base}/a/{i}.html</loc><lastmod>{arts[i]['published']}</lastmod></url>"
                           for i in range(k * PER_SITEMAP, min(n, (k + 1) * PER_SITEMAP)))
            return "application/xml", (f"<?xml version='1.0' encoding='UTF-8'?><urlset "
                                       f"xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>").encode()
        if path == "/" or path.startswith("/?page="):
            k = 1 if path == "/" else int(path[7:])
            pages = (n + PER_LISTING - 1) // PER_LISTING
            if not 1 <= k <= pages:
                return None
            newest = list(range(n - 1, -1, -1))[(k - 1) * PER_LISTING: k * PER_LISTING]
            items = "".join(f"<li><a href='/a/{i}.html'>{html.escape(arts[i]['title'])}</a></li>" for i in newest)
            nxt = f"<a rel=next href='/?page={k + 1}'>Trang sau</a>" if k < pages else ""
            return "text/html; charset=utf-8", (f"<!doctype html><html lang=vi><head><meta charset=utf-8>"
                                                f"<title>Tin tức</title></head><body><ul>{items}</ul>{nxt}"
                                                f"</body></html>").encode()
        if path.startswith("/a/") and path.endswith(".html") and path[3:-5].isdigit():
            i = int(path[3:-5])
            if i < n:
                return "text/html; charset=utf-8", render_page(arts[i], base, _related(arts, i)).encode()
        return None

    def kind_of(path: str) -> str:
        if path.startswith("/a/"):
            return "article"
        if path.startswith("/sitemap"):
            return "sitemap"
        if path == "/robots.txt":
            return "robots"
        return "listing" if path == "/" or path.startswith("/?page=") else "other"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            if self.path.startswith("/__stats"):
                with lock:
                    data = json.dumps(dict(counts)).encode()
                    if "reset" in self.path:
                        counts.clear()
                self._send(200, "application/json", data)
                return
            found = body_of(self.path)
            kind = kind_of(self.path)
            if found is None:
                with lock:
                    counts[f"{kind} 404"] += 1
                self._send(404, "text/plain", b"not found")
                return
            ctype, body = found
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            fresh = (self.headers.get("If-None-Match") == etag
                     or (self.headers.get("If-None-Match") is None
                         and self.headers.get("If-Modified-Since") == LAST_MODIFIED))
            with lock:
                counts[f"{kind} {304 if fresh else 200}"] += 1
            if fresh:
                self._send(304, None, b"", etag)
            else:
                self._send(200, ctype, body, etag)

        def _send(self, status: int, ctype: str | None, body: bytes, etag: str | None = None) -> None:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.handle_error = lambda request, address: None  # a client closing its connection is no news
    state["base"] = "http://127.0.0.1:%d" % httpd.server_address[1]
    conn.send(state["base"])
    httpd.serve_forever(poll_interval=0.2)


def _server_counts(base: str, reset: bool = True) -> dict:
    import urllib.request

    with urllib.request.urlopen(base + "/__stats" + ("?reset=1" if reset else "")) as r:
        return json.loads(r.read())


def crawl_site(n: int, seed: int, workdir: Path) -> list[dict]:
    """Two `meetings update` runs over the same unchanged site."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=_serve, args=(n, seed, child), daemon=True)
    server.start()
    runs = []
    try:
        base = parent.recv()
        sources = workdir / "sources.yml"
        big = 3 * n + 1000
        sources.write_text(
            f"- name: bench\n  language: vi\n  start_urls: ['{base}/', '{base}/sitemap.xml']\n"
            f"  delay: 0\n  max_pages_per_source: {big}\n  budget: {big}\n", encoding="utf-8")
        env = {"MEETINGS_CRAWL_DELAY": "0", "MEETINGS_CRAWL_BUDGET": str(big),
               "MEETINGS_CRAWL_MAX_PAGES_PER_SOURCE": str(big)}
        db = workdir / "site.db"
        args = [*_meetings_command(), "update", "--sources", str(sources), "--db", str(db), "--log-format", "json"]
        for label in ("first update (empty database)", "second update (site unchanged)"):
            _server_counts(base)
            r = run_command(args, env)
            r["label"] = label
            r["record"] = json.loads(r["stdout"].splitlines()[-1])
            r["server"] = _server_counts(base)
            runs.append(r)
    finally:
        server.terminate()
        server.join(5)
    return runs


# -- report -------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10_000, help="articles in the archive of (a) (default 10000)")
    ap.add_argument("--site-articles", type=int, default=None, help="articles on the site of (b) (default: --articles)")
    ap.add_argument("--jobs", type=int, default=None, help="reextract --jobs (default: the command's own default)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-site", action="store_true", help="only (a) and (c)")
    ap.add_argument("--skip-archive", action="store_true", help="only (b)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the databases in this folder")
    ap.add_argument("--reuse", action="store_true", help="re-extract the archive kept in --keep, if there")
    args = ap.parse_args(argv)
    n_site = args.site_articles or args.articles
    command = "python benchmarks/end_to_end.py " + shlex.join(argv if argv is not None else sys.argv[1:])

    tmp = Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    work = args.keep or tmp
    work.mkdir(parents=True, exist_ok=True)
    try:
        db_path = work / "archive.db"
        reextract = [*_meetings_command(), "reextract", "--all", "--db", str(db_path)]
        if args.jobs:
            reextract += ["--jobs", str(args.jobs)]
        a = size = None
        if not args.skip_archive:
            if args.reuse and db_path.exists():
                built = 0.0
            else:
                db_path.unlink(missing_ok=True)
                built = build_archive(db_path, args.articles, args.seed)
            a = run_command(reextract)
            size = database_size(db_path)
        runs = [] if args.skip_site else crawl_site(n_site, args.seed, work)
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"End to end, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs")
    print(f"command: {command.strip()}")
    print()
    if a is not None:
        _print_archive(args, a, built, reextract)
    if runs:
        _print_site(n_site, runs)
    if size is not None:
        _print_size(size)
    return 0


def _print_archive(args, a: dict, built: float, reextract: list[str]) -> None:
    print(f"## (a) `meetings reextract --all` over {args.articles} archived articles")
    print()
    print(f"archive built in {built:.1f} s (synthetic reports from benchmarks/synth_corpus.py, seed {args.seed}, "
          f"stored by SqliteCrawlStore.save_article)")
    print(f"command: {shlex.join(['meetings', *reextract[len(_meetings_command()):]])}")
    print(f"output: {a['stdout']}")
    print()
    print("| articles | seconds | articles/s | CPU s, all processes | CPU s, main (reads, loads) "
          "| peak RSS, largest process MB | peak RSS, process tree MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {args.articles} | {a['seconds']:.1f} | {args.articles / a['seconds']:.1f} | {a['cpu']:.1f} "
          f"| {a['cpu_main']:.1f} | {a['peak_rss_mb']:.0f} | {a['tree_rss_mb']:.0f} |")
    print()
    print(f"load average (1 min) when it ended: {a['load']:.1f} on {os.cpu_count()} CPUs; with both CPUs to "
          f"itself the run needs at least max(all CPU / CPUs, main CPU) = "
          f"{max(a['cpu'] / (os.cpu_count() or 1), a['cpu_main']):.0f} s")


def _print_site(n_site: int, runs: list[dict]) -> None:
    if runs:
        print()
        print(f"## (b) `meetings update` twice over a {n_site}-article site on 127.0.0.1 (delay 0)")
        print()
        print("| run | seconds | CPU s | requests (crawler) | article downloads | 304 answers | new | unchanged "
              "| extracted | peak RSS tree MB |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in runs:
            rec, srv = r["record"], r["server"]
            downloads = srv.get("article 200", 0)
            n304 = sum(v for k, v in srv.items() if k.endswith(" 304"))
            print(f"| {r['label']} | {r['seconds']:.1f} | {r['cpu']:.1f} | {rec['requests']} | {downloads} | {n304} | {rec['new']} "
                  f"| {rec['unchanged']} | {rec['extracted']} | {r['tree_rss_mb']:.0f} |")
        loads = ", ".join(f"{r['load']:.1f}" for r in runs)
        print(f"\nload average (1 min) at the end of each run: {loads}")
        for r in runs:
            print(f"\n{r['label']}: requests answered by the server: "
                  + ", ".join(f"{k}: {v}" for k, v in sorted(r["server"].items())))


def _print_size(size: dict) -> None:
    print()
    print(f"## (c) database size after (a): {size['articles']} articles")
    print()
    mb = 1024 * 1024
    per = max(1, size["articles"])
    print(f"file: {size['file'] / mb:.1f} MB, {size['file'] / per / 1024:.1f} KB per article, "
          f"{size['file'] / per * 10_000 / mb:.0f} MB per 10,000 articles")
    print(f"raw_html_gz: {size['raw_html_gz'] / mb:.1f} MB ({100 * size['raw_html_gz'] / size['file']:.0f}% of the file, "
          f"{size['raw_html_gz'] / per / 1024:.1f} KB per article); text: {size['text'] / mb:.1f} MB; "
          f"search_text: {size['search_text'] / mb:.1f} MB")
    if size["per_table"]:
        top = list(size["per_table"].items())[:10]
        print("largest tables and indexes (dbstat): "
              + ", ".join(f"{name} {v / mb:.1f} MB" for name, v in top))


if __name__ == "__main__":
    sys.exit(main())
