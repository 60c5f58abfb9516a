#!/usr/bin/env python3
"""Extraction throughput over stored articles: words/s and peak memory of `run_extraction`.

    python benchmarks/bench_extract.py [--words 60000] [--n-process 2] [--batch-size 16]
    python benchmarks/bench_extract.py --workers 1 2 [--words 60000]


Builds a temporary store of article-sized texts (sentences from ../shared's Financial PhraseBank,
read in place, evaluation only; a built-in synthetic article when ../shared is absent), runs the
extractor over it as `sentiment extract` does, and prints one JSON object. Bar: >= 4,000 words/s on
2 cores, peak RSS < 1.5 GB.

With ``--workers``: the same store extracted through `sentiment extract --workers N` (a local Dask
cluster, pipeline.cluster) for each N in turn, in this one run; each worker's model is loaded before the clock
starts, so the figures are throughput, and the ratio to the first N is printed. Bar (issue 13): 2 workers >=
1.7x 1 worker on 2 idle cores. Needs the [cluster] extra.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT / "src"))

SYNTHETIC = (
    "Shares of Alibaba Group Holding Ltd. rose 4.2% on Friday, taking this week's gain to about 11%. "
    "The Hang Seng Tech Index has climbed more than 30% this year, while the Nasdaq 100 Index fell 3%. "
    "“Valuations remain attractive at 12 times forward earnings,” said Jane Roe, chief strategist at "
    "Example Capital. Tencent Holdings Ltd. reported net profit of 51.3 billion yuan for the fourth quarter, "
    "up 90% from a year earlier, and plans to cut 1,200 jobs. "
)


def sentences(n_words: int) -> tuple[list[str], str]:
    path = SHARED / "data" / "financial_phrasebank" / "Sentences_50Agree.txt"
    if not path.is_file():
        reps = n_words // len(SYNTHETIC.split()) + 1
        return [SYNTHETIC] * reps, "synthetic"
    out, words = [], 0
    for line in path.read_text(encoding="latin-1").splitlines():
        text = line.rsplit("@", 1)[0].strip()
        if text:
            out.append(text)
            words += len(text.split())
            if words >= n_words:
                break
    return out, "financial_phrasebank/Sentences_50Agree.txt"


def build_store(path: Path, texts: list[str], words_per_article: int = 400) -> tuple[int, int]:
    from news_sentiment.store.db import open_db

    db = open_db(path)
    article, count, n_articles, total = [], 0, 0, 0
    rows = []
    for t in texts:
        article.append(t)
        count += len(t.split())
        if count >= words_per_article:
            rows.append(" ".join(article))
            article, count = [], 0
    if article:
        rows.append(" ".join(article))
    db.execute("BEGIN")
    for i, text in enumerate(rows):
        db.execute(
            "INSERT INTO articles (url, title, published, fetched_at, text, text_method, content_hash, word_count) "
            "VALUES (?, ?, '2025-03-07T00:00:00+00:00', '2025-03-07T00:00:00+00:00', ?, 'import', ?, ?)",
            [f"urn:bench:{i}", f"Bench article {i}", text, f"bench-{i}", len(text.split())])
        n_articles += 1
        total += len(text.split())
    db.execute("COMMIT")
    db.close()
    return n_articles, total


def cpu_seconds() -> float:
    """User + system CPU time of this process and its (finished) workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def spacy_anchor(texts: list[str], n_process: int, batch_size: int) -> float:
    """Seconds spaCy's own pipeline (the same model, nothing of ours) takes over the same article texts with the
    same processes and batch size: the anchor the extractor's speed is compared with in the same run."""
    import spacy

    from news_sentiment.nlp.pipeline import MODELS

    nlp = spacy.load(MODELS[0])  # the model as shipped, all its components
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - t0


def article_texts(db_path: Path) -> list[str]:
    from news_sentiment.store.db import open_db

    db = open_db(db_path)
    try:
        return [r[0] + "\n\n" + r[1] for r in db.execute("SELECT title, text FROM articles ORDER BY id")]
    finally:
        db.close()


def worker_cpu_seconds(client) -> float:
    """User + system CPU time of every worker process of ``client``'s cluster so far."""
    def used() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    return sum(client.run(used).values())


@contextmanager
def timed(module, name: str):
    """Seconds spent in ``module.name`` while the block runs (a one-item list, filled as it goes)."""
    spent = [0.0]
    real = getattr(module, name)

    def wrapper(*a, **k):
        t = time.perf_counter()
        try:
            return real(*a, **k)
        finally:
            spent[0] += time.perf_counter() - t

    setattr(module, name, wrapper)
    try:
        yield spent
    finally:
        setattr(module, name, real)


