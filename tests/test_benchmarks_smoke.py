"""The benchmarks still run: each at a tiny size, so they do not rot between measurements."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from synth_corpus import generate  # noqa: E402


def test_synthetic_corpus_is_deterministic_varied_and_has_every_language():
    arts = generate(40, seed=7)
    assert arts == generate(40, seed=7)
    assert arts != generate(40, seed=8)
    assert {a["lang"] for a in arts[:4]} == {"vi", "en", "ru", "uk"}
    assert len({a["url"] for a in arts}) == 40
    assert all(a["text"] and a["title"] and len(a["published"]) == 10 for a in arts)
    # the same template twice reads differently (names, numbers, provinces or order)
    by_template = Counter(a["template"] for a in arts)
    twice = next(t for t, n in by_template.items() if n > 1)
    texts = [a["text"] for a in arts if a["template"] == twice]
    assert len(set(texts)) == len(texts)


def test_source_line_stays_last():
    for a in generate(60, seed=1):
        lines = [line for line in a["text"].split("\n") if line.strip()]
        src = [i for i, line in enumerate(lines) if "http" in line and line.lower().startswith(("source", "nguồn", "источник", "джерело"))]
        if src:
            assert src[-1] >= len(lines) - 2


@pytest.mark.parametrize("script, args", [
    ("extraction_throughput.py", ["--articles", "40", "--jobs", "2"]),
    ("end_to_end.py", ["--articles", "40", "--site-articles", "30", "--jobs", "2"]),
    ("datasette_latency.py", ["--articles", "60", "--base", "20", "--repeat", "2"]),
])
def test_benchmark_runs_at_a_tiny_size(script, args):
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "| " in r.stdout
