"""Linking narratives to basket performance: weekly panel, lead-lag with bootstrap CIs, event study.

Pure functions (DataFrames in, DataFrames out); reading the store for them is
:func:`news_sentiment.pipeline.links.link_narrative_basket`.

Conventions and thresholds
- Lag ``k > 0`` means the narrative LEADS returns by k weeks: ``corr(x[t], r[t + k])``; ``k < 0`` means
  returns lead the narrative.
- Confidence intervals: moving-block bootstrap over the aligned (x, r) pairs, block length
  ``ceil(n ** (1/3))`` unless given, percentile interval, seeded (default seed 0) so results repeat.
- ``MIN_LEADLAG_N`` (20) aligned weeks are needed before a correlation is read as evidence; below it rows
  carry ``thin=True`` (correlations are still shown when n >= 3, CIs are not computed).
- Event study, weekly abnormal return (AR) under one of three models, all estimated on the clean weeks
  (outside every event window):
  ``market`` (default with a benchmark): AR = r - (alpha + beta * benchmark), alpha and beta by OLS;
  ``market-adjusted``: AR = r - benchmark (beta fixed at 1; used when too few clean weeks for OLS);
  ``constant-mean`` (default without a benchmark): AR = r - mean clean r.
  CAR over the window; t = mean CAR / (sd(AR on clean weeks) * sqrt(window length) / sqrt(events)), plus a
  bootstrap CI over events. Fewer than ``MIN_EVENTS`` (3) events or ``MIN_ESTIMATION_WEEKS`` (8) clean
  weeks: ``thin``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from news_sentiment.errors import InputError

MIN_LEADLAG_N = 20  # ~5 months of weeks: below it a bootstrap CI of a correlation is not worth reading
MIN_EVENTS = 3
MIN_ESTIMATION_WEEKS = 8
EVENT_MODELS = ("market", "market-adjusted", "constant-mean")


def week_index(weeks: pd.Series) -> pd.Series:
    """A running week number for ISO week strings ('2025-W10'), so gaps between weeks are visible."""
    monday = pd.to_datetime(weeks.astype(str) + "-1", format="%G-W%V-%u")
    return ((monday - pd.Timestamp("1970-01-05")).dt.days // 7).astype(int)


def weekly_panel(stats: pd.DataFrame, returns: pd.DataFrame, *, narrative: str | None = None,
                 basket: str | None = None, value: str = "article_share") -> pd.DataFrame:
    """Join one narrative's weekly series with one basket's weekly returns.

    ``stats``: week, narrative_id, article_share, sentiment, ... (as from ``weekly_stats``/``shift_scores``);
    ``returns``: week, basket, return. Filters by ``narrative`` / ``basket`` when given. Returns every week
    of either input, sorted: week, t (running week number), intensity, sentiment, shift, return.
    """
    s = stats if narrative is None else stats[stats["narrative_id"] == narrative]
    r = returns if basket is None else returns[returns["basket"] == basket]
    if s["narrative_id"].nunique() > 1 or r["basket"].nunique() > 1:
        raise InputError("weekly_panel needs one narrative and one basket", hint="Pass narrative= and basket=.")
    left = pd.DataFrame({"week": s["week"].astype(str), "intensity": s[value].astype(float),
                         "sentiment": s["sentiment"].astype(float) if "sentiment" in s else np.nan,
                         "shift": s["shift"].astype(float) if "shift" in s else np.nan})
    right = pd.DataFrame({"week": r["week"].astype(str), "return": r["return"].astype(float)})
    panel = left.merge(right, on="week", how="outer").sort_values("week").reset_index(drop=True)
    panel.insert(1, "t", week_index(panel["week"]) if len(panel) else pd.Series(dtype=int))
    return panel


def _block_indices(n: int, block: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """n_boot x n index matrix of a moving-block bootstrap (blocks of consecutive positions): the resamples
    :func:`_block_boot_corr` sums without writing them out (kept as its reference; tests compare the two)."""
    nblocks = math.ceil(n / block)
    starts = rng.integers(0, n - block + 1, size=(n_boot, nblocks))
    idx = (starts[:, :, None] + np.arange(block)[None, None, :]).reshape(n_boot, -1)
    return idx[:, :n]


def _rowcorr(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a - a.mean(axis=-1, keepdims=True)
    b = b - b.mean(axis=-1, keepdims=True)
    den = np.sqrt((a * a).sum(-1) * (b * b).sum(-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, (a * b).sum(-1) / den, np.nan)


def corr_ci(a: np.ndarray, b: np.ndarray, rng: np.random.Generator, *, n_boot: int = 1000,
            block: int | None = None, ci: float = 0.95, min_n: int = MIN_LEADLAG_N) -> tuple[float, float, float]:
    """Pearson correlation of paired series (in time order) and a moving-block bootstrap percentile CI.

    Pass ranks for a Spearman correlation (the bootstrap then resamples the full sample's ranks). The
    correlation needs n >= 3, the CI n >= ``min_n`` (NaN otherwise); block length ``ceil(n ** (1/3))``
    unless given. Returns (corr, ci_low, ci_high).
    """
    n = len(a)
    corr = lo = hi = float("nan")
    if n >= 3:
        corr = float(_rowcorr(a, b))
        if n >= min_n:
            blk = block or max(1, math.ceil(n ** (1 / 3)))
            boot = _block_boot_corr(a, b, min(blk, n), n_boot, rng)
            boot = boot[~np.isnan(boot)]
            if len(boot):
                lo, hi = (float(q) for q in np.quantile(boot, [(1 - ci) / 2, 1 - (1 - ci) / 2]))
    return corr, lo, hi


def _block_boot_corr(a: np.ndarray, b: np.ndarray, block: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Correlations of ``n_boot`` moving-block resamples of the pairs (a, b): the resamples of
    :func:`_block_indices` (same draws), summed block by block from prefix sums instead of gathered."""
    n = len(a)
    a = a - a.mean()
    b = b - b.mean()
    nblocks = math.ceil(n / block)
    starts = rng.integers(0, n - block + 1, size=(n_boot, nblocks))
    last = n - (nblocks - 1) * block  # the last block is cut to fill exactly n positions
    sums = []
    for f in (a, b, a * a, b * b, a * b):
        prefix = np.concatenate(([0.0], np.cumsum(f)))
        full = prefix[starts[:, :-1] + block] - prefix[starts[:, :-1]]
        sums.append(full.sum(1) + prefix[starts[:, -1] + last] - prefix[starts[:, -1]])
    sa, sb, saa, sbb, sab = sums
    den = np.sqrt(np.clip(n * saa - sa * sa, 0, None) * np.clip(n * sbb - sb * sb, 0, None))
    tol = 1e-9 * n * n * float(a.std() * b.std())  # a resample of equal values has no correlation
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > tol, (n * sab - sa * sb) / den, np.nan)


