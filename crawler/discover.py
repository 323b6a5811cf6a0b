"""Finding URLs: sitemaps (and indexes, gzipped too), feeds, and links on listing pages."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup
from lxml import etree

from crawler.urls import normalise_url

_PAGINATION = re.compile(r"([?&](?:page|p|trang)=\d+|/page/\d+/?$|/trang-\d+|/p\d+/?$)", re.I)
_PAGE_NO = re.compile(r"(?:[?&](?:page|p|trang)=|/page/|/trang-|/p)(\d+)", re.I)


def parse_sitemap(text: str) -> tuple[list[str], list[str]]:
    """(page URLs, child sitemap URLs) of a sitemap or sitemap index."""
    try:
        root = etree.fromstring(text.encode("utf-8"), parser=etree.XMLParser(recover=True, resolve_entities=False,
                                                                              no_network=True, huge_tree=False))
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    locs = [el.text.strip() for el in root.iter() if isinstance(el.tag, str)
            and el.tag.rsplit("}", 1)[-1] == "loc" and el.text]
    tag = root.tag.rsplit("}", 1)[-1] if isinstance(root.tag, str) else ""
    if tag == "sitemapindex":
        return [], locs
    if tag in ("rss", "feed", "RDF"):
        return parse_feed(root), []
    return locs, []


def parse_feed(root) -> list[str]:
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = el.tag.rsplit("}", 1)[-1]
        if name == "link":
            href = el.get("href") or (el.text or "").strip()
            if href:
                out.append(href)
    return out


def page_links(html: str, base_url: str, soup: BeautifulSoup | None = None) -> tuple[list[str], list[str]]:
    """(links, pagination links) on an HTML page, absolute and normalised (``soup``: the page
    already parsed, if the caller has it)."""
    soup = soup if soup is not None else BeautifulSoup(html, "lxml")
    links, pages = [], []
    for a in soup.find_all("a", href=True):
        url = normalise_url(a["href"], base_url)
        if not url:
            continue
        rel = " ".join(a.get("rel") or []).lower()
        (pages if "next" in rel or _PAGINATION.search(url) else links).append(url)
    for link in soup.find_all("link", rel=True, href=True):
        if "next" in " ".join(link["rel"]).lower():
            url = normalise_url(link["href"], base_url)
            if url:
                pages.append(url)
    return _dedupe(links), _dedupe(pages)


def page_number(url: str) -> int | None:
    """The page number a pagination URL asks for ("?page=7", "/page/7/", "/trang-7"), if any."""
    m = _PAGE_NO.search(url)
    return int(m.group(1)) if m else None


def looks_like_sitemap(url: str, content_type: str) -> bool:
    return "xml" in content_type or url.endswith((".xml", ".xml.gz", ".rss", "/feed", "/rss"))


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
