"""The narratives run: embed new articles once, then compute each ISO week once, from the state the week before left,
and write it in one transaction; and the reads the CLI, API and reports make of the result.

A week is recomputed only when its fingerprint changes: its articles (ids and content hashes), their sentiment and
mentions, the narratives file, the trained heads, the encoder, the run's parameters, or the fingerprint of the week
before (so a change reaches every later week, whose discovery state depends on it). A new week therefore costs
the same however long the history is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import sqlite_utils

from news_sentiment.analysis.boilerplate import TemplateMemory
from news_sentiment.analysis.narrative_discovery import Tracked
from news_sentiment.analysis.narratives import SHIFT_WINDOW, WeekData, compute_week, iso_week
from news_sentiment.errors import ConfigError
from news_sentiment.narrative_config import default_narratives_path, load_narratives
from news_sentiment.nlp.encoder import Encoder, from_int8, get_encoder, to_int8
from news_sentiment.nlp.narrative_classifier import NarrativeClassifier, get_classifier, lead_text
from news_sentiment.nlp.narrative_model import Heads, NarrativeScorer, article_sentences, build_scorer, mean_vector
from news_sentiment.records import Narrative
from news_sentiment.store import narrative_weeks as weeks_store
from news_sentiment.store import narratives as store

log = logging.getLogger(__name__)

EMBED_PAGE = 200  # articles embedded and committed at a time
Progress = Callable[[str, int, int], None]  # (stage, done, total)


def embed_missing(db: sqlite_utils.Database, encoder: Encoder, classifier: NarrativeClassifier | None,
                  progress: Progress | None = None) -> int:
    """Embed (and classify) every non-duplicate article whose vectors are missing or stale; each page is committed."""
    version = classifier.version if classifier else ""
    total = weeks_store.count_to_embed(db, encoder.version, version)
    done = 0
    while batch := weeks_store.articles_to_embed(db, encoder.version, version, EMBED_PAGE):
        sents = [article_sentences(title, text) for _, title, text, _ in batch]
        V = encoder.encode([s for ss in sents for s in ss])
        P = classifier.predict([lead_text(ss) for ss in sents]) if classifier else None
        rows, lo = [], 0
        for k, ((aid, _, _, chash), ss) in enumerate(zip(batch, sents)):
            probs = json.dumps([round(float(x), 5) for x in P[k]]) if P is not None else None
            rows.append((aid, chash, encoder.version, len(ss), to_int8(V[lo:lo + len(ss)]), version or None, probs))
            lo += len(ss)
        weeks_store.write_embeddings(db, rows)
        done += len(batch)
        if progress:
            progress("embed", done, total)
    return done


def load_scorer(narratives: tuple[Narrative, ...], encoder: Encoder, heads: str | Path | None = None,
                classifier: NarrativeClassifier | None = None) -> NarrativeScorer:
    seeds = encoder.encode([s for n in narratives for s in n.seeds]) if any(n.seeds for n in narratives) else \
        np.zeros((0, encoder.config.dimensions), dtype=np.float32)
    cls = (classifier.config.labels, classifier.config.threshold, classifier.version) if classifier else None
    return build_scorer(narratives, seeds, Heads.load(heads), encoder.version, encoder.config.dimensions, cls)


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


@dataclass(frozen=True)
class NarrativeUpdate:
    """What :func:`update_narratives` did."""

    articles: int
    weeks: int
    narratives: int
    discovered: int
    rows: int
    skipped: bool  # nothing was recomputed
    seconds: float
    weeks_computed: int = 0
    embedded: int = 0


@dataclass(frozen=True)
class RunSetup:
    narratives: tuple[Narrative, ...]
    scorer: NarrativeScorer
    encoder: Encoder
    classifier: NarrativeClassifier | None
    base: str  # fingerprint of config, heads, encoder and parameters
    novelty_days: float
    discover: bool


def _setup(config: str | Path | None, heads: str | Path | None, novelty_days: float, discover: bool) -> RunSetup:
    path = Path(config) if config else default_narratives_path()
    narratives = load_narratives(path)
    encoder = get_encoder()
    classifier = get_classifier()
    scorer = load_scorer(narratives, encoder, heads, classifier)
    h = hashlib.sha256(path.read_bytes())
    h.update(json.dumps({"encoder": encoder.version, "novelty_days": novelty_days, "discover": discover,
                         "classifier": [classifier.version, scorer.class_threshold, str(scorer.backstop)]
                         if classifier else None,
                         "weights": scorer.weights.round(6).tolist(), "thresholds": scorer.thresholds.tolist(),
                         "rule": str(scorer.rule)}).encode())
    return RunSetup(narratives, scorer, encoder, classifier, h.hexdigest(), novelty_days, discover)


def _probs(rows: pd.DataFrame, classifier: NarrativeClassifier | None) -> np.ndarray | None:
    """The stored classifier probabilities of the current classifier (NaN rows for other or none)."""
    if classifier is None:
        return None
    k = len(classifier.config.labels)
    out = np.full((len(rows), k), np.nan, dtype=np.float32)
    for i, (ver, raw) in enumerate(zip(rows["classifier"], rows["probs"])):
        if ver == classifier.version and raw:
            out[i] = json.loads(raw)
    return out


def _week_data(db: sqlite_utils.Database, week: str, ids: list[int], index: pd.DataFrame,
               encoder: Encoder, classifier: NarrativeClassifier | None = None) -> WeekData:
    """One week's inputs from the store (articles without vectors are left out, with a warning)."""
    dims = encoder.config.dimensions
    rows = weeks_store.week_articles(db, ids, encoder.version)
    rows = rows.set_index("article_id").loc[ids].reset_index()
    missing = rows["vectors"].isna()
    if missing.any():
        log.warning("week %s: %d article(s) have no vectors yet and are left out", week, int(missing.sum()))
        rows = rows[~missing].reset_index(drop=True)
    sentences = [article_sentences(t, x) for t, x in zip(rows["title"], rows["text"])]
    vecs = [from_int8(b, dims) for b in rows["vectors"]]
    probs = _probs(rows, classifier)
    offsets = np.concatenate([[0], np.cumsum([len(v) for v in vecs])]).astype(np.int64)
    ts = pd.to_datetime(rows["published"], utc=True, format="ISO8601")
    arts = pd.DataFrame({"article_id": rows["article_id"].astype("int64"), "title": rows["title"],
                         "published": rows["published"], "feed": rows["feed"], "day": ts.dt.strftime("%Y-%m-%d")})
    ment = weeks_store.week_mentions(db, ids)
    start = ts.min() - pd.Timedelta(days=7) if len(ts) else None
    earlier = _earlier(db, index, start, ts.min(), encoder) if start is not None else (None, None, None)
    return WeekData(week, arts, sentences, np.vstack(vecs) if vecs else np.zeros((0, dims), dtype=np.float32),
                    offsets, weeks_store.week_sentiment(db, ids), None if ment is None else _attach_baskets(ment),
                    *earlier, probs=probs)


