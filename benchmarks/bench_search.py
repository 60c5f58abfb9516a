"""Full-text search cost against the number of search words, and the cap that bounds it.

    python benchmarks/bench_search.py [--articles 5000 --words 300]

Builds a synthetic store (articles of random words from a 16-word vocabulary, so every word matches most
articles), then times (a) raw FTS5 queries of k repeated quoted words ANDed, as `articles --search` sent
them before the cap, and (b) `list_articles` through the search translator at and beyond the cap.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import tempfile
import time
from pathlib import Path

from news_sentiment.errors import InputError
from news_sentiment.store.db import open_db
from news_sentiment.store.read import ArticleQuery, list_articles
from news_sentiment.store.search import MAX_WORDS

VOCAB = ("shares stocks market index tesla nasdaq rally slump profit earnings bank rate china tech hang seng"
         .split())


def build(path: Path, articles: int, words: int, seed: int) -> None:
    rnd = random.Random(seed)
    db = open_db(path)
    rows = [(f"https://bench.test/{i}", f"Story {i} {rnd.choice(VOCAB)}", "2025-03-03T08:00:00+00:00",
             "2025-03-03T08:00:00+00:00", " ".join(rnd.choice(VOCAB) for _ in range(words)), f"h{i}")
            for i in range(articles)]
    with db.conn:
        db.conn.executemany("INSERT INTO articles (url, title, published, fetched_at, text, text_method, "
                            "content_hash) VALUES (?, ?, ?, ?, ?, 'feed', ?)", rows)
    db.close()


def timed(fn) -> float:  # noqa: ANN001
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--words", type=int, default=300, help="words per article")
    ap.add_argument("--raw", default="1,8,16,32,64,100,200", help="word counts for the uncapped raw FTS5 query")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "search.db"
        build(path, args.articles, args.words, args.seed)
        db = open_db(path)
        print(f"{args.articles} articles of {args.words} words")
        sql = ("SELECT a.id FROM articles a JOIN articles_fts ON articles_fts.rowid = a.id "
               "AND articles_fts MATCH ? ORDER BY articles_fts.rank LIMIT 50")
        for k in (int(x) for x in args.raw.split(",")):
            match = " ".join(['"tesla"'] * k)
            print(f"raw FTS5, {k:>4} words: {timed(lambda: db.execute(sql, [match]).fetchall()):7.3f} s")
        for label, search in (("1 word", "tesla"), (f"{MAX_WORDS} repeated words", " ".join(["tesla"] * MAX_WORDS)),
                              (f"{len(VOCAB)} distinct words", " ".join(VOCAB)),
                              (f"{MAX_WORDS} words OR-ed, each twice", " OR ".join((VOCAB * 2)[:MAX_WORDS]))):
            print(f"--search, {label}: {timed(lambda: list_articles(db, ArticleQuery(search=search))):7.3f} s")
        for k in (MAX_WORDS + 1, 5000):
            search = " ".join(["tesla"] * k)

            def refused() -> None:
                try:
                    list_articles(db, ArticleQuery(search=search))
                except InputError as exc:
                    print(f"--search, {k:>4} words: refused ({exc})", end="")
            print(f" in {timed(refused) * 1000:.2f} ms")
        db.close()


if __name__ == "__main__":
    main()
