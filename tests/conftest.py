"""Shared fixtures: repository paths and the seeds kept in the repo."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def crawled_sample(path: Path) -> Iterator[Path]:
    """The bundled sample site served, crawled, extracted and loaded into ``path``; the site
    stays up inside the block, so the articles' links can be followed."""
    from corpus.demo import crawl_sample
    from corpus.sample_server import SampleServer

    with SampleServer() as site:
        crawl_sample(path, site=site)
        yield path


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """The database users get from `meetings demo`."""
    with crawled_sample(tmp_path_factory.mktemp("sample") / "meetings.db") as path:
        return path
