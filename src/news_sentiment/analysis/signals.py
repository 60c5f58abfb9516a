"""Entity signals (sentiment, buzz, novelty, relevance per period) and their test against the entity's returns.

Pure functions: DataFrames and arrays in, DataFrames and dataclasses out (no I/O, no config).

Inputs: one row per (article, entity) as from ``store.read.signal_rows``: article_id, published (tz-aware UTC),
entity, source, mentions (this entity's mentions in the article), title_mentions (of them, in the title),
article_mentions (every entity mention in the article), negative, neutral, positive (the entity's sentiment
probabilities in the article, NaN when not scored), novelty (the article's, NaN when not stored).

Signals per period (``freq`` D: UTC calendar day, W: week starting Monday):
- ``sentiment``: mean of positive - negative (-1..1) over the scored articles, each weighted by its confidence
  (its largest probability), as ``Store.sentiment(freq=)``; ``scored`` counts those articles.
- buzz: ``mentions`` (sum), ``articles``, ``sources`` (distinct publishers or feeds).
- ``novelty``: mean novelty of the entity's articles, 0..1, where an article's novelty is 1 - its similarity to
  the nearest earlier article within the narrative window (table ``article_novelty``; 1 = nothing like it
  before, near 0 = a rewrite). NaN when no article of the period has a stored novelty.
- ``relevance``: mean over the articles of how central the entity is to each, 0..1: the entity's share of the
  article's entity mentions, plus ``TITLE_BONUS`` when the entity is named in the title, capped at 1.

Lead-lag (:func:`information_coefficients`), on trading sessions: an article counts on the first session on
or after its UTC publication day (weekend news on Monday); ``r[t]`` is the close-to-close return of session t.
IC at lag k is the Spearman correlation of the session's signal ``s[t]`` with ``r[t + k]`` (one session's
return, k sessions later; lag 0 is the same session, so it mixes reaction with lead). Only sessions with news
count. CI: moving-block bootstrap over the aligned pairs (``links.corr_ci`` on full-sample ranks), seeded.
Below ``MIN_IC_DAYS`` pairs a row is thin (no CI).

Event study (:func:`shock_events`, :func:`daily_event_study`): a shock is a session whose signal z-score
against its trailing ``z_window`` sessions (those with news, at least ``MIN_Z_HISTORY``) is beyond
``threshold`` in either direction; shocks closer than the event window's length to the previous one are
dropped. Abnormal return: market model (alpha, beta by OLS of r on the benchmark over the pre-event sessions
``estimation``, default -120..-11), constant-mean without a benchmark. CAR over [0, +5] is signed by the
shock's direction (positive: returns moved the way sentiment did); t = mean CAR / (pooled estimation residual
sd * sqrt(6) / sqrt(events)), bootstrap CI over events (``links.car_summary``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from news_sentiment.analysis.links import (
    EventStudy,
    best_lag,
    car_summary,
    ci_row,
    corr_ci,
    event_verdict,
    ols_line,
)
from news_sentiment.errors import InputError

TITLE_BONUS = 0.25
MIN_IC_DAYS = 60  # sessions with news and a return: below it an IC's CI is not computed
MIN_EVENTS = 5
MIN_ESTIMATION_DAYS = 60
MIN_Z_HISTORY = 20
SIGNAL_COLUMNS = ("period", "entity", "sentiment", "scored", "mentions", "articles", "sources", "novelty",
                  "relevance")
DAY_KEYS = ("day",)
BUZZ_COLUMNS = ("sources", "articles", "mentions", "relevance", "novelty_sum", "novelty_n")
TONE_COLUMNS = ("scored", "w", "ws")
DAY_COLUMNS = ("entity", *DAY_KEYS, *BUZZ_COLUMNS, *TONE_COLUMNS)
ROW_COLUMNS = ("article_id", "published", "entity", "source", "mentions", "title_mentions", "article_mentions",
               "negative", "neutral", "positive", "novelty")


class Freq(str, Enum):
    DAY = "D"
    WEEK = "W"


class Thin(str, Enum):
    """Why a link test cannot conclude."""

    NO_PRICES = "no_prices"  # the entity has no ticker or no stored closes
    FEW_DAYS = "few_days"  # fewer than MIN_IC_DAYS sessions with both news and a return
    FEW_EVENTS = "few_events"  # fewer than MIN_EVENTS shocks with a full window and estimation period


def period_start(published: pd.Series, freq: Freq | str) -> pd.Series:
    """Each time's period start (UTC midnight; a week starts on Monday), tz-aware UTC."""
    freq = Freq(freq)
    day = published.dt.tz_convert("UTC").dt.tz_localize(None).dt.floor("D")
    if freq is Freq.WEEK:
        day = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    return day.dt.tz_localize("UTC")


