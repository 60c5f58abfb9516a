"""Article identity: no story lost or merged at ingest (synthetic feeds, our own text)."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

from werkzeug import Response

from news_sentiment.articles import extract_page
from news_sentiment.feeds.fetch import HttpOptions
from news_sentiment.ingest import NO_TEXT, NOTHING_READABLE, IngestOptions, ingest_feeds, import_articles
from news_sentiment.records import FeedSpec
from news_sentiment.pipeline.score import score_articles
from tests.feedkit import STORY, no_robots, page, rss, story

HTTP = HttpOptions(read_timeout=2, retries=1, backoff=0.01, allow_private_addresses=True)  # pages on loopback
FAST = IngestOptions(workers=2, http=HTTP)
NO_FULLTEXT = IngestOptions(fulltext=False, workers=2, http=HTTP)


def rows(db, sql="SELECT title, text FROM articles ORDER BY id"):
    return db.execute(sql).fetchall()


def serve(httpserver, path, body, content_type="application/rss+xml"):
    httpserver.expect_request(path).respond_with_data(body, content_type=content_type)
    return FeedSpec(path.strip("/"), httpserver.url_for(path))


def test_stories_sharing_a_section_front_link_are_separate_rows(httpserver, db):
    front = "https://news.test/markets/"
    items = [{"title": f"Market story {i}", "link": front, "guid": f"id-{i}", "summary": f"Teaser number {i}."}
             for i in range(3)]
    spec = serve(httpserver, "/feed", rss(items))
    first = ingest_feeds(db, [spec], NO_FULLTEXT)
    assert (first.feeds[0].new, first.feeds[0].updated) == (3, 0)
    assert rows(db) == [(f"Market story {i}", f"Teaser number {i}.") for i in range(3)]
    again = ingest_feeds(db, [spec], NO_FULLTEXT)
    assert (again.feeds[0].new, again.feeds[0].updated, again.feeds[0].duplicates) == (0, 0, 3)
    assert len(rows(db)) == 3


def test_another_feeds_story_at_the_same_link_never_overwrites(httpserver, db):
    link = "https://news.test/"
    a = serve(httpserver, "/a", rss([{"title": "Copper hits a record", "link": link, "guid": "a1",
                                      "summary": "Copper rose to a record on supply worries."}]))
    b = serve(httpserver, "/b", rss([{"title": "Bond yields slip", "link": link, "guid": "b7",
                                      "summary": "Treasury yields fell after soft data.",
                                      "date": datetime(2025, 3, 9, tzinfo=timezone.utc)}]))
    ingest_feeds(db, [a], NO_FULLTEXT)
    report = ingest_feeds(db, [b], NO_FULLTEXT)
    assert report.feeds[0].new == 1 and report.feeds[0].updated == 0
    stored = rows(db, "SELECT title, text, guid, published FROM articles ORDER BY id")
    assert stored == [("Copper hits a record", "Copper rose to a record on supply worries.", "a1",
                       "2025-03-07T08:30:00+00:00"),
                      ("Bond yields slip", "Treasury yields fell after soft data.", "b7", "2025-03-09T00:00:00+00:00")]


def test_same_story_in_two_feeds_with_their_own_guids_is_one_article(httpserver, db):
    item = {"title": "Oil falls 3% as stocks build", "link": "https://wire.test/oil", "summary": "Crude fell."}
    a = serve(httpserver, "/a", rss([{**item, "guid": "feedA-1"}]))
    b = serve(httpserver, "/b", rss([{**item, "guid": "feedB-99"}]))
    report = ingest_feeds(db, [a, b], NO_FULLTEXT)
    assert report.total("new") == 1 and report.total("duplicates") == 1
    assert db.execute("SELECT count(*) FROM article_sources").fetchone()[0] == 2


def test_same_title_without_body_at_different_links_is_kept_each_time(httpserver, db):
    items = [{"title": "Morning market briefing", "link": f"https://news.test/briefing/2025-03-0{d}",
              "date": datetime(2025, 3, d, 7, tzinfo=timezone.utc)} for d in (3, 4, 5)]
    report = ingest_feeds(db, [serve(httpserver, "/feed", rss(items))], NO_FULLTEXT)
    assert report.feeds[0].new == 3
    stored = rows(db, "SELECT url, published, text_method FROM articles ORDER BY id")
    assert [r[0][-10:] for r in stored] == ["2025-03-03", "2025-03-04", "2025-03-05"]
    assert {r[2] for r in stored} == {"title"}


def test_short_recurring_blurb_at_different_links_is_not_folded(httpserver, db):
    items = [{"title": "Daily close", "link": f"https://news.test/close/{d}", "summary": "Our end-of-day wrap."}
             for d in (1, 2)]
    report = ingest_feeds(db, [serve(httpserver, "/feed", rss(items))], NO_FULLTEXT)
    assert report.feeds[0].new == 2 and report.feeds[0].duplicates == 0


def test_exact_copy_of_a_long_story_at_another_link_folds_and_its_url_is_remembered(httpserver, db):
    body = story(4, 200)
    wire = serve(httpserver, "/wire", rss([{"title": "Lenders rally", "link": "https://wire.test/1",
                                            "content": f"<p>{body}</p>"}]))
    ingest_feeds(db, [wire], NO_FULLTEXT)
    copy_link = httpserver.url_for("/copy-page")
    httpserver.expect_request("/copy-page").respond_with_data(page("Lenders rally", body), content_type="text/html")
    no_robots(httpserver)
    copy = serve(httpserver, "/copy", rss([{"title": "Lenders rally", "link": copy_link, "summary": "Teaser."}]))
    first = ingest_feeds(db, [copy], FAST)
    assert first.feeds[0].duplicates == 1 and first.feeds[0].new == 0
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert db.execute("SELECT url FROM article_urls").fetchone()[0] == copy_link
    pages_before = sum(1 for r, _ in httpserver.log if r.path == "/copy-page")
    ingest_feeds(db, [copy], FAST)
    assert sum(1 for r, _ in httpserver.log if r.path == "/copy-page") == pages_before == 1


def test_edited_headline_over_the_same_text_is_an_update(httpserver, db):
    body = story(2, 200)
    state = {"title": "Lenders climb"}
    httpserver.expect_request("/feed").respond_with_handler(lambda r: Response(
        rss([{"title": state["title"], "link": "https://news.test/l", "content": f"<p>{body}</p>"}])))
    spec = FeedSpec("F", httpserver.url_for("/feed"))
    ingest_feeds(db, [spec], NO_FULLTEXT)
    state["title"] = "Lenders climb as rates hold"
    report = ingest_feeds(db, [spec], NO_FULLTEXT)
    assert (report.feeds[0].new, report.feeds[0].updated) == (0, 1)
    assert rows(db, "SELECT title FROM articles") == [("Lenders climb as rates hold",)]


def test_guid_update_changes_only_that_article(httpserver, db):
    state = {"summary": "First cut."}
    httpserver.expect_request("/feed").respond_with_handler(lambda r: Response(rss([
        {"title": "Story one", "link": "https://news.test/", "guid": "g1", "summary": state["summary"]},
        {"title": "Story two", "link": "https://news.test/", "guid": "g2", "summary": "Untouched."}])))
    spec = FeedSpec("F", httpserver.url_for("/feed"))
    ingest_feeds(db, [spec], NO_FULLTEXT)
    state["summary"] = "Second, corrected cut."
    report = ingest_feeds(db, [spec], NO_FULLTEXT)
    assert (report.feeds[0].updated, report.feeds[0].new) == (1, 0)
    assert rows(db) == [("Story one", "Second, corrected cut."), ("Story two", "Untouched.")]


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom test</title><id>urn:feed</id>
<updated>2025-03-07T08:00:00Z</updated>
{entries}
</feed>"""


