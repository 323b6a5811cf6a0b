"""Sources to crawl: a YAML list; a source needs only a name and start URLs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, urlsplit

import yaml

from crawler.errors import SourceConfigError
from crawler.urls import host_of, normalise_url

SHIPPED_SOURCES = Path(__file__).with_name("sources.yml")
_POLITENESS_KEYS = {"delay", "timeout", "max_bytes", "max_depth", "max_pages_per_source", "budget", "user_agent",
                    "max_listing_pages", "search_keywords"}


@dataclass(frozen=True)
class Source:
    name: str
    start_urls: list[str]
    language: str | None = None
    province: str | None = None
    allow: list[str] = field(default_factory=list)  # URL regexes a followed link must match (any)
    deny: list[str] = field(default_factory=list)  # URL regexes never followed
    selectors: dict[str, str] = field(default_factory=dict)  # body / title / date CSS selectors
    overrides: dict[str, Any] = field(default_factory=dict)  # politeness overrides
    search_url: str | None = None  # the site's own search page, "{query}" where the words go

    @property
    def hosts(self) -> set[str]:
        """host[:port] of the start URLs: the only hosts this source may fetch from."""
        return {host_of(normalise_url(u) or u) for u in self.start_urls}

    def allows(self, url: str) -> bool:
        if host_of(url) not in self.hosts:
            return False
        if any(re.search(p, url) for p in self.deny):
            return False
        return not self.allow or any(re.search(p, url) for p in self.allow)

    def search_urls(self, keywords: tuple[str, ...] | list[str]) -> list[str]:
        """The search page asked for each keyword: results pages are listings like any other."""
        if not self.search_url:
            return []
        return [self.search_url.replace("{query}", quote_plus(k)) for k in keywords]

    def as_config(self) -> dict[str, Any]:
        return {"name": self.name, "start_urls": self.start_urls, "language": self.language,
                "province": self.province, "allow": self.allow, "deny": self.deny,
                "selectors": self.selectors, "search_url": self.search_url, **self.overrides}


def load_sources(path: str | Path | None = None) -> list[Source]:
    """Read a sources file; one clear SourceConfigError for anything malformed."""
    path = Path(path) if path else SHIPPED_SOURCES
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceConfigError(f"sources file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceConfigError(f"cannot read sources file {path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise SourceConfigError(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from None
    if isinstance(data, dict) and "sources" in data:
        data = data["sources"]
    if not isinstance(data, list) or not data:
        raise SourceConfigError(f"{path}: expected a non-empty YAML list of sources")
    return [source_from_dict(entry, f"{path}: source #{i + 1}") for i, entry in enumerate(data)]


def source_from_dict(entry: Any, where: str = "source") -> Source:
    if not isinstance(entry, dict):
        raise SourceConfigError(f"{where}: expected a mapping with name and start_urls")
    name, urls = entry.get("name"), entry.get("start_urls")
    if not isinstance(name, str) or not name.strip():
        raise SourceConfigError(f"{where}: missing 'name'")
    if isinstance(urls, str):
        urls = [urls]
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
        raise SourceConfigError(f"{where} ({name}): 'start_urls' must be a non-empty list of URLs")
    for u in urls:
        if urlsplit(u).scheme not in ("http", "https") or not urlsplit(u).hostname:
            raise SourceConfigError(f"{where} ({name}): not an http(s) URL: {u}")
    search = entry.get("search_url")
    if search is not None and (not isinstance(search, str) or "{query}" not in search
                               or urlsplit(search).scheme not in ("http", "https")):
        raise SourceConfigError(f"{where} ({name}): 'search_url' must be an http(s) URL containing {{query}}")
    if search and host_of(search) not in {host_of(u) for u in urls}:
        raise SourceConfigError(f"{where} ({name}): 'search_url' must be on a host of its start_urls")
    for key in ("allow", "deny"):
        for pattern in entry.get(key) or []:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SourceConfigError(f"{where} ({name}): bad {key} pattern {pattern!r}: {exc}") from None
    return Source(
        name=name.strip(), start_urls=urls, language=entry.get("language"),
        province=entry.get("province"), allow=list(entry.get("allow") or []),
        deny=list(entry.get("deny") or []), selectors=dict(entry.get("selectors") or {}),
        overrides={k: v for k, v in entry.items() if k in _POLITENESS_KEYS},
        search_url=search,
    )
