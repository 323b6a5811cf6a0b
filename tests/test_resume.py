"""A `meetings update` killed with SIGKILL mid-crawl loses nothing; the next run resumes."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

from conftest import ROOT
from corpus.sample_server import SampleServer


def _articles(db) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_sigkill_mid_crawl_loses_nothing_and_the_next_run_resumes(tmp_path):
    db = tmp_path / "m.db"
    sources = tmp_path / "sources.yml"
    cmd = [sys.executable, "-m", "corpus.cli", "update", "--sources", str(sources), "--db", str(db)]
    with SampleServer() as site:
        sources.write_text(f"- name: sample\n  start_urls: ['{site.base_url}/', '{site.base_url}/sitemap.xml']\n"
                           f"  delay: 0.25\n", encoding="utf-8")
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while _articles(db) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        saved = _articles(db)
        assert 3 <= saved < 13, "the kill should land mid-crawl"
        with sqlite3.connect(db) as conn:
            assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
            kept = {"/tin-tuc/" + u.split("/tin-tuc/")[1] for (u,) in conn.execute("select url from articles")}
        seen = len(site.requests)
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        refetched = [r.path for r in site.requests[seen:] if r.path.startswith("/tin-tuc/")]
    assert _articles(db) == 13
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from meetings").fetchone()[0] == 10
        assert [r[0] for r in conn.execute("select status from crawl_runs order by id")] == ["killed", "ok"]
    # articles stored before the kill are not downloaded again; the rest once each
    assert not set(refetched) & kept
    assert len(refetched) == len(set(refetched)) == 13 - saved