def test_items_with_only_content_only_markup_or_nothing(httpserver, db):
    entries = "\n".join([
        # only <content>: no id, link or title
        "<entry><updated>2025-03-07T08:00:00Z</updated><content type='html'>&lt;p&gt;Zinc output rose 4% "
        "in February, the miner said.&lt;/p&gt;</content></entry>",
        # only markup: nothing readable
        "<entry><updated>2025-03-07T08:00:00Z</updated><content type='html'>&lt;p&gt;&lt;img src='x.png'/&gt;"
        "&lt;/p&gt;</content></entry>",
        # nothing at all
        "<entry><updated>2025-03-07T08:00:00Z</updated></entry>",
        # an id and a title
        "<entry><id>urn:t</id><title>Title only</title><updated>2025-03-07T08:00:00Z</updated></entry>",
    ])
    report = ingest_feeds(db, [serve(httpserver, "/atom", ATOM.format(entries=entries),
                                     "application/atom+xml")], NO_FULLTEXT)
    fr = report.feeds[0]
    assert fr.new == 2 and fr.refused == {NOTHING_READABLE: 2} and fr.skipped == 2
    # feedparser also copies a lone <content> into the summary, so a short one is recorded as the summary
    assert rows(db, "SELECT title, text, text_method FROM articles ORDER BY id") == [
        ("Zinc output rose 4% in February, the miner said.", "Zinc output rose 4% in February, the miner said.",
         "summary"),
        ("Title only", "Title only", "title")]
    assert db.execute("SELECT count(*) FROM articles WHERE trim(text) = '' OR trim(title) = ''").fetchone()[0] == 0


