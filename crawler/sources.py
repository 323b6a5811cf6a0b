"""Sources to crawl: a YAML list; a source needs only a name and start URLs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, urlsplit

import yaml

from crawler.errors import SourceConfigError
from crawler.urls import host_of, normalise_url, untwinned

SHIPPED_SOURCES = Path(__file__).with_name("sources.yml")
# politeness keys a source may override (crawler/settings.yml), with the type each must have
_POLITENESS_KEYS = {"delay": float, "timeout": float, "max_bytes": int, "max_depth": int,
                    "max_pages_per_source": int, "budget": int, "max_listing_pages": int, "user_agent": str,
                    "search_keywords": list}
_DESCRIPTIVE_KEYS = {"name", "start_urls", "language", "province", "allow", "deny", "selectors", "search_url"}
_SELECTOR_KEYS = {"body", "title", "date"}


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
        if untwinned(host_of(url)) not in {untwinned(h) for h in self.hosts}:
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
        mark, problem = getattr(exc, "problem_mark", None), getattr(exc, "problem", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SourceConfigError(f"{path}: not valid YAML{where}: {problem or ' '.join(str(exc).split())}") from None
    if isinstance(data, dict) and "sources" in data:
        if set(data) != {"sources"}:
            raise SourceConfigError(f"{path}: unknown top-level key(s) {_listed(set(data) - {'sources'})}; "
                                    f"expected only 'sources'")
        data = data["sources"]
    if not isinstance(data, list) or not data:
        raise SourceConfigError(f"{path}: expected a non-empty YAML list of sources")
    sources = [source_from_dict(entry, f"{path}: source #{i + 1}") for i, entry in enumerate(data)]
    seen: set[str] = set()
    for i, source in enumerate(sources):
        if source.name in seen:
            raise SourceConfigError(f"{path}: source #{i + 1}: the name {source.name!r} is used twice")
        seen.add(source.name)
    return sources


def _listed(keys) -> str:
    return ", ".join(repr(k) for k in sorted(map(str, keys)))


def _check_types(entry: dict[str, Any], where: str) -> None:
    """Each key known and of its type: a typo or a wrong type is caught here, in one line,
    not as a traceback half-way through a crawl."""
    unknown = set(entry) - _DESCRIPTIVE_KEYS - set(_POLITENESS_KEYS)
    if unknown:
        raise SourceConfigError(f"{where}: unknown key(s) {_listed(unknown)}; known: "
                                f"{_listed(_DESCRIPTIVE_KEYS | set(_POLITENESS_KEYS))}")
    for key in ("language", "province", "search_url"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise SourceConfigError(f"{where}: {key!r} must be text, not {entry[key]!r}")
    for key in ("allow", "deny"):
        value = entry.get(key)
        if value is not None and not isinstance(value, str) and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise SourceConfigError(f"{where}: {key!r} must be a list of URL patterns, not {value!r}")
    selectors = entry.get("selectors")
    if selectors is not None:
        if not isinstance(selectors, dict) or not all(isinstance(v, str) for v in selectors.values()):
            raise SourceConfigError(f"{where}: 'selectors' must map body, title or date to a CSS selector")
        if set(selectors) - _SELECTOR_KEYS:
            raise SourceConfigError(f"{where}: unknown selector(s) {_listed(set(selectors) - _SELECTOR_KEYS)}; "
                                    f"known: {_listed(_SELECTOR_KEYS)}")
    for key, kind in _POLITENESS_KEYS.items():
        value = entry.get(key)
        if value is None:
            continue
        if kind is list:
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        elif kind is str:
            ok = isinstance(value, str)
        else:  # a number, not true/false, not negative
            ok = (isinstance(value, (int, float) if kind is float else int) and not isinstance(value, bool)
                  and value >= 0)
        if not ok:
            wanted = {list: "a list of words", str: "text", float: "a number of seconds, 0 or more",
                      int: "a whole number, 0 or more"}[kind]
            raise SourceConfigError(f"{where}: {key!r} must be {wanted}, not {value!r}")


def source_from_dict(entry: Any, where: str = "source") -> Source:
    if not isinstance(entry, dict):
        raise SourceConfigError(f"{where}: expected a mapping with name and start_urls")
    name, urls = entry.get("name"), entry.get("start_urls")
    if name is None:
        raise SourceConfigError(f"{where}: missing 'name'")
    if not isinstance(name, str) or not name.strip():
        raise SourceConfigError(f"{where}: 'name' must be text, not {name!r}")
    _check_types(entry, f"{where} ({name})")
    if isinstance(urls, str):
        urls = [urls]
    if urls is None:
        raise SourceConfigError(f"{where} ({name}): missing 'start_urls' (the URLs the crawl starts from)")
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
    patterns = {key: [entry[key]] if isinstance(entry.get(key), str) else list(entry.get(key) or [])
                for key in ("allow", "deny")}
    for key, found in patterns.items():
        for pattern in found:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SourceConfigError(f"{where} ({name}): bad {key} pattern {pattern!r}: {exc}") from None
    return Source(
        name=name.strip(), start_urls=urls, language=entry.get("language"),
        province=entry.get("province"), allow=patterns["allow"],
        deny=patterns["deny"], selectors=dict(entry.get("selectors") or {}),
        overrides={k: v for k, v in entry.items() if k in _POLITENESS_KEYS},
        search_url=search,
    )
