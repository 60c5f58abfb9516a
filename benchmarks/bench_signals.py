"""Entity signals and their lead-lag test at scale: `signals` + `link --entity` for every entity.

Synthetic data: ``--years`` of calendar days with ``--per-day`` articles each; every article names 1-3 of
``--entities`` entities (popularity falling as 1/sqrt(rank)), 1-3 mentions each, 30 % in the title. Each
entity's daily sentiment is N(0, 1); half the entities' returns follow it two sessions later (beta 0.3 %),
the other half not at all; every return carries a market factor (beta 0.8) and 1 % noise.

Timed, separately:
1. analysis on in-memory frames: ``entity_signals`` (per day) for all entities in one call and entity by
   entity, and ``link_entity`` (6 lags x 1,000 bootstrap resamples, shock event study with a market model)
   for every entity;
2. with ``--store``: writing the store (not part of the bar), the update's ``days`` step over the whole store
   and after one day of new news (keeping the per-entity, per-day aggregates), then the commands' library path
   per entity (``pipeline.signals.signals`` and ``pipeline.signals.link``: resolve, SQL read, prices, analysis).

    python benchmarks/bench_signals.py                       # 5 years x 100 entities x 2,000 articles/day
    python benchmarks/bench_signals.py --store --db /tmp/signals.db
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from news_sentiment.analysis.signals import LinkOptions, entity_signals, link_entity  # noqa: E402

LAG, BETA = 2, 0.003


def generate(entities: int, years: int, per_day: int, seed: int = 0):
    """(rows: one per article and entity, closes: sessions x entities DataFrame, benchmark closes)."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2020-01-01", periods=round(365.25 * years), freq="D")
    n_art = per_day * len(days)
    art_day = np.repeat(np.arange(len(days)), per_day)
    k = rng.integers(1, 4, n_art)
    pop = 1 / np.sqrt(np.arange(1, entities + 1))
    ent = rng.choice(entities, size=int(k.sum()), p=pop / pop.sum())
    key = np.unique(np.repeat(np.arange(n_art, dtype=np.int64), k) * entities + ent)
    art, ent = key // entities, (key % entities).astype(int)
    mentions = rng.integers(1, 4, len(art))
    x = rng.normal(size=(entities, len(days)))
    s = np.tanh(0.4 * (x[ent, art_day[art]] + 0.3 * rng.normal(size=len(art))))
    rows = pd.DataFrame({
        "article_id": art + 1,
        "published": days[art_day[art]].tz_localize("UTC") + pd.to_timedelta(rng.integers(0, 86400, len(art)), "s"),
        "entity": pd.Categorical.from_codes(ent, [f"Entity {i:03d}" for i in range(entities)]),
        "source": pd.Categorical.from_codes(rng.integers(0, 40, len(art)), [f"src{i}" for i in range(40)]),
        "mentions": mentions, "title_mentions": (rng.random(len(art)) < 0.3).astype(int),
        "article_mentions": np.bincount(art, weights=mentions, minlength=n_art)[art].astype(int),
        "negative": 0.9 * (1 - s) / 2, "neutral": 0.1, "positive": 0.9 * (1 + s) / 2,
        "novelty": rng.random(len(art))})
    sessions = days[days.day_of_week < 5]
    day_pos = np.searchsorted(days, sessions)
    market = 0.01 * rng.normal(size=len(sessions))
    r = 0.8 * market + 0.01 * rng.normal(size=(entities, len(sessions)))
    lead = np.arange(entities) % 2 == 0
    # News of a day counts on the first session strictly after it (analysis.signals.sessions_of): the news that
    # session k - LAG sees is the day before it, so that day's sentiment moves the return of session k.
    r[lead, LAG:] += BETA * x[lead][:, np.maximum(day_pos[:-LAG] - 1, 0)]
    closes = pd.DataFrame(100 * np.cumprod(1 + r, axis=1).T, index=sessions,
                          columns=[f"E{i:03d}" for i in range(entities)])
    return rows, closes, pd.Series(1000 * np.cumprod(1 + market), index=sessions), lead


