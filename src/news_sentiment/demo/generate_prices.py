"""Write the demo's synthetic daily closes (prices.csv beside this file). Deterministic: stdlib random, fixed seed.

The prices are invented: a drift per group and period plus seeded noise, on weekdays from
2024-12-02 to 2025-03-07. They are not market data. Run ``python -m news_sentiment.demo.generate_prices``
to rebuild the file (the demo articles quote figures computed from it, so keep the seed and drifts).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

FIRST, LAST = date(2024, 12, 2), date(2025, 3, 7)
SEED = 20250307

# group → tickers with a starting close and currency
GROUPS: dict[str, list[tuple[str, float, str]]] = {
    "china_tech": [("9988.HK", 82.0, "HKD"), ("0700.HK", 410.0, "HKD"), ("1810.HK", 32.0, "HKD"),
                   ("1211.HK", 270.0, "HKD"), ("0981.HK", 30.0, "HKD"), ("9618.HK", 135.0, "HKD"),
                   ("9999.HK", 140.0, "HKD"), ("9888.HK", 86.0, "HKD")],
    "us_tech": [("AAPL", 240.0, "USD"), ("MSFT", 430.0, "USD"), ("NVDA", 138.0, "USD"), ("AMZN", 215.0, "USD"),
                ("GOOGL", 175.0, "USD"), ("META", 600.0, "USD"), ("TSLA", 350.0, "USD"), ("NFLX", 900.0, "USD")],
    "hstech": [("HSTECH", 4400.0, "HKD")],
    "ndx": [("NDX", 21000.0, "USD")],
}
# (first day of the period, daily drift) per group; a period lasts until the next one starts
DRIFTS: dict[str, list[tuple[date, float]]] = {
    "china_tech": [(FIRST, 0.0010), (date(2025, 1, 1), 0.0015), (date(2025, 2, 1), 0.0085),
                   (date(2025, 2, 24), 0.0010), (date(2025, 3, 3), 0.0120)],
    "us_tech": [(FIRST, 0.0015), (date(2025, 1, 1), 0.0005), (date(2025, 2, 1), -0.0010),
                (date(2025, 2, 17), -0.0060), (date(2025, 3, 3), -0.0080)],
    "hstech": [(FIRST, 0.0008), (date(2025, 1, 1), 0.0012), (date(2025, 2, 1), 0.0075),
               (date(2025, 2, 24), 0.0005), (date(2025, 3, 3), 0.0150)],
    "ndx": [(FIRST, 0.0010), (date(2025, 1, 1), 0.0004), (date(2025, 2, 1), -0.0008),
            (date(2025, 2, 17), -0.0045), (date(2025, 3, 3), -0.0060)],
}
NOISE = {"china_tech": 0.012, "us_tech": 0.010, "hstech": 0.006, "ndx": 0.004}


def _drift(group: str, day: date) -> float:
    value = 0.0
    for start, d in DRIFTS[group]:
        if day >= start:
            value = d
    return value


def rows() -> list[tuple[str, str, float, str]]:
    """(date, ticker, close, currency) for every weekday and ticker."""
    out = []
    for group, tickers in GROUPS.items():
        for ticker, start, currency in tickers:
            rng = random.Random(f"{SEED}:{ticker}")
            close, day = start, FIRST
            while day <= LAST:
                if day.weekday() < 5:
                    if day > FIRST:
                        close *= 1.0 + _drift(group, day) + rng.gauss(0.0, NOISE[group])
                    out.append((day.isoformat(), ticker, round(close, 3), currency))
                day += timedelta(days=1)
    return out


def write(path: Path | None = None) -> Path:
    path = path or Path(__file__).with_name("prices.csv")
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["date", "ticker", "close", "currency"])
        w.writerows(rows())
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write())