def article_relevance(rows: pd.DataFrame) -> pd.Series:
    """Per row: the entity's share of the article's entity mentions, + TITLE_BONUS when in the title, <= 1."""
    total = rows["article_mentions"].where(rows["article_mentions"] > 0).astype(float)
    share = (rows["mentions"] / total).fillna(0.0)
    return (share + TITLE_BONUS * (rows["title_mentions"] > 0)).clip(upper=1.0)


def daily_buzz(rows: pd.DataFrame, keys: Sequence[str] = ("entity",), *, sources: bool = True) -> pd.DataFrame:
    """Per (``keys``, UTC day): ``BUZZ_COLUMNS`` of per-article rows (``ROW_COLUMNS``; one row per article and
    entity): ``sources`` the day's distinct sources (sorted tuple; a missing source is not one; empty tuples
    when ``sources`` is false, for callers that do not count them), the rest sums, so that any period's
    signals add up from days (:func:`signals_from_days`)."""
    if rows.empty:
        return pd.DataFrame(columns=[*keys, *DAY_KEYS, *BUZZ_COLUMNS])
    novelty = rows["novelty"].astype(float)
    work = pd.DataFrame({**{k: rows[k] for k in keys}, "day": period_start(rows["published"], Freq.DAY),
                         "articles": 1, "mentions": rows["mentions"], "relevance": article_relevance(rows),
                         "novelty_sum": novelty.fillna(0.0), "novelty_n": novelty.notna().astype(int)})
    groups = work.groupby([*keys, *DAY_KEYS], sort=True, observed=True)
    out = groups.sum().reset_index()
    if not sources:
        out["sources"] = [()] * len(out)
        return out[[*keys, *DAY_KEYS, *BUZZ_COLUMNS]]
    src = rows["source"].astype(object).where(rows["source"].notna() & (rows["source"].astype(object) != ""))
    named = work.assign(source=src).dropna(subset=["source"])
    sets = named.groupby([*keys, *DAY_KEYS], sort=True, observed=True)["source"].agg(lambda x: tuple(sorted(set(x))))
    out["sources"] = pd.Series(list(sets.reindex(pd.MultiIndex.from_frame(out[[*keys, *DAY_KEYS]])).values),
                               dtype=object).map(lambda v: v if isinstance(v, tuple) else ())
    return out[[*keys, *DAY_KEYS, *BUZZ_COLUMNS]]


def daily_tone(rows: pd.DataFrame, keys: Sequence[str] = ("entity",)) -> pd.DataFrame:
    """Per (``keys``, UTC day): ``TONE_COLUMNS`` of the scored rows: ``scored`` articles, ``w`` the sum of their
    confidence weights, ``ws`` of weight x (positive - negative)."""
    weight, wscore = _confidence(rows)
    ok = ~np.isnan(weight)
    if not ok.any():
        return pd.DataFrame(columns=[*keys, *DAY_KEYS, *TONE_COLUMNS])
    sub = rows[ok]
    work = pd.DataFrame({**{k: sub[k] for k in keys}, "day": period_start(sub["published"], Freq.DAY),
                         "scored": 1, "w": weight[ok], "ws": wscore[ok]})
    return work.groupby([*keys, *DAY_KEYS], sort=True, observed=True).sum().reset_index()


