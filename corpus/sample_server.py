"""A small static HTTP server for the bundled sample site (demo and tests).

Serves ``corpus/sample/site/`` on 127.0.0.1, replaces ``__BASE_URL__`` with its own base URL,
answers conditional requests with 304, and records every request so tests can count them.
"""
from __future__ import annotations

import hashlib
import mimetypes
import threading
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITE_ROOT = Path(__file__).resolve().parent / "sample" / "site"
PLACEHOLDER = b"__BASE_URL__"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    status: int
    headers: dict[str, str]


class SampleServer:
    """``with SampleServer() as srv: srv.base_url`` -- a free port on 127.0.0.1 by default."""

    def __init__(self, root: Path = SITE_ROOT, host: str = "127.0.0.1", port: int = 0):
        self.root = Path(root).resolve()
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((host, port), self._handler())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "SampleServer":
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "SampleServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def paths_requested(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def _record(self, req: Request) -> None:
        with self._lock:
            self.requests.append(req)

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                status, headers, body = server._respond(self.path, dict(self.headers))
                server._record(Request("GET", self.path, status, {k.lower(): v for k, v in self.headers.items()}))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def _resolve(self, raw_path: str) -> Path | None:
        parts = urlsplit(raw_path)
        path = unquote(parts.path)
        if parts.query:  # listing pagination: /x/?page=2 is stored as /x/page-2.html
            q = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
            if q.get("page", "").isdigit():
                path = path.rstrip("/") + f"/page-{int(q['page'])}.html"
        target = (self.root / path.lstrip("/")).resolve()
        if self.root not in target.parents and target != self.root:
            return None  # path traversal
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _respond(self, raw_path: str, req_headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        target = self._resolve(raw_path)
        if target is None:
            return 404, {"Content-Type": "text/plain; charset=utf-8"}, b"not found"
        body = target.read_bytes().replace(PLACEHOLDER, self.base_url.encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        mtime = target.stat().st_mtime
        last_modified = formatdate(mtime, usegmt=True)
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith("xml"):
            ctype += "; charset=utf-8"
        headers = {"Content-Type": ctype, "ETag": etag, "Last-Modified": last_modified}
        inm = req_headers.get("If-None-Match")
        ims = req_headers.get("If-Modified-Since")
        if inm == etag or (inm is None and ims and _not_newer(mtime, ims)):
            return 304, {"ETag": etag, "Last-Modified": last_modified}, b""
        return 200, headers, body


def _not_newer(mtime: float, header: str) -> bool:
    try:
        return int(mtime) <= parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError):
        return False
