"""Article pages that fail: summarised once per host, `partial` feeds, bounded last_error, retried later with
backoff, and saved (local-file) feeds read with no network. Nothing is lost: every item keeps its feed text."""

from __future__ import annotations

import json
import socket
from datetime import datetime, timedelta

from click.testing import CliRunner
from werkzeug import Response

from news_sentiment.cli import cli
from news_sentiment.feeds.fetch import Fetcher, HttpOptions
from news_sentiment.ingest import MAX_ERROR_CHARS, IngestOptions, bounded_error, ingest_feeds
from news_sentiment.records import FeedSpec, PageOutcome
from tests.feedkit import no_robots, page, rss, story

HTTP = HttpOptions(read_timeout=2, retries=1, backoff=0.01, allow_private_addresses=True)  # pages on loopback
FAST = IngestOptions(workers=2, http=HTTP)


def items_for(links: list[str]) -> list[dict]:
    return [{"title": f"Story {i}", "link": link, "guid": f"g{i}", "summary": f"Teaser {i}."}
            for i, link in enumerate(links)]


def texts(db) -> list[tuple[str, str]]:
    return db.execute("SELECT text, text_method FROM articles ORDER BY id").fetchall()


def test_failures_are_summarised_once_per_host_with_counts(httpserver, db):
    no_robots(httpserver)
    port = httpserver.port
    links = [f"http://localhost:{port}/gone/{i}" for i in range(4)] + [f"http://127.0.0.1:{port}/busy/{i}"
                                                                         for i in range(2)]
    httpserver.expect_request("/feed").respond_with_data(rss(items_for(links)))
    for i in range(4):
        httpserver.expect_request(f"/gone/{i}").respond_with_data("no", status=404)
    for i in range(2):
        httpserver.expect_request(f"/busy/{i}").respond_with_data("busy", status=500)
    fr = ingest_feeds(db, [FeedSpec("F", httpserver.url_for("/feed"))], FAST).feeds[0]
    assert fr.status == "partial" and fr.new == 6 and fr.pages == {PageOutcome.FAILED: 6}
    assert fr.errors == [
        "article pages on localhost: 4 not fetched (4× HTTP 404 NOT FOUND)",
        "article pages on 127.0.0.1: 2 not fetched (2× HTTP 500 INTERNAL SERVER ERROR (gave up after 2 attempts)); "
        "2 to try again on a later run",
    ]
    assert len(fr.page_problems) == 6  # every page is still listed, for --json
    assert texts(db) == [(f"Teaser {i}.", "summary") for i in range(6)]
    assert db.execute("SELECT last_error FROM feeds").fetchone()[0] == "; ".join(fr.errors)
    retry = db.execute("SELECT url, attempts, last_error FROM page_failures ORDER BY url").fetchall()
    assert retry == [(link, 1, "HTTP 500 INTERNAL SERVER ERROR (gave up after 2 attempts)") for link in links[4:]]


