"""Which addresses a fetch may reach: the SSRF policy for URLs that come from feeds.

Links inside a feed (and every redirect they lead to) are written by someone else. Fetching them must not
reach the machine itself, its network or cloud metadata services, so a URL is fetched only when its host
resolves to public addresses. Two layers do the checking:

- ``check_url`` resolves the host and refuses a URL whose host has any non-public address. The fetcher
  calls it before the first request and before every redirect hop (redirects are followed by hand).
- ``GuardedBackend`` is the network backend of the fetcher's connection pool: it resolves the host itself,
  refuses non-public addresses, and connects to an address it has just checked. So a name that resolves
  to a public address for the check and to 127.0.0.1 for the connection (DNS rebinding) is still refused,
  before a single packet reaches the private address.

Numeric tricks (``http://2130706433/``, ``http://0x7f.1/``, ``[::ffff:127.0.0.1]``) need no special
parsing: the system resolver normalises them to the address a connection would use, and
``address_problem`` unwraps IPv4 addresses embedded in IPv6 ones (mapped, compatible, 6to4, Teredo, NAT64).

Remaining gaps, documented rather than hidden: behind an HTTP proxy (``HTTP_PROXY``/``HTTPS_PROXY``) the
proxy resolves and connects, so only the resolve-then-check layer applies; and a connection kept alive
for a trusted feed URL may be reused by a page on that same host and port (the page's own check runs first).
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import httpcore

from news_sentiment.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> the addresses a connection could use (strings as getaddrinfo gives them)
Resolver = Callable[[str, int], list[str]]

ALLOWED_SCHEMES = ("http", "https")
PRIVATE_HINT = ("This address is refused for links found in feeds. For an intranet feed, allow private addresses "
                "with `allow_private_addresses: true` in the feeds file or `sentiment ingest --allow-private`.")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class AddressRefused(FetchError):
    """A URL's host resolves to a loopback, private, link-local, multicast, reserved or unspecified address."""

    def __init__(self, message: str) -> None:
        super().__init__(message, hint=PRIVATE_HINT)


class UnsupportedScheme(FetchError):
    """A URL (or a redirect) with a scheme other than http or https. Final: never retried."""

    def __init__(self, message: str) -> None:
        super().__init__(message, hint="Only http and https links are fetched.")


def system_resolve(host: str, port: int) -> list[str]:
    """Every address a TCP connection to host:port could use. Raises socket.gaierror."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address leads to (IPv4-mapped, 6to4, Teredo client, NAT64), if any.

    The deprecated IPv4-compatible form ``::a.b.c.d`` needs no unwrapping: ``::/8`` is reserved.
    """
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_problem(ip: IPAddress) -> str | None:
    """None when ``ip`` is a public address; else what it is ("loopback", "private", ...)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            ip = ipaddress.IPv6Address(str(ip).split("%", 1)[0])
        inner = _embedded_ipv4(ip)
        if inner is not None:
            problem = address_problem(inner)
            if problem or ip.ipv4_mapped is not None:  # a mapped address is its IPv4 address
                return problem
    for problem, flag in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                          ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                          ("private", ip.is_private), ("reserved", ip.is_reserved),
                          ("site-local", getattr(ip, "is_site_local", False))):
        if flag:
            return problem
    return None if ip.is_global else "not globally routable"


def _port(scheme: str, port: int | None) -> int:
    return port or (443 if scheme == "https" else 80)


def checked_addresses(host: str, port: int, resolve: Resolver) -> list[str]:
    """The addresses of host:port, all public. Raises AddressRefused, or socket.gaierror/OSError when
    the name does not resolve."""
    addresses = resolve(host.strip("[]"), port)
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    for raw in addresses:
        ip = ipaddress.ip_address(raw)
        problem = address_problem(ip)
        if problem:
            shown = host if _same_ip(host, ip) else f"{host} resolves to {ip}, which"
            raise AddressRefused(f"refused: {shown} is a {problem} address, not a public one")
    return addresses


def _same_ip(host: str, ip: IPAddress) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")) == ip
    except ValueError:
        return False


def check_scheme(url: str, *, redirect: bool = False) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        what = "redirect to" if redirect else "URL with"
        raise UnsupportedScheme(f"refused: {what} unsupported scheme {scheme + ':' if scheme else 'none'} "
                                f"({url[:100]}); only http and https are fetched")


def check_url(url: str, resolve: Resolver = system_resolve) -> None:
    """Refuse a URL that is not http(s) or whose host has a non-public address.

    Raises UnsupportedScheme, AddressRefused, FetchError (no host), or socket.gaierror/OSError when the
    host does not resolve (the caller decides whether that is worth a retry).
    """
    check_scheme(url)
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise FetchError(f"invalid URL: bad port in {url[:100]}") from None
    if not parts.hostname:
        raise FetchError(f"invalid URL: no host in {url[:100]}")
    checked_addresses(parts.hostname, _port(parts.scheme.lower(), port), resolve)


# -- connection layer ---------------------------------------------------------------------------------

_TRUSTED: contextvars.ContextVar[bool] = contextvars.ContextVar("news_sentiment_trusted_hop", default=False)


@contextmanager
def trusted_connections(trusted: bool) -> Iterator[None]:
    """Connections opened inside this block skip the address check when ``trusted`` (a feed URL the user
    wrote, and redirects on its own host). Thread- and context-local."""
    token = _TRUSTED.set(trusted)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's network backend, connecting only to checked public addresses (see the module docstring)."""

    def __init__(self, resolve: Resolver = system_resolve) -> None:
        self.resolve = resolve

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        if _TRUSTED.get():
            return super().connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            addresses = checked_addresses(host, port, self.resolve)
        except OSError as exc:  # socket.gaierror included: httpx turns ConnectError into its own
            raise httpcore.ConnectError(str(exc)) from exc
        last: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in dict.fromkeys(addresses):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last


def guard_transport(transport: object, backend: GuardedBackend) -> None:
    """Put ``backend`` under an httpx.HTTPTransport's connection pool.

    httpx has no public switch for the network backend, so this sets the pool's; it fails loudly (rather
    than fetch unguarded) if a future httpx/httpcore moves it. tests/test_ssrf.py proves the guard is live.
    """
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore.ConnectionPool) or not hasattr(pool, "_network_backend"):
        raise RuntimeError("cannot install the address guard in this httpx/httpcore version; "
                           "pin httpx<0.30 or allow private addresses explicitly")
    pool._network_backend = backend
