"""What a source may fetch: its own hosts (and their www. twins), its allow/deny patterns,
http(s) only, and (for a public source) public addresses only.

The fetcher asks ``Scope.check`` before every request and every redirect hop, so a URL out of
scope is refused before a byte is sent to it, not noticed after it was fetched. URLs are read
with httpx's own parser (the one the client connects with), so a URL cannot name one host to
the check and another to the connection.

Private, loopback, link-local and reserved addresses are refused unless the configured host
itself is one (a test site or the bundled sample on 127.0.0.1, or ``localhost``): a public news
site has no business sending us to 10.0.0.1 or the cloud metadata address. A host name is
resolved and *every* address checked, so a name that answers with one public and one private
address (DNS rebinding) is refused too.
"""
from __future__ import annotations

import re
import socket
from collections.abc import Callable, Iterable
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

import httpx

from crawler.errors import BadScheme, BadURL, OffSite, OffSiteRedirect, OutOfScope, PrivateAddress, Unresolvable
from crawler.sources import Source
from crawler.urls import normalise_url, twins

Resolver = Callable[[str], Iterable[str]]
IP = IPv4Address | IPv6Address

SCHEMES = ("http", "https")
_NAT64 = ip_network("64:ff9b::/96")
_NUMERIC_HOST = re.compile(r"[0-9a-fA-FxX.]+")  # 2130706433, 0x7f.1, 017700000001, 127.1


def resolve_host(host: str) -> list[str]:
    """Every address the system resolver gives for ``host``: what the client may connect to."""
    return [info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)]


def ip_literal(host: str) -> IP | None:
    """The address a host written as an IP means, in any form the C library accepts (dotted,
    decimal, octal, hex, short, bracketed IPv6, IPv6 with a zone); None for a name."""
    h = host.strip("[]").split("%")[0].rstrip(".")
    try:
        return ip_address(h)
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(h):
        try:
            return IPv4Address(socket.inet_aton(h))  # what getaddrinfo would make of it
        except OSError:
            return None
    return None


def is_public(ip: IP) -> bool:
    """A global unicast address, looking through the IPv6 forms that carry an IPv4 one (mapped,
    NAT64, 6to4, Teredo): ``::ffff:127.0.0.1`` is loopback, whatever its IPv6 flags say."""
    if isinstance(ip, IPv6Address):
        if ip.ipv4_mapped:
            return is_public(ip.ipv4_mapped)
        if ip in _NAT64:  # DNS64 networks give every IPv4-only site such an address
            return is_public(IPv4Address(int(ip) & 0xFFFF_FFFF))
        inner = ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None and not is_public(inner):
            return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback
                                 or ip.is_link_local or ip.is_unspecified)


def _is_local_name(host: str) -> bool:
    """A configured host that is itself private: an IP literal that is not public, or localhost."""
    h = host.strip("[]").rstrip(".").lower()
    ip = ip_literal(h)
    return (not is_public(ip)) if ip is not None else (h == "localhost" or h.endswith(".localhost"))


def _parse(url: str) -> httpx.URL:
    try:
        u = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise BadURL(f"refused {url!r}: not a URL the client can read ({exc})", url) from None
    if u.scheme not in SCHEMES:
        raise BadScheme(f"refused {url!r}: scheme {u.scheme or 'none'!r} is not http(s)", url)
    if not u.raw_host:
        raise BadURL(f"refused {url!r}: no host", url)
    return u


def _parse_or_none(url: str) -> httpx.URL | None:
    """A configured URL that is not http(s) gives the source no host (its seed is refused later)."""
    try:
        return _parse(url)
    except OutOfScope:
        return None


def host_key(u: httpx.URL) -> str:
    """host[:port] as the client will connect to it (IDNA-encoded, default port dropped)."""
    host = u.raw_host.decode("ascii").lower()
    if ":" in host:
        host = f"[{host}]"
    return host if u.port is None else f"{host}:{u.port}"


