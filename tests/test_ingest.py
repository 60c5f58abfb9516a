"""ingest_feeds end to end against a loopback HTTP server."""

from __future__ import annotations

from datetime import timezone

import pytest
from werkzeug import Response

from news_sentiment.feeds.fetch import HttpOptions
from news_sentiment.ingest import IngestOptions, ingest_feeds
from news_sentiment.records import FeedSpec
from news_sentiment.store.read import ArticleQuery, list_articles
from tests.feedkit import STORY, no_robots, page, rss, story

# Pages are served on loopback: these tests opt in to private addresses (the policy is tested in test_ssrf.py).
pytestmark = pytest.mark.both_stores

FAST = IngestOptions(workers=4, http=HttpOptions(read_timeout=2, retries=1, backoff=0.01, allow_private_addresses=True))
NO_FULLTEXT = IngestOptions(fulltext=False, workers=4, http=FAST.http)


def serve_with_etag(httpserver, path: str, body: bytes, etag: str = '"v1"', content_type="application/rss+xml"):
    def handler(request):
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304)
        return Response(body, headers={"ETag": etag}, content_type=content_type)

    httpserver.expect_request(path).respond_with_handler(handler)


def count(db, sql="SELECT count(*) FROM articles"):
    return db.execute(sql).fetchone()[0]


def test_fulltext_from_pages_and_304_on_rerun(httpserver, db):
    items = [{"title": f"Story {i}", "link": httpserver.url_for(f"/a/{i}") + "?utm_source=rss",
              "guid": f"g{i}", "summary": "A short teaser."} for i in range(3)]
    serve_with_etag(httpserver, "/feed", rss(items))
    no_robots(httpserver)
    for i in range(3):
        httpserver.expect_request(f"/a/{i}").respond_with_data(page(f"Story {i}", story(i)), content_type="text/html")
    spec = FeedSpec("Local", httpserver.url_for("/feed"))

    first = ingest_feeds(db, [spec], FAST)
    assert first.feeds[0].status == "ok" and first.feeds[0].new == 3 and first.feeds[0].errors == []
    row = db.execute("SELECT url, text, text_method, summary, published, language FROM articles ORDER BY id").fetchone()
    assert row[0] == httpserver.url_for("/a/0")  # canonical: tracking parameter gone
    assert row[2] == "page" and row[3] == "A short teaser." and row[5] == "en"
    assert "px" not in row[1] and "Advertisement" not in row[1] and row[1].startswith(story(0)[:40])
    assert row[4] == "2025-03-07T08:30:00+00:00"

    requests_before = len(httpserver.log)
    second = ingest_feeds(db, [spec], FAST)
    assert second.feeds[0].status == "not_modified" and second.feeds[0].new == 0
    assert len(httpserver.log) == requests_before + 1  # only the conditional feed request
    assert count(db) == 3
    assert db.execute("SELECT etag, last_status FROM feeds").fetchone() == ('"v1"', 304)


def test_long_feed_content_is_used_without_fetching_pages(httpserver, db):
    items = [{"title": "Full", "link": httpserver.url_for("/never"), "content": f"<p>{story(1, 200)}</p>"}]
    httpserver.expect_request("/feed").respond_with_data(rss(items))
    report = ingest_feeds(db, [FeedSpec("F", httpserver.url_for("/feed"))], FAST)
    assert report.feeds[0].new == 1
    assert db.execute("SELECT text_method FROM articles").fetchone()[0] == "feed_content"
    assert [r[0].path for r in httpserver.log] == ["/feed"]


def test_page_failure_keeps_the_summary(httpserver, db):
    items = [{"title": "T", "link": httpserver.url_for("/missing"), "summary": "Teaser only."}]
    httpserver.expect_request("/feed").respond_with_data(rss(items))
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    no_robots(httpserver)
    report = ingest_feeds(db, [FeedSpec("F", httpserver.url_for("/feed"))], FAST)
    # its only page failed: the feed is partial, the item is stored with its summary
    assert report.feeds[0].status == "partial" and report.feeds[0].new == 1
    assert report.feeds[0].errors == ["article pages on localhost: 1 not fetched (1× HTTP 404 NOT FOUND)"]
    assert db.execute("SELECT text, text_method FROM articles").fetchone() == ("Teaser only.", "summary")
    assert db.execute("SELECT count(*) FROM page_failures").fetchone()[0] == 0  # a 404 is not tried again


def test_one_bad_feed_never_stops_the_others(httpserver, db):
    httpserver.expect_request("/good").respond_with_data(rss([{"title": "Hi", "link": "https://x.test/1"}]))
    httpserver.expect_request("/404").respond_with_data("no", status=404)
    httpserver.expect_request("/html").respond_with_data("<!DOCTYPE html><html><body>Home</body></html>",
                                                          content_type="text/html")
    httpserver.expect_request("/empty").respond_with_data("")
    specs = [FeedSpec(n, httpserver.url_for(f"/{n}")) for n in ("good", "404", "html", "empty")]
    report = ingest_feeds(db, specs, NO_FULLTEXT)
    status = {r.name: (r.status, r.errors[0] if r.errors else None) for r in report.feeds}
    assert status["good"] == ("ok", None)
    assert status["404"][0] == "error" and "HTTP 404" in status["404"][1]
    assert status["html"][0] == "error" and "HTML page" in status["html"][1]
    assert status["empty"] == ("error", "empty document")
    assert report.ok and count(db) == 1
    errors = dict(db.execute("SELECT name, last_error FROM feeds").fetchall())
    assert errors["good"] is None and "HTTP 404" in errors["404"]


