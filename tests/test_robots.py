"""robots.txt for article pages, Crawl-delay, the per-feed opt-out and the User-Agent (loopback server only)."""

from __future__ import annotations

import pytest

from news_sentiment.feeds.fetch import Fetcher, HttpOptions, user_agent
from news_sentiment.ingest import IngestOptions, ingest_feeds
from news_sentiment.records import FeedSpec, PageOutcome
from tests.feedkit import page, rss, story

HTTP = HttpOptions(read_timeout=2, retries=1, backoff=0.01, allow_private_addresses=True)  # pages on loopback
FAST = IngestOptions(workers=1, http=HTTP)


def serve_feed(httpserver, paths: list[str]) -> FeedSpec:
    items = [{"title": f"Story {i}", "link": httpserver.url_for(p), "guid": f"g{i}", "summary": f"Teaser {i}."}
             for i, p in enumerate(paths)]
    httpserver.expect_request("/feed").respond_with_data(rss(items))
    for i, p in enumerate(paths):
        httpserver.expect_request(p).respond_with_data(page(f"Story {i}", story(i)), content_type="text/html")
    return FeedSpec("F", httpserver.url_for("/feed"))


def requested(httpserver) -> list[str]:
    return [r.path for r, _ in httpserver.log]


def stored(db) -> list[tuple[str, str]]:
    return db.execute("SELECT title, text_method FROM articles ORDER BY id").fetchall()


def test_disallowed_page_is_not_fetched_counted_and_the_item_kept(httpserver, db):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    spec = serve_feed(httpserver, ["/news/1", "/private/2", "/news/3"])
    fr = ingest_feeds(db, [spec], FAST).feeds[0]
    assert requested(httpserver) == ["/feed", "/robots.txt", "/news/1", "/news/3"]  # robots.txt once per site
    assert fr.pages == {PageOutcome.FETCHED: 2, PageOutcome.ROBOTS: 1}
    assert fr.status == "ok"  # a page the site does not want fetched is no failure
    assert fr.errors == ["article pages on localhost: 1 not fetched (1× disallowed by robots.txt)"]
    assert stored(db) == [("Story 0", "page"), ("Story 1", "summary"), ("Story 2", "page")]
    assert db.execute("SELECT count(*) FROM page_failures").fetchone()[0] == 0  # not tried again


def test_our_own_group_is_used_and_the_user_agent_names_the_contact(httpserver, db):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /\n\nUser-agent: news-sentiment\nDisallow: /private/\n")
    spec = serve_feed(httpserver, ["/news/1", "/private/2"])
    contact = "https://example.org/our-bot"
    with Fetcher(HttpOptions(retries=0, allow_private_addresses=True, user_agent=user_agent(contact))) as fetcher:
        fr = ingest_feeds(db, [spec], FAST, fetcher=fetcher).feeds[0]
    assert fr.pages == {PageOutcome.FETCHED: 1, PageOutcome.ROBOTS: 1}
    agents = {r.path: r.headers["User-Agent"] for r, _ in httpserver.log}
    assert agents["/robots.txt"] == agents["/news/1"]
    assert agents["/news/1"].startswith("news-sentiment/") and f"(+{contact}; feed reader)" in agents["/news/1"]


def test_default_user_agent_points_at_the_project():
    assert user_agent() == user_agent(None)
    assert "(+https://github.com/news-sentiment/news-sentiment; feed reader)" in user_agent()


@pytest.mark.parametrize("status", [404, 403, 410])
def test_robots_txt_4xx_allows_everything(httpserver, db, status):
    httpserver.expect_request("/robots.txt").respond_with_data("no", status=status)
    spec = serve_feed(httpserver, ["/news/1", "/private/2"])
    fr = ingest_feeds(db, [spec], FAST).feeds[0]
    assert fr.pages == {PageOutcome.FETCHED: 2} and fr.errors == [] and fr.status == "ok"


def test_robots_txt_5xx_skips_the_site_this_run_and_retries_later(httpserver, db):
    httpserver.expect_request("/robots.txt").respond_with_data("down", status=503)
    spec = serve_feed(httpserver, ["/news/1", "/news/2"])
    fr = ingest_feeds(db, [spec], FAST).feeds[0]
    assert requested(httpserver) == ["/feed", "/robots.txt", "/robots.txt"]  # one retry, then no page asked
    assert fr.status == "partial" and fr.pages == {PageOutcome.FAILED: 2} and fr.new == 2
    assert fr.errors == ["article pages on localhost: 2 not fetched (2× robots.txt unavailable, site skipped this "
                         "run (HTTP 503 SERVICE UNAVAILABLE (gave up after 2 attempts))); 2 to try again on a later run"]
    assert stored(db) == [("Story 0", "summary"), ("Story 1", "summary")]
    assert db.execute("SELECT count(*) FROM page_failures WHERE attempts = 1").fetchone()[0] == 2


def test_crawl_delay_spaces_requests_to_the_site(httpserver, db):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nCrawl-delay: 3\n")
    spec = serve_feed(httpserver, ["/news/1", "/news/2", "/news/3"])
    sleeps: list[float] = []
    with Fetcher(HTTP, sleep=sleeps.append) as fetcher:  # sleeps recorded, not slept
        fr = ingest_feeds(db, [spec], FAST, fetcher=fetcher).feeds[0]
    assert fr.pages == {PageOutcome.FETCHED: 3}
    # the three pages start at least 3 s apart: two waits of (almost) the whole delay
    assert len(sleeps) == 2 and all(2.5 < s <= 3.0 for s in sleeps)


def test_crawl_delay_over_the_limit_skips_the_site(httpserver, db):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nCrawl-delay: 120\n")
    spec = serve_feed(httpserver, ["/news/1"])
    fr = ingest_feeds(db, [spec], FAST).feeds[0]
    assert requested(httpserver) == ["/feed", "/robots.txt"]
    assert fr.pages == {PageOutcome.ROBOTS: 1}
    assert fr.errors == ["article pages on localhost: 1 not fetched (1× robots.txt asks for 120s between requests, "
                         "over the 30s limit)"]


def test_ignore_robots_fetches_the_users_own_site_without_asking(httpserver, db):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    spec = serve_feed(httpserver, ["/news/1"])
    own = FeedSpec(spec.name, spec.url, ignore_robots=True)
    fr = ingest_feeds(db, [own], FAST).feeds[0]
    assert requested(httpserver) == ["/feed", "/news/1"] and fr.pages == {PageOutcome.FETCHED: 1}
    assert stored(db) == [("Story 0", "page")]