def test_link_only_items_take_the_page_or_are_refused_with_a_reason(httpserver, db):
    good, dead = httpserver.url_for("/good"), httpserver.url_for("/dead")
    httpserver.expect_request("/good").respond_with_data(page("Lenders rally on rates", story(5)),
                                                         content_type="text/html")
    httpserver.expect_request("/dead").respond_with_data("gone", status=404)
    no_robots(httpserver)
    items = [{"title": "", "link": good}, {"title": "", "link": dead}]
    spec = serve(httpserver, "/feed", rss(items))
    report = ingest_feeds(db, [spec], FAST)
    assert report.feeds[0].new == 1 and report.feeds[0].refused == {NO_TEXT: 1}
    assert rows(db, "SELECT title, text_method FROM articles") == [("Lenders rally on rates", "page")]
    offline = ingest_feeds(db, [spec], NO_FULLTEXT)
    assert offline.feeds[0].refused == {NO_TEXT: 2} and offline.feeds[0].new == 0


def test_feed_text_keeps_short_financial_lines(httpserver, db):
    summary = "<p>FTSE 100 up 1.2%</p><p>S&amp;P 500 +0.8% to 5,950</p><p>GDP +0.3% q/q</p>"
    ingest_feeds(db, [serve(httpserver, "/feed", rss([{"title": "Markets at a glance", "link": "https://n.test/g",
                                                       "summary": summary}]))], NO_FULLTEXT)
    assert rows(db, "SELECT text FROM articles") == [("FTSE 100 up 1.2%\nS&P 500 +0.8% to 5,950\nGDP +0.3% q/q",)]


def test_import_keeps_short_financial_lines(tmp_path, db):
    path = tmp_path / "a.jsonl"
    path.write_text('{"url": "https://n.test/x", "title": "Glance", "published": "2025-03-07", '
                    '"text": "Nikkei 225 -1.1%\\nBrent $71.20"}\n')
    report = import_articles(db, path)
    assert report.new == 1 and rows(db, "SELECT text FROM articles") == [("Nikkei 225 -1.1%\nBrent $71.20",)]


def test_the_same_page_extracts_every_time():
    html = page("Lenders rally", STORY)
    texts = [extract_page(html, f"https://copy{i}.test/a") for i in range(6)]
    assert all(t is not None and t.text.startswith("Shares of regional lenders") for t in texts)