def cluster_run(db_path: Path, n_workers: int, batch_size: int, batch: int) -> dict:
    """One `extract --workers N` run over the store at ``db_path``: models loaded first, then the clock."""
    from news_sentiment.pipeline.cluster import (ClusterOptions, ClusterSession, ExtractorSpec, extract_on_cluster,
                                                 load_everywhere)
    from news_sentiment.pipeline import extract as extract_run
    from news_sentiment.store.db import open_db

    spec = ExtractorSpec(batch_size=batch_size)
    with ClusterSession(ClusterOptions(workers=n_workers)) as session:
        client = session.client()
        t0 = time.perf_counter()
        load_everywhere(client, spec)
        load_s = time.perf_counter() - t0
        db = open_db(db_path)
        cpu0, load0 = worker_cpu_seconds(client), os.getloadavg()[0]
        with timed(extract_run, "write_extracted") as writes:
            report = extract_on_cluster(db, client, spec, batch=batch)
        cpu = worker_cpu_seconds(client) - cpu0
        db.close()
    return {"workers": n_workers, "model_load_s": round(load_s, 1), "extract_s": round(report.seconds, 2),
            "words_per_s": round(report.words / report.seconds), "worker_cpu_s": round(cpu, 1),
            "words_per_worker_cpu_s": round(report.words / cpu), "articles": report.articles,
            "claims": report.claims, "mentions": report.mentions, "client_write_s": round(writes[0], 2),
            "load_avg_1m_before": round(load0, 2)}


def cluster_main(args: argparse.Namespace) -> None:
    import shutil

    texts, source = sentences(args.words)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "bench.db"
        n_articles, n_words = build_store(base, texts)
        for n in args.workers:
            copy = Path(tmp) / f"bench-{n}.db"
            shutil.copy(base, copy)
            runs.append(cluster_run(copy, n, args.batch_size, args.articles_per_task))
    first = runs[0]["words_per_s"]
    for r in runs:
        r["ratio_to_first"] = round(r["words_per_s"] / first, 3)
    print(json.dumps({"corpus": source, "articles": n_articles, "words": n_words, "cpus": os.cpu_count(),
                      "batch_size": args.batch_size, "articles_per_task": args.articles_per_task,
                      "runs": runs}, indent=2))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=60_000, help="approximate words in the corpus")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--workers", type=int, nargs="+", default=None,
                    help="extract on local Dask clusters of these sizes instead (e.g. --workers 1 2)")
    ap.add_argument("--articles-per-task", type=int, default=10,
                    help="with --workers: articles per Dask task (the CLI sends 50; a small corpus needs fewer)")
    args = ap.parse_args()
    if args.workers:
        cluster_main(args)
        return

    from news_sentiment.nlp.extract import Extractor
    from news_sentiment.store.db import open_db
    from news_sentiment.pipeline.extract import run_extraction

    texts, source = sentences(args.words)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        n_articles, n_words = build_store(db_path, texts)
        t0 = time.perf_counter()
        extractor = Extractor.create(batch_size=args.batch_size, n_process=args.n_process)
        load_s = time.perf_counter() - t0
        db = open_db(db_path)
        t1 = time.perf_counter()
        c1 = cpu_seconds()
        report = run_extraction(db, extractor)
        secs = time.perf_counter() - t1
        cpu = cpu_seconds() - c1
        rerun = run_extraction(db, extractor)
        own, children = peak_rss_mb()
        anchor_s = spacy_anchor(article_texts(db_path), args.n_process, args.batch_size)
    print(json.dumps({
        "corpus": source, "articles": n_articles, "words": n_words, "n_process": args.n_process,
        "batch_size": args.batch_size, "cpus": os.cpu_count(), "model_load_s": round(load_s, 2),
        "extract_s": round(secs, 2), "words_per_s": round(n_words / secs), "cpu_s": round(cpu, 2),
        "words_per_cpu_s": round(n_words / cpu),
        # what 2 dedicated cores would give when the machine is shared (load average > cores)
        "projected_words_per_s_2_cores": round(2 * n_words / cpu), "load_avg_1m": round(os.getloadavg()[0], 2), "claims": report.claims,
        "mentions": report.mentions, "quotes": report.quotes, "rerun_articles": rerun.articles,
        "rerun_s": round(rerun.seconds, 3), "peak_rss_mb_main": round(own), "peak_rss_mb_worker_max": round(children),
        # the same texts through spaCy's own pipeline in this run: ours / theirs in words per second
        "spacy_pipeline_words_per_s": round(n_words / anchor_s), "ratio_to_spacy": round(anchor_s / secs, 3),
    }, indent=2))


if __name__ == "__main__":
    main()
