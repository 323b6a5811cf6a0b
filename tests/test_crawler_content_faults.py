"""The crawler against broken content: non-HTML, malformed HTML, charsets and compression
(gzip bombs included), each on a real server on 127.0.0.1."""
from __future__ import annotations

import gzip
import tracemalloc
import unicodedata
import zlib

import pytest

from fixture_sites import FixtureSite, article, html, listing
from fault_sites import (  # noqa: F401  (_collect_our_garbage: an autouse fixture)
    VI, run, robots, stored, failures, site_with, assert_went_on, _collect_our_garbage,
)


# -- content types ------------------------------------------------------------------------------

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40


@pytest.mark.parametrize("headers, body", [
    ({"Content-Type": "application/pdf"}, b"%PDF-1.4\n" + VI.encode() * 50 + b"\n%%EOF"),
    ({"Content-Type": "image/jpeg"}, JPEG),
    ({}, JPEG),  # no Content-Type at all
], ids=["pdf", "jpeg", "untyped-binary"])
def test_non_html_linked_from_a_listing_is_not_stored_as_an_article(tmp_path, headers, body):
    with FixtureSite(site_with("/file", (200, headers, body))) as site:
        stats, db, _ = run(site, tmp_path, retries=2)
    assert site.paths().count("/file") == 1
    assert "file" not in stored(db)
    if headers:
        assert failures(db)["file"][0] == "not_html"
    assert_went_on(db)


# -- malformed HTML -----------------------------------------------------------------------------

HEAD = "<html lang=vi><head><title>T</title><meta property='og:type' content='article'></head><body>"
MALFORMED = {
    "unclosed-tags": (HEAD + "<div class='article-body'><p>" + VI + "<p>tiếp <b>đậm <i>nghiêng <table><tr><td>ô"
                      " <a href='/x.html'>liên kết <div><span><ul><li>mục").encode(),
    "5000-nested-divs": (HEAD + "<div>" * 5000 + "<div class='article-body'><p>" + VI + "</p></div>"
                         + "</div>" * 4000).encode(),
    "stray-bytes": (HEAD + "<div class='article-body'><p>").encode() + b"\x00\xff\xfe\x81\x1b\xe1\xbb"
                   + f"{VI} {VI}</p><p>".encode() + b"\x80\xc0\x00" + f"{VI}</p></div>".encode(),
    "unterminated-comment-and-attribute": (HEAD + "<div class='article-body'><p>" + VI
                                           + "</p></div><a href='/y.html <!-- never closed").encode(),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_html_does_not_crash_and_its_article_text_is_stored(tmp_path, name):
    route = (200, {"Content-Type": "text/html; charset=utf-8"}, MALFORMED[name])
    with FixtureSite(site_with("/bad.html", route)) as site:
        stats, db, _ = run(site, tmp_path)
    assert site.paths().count("/bad.html") == 1
    assert VI in stored(db)["bad.html"]
    assert_went_on(db)


def test_binary_garbage_labelled_html_does_not_crash_and_stores_nothing(tmp_path):
    junk = bytes((i * 7919 + 13) % 256 for i in range(50_000))
    with FixtureSite(site_with("/junk.html", (200, {"Content-Type": "text/html"}, junk))) as site:
        stats, db, _ = run(site, tmp_path)
    assert site.paths().count("/junk.html") == 1
    assert "junk.html" not in stored(db)
    assert_went_on(db)



def test_a_page_of_too_many_elements_is_logged_and_neither_stored_nor_searched_for_links(tmp_path):
    from crawler.article import MAX_TAGS

    links = "<a href='/behind.html'>more</a>" + "<b></b>" * MAX_TAGS   # one element too many
    page = article("Many", VI + " " + VI, links)
    more = {"/behind.html": html(article("Behind", VI + " sau " * 50))}
    with FixtureSite(site_with("/many.html", html(page), **more)) as site:
        _, db, _ = run(site, tmp_path)
    assert site.paths().count("/many.html") == 1
    kind, status, error = failures(db)["many.html"]
    assert (kind, status) == ("too_many_elements", 200) and f"{MAX_TAGS:,}" in error
    assert "many.html" not in stored(db)
    assert "/behind.html" not in site.paths()   # its links were not followed
    assert_went_on(db)


def test_a_page_just_under_the_element_cap_is_stored_and_its_links_followed(tmp_path):
    from crawler.article import MAX_TAGS

    links = "<a href='/behind.html'>more</a>" + "<b></b>" * (MAX_TAGS - 100)
    more = {"/behind.html": html(article("Behind", VI + " sau " * 50))}
    with FixtureSite(site_with("/many.html", html(article("Many", VI + " " + VI, links)), **more)) as site:
        _, db, _ = run(site, tmp_path)
    assert VI in stored(db)["many.html"] and "behind.html" in stored(db)


# -- charsets -----------------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # the five tone marks windows-1258 has as combining bytes


def _to_cp1258(s: str) -> bytes:
    """windows-1258 as Vietnamese pages use it: â ê ô ă ơ ư đ precomposed, tones combining."""
    out = []
    for ch in unicodedata.normalize("NFC", s):
        try:
            ch.encode("windows-1258")
            out.append(ch)
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", ch)
            out.append(unicodedata.normalize("NFC", "".join(c for c in marks if c not in _TONES))
                       + "".join(c for c in marks if c in _TONES))
    return "".join(out).encode("windows-1258")


def test_utf8_vietnamese_with_no_charset_declared_anywhere_is_decoded(tmp_path):
    page = article("Họp Ban Chỉ đạo", VI + " " + VI).encode("utf-8")
    assert b"charset" not in page
    with FixtureSite(site_with("/a.html", (200, {"Content-Type": "text/html"}, page))) as site:
        _, db, _ = run(site, tmp_path)
    assert VI in stored(db)["a.html"]


@pytest.mark.parametrize("meta", ["<meta charset='windows-1258'>",
                                  "<meta http-equiv='Content-Type' content='text/html; charset=windows-1258'>"])
def test_windows_1258_declared_only_in_a_meta_tag_is_decoded_to_nfc(tmp_path, meta):
    page = article("Họp", VI + " " + VI).replace("<head>", "<head>" + meta)
    body = _to_cp1258(page)
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    with FixtureSite(site_with("/a.html", (200, {"Content-Type": "text/html"}, body))) as site:
        _, db, _ = run(site, tmp_path)
    # precomposed, as the same text served in UTF-8 would be: a search for the words finds it
    assert VI in stored(db)["a.html"]


# -- compression --------------------------------------------------------------------------------

def _deflate(data: bytes, wbits: int) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return c.compress(data) + c.flush()


@pytest.mark.parametrize("encoding, wbits", [("gzip", 31), ("deflate", 15), ("deflate", -15)],
                         ids=["gzip", "deflate-zlib", "deflate-raw"])
def test_a_compressed_page_is_decoded(tmp_path, encoding, wbits):
    page = article("Nén", VI + " " + VI).encode("utf-8")
    route = (200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding}, _deflate(page, wbits))
    with FixtureSite(site_with("/z.html", route)) as site:
        _, db, _ = run(site, tmp_path)
    assert VI in stored(db)["z.html"]
    assert "gzip" in site.hits[-1].headers.get("accept-encoding", "")


