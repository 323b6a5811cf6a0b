"""URL normalisation, so the same article under several URLs is stored once, and trap detection.

The rules (tracking parameters, print/AMP views, mobile hosts, trap limits) are data in
``url_rules.yml``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import yaml


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    with Path(__file__).with_name("url_rules.yml").open(encoding="utf-8") as fh:
        r = yaml.safe_load(fh)
    r["tracking"] = {t.lower() for t in r["tracking"]}
    r["print_params"] = {p.lower() for p in r["print_params"]}
    r["print_values"] = {v.lower() for v in r["print_values"]}
    return r


def normalise_url(url: str, base: str | None = None) -> str | None:
    """Absolute http(s) URL without fragment, tracking parameters, print/AMP view, mobile host
    prefix or default port; else None (other schemes, no host)."""
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    r = _rules()
    host = parts.hostname.lower().rstrip(".")
    for prefix in r["mobile_prefixes"]:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    netloc = host if port in (None, 80 if parts.scheme == "http" else 443) else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(tuple(r["tracking_prefixes"])) and k.lower() not in r["tracking"]
             and not (k.lower() in r["print_params"] and (v.lower() in r["print_values"] or v == ""))]
    path = parts.path or "/"
    for suffix in r["print_suffixes"]:
        if path.endswith(suffix) and len(path) > len(suffix):
            path = path[: -len(suffix)] or "/"
            break
    return urlunsplit((parts.scheme, netloc, path, urlencode(query), ""))


def host_of(url: str) -> str:
    """host[:port] as normalise_url writes it (default ports dropped): the politeness key."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return host if parts.port in (None, default) else f"{host}:{parts.port}"


def site_of(url: str) -> str:
    """The politeness key: ``host_of(url)`` without a twin prefix ("www.", "m."), so that
    www.baoxyz.vn and baoxyz.vn, one server, are paced as one."""
    return untwinned(host_of(url))


def untwinned(host: str) -> str:
    """host[:port] without a twin prefix, where a domain of two labels or more remains."""
    name = _without_port(host)
    for prefix in _twin_prefixes():
        if name.startswith(prefix) and name.count(".") >= 2:
            return host[len(prefix):]
    return host


def twins(host: str) -> set[str]:
    """host[:port] and its twins: baoxyz.vn -> {baoxyz.vn, www.baoxyz.vn, m.baoxyz.vn, ...}.
    A host that is not a domain of two labels or more (an IP address, localhost) has none."""
    base = untwinned(host)
    name = _without_port(base)
    if (name.count(".") < 1 or name.startswith("[") or name.replace(".", "").isdigit()
            or name.startswith(_twin_prefixes())):   # www.vn: no twin
        return {host}
    return {host, base, *(prefix + base for prefix in _twin_prefixes())}


def twin_urls(url: str) -> list[str]:
    """``url`` and the same URL on each twin of its host (http(s) URLs as normalise_url writes
    them): one page, whichever twin it was found under."""
    parts = urlsplit(url)
    host = host_of(url)
    if not parts.hostname:
        return [url]
    return [url] + sorted(urlunsplit((parts.scheme, twin, parts.path, parts.query, parts.fragment))
                          for twin in twins(host) if twin != host)


def _without_port(host: str) -> str:
    """host of host[:port] (a bracketed IPv6 address, colons and all, stays whole)."""
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _twin_prefixes() -> tuple[str, ...]:
    r = _rules()
    return (*r["twin_prefixes"], *r["mobile_prefixes"])


_REPEAT = re.compile(r"(/[^/]+/[^/]+)(?:\1){2,}|(/[^/]+)\2{3,}")


def looks_like_trap(url: str) -> bool:
    """Session-id and calendar loops: very long URLs, deep paths, a path that repeats itself."""
    r = _rules()
    if len(url) > r["max_url_length"]:
        return True
    path = urlsplit(url).path
    if path.count("/") > r["max_path_segments"]:
        return True
    return bool(_REPEAT.search(path))