def daily(rows: pd.DataFrame, *, sources: bool = True) -> pd.DataFrame:
    """One entity's (or several entities') per-article rows as day rows: ``DAY_COLUMNS`` (``sources``: as in
    :func:`daily_buzz`)."""
    buzz, tone = daily_buzz(rows, sources=sources), daily_tone(rows)
    if buzz.empty:
        return pd.DataFrame(columns=list(DAY_COLUMNS))
    out = buzz.merge(tone, on=["entity", *DAY_KEYS], how="left")
    out[list(TONE_COLUMNS)] = out[list(TONE_COLUMNS)].astype(float).fillna(0.0)
    out["scored"] = out["scored"].astype(int)
    return out[list(DAY_COLUMNS)]


def entity_signals(rows: pd.DataFrame, freq: Freq | str = Freq.DAY) -> pd.DataFrame:
    """Per (entity, period): sentiment, scored, mentions, articles, sources, novelty, relevance (module doc),
    from per-article rows (``ROW_COLUMNS``). Sources are counted on the rows (the same count as from day rows,
    without building each day's set)."""
    out = signals_from_days(daily(rows, sources=False), freq)
    if out.empty:
        return out
    src = rows["source"].astype(object).where(rows["source"].astype(object) != "")
    counts = pd.DataFrame({"entity": rows["entity"], "period": period_start(rows["published"], freq),
                           "source": src}).groupby(["entity", "period"], observed=True)["source"].nunique()
    out["sources"] = counts.reindex(pd.MultiIndex.from_frame(out[["entity", "period"]]), fill_value=0).to_numpy()
    return out


def signals_from_days(days: pd.DataFrame, freq: Freq | str = Freq.DAY) -> pd.DataFrame:
    """:func:`entity_signals` from day rows (``DAY_COLUMNS``, as :func:`daily` or the store's ``entity_days``)."""
    if days.empty:
        return pd.DataFrame(columns=list(SIGNAL_COLUMNS))
    work = days.assign(period=period_start(days["day"], freq))
    groups = work.groupby(["entity", "period"], sort=True, observed=True)
    out = groups.agg(
        w=("w", "sum"), ws=("ws", "sum"), scored=("scored", "sum"), mentions=("mentions", "sum"),
        articles=("articles", "sum"), nov=("novelty_sum", "sum"), nov_n=("novelty_n", "sum"),
        rel=("relevance", "sum")).reset_index()
    keys = pd.MultiIndex.from_frame(out[["entity", "period"]])
    if not work.duplicated(["entity", "period"]).any():  # one day row per period: its sources are the period's
        counts = work.set_index(["entity", "period"])["sources"].map(len)
    else:
        named = work[["entity", "period", "sources"]].explode("sources").dropna(subset=["sources"])
        counts = named.groupby(["entity", "period"], sort=True, observed=True)["sources"].nunique()
    out["sources"] = counts.reindex(keys, fill_value=0).to_numpy()
    out["sentiment"] = (out["ws"] / out["w"].where(out["w"] > 0)).astype(float)
    out["novelty"] = (out["nov"] / out["nov_n"].where(out["nov_n"] > 0)).astype(float)
    out["relevance"] = (out["rel"] / out["articles"].where(out["articles"] > 0)).astype(float)
    for col in ("scored", "mentions", "articles", "sources"):
        out[col] = out[col].astype(int)
    return out[list(SIGNAL_COLUMNS)]


def sessions_of(published: pd.Series, trading_days: np.ndarray) -> np.ndarray:
    """Session number (position in sorted ``trading_days``, datetime64[D]) of each time: the first trading day
    strictly after its UTC day, so that news counted on session t was published before session t - 1's close
    on any exchange that closes by midnight UTC, and a return from session t's close onwards (lag >= 1) starts
    after all of it (no look-ahead: a story after Monday's close counts on Tuesday and is tested against
    Tuesday-to-Wednesday and later); -1 before the first or after the last trading day."""
    day = published.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[D]")
    pos = np.searchsorted(trading_days, day, side="right")
    inside = (pos < len(trading_days)) & (day >= trading_days[0]) if len(trading_days) else pos < 0
    return np.where(inside, pos, -1)


