"""Golden files: the whole extraction of every seed, pinned. Any change in what the extractor
finds in them shows up as a diff; after reviewing it, rewrite with ``pytest --update-golden``."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT, SEEDS_DIR
from extract import extract

GOLDEN = ROOT / "tests" / "golden"
SEEDS = sorted(SEEDS_DIR.glob("*.txt"))


def _pinned(result: dict) -> dict:
    """Everything but the echoed text and the version stamp."""
    return {k: v for k, v in result.items() if k not in ("text", "extractor_version")}


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_extraction_matches_its_golden_file(path, request):
    got = _pinned(extract(path.read_text(encoding="utf-8"), "auto", path=f"seeds/{path.name}"))
    golden = GOLDEN / f"seed-{path.stem[:3]}.json"
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run pytest --update-golden and review it"
    assert got == json.loads(golden.read_text(encoding="utf-8"))


def test_there_is_a_golden_file_for_every_seed_and_no_stale_one():
    assert len(SEEDS) == 5
    assert sorted(p.name for p in GOLDEN.glob("seed-*.json")) == sorted(f"seed-{p.stem[:3]}.json" for p in SEEDS)
