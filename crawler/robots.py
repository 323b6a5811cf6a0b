"""robots.txt: fetched once per host per run, obeyed for every request (protego parses it)."""
from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from protego import Protego


class RobotsCache:
    def __init__(self, user_agent: str, fetch_text: Callable[[str, str], str | None]):
        """``fetch_text(robots_url, user_agent)``: the file's text, None if there is none."""
        self.user_agent = user_agent
        self._fetch_text = fetch_text
        self._rules: dict[str, Protego | None] = {}

    def _rules_for(self, url: str, user_agent: str | None = None) -> Protego | None:
        """The host's rules, fetched once (asked for by the user agent of the first source to need them)."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._rules:
            body = self._fetch_text(f"{key}/robots.txt", user_agent or self.user_agent)
            self._rules[key] = Protego.parse(body) if body is not None else None
        return self._rules[key]

    def allowed(self, url: str, user_agent: str | None = None) -> bool:
        """May ``user_agent`` (by default the run's) fetch ``url``?"""
        rules = self._rules_for(url, user_agent)
        return True if rules is None else rules.can_fetch(url, user_agent or self.user_agent)

    def crawl_delay(self, url: str, user_agent: str | None = None) -> float | None:
        rules = self._rules_for(url, user_agent)
        return rules.crawl_delay(user_agent or self.user_agent) if rules else None

    def sitemaps(self, url: str, user_agent: str | None = None) -> list[str]:
        rules = self._rules_for(url, user_agent)
        return list(rules.sitemaps) if rules else []
