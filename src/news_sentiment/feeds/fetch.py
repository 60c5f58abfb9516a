"""HTTP (and local file) fetching: timeouts, bounded retries, Retry-After, conditional GET, size caps,
redirects followed by hand with every hop checked against the address policy (feeds/guard.py), and
per-host politeness (concurrency, minimum interval, a site's Crawl-delay).

Bytes and status out; nothing here parses feeds or pages.
"""

from __future__ import annotations

import dataclasses
import email.utils
import hashlib
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from news_sentiment import __version__
from news_sentiment.errors import FetchError
from news_sentiment.feeds.guard import (
    GuardedBackend,
    Resolver,
    UnsupportedScheme,
    check_scheme,
    check_url,
    guard_transport,
    system_resolve,
    trusted_connections,
)

log = logging.getLogger(__name__)

PRODUCT = "news-sentiment"  # the product token of our User-Agent; robots.txt groups are matched on it
DEFAULT_CONTACT = "https://github.com/news-sentiment/news-sentiment"


def user_agent(contact: str | None = None) -> str:
    """``news-sentiment/<version> (+<contact>; feed reader)``: who we are and where to reach the operator."""
    return f"{PRODUCT}/{__version__} (+{contact or DEFAULT_CONTACT}; feed reader)"


USER_AGENT = user_agent()
RETRY_STATUSES = {429, 500, 502, 503, 504}
# Resolver answers that will not change on a retry ("temporary failure" is left retryable).
_UNKNOWN_HOST = ("Name or service not known", "nodename nor servname", "No address associated with hostname")


@dataclass(frozen=True)
class HttpOptions:
    """Limits for every request. Times in seconds, sizes in bytes."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # whole request, so a server that drips bytes cannot hold us forever
    retries: int = 2  # extra attempts after the first, for connection errors, timeouts and 429/5xx
    backoff: float = 0.5  # first retry waits this long, doubling each time
    max_retry_after: float = 30.0  # longest Retry-After we are willing to wait
    max_redirects: int = 5  # each hop is checked against the address policy
    max_bytes: int = 10 * 1024 * 1024
    max_connections: int = 16
    per_host: int = 2  # concurrent requests to one host
    host_interval: float = 0.0  # politeness: minimum seconds between request starts to one host
    user_agent: str = USER_AGENT
    # Let untrusted URLs (links found in feeds, redirects) reach loopback, private, link-local... addresses.
    # Off by default: only for intranet feeds, and for tests that serve pages on loopback.
    allow_private_addresses: bool = False


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int  # 200, 304, or 0 for local files
    content: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    elapsed: float = 0.0
    attempts: int = 1
    unchanged: bool = False  # a local file whose content digest matches the validator it was asked with

    @property
    def not_modified(self) -> bool:
        return self.status == 304 or self.unchanged


class TransientFetchError(FetchError):
    """A fetch that failed on something that may pass (network, timeout, 429/5xx) after its retries.
    Worth another try on a later run."""


def is_http_url(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def local_path(url: str) -> Path:
    """A feed `url` that is a file path or file:// URL → Path."""
    if url.lower().startswith("file://"):
        return Path(unquote(urlsplit(url).path))
    return Path(url).expanduser()


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Parse a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


@dataclass
class _HostGate:
    sem: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_start: float = 0.0
    interval: float = 0.0  # a site's own minimum interval (robots.txt Crawl-delay), on top of host_interval


@dataclass(frozen=True)
class _Redirect:
    location: str
    status: int


