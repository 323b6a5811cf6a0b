"""`meetings serve` as a real process on a free local port, for tests that talk HTTP to it."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served_datasette(db_path: Path, *args: str) -> Iterator[str]:
    """`meetings serve --db DB ARGS`: yields the base URL once Datasette answers; stops it afterwards.
    Its output goes to a log file beside the database (a pipe nobody reads would fill and block it)."""
    port = free_port()
    log_path = db_path.parent / f"serve-{port}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "corpus.cli", "serve", "--db", str(db_path),
                                 "--port", str(port), *args], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(150):
                try:
                    if httpx.get(f"{url}/-/versions.json", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                pytest.fail("Datasette did not start: " + log_path.read_text(errors="replace")[-2000:])
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)