def ci_row(lag: int, corr: float, lo: float, hi: float, n: int, min_n: int) -> dict[str, Any]:
    """One lead-lag row: significant when the CI excludes 0, thin when n < ``min_n``."""
    return {"lag": lag, "corr": corr, "ci_low": lo, "ci_high": hi, "n": n,
            "significant": bool(not np.isnan(lo) and (lo > 0 or hi < 0)), "thin": n < min_n}


def lead_lag(panel: pd.DataFrame, *, x: str = "intensity", y: str = "return", max_lag: int = 4,
             n_boot: int = 1000, block: int | None = None, ci: float = 0.95, seed: int = 0,
             min_n: int = MIN_LEADLAG_N) -> pd.DataFrame:
    """Cross-correlation corr(x[t], y[t+lag]) for lag in [-max_lag, max_lag] with block-bootstrap CIs.

    Weeks are aligned on the running week number ``t`` (a missing week is a gap, not a shift). Returns
    lag, corr, ci_low, ci_high, n, significant (CI excludes 0), thin (n < ``min_n``).
    """
    rng = np.random.default_rng(seed)
    base = panel.dropna(subset=["t"]).set_index("t")
    rows = []
    for lag in range(-max_lag, max_lag + 1):
        xs = base[x]
        ys = base[y].copy()
        ys.index = ys.index - lag  # y at t+lag lines up with x at t
        pair = pd.concat([xs.rename("x"), ys.rename("y")], axis=1, join="inner").dropna()
        corr, lo, hi = corr_ci(pair["x"].to_numpy(float), pair["y"].to_numpy(float), rng, n_boot=n_boot,
                               block=block, ci=ci, min_n=min_n)
        rows.append(ci_row(lag, corr, lo, hi, len(pair), min_n))
    return pd.DataFrame(rows)


