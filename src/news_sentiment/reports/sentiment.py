"""Sentiment section: net sentiment (positive − negative) by basket and by top entity, this week vs last."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence

import pandas as pd
import sqlite_utils

from news_sentiment.nlp.kb import KnowledgeBase
from news_sentiment.reports.records import SentimentRow, Week
from news_sentiment.reports.weeks import bounds
from news_sentiment.store.read_report import latest_article_model, mention_sentiment

log = logging.getLogger(__name__)

QuoteScorer = Callable[[Sequence[str]], list[float]]  # texts → net sentiment each (-1..1)
ENTITY_KINDS = ("company", "index", "basket", "product", "commodity")


def latest_model(db: sqlite_utils.Database) -> str | None:
    """The sentiment model that scored most recently (None when nothing is scored)."""
    return latest_article_model(db)


def window_frame(db: sqlite_utils.Database, model: str, week: Week) -> pd.DataFrame:
    """One row per (article, entity) in the week: the entity-level score where it exists, else the article's."""
    frame = mention_sentiment(db, model, *bounds(week))
    if frame.empty:
        return frame.assign(net=pd.Series(dtype=float))
    use_entity = frame["ent_net"].notna() & (frame["target_absent"].fillna(0) == 0)
    frame["net"] = frame["ent_net"].where(use_entity, frame["art_net"]).astype(float)
    return frame


def _score(frame: pd.DataFrame, names: set[str]) -> tuple[float | None, int]:
    """Mean over articles of the mean net score of the named entities in each article."""
    if frame.empty:
        return None, 0
    sub = frame[frame["entity"].isin(names)]
    if sub.empty:
        return None, 0
    per_article = sub.groupby("article_id")["net"].mean()
    return float(per_article.mean()), int(len(per_article))


NAMED = "articles naming it"


def basket_sentiment(this: pd.DataFrame, last: pd.DataFrame, kb: KnowledgeBase) -> tuple[SentimentRow, ...]:
    """Each KB basket: articles that name it or any of its members."""
    rows = []
    for ent in kb.of_kind("basket"):
        names = {ent.name}
        for member in ent.members:
            found = kb.lookup(member)
            names.add(found.name if found else member)
        now, n_now = _score(this, names)
        before, n_before = _score(last, names)
        if n_now or n_before:
            counts = f"articles naming it or any of its {len(ent.members)} members"
            rows.append(SentimentRow(ent.name, "basket", counts, now, before, n_now, n_before))
    return tuple(sorted(rows, key=lambda r: (-r.articles, r.name)))


def entity_sentiment(this: pd.DataFrame, last: pd.DataFrame, top: int = 8,
                     exclude: Collection[str] = ()) -> tuple[SentimentRow, ...]:
    """The most-mentioned entities of the week (companies, indices, baskets, products), each once.

    Names in ``exclude`` (the baskets already given a basket-or-member row) are left out, so no entity
    appears twice under the same label.
    """
    if this.empty:
        return ()
    sub = this[this["kind"].isin(ENTITY_KINDS) & ~this["entity"].isin(list(exclude))]
    counts = sub.groupby(["entity", "kind"])["article_id"].nunique().sort_values(ascending=False)
    rows = []
    for (name, kind), _ in counts.head(top).items():
        now, n_now = _score(this, {name})
        before, n_before = _score(last, {name})
        rows.append(SentimentRow(str(name), str(kind), NAMED, now, before, n_now, n_before))
    return tuple(sorted(rows, key=lambda r: (-r.articles, r.name)))


def label_of(net: float | None, threshold: float = 0.15) -> str | None:
    """Net score → positive / neutral / negative."""
    if net is None:
        return None
    return "positive" if net > threshold else "negative" if net < -threshold else "neutral"


def classifier_scorer(model_dir: str | None = None) -> QuoteScorer:
    """A QuoteScorer from the shipped sentiment model.

    Raises ModelError when the model files are missing or corrupt, ImportError when its runtime
    (onnxruntime, tokenizers) is not installed; the caller decides whether that is fatal.
    """
    from news_sentiment.nlp.sentiment import get_classifier

    clf = get_classifier(model_dir)

    def score(texts: Sequence[str]) -> list[float]:
        return [p.scores["positive"] - p.scores["negative"] for p in clf.classify(list(texts))]

    score.version = clf.version  # type: ignore[attr-defined]
    return score
