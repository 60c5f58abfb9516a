"""Article pages for one ingest run: the address policy, robots.txt, the fetch, and each failure classified.

Order for every page: (1) the link must be http(s) on a public address (feeds/guard.py; nothing is
requested otherwise); (2) the site's robots.txt must allow it (feeds/robots.py), unless the feed is the
user's own (``ignore_robots``); (3) the page is fetched, every redirect hop checked again; (4) its main
text is extracted. Nothing here raises for a bad page: the outcome says what happened.
"""

from __future__ import annotations

from dataclasses import dataclass

from news_sentiment.articles import PageText, extract_page
from news_sentiment.errors import FetchError
from news_sentiment.feeds.fetch import Fetcher, TransientFetchError
from news_sentiment.feeds.guard import AddressRefused, UnsupportedScheme
from news_sentiment.feeds.robots import RobotsCache
from news_sentiment.records import PageOutcome, PageProblem

PAGE_ACCEPT = "text/html,application/xhtml+xml"


@dataclass(frozen=True)
class PageResult:
    page: PageText | None = None  # the page's text (None: not fetched, or nothing readable on it)
    problem: PageProblem | None = None  # why it was not fetched


class PageFetcher:
    """Shared by the workers of one run (the fetcher and the robots cache are thread-safe)."""

    def __init__(self, fetcher: Fetcher, *, max_bytes: int, max_crawl_delay: float) -> None:
        self.fetcher = fetcher
        self.max_bytes = max_bytes
        self.robots = RobotsCache(fetcher, max_crawl_delay=max_crawl_delay)

    def get(self, link: str, *, ignore_robots: bool = False) -> PageResult:
        try:
            self.fetcher.check(link)
        except (AddressRefused, UnsupportedScheme) as exc:
            return PageResult(problem=PageProblem(link, PageOutcome.REFUSED, str(exc)))
        if not ignore_robots:
            decision = self.robots.check(link)
            if not decision.allowed:
                outcome = PageOutcome.FAILED if decision.retry else PageOutcome.ROBOTS
                return PageResult(problem=PageProblem(link, outcome, decision.reason or "", retry=decision.retry))
        try:
            result = self.fetcher.fetch(link, accept=PAGE_ACCEPT, max_bytes=self.max_bytes)
        except (AddressRefused, UnsupportedScheme) as exc:  # a redirect hop, or DNS changed since the check
            return PageResult(problem=PageProblem(link, PageOutcome.REFUSED, str(exc)))
        except TransientFetchError as exc:
            return PageResult(problem=PageProblem(link, PageOutcome.FAILED, str(exc), retry=True))
        except FetchError as exc:
            return PageResult(problem=PageProblem(link, PageOutcome.FAILED, str(exc)))
        return PageResult(page=extract_page(result.content, result.final_url))
