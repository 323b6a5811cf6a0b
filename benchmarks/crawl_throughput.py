"""Crawl throughput: our crawler against a bare HTTP loop, on the same local site.

Starts a site on 127.0.0.1 (a ThreadingHTTPServer in its own process, so it does not share the
GIL with the client being measured) with N article pages, listing pages linking them 20 a page
with rel=next pagination, a sitemap of every article and a robots.txt that names it. Then:

  (a) a bare ``httpx.Client`` loop GETs every URL of the site once, in order, doing nothing
      with the bodies: the ceiling for one connection to one host;
  (b) ``crawler.crawl.crawl()`` with a ``SqliteCrawlStore`` on a temporary file, delay 0, robots
      obeyed: discovery, parsing, deduplication and a committed write per step included.

Both talk to one host, so both run one request at a time (the crawler never has two requests
in flight to the same host). Prints requests/s and articles/s of each, the ratio, and the peak
RSS of this process (resource.getrusage) after each phase; (a) runs first, so the figure after
(b) is the crawler's peak. Not a test: nothing is asserted but that the crawl stored every
article. Usage: python benchmarks/crawl_throughput.py [--pages 500] [--page-kb 40]
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import platform
import resource
import shlex
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_LISTING = 20
PARAGRAPH = ("Chiều 15/10, Ban Chỉ đạo tỉnh về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển "
             "đổi số họp phiên thứ {i} để đánh giá kết quả thực hiện Nghị quyết 57-NQ/TW. Đồng chí Bí thư "
             "Tỉnh ủy, Trưởng Ban Chỉ đạo chủ trì; tỉnh đã hoàn thành 41/62 nhiệm vụ, đạt 66%. ")


# -- the site (runs in its own process) ---------------------------------------------------------

def _site_pages(n: int, page_kb: int, base: str) -> dict[str, tuple[str, bytes]]:
    pages: dict[str, tuple[str, bytes]] = {}
    filler = "<nav>" + "".join(f"<a href='/#muc-{k}'>Chuyên mục {k}</a>" for k in range(40)) + "</nav>"
    for i in range(n):
        head = (f"<!doctype html><html lang=vi><head><meta charset=utf-8><title>Phiên họp {i}</title>"
                f"<meta property='og:type' content='article'>"
                f"<meta property='article:published_time' content='2025-10-{1 + i % 28:02d}'>"
                f"<link rel=canonical href='{base}/a/{i}.html'></head><body>{filler}"
                f"<h1>Ban Chỉ đạo họp phiên thứ {i}</h1><div class='article-body'>")
        tail = f"</div><footer>{'<p>Bản quyền thuộc về Cổng thông tin điện tử tỉnh.</p>' * 20}</footer></body></html>"
        body, para = "", f"<p>{PARAGRAPH.format(i=i)}</p>"
        while len((head + body + tail).encode()) + len(para.encode()) <= page_kb * 1024:
            body += para
        html = head + body + tail
        pages[f"/a/{i}.html"] = ("text/html; charset=utf-8", html.encode())
    listings = (n + PER_LISTING - 1) // PER_LISTING
    for k in range(1, listings + 1):
        path = "/" if k == 1 else f"/?page={k}"
        links = "".join(f"<li><a href='/a/{i}.html'>Phiên họp {i}</a></li>"
                        for i in range((k - 1) * PER_LISTING, min(n, k * PER_LISTING)))
        nxt = f"<a rel=next href='/?page={k + 1}'>Trang sau</a>" if k < listings else ""
        pages[path] = ("text/html; charset=utf-8",
                       f"<html lang=vi><body>{filler}<ul>{links}</ul>{nxt}</body></html>".encode())
    urls = "".join(f"<url><loc>{base}/a/{i}.html</loc></url>" for i in range(n))
    pages["/sitemap.xml"] = ("application/xml",
                             f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>".encode())
    pages["/robots.txt"] = ("text/plain", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n".encode())
    return pages


def _serve(n: int, page_kb: int, conn) -> None:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    pages: dict[str, tuple[str, bytes]] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real sites
        disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            ctype, body = pages.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    base = "http://127.0.0.1:%d" % httpd.server_address[1]
    pages.update(_site_pages(n, page_kb, base))
    conn.send((base, sorted(pages)))
    httpd.serve_forever(poll_interval=0.2)


# -- the two clients ----------------------------------------------------------------------------

def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def bare_loop(base: str, paths: list[str]) -> tuple[int, float, int]:
    import httpx

    order = ["/robots.txt", "/sitemap.xml", *[p for p in paths if not p.startswith(("/a/", "/robots", "/sitemap"))],
             *[p for p in paths if p.startswith("/a/")]]
    started = time.perf_counter()
    got = 0
    with httpx.Client(timeout=20) as client:
        for p in order:
            r = client.get(base + p)
            got += r.status_code == 200 and len(r.content) > 0
    return len(order), time.perf_counter() - started, got


def our_crawl(base: str, n: int) -> tuple[int, float, int, dict, float]:
    from corpus.crawl_store import SqliteCrawlStore
    from corpus.db import open_db
    from crawler.crawl import crawl
    from crawler.settings import load_options
    from crawler.sources import Source

    rss_imported = _peak_rss_mb()

    big = 10 * n + 100
    options = load_options(delay=0.0, obey_robots=True, budget=big, max_pages_per_source=big,
                           max_listing_pages=big)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")
        started = time.perf_counter()
        stats = crawl([Source(name="bench", start_urls=[base + "/"])], SqliteCrawlStore(db), options)
        took = time.perf_counter() - started
        stored = db.execute("select count(*) from articles").fetchone()[0]
        db.conn.close()
    return stats.requests, took, stored, stats.summary(), rss_imported


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=500, help="article pages on the site (default 500)")
    ap.add_argument("--page-kb", type=int, default=40, help="size of an article page in KB (default 40)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))

    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=_serve, args=(args.pages, args.page_kb, child), daemon=True)
    server.start()
    try:
        base, paths = parent.recv()
        rss_start = _peak_rss_mb()
        n_bare, t_bare, ok_bare = bare_loop(base, paths)
        rss_bare = _peak_rss_mb()
        n_crawl, t_crawl, stored, summary, rss_imported = our_crawl(base, args.pages)
        rss_crawl = _peak_rss_mb()
    finally:
        server.terminate()
        server.join(5)

    listings = len([p for p in paths if not p.startswith(("/a/", "/robots", "/sitemap"))])
    command = "python benchmarks/crawl_throughput.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    rows = [
        ("bare httpx.Client loop", n_bare, t_bare, ok_bare, rss_bare),
        ("crawl() + SqliteCrawlStore", n_crawl, t_crawl, stored, rss_crawl),
    ]
    print(f"Crawl throughput, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
          f"{platform.machine()}, site on 127.0.0.1: {args.pages} articles of {args.page_kb} KB, "
          f"{listings} listing pages, 1 sitemap, robots.txt")
    print(f"command: {command.strip()}")
    print()
    print(f"| {'client':<28} | {'requests':>8} | {'seconds':>7} | {'requests/s':>10} | {'articles/s':>10} "
          f"| {'peak RSS MB':>11} |")
    print("|" + "|".join("-" * (w + 1) + ("-" if i == 0 else ":") for i, w in enumerate((28, 8, 7, 10, 10, 11))) + "|")
    for name, n, t, arts, rss in rows:
        articles = args.pages if name.startswith("bare") else arts
        print(f"| {name:<28} | {n:>8} | {t:>7.2f} | {n / t:>10.1f} | {articles / t:>10.1f} | {rss:>11.0f} |")
    print()
    print(f"ratio bare/crawl: {(n_bare / t_bare) / (n_crawl / t_crawl):.1f}x requests/s; "
          f"peak RSS before either: {rss_start:.0f} MB, after importing the crawler: {rss_imported:.0f} MB")
    if stored != args.pages or summary.get("errors"):
        print(f"WARNING: the crawl stored {stored} of {args.pages} articles, errors {summary.get('errors_by_kind')}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
