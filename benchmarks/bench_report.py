"""Weekly report generation for a week of 5,000 synthetic articles (plus a smaller previous week).

Synthetic rows go straight into the tables (articles, mentions, claims + checks, quotes, people,
article and entity sentiment, narratives); prices are the demo's synthetic closes. Timed: the
whole `build_report` (assembly + charts + HTML + Markdown written to disk), quote stance from article
sentiment (no model load).

    python benchmarks/bench_report.py [--articles 5000 --previous 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from news_sentiment.pipeline.prices import import_prices
from news_sentiment.demo import DEMO_DIR
from news_sentiment.nlp.kb import load_kb
from news_sentiment.reports import build_report
from news_sentiment.store.db import open_db
from news_sentiment.store.tx import transaction

WORDS = ("rally tariffs valuation stimulus earnings guidance chips cloud consumption yields dollar rotation "
         "policy support discount momentum selloff correction inflows outflows margins").split()


def populate(db, n_week: int, n_prev: int, rng: random.Random) -> None:  # noqa: ANN001
    kb = load_kb()
    ents = [e for e in kb.entities if e.kind in ("company", "index", "basket", "organization")][:60]
    now = "2025-03-10T00:00:00+00:00"
    with transaction(db):
        ent_ids = []
        for e in ents:
            ent_ids.append((db.execute("INSERT INTO entities (name, kind, ticker, kb_id) VALUES (?, ?, ?, ?)",
                                       [e.name, e.kind, e.ticker, e.id]).lastrowid, e))
        people = [db.execute("INSERT INTO people (name, title, firm) VALUES (?, ?, ?)",
                             [f"Person {i}", "chief strategist", f"Firm {i % 40}"]).lastrowid for i in range(300)]
        narr = [f"narrative-{i}" for i in range(10)]
        for i, nid in enumerate(narr):
            db.execute("INSERT INTO narratives (id, name, source, phrases, first_seen, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)", [nid, f"Narrative {i}", "config" if i < 6 else "discovered",
                                                    json.dumps(["tariffs", "stimulus", "rally"]), "2025-W02", now])
            for w in range(2, 11):
                db.execute("INSERT INTO narrative_weeks (narrative_id, week, articles, article_share, sentences, "
                           "sentence_share, sentiment, sentiment_n, entities, baskets, shift, shift_history) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [nid, f"2025-W{w:02d}", rng.randint(1, 500), rng.random() / 3, 10, 0.1,
                            rng.uniform(-1, 1), 10, "[]", json.dumps(["7 titans"]), rng.gauss(0, 2), w - 2])
        monday = datetime(2025, 3, 3, tzinfo=timezone.utc)
        total = n_week + n_prev
        for i in range(total):
            week_start = monday if i < n_week else monday - timedelta(days=7)
            pub = (week_start + timedelta(seconds=rng.randrange(7 * 86400))).replace(microsecond=0).isoformat()
            body = " ".join(rng.choice(WORDS) for _ in range(300)) + ". Tariffs and stimulus drove the rally."
            aid = db.execute(
                "INSERT INTO articles (url, title, published, fetched_at, text, text_method, language, word_count, "
                "content_hash, source) VALUES (?, ?, ?, ?, ?, 'import', 'en', 300, ?, ?)",
                [f"https://bench.example.com/{i}", f"Synthetic story {i}", pub, now, body, f"h{i}",
                 f"Source {i % 25}"]).lastrowid
            db.execute("INSERT INTO extractions (article_id, content_hash, extractor_version, processed_at) "
                       "VALUES (?, ?, 'bench', ?)", [aid, f"h{i}", now])
            chosen = rng.sample(ent_ids, 8)
            db.conn.executemany('INSERT INTO mentions (article_id, entity_id, field, text, start, "end", link, '
                                "extractor_version) VALUES (?, ?, 'text', ?, 0, 5, 'ruler', 'bench')",
                                [(aid, eid, e.name) for eid, e in chosen])
            p = rng.random()
            db.execute("INSERT INTO article_sentiment (article_id, model, label, negative, neutral, positive, sentences, scored_at) VALUES (?, 'bench-model', 'neutral', ?, ?, ?, 12, ?)",
                       [aid, (1 - p) / 2, 0.5 * p, (1 - p) / 2 + 0.5 * p * rng.random(), now])
            db.conn.executemany("INSERT INTO entity_sentiment (article_id, entity, model, label, negative, neutral, positive, sentences, target_absent, scored_at) VALUES (?, ?, 'bench-model', 'neutral', 0.3, 0.4, "
                                "0.3, 2, 0, ?)", [(aid, e.name, now) for _, e in chosen[:3]])
            pid = rng.choice(people)
            db.execute("INSERT INTO quotes (article_id, person_id, speaker, title, firm, text, field, start, \"end\", "
                       "extractor_version) VALUES (?, ?, ?, 'chief strategist', 'Firm', ?, 'text', 0, 10, 'bench')",
                       [aid, pid, f"Person {pid}", "The rally has room to run as policy support builds."])
            for k in range(3):
                eid, e = chosen[k]
                cid = db.execute(
                    "INSERT INTO claims (article_id, value, unit, comparator, direction, metric, subject, entity_id, "
                    "period_text, period_start, period_end, speaker, person_id, quote, field, start, \"end\", "
                    "published, extractor_version) VALUES (?, ?, 'percent', 'about', 'up', 'return', ?, ?, "
                    "'this year', '2025-01-01', ?, ?, ?, 'quote', 'text', 0, 5, ?, 'bench')",
                    [aid, round(rng.uniform(1, 40), 1), e.name, eid, pub[:10], f"Person {pid}" if k == 0 else None,
                     pid if k == 0 else None, pub]).lastrowid
                db.execute("INSERT INTO claim_checks (claim_id, status, actual, actual_unit, checked_at) "
                           "VALUES (?, ?, ?, 'percent', ?)",
                           [cid, rng.choice(["confirmed", "close", "contradicted", "unverifiable"]),
                            rng.uniform(-20, 40), now])
            for nid in rng.sample(narr, 2):
                db.execute("INSERT INTO article_narratives VALUES (?, ?, 2, ?)", [aid, nid, rng.random()])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--previous", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=6)
    args = ap.parse_args()
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        populate(db, args.articles, args.previous, random.Random(args.seed))
        import_prices(db, DEMO_DIR / "prices.csv")
        t1 = time.perf_counter()
        n = db.execute("SELECT COUNT(*), (SELECT COUNT(*) FROM mentions), (SELECT COUNT(*) FROM claims) "
                       "FROM articles").fetchone()
        print(f"setup: {n[0]:,} articles, {n[1]:,} mentions, {n[2]:,} claims in {t1 - t0:.1f}s")
        t2 = time.perf_counter()
        result = build_report(db, "2025-W10", out_dir=Path(tmp) / "reports", quote_scorer=None)
        t3 = time.perf_counter()
        rep = result.report
        print(f"report 2025-W10: {rep.coverage.articles:,} articles, {len(rep.markets)} markets rows, "
              f"{len(rep.narratives)} narratives, {len(rep.claims)} claims shown, {len(rep.strategists)} strategists, "
              f"files {', '.join(p.name for p in result.paths)}")
        print(f"build_report: {t3 - t2:.2f}s (bar: < 20 s); peak memory "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        db.close()


if __name__ == "__main__":
    main()
