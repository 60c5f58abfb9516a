"""Narrative tracking on a realistic week, and linking on five years of weekly data.

Corpus: synthetic articles (~15 sentences, ~280 words each) drawn from a Zipfian vocabulary of 20,000
words, with 8 planted storylines (2-8 % of articles each) and the configured narratives' phrases sprinkled
in. Prints per-stage timings of ``run_narratives`` (sentence split, assignment, discovery, weekly stats,
novelty), the store round trip ``update_narratives`` (first run and the skipped re-run), and ``link``
(lead-lag with 1,000 block-bootstrap resamples per lag + event study) on a 260-week panel.

    python benchmarks/bench_narratives.py --articles 5000 --weeks 1
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from news_sentiment.analysis.links import link  # noqa: E402
from news_sentiment.analysis.narratives import run_narratives  # noqa: E402
from news_sentiment.narrative_config import load_narratives  # noqa: E402
from news_sentiment.pipeline.narratives import update_narratives  # noqa: E402
from news_sentiment.store.db import open_db  # noqa: E402

CONFIG_SENTENCES = (
    "Washington said new tariffs would hit imports, stoking fears of a wider trade war.",
    "DeepSeek's cheap model fuelled talk that Chinese AI is catching up with the US.",
    "Strategists warned of stretched valuations after the AI bubble debate returned.",
    "Beijing pledged more fiscal support and stimulus for consumption.",
    "Traders priced two Fed rate cuts after Powell spoke.",
    "Earnings season opened with banks beating estimates on quarterly results.",
)


def vocabulary(n: int, rng: np.random.Generator) -> np.ndarray:
    syll = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "de", "an", "or", "el", "us", "ip", "ba", "ce"]
    words = {"".join(rng.choice(syll, rng.integers(2, 5))) for _ in range(n * 2)}
    return np.array(sorted(words)[:n])


def make_corpus(n_articles: int, weeks: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    vocab = vocabulary(20_000, rng)
    cdf = np.cumsum(1.0 / np.arange(1, len(vocab) + 1) ** 1.1)
    cdf /= cdf[-1]
    stories = [" ".join(rng.choice(vocab[2000:], 12)) for _ in range(8)]  # each storyline's own words
    shares = np.linspace(0.02, 0.08, len(stories))
    start = datetime(2025, 3, 3, tzinfo=timezone.utc)
    per_week = n_articles // weeks
    rows = []
    for i in range(n_articles):
        w = i // per_week
        sents = []
        for _ in range(15):
            words = vocab[np.searchsorted(cdf, rng.random(int(rng.integers(14, 24))))]
            sents.append(" ".join(words).capitalize() + ".")
        for s, share in zip(stories, shares):
            if rng.random() < share:
                for j in rng.choice(15, 4, replace=False):
                    picked = rng.choice(s.split(), 6, replace=False)
                    sents[j] = " ".join(picked).capitalize() + " " + sents[j].lower()
        if rng.random() < 0.3:
            sents[int(rng.integers(15))] = CONFIG_SENTENCES[int(rng.integers(len(CONFIG_SENTENCES)))]
        published = start + timedelta(days=7 * w + float(rng.uniform(0, 7)))
        rows.append({"article_id": i + 1, "title": sents[0][:80], "text": " ".join(sents[1:]),
                     "published": published.isoformat()})
    return pd.DataFrame(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--weeks", type=int, default=1)
    ap.add_argument("--panel-weeks", type=int, default=260)
    args = ap.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    t = time.perf_counter()
    arts = make_corpus(args.articles, args.weeks)
    words = arts["text"].str.count(" ").sum() + len(arts)
    print(f"corpus: {len(arts)} articles over {args.weeks} week(s), {words / len(arts):.0f} words/article "
          f"(generated in {time.perf_counter() - t:.1f}s)")

    narratives = load_narratives()
    t = time.perf_counter()
    run = run_narratives(arts, narratives)
    total = time.perf_counter() - t
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in run.timings.items())
    print(f"run_narratives: {total:.2f}s ({len(arts) / total:.0f} articles/s) — {stages}")
    found = [d.label for d in run.registry]
    print(f"  discovered {len(found)} storylines (8 planted): {found[:8]}")

    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")
        db.conn.executemany(
            "INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, 'import', ?)",
            [(r.article_id, f"u{r.article_id}", r.title, r.published, r.published, r.text, f"h{r.article_id}")
             for r in arts.itertuples()])
        t = time.perf_counter()
        first = update_narratives(db)
        t1 = time.perf_counter() - t
        t = time.perf_counter()
        again = update_narratives(db)
        t2 = time.perf_counter() - t
        print(f"update_narratives (store): first {t1:.2f}s ({first.rows} weekly rows), "
              f"unchanged re-run {t2 * 1000:.0f} ms (skipped={again.skipped})")

    rng = np.random.default_rng(1)
    n = args.panel_weeks
    start = datetime(2020, 1, 6)
    weeks = [f"{d.isocalendar().year}-W{d.isocalendar().week:02d}" for d in
             (start + timedelta(days=7 * i) for i in range(n))]
    x = rng.normal(size=n)
    stats = pd.DataFrame({"week": weeks, "narrative_id": "n", "article_share": 0.1 + 0.02 * x, "sentiment": 0.0})
    rets = pd.DataFrame({"week": weeks, "basket": "b", "return": 0.02 * rng.normal(size=n)})
    t = time.perf_counter()
    res = link(stats, rets, "n", "b", n_boot=1000)
    print(f"link ({n} weeks, 9 lags x 1000 bootstrap resamples, event study with {res.events.n_events} events): "
          f"{time.perf_counter() - t:.2f}s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
