#!/usr/bin/env python3
"""Sentiment model speed: load time, in-process sentences/s, and `sentiment classify` end to end.

    python benchmarks/bench_sentiment.py [--set fpb-allagree] [--n 2000] [--runs 5]

Reads the sentences from ../shared (via its scorer's set definitions); prints one JSON object.
Accuracy is measured with ../shared/eval/score_sentiment.py (see models/README.md).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared"))


def load_items(set_name: str, n: int) -> list[dict]:
    spec = importlib.util.spec_from_file_location("score_sentiment", SHARED / "eval" / "score_sentiment.py")
    if spec is None or spec.loader is None or not (SHARED / "eval" / "score_sentiment.py").is_file():
        sys.exit(f"../shared is absent ({SHARED}): nothing to benchmark on")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return [item for item, _ in mod.SETS[set_name]()][:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", default="fpb-allagree")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--model", default=None, help="model folder (default: models/sentiment)")
    args = ap.parse_args()

    from news_sentiment.nlp.sentiment import Classifier, default_model_dir

    model_dir = Path(args.model) if args.model else default_model_dir()
    loads = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        clf = Classifier.load(model_dir)
        loads.append(time.perf_counter() - t0)
    items = load_items(args.set, args.n)
    texts = [i["text"] for i in items]
    targets = [i.get("target") for i in items]
    clf.classify(texts[:64], targets[:64])  # warm-up
    speeds = []
    for _ in range(max(1, args.runs // 2)):
        t0 = time.perf_counter()
        clf.classify(texts, targets)
        speeds.append(len(texts) / (time.perf_counter() - t0))
    payload = "".join(json.dumps(i) + "\n" for i in items)
    env = dict(os.environ, SENTIMENT_MODEL_DIR=str(model_dir))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "news_sentiment", "classify"], input=payload, text=True,
                          capture_output=True, env=env, check=True)
    cli_secs = time.perf_counter() - t0
    assert len(proc.stdout.splitlines()) == len(items)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "news_sentiment", "classify", "--text", "x"], text=True,
                   capture_output=True, env=env, check=True)
    startup = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in model_dir.iterdir() if p.is_file())
    print(json.dumps({
        "model": clf.version, "model_dir": str(model_dir), "model_mb": round(size / 1e6, 1),
        "set": args.set, "items": len(items), "cpu_count": os.cpu_count(),
        "load_seconds_median": round(statistics.median(loads), 3), "load_seconds_max": round(max(loads), 3),
        "in_process_items_per_second": round(statistics.median(speeds), 1),
        "cli_items_per_second": round(len(items) / cli_secs, 1), "cli_one_text_seconds": round(startup, 2),
    }, indent=2))


if __name__ == "__main__":
    main()
