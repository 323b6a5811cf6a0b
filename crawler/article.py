"""Parse one article page: main text, title, date, canonical URL, author, language."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import trafilatura
import yaml
from bs4 import BeautifulSoup, Tag

_DATE_LINE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
# A news article has a few thousand tags; a page with many more is not one we can read. Parsing
# costs time per tag (BeautifulSoup, CSS matching, trafilatura), so without a cap one hostile
# 5 MB page of empty tags would hold a crawl worker for minutes.
MAX_TAGS = 50_000
# Lone UTF-16 surrogates are not text: SQLite, lxml and spaCy refuse them. A decoded page has none,
# but a JSON string in it may ("\\ud800"); they become U+FFFD.
_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass
class ParsedPage:
    is_article: bool
    text: str
    title: str | None
    published: str | None
    canonical_url: str | None
    author: str | None
    language: str | None


def make_soup(html: str) -> BeautifulSoup:
    """The page's tree, lone surrogates replaced: one parse serves ``parse_page`` and
    ``crawler.discover.page_links``."""
    return BeautifulSoup(_SURROGATES.sub("\ufffd", html), "lxml")


def parse_page(html: str, url: str, selectors: dict[str, str] | None = None, *,
               max_tags: int = MAX_TAGS, soup: BeautifulSoup | None = None) -> ParsedPage:
    """Everything is read as text (``get_text``, attribute values): markup inside a page never
    reaches the result as markup. A page with more than ``max_tags`` tags is not an article.
    ``soup``: ``make_soup(html)``, if the caller parsed the page already (it is modified: the
    article body loses its scripts and styles)."""
    selectors = selectors or {}
    if too_many_tags(html, max_tags):
        return ParsedPage(False, "", None, None, None, None, None)
    html = _SURROGATES.sub("\ufffd", html)
    soup = soup if soup is not None else BeautifulSoup(html, "lxml")
    ld = _json_ld(soup)
    meta = _metas(soup)
    og_type = meta("og:type")
    title = (_select_text(soup, selectors.get("title")) or _str(ld.get("headline")) or meta("og:title")
             or (soup.title.get_text(strip=True) if soup.title else None))
    published = (_str(ld.get("datePublished")) or meta("article:published_time")
                 or meta("pubdate") or meta("date") or _date_line(soup, selectors.get("date")))
    canonical = None
    link = soup.find("link", rel=lambda v: v and "canonical" in (v if isinstance(v, list) else [v]))
    if link is not None:
        canonical = (_str(link.get("href")) or "").strip() or None
    author = _author(ld) or meta("author")
    lang = _str(soup.html.get("lang") if soup.html else None) or meta("og:locale")
    text = ""
    body = _first_match(soup, [selectors["body"]] if selectors.get("body") else _generic_body_selectors())
    if body is not None:
        text = _block_text(body)
    if not text:
        text = trafilatura.extract(html, url=url, include_comments=False, include_tables=True,
                                   favor_precision=True) or ""
    is_article = (og_type == "article" or bool(ld)
                  or (soup.find("article") is not None and len(text) > 500))
    return ParsedPage(is_article, text.strip(), title, published, canonical, author,
                      (lang or "").split("-")[0].split("_")[0].lower() or None)


def too_many_tags(html: str, max_tags: int = MAX_TAGS) -> bool:
    """More than ``max_tags`` elements, counted without parsing (an element is two tags, an open
    and a close)."""
    return html.count("<") > 2 * max_tags


def _first_match(soup, selectors) -> Tag | None:
    """``soup.select_one`` of the first selector that matches, in one pass over the page
    instead of one per selector."""
    found = soup.select(", ".join(selectors)) if len(selectors) > 1 else soup.select(selectors[0], limit=1)
    for selector in selectors:
        for node in found:
            if node.css.match(selector):
                return node
    return None


@lru_cache(maxsize=1)
def _generic_body_selectors() -> tuple[str, ...]:
    with (Path(__file__).with_name("selectors.yml")).open(encoding="utf-8") as fh:
        return tuple(yaml.safe_load(fh)["body"])


def _block_text(node) -> str:
    for bad in node.find_all(["script", "style"]):
        bad.decompose()
    parts = [el.get_text(" ", strip=True) for el in node.find_all(["p", "h2", "h3", "li", "figcaption"])]
    return "\n".join(p for p in parts if p) or node.get_text("\n", strip=True)


def _metas(soup) -> Callable[[str], str | None]:
    """``meta(name)``: content of the first <meta property=name>, else of the first <meta name=name>
    (one pass over the page for all names)."""
    by_property: dict[str, Tag] = {}
    by_name: dict[str, Tag] = {}
    for tag in soup.find_all("meta"):
        for attr, seen in (("property", by_property), ("name", by_name)):
            key = tag.get(attr)
            if isinstance(key, str):
                seen.setdefault(key, tag)

    def meta(name: str) -> str | None:
        tag = by_property.get(name) or by_name.get(name)
        content = _str(tag.get("content")) if tag is not None else None
        return content.strip() if content else None
    return meta


def _str(value) -> str | None:
    """A JSON-LD or attribute value that should be text but may be a list, a number or an object."""
    if isinstance(value, list):
        value = value[0] if value else None
    return _SURROGATES.sub("\ufffd", value) if isinstance(value, str) else None


_ARTICLE_TYPES = {"NewsArticle", "Article", "BlogPosting"}


def _json_ld(soup) -> dict:
    """The page's JSON-LD article object; a page may put anything in that script, so any shape
    that is not one is skipped."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError, RecursionError):
            continue
        if isinstance(data, dict):
            data = data.get("@graph", [data])
        for item in data if isinstance(data, list) else []:
            if not isinstance(item, dict):
                continue
            kind = item.get("@type")
            if _ARTICLE_TYPES & set(k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)):
                return item
    return {}


def _author(ld: dict) -> str | None:
    a = ld.get("author")
    if isinstance(a, list) and a:
        a = a[0]
    if isinstance(a, dict):
        return _str(a.get("name"))
    return _str(a)


def _select_text(soup, selector: str | None) -> str | None:
    if not selector:
        return None
    node = soup.select_one(selector)
    return node.get_text(" ", strip=True) if node else None


def _date_line(soup, selector: str | None) -> str | None:
    text = _select_text(soup, selector) if selector else None
    for candidate in [text] + [t.get_text(" ", strip=True) for t in soup.find_all("time")]:
        if not candidate:
            continue
        m = _DATE_LINE.search(candidate)
        if m:
            d, mth, y = map(int, m.groups())
            if 1 <= mth <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mth:02d}-{d:02d}"
    return None
