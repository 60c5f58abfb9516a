"""Ingest throughput from a local HTTP server (loopback only).

Prints figures for: feeds → committed rows without full text; with full-text page extraction;
re-ingest of unchanged feeds (all 304). Peak memory is this process's max RSS.

    python benchmarks/bench_ingest.py --feeds 200 --items 50
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.feedkit import page, rss, story  # noqa: E402

from news_sentiment.feeds.fetch import HttpOptions  # noqa: E402
from news_sentiment.ingest import IngestOptions, ingest_feeds  # noqa: E402
from news_sentiment.records import FeedSpec  # noqa: E402
from news_sentiment.store.db import open_db  # noqa: E402


def serve(port_queue: multiprocessing.Queue, items: int, page_words: int) -> None:
    feeds: dict[str, bytes] = {}
    body = story(1, page_words)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            parts = self.path.strip("/").split("/")
            port = self.server.server_address[1]
            if parts[0] == "robots.txt":  # no rules (asked once per run by the full-text ingest)
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if parts[0] == "feed":
                etag = f'"{parts[1]}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if parts[1] not in feeds:
                    n = int(parts[1])
                    feeds[parts[1]] = rss([{"title": f"Feed {n} story {i}", "guid": f"{n}-{i}",
                                            "link": f"http://127.0.0.1:{port}/page/{n}/{i}",
                                            "summary": f"Teaser {n} {i}."} for i in range(items)])
                data, ctype, extra = feeds[parts[1]], "application/rss+xml", {"ETag": etag}
            else:
                n, i = int(parts[1]), int(parts[2])
                # distinct text per page so near-duplicate detection does real work
                text = body.replace("lenders", f"lenders{n}x{i}").replace("bank", f"bank{i}n{n}")
                data = page(f"Story {n} {i}", f"{text} Page {n}-{i}.").encode()
                ctype, extra = "text/html; charset=utf-8", {}
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in extra.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_queue.put(server.server_address[1])
    server.serve_forever()


def run(db_path: Path, specs: list[FeedSpec], options: IngestOptions) -> tuple[float, int, int]:
    db = open_db(db_path)
    started = time.perf_counter()
    report = ingest_feeds(db, specs, options)
    seconds = time.perf_counter() - started
    stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    db.close()
    return seconds, report.total("new") + report.total("near_duplicates"), stored


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--fulltext-feeds", type=int, default=40, help="feeds used for the full-text run")
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--page-words", type=int, default=500)
    args = ap.parse_args()

    queue: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(queue, args.items, args.page_words), daemon=True)
    server.start()
    port = queue.get(timeout=10)
    base = f"http://127.0.0.1:{port}"
    # pages are served on loopback: opt in to private addresses (never do this for public feeds)
    http = HttpOptions(per_host=args.workers, max_connections=args.workers * 2, allow_private_addresses=True)
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    with tempfile.TemporaryDirectory() as tmp:
        specs = [FeedSpec(f"feed{n}", f"{base}/feed/{n}") for n in range(args.feeds)]
        secs, rows, stored = run(Path(tmp) / "a.db", specs, IngestOptions(fulltext=False, workers=args.workers,
                                                                           http=http))
        print(f"no full text: {args.feeds} feeds x {args.items} items: {rows} rows committed in {secs:.2f}s "
              f"= {rows / secs:.0f} items/s (stored {stored})")
        secs2, _, _ = run(Path(tmp) / "a.db", specs, IngestOptions(fulltext=False, workers=args.workers, http=http))
        print(f"re-ingest unchanged (all 304): {secs2:.2f}s = {1000 * secs2 / args.feeds:.1f} ms per feed")

        ft_specs = [FeedSpec(f"ft{n}", f"{base}/feed/{10_000 + n}") for n in range(args.fulltext_feeds)]
        secs3, rows3, _ = run(Path(tmp) / "b.db", ft_specs, IngestOptions(fulltext=True, workers=args.workers,
                                                                          http=http))
        print(f"full text: {args.fulltext_feeds} feeds x {args.items} items, pages of ~{args.page_words} words: "
              f"{rows3} articles in {secs3:.2f}s = {rows3 / secs3:.0f} articles/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (ingest process): {peak:.0f} MB")
    server.terminate()


if __name__ == "__main__":
    main()
