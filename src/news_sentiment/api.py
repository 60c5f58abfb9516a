"""The public Python API: a store's contents as pandas DataFrames.

    >>> from news_sentiment import Store
    >>> s = Store("sentiment.db")                      # doctest: +SKIP
    >>> s.claims(entity="Nvidia", metric="return")     # doctest: +SKIP

Every method runs the same query as its CLI twin (``articles``, ``claims``, ``entities``, ``strategists``,
``scores``, ``signals``, ``link --entity``, ``prices list``, ``narratives --no-update``) and returns its rows as a DataFrame. Conventions (see
docs/api.md): times are tz-aware UTC ``datetime64`` columns; trading days are naive ``datetime64`` dates;
a claim's value is in its ``unit`` (percent: 10.0 means 10 %); shares and probabilities are fractions 0..1;
sentiment ``score`` is positive minus negative probability (-1..1); a missing value is NaN/NaT/None.
The store is opened read-only; :meth:`Store.check_claims` is the one method that writes (it stores checks).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from news_sentiment.store.db import OpenMode, open_db

_TIMES = ("published", "fetched_at", "first_seen", "last_seen", "scored_at", "checked_at")
_DAYS = ("date", "period_start", "period_end", "base_date", "end_date", "as_of")
Day = date | datetime | str


def frame(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """Rows as a DataFrame with exactly ``columns`` (in order, even when empty): times parsed as tz-aware UTC,
    trading days as dates (``datetime64``), missing values as NaN/NaT."""
    df = pd.DataFrame.from_records(list(rows), columns=list(columns))
    for col in df.columns:
        if col in _TIMES:
            df[col] = pd.to_datetime(df[col], utc=True, format="ISO8601")
        elif col in _DAYS:
            df[col] = pd.to_datetime(df[col], format="ISO8601")
    return df


def _datetime(value: Day | None, *, end: bool = False) -> datetime | None:
    from news_sentiment.store.read import day_bound

    if value is None:
        return None
    if isinstance(value, str):
        from news_sentiment.errors import InputError

        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise InputError(f"not a date: {value!r}", hint="Use YYYY-MM-DD or an ISO 8601 time.") from None
    return day_bound(value, end=end)


@dataclass
class Store:
    """A news-sentiment store (SQLite file), read as DataFrames. ``Store()`` opens ``$SENTIMENT_DB`` or
    ``./sentiment.db``; a missing file raises ``StoreError`` naming the databases nearby."""

    path: str | Path | None = None

    def __post_init__(self) -> None:
        self._db = open_db(self.path, mode=OpenMode.READ)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def articles(self, *, since: Day | None = None, until: Day | None = None, feed: str | None = None,
                 search: str | None = None, limit: int | None = None, with_text: bool = False,
                 include_duplicates: bool = False) -> pd.DataFrame:
        """Articles newest first (with ``search``, best match first; syntax as `sentiment articles --search`)."""
        from news_sentiment.store.read import ARTICLE_COLUMNS, ArticleQuery, list_articles

        query = ArticleQuery(_datetime(since), _datetime(until, end=True), feed, search, limit, include_duplicates,
                             with_text)
        cols = [c for c in ARTICLE_COLUMNS if with_text or c not in ("text", "summary")]
        return frame(list_articles(self._db, query), cols)

    def claims(self, *, entity: str | None = None, metric: str | None = None, modality: str | None = None,
               speaker: str | None = None, status: str | None = None, article: int | None = None,
               since: Day | None = None, until: Day | None = None, limit: int | None = None) -> pd.DataFrame:
        """Numeric claims newest first, filtered as `sentiment claims`; ``status`` and ``check_status`` are the
        claim's last stored check (run :meth:`check_claims` to check against prices first)."""
        from news_sentiment.pipeline.claims import list_claims

        rows = list_claims(self._db, entity=entity, metric=metric, modality=modality, speaker=speaker,
                           status=status, article=article, since=since, until=until, limit=limit)
        return frame(rows, _columns(rows, CLAIM_FRAME_COLUMNS))

    def check_claims(self, *, as_of: date | None = None, **filters: Any) -> pd.DataFrame:
        """Check claims against stored prices (the CLI's ``claims --check``), store the results, return the
        claims with ``status``, ``actual`` (in ``actual_unit``), ``base_date``, ``end_date``, ``coverage``,
        ``reason`` and ``as_of``. Filters as :meth:`claims`."""
        from news_sentiment.analysis.checks import CHECK_COLUMNS
        from news_sentiment.pipeline.claims import claims_with_checks

        db = open_db(self.path, mode=OpenMode.WRITE)
        try:
            rows = claims_with_checks(db, as_of=as_of, **filters)
        finally:
            db.close()
        for row in rows:  # the status stored before this check; ``status`` is the new one
            row.pop("check_status", None)
        first = [c for c in CLAIM_FRAME_COLUMNS if c != "check_status"] + list(CHECK_COLUMNS)
        return frame(rows, _columns(rows, first))

    def entities(self, *, kind: str | None = None, since: Day | None = None, until: Day | None = None,
                 search: str | None = None, limit: int | None = None) -> pd.DataFrame:
        """Entities by mentions (within the period): name, kind, ticker, mentions, articles, mean link
        confidence, last seen; ``search`` matches part of the name or ticker."""
        from news_sentiment.store.extraction import ENTITY_COLUMNS, EntityQuery, list_entities

        return frame(list_entities(self._db, EntityQuery(kind, since, until, search, limit)), ENTITY_COLUMNS)

    def strategists(self, *, firm: str | None = None, since: Day | None = None,
                    until: Day | None = None) -> pd.DataFrame:
        """People quoted or named with a role: title, firm, quotes, articles, stance (-1..1), their calls to
        date by last stored check (confirmed, missed, pending), first and last seen."""
        from news_sentiment.store.extraction import STRATEGIST_COLUMNS, StrategistQuery, list_strategists

        return frame(list_strategists(self._db, StrategistQuery(firm, since, until)), STRATEGIST_COLUMNS)

    def sentiment(self, *, entity: str | None = None, model: str | None = None, since: Day | None = None,
                  until: Day | None = None, article: int | None = None, freq: str | None = None) -> pd.DataFrame:
        """Article sentiment, or sentiment toward ``entity`` (name, alias or ticker), one row per article and
        model. With ``freq`` ("D", "W", ...): one row per period and model, the mean ``score`` weighted by each
        article's confidence (its largest probability), with ``articles`` counted."""
        from news_sentiment.store.read import SENTIMENT_COLUMNS, SentimentQuery, list_sentiment

        names = None
        if entity is not None:
            from news_sentiment.nlp.kb import lookup_kb
            from news_sentiment.store.extraction import resolve_entity

            names = tuple(resolve_entity(self._db, entity, kb=lookup_kb(entity))[1])
        query = SentimentQuery(names, model, _datetime(since), _datetime(until, end=True), article)
        df = frame(list_sentiment(self._db, query), SENTIMENT_COLUMNS)
        return df if freq is None else per_period(df, freq)

    def signals(self, entity: str, *, freq: str = "D", since: Day | None = None, until: Day | None = None,
                model: str | None = None) -> pd.DataFrame:
        """Entity signals per period (``freq`` "D" or "W"; UTC days, weeks from Monday): ``sentiment`` (-1..1,
        confidence-weighted mean over the ``scored`` articles), buzz (``mentions``, ``articles``, ``sources``),
        ``novelty`` and ``relevance`` (0..1); definitions in ``news_sentiment.analysis.signals``."""
        from news_sentiment.pipeline.signals import signals

        return signals(self._db, entity, freq, since=_datetime(since), until=_datetime(until, end=True), model=model)

    def link(self, entity: str, *, benchmark: str | None = None, max_lag: int = 5, threshold: float = 2.0,
             seed: int = 0, since: Day | None = None, until: Day | None = None) -> Any:
        """Does sentiment toward ``entity`` lead its own daily returns? An ``EntityLink``: ``ic`` (Spearman IC
        at lags 0..max_lag sessions with block-bootstrap CIs), ``events`` (sentiment shocks |z| >= ``threshold``,
        market model against ``benchmark``, signed CAR over sessions 0..5), ``panel`` (per session), ``thin``
        (empty, or why the data cannot conclude) and ``messages``."""
        from news_sentiment.analysis.signals import LinkOptions
        from news_sentiment.pipeline.signals import link

        return link(self._db, entity, benchmark=benchmark, since=_datetime(since), until=_datetime(until, end=True),
                    options=LinkOptions(max_lag=max_lag, seed=seed, threshold=threshold))

    def prices(self, tickers: str | Sequence[str] = (), *, since: Day | None = None,
               until: Day | None = None) -> pd.DataFrame:
        """Stored daily closes, long format (ticker, date, close, currency, source)."""
        from news_sentiment.store.read import PRICE_COLUMNS, list_prices

        wanted = (tickers,) if isinstance(tickers, str) else tuple(tickers)
        return frame(list_prices(self._db, wanted, _datetime(since), _datetime(until)), PRICE_COLUMNS)

    def narratives(self, *, week: str | None = None, narrative: str | None = None) -> pd.DataFrame:
        """Stored weekly narrative statistics (every week, or one ISO week like "2025-W10"): shares 0..1 with their
        95 % interval (share_low, share_high), status, sentiment -1..1, shift the z of a two-proportion test
        (shift_p, shift_test). Run `sentiment narratives` (or `update`) to recompute."""
        from news_sentiment.store.narratives import read_narrative_weeks

        return read_narrative_weeks(self._db, week, narrative)

    def narrative_articles(self, *, week: str = "latest") -> pd.DataFrame:
        """The week's articles with their narratives (``sentiment narratives --articles``): one row per (article,
        narrative) with its score and ``evidence``, a list of {sentence_no, sentence, similarity}."""
        from news_sentiment.store.narratives import read_article_narratives

        return read_article_narratives(self._db, week)


