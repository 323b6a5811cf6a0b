"""Crawl options: the shipped defaults in settings.yml, overridden explicitly, frozen."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml

from crawler.errors import SourceConfigError

DEFAULTS_PATH = Path(__file__).with_name("settings.yml")


@dataclass(frozen=True)
class CrawlOptions:
    user_agent: str
    delay: float
    timeout: float
    max_bytes: int
    max_redirects: int
    retries: int
    backoff: float
    max_retry_after: float
    budget: int
    max_depth: int
    max_pages_per_source: int
    obey_robots: bool
    concurrency: int = 4
    max_listing_pages: int = 30
    search_keywords: tuple[str, ...] = ()

    def with_overrides(self, **overrides: Any) -> "CrawlOptions":
        known = {f.name for f in fields(self)}
        return replace(self, **{k: v for k, v in overrides.items() if k in known and v is not None})


def load_options(path: Path | None = None, **overrides: Any) -> CrawlOptions:
    """Defaults from ``settings.yml`` (or ``path``), then ``overrides``."""
    with (path or DEFAULTS_PATH).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    unknown = set(overrides) - {f.name for f in fields(CrawlOptions)}
    if unknown:
        raise SourceConfigError(f"unknown crawl setting(s): {', '.join(sorted(unknown))}")
    merged = {**data, **overrides}
    if "search_keywords" in merged:
        merged["search_keywords"] = tuple(merged["search_keywords"] or ())
    return CrawlOptions(**merged)
