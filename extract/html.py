"""Main text of an HTML page, for `meetings extract page.html` (the crawler has its own parser)."""
from __future__ import annotations

import trafilatura
from bs4 import BeautifulSoup

from extract.errors import ExtractError
from extract.letters import without_surrogates

# A news article has a few thousand tags. Parsing costs time per tag, and trafilatura's more than
# linearly, so a page of tens of thousands of empty tags would take minutes; it is refused instead.
MAX_TAGS = 50_000


def html_to_text(html: str) -> tuple[str, str | None]:
    """Return (main text, title). Trafilatura first; whole-page text if it finds nothing.

    Text only: markup in the page (scripts, event handlers, entities) comes out as plain text."""
    if html.count("<") > 2 * MAX_TAGS:   # an element is two tags, an open and a close
        raise ExtractError(f"page has more than {MAX_TAGS} HTML elements; not a news article")
    html = without_surrogates(html)
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(strip=True) if soup.title else None
    if not text:
        for tag in soup(["script", "style", "nav", "footer", "header"]):
            tag.decompose()
        text = soup.get_text("\n", strip=True)
    return text or "", title


def looks_like_html(data: str) -> bool:
    head = data[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<p>" in head