def test_a_feed_with_some_pages_fetched_is_ok(httpserver, db):
    no_robots(httpserver)
    links = [httpserver.url_for("/good"), httpserver.url_for("/gone")]
    httpserver.expect_request("/feed").respond_with_data(rss(items_for(links)))
    httpserver.expect_request("/good").respond_with_data(page("Good", story(1)), content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    fr = ingest_feeds(db, [FeedSpec("F", httpserver.url_for("/feed"))], FAST).feeds[0]
    assert fr.status == "ok" and fr.pages == {PageOutcome.FETCHED: 1, PageOutcome.FAILED: 1}
    assert fr.errors == ["article pages on localhost: 1 not fetched (1× HTTP 404 NOT FOUND)"]


def test_last_error_is_bounded():
    errors = [f"article pages on host{i}.example.test: 1 not fetched ({'x' * 80})" for i in range(50)]
    text = bounded_error(errors)
    full = "; ".join(errors)
    assert len(full) > 5000 and len(text) == MAX_ERROR_CHARS
    assert text.startswith(errors[0]) and text.endswith(f"… (cut; 50 errors, {len(full):,} characters in all)")
    assert bounded_error(["one", "two"]) == "one; two" and bounded_error([]) is None


def _due_now(db) -> None:
    db.execute("UPDATE page_failures SET next_try_at = '2000-01-01T00:00:00+00:00' WHERE next_try_at IS NOT NULL")
    db.conn.commit()


def test_failed_page_is_retried_later_with_backoff_and_updates_its_article(httpserver, db):
    """The feed answers 304 on later runs: the retry does not depend on the item being read again."""
    no_robots(httpserver)
    state = {"page": "down"}

    def feed(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(rss(items_for([httpserver.url_for("/story")])), headers={"ETag": '"v1"'})

    def story_page(request):
        if state["page"] == "down":
            return Response("down", status=503)
        return Response(page("Story 0", story(7)), content_type="text/html")

    httpserver.expect_request("/feed").respond_with_handler(feed)
    httpserver.expect_request("/story").respond_with_handler(story_page)
    spec = FeedSpec("F", httpserver.url_for("/feed"))

    first = ingest_feeds(db, [spec], FAST).feeds[0]
    assert first.status == "partial" and texts(db) == [("Teaser 0.", "summary")]
    attempts, failed_at, next_try = db.execute(
        "SELECT attempts, last_failed_at, next_try_at FROM page_failures").fetchone()
    assert attempts == 1
    assert datetime.fromisoformat(next_try) - datetime.fromisoformat(failed_at) == timedelta(minutes=30)

    story_requests = sum(1 for r, _ in httpserver.log if r.path == "/story")
    not_due = ingest_feeds(db, [spec], FAST).feeds[0]
    assert not_due.status == "not_modified" and not_due.pages_retried == 0
    assert sum(1 for r, _ in httpserver.log if r.path == "/story") == story_requests  # not before its time

    _due_now(db)
    state["page"] = "up"
    retried = ingest_feeds(db, [spec], FAST).feeds[0]
    assert retried.status == "not_modified" and retried.pages_retried == 1 and retried.updated == 1
    assert retried.pages == {PageOutcome.FETCHED: 1} and retried.errors == []
    text, method = texts(db)[0]
    assert method == "page" and text.startswith(story(7)[:40])
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1  # updated, not added
    assert db.execute("SELECT summary FROM articles").fetchone()[0] == "Teaser 0."
    assert db.execute("SELECT count(*) FROM page_failures").fetchone()[0] == 0


def test_backoff_doubles_and_gives_up(httpserver, db):
    no_robots(httpserver)
    httpserver.expect_request("/feed").respond_with_data(rss(items_for([httpserver.url_for("/story")])))
    httpserver.expect_request("/story").respond_with_data("down", status=503)
    spec = FeedSpec("F", httpserver.url_for("/feed"))
    options = IngestOptions(workers=1, http=HTTP, page_retry_after=timedelta(minutes=10), page_retry_attempts=3)
    waits = []
    for _ in range(3):
        ingest_feeds(db, [spec], options)
        attempts, failed_at, next_try = db.execute(
            "SELECT attempts, last_failed_at, next_try_at FROM page_failures").fetchone()
        waits.append((attempts, next_try and datetime.fromisoformat(next_try) - datetime.fromisoformat(failed_at)))
        _due_now(db)
    assert waits == [(1, timedelta(minutes=10)), (2, timedelta(minutes=20)), (3, None)]  # given up after 3
    requests = sum(1 for r, _ in httpserver.log if r.path == "/story")
    fr = ingest_feeds(db, [spec], options).feeds[0]
    assert fr.pages_retried == 0 and sum(1 for r, _ in httpserver.log if r.path == "/story") == requests
    assert texts(db) == [("Teaser 0.", "summary")]


def test_saved_feed_file_with_no_network_is_partial_and_summarised_once(tmp_path, db):
    """A feed saved as a file still has its pages fetched (that is what a saved copy of a public feed is
    for); with no network each site's robots.txt fails once and its pages are skipped for this run."""
    hosts = [f"news{h}.example.test" for h in range(3)]
    links = [f"https://{hosts[i % 3]}/story/{i}" for i in range(30)]
    path = tmp_path / "saved.xml"
    path.write_bytes(rss(items_for(links)))
    lookups: list[str] = []

    def offline(host, port):
        lookups.append(host)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    with Fetcher(HttpOptions(retries=1, backoff=0.01), sleep=lambda s: None, resolve=offline) as fetcher:
        report = ingest_feeds(db, [FeedSpec("Saved", str(path))], IngestOptions(workers=4), fetcher=fetcher)
    fr = report.feeds[0]
    assert report.ok and fr.status == "partial" and fr.new == 30 and fr.pages == {PageOutcome.FAILED: 30}
    assert len(fr.errors) == 3 and all(
        e.endswith("10 not fetched (10× robots.txt unavailable, site skipped this run (cannot resolve host: "
                   "[Errno -3] Temporary failure in name resolution (gave up after 2 attempts))); "
                   "10 to try again on a later run") for e in fr.errors)
    assert sorted(e.split(":")[0] for e in fr.errors) == [f"article pages on {h}" for h in hosts]
    # the first check of each page resolves once; robots.txt is tried twice per site, then the site is skipped
    assert len(lookups) == 30 + 3 * 2
    assert texts(db) == [(f"Teaser {i}.", "summary") for i in range(30)]
    assert db.execute("SELECT count(*) FROM page_failures").fetchone()[0] == 30
    last_error = db.execute("SELECT last_error FROM feeds").fetchone()[0]
    assert last_error == "; ".join(fr.errors) and len(last_error) <= MAX_ERROR_CHARS


def test_cli_table_and_json_show_partial_and_pages(httpserver, tmp_path):
    no_robots(httpserver)
    httpserver.expect_request("/feed").respond_with_data(
        rss(items_for([httpserver.url_for("/gone")]) + [{"title": "", "link": ""}]))
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"allow_private_addresses: true\ncontact: ops@example.org\n"
                     f"feeds:\n  - {{name: Wire, url: '{httpserver.url_for('/feed')}'}}\n")
    db = str(tmp_path / "s.db")
    table = CliRunner().invoke(cli, ["ingest", "--feeds", str(feeds), "--db", db])
    assert table.exit_code == 0, table.output
    assert "partial" in table.output and "0/1" in table.output and "1/1 ok (1 partial)" in table.output
    assert "Wire: article pages on localhost: 1 not fetched (1× HTTP 404 NOT FOUND)" in table.output
    assert "ops@example.org" in httpserver.log[1][0].headers["User-Agent"]
    as_json = CliRunner().invoke(cli, ["ingest", "--feeds", str(feeds), "--db", db, "--json", "--force"])
    data = json.loads(as_json.output)  # a refused entry (Counter) no longer breaks the JSON
    feed = data["feeds"][0]
    assert as_json.exit_code == 0 and data["ok"] is True and feed["refused"] == {
        "nothing readable: no link, id, title or text": 1}
    assert feed["status"] == "ok" and feed["pages"] == {} and feed["duplicates"] == 1  # page not refetched


def test_saved_feed_file_online_fetches_its_pages(httpserver, tmp_path, db):
    no_robots(httpserver)
    httpserver.expect_request("/story").respond_with_data(page("Story 0", story(4)), content_type="text/html")
    path = tmp_path / "saved.xml"
    path.write_bytes(rss(items_for([httpserver.url_for("/story")])))
    fr = ingest_feeds(db, [FeedSpec("Saved", str(path))], FAST).feeds[0]
    assert fr.status == "ok" and fr.pages == {PageOutcome.FETCHED: 1}
    assert [r.path for r, _ in httpserver.log] == ["/robots.txt", "/story"]
    assert texts(db)[0][1] == "page"