def test_every_feed_failing_is_not_ok(httpserver, db):
    httpserver.expect_request("/x").respond_with_data("no", status=500)
    report = ingest_feeds(db, [FeedSpec("x", httpserver.url_for("/x"))], NO_FULLTEXT)
    assert not report.ok and report.feeds[0].status == "error"


def test_illformed_feed_stores_what_it_can_and_records_the_error(httpserver, db):
    body = rss([{"title": "Kept", "link": "https://x.test/kept"}]).replace(b"</channel></rss>", b"<item><title>cut")
    httpserver.expect_request("/feed").respond_with_data(body)
    report = ingest_feeds(db, [FeedSpec("F", httpserver.url_for("/feed"))], NO_FULLTEXT)
    assert report.feeds[0].status == "ok" and report.feeds[0].new >= 1
    assert "ill-formed" in report.feeds[0].errors[0]
    assert "not well-formed XML: no element found at line" in db.execute("SELECT last_error FROM feeds").fetchone()[0]


def test_wrong_declared_encoding_over_http(httpserver, db):
    body = rss([{"title": "Caf\u00e9 owner \u2019s shares", "link": "https://x.test/c"}], encoding="windows-1252")
    httpserver.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml; charset=utf-8")
    report = ingest_feeds(db, [FeedSpec("F", httpserver.url_for("/feed"))], NO_FULLTEXT)
    assert report.feeds[0].new == 1
    assert "Caf" in db.execute("SELECT title FROM articles").fetchone()[0]


def test_duplicate_entries_across_two_feeds_are_stored_once(httpserver, db):
    items = [{"title": "Same story", "link": "https://x.test/same?utm_medium=a", "summary": "Same."}]
    httpserver.expect_request("/a").respond_with_data(rss(items, title="A"))
    items[0]["link"] = "https://X.TEST/same#comments"
    httpserver.expect_request("/b").respond_with_data(rss(items, title="B"))
    specs = [FeedSpec("a", httpserver.url_for("/a")), FeedSpec("b", httpserver.url_for("/b"))]
    report = ingest_feeds(db, specs, NO_FULLTEXT)
    assert report.total("new") == 1 and report.total("duplicates") == 1
    assert count(db) == 1 and count(db, "SELECT count(*) FROM article_sources") == 2


def test_syndicated_copy_is_a_near_duplicate(httpserver, db):
    original = STORY + " " + story(7, 80)
    copy = original.replace("Shares of regional lenders", "Shares of regional banks") + " Example Wire reports."
    httpserver.expect_request("/wire").respond_with_data(rss([{"title": "Lenders climb", "link": "https://wire.test/1",
                                                               "content": f"<p>{original}</p>"}]))
    httpserver.expect_request("/copy").respond_with_data(rss([{"title": "Regional banks climb",
                                                               "link": "https://copy.test/9",
                                                               "content": f"<p>{copy}</p>"}]))
    ingest_feeds(db, [FeedSpec("wire", httpserver.url_for("/wire"))], NO_FULLTEXT)
    report = ingest_feeds(db, [FeedSpec("copy", httpserver.url_for("/copy"))], NO_FULLTEXT)
    assert report.feeds[0].near_duplicates == 1 and report.feeds[0].new == 0
    rows = db.execute("SELECT id, url, duplicate_of FROM articles ORDER BY id").fetchall()
    assert rows[1][1] == "https://copy.test/9" and rows[1][2] == rows[0][0]
    # a different story is not a near-duplicate
    httpserver.expect_request("/other").respond_with_data(rss([{"title": "Other", "link": "https://o.test/1",
                                                                "content": f"<p>{story(3, 200)}</p>"}]))
    other = ingest_feeds(db, [FeedSpec("other", httpserver.url_for("/other"))], NO_FULLTEXT)
    assert other.feeds[0].new == 1


@pytest.mark.parametrize("date", [False, "12", "see page 3", "Q4 2024 results"])
def test_entry_without_a_usable_date_is_marked_estimated(httpserver, db, date):
    httpserver.expect_request("/feed").respond_with_data(rss([{"title": "Undated", "link": "https://x.test/u",
                                                               "date": date}]))
    report = ingest_feeds(db, [FeedSpec("F", httpserver.url_for("/feed"))], NO_FULLTEXT)
    assert report.feeds[0].dates_estimated == 1
    published, estimated, fetched = db.execute(
        "SELECT published, published_estimated, fetched_at FROM articles").fetchone()
    assert estimated == 1 and published == fetched and published.endswith("+00:00")


