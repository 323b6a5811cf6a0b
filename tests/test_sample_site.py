"""The bundled sample site: reproducible from its article files, and served faithfully."""
from __future__ import annotations

import filecmp

import httpx

from conftest import ROOT
from corpus.sample.build_site import build
from corpus.sample_server import SampleServer

SITE = ROOT / "corpus" / "sample" / "site"


def test_checked_in_site_equals_a_fresh_build(tmp_path):
    build(tmp_path / "site")
    cmp = filecmp.dircmp(SITE, tmp_path / "site")
    def diffs(c):
        return c.left_only + c.right_only + c.diff_files + [d for sub in c.subdirs.values() for d in diffs(sub)]
    assert diffs(cmp) == []


def test_sitemap_urls_resolve_and_robots_disallows_private():
    with SampleServer() as srv:
        robots = httpx.get(f"{srv.base_url}/robots.txt").text
        assert "Disallow: /private/" in robots and f"Sitemap: {srv.base_url}/sitemap.xml" in robots
        sitemap = httpx.get(f"{srv.base_url}/sitemap.xml").text
        locs = [line.split("<loc>")[1].split("</loc>")[0] for line in sitemap.splitlines() if "<loc>" in line]
        assert len(locs) == 13
        for loc in locs:
            assert httpx.get(loc).status_code == 200


def test_conditional_get_answers_304_and_traversal_is_refused():
    with SampleServer() as srv:
        first = httpx.get(f"{srv.base_url}/index.html")
        again = httpx.get(f"{srv.base_url}/index.html", headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304
        assert httpx.get(f"{srv.base_url}/../../pyproject.toml").status_code == 404
        assert httpx.get(f"{srv.base_url}/%2e%2e/%2e%2e/pyproject.toml").status_code == 404


def test_pagination_page_two_is_served():
    with SampleServer() as srv:
        page2 = httpx.get(f"{srv.base_url}/chuyen-muc/thoi-su/?page=2")
        assert page2.status_code == 200 and "/tin-tuc/" in page2.text
