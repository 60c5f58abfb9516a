"""Browsing with Datasette: metadata (titles, descriptions, canned queries) and the read-only command line.

The library builds the metadata and the command; the CLI launches it. The database is opened
immutable (``-i``): nothing the browser does can write to it. Because immutable mode ignores the WAL
file, :func:`prepare_serve` checkpoints the WAL into the main file first.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from news_sentiment.errors import SentimentError, StoreError

HOST = "127.0.0.1"
DEFAULT_PORT = 8001
INSTALL_HINT = 'Install it with `pip install "news-sentiment[serve]"` (or `pip install datasette`).'


class MissingDependencyError(SentimentError):
    """An optional dependency needed for this command is not installed."""


TABLES: dict[str, tuple[str, str]] = {
    "feeds": ("Feeds", "RSS/Atom feeds from feeds.yaml with their fetch state and counters."),
    "articles": ("Articles", "One row per article: canonical URL, source, UTC publication time, full text. "
                             "duplicate_of points near-duplicates at their original."),
    "article_sources": ("Article sightings", "Which feeds carried each article (syndicated copies fold here)."),
    "entities": ("Entities", "Companies, indices, baskets, organisations... linked to the knowledge base (kb_id)."),
    "mentions": ("Entity mentions", "Where each entity is mentioned: article, field, character offsets."),
    "people": ("People", "People quoted or named with a role: title, firm, first and last seen."),
    "quotes": ("Quotes", "Quoted speech with speaker, title and firm."),
    "article_people": ("People per article", "People named with a role in each article."),
    "claims": ("Numeric claims", "Numbers in articles: value, unit, comparator, direction, metric, subject, period "
                                 "and speaker, with the quoted sentence."),
    "extractions": ("Extraction runs", "Which articles were extracted with which extractor version."),
    "article_sentiment": ("Article sentiment", "Negative / neutral / positive probabilities per article and model."),
    "entity_sentiment": ("Entity sentiment", "Sentiment toward each entity in each article (targeted model)."),
    "prices": ("Daily closes", "Closing prices per ticker and exchange date (tickers upper case, no '^')."),
    "claim_checks": ("Claim checks", "Each price-move claim checked against stored prices: confirmed, close, "
                                     "contradicted (with the actual figure) or unverifiable (with the reason)."),
    "narratives": ("Narratives", "Configured and discovered storylines."),
    "narrative_weeks": ("Narrative weekly series", "Per narrative and ISO week: articles, share, sentiment, "
                                                  "baskets and shift score."),
    "article_narratives": ("Narratives per article", "Which narratives each article carries, with a score."),
    "article_novelty": ("Article novelty", "1 − similarity to the nearest earlier article in the window."),
}

QUERIES: dict[str, dict[str, Any]] = {
    "claims_by_entity": {
        "title": "Claims by entity",
        "description": "Numeric claims about an entity (name, ticker or subject as written), newest first, "
                       "with their check.",
        "requires": ("claims", "claim_checks"),
        "sql": """SELECT c.id, a.published, c.subject, c.metric, c.value, c.value_high, c.unit, c.comparator,
       c.direction, c.period_text, c.speaker, k.status, k.actual, k.actual_unit, k.reason, a.title, a.url
FROM claims c
JOIN articles a ON a.id = c.article_id
LEFT JOIN entities e ON e.id = c.entity_id
LEFT JOIN claim_checks k ON k.claim_id = c.id
WHERE lower(c.subject) = lower(:entity) OR lower(e.name) = lower(:entity) OR lower(e.ticker) = lower(:entity)
ORDER BY a.published DESC, c.id""",
    },
    "contradicted_claims": {
        "title": "Contradicted claims",
        "description": "Claims the stored prices contradict, with the actual figure.",
        "requires": ("claims", "claim_checks"),
        "sql": """SELECT a.published, c.subject, c.value, c.unit, c.comparator, c.direction, c.period_text,
       k.actual, k.actual_unit, k.base_date, k.end_date, k.coverage, c.speaker, c.quote, a.source, a.url
