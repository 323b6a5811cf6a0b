"""The shipped source catalogue (crawler/sources.yml): what operators rely on it to cover."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.sources import Source, load_sources
from crawler.urls import host_of
from extract.provinces import all_provinces

SHARED_SOURCES_MD = Path(__file__).resolve().parents[1].parent / "shared" / "SOURCES.md"
VIETNAM_VN = "www.vietnam.vn"
_SECOND_LEVEL = {"gov.vn", "com.vn", "org.vn", "net.vn", "edu.vn"}
# A language marked by the site itself: a language subdomain (en.x.vn) or first path segment (/en/).
_HOST_LANGUAGE = {"en": "en", "ru": "ru", "uk": "uk"}
_PATH_LANGUAGE = {"en": "en", "english": "en", "ru": "ru", "uk": "uk", "vietnamese": "vi"}


@pytest.fixture(scope="module")
def sources() -> list[Source]:
    return load_sources()


@pytest.fixture(scope="module")
def current_codes() -> set[str]:
    return {p["code"] for p in all_provinces() if p["in_force"]}


def _bare(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def _site_domain(host: str) -> str:
    """The registrable domain: sonla.gov.vn for en.sonla.gov.vn, vietnam.vn for www.vietnam.vn."""
    labels = host.split(":")[0].split(".")
    keep = 3 if ".".join(labels[-2:]) in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def _marked_language(url: str) -> str | None:
    parts = urlsplit(url)
    first_label = (parts.hostname or "").split(".")[0]
    if first_label in _HOST_LANGUAGE:
        return _HOST_LANGUAGE[first_label]
    first_segment = parts.path.strip("/").split("/")[0].lower()
    return _PATH_LANGUAGE.get(first_segment)


def _shared_sources_hosts() -> dict[str, set[str]]:
    """host -> languages, from the table of SOURCES.md (a stray ')' after a host is dropped)."""
    hosts: dict[str, set[str]] = {}
    for line in SHARED_SOURCES_MD.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[0] in ("host", "") or set(cells[0]) <= set("-: "):
            continue
        host = cells[0].rstrip(").,;").lower()
        hosts[host] = {lang.strip() for lang in cells[1].split(",") if lang.strip()}
    return hosts


def test_shipped_catalogue_loads_without_error(sources):
    assert len(sources) >= 2 * 34
    assert all(s.start_urls for s in sources)


def test_source_names_are_unique_lowercase_and_hyphenated(sources):
    names = [s.name for s in sources]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
    assert [n for n in names if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n)] == []


def test_there_are_34_provinces_in_force(current_codes):
    assert len(current_codes) == 34


def test_every_province_value_is_a_code_in_force(sources, current_codes):
    bad = {s.name: s.province for s in sources if s.province is not None and s.province not in current_codes}
    assert bad == {}


def test_every_province_in_force_has_a_vietnamese_newspaper_and_government_portal(sources, current_codes):
    missing = {}
    for code in sorted(current_codes):
        vi_hosts = {h for s in sources if s.province == code and s.language == "vi" for h in s.hosts}
        portals = {h for h in vi_hosts if h.endswith(".gov.vn")}
        others = vi_hosts - portals
        if not portals or not others:
            missing[code] = sorted(vi_hosts)
    assert missing == {}, "provinces without both a vi newspaper and a vi .gov.vn portal"


def test_every_host_in_shared_sources_md_is_covered(sources):
    if not SHARED_SOURCES_MD.is_file():
        pytest.skip(f"{SHARED_SOURCES_MD} not present")
    listed = _shared_sources_hosts()
    assert len(listed) >= 20  # the table was really read
    covered = {_bare(h) for s in sources for h in s.hosts}
    assert sorted(_bare(h) for h in listed if _bare(h) not in covered) == []


def test_hosts_seen_only_in_foreign_languages_have_a_source_in_such_a_language(sources):
    if not SHARED_SOURCES_MD.is_file():
        pytest.skip(f"{SHARED_SOURCES_MD} not present")
    wrong = {}
    for host, languages in _shared_sources_hosts().items():
        if not languages or "vi" in languages:
            continue
        have = {s.language for s in sources if _bare(host) in {_bare(h) for h in s.hosts}}
        if not (have & languages or None in have):  # no language: taken from each page
            wrong[host] = (sorted(languages), sorted(map(str, have)))
    assert wrong == {}


def test_vietnam_vn_has_vietnamese_english_russian_and_ukrainian_sources(sources):
    editions = {s.language: s for s in sources if VIETNAM_VN in s.hosts}
    assert {"vi", "en", "ru", "uk"} <= set(editions)
    for lang in ("en", "ru", "uk"):
        url = f"https://{VIETNAM_VN}/{lang}/some-article"
        assert [s.language for s in editions.values() if s.allows(url)] == [lang]
    assert [s.language for s in editions.values() if s.allows(f"https://{VIETNAM_VN}/some-article")] == ["vi"]


def test_every_start_url_is_https(sources):
    assert [(s.name, u) for s in sources for u in s.start_urls if urlsplit(u).scheme != "https"] == []


def test_start_urls_of_a_source_belong_to_one_site_named_by_the_source(sources):
    wrong = {}
    for s in sources:
        sites = {_site_domain(h) for h in s.hosts}
        label = next(iter(sites)).split(".")[0]
        if len(sites) != 1 or label not in s.name.replace("-", ""):
            wrong[s.name] = sorted(sites)
    assert wrong == {}


def test_start_urls_in_a_language_edition_belong_to_a_source_of_that_language(sources):
    wrong = [(s.name, s.language, u) for s in sources for u in s.start_urls
             if _marked_language(u) is not None and _marked_language(u) != s.language]
    assert wrong == []


def test_each_start_url_is_allowed_by_its_own_source_and_by_no_other(sources):
    wrong = []
    for s in sources:
        for u in s.start_urls:
            if not s.allows(u):
                wrong.append((s.name, u, "refused by its own allow/deny"))
            others = [t.name for t in sources if t is not s and host_of(u) in t.hosts and t.allows(u)]
            if others:
                wrong.append((s.name, u, f"also crawled by {others}"))
    assert wrong == []
