"""Narrative weeks: a 5,000-article week, and whether the 12th week of history costs more than the 1st.

Articles come from the planted-storylines generator (``tests/analysis/planted.py``) scaled up. Their sentence
vectors are real encoder vectors, computed once per distinct sentence and written to ``article_embeddings``
as the update's embed step would; the embed step's own throughput (sentences per second, one process) is
measured separately on the first 2,000 sentences. Then ``update_narratives`` runs over the store: the timings
are of the weekly computation (read, assign, discover, statistics, write), per week.

    python benchmarks/bench_narratives.py --articles 5000 --history 12 --history-articles 1000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from news_sentiment.nlp.encoder import get_encoder, to_int8  # noqa: E402
from news_sentiment.nlp.narrative_classifier import get_classifier, lead_text  # noqa: E402
from news_sentiment.nlp.narrative_model import article_sentences  # noqa: E402
from news_sentiment.pipeline.narratives import update_narratives  # noqa: E402
from news_sentiment.store import narrative_weeks  # noqa: E402
from news_sentiment.store.db import open_db  # noqa: E402
from tests.analysis.planted import WEEKS, articles  # noqa: E402


def fill(db, arts, enc, cache: dict) -> None:
    """Insert articles, their vectors (each distinct sentence encoded once) and classifier probabilities (each
    distinct lead classified once)."""
    clf = get_classifier()
    rows = []
    for r in arts.itertuples():
        db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
                   "VALUES (?, ?, ?, ?, ?, ?, 'import', ?)",
                   [r.article_id, f"https://ex.com/{r.article_id}", r.title, r.published, r.published, r.text,
                    f"h{r.article_id}"])
        sents = article_sentences(r.title, r.text)
        todo = [s for s in sents if s not in cache]
        for s, v in zip(todo, enc.encode(todo) if todo else []):
            cache[s] = v
        lead = lead_text(sents)
        if clf is not None and ("lead", lead) not in cache:
            cache[("lead", lead)] = json.dumps([round(float(x), 5) for x in clf.predict([lead])[0]])
        vectors = to_int8(np.stack([cache[s] for s in sents]))
        rows.append((r.article_id, f"h{r.article_id}", enc.version, len(sents), vectors,
                     clf.version if clf else None, cache.get(("lead", lead))))
    narrative_weeks.write_embeddings(db, rows)


WEEK_SECONDS: dict[str, float] = {}


def _timed_compute():
    """Wrap the pipeline's per-week computation so each computed week's own cost is recorded."""
    from news_sentiment.pipeline import narratives as pipe

    inner = pipe._compute

    def timed(db, setup, week, *a, **kw):
        t0 = time.perf_counter()
        out = inner(db, setup, week, *a, **kw)
        WEEK_SECONDS[week] = time.perf_counter() - t0
        return out

    pipe._compute = timed


def timed_weeks(db) -> dict[str, float]:
    t0 = time.perf_counter()
    upd = update_narratives(db)
    return {"total": time.perf_counter() - t0, "weeks": upd.weeks_computed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=5000, help="articles in the one big week")
    ap.add_argument("--history", type=int, default=WEEKS, help="weeks of history for the 1st-vs-12th comparison")
    ap.add_argument("--history-articles", type=int, default=1000, help="articles per history week")
    args = ap.parse_args()
    enc = get_encoder()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}; "
          f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    _timed_compute()
    cache: dict = {}
    sample = [s for t in articles(per_story=4, noise=10, seed=9)["text"][:400] for s in article_sentences("", t)][:2000]
    t0 = time.perf_counter()
    enc.encode(sample)
    print(f"embed step: {len(sample) / (time.perf_counter() - t0):.0f} sentences/s (one process)")
    clf = get_classifier()
    if clf is not None:
        leads = [lead_text(article_sentences("", t)) for t in articles(per_story=4, noise=10, seed=9)["text"][:300]]
        t0 = time.perf_counter()
        clf.predict(leads)
        print(f"classifier: {len(leads) / (time.perf_counter() - t0):.0f} articles/s (one process)")
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "big.db")
        big = articles(per_story=args.articles // 10, noise=args.articles // 2, seed=1)  # 5 stories run in week 1
        big = big[big["published"] < "2025-03-10"].reset_index(drop=True)  # the first week only
        fill(db, big, enc, cache)
        t = timed_weeks(db)
        print(f"one week of {len(big)} articles: {t['total']:.2f} s (bar: under 20 s)")
        db2 = open_db(Path(tmp) / "hist.db")
        hist = articles(per_story=args.history_articles // 12, noise=args.history_articles // 3, seed=2)
        weeks = sorted(hist["published"].str[:10].map(lambda d: datetime.fromisoformat(d).strftime("%G-W%V")).unique())
        wk = hist["published"].str[:10].map(lambda d: datetime.fromisoformat(d).strftime("%G-W%V"))
        runs = []
        for w in weeks:  # one week arrives at a time, as in production
            fill(db2, hist[wk == w], enc, cache)
            runs.append(timed_weeks(db2))
        first, last = WEEK_SECONDS[weeks[0]], WEEK_SECONDS[weeks[-1]]
        noop = timed_weeks(db2)
        print(f"history: {len(weeks)} weeks of about {args.history_articles} articles, each update run right after its "
              f"week arrives (1 week computed per run: {all(r['weeks'] == 1 for r in runs)})")
        print(f"  week 1 computed in {first:.2f} s ({(wk == weeks[0]).sum()} articles); week {len(weeks)} in "
              f"{last:.2f} s ({(wk == weeks[-1]).sum()} articles); ratio {last / first:.2f}; per article "
              f"{last / (wk == weeks[-1]).sum() / (first / (wk == weeks[0]).sum()):.2f}")
        print(f"  whole update run: week 1 {runs[0]['total']:.2f} s, week {len(weeks)} {runs[-1]['total']:.2f} s; "
              f"a run with nothing new over {len(weeks)} weeks {noop['total']:.2f} s")

if __name__ == "__main__":
    main()