class Scope:
    """The hosts, patterns and addresses one source may fetch from."""

    def __init__(self, hosts: Iterable[str], *, allow: Iterable[str] = (), deny: Iterable[str] = (),
                 seeds: Iterable[str] = (), resolve: Resolver = resolve_host):
        """``hosts`` are URLs (or bare host[:port]) the source may fetch from; ``seeds`` are
        its configured start and search URLs, fetched even where ``allow`` would not match."""
        parsed = [u for u in (_parse_or_none(h if "://" in h else f"http://{h}/") for h in hosts) if u]
        # a host's twin (www.baoxyz.vn for baoxyz.vn, and back) is the same site: a redirect
        # from one to the other, or a link to either, stays in scope
        self.hosts = {twin for u in parsed for twin in twins(host_key(u))}
        # configured hosts that are themselves private: fetched without an address check
        self.local_hosts = {host_key(u) for u in parsed if _is_local_name(u.raw_host.decode("ascii"))}
        self.allow = [re.compile(p) for p in allow]
        self.deny = [re.compile(p) for p in deny]
        self.seeds = set(seeds)
        self.resolve = resolve

    @classmethod
    def of(cls, source: Source, seeds: Iterable[str] = (), resolve: Resolver = resolve_host) -> "Scope":
        return cls([normalise_url(u) or u for u in source.start_urls], allow=source.allow, deny=source.deny,
                   seeds=seeds, resolve=resolve)

    @classmethod
    def around(cls, url: str, resolve: Resolver = resolve_host) -> "Scope":
        """Only ``url``'s own host, no patterns: for robots.txt and a fetch without a source."""
        return cls([url], seeds=[url], resolve=resolve)

    @property
    def public(self) -> bool:
        """A source none of whose configured hosts is private: it may reach public addresses only."""
        return not self.local_hosts

    def allows(self, url: str) -> bool:
        """May ``url`` be queued? The checks of ``check`` that need no DNS."""
        try:
            self.check(url)
        except OutOfScope:
            return False
        return True

    def check(self, url: str, *, redirect: bool = False) -> None:
        """Raise the refusal for ``url`` (scheme, host, IP literal, pattern); no DNS here."""
        u = _parse(url)
        key = host_key(u)
        if key not in self.hosts:
            ip = ip_literal(u.raw_host.decode("ascii"))
            if self.public and ip is not None and not is_public(ip):
                raise PrivateAddress(f"refused {url}: {ip} is not a public address", url)
            where = "redirect to " if redirect else ""
            raise (OffSiteRedirect if redirect else OffSite)(f"refused {where}{url}: off the source's hosts", url)
        if url in self.seeds:
            return
        if any(p.search(url) for p in self.deny):
            raise OutOfScope(f"refused {url}: matches the source's deny patterns", url)
        if self.allow and not any(p.search(url) for p in self.allow):
            raise OutOfScope(f"refused {url}: matches none of the source's allow patterns", url)

    def check_address(self, url: str) -> None:
        """Refuse ``url`` unless every address its host stands for is public (its host is a
        configured private host, or the name resolves to public addresses only). Asked right
        before each connection attempt, so the answer is as fresh as it can be."""
        u = _parse(url)
        if host_key(u) in self.local_hosts:
            return
        host = u.raw_host.decode("ascii")
        ip = ip_literal(host)
        if ip is not None:
            addresses = [ip]
        else:
            try:
                addresses = [ip_address(a.split("%")[0]) for a in self.resolve(host)]
            except (OSError, UnicodeError, ValueError) as exc:
                raise Unresolvable(f"cannot resolve {host} for {url}: {exc}", url) from None
        bad = [a for a in addresses if not is_public(a)]
        if bad or not addresses:
            shown = ", ".join(map(str, bad)) or "no address"
            raise PrivateAddress(f"refused {url}: {host} resolves to {shown}, not a public address", url)
