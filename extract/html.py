"""Main text of an HTML page, for `meetings extract page.html` (the crawler has its own parser)."""
from __future__ import annotations

import trafilatura
from bs4 import BeautifulSoup


def html_to_text(html: str) -> tuple[str, str | None]:
    """Return (main text, title). Trafilatura first; whole-page text if it finds nothing."""
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