FROM claim_checks k
JOIN claims c ON c.id = k.claim_id
JOIN articles a ON a.id = c.article_id
WHERE k.status = 'contradicted'
ORDER BY a.published DESC""",
    },
    "strategist_ledger": {
        "title": "Strategist ledger",
        "description": "Everyone quoted or named with a role: quotes, and how their checkable calls fared.",
        "requires": ("people", "claims", "claim_checks"),
        "sql": """SELECT p.name, p.title, p.firm,
       (SELECT COUNT(*) FROM quotes q WHERE q.person_id = p.id) AS quotes,
       COUNT(k.claim_id) AS checked,
       COALESCE(SUM(k.status = 'confirmed'), 0) AS confirmed,
       COALESCE(SUM(k.status = 'close'), 0) AS close,
       COALESCE(SUM(k.status = 'contradicted'), 0) AS contradicted,
       COALESCE(SUM(k.status = 'unverifiable'), 0) AS unverifiable,
       p.first_seen, p.last_seen
FROM people p
LEFT JOIN claims c ON c.person_id = p.id OR (c.person_id IS NULL AND c.speaker = p.name)
LEFT JOIN claim_checks k ON k.claim_id = c.id
GROUP BY p.id
ORDER BY confirmed + close + contradicted DESC, quotes DESC, p.name""",
    },
    "narrative_weekly_series": {
        "title": "Narrative weekly series",
        "description": "A narrative's intensity, sentiment and shift week by week (leave empty for all).",
        "requires": ("narratives", "narrative_weeks"),
        "sql": """SELECT w.week, n.name, n.source, w.articles, round(100 * w.article_share, 2) AS article_share_pct,
       round(w.sentiment, 3) AS sentiment, round(w.shift, 2) AS shift, w.baskets
FROM narrative_weeks w
JOIN narratives n ON n.id = w.narrative_id
WHERE :narrative = '' OR lower(n.name) = lower(:narrative) OR n.id = :narrative
ORDER BY n.name, w.week""",
    },
}


def _tables(db_path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    finally:
        conn.close()


def serve_metadata(db_path: str | Path) -> dict[str, Any]:
    """Datasette metadata for the store: table titles/descriptions and the canned queries its tables support."""
    db_path = Path(db_path)
    present = _tables(db_path)
    tables = {name: {"title": title, "description": desc} for name, (title, desc) in TABLES.items() if name in present}
    queries = {name: {k: v for k, v in q.items() if k != "requires"} for name, q in QUERIES.items()
               if all(t in present for t in q["requires"])}
    return {
        "title": "news-sentiment",
        "description": "Articles, extracted claims and quotes, sentiment, prices, claim checks and narratives "
                       "(read-only).",
        "databases": {db_path.stem: {"tables": tables, "queries": queries}},
    }


@dataclass(frozen=True)
class ServePlan:
    """The command that serves the database, and the metadata file it reads."""

    command: list[str]
    metadata_path: Path
    url: str


def datasette_available() -> bool:
    return importlib.util.find_spec("datasette") is not None


def prepare_serve(db_path: str | Path, metadata_dir: str | Path, *, port: int = DEFAULT_PORT,
                  check_installed: bool = True) -> ServePlan:
    """Checkpoint the WAL, write the metadata JSON into ``metadata_dir`` and return the Datasette command line:
    read-only (``-i``, immutable) and bound to 127.0.0.1."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise StoreError(f"no database at {db_path}", hint="Run `sentiment ingest` (or `sentiment demo`) first, "
                                                         "or pass --db PATH.")
    if check_installed and not datasette_available():
        raise MissingDependencyError("Datasette is not installed", hint=INSTALL_HINT)
    try:
        conn = sqlite3.connect(db_path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read {db_path}: {exc}", hint="Check the file, or pass --db PATH.") from None
    meta = Path(metadata_dir) / "datasette-metadata.json"
    meta.write_text(json.dumps(serve_metadata(db_path), indent=2), encoding="utf-8")
    command = [sys.executable, "-m", "datasette", "serve", "-i", str(db_path), "--host", HOST, "--port", str(port),
               "--metadata", str(meta), "--setting", "sql_time_limit_ms", "5000"]
    return ServePlan(command=command, metadata_path=meta, url=f"http://{HOST}:{port}/{db_path.stem}")