def best_lag(result: pd.DataFrame, column: str = "corr") -> dict[str, Any] | None:
    """The lag with the largest |``column``| among significant, non-thin rows (None when there is none)."""
    ok = result[result["significant"] & ~result["thin"]]
    if ok.empty:
        return None
    row = ok.loc[ok[column].abs().idxmax()]
    return {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}


def shift_events(stats: pd.DataFrame, narrative: str | None = None, *, threshold: float = 2.0,
                 gap: int = 4) -> list[str]:
    """Weeks where the narrative's shift score is >= ``threshold``, at least ``gap`` weeks apart."""
    s = stats if narrative is None else stats[stats["narrative_id"] == narrative]
    s = s.dropna(subset=["shift"])
    weeks = sorted(s.loc[s["shift"] >= threshold, "week"].astype(str))
    out: list[str] = []
    last = None
    for w in weeks:
        t = int(week_index(pd.Series([w])).iloc[0])
        if last is None or t - last >= gap:
            out.append(w)
            last = t
    return out


@dataclass
class CarSummary:
    """Cumulative abnormal returns over events: mean path, mean CAR, its t-statistic and bootstrap CI."""

    path: pd.DataFrame  # rel_<unit>, mean_ar, car, n_events
    car: float
    t_stat: float
    ci_low: float
    ci_high: float
    per_event: pd.DataFrame  # <label>, car


def car_summary(paths: Sequence[np.ndarray], labels: Sequence[str], sd: float, window: tuple[int, int], *,
                n_boot: int = 2000, ci: float = 0.95, seed: int = 0, unit: str = "week",
                label: str = "week", signs: Sequence[float] | None = None) -> CarSummary:
    """Summarise each event's abnormal-return path over ``window`` (one array per event, in order).

    CAR = sum of the window's ARs (times the event's sign when ``signs`` is given: a signed CAR);
    t = mean CAR / (``sd`` * sqrt(window length) / sqrt(events)); percentile bootstrap CI over events (seeded).
    """
    rel = list(range(window[0], window[1] + 1))
    if not len(paths):
        return CarSummary(pd.DataFrame({f"rel_{unit}": rel, "mean_ar": np.nan, "car": np.nan, "n_events": 0}),
                          *(float("nan"),) * 4, pd.DataFrame(columns=[label, "car"]))
    m = np.vstack(paths)
    if signs is not None:
        m = m * np.asarray(signs, float)[:, None]
    path = pd.DataFrame({f"rel_{unit}": rel, "mean_ar": m.mean(0), "car": np.cumsum(m.mean(0)),
                         "n_events": len(m)})
    cars = m.sum(1)
    car = float(cars.mean())
    t_stat = car / (sd * math.sqrt(len(rel)) / math.sqrt(len(cars))) if sd and sd > 0 else float("nan")
    rng = np.random.default_rng(seed)
    boot = cars[rng.integers(0, len(cars), size=(n_boot, len(cars)))].mean(1)
    lo, hi = (float(q) for q in np.quantile(boot, [(1 - ci) / 2, 1 - (1 - ci) / 2]))
    return CarSummary(path, car, t_stat, lo, hi, pd.DataFrame({label: list(labels), "car": cars}))