def test_updated_entry_is_updated_not_duplicated(httpserver, db):
    state = {"summary": "First version."}
    httpserver.expect_request("/feed").respond_with_handler(
        lambda r: Response(rss([{"title": "Story", "link": "https://x.test/s", "summary": state["summary"]}])))
    spec = FeedSpec("F", httpserver.url_for("/feed"))
    ingest_feeds(db, [spec], NO_FULLTEXT)
    state["summary"] = "Second, corrected version."
    report = ingest_feeds(db, [spec], NO_FULLTEXT)
    assert report.feeds[0].updated == 1 and count(db) == 1
    assert db.execute("SELECT text FROM articles").fetchone()[0] == "Second, corrected version."
    assert len(list_articles(db, ArticleQuery(search="corrected"))) == 1  # the search index follows the update
    assert list_articles(db, ArticleQuery(search="First")) == []


def test_interval_skips_recently_polled_feed(httpserver, db):
    httpserver.expect_request("/feed").respond_with_data(rss([{"title": "A", "link": "https://x.test/a"}]))
    spec = FeedSpec("F", httpserver.url_for("/feed"), interval=60)
    ingest_feeds(db, [spec], NO_FULLTEXT)
    again = ingest_feeds(db, [spec], NO_FULLTEXT)
    assert again.feeds[0].status == "skipped" and len(httpserver.log) == 1
    forced = ingest_feeds(db, [spec], IngestOptions(fulltext=False, force=True))
    assert forced.feeds[0].status == "ok" and forced.feeds[0].duplicates == 1


def test_interval_does_not_hold_back_a_feed_whose_last_attempt_failed(httpserver, db):
    calls = {"n": 0}

    def handler(request):
        calls["n"] += 1
        if calls["n"] == 1:
            return Response("down", status=404)
        return Response(rss([{"title": "A", "link": "https://x.test/a"}]), content_type="application/rss+xml")

    httpserver.expect_request("/feed").respond_with_handler(handler)
    spec = FeedSpec("F", httpserver.url_for("/feed"), interval=60)
    first = ingest_feeds(db, [spec], NO_FULLTEXT)
    assert first.feeds[0].status == "error"
    retry = ingest_feeds(db, [spec], NO_FULLTEXT)
    assert retry.feeds[0].status == "ok" and retry.feeds[0].new == 1
    assert ingest_feeds(db, [spec], NO_FULLTEXT).feeds[0].status == "skipped"


def test_only_http_links_are_fetched_for_pages(httpserver, db):
    httpserver.expect_request("/feed").respond_with_data(rss([{"title": "Local link", "link": "file:///etc/passwd",
                                                               "guid": "x1", "summary": "Teaser"}]))
    report = ingest_feeds(db, [FeedSpec("F", httpserver.url_for("/feed"))], FAST)
    assert report.feeds[0].new == 1 and [r[0].path for r in httpserver.log] == ["/feed"]
    url, original = db.execute("SELECT url, original_url FROM articles").fetchone()
    assert url.startswith("urn:news-sentiment:") and original is None


@pytest.mark.shared
def test_real_feeds_twice_store_each_item_once_and_second_run_is_304(httpserver, db, shared_dir):
    real = sorted((shared_dir / "data/rss_feed_samples/real").glob("*.xml"))
    specs = []
    for i, path in enumerate(real):
        serve_with_etag(httpserver, f"/feed{i}", path.read_bytes(), etag=f'"{path.stem}"')
        specs.append(FeedSpec(path.stem, httpserver.url_for(f"/feed{i}")))
    first = ingest_feeds(db, specs, NO_FULLTEXT)
    assert [f.status for f in first.feeds] == ["ok"] * 4
    total = count(db)
    assert total == first.total("new") + first.total("near_duplicates") == 140
    assert count(db, "SELECT count(DISTINCT url) FROM articles") == total
    assert count(db, "SELECT count(*) FROM articles WHERE published_estimated = 1") == 0
    second = ingest_feeds(db, specs, NO_FULLTEXT)
    assert [f.status for f in second.feeds] == ["not_modified"] * 4
    assert second.total("new") == 0 and count(db) == total


@pytest.mark.shared
def test_seed_article_page_loses_its_furniture(httpserver, db, shared_dir):
    text = (shared_dir / "fixtures/seed_article_news-az_2025-03-07.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"
    httpserver.expect_request("/feed").respond_with_data(rss([{"title": "Chinese tech rally",
                                                               "link": httpserver.url_for("/seed"),
                                                               "summary": "Teaser."}]))
    httpserver.expect_request("/seed").respond_with_data(html, content_type="text/html")
    no_robots(httpserver)
    ingest_feeds(db, [FeedSpec("News.Az", httpserver.url_for("/feed"))], FAST)
    stored = db.execute("SELECT text, text_method FROM articles").fetchone()
    assert stored[1] == "page"
    assert "16 px" not in stored[0] and "↺" not in stored[0]
    assert stored[0].startswith(paragraphs[1][:40])  # the first paragraph after the furniture line
    assert paragraphs[-1][:40] in stored[0]
