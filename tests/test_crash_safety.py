"""SIGKILL in the middle of an ingest leaves a consistent store; the next run completes without duplicates."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from werkzeug import Response

from tests.feedkit import rss

FEEDS, ITEMS = 30, 20


@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun(httpserver, tmp_path):
    def handler(request):
        time.sleep(0.15)  # slow enough that the kill lands mid-run
        n = int(request.path.rsplit("/", 1)[1])
        items = [{"title": f"Feed {n} item {i}", "link": f"https://news.test/{n}/{i}", "guid": f"{n}-{i}",
                  "summary": f"Summary of item {i} from feed {n}."} for i in range(ITEMS)]
        return Response(rss(items, title=f"Feed {n}"), content_type="application/rss+xml")

    lines = ["feeds:"]
    for n in range(FEEDS):
        httpserver.expect_request(f"/feed/{n}").respond_with_handler(handler)
        lines.append(f"  - {{name: feed{n}, url: '{httpserver.url_for(f'/feed/{n}')}'}}")
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("\n".join(lines) + "\n")
    db = tmp_path / "crash.db"
    cmd = [sys.executable, "-m", "news_sentiment", "ingest", "--feeds", str(feeds), "--db", str(db),
           "--no-fulltext", "--workers", "2", "--quiet"]

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
            if stored >= 3 * ITEMS:
                break
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed; slow the server down"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    per_feed = conn.execute(
        "SELECT f.name, f.last_fetched_at IS NOT NULL, count(a.id) FROM feeds f "
        "LEFT JOIN articles a ON a.feed_id = f.id GROUP BY f.id").fetchall()
    partial = [row for row in per_feed if row[2] not in (0, ITEMS)]
    assert partial == [], "a feed was half-written"
    assert all(bool(done) == (n == ITEMS) for _, done, n in per_feed), "feed state and its articles disagree"
    killed_at = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < killed_at < FEEDS * ITEMS
    fts = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'summary'").fetchone()[0]
    assert fts == killed_at
    conn.close()

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(db)
    total, distinct = conn.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
    assert total == distinct == FEEDS * ITEMS
    assert conn.execute("SELECT count(*) FROM article_sources").fetchone()[0] == FEEDS * ITEMS