def _gzip_of_zeros(n: int) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    mb = bytes(1_000_000)
    return b"".join(c.compress(mb) for _ in range(n // 1_000_000)) + c.flush()


def test_a_gzip_bomb_is_cut_off_at_max_bytes_without_inflating_it_in_memory(tmp_path):
    bomb = _gzip_of_zeros(50_000_000)  # ~50 KB on the wire, 50 MB inflated
    assert len(bomb) < 100_000
    route = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    # a first crawl imports modules and loads parser data (trafilatura's stoplists alone are
    # ~40 MB) on first use: done before measuring, so the peak is the bomb's
    with FixtureSite(site_with("/other.html", html(listing("/good.html")))) as warm:
        run(warm, tmp_path / "warm-up")
    with FixtureSite(site_with("/bomb.html", route)) as site:
        tracemalloc.start()
        try:
            stats, db, _ = run(site, tmp_path, max_bytes=1_000_000, retries=2)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert site.paths().count("/bomb.html") == 1
    assert failures(db)["bomb.html"][0] == "too_large"
    assert "bomb.html" not in stored(db)
    assert peak < 12_000_000, f"peak Python memory {peak / 1e6:.0f} MB for a 1 MB cap"
    assert_went_on(db)


def test_a_corrupt_gzip_body_is_logged_and_the_crawl_goes_on(tmp_path):
    route = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, b"\x1f\x8b\x08\x00this is not gzip" * 20)
    with FixtureSite(site_with("/broken.html", route)) as site:
        stats, db, _ = run(site, tmp_path, retries=2)
    assert site.paths().count("/broken.html") == 1  # the same bytes would come back: no retry
    assert "broken.html" in failures(db)
    assert_went_on(db)


@pytest.mark.parametrize("body", [b"\x1f\x8b\x08\x00garbage after the gzip magic" * 10,
                                  _gzip_of_zeros(60_000_000)], ids=["corrupt", "inflates-past-cap"])
def test_a_bad_gzipped_sitemap_is_logged_and_the_crawl_goes_on(tmp_path, body):
    with FixtureSite() as site:
        site.routes.update({
            "/robots.txt": robots(f"User-agent: *\nSitemap: {site.url}/sitemap.xml.gz\n"),
            "/sitemap.xml.gz": (200, {"Content-Type": "application/x-gzip"}, body),
            "/": html(listing("/good.html")), "/good.html": html(article("G", VI + " tốt " * 50)),
        })
        stats, db, _ = run(site, tmp_path)
    assert site.paths().count("/sitemap.xml.gz") == 1
    assert "sitemap.xml.gz" in failures(db)
    assert_went_on(db)


def test_gzip_body_of_a_sitemap_served_as_a_file_is_decoded(tmp_path):
    with FixtureSite() as site:
        urlset = (f"<urlset><url><loc>{site.url}/good.html</loc></url></urlset>").encode()
        site.routes.update({
            "/robots.txt": robots(),
            "/sitemap.xml.gz": (200, {"Content-Type": "application/x-gzip"}, gzip.compress(urlset)),
            "/good.html": html(article("G", VI + " tốt " * 50)),
        })
        stats, db, _ = run(site, tmp_path, start="/sitemap.xml.gz")
    assert_went_on(db)
