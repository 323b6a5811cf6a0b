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


class BudgetExhausted(FetchError):
    """The run's request budget is spent: the run stops, the page is not at fault. Its own class
    so callers tell it apart by type, not by the word "budget" (a page URL may contain it)."""

    kind = "budget"


class TimedOut(FetchError):
    """No answer within ``timeout``: the server is slow or hung (logged apart from other failures)."""

    kind = "timeout"


class ConnectionFailed(FetchError):
    """Connection refused, reset or closed without a whole answer."""

    kind = "connection"


class BadContentEncoding(FetchError):
    """A body that says it is gzip or deflate but does not inflate."""

    kind = "decoding"
