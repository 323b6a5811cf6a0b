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


class TooManyElements(FetchError):
    """A page with more HTML elements than any news page has: neither parsed nor searched for links."""

    kind = "too_many_elements"


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


class Unresolvable(ConnectionFailed):
    """A host name the resolver has no address for (retried like any connection failure)."""

    def __init__(self, message: str, url: str):
        super().__init__(message)
        self.url = url


class OutOfScope(FetchError):
    """A URL the source may not fetch, refused before any request is made to it (``url`` is the
    refused URL: a redirect's target, not the page that redirected)."""

    kind = "out_of_scope"

    def __init__(self, message: str, url: str):
        super().__init__(message)
        self.url = url


class BadScheme(OutOfScope):
    """file:, data:, javascript:, ftp: ...: only http(s) is ever fetched."""

    kind = "bad_scheme"


class BadURL(OutOfScope):
    """A URL the HTTP client cannot read (a malformed Location header, say)."""

    kind = "bad_url"


class OffSite(OutOfScope):
    """A host that is not one of the source's."""

    kind = "off_site"


class OffSiteRedirect(OffSite):
    kind = "off_site_redirect"


class PrivateAddress(OutOfScope):
    """A private, loopback, link-local or reserved address, for a source whose hosts are public."""

    kind = "private_address"
