"""A configurable HTTP server on 127.0.0.1 for crawler tests: routes, faults, request log."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Union

Reply = tuple[int, dict[str, str], bytes]
Route = Union[Reply, Callable[["Hit", int], Reply]]


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


class FixtureSite:
    """``routes[path] = (status, headers, body)`` or a function of (hit, nth request of path)."""

    def __init__(self, routes: dict[str, Route] | None = None):
        self.routes: dict[str, Route] = dict(routes or {})
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()})
                with site._lock:
                    site.hits.append(hit)
                    nth = sum(1 for h in site.hits if h.path == self.path)
                route = site.routes.get(self.path)
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"missing"
                elif callable(route):
                    status, headers, body = route(hit, nth)
                else:
                    status, headers, body = route
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def paths(self) -> list[str]:
        with self._lock:
            return [h.path for h in self.hits]

    def __enter__(self) -> "FixtureSite":
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def html(body: str, *, status: int = 200, charset: str = "utf-8", extra: dict[str, str] | None = None) -> Reply:
    return status, {"Content-Type": f"text/html; charset={charset}", **(extra or {})}, body.encode(charset
                                                                                                     if charset != "iso-8859-1" else "utf-8")


def article(title: str, text: str, links: str = "") -> str:
    return (f"<html lang=vi><head><title>{title}</title><meta property='og:type' content='article'>"
            f"<meta property='article:published_time' content='2025-10-01'></head><body><nav>menu</nav>"
            f"<div class='article-body'><p>{text}</p></div>{links}</body></html>")


def listing(*paths: str) -> str:
    return "<html><body><ul>" + "".join(f"<li><a href='{p}'>{p}</a></li>" for p in paths) + "</ul></body></html>"
