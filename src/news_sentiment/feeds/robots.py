"""robots.txt for article pages: fetched once per site per run, parsed with protego, cached.

Rules (RFC 9309, with one choice of ours):

- 2xx: the rules of the group that matches our product token ``news-sentiment`` (else ``*``) apply.
  ``Crawl-delay`` (or ``Request-rate``) becomes the minimum interval between our requests to the site,
  up to ``max_crawl_delay``; a site asking for more is not fetched in this run (counted, not retried).
- 4xx (no robots.txt, or 401/403): no rules, every page may be fetched.
- 5xx, 429 or unreachable (after the fetcher's retries): the site is treated as disallowing everything
  for this run, as RFC 9309 asks. Its pages are counted as failed and retried on a later run.
- Redirects are followed (at most 5, every hop checked against the address policy); the body is read up
  to 512 KiB (RFC 9309: at least 500 KiB).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from news_sentiment.errors import FetchError
from news_sentiment.feeds.fetch import PRODUCT, Fetcher, TransientFetchError

log = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class RobotsDecision:
    allowed: bool
    reason: str | None = None  # why not
    retry: bool = False  # robots.txt could not be read: try the page on a later run


ALLOWED = RobotsDecision(True)


@dataclass
class _Site:
    rules: Protego | None = None  # None: no robots.txt (4xx), everything allowed
    error: str | None = None  # robots.txt unavailable: everything disallowed this run
    delay: float = 0.0


class RobotsCache:
    """One per ingest run, shared by the workers (thread-safe; each site's robots.txt is fetched once)."""

    def __init__(self, fetcher: Fetcher, *, agent: str = PRODUCT, max_crawl_delay: float = 30.0) -> None:
        self.fetcher = fetcher
        self.agent = agent
        self.max_crawl_delay = max_crawl_delay
        self._sites: dict[str, _Site] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def check(self, url: str) -> RobotsDecision:
        """May ``url`` be fetched? Fetches the site's robots.txt the first time the site is seen."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        site = self._site(origin)
        if site.error is not None:
            return RobotsDecision(False, f"robots.txt unavailable, site skipped this run ({site.error})", retry=True)
        if site.rules is None:
            return ALLOWED
        if not site.rules.can_fetch(url, self.agent):
            return RobotsDecision(False, "disallowed by robots.txt")
        if site.delay > self.max_crawl_delay:
            return RobotsDecision(False, f"robots.txt asks for {site.delay:g}s between requests, "
                                         f"over the {self.max_crawl_delay:g}s limit")
        return ALLOWED

    def _site(self, origin: str) -> _Site:
        with self._lock:
            site = self._sites.get(origin)
            if site is not None:
                return site
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch per site, even when several workers ask at once
            with self._lock:
                site = self._sites.get(origin)
            if site is None:
                site = self._load(origin)
                with self._lock:
                    self._sites[origin] = site
            return site

    def _load(self, origin: str) -> _Site:
        url = f"{origin}/robots.txt"
        try:
            result = self.fetcher.fetch(url, accept="text/plain, */*;q=0.5", max_bytes=ROBOTS_MAX_BYTES)
        except TransientFetchError as exc:
            log.info("%s: %s", url, exc)
            return _Site(error=str(exc))
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                log.debug("%s: HTTP %s, no rules", url, exc.status)
                return _Site()
            log.info("%s: %s", url, exc)
            return _Site(error=str(exc))
        rules = Protego.parse(result.content.decode("utf-8", errors="replace"))
        delay = rules.crawl_delay(self.agent) or 0.0
        rate = rules.request_rate(self.agent)
        if rate is not None and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        if 0 < delay <= self.max_crawl_delay:
            self.fetcher.slow_down(origin, delay)
        return _Site(rules=rules, delay=float(delay))
