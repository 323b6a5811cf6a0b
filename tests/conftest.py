"""Shared fixtures: repository paths and the seeds kept in the repo."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "corpus" / "gold" / "seeds"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite tests/golden/*.json from the current extractor (review the diff!)")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """The bundled sample site crawled, extracted and loaded: the database users get from `meetings demo`."""
    from corpus.demo import crawl_sample
    from corpus.sample_server import SampleServer

    path = tmp_path_factory.mktemp("sample") / "meetings.db"
    with SampleServer() as site:
        crawl_sample(path, site=site)
    return path