class _LengthScorer:
    """A stand-in classifier: positive when the text has more than five words (enough to see a re-score)."""

    version = "length-1"

    def __init__(self):
        self.seen = []

    def score_article(self, title, text, entities=()):
        self.seen.append(text)
        label = "positive" if len(text.split()) > 5 else "negative"
        probs = {"negative": 0.0, "neutral": 0.0, "positive": 0.0, label: 1.0}
        return SimpleNamespace(label=label, scores=probs, sentences=1, sentences_dropped=0, evidence=[], entities={
            "Acme": SimpleNamespace(label=label, scores=probs, sentences=1, target_absent=False)})


def test_changed_text_is_scored_again_and_unchanged_text_is_not(httpserver, db):
    state = {"summary": "Acme falls."}
    httpserver.expect_request("/feed").respond_with_handler(lambda r: Response(rss([
        {"title": "Acme", "link": "https://news.test/acme", "guid": "a", "summary": state["summary"]}])))
    spec = FeedSpec("F", httpserver.url_for("/feed"))
    ingest_feeds(db, [spec], NO_FULLTEXT)
    scorer = _LengthScorer()
    assert score_articles(db, scorer, entities_for=None).scored == 1
    assert score_articles(db, scorer, entities_for=None).scored == 0
    state["summary"] = "Acme rises after it wins a large new supply contract."
    ingest_feeds(db, [spec], NO_FULLTEXT)
    again = score_articles(db, scorer, entities_for=None)
    assert again.scored == 1 and scorer.seen[-1] == state["summary"]
    assert rows(db, "SELECT label FROM article_sentiment") == [("positive",)]
    assert rows(db, "SELECT entity, label FROM entity_sentiment") == [("Acme", "positive")]
    digest = db.execute("SELECT content_hash FROM articles").fetchone()[0]
    assert rows(db, "SELECT content_hash FROM article_sentiment") == [(digest,)]


def _near_copy(text: str) -> str:
    return text.replace("Shares of regional lenders", "Shares of regional banks") + " Example Wire reports."


def test_near_duplicate_of_an_old_story_is_still_found(db):
    from news_sentiment.store.articles import ArticleStore
    from news_sentiment.records import Article, TextMethod

    long_ago = datetime(2023, 1, 5, tzinfo=timezone.utc)
    original = STORY + " " + story(7, 80)

    def art(url, text, when):
        return Article(url=url, title="Lenders", published=when, fetched_at=when, text=text,
                       text_method=TextMethod.IMPORT)

    store = ArticleStore(db)
    store.write_batch([art("https://wire.test/old", original, long_ago)])
    counts = store.write_batch([art("https://copy.test/new", _near_copy(original), datetime.now(timezone.utc))])
    store.close()
    assert counts.near_duplicates == 1
    assert rows(db, "SELECT url, duplicate_of FROM articles ORDER BY id")[1] == ("https://copy.test/new", 1)


def test_updated_text_is_what_near_duplicates_are_matched_against(httpserver, db):
    first, second = story(11, 200), story(12, 200)
    state = {"content": first}
    httpserver.expect_request("/feed").respond_with_handler(lambda r: Response(rss([
        {"title": "Lenders", "link": "https://news.test/l", "guid": "g", "content": f"<p>{state['content']}</p>"}])))
    spec = FeedSpec("F", httpserver.url_for("/feed"))
    ingest_feeds(db, [spec], NO_FULLTEXT)
    state["content"] = second
    ingest_feeds(db, [spec], NO_FULLTEXT)
    copies = [{"title": "Copy of old", "link": "https://c.test/1", "content": f"<p>{first} Wire.</p>"},
              {"title": "Copy of new", "link": "https://c.test/2", "content": f"<p>{second} Wire.</p>"}]
    httpserver.expect_request("/copies").respond_with_data(rss(copies))
    report = ingest_feeds(db, [FeedSpec("C", httpserver.url_for("/copies"))], NO_FULLTEXT)
    assert (report.feeds[0].new, report.feeds[0].near_duplicates) == (1, 1)
    assert rows(db, "SELECT title, duplicate_of FROM articles ORDER BY id") == [
        ("Lenders", None), ("Copy of old", None), ("Copy of new", 1)]