def _confidence(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the confidence weight (largest probability; NaN when not scored) and weight * score."""
    probs = rows[["negative", "neutral", "positive"]].to_numpy(float)
    weight = probs.max(axis=1)
    return weight, weight * (probs[:, 2] - probs[:, 0])


def session_signal(days: pd.DataFrame, trading_days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per trading session: the confidence-weighted sentiment (NaN without scored news) and the article count,
    from day rows (``DAY_COLUMNS``), news rolled to the next session (:func:`sessions_of`)."""
    n = len(trading_days)
    if days.empty:
        return np.full(n, np.nan), np.zeros(n, int)
    sess = sessions_of(days["day"], trading_days)
    keep = sess >= 0
    w = np.bincount(sess[keep], days["w"].to_numpy(float)[keep], minlength=n)
    ws = np.bincount(sess[keep], days["ws"].to_numpy(float)[keep], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        sentiment = np.where(w > 0, ws / w, np.nan)
    return sentiment, np.bincount(sess[keep], days["articles"].to_numpy(float)[keep], minlength=n).astype(int)


def information_coefficients(signal: np.ndarray, returns: np.ndarray, *, max_lag: int = 5, n_boot: int = 1000,
                             seed: int = 0, block: int | None = None, ci: float = 0.95,
                             min_n: int = MIN_IC_DAYS) -> pd.DataFrame:
    """Spearman IC of ``signal[t]`` vs ``returns[t + lag]`` for lag 0..max_lag (per-session arrays of equal
    length, NaN where missing), with block-bootstrap CIs: lag, ic, ci_low, ci_high, n, significant, thin."""
    rng = np.random.default_rng(seed)
    rows = []
    n = len(signal)
    for lag in range(max_lag + 1):
        x, y = signal[: max(n - lag, 0)], returns[lag:]
        ok = ~(np.isnan(x) | np.isnan(y))
        corr, lo, hi = corr_ci(rankdata(x[ok]), rankdata(y[ok]), rng, n_boot=n_boot, block=block, ci=ci,
                               min_n=min_n)
        rows.append(ci_row(lag, corr, lo, hi, int(ok.sum()), min_n))
    return pd.DataFrame(rows).rename(columns={"corr": "ic"})


def shock_events(signal: np.ndarray, *, threshold: float = 2.0, z_window: int = 60, gap: int = 6,
                 min_history: int = MIN_Z_HISTORY) -> tuple[np.ndarray, np.ndarray]:
    """Sessions where the signal's z-score against its trailing ``z_window`` sessions is >= ``threshold`` in
    absolute value, at least ``gap`` sessions apart: (session numbers, signs +1/-1)."""
    s = pd.Series(signal)
    prior = s.shift(1).rolling(z_window, min_periods=min_history)
    sd = prior.std()
    z = ((s - prior.mean()) / sd.where(sd > 0)).to_numpy()
    cand = np.flatnonzero(np.abs(np.nan_to_num(z)) >= threshold)
    kept: list[int] = []
    for t in cand:
        if not kept or t - kept[-1] >= gap:
            kept.append(int(t))
    idx = np.asarray(kept, int)
    return idx, np.sign(z[idx]) if len(idx) else np.zeros(0)


def _event_ar(r: np.ndarray, b: np.ndarray | None, t: int, window: tuple[int, int], estimation: tuple[int, int],
              min_estimation: int) -> tuple[np.ndarray, float, int, float, float] | None:
    """One event's abnormal returns over ``window``: (ARs, residual sd, estimation sessions, alpha, beta), or None
    when the window runs past the data or the estimation period is short."""
    lo, hi = t + window[0], t + window[1]
    if lo < 0 or hi >= len(r):
        return None
    win = slice(lo, hi + 1)
    est = slice(max(0, t + estimation[0]), max(0, t + estimation[1] + 1))
    r_est = r[est]
    ok = ~np.isnan(r_est) if b is None else ~(np.isnan(r_est) | np.isnan(b[est]))
    if ok.sum() < min_estimation or np.isnan(r[win]).any() or (b is not None and np.isnan(b[win]).any()):
        return None
    if b is None:
        mu = float(r_est[ok].mean())
        return r[win] - mu, float(r_est[ok].std(ddof=1)), int(ok.sum()), mu, float("nan")
    b_est = b[est][ok]
    alpha, beta = ols_line(b_est, r_est[ok]) if b_est.std() > 0 else (0.0, 1.0)
    resid = r_est[ok] - (alpha + beta * b_est)
    return r[win] - (alpha + beta * b[win]), float(resid.std(ddof=2)), int(ok.sum()), alpha, beta


def daily_event_study(returns: np.ndarray, events: Sequence[int], signs: Sequence[float], labels: Sequence[str], *,
                      benchmark: np.ndarray | None = None, window: tuple[int, int] = (0, 5),
                      estimation: tuple[int, int] = (-120, -11), n_boot: int = 2000, ci: float = 0.95, seed: int = 0,
                      min_events: int = MIN_EVENTS, min_estimation: int = MIN_ESTIMATION_DAYS) -> EventStudy:
    """Event study on per-session returns (and benchmark returns, same sessions) around session numbers
    ``events``: market model per event over its pre-event ``estimation`` sessions (constant-mean without a
    benchmark); signed CAR over ``window`` (module doc). Events without a full window or estimation period
    are dropped."""
    if estimation[1] >= window[0]:
        raise InputError("the estimation period must end before the event window", hint="e.g. (-120, -11).")
    used, used_signs, paths, sds, n_est, alphas, betas = [], [], [], [], [], [], []
    for t, sign, label in zip(events, signs, labels):
        got = _event_ar(returns, benchmark, int(t), window, estimation, min_estimation)
        if got is not None:
            used.append(label)
            used_signs.append(sign)
            paths.append(got[0])
            sds.append(got[1])
            n_est.append(got[2])
            alphas.append(got[3])
            betas.append(got[4])
    sd = float(np.sqrt(np.mean(np.square(sds)))) if sds else float("nan")
    cs = car_summary(paths, used, sd, window, n_boot=n_boot, ci=ci, seed=seed, unit="day", label="date",
                     signs=used_signs)
    est = min(n_est, default=0)
    thin, msg = event_verdict(len(used), est, min_events, min_estimation, unit="day")
    model = "constant-mean" if benchmark is None else "market"
    alpha = float(np.mean(alphas)) if alphas else float("nan")
    beta = float(np.mean(betas)) if betas and benchmark is not None else float("nan")
    if used:
        ups = int(sum(1 for x in used_signs if x > 0))
        msg += f" ({ups} positive, {len(used) - ups} negative shocks)"
        if model == "market":
            msg += f"; mean beta {beta:.2f}, daily alpha {alpha:+.3%}"
    return EventStudy(cs.path, used, cs.car, cs.t_stat, cs.ci_low, cs.ci_high, len(used), est, model, thin, msg,
                      cs.per_event, alpha, beta)


@dataclass
class EntityLink:
    """Entity sentiment against the entity's own returns: ICs by lag, a shock event study, and whether the data
    are too thin (``thin`` empty when not; ``messages`` state the findings in words)."""

    entity: str
    ticker: str | None
    benchmark: str | None
    panel: pd.DataFrame  # date, sentiment, articles, return, benchmark_return (per trading session)
    ic: pd.DataFrame  # lag, ic, ci_low, ci_high, n, significant, thin
    best: dict[str, Any] | None
    events: EventStudy | None
    thin: list[Thin] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LinkOptions:
    max_lag: int = 5
    n_boot: int = 1000
    seed: int = 0
    threshold: float = 2.0  # |z| of a sentiment shock
    z_window: int = 60  # trailing sessions for the z-score
    window: tuple[int, int] = (0, 5)
    estimation: tuple[int, int] = (-120, -11)


def _returns(closes: pd.Series, index: pd.Index) -> np.ndarray:
    c = closes.reindex(index).to_numpy(float)
    out = np.full(len(c), np.nan)
    out[1:] = c[1:] / c[:-1] - 1
    return out


def _ic_message(ic: pd.DataFrame, best: dict[str, Any] | None, n: int) -> str:
    if n < MIN_IC_DAYS:
        return (f"IC: only {n} session(s) with both news and a return (need {MIN_IC_DAYS}): too thin to conclude "
                "anything.")
    if best is None:
        return f"IC: no lag in 0..{len(ic) - 1} sessions has an IC whose 95% CI excludes zero (n={n})."
    return (f"IC: strongest at lag {best['lag']} (sentiment on a session vs the return {best['lag']} session(s) "
            f"later): {best['ic']:+.3f} [{best['ci_low']:+.3f}, {best['ci_high']:+.3f}], n={best['n']}. "
            f"{len(ic)} lags were tested, so about {0.05 * len(ic):.1f} would cross zero by chance.")


def link_entity(rows: pd.DataFrame, closes: pd.Series | None, benchmark: pd.Series | None = None, *,
                entity: str, ticker: str | None = None, benchmark_name: str | None = None,
                options: LinkOptions = LinkOptions()) -> EntityLink:
    """ICs at lags 0..max_lag and a sentiment-shock event study of one entity's rows (``ROW_COLUMNS``) against
    its daily ``closes`` (Series indexed by trading day) and optionally a benchmark's closes."""
    return link_days(daily(rows, sources=False), closes, benchmark, entity=entity, ticker=ticker, benchmark_name=benchmark_name,
                     options=options)


def link_days(news: pd.DataFrame, closes: pd.Series | None, benchmark: pd.Series | None = None, *,
              entity: str, ticker: str | None = None, benchmark_name: str | None = None,
              options: LinkOptions = LinkOptions()) -> EntityLink:
    """:func:`link_entity` from day rows (``DAY_COLUMNS``: :func:`daily` or the store's ``entity_days``)."""
    o = options
    if closes is None or closes.dropna().empty:
        empty = pd.DataFrame([ci_row(k, np.nan, np.nan, np.nan, 0, MIN_IC_DAYS) for k in range(o.max_lag + 1)])
        msg = (f"No prices for {entity}" + (f" ({ticker})" if ticker else " (no ticker)") +
               ": nothing to test against. Import closes with `sentiment prices import`.")
        return EntityLink(entity, ticker, benchmark_name, pd.DataFrame(), empty.rename(columns={"corr": "ic"}), None,
                          None, [Thin.NO_PRICES], [msg])
    closes = closes.dropna().sort_index()
    days = closes.index.to_numpy().astype("datetime64[D]")
    ret = _returns(closes, closes.index)
    bench = None if benchmark is None else _returns(benchmark.dropna().sort_index(), closes.index)
    sig, n_art = session_signal(news, days)
    panel = pd.DataFrame({"date": closes.index, "sentiment": sig, "articles": n_art,
                          "return": ret, "benchmark_return": np.nan if bench is None else bench})
    ic = information_coefficients(sig, ret, max_lag=o.max_lag, n_boot=o.n_boot, seed=o.seed)
    best = best_lag(ic, "ic")
    n0 = int(ic["n"].iloc[0])
    ev, signs = shock_events(sig, threshold=o.threshold, z_window=o.z_window, gap=o.window[1] - o.window[0] + 1)
    labels = [str(d) for d in days[ev]]
    es = daily_event_study(ret, ev, signs, labels, benchmark=bench, window=o.window, estimation=o.estimation,
                           n_boot=o.n_boot, seed=o.seed)
    thin = ([Thin.FEW_DAYS] if n0 < MIN_IC_DAYS else []) + ([Thin.FEW_EVENTS] if es.thin else [])
    msgs = [_ic_message(ic, best, n0),
            f"Event study ({es.model}, sessions {o.window[0]}..{o.window[1]} after |z| >= {o.threshold}): "
            + (es.message if es.thin else
               f"signed CAR {es.car:+.2%} (t={es.t_stat:.2f}, CI [{es.ci_low:+.2%}, {es.ci_high:+.2%}]), {es.message}.")]
    return EntityLink(entity, ticker, benchmark_name, panel, ic, best, es, thin, msgs)
