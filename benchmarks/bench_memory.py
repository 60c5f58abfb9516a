#!/usr/bin/env python3
"""Peak memory as the store grows: extract and score the first N pending articles of a large store.

    python benchmarks/bench_memory.py                       # 200,000- and 20,000-article stores, --limit 5000
    python benchmarks/bench_memory.py --articles 20000 --limit 500      # a quick look (~2 min on 2 cores)
    python benchmarks/bench_memory.py --stages narratives --articles 10000 40000   # narratives' growth
    python benchmarks/bench_memory.py --stages longtext --long-chars 2000000        # one 2 MB text
    python benchmarks/bench_memory.py --stages import --import-rows 1000000         # the import path

For each store size a synthetic store is built with direct SQL inserts (our own generated text: template
sentences about KB companies and indices with figures, quotes and analysts; ~100 words per article, not
via ingest), then every stage runs in its own child process (``--stage``) so each peak RSS is that stage's
alone: ``run_extraction(db, extractor, limit=N)``, ``score_articles(db, classifier, limit=N)`` (entity
targets from the mentions extraction stored), optionally ``update_narratives(db)``. The child reports its
``ru_maxrss`` and that of its own children (extraction worker processes). Prints one line per stage and a
JSON summary. ``longtext`` extracts one text of ``--long-chars`` characters. ``import`` writes a JSON Lines
file of ``--import-rows`` articles and runs ``news_sentiment.ingest.import_articles(db, path)`` on an empty
store (the lead's 1,000,000-row figure).

Bars (issue 15): each peak under 1 GB, flat from the 20,000- to the 200,000-article store; a 2 MB text
extracted in under 500 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

COMPANIES = ("Alibaba", "Tencent", "Nvidia", "Apple", "Microsoft", "Meituan", "Tesla", "BYD", "HSBC",
             "Goldman Sachs", "JD.com", "Baidu", "Xiaomi", "Amazon", "Meta Platforms", "Alphabet")
INDICES = ("Hang Seng Tech Index", "Nasdaq 100", "S&P 500", "Hang Seng Index", "Stoxx 600")
PEOPLE = ("Jane Roe", "John Doe", "Mary Major", "Richard Miles", "Ann Lee", "Tom Stone")
FIRMS = ("Nomura", "Saxo Markets", "Morgan Stanley", "UBS", "Example Capital")
UP, DOWN = ("rose", "climbed", "gained", "jumped"), ("fell", "dropped", "slid", "slumped")
FILLER = ("Investors weighed the outlook for demand and margins as the quarter drew to a close.",
          "Trading volumes were thin ahead of the central bank meeting later in the week.",
          "The company plans to expand its data centre business in Asia and Europe.",
          "Regulators are reviewing the deal, which still needs approval from shareholders.",
          "Chip makers led the move while property developers lagged the broader market.")


def article(rng: random.Random) -> tuple[str, str]:
    """A title and a ~100-word body of template sentences (figures, a quote, an analyst)."""
    co, idx = rng.choice(COMPANIES), rng.choice(INDICES)
    person, firm = rng.choice(PEOPLE), rng.choice(FIRMS)
    verb = rng.choice(UP + DOWN)
    pct = f"{rng.randint(1, 25)}.{rng.randint(0, 9)}%"
    title = f"{co} shares {verb} {pct} as {idx} {rng.choice(UP + DOWN)}"
    sents = [f"{co} shares {verb} {pct} on {rng.choice(('Monday', 'Tuesday', 'Friday'))} after results.",
             f"The {idx} {rng.choice(UP + DOWN)} {rng.randint(1, 9)}.{rng.randint(0, 9)}% this week.",
             f"Revenue grew to ${rng.randint(10, 99)}.{rng.randint(1, 9)} billion from ${rng.randint(5, 60)} "
             f"billion a year earlier, the company said.",
             f"“Valuations still look cheap and earnings are improving,” said {person}, chief strategist at {firm}.",
             f"Analysts at {firm} expect a {rng.randint(2, 20)}% rise in profit in 2025.",
             *rng.sample(FILLER, 3)]
    rng.shuffle(sents)
    return title, " ".join(sents[:4]) + "\n\n" + " ".join(sents[4:])


def build_store(path: Path, n: int, seed: int = 0) -> float:
    """A store of ``n`` synthetic articles (one per 5 minutes from 2024-01-01), written with executemany."""
    from news_sentiment.store.db import open_db

    t0 = time.perf_counter()
    db = open_db(path)
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)

    def rows(lo: int, hi: int):
        for i in range(lo, hi):
            title, text = article(rng)
            when = (start + timedelta(minutes=5 * i)).isoformat()
            digest = hashlib.sha1(f"{i}\n{title}\n{text}".encode()).hexdigest()
            yield (i + 1, f"https://bench.example/{i + 1}", title, when, when, text, "import", "en",
                   len(text.split()), digest)

    for lo in range(0, n, 20_000):
        with db.conn:
            db.conn.executemany(
                "INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, language, "
                "word_count, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows(lo, min(n, lo + 20_000)))
    db.close()
    return time.perf_counter() - t0


# ------------------------------------------------------------------------------------------ stages (children)
def stage_extract(db_path: str, limit: int, n_process: int) -> dict:
    from news_sentiment.nlp.extract import Extractor
    from news_sentiment.store.db import open_db
    from news_sentiment.pipeline.extract import run_extraction

    ex = Extractor.create(n_process=n_process)
    r = run_extraction(open_db(db_path), ex, limit=limit)
    return {"articles": r.articles, "mentions": r.mentions, "claims": r.claims, "words": r.words,
            "seconds": round(r.seconds, 1), "errors": len(r.errors)}


def stage_score(db_path: str, limit: int, n_process: int) -> dict:  # noqa: ARG001 - one signature for all
    from news_sentiment.nlp.sentiment import Classifier
    from news_sentiment.store.db import open_db
    from news_sentiment.pipeline.score import score_articles

    r = score_articles(open_db(db_path), Classifier.load(), limit=limit)
    return {"articles": r.scored, "entities": r.entities, "failed": r.skipped, "seconds": r.seconds}


def stage_narratives(db_path: str, limit: int, n_process: int) -> dict:  # noqa: ARG001
    from news_sentiment.pipeline.narratives import update_narratives
    from news_sentiment.store.db import open_db

    r = update_narratives(open_db(db_path), force=True)
    return {"articles": r.articles, "weeks": r.weeks, "rows": r.rows, "seconds": round(r.seconds, 1)}


def stage_import(db_path: str, limit: int, n_process: int) -> dict:  # noqa: ARG001
    """``import_articles`` of a JSON Lines file of ``limit`` synthetic articles into an empty store.

    The file is written first, in this child (its cost is not in the import's seconds; its memory is
    constant, one line at a time)."""
    from news_sentiment.ingest import import_articles
    from news_sentiment.store.db import open_db

    src = Path(db_path).with_suffix(".jsonl")
    rng = random.Random(1)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    with src.open("w", encoding="utf-8") as fh:
        for i in range(limit):
            title, text = article(rng)
            fh.write(json.dumps({"url": f"https://import.example/{i}", "title": f"{title} ({i})",
                                 "published": (start + timedelta(minutes=5 * i)).isoformat(),
                                 "text": f"{text} Ref {i}."}) + "\n")
    t0 = time.perf_counter()
    r = import_articles(open_db(db_path), src)
    return {"rows": r.rows, "new": r.new, "errors": len(r.errors), "seconds": round(time.perf_counter() - t0, 1)}


def stage_longtext(db_path: str, limit: int, n_process: int) -> dict:  # noqa: ARG001
    """One text of ``limit`` characters (paragraphs of :func:`article` bodies) through ``extract_many``,
    the path ``sentiment extract`` takes (stored articles and ``--stdin``)."""
    from news_sentiment.nlp.extract import Extractor

    rng = random.Random(2)
    parts, size = [], 0
    while size < limit:
        parts.append(article(rng)[1])
        size += len(parts[-1]) + 2
    text = "\n\n".join(parts)[:limit]
    ex = Extractor.create()
    t0 = time.perf_counter()
    res = next(ex.extract_many([(text, "2025-03-07")]))
    bad = sum(text[m.start:m.end] != m.text for m in res.mentions)
    return {"chars": len(text), "mentions": len(res.mentions), "claims": len(res.claims), "quotes": len(res.quotes),
            "offsets_wrong": bad, "seconds": round(time.perf_counter() - t0, 1)}


STAGES = {"extract": stage_extract, "score": stage_score, "narratives": stage_narratives, "import": stage_import,
          "longtext": stage_longtext}


def child(stage: str, db_path: str, limit: int, n_process: int) -> None:
    result = STAGES[stage](db_path, limit, n_process)
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"stage": stage, "peak_rss_mb": round(self_mb), "workers_peak_rss_mb": round(kids_mb),
                      **result}))


# ------------------------------------------------------------------------------------------ driver
def run_stage(stage: str, db_path: Path, limit: int, n_process: int) -> dict:
    cmd = [sys.executable, __file__, "--stage", stage, "--db", str(db_path), "--limit", str(limit),
           "--n-process", str(n_process)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode:
        raise SystemExit(f"stage {stage} failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    load = os.getloadavg()[0]
    return (f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores ({cpu}), {mem_kb / 2**20:.0f} GiB RAM, "
            f"Python {platform.python_version()}, load avg {load:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, nargs="*", default=[200_000, 20_000], help="store sizes")
    ap.add_argument("--limit", type=int, default=5000, help="pending articles each stage processes")
    ap.add_argument("--stages", default="extract,score",
                    help="comma list of: extract, score, narratives (per store size), longtext, import")
    ap.add_argument("--import-rows", type=int, default=1_000_000, help="with --stages import: rows in the file")
    ap.add_argument("--long-chars", type=int, default=2_000_000, help="with --stages longtext: its length")
    ap.add_argument("--n-process", type=int, default=1, help="extraction worker processes (1: in process)")
    ap.add_argument("--dir", type=Path, default=None, help="keep the stores in this folder (default: temporary)")
    ap.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        child(args.stage, args.db, args.limit, args.n_process)
        return
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; {machine()}")
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if "longtext" in stages:
            res = run_stage("longtext", folder / "unused.db", args.long_chars, 1)
            print(f"longtext {res['chars']:,} characters: peak RSS {res['peak_rss_mb']} MB, {res['seconds']} s "
                  f"({res['mentions']:,} mentions, {res['claims']:,} claims, {res['quotes']:,} quotes, "
                  f"{res['offsets_wrong']} wrong offsets)", flush=True)
            summary.append({"store": 0, **res})
        if "import" in stages:
            res = run_stage("import", folder / f"import-{args.import_rows}.db", args.import_rows, 1)
            print(f"import {args.import_rows:,} rows: peak RSS {res['peak_rss_mb']} MB, {res['seconds']} s "
                  f"({res['new']:,} new, {res['errors']} errors)", flush=True)
            summary.append({"store": 0, **res})
        per_store = [s for s in stages if s not in ("import", "longtext")]
        for n in args.articles if per_store else []:
            path = folder / f"store-{n}.db"
            if not path.exists():
                secs = build_store(path, n)
                print(f"store of {n:,} articles built in {secs:.1f} s ({path.stat().st_size / 2**20:.0f} MB)",
                      flush=True)
            for stage in per_store:
                res = run_stage(stage, path, args.limit, args.n_process)
                # forked children count the parent's pages they share: only extraction workers are reported
                workers = (f", largest worker {res['workers_peak_rss_mb']} MB"
                           if stage == "extract" and args.n_process > 1 else "")
                print(f"  {stage:<10} {n:>9,} articles in store: peak RSS {res['peak_rss_mb']} MB{workers}; "
                      f"{json.dumps({k: v for k, v in res.items() if 'rss' not in k and k != 'stage'})}",
                      flush=True)
                summary.append({"store": n, **res})
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