CLAIM_FRAME_COLUMNS = ("id", "article_id", "published", "subject", "subject_entity", "subject_id", "metric",
                       "value", "value_high", "unit", "currency", "comparator", "direction", "period_text",
                       "period_start", "period_end", "modality", "speaker", "quote", "field", "start", "end",
                       "article_title", "url", "check_status")


def _columns(rows: list[dict[str, Any]], first: Sequence[str]) -> list[str]:
    """``first``, then any further keys the rows carry (in their order)."""
    extra = [k for k in (rows[0] if rows else {}) if k not in first]
    return [*first, *extra]


def per_period(df: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Pure: per-article sentiment rows → one row per (period start, model[, entity]): confidence-weighted mean
    score, mean probabilities, article count."""
    keys = ["model", "entity"] if df["entity"].notna().any() else ["model"]
    out_cols = ["period", *keys, "score", "negative", "neutral", "positive", "articles"]
    if df.empty:
        return pd.DataFrame(columns=out_cols)
    work = df.assign(weight=df[["negative", "neutral", "positive"]].max(axis=1),
                     period=df["published"].dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period(freq)
                     .dt.start_time.dt.tz_localize("UTC"))
    rows = []
    for key, grp in work.groupby(["period", *keys], sort=True):
        w = grp["weight"]
        rows.append({**dict(zip(["period", *keys], key)),
                     **{c: float((grp[c] * w).sum() / w.sum()) for c in ("score", "negative", "neutral", "positive")},
                     "articles": int(grp["article_id"].nunique())})
    return pd.DataFrame(rows, columns=out_cols)
