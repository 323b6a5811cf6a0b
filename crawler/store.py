"""What the crawler needs from storage. `corpus.crawl_store.SqliteCrawlStore` implements it;
the crawler itself never knows it is SQLite."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class FrontierItem:
    url: str
    source: str
    kind: str  # "sitemap", "listing", "page" (not yet known) or "article"
    depth: int


@dataclass(frozen=True)
class FetchedArticle:
    url: str
    source: str
    canonical_url: str | None
    title: str | None
    published: str | None
    language: str | None
    author: str | None
    text: str
    raw_html: str
    http_status: int
    etag: str | None
    last_modified: str | None


class CrawlStore(Protocol):
    def start_run(self) -> int: ...
    def end_run(self, run_id: int, summary: dict[str, Any]) -> None: ...
    def register_source(self, name: str, config: dict[str, Any]) -> None: ...
    def frontier_add(self, items: list[FrontierItem], referrer: str | None = None) -> int: ...
    def frontier_revisit(self, source: str) -> None: ...
    def frontier_pending(self, source: str, limit: int = 100) -> list[FrontierItem]: ...
    def frontier_mark(self, url: str, status: str, **fields: Any) -> None: ...
    def frontier_validators(self, url: str) -> tuple[str | None, str | None]: ...
    def article_known(self, url: str) -> bool: ...
    def save_article(self, article: FetchedArticle) -> str: ...
    def log_failure(self, run_id: int, url: str, source: str, kind: str, http_status: int | None,
                    error: str) -> None: ...
