"""Import memory and speed: `sentiment import` of N synthetic rows, peak memory measured per run.

Each size runs in a fresh subprocess, so peak RSS is that run's alone (resource.getrusage of the child).
Memory should stay flat as N grows: the file is streamed, rows are written in batches, the near-duplicate
index lives in the database, and error lists are capped.

    python benchmarks/bench_import.py --rows 10000 100000 1000000

Texts are generated here (our own words, seeded), ~60-90 words each, every one distinct.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("shares rose fell after the company reported quarterly revenue profit margin guidance analysts "
         "expected investors market index bank lender chipmaker retailer insurer said on tuesday wednesday "
         "thursday percent billion million outlook demand costs prices rates central policy growth slowed "
         "quickened strong weak orders exports factory output dividend buyback debt bonds yields currency "
         "commodity copper oil gold steel shipping freight tariffs earnings forecast cut raised held").split()


def write_rows(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            words = [rng.choice(WORDS) for _ in range(rng.randint(60, 90))]
            day = 1 + i % 28
            fh.write(json.dumps({"url": f"https://bench.test/{i}", "title": f"Story {i}: {' '.join(words[:6])}",
                                 "published": f"2025-0{1 + i % 9}-{day:02d}T08:00:00Z",
                                 "text": f"Item {i}. " + " ".join(words) + "."}) + "\n")


CHILD = """
import sys, time, json, resource
from news_sentiment.store.db import open_db
from news_sentiment.ingest import import_articles
t = time.perf_counter()
report = import_articles(open_db(sys.argv[1]), sys.argv[2])
secs = time.perf_counter() - t
print(json.dumps({"rows": report.rows, "new": report.new, "near": report.near_duplicates,
                  "refused": report.refused, "seconds": secs,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(n: int, folder: Path) -> dict:
    data = folder / f"rows-{n}.jsonl"
    if not data.exists():
        write_rows(data, n)
    db = folder / f"store-{n}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    out = subprocess.run([sys.executable, "-c", CHILD, str(db), str(data)], capture_output=True, text=True,
                         check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["file_mb"] = data.stat().st_size / 2**20
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--dir", type=Path, default=None, help="Work folder (default: a temporary one).")
    args = ap.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print("| rows | file MB | new | near-dup | refused | seconds | rows/s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for n in args.rows:
        r = run(n, folder)
        print(f"| {n:,} | {r['file_mb']:.0f} | {r['new']:,} | {r['near']:,} | {r['refused']:,} | {r['seconds']:.0f} | "
              f"{r['rows'] / r['seconds']:,.0f} | {r['peak_mb']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