def event_verdict(n_events: int, n_est: int, min_events: int, min_estimation: int,
                  unit: str = "week") -> tuple[bool, str]:
    """(thin, message) for an event study with ``n_events`` usable events and ``n_est`` estimation periods."""
    thin = n_events < min_events or n_est < min_estimation
    if not n_events:
        return thin, "no events with a full window of returns: nothing to conclude"
    if thin:
        return thin, (f"too thin to conclude: {n_events} event(s) (need {min_events}) and {n_est} estimation "
                      f"{unit}(s) (need {min_estimation})")
    return thin, f"{n_events} events, {n_est} estimation {unit}s"


def ols_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(alpha, beta) of the least-squares line y = alpha + beta * x."""
    beta, alpha = np.polyfit(x, y, 1)
    return float(alpha), float(beta)


@dataclass
class EventStudy:
    """Abnormal returns around events: the path (per relative week) and a summary."""

    path: pd.DataFrame  # rel_week, mean_ar, car, n_events
    events: list[str]  # event weeks used (full window available)
    car: float
    t_stat: float
    ci_low: float
    ci_high: float
    n_events: int
    n_estimation: int
    model: str
    thin: bool
    message: str
    per_event: pd.DataFrame = field(default_factory=pd.DataFrame)  # week, car
    alpha: float = float("nan")  # market model: weekly alpha and beta estimated on the clean weeks
    beta: float = float("nan")


def event_study(returns: pd.DataFrame, events: Sequence[str], *, benchmark: pd.DataFrame | None = None,
                model: str | None = None, window: tuple[int, int] = (0, 4), n_boot: int = 2000, ci: float = 0.95,
                seed: int = 0, min_events: int = MIN_EVENTS,
                min_estimation: int = MIN_ESTIMATION_WEEKS) -> EventStudy:
    """Weekly event study of a basket around event weeks.

    ``returns`` and ``benchmark``: week, return. ``model``: one of ``EVENT_MODELS`` (default ``market``
    with a benchmark, ``constant-mean`` without). ``window`` = (first, last) relative weeks, inclusive;
    CAR sums abnormal returns over it. Events whose window runs past the data are dropped.
    """
    model = model or ("market" if benchmark is not None else "constant-mean")
    if model not in EVENT_MODELS:
        raise InputError(f"unknown event-study model {model!r}", hint=f"Use one of: {', '.join(EVENT_MODELS)}.")
    if model != "constant-mean" and benchmark is None:
        raise InputError(f"the {model} model needs a benchmark", hint="Give --benchmark, or use constant-mean.")
    r = returns[["week", "return"]].dropna().copy()
    r["t"] = week_index(r["week"].astype(str)) if len(r) else pd.Series(dtype=int)
    if benchmark is not None and model != "constant-mean":
        b = benchmark[["week", "return"]].dropna().rename(columns={"return": "bench"})
        r = r.merge(b, on="week", how="inner")
    r = r.set_index("t").sort_index()
    lo_w, hi_w = window
    ev_t = [int(week_index(pd.Series([e])).iloc[0]) for e in events]
    in_window = set()
    for t in ev_t:
        in_window.update(range(t + lo_w, t + hi_w + 1))
    clean = r[~r.index.isin(in_window)]
    alpha = beta = float("nan")
    fell_back = None
    if model == "market" and len(clean) < max(min_estimation, 3):
        fell_back = f"{len(clean)} clean weeks are too few to estimate a beta"
    elif model == "market" and not float(clean["bench"].std(ddof=0)) > 0:
        fell_back = "the benchmark does not move in the clean weeks"
    if fell_back:
        model = "market-adjusted"  # no beta to estimate: fix it at 1
    if model == "market":
        alpha, beta = ols_line(clean["bench"].to_numpy(float), clean["return"].to_numpy(float))
        r["ar"] = r["return"] - (alpha + beta * r["bench"])
    elif model == "market-adjusted":
        r["ar"] = r["return"] - r["bench"]
    else:
        r["ar"] = r["return"] - (float(clean["return"].mean()) if len(clean) else float("nan"))
    clean_ar = r.loc[clean.index, "ar"]
    ddof = 2 if model == "market" else 1  # the residual sd loses one degree of freedom per estimated parameter
    used, paths = [], []
    for e, t in zip(events, ev_t):
        rel = range(t + lo_w, t + hi_w + 1)
        if all(k in r.index for k in rel):
            used.append(e)
            paths.append(r.loc[list(rel), "ar"].to_numpy(float))
    n_est = int(clean_ar.notna().sum())
    sd = float(clean_ar.std(ddof=ddof)) if n_est > ddof else float("nan")
    cs = car_summary(paths, used, sd, window, n_boot=n_boot, ci=ci, seed=seed)
    path, car, t_stat, lo, hi, per_event = cs.path, cs.car, cs.t_stat, cs.ci_low, cs.ci_high, cs.per_event
    thin, msg = event_verdict(len(used), n_est, min_events, min_estimation)
    if model == "market":
        msg += f"; beta {beta:.2f}, weekly alpha {alpha:+.2%}"
    if fell_back:
        msg += f"; market-adjusted (beta 1) because {fell_back}"
    return EventStudy(path, used, car, t_stat, lo, hi, len(used), n_est, model, thin, msg, per_event, alpha, beta)


@dataclass
class LinkResult:
    """Lead-lag and event study of one narrative against one basket."""

    narrative: str  # id
    basket: str
    panel: pd.DataFrame
    lead_lag: pd.DataFrame
    best: dict[str, Any] | None
    events: EventStudy
    thin: bool
    messages: list[str]
    narrative_name: str = ""


def link(stats: pd.DataFrame, returns: pd.DataFrame, narrative: str, basket: str, *,
         benchmark: pd.DataFrame | None = None, model: str | None = None, max_lag: int = 4, n_boot: int = 1000,
         seed: int = 0, shift_threshold: float = 2.0, window: tuple[int, int] = (0, 4)) -> LinkResult:
    """Panel + lead-lag + event study for one narrative id and one basket, with plain-language messages.

    Event weeks are the narrative's shift dates (shift >= ``shift_threshold``; computed with
    ``shift_scores`` when ``stats`` has no ``shift`` column).
    """
    if "shift" not in stats:
        from news_sentiment.analysis.narratives import shift_scores

        stats = shift_scores(stats)
    panel = weekly_panel(stats, returns, narrative=narrative, basket=basket)
    ll = lead_lag(panel, max_lag=max_lag, n_boot=n_boot, seed=seed)
    best = best_lag(ll)
    r = returns[returns["basket"] == basket]
    es = event_study(r, shift_events(stats, narrative, threshold=shift_threshold), benchmark=benchmark,
                     model=model, window=window, seed=seed)
    n0 = int(ll.loc[ll["lag"] == 0, "n"].iloc[0]) if len(ll) else 0
    msgs = []
    thin_ll = n0 < MIN_LEADLAG_N
    if thin_ll:
        msgs.append(f"Lead-lag: only {n0} week(s) with both narrative data and returns (need {MIN_LEADLAG_N}): "
                    "too thin to conclude anything.")
    elif best is None:
        msgs.append(f"Lead-lag: no lag in ±{max_lag} weeks has a correlation whose 95% CI excludes zero "
                    f"(n={n0}).")
    else:
        who = (f"narrative leads returns by {best['lag']} week(s)" if best["lag"] > 0 else
               f"returns lead the narrative by {-best['lag']} week(s)" if best["lag"] < 0 else "same week")
        msgs.append(f"Lead-lag: strongest at lag {best['lag']} ({who}): corr {best['corr']:+.2f} "
                    f"[{best['ci_low']:+.2f}, {best['ci_high']:+.2f}], n={best['n']}. {len(ll)} lags were tested, "
                    f"so about {0.05 * len(ll):.1f} would cross zero by chance: read a lone one with care.")
    msgs.append(f"Event study ({es.model}, window {window[0]}..{window[1]} weeks after shift >= {shift_threshold}): "
                + (es.message if es.thin or not es.events else
                   f"CAR {es.car:+.2%} (t={es.t_stat:.2f}, CI [{es.ci_low:+.2%}, {es.ci_high:+.2%}]), {es.message}."))
    return LinkResult(narrative, basket, panel, ll, best, es, thin_ll or es.thin, msgs)