def _earlier(db: sqlite_utils.Database, index: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
             encoder: Encoder) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    """Mean vectors, ids and times of the articles published in [start, end): novelty's reference."""
    sel = index[(index["ts"] >= start) & (index["ts"] < end)]
    if sel.empty:
        return None, None, None
    rows = weeks_store.article_vectors(db, sel["article_id"].tolist(), encoder.version)
    if rows.empty:
        return None, None, None
    V = np.stack([mean_vector(from_int8(b, encoder.config.dimensions)) for b in rows["vectors"]])
    t = pd.to_datetime(rows["published"], utc=True, format="ISO8601").astype("int64").to_numpy() / 1e9
    return V, rows["article_id"].to_numpy(), t


def _compute(db: sqlite_utils.Database, setup: RunSetup, week: str, ids: list[int], index: pd.DataFrame,
             fp: str, state: tuple[list[Tracked], TemplateMemory]) -> tuple[list[Tracked], TemplateMemory, int]:
    data = _week_data(db, week, ids, index, setup.encoder, setup.classifier)
    prev = weeks_store.previous_rows(db, week, SHIFT_WINDOW)
    res = compute_week(data, setup.narratives, setup.scorer, state[0], state[1], prev,
                       novelty_days=setup.novelty_days, discover=setup.discover)
    registry = [t.as_json() for t in res.registry]
    touched = {str(n) for n in res.stats["narrative_id"]}
    weeks_store.write_week(db, weeks_store.WeekWrite(
        week, data.articles["article_id"].tolist(), res.stats, res.hits, res.evidence, res.novelty,
        [d for d in registry if d["id"] in touched or d["last_seen"] == week],
        weeks_store.WeekState(week, fp, registry, res.templates.as_json()), setup.novelty_days))
    log.info("week %s: %d articles, %d rows (%s)", week, len(ids), len(res.stats),
             ", ".join(f"{k} {v:.2f}s" for k, v in res.timings.items()))
    return res.registry, res.templates, len(res.stats)


