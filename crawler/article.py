"""Parse one article page: main text, title, date, canonical URL, author, language."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from functools import lru_cache
from pathlib import Path

import trafilatura
import yaml
from bs4 import BeautifulSoup

_DATE_LINE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")


@dataclass
class ParsedPage:
    is_article: bool
    text: str
    title: str | None
    published: str | None
    canonical_url: str | None
    author: str | None
    language: str | None


def parse_page(html: str, url: str, selectors: dict[str, str] | None = None) -> ParsedPage:
    selectors = selectors or {}
    soup = BeautifulSoup(html, "lxml")
    ld = _json_ld(soup)
    og_type = _meta(soup, "og:type")
    title = (_select_text(soup, selectors.get("title")) or ld.get("headline") or _meta(soup, "og:title")
             or (soup.title.get_text(strip=True) if soup.title else None))
    published = (ld.get("datePublished") or _meta(soup, "article:published_time")
                 or _meta(soup, "pubdate") or _meta(soup, "date") or _date_line(soup, selectors.get("date")))
    canonical = None
    link = soup.find("link", rel=lambda v: v and "canonical" in (v if isinstance(v, list) else [v]))
    if link and link.get("href"):
        canonical = link["href"].strip()
    author = _author(ld) or _meta(soup, "author")
    lang = (soup.html.get("lang") if soup.html else None) or _meta(soup, "og:locale")
    text = ""
    for selector in [selectors["body"]] if selectors.get("body") else _generic_body_selectors():
        body = soup.select_one(selector)
        if body is not None:
            text = _block_text(body)
            break
    if not text:
        text = trafilatura.extract(html, url=url, include_comments=False, include_tables=True,
                                   favor_precision=True) or ""
    is_article = (og_type == "article" or ld.get("@type") in ("NewsArticle", "Article", "BlogPosting")
                  or (soup.find("article") is not None and len(text) > 500))
    return ParsedPage(is_article, text.strip(), title, published, canonical, author,
                      (lang or "").split("-")[0].split("_")[0].lower() or None)


@lru_cache(maxsize=1)
def _generic_body_selectors() -> tuple[str, ...]:
    with (Path(__file__).with_name("selectors.yml")).open(encoding="utf-8") as fh:
        return tuple(yaml.safe_load(fh)["body"])


def _block_text(node) -> str:
    for bad in node.find_all(["script", "style"]):
        bad.decompose()
    parts = [el.get_text(" ", strip=True) for el in node.find_all(["p", "h2", "h3", "li", "figcaption"])]
    return "\n".join(p for p in parts if p) or node.get_text("\n", strip=True)


def _meta(soup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return tag.get("content").strip() if tag and tag.get("content") else None


def _json_ld(soup) -> dict:
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError):
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]):
            if isinstance(item, dict) and item.get("@type") in ("NewsArticle", "Article", "BlogPosting"):
                return item
    return {}


def _author(ld: dict) -> str | None:
    a = ld.get("author")
    if isinstance(a, list) and a:
        a = a[0]
    if isinstance(a, dict):
        return a.get("name")
    return a if isinstance(a, str) else None


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
