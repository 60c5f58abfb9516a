"""The narratives run: read articles, sentiment and mentions from the store, run the (pure) narrative
analysis, write the weekly series (idempotent, one transaction); and the report's read of them."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import sqlite_utils

from news_sentiment.analysis.narratives import (
    Discovered,
    NarrativeRun,
    SentenceRows,
    iso_week,
    label_terms,
    run_narratives,
)
from news_sentiment.errors import ConfigError
from news_sentiment.narrative_config import default_narratives_path, load_narratives
from news_sentiment.records import Narrative
from news_sentiment.store import narratives as store

log = logging.getLogger(__name__)


@dataclass
class NarrativeInputs:
    """What a narrative run reads from the store. ``articles`` has article_id and published only; the
    texts are already in ``sentences`` (:func:`~news_sentiment.analysis.narratives.sentence_frame`)."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    sentiment: pd.DataFrame | None
    mentions: pd.DataFrame | None


def read_articles(db: sqlite_utils.Database, page: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles (not duplicates) in (published, id) order — article_id and published — and their
    sentence rows. Read ``page`` articles at a time (:func:`news_sentiment.store.narratives.article_pages`),
    so the store's texts are never all in memory next to their sentences."""
    ids: list[int] = []
    published: list[str] = []
    rows = SentenceRows()
    for batch in store.article_pages(db, page):
        p_ids = [r[0] for r in batch]
        p_pub = [r[3] for r in batch]
        rows.add(p_ids, [r[1] or "" for r in batch], [r[2] or "" for r in batch], iso_week(pd.Series(p_pub)))
        ids += p_ids
        published += p_pub
        del batch
    arts = pd.DataFrame({"article_id": pd.Series(ids, dtype="int64"), "published": pd.Series(published, dtype=object)})
    return arts, rows.frame()


def read_inputs(db: sqlite_utils.Database, page: int | None = None) -> NarrativeInputs:
    """Articles and their sentences (:func:`read_articles`), article sentiment (positive - negative, the
    model with most rows) and entity mentions (entity name, plus basket names via the knowledge base) —
    the last two None when absent."""
    arts, sents = read_articles(db, page)
    ments = store.article_entities(db)
    return NarrativeInputs(arts, sents, store.article_sentiment(db), None if ments is None else _attach_baskets(ments))


def _attach_baskets(ments: pd.DataFrame) -> pd.DataFrame:
    """Add a ``basket`` column: the basket itself, or each KB basket the mentioned company belongs to."""
    try:
        from news_sentiment.nlp.kb import load_kb

        kb = load_kb()
    except ConfigError as exc:  # a missing or broken KB only loses basket attachment
        log.warning("no knowledge base for basket attachment: %s", exc)
        return ments.assign(basket=np.where(ments["kind"] == "basket", ments["entity"], None))
    member_of: list[tuple[str, str]] = []
    for b in kb.of_kind("basket"):
        for m in b.members:
            ent = kb.lookup(m)
            if ent is not None:
                member_of.append((ent.id, b.name))
    links = pd.DataFrame(member_of, columns=["kb_id", "basket"], dtype=object)
    is_basket = ments["kind"] == "basket"
    own = ments.loc[is_basket, ["article_id", "entity"]].assign(basket=ments.loc[is_basket, "entity"])
    rest = ments.loc[~is_basket, ["article_id", "entity", "kb_id"]]
    rest = rest.merge(links, on="kb_id", how="left").drop(columns="kb_id")
    out = pd.concat([own, rest], ignore_index=True)
    out["basket"] = out["basket"].astype(object).where(out["basket"].notna(), None)
    return out[["article_id", "entity", "basket"]]


def read_registry(db: sqlite_utils.Database) -> list[Discovered]:
    """Discovered narratives stored by earlier runs (their ids persist)."""
    return [Discovered(*row) for row in store.discovered_rows(db)]


@dataclass(frozen=True)
class NarrativeUpdate:
    """What :func:`update_narratives` did."""

    articles: int
    weeks: int
    narratives: int
    discovered: int
    rows: int
    skipped: bool  # inputs unchanged since the last run
    seconds: float


def _write(db: sqlite_utils.Database, narratives: tuple[Narrative, ...], run: NarrativeRun | None,
           novelty_days: float, fp: str) -> None:
    first = run.stats[run.stats["articles"] > 0].groupby("narrative_id")["week"].min() if run else {}
    configured = [(n.id, n.name, n.description, list(n.phrases), first.get(n.id)) for n in narratives]
    discovered = [(d.id, d.label, label_terms(d.terms, 5), d.terms, d.first_seen, d.last_seen)
                  for d in (run.registry if run is not None else ())]
    series = (run.stats, run.hits, run.novelty) if run is not None else None
    store.write_narratives(db, configured=configured, discovered=discovered, series=series,
                           novelty_days=novelty_days, fingerprint=fp)


def update_narratives(db: sqlite_utils.Database, config: str | Path | None = None, *, force: bool = False,
                      novelty_days: float = 7.0, discover: bool = True) -> NarrativeUpdate:
    """Recompute narratives from the stored articles and write them (one transaction, idempotent).

    Skips the work when articles, sentiment, mentions and the config are unchanged since the last run
    (``force`` recomputes). Discovered narratives keep their stored ids.
    """
    t0 = time.perf_counter()
    path = Path(config) if config else default_narratives_path()
    narratives = load_narratives(path)
    params = json.dumps({"novelty_days": novelty_days, "discover": discover})
    fp = store.fingerprint(db, path.read_bytes(), params)
    if store.stored_fingerprint(db) == fp and not force:
        rows, weeks, n_narratives, n_discovered = store.stored_counts(db)
        return NarrativeUpdate(0, weeks, n_narratives, n_discovered, rows, True, time.perf_counter() - t0)
    inputs = read_inputs(db)
    arts = inputs.articles
    run = run_narratives(arts, narratives, known=read_registry(db), sentiment=inputs.sentiment,
                         mentions=inputs.mentions, novelty_days=novelty_days, discover=discover,
                         sentence_table=inputs.sentences) if not arts.empty else None
    del inputs
    _write(db, narratives, run, novelty_days, fp)
    rows = 0 if run is None else len(run.stats)
    weeks = 0 if run is None else run.stats["week"].nunique()
    disc = 0 if run is None else len(run.registry)
    return NarrativeUpdate(len(arts), weeks, len(narratives) + disc, disc, rows, False, time.perf_counter() - t0)


def narratives_report(db: sqlite_utils.Database, week: str | None = None, *, config: str | Path | None = None,
                      update: bool = True) -> tuple[NarrativeUpdate | None, pd.DataFrame]:
    """Bring stored narratives up to date (cheap when nothing changed), then the given week's rows
    (default: the latest week)."""
    upd = update_narratives(db, config) if update else None
    return upd, store.read_narrative_weeks(db, week or "latest")
