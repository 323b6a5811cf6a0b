"""Typed errors of the crawler; the command line turns them into one-line messages."""


class CrawlError(Exception):
    """Base of the crawler's expected failures."""


class SourceConfigError(CrawlError):
    """A sources file that cannot be used."""


class FetchError(CrawlError):
    """A request that failed after retries."""

    kind = "fetch"


class RobotsDisallowed(FetchError):
    kind = "robots"


class TooLarge(FetchError):
    kind = "too_large"


class NotHTML(FetchError):
    kind = "not_html"


class HTTPStatusError(FetchError):
    kind = "http_status"

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status
