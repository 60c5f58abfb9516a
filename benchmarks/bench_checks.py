"""Claim checking throughput: 50,000 synthetic claims against 5 years of daily closes for 100 tickers.

    python benchmarks/bench_checks.py [--claims 50000 --tickers 100 --years 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd

from news_sentiment.analysis.checks import check_claims_frame
from news_sentiment.analysis.prices import PriceBook
from news_sentiment.nlp.kb import KBEntity, build_kb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=50_000)
    ap.add_argument("--tickers", type=int, default=100)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)

    days = pd.bdate_range("2020-01-01", periods=252 * args.years)
    tickers = [f"T{i:03d}" for i in range(args.tickers)]
    paths = 100 * np.exp(np.cumsum(rng.normal(0, 0.02, (len(days), len(tickers))), axis=0))
    prices = pd.DataFrame({
        "date": np.tile(days.strftime("%Y-%m-%d"), len(tickers)),
        "ticker": np.repeat(tickers, len(days)),
        "close": paths.T.ravel(),
        "currency": "USD",
    })
    companies = [KBEntity(id=t, name=f"Company {t}", kind="company", ticker=t) for t in tickers]
    baskets = [KBEntity(id=f"B{i}", name=f"Basket {i}", kind="basket",
                        members=tuple(f"Company {t}" for t in rng.choice(tickers, 10, replace=False)))
               for i in range(10)]
    kb = build_kb(companies + baskets)
    subjects = [e.name for e in companies] + [b.name for b in baskets]
    starts = rng.integers(5, len(days) - 30, args.claims)
    lengths = rng.integers(0, 250, args.claims)
    claims = pd.DataFrame({
        "id": np.arange(args.claims),
        "value": rng.uniform(0.5, 60, args.claims).round(1),
        "unit": "percent",
        "comparator": rng.choice(["more_than", "about", None, "at_most", "less_than"], args.claims),
        "direction": rng.choice(["up", "down"], args.claims),
        "metric": rng.choice(["return"] * 9 + ["valuation"], args.claims),
        "subject": rng.choice(subjects, args.claims),
        "period_text": "synthetic",
        "period_start": days[starts].strftime("%Y-%m-%d"),
        "period_end": days[np.minimum(starts + lengths, len(days) - 1)].strftime("%Y-%m-%d"),
        "published": days[np.minimum(starts + lengths + 1, len(days) - 1)].strftime("%Y-%m-%d"),
    })

    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    t0 = time.perf_counter()
    book = PriceBook(prices)
    t1 = time.perf_counter()
    out = check_claims_frame(claims, book, kb)
    t2 = time.perf_counter()
    counts = out["status"].value_counts().to_dict()
    print(f"price book: {len(prices):,} closes for {len(tickers)} tickers over {args.years} years in {t1 - t0:.2f}s")
    print(f"checked {len(out):,} claims in {t2 - t1:.2f}s = {len(out) / (t2 - t1):,.0f} claims/s; statuses {counts}")
    print(f"total {t2 - t0:.2f}s; peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