class Fetcher:
    """Thread-safe fetcher shared by all workers of one run. Use as a context manager.

    ``resolve`` (host, port -> addresses) is what the address policy uses; tests replace it.
    """

    def __init__(self, options: HttpOptions | None = None, *, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None, resolve: Resolver = system_resolve) -> None:
        self.options = opts = options or HttpOptions()
        self.sleep = sleep
        self.resolve = resolve
        limits = httpx.Limits(max_connections=opts.max_connections, max_keepalive_connections=opts.max_connections)
        if transport is None:
            transport = httpx.HTTPTransport(limits=limits)
            if not opts.allow_private_addresses:
                guard_transport(transport, GuardedBackend(resolve))
        self._client = httpx.Client(
            follow_redirects=False,  # followed in fetch(), checking every hop
            timeout=httpx.Timeout(opts.read_timeout, connect=opts.connect_timeout),
            limits=limits,
            headers={"User-Agent": opts.user_agent, "Accept-Encoding": "gzip, deflate"},
            transport=transport,
        )
        self._gates: dict[str, _HostGate] = {}
        self._gates_lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- public -------------------------------------------------------------------------

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              accept: str = "*/*", max_bytes: int | None = None, trusted: bool = False) -> FetchResult:
        """Fetch a URL. Raises FetchError (TransientFetchError when a later try may work).

        ``trusted`` is for URLs the user wrote (feeds.yaml): a local path or file:// URL is read, and the
        URL's own host is not checked against the address policy (redirects to other hosts still are).
        Untrusted URLs (links found in feeds) must be http(s) on public addresses, on every redirect hop,
        unless ``allow_private_addresses`` is set.
        """
        limit = max_bytes or self.options.max_bytes
        if not is_http_url(url):
            if trusted:
                return self._read_file(url, limit, etag)
            check_scheme(url)
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        trusted_host = _host(url) if trusted else None
        current, attempts = url, 0
        for _hop in range(self.options.max_redirects + 1):
            hop_trusted = trusted_host is not None and _host(current) == trusted_host
            outcome, tries = self._with_retries(current, headers, limit, hop_trusted)
            attempts += tries
            if isinstance(outcome, FetchResult):
                return dataclasses.replace(outcome, url=url, attempts=attempts)
            current = urljoin(current, outcome.location)
            check_scheme(current, redirect=True)
            log.debug("%s: HTTP %d redirect to %s", url, outcome.status, current)
        raise FetchError(f"too many redirects (more than {self.options.max_redirects})")

    def check(self, url: str) -> None:
        """Raise UnsupportedScheme or AddressRefused when ``url`` may not be fetched as an untrusted URL
        (nothing is requested; the host is resolved). A host that does not resolve is left to the fetch."""
        if not is_http_url(url):
            check_scheme(url)
        if self.options.allow_private_addresses:
            return
        try:
            check_url(url, self.resolve)
        except OSError:
            return

    def slow_down(self, url: str, seconds: float) -> None:
        """At least ``seconds`` between request starts to this URL's host (a site's Crawl-delay)."""
        gate = self._gate(urlsplit(url).netloc.lower())
        with gate.lock:
            gate.interval = max(gate.interval, seconds)

    # -- internals ----------------------------------------------------------------------

    def _read_file(self, url: str, limit: int, etag: str | None = None) -> FetchResult:
        """A local feed file. Its validator is a digest of its bytes: asked with the same one, the result is
        ``not_modified`` (no content), as an HTTP 304 would be, so an unchanged file is not parsed again."""
        path = local_path(url)
        try:
            size = path.stat().st_size
            if size > limit:
                raise FetchError(f"{path}: file is {size:,} bytes, over the {limit:,}-byte limit")
            content = path.read_bytes()
        except FileNotFoundError:
            raise FetchError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise FetchError(f"{path}: is a folder, not a feed file") from None
        except PermissionError:
            raise FetchError(f"{path}: permission denied") from None
        digest = f'"sha256:{hashlib.sha256(content).hexdigest()}"'
        if etag == digest:
            return FetchResult(url=url, final_url=str(path), status=0, etag=digest, unchanged=True)
        return FetchResult(url=url, final_url=str(path), status=0, content=content, etag=digest)

    def _gate(self, host: str) -> _HostGate:
        with self._gates_lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(threading.Semaphore(self.options.per_host))
            return gate

    def _polite_wait(self, gate: _HostGate) -> None:
        with gate.lock:
            interval = max(self.options.host_interval, gate.interval)
            if interval <= 0:
                return
            delay = gate.last_start + interval - time.monotonic()
            if delay > 0:
                self.sleep(delay)
            gate.last_start = time.monotonic()

    def _with_retries(self, url: str, headers: dict[str, str], limit: int,
                      trusted: bool) -> tuple[FetchResult | _Redirect, int]:
        """One hop, retried on connection errors, timeouts and 429/5xx. Returns (outcome, attempts)."""
        attempts = self.options.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                if not trusted and not self.options.allow_private_addresses:
                    self._check_hop(url)
                return self._request(url, headers, limit, attempt, trusted), attempt
            except _Retryable as exc:
                wait = exc.wait if exc.wait is not None else self.options.backoff * 2 ** (attempt - 1)
                if attempt == attempts or wait > self.options.max_retry_after:
                    raise TransientFetchError(f"{exc.message} (gave up after {attempt} attempt{'s' * (attempt > 1)})",
                                              status=exc.status) from None
                log.info("%s: %s; retrying in %.1fs", url, exc.message, wait)
                self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _check_hop(self, url: str) -> None:
        try:
            check_url(url, self.resolve)
        except socket.gaierror as exc:
            if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
                raise FetchError(f"unknown host: {exc}",
                                 hint="Check the host name in the URL (or the machine's DNS).") from None
            raise _Retryable(f"cannot resolve host: {exc}", None, None) from None
        except OSError as exc:
            raise _Retryable(f"cannot resolve host: {exc}", None, None) from None

    def _request(self, url: str, headers: dict[str, str], limit: int, attempt: int,
                 trusted: bool) -> FetchResult | _Redirect:
        gate = self._gate(urlsplit(url).netloc.lower())
        start = time.monotonic()
        with gate.sem, trusted_connections(trusted):
            self._polite_wait(gate)
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    if status == 304:
                        return self._result(url, response, b"", start, attempt)
                    if response.has_redirect_location:
                        return _Redirect(response.headers["Location"], status)
                    if status in RETRY_STATUSES:
                        wait = None
                        if status in (429, 503):
                            wait = retry_after_seconds(response.headers.get("Retry-After"))
                        raise _Retryable(f"HTTP {status} {response.reason_phrase}".strip(), status, wait)
                    if status >= 400:
                        raise FetchError(f"HTTP {status} {response.reason_phrase}".strip(), status=status)
                    declared = response.headers.get("Content-Length")
                    if declared and declared.isdigit() and int(declared) > limit:
                        raise FetchError(f"response of {int(declared):,} bytes is over the {limit:,}-byte limit",
                                         status=status)
                    content = self._read_capped(response, limit, start)
                    return self._result(url, response, content, start, attempt)
            except httpx.UnsupportedProtocol as exc:
                raise UnsupportedScheme(f"refused: {exc}") from None
            except httpx.TimeoutException as exc:
                raise _Retryable(f"timed out ({type(exc).__name__})", None, None) from None
            except httpx.ConnectError as exc:
                if any(marker in str(exc) for marker in _UNKNOWN_HOST):
                    raise FetchError(f"unknown host: {exc}",
                                     hint="Check the host name in the URL (or the machine's DNS).") from None
                raise _Retryable(f"cannot connect: {exc}", None, None) from None
            except httpx.DecodingError as exc:
                raise FetchError(f"cannot decode response body: {exc}") from None
            except httpx.TransportError as exc:
                raise _Retryable(f"network error: {type(exc).__name__}: {exc}", None, None) from None
            except httpx.InvalidURL as exc:
                raise FetchError(f"invalid URL: {exc}") from None

    def _read_capped(self, response: httpx.Response, limit: int, start: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"response is over the {limit:,}-byte limit", status=response.status_code)
            if time.monotonic() - start > self.options.deadline:
                raise _Retryable(f"server too slow: no complete response within {self.options.deadline:g}s",
                                 None, None)
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _result(url: str, response: httpx.Response, content: bytes, start: float, attempt: int) -> FetchResult:
        return FetchResult(
            url=url,
            final_url=str(response.url),
            status=response.status_code,
            content=content,
            content_type=response.headers.get("Content-Type"),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            elapsed=time.monotonic() - start,
            attempts=attempt,
        )


class _Retryable(Exception):
    def __init__(self, message: str, status: int | None, wait: float | None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.wait = wait