class Clock:
    """Wall and CPU seconds since start (CPU: this process; the code is single-threaded, so on a loaded machine
    CPU seconds are what an idle core would take)."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def __str__(self) -> str:
        return f"{time.perf_counter() - self.wall:6.1f} s wall, {time.process_time() - self.cpu:6.1f} s CPU"


def timed(fn, *args, **kw):
    clock = Clock()
    out = fn(*args, **kw)
    return out, clock


def bench_frames(rows, closes, bench, lead) -> None:
    _, t_all = timed(entity_signals, rows, "D")
    by_entity, t_split = timed(lambda: {e: g for e, g in rows.groupby("entity", observed=True, sort=True)})
    t_each = Clock()
    for g in by_entity.values():
        entity_signals(g, "D")
    print(f"signals, all entities in one call: {t_all}")
    print(f"split rows by entity:              {t_split}")
    print(f"signals, entity by entity:         {t_each}")
    t_link = Clock()
    found = []
    for i, (name, g) in enumerate(by_entity.items()):
        res = link_entity(g, closes.iloc[:, i], bench, entity=str(name), options=LinkOptions())
        found.append(res.best is not None and res.best["lag"] == LAG and res.best["ic"] > 0)
    print(f"link_entity, every entity:         {t_link}")
    found = np.asarray(found)
    print(f"planted lead at lag {LAG} found: {found[lead].sum()}/{lead.sum()} entities; "
          f"false finds among the rest: {found[~lead].sum()}/{(~lead).sum()}")


def write_store(path: str, rows, closes, bench) -> None:
    from news_sentiment.store.db import open_db

    db = open_db(path)
    names = list(rows["entity"].cat.categories)
    conn = db.conn
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO entities (id, name, kind, ticker) VALUES (?, ?, 'company', ?)",
                     [(i + 1, n, closes.columns[i]) for i, n in enumerate(names)])
    arts = rows.drop_duplicates("article_id")[["article_id", "published", "source"]]
    when = arts["published"].dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    conn.executemany("INSERT INTO articles (id, url, title, published, fetched_at, source, text_method, content_hash) "
                     "VALUES (?, 'u' || ?, 'News', ?, ?, ?, 'import', 'h' || ?)",
                     zip(arts["article_id"].tolist(), arts["article_id"].tolist(), when, when,
                         arts["source"].astype(str), arts["article_id"].tolist()))
    ent_id = rows["entity"].cat.codes.to_numpy() + 1
    rep = np.repeat(np.arange(len(rows)), rows["mentions"].to_numpy())
    first = np.r_[True, rep[1:] != rep[:-1]]  # an entity's first mention is the one in the title, if any
    field = np.where(first & (rows["title_mentions"].to_numpy()[rep] > 0), "title", "text")
    conn.executemany('INSERT INTO mentions (article_id, entity_id, field, text, start, "end", link, extractor_version) '
                     "VALUES (?, ?, ?, 'x', 0, 1, 'kb', 'v')",
                     zip(rows["article_id"].to_numpy()[rep].tolist(), ent_id[rep].tolist(), field.tolist()))
    conn.executemany("INSERT INTO entity_sentiment (article_id, entity, model, label, negative, neutral, positive, "
                     "sentences, scored_at) VALUES (?, ?, 'm1', 'neutral', ?, ?, ?, 1, '2026-01-01')",
                     zip(rows["article_id"].tolist(), rows["entity"].astype(str), rows["negative"].tolist(),
                         rows["neutral"].tolist(), rows["positive"].tolist()))
    conn.executemany("INSERT INTO article_novelty (article_id, novelty, window_days) VALUES (?, ?, 28)",
                     zip(arts["article_id"].tolist(), rows.drop_duplicates("article_id")["novelty"].tolist()))
    prices = [(t, d.strftime("%Y-%m-%d"), float(c)) for t in closes.columns for d, c in closes[t].items()]
    prices += [("BENCH", d.strftime("%Y-%m-%d"), float(c)) for d, c in bench.items()]
    conn.executemany("INSERT INTO prices (ticker, date, close) VALUES (?, ?, ?)", prices)
    conn.commit()
    db.close()


def bench_store(path: str, names: list[str], per_day: int) -> None:
    from news_sentiment.pipeline.signals import link, refresh_days, signals
    from news_sentiment.store.db import OpenMode, open_db

    db = open_db(path, mode=OpenMode.WRITE)
    clock = Clock()
    res = refresh_days(db)
    print(f"update's days step, whole store ({res.counts['days']} days, {res.counts['rows']:,} rows): {clock}")
    db.execute("UPDATE entity_sentiment SET positive = positive WHERE article_id IN "
               "(SELECT id FROM articles ORDER BY published DESC LIMIT ?)", [per_day])  # the last day's news, rescored
    clock = Clock()
    res = refresh_days(db)
    print(f"update's days step after a day of new news ({res.counts['days']} day(s)):          {clock}")
    db.close()
    db = open_db(path, mode=OpenMode.READ)
    clock = Clock()
    for name in names:
        signals(db, name, "D")
    print(f"store: signals (resolve + SQL read + analysis), every entity: {clock}")
    clock = Clock()
    for name in names:
        link(db, name, benchmark="BENCH")
    print(f"store: link --entity --benchmark (read, prices, analysis):     {clock}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=100)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--per-day", type=int, default=2000)
    ap.add_argument("--store", action="store_true", help="Also write a store and time the commands' library path.")
    ap.add_argument("--db", default="/tmp/bench_signals.db")
    ap.add_argument("--reuse-store", action="store_true", help="Time the store path on --db as written before.")
    ap.add_argument("--skip-frames", action="store_true", help="Skip the in-memory analysis timings.")
    args = ap.parse_args()
    print(f"{date.today()} {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}")
    total = Clock()
    (rows, closes, bench, lead), t_gen = timed(generate, args.entities, args.years, args.per_day)
    print(f"{args.years} years x {args.entities} entities x {args.per_day} articles/day: "
          f"{rows['article_id'].nunique():,} articles, {len(rows):,} article-entity rows, {len(closes)} sessions "
          f"(generated in {t_gen})")
    if not args.skip_frames:
        analysis = Clock()
        bench_frames(rows, closes, bench, lead)
        print(f"analysis total (signals + link for every entity, excluding generation): {analysis}")
    if args.store:
        if not (args.reuse_store and os.path.exists(args.db)):
            if os.path.exists(args.db):
                os.remove(args.db)
            _, t_write = timed(write_store, args.db, rows, closes, bench)
            print(f"store written in {t_write} ({os.path.getsize(args.db) / 1e9:.2f} GB)")
        bench_store(args.db, list(rows["entity"].cat.categories), args.per_day)
    print(f"all: {total}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