def update_narratives(db: sqlite_utils.Database, config: str | Path | None = None, *, force: bool = False,
                      novelty_days: float = 7.0, discover: bool = True, heads: str | Path | None = None,
                      progress: Progress | None = None) -> NarrativeUpdate:
    """Embed new articles, then compute every week whose inputs changed (see the module docstring)."""
    t0 = time.perf_counter()
    setup = _setup(config, heads, novelty_days, discover)
    embedded = embed_missing(db, setup.encoder, setup.classifier, progress)
    index = weeks_store.article_index(db)
    index["ts"] = pd.to_datetime(index["published"], utc=True, format="ISO8601", errors="coerce")
    bad = index["ts"].isna()
    if bad.any():
        log.warning("%d article(s) have an unreadable publication time and are left out of narratives", int(bad.sum()))
        index = index[~bad]
    index["week"] = iso_week(index["published"])
    store.sync_configured(db, [(n.id, n.name, n.description, list(n.phrases)) for n in setup.narratives])
    weeks = sorted(index["week"].unique())
    weeks_store.forget_weeks_after(db, weeks)
    prev_fp, state, computed = "", ([], TemplateMemory()), 0
    for i, (week, grp) in enumerate(index.groupby("week", sort=True)):
        ids = grp["article_id"].astype(int).tolist()
        pairs = ",".join(f"{a}:{h}" for a, h in zip(ids, grp["content_hash"]))
        fp = hashlib.sha256(f"{setup.base}|{prev_fp}|{pairs}|{weeks_store.week_digest(db, ids)}".encode()).hexdigest()
        stored = weeks_store.week_state(db, week)
        if stored is not None and stored.fingerprint == fp and not force:
            state = ([Tracked.from_json(d) for d in stored.registry], TemplateMemory.from_json(stored.templates))
        else:
            registry, templates, _ = _compute(db, setup, week, ids, index, fp, state)
            state, computed = (registry, templates), computed + 1
        prev_fp = fp
        if progress:
            progress("weeks", i + 1, len(weeks))
    summary = store.narrative_summary(db)
    rows = int(db.execute("SELECT count(*) FROM narrative_weeks").fetchone()[0])
    return NarrativeUpdate(len(index), len(weeks), summary.narratives, summary.discovered, rows, computed == 0,
                           time.perf_counter() - t0, computed, embedded)


def narratives_report(db: sqlite_utils.Database, week: str | None = None, *, config: str | Path | None = None,
                      update: bool = True) -> tuple[NarrativeUpdate | None, pd.DataFrame]:
    """Bring stored narratives up to date (cheap when nothing changed), then the given week's rows
    (default: the latest week)."""
    upd = update_narratives(db, config) if update else None
    return upd, store.read_narrative_weeks(db, week or "latest")


def narrative_articles(db: sqlite_utils.Database, week: str | None = None, *, config: str | Path | None = None,
                       update: bool = True) -> tuple[NarrativeUpdate | None, pd.DataFrame]:
    """Each article of the week (default: latest) with its narratives, score and evidence sentences."""
    upd = update_narratives(db, config) if update else None
    return upd, store.read_article_narratives(db, week or "latest")
