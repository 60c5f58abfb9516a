"""Ingest into SQLite and into PostgreSQL in one run: the same local feed files, the same options.

Writes --feeds feed files of --items items each (distinct texts, so near-duplicate detection does real work),
ingests them without full text into a fresh SQLite file and into a fresh PostgreSQL database, and prints both
rates and their ratio (the bar: PostgreSQL within 1.5x of SQLite's time). Then --concurrent ingest processes race
on the same feeds into one new PostgreSQL database: every item must be stored exactly once.

    python benchmarks/bench_ingest_pg.py --feeds 200 --items 50                # starts a throwaway server (fsync on)
    python benchmarks/bench_ingest_pg.py --pg postgresql://me@localhost/postgres  # or use a server (CREATE DATABASE)
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ingest import run  # noqa: E402

from tests.feedkit import rss, story  # noqa: E402
from tests.pg import fresh_database, local_server  # noqa: E402

from news_sentiment.ingest import IngestOptions, ingest_feeds  # noqa: E402
from news_sentiment.records import FeedSpec  # noqa: E402
from news_sentiment.store.db import open_db  # noqa: E402


def write_feeds(folder: Path, feeds: int, items: int, words: int) -> list[FeedSpec]:
    specs = []
    for n in range(feeds):
        entries = [{"title": f"Feed {n} story {i}", "guid": f"{n}-{i}", "link": f"https://news.test/{n}/{i}",
                    "summary": story(n * items + i, words).replace("lenders", f"lenders{n}x{i}")}
                   for i in range(items)]
        path = folder / f"feed{n}.xml"
        path.write_bytes(rss(entries, title=f"Feed {n}"))
        specs.append(FeedSpec(f"feed{n}", path.as_uri()))
    return specs


def _ingest_process(url: str, specs: list[FeedSpec], workers: int, out: multiprocessing.Queue) -> None:
    db = open_db(url)
    report = ingest_feeds(db, specs, IngestOptions(fulltext=False, workers=workers))
    db.close()
    out.put(report.total("new") + report.total("near_duplicates"))


def race(url: str, specs: list[FeedSpec], workers: int, processes: int) -> tuple[float, list[int], int, int]:
    """``processes`` ingests of the same feeds into one database at once: seconds, rows each process reported
    new, articles stored, and URLs stored more than once."""
    open_db(url).close()  # migrations applied once, before the race
    out: multiprocessing.Queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_ingest_process, args=(url, specs, workers, out))
             for _ in range(processes)]
    started = time.perf_counter()
    for proc in procs:
        proc.start()
    news = [out.get(timeout=1800) for _ in procs]
    for proc in procs:
        proc.join()
    seconds = time.perf_counter() - started
    db = open_db(url)
    stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    twice = db.execute("SELECT count(*) FROM (SELECT url FROM articles GROUP BY url HAVING count(*) > 1) d"
                       ).fetchone()[0]
    db.close()
    return seconds, news, stored, twice


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--words", type=int, default=80, help="words of text per item")
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--concurrent", type=int, default=4, help="ingest processes racing on one database (0: skip)")
    ap.add_argument("--pg", help="a PostgreSQL server URL that may CREATE DATABASE (default: a throwaway server)")
    args = ap.parse_args()
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        server = args.pg or stack.enter_context(local_server(durable=True))
        specs = write_feeds(Path(tmp), args.feeds, args.items, args.words)
        url = stack.enter_context(fresh_database(server))
        results = {}
        for name, store in (("SQLite", Path(tmp) / "bench.db"), ("PostgreSQL", url)):
            secs, _, stored = run(store, specs, IngestOptions(fulltext=False, workers=args.workers))
            results[name] = secs
            print(f"{name:>10}: {args.feeds} feeds x {args.items} items: {stored} stored in {secs:.2f}s "
                  f"= {stored / secs:.0f} items/s")
        print(f"PostgreSQL / SQLite time: {results['PostgreSQL'] / results['SQLite']:.2f}x (bar: <= 1.5x)")
        if args.concurrent:
            secs, news, stored, twice = race(stack.enter_context(fresh_database(server)), specs, args.workers,
                                             args.concurrent)
            expected = args.feeds * args.items
            verdict = "every item stored once" if stored == sum(news) == expected and not twice else "FAILED"
            print(f"{args.concurrent} concurrent ingest processes, one PostgreSQL database: {secs:.2f}s, new per "
                  f"process {news} (sum {sum(news)}), {stored} stored of {expected}, {twice} URLs twice: {verdict}")


if __name__ == "__main__":
    main()
