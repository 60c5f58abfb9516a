"""Lead-lag with bootstrap CIs, event study, thin-data paths — on series with planted structure."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from news_sentiment.analysis.links import (
    MIN_LEADLAG_N,
    event_study,
    lead_lag,
    link,
    shift_events,
    week_index,
    weekly_panel,
)
from news_sentiment.analysis.narratives import shift_scores
from news_sentiment.errors import InputError
from tests.analysis.synth import iso


def planted(n: int = 80, lag: int = 2, beta: float = -0.01, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Narrative intensity x (AR(1), like real shares) leading basket returns by ``lag`` weeks with sign of beta."""
    rng = np.random.default_rng(seed)
    x = np.zeros(n + lag)
    for t in range(1, n + lag):
        x[t] = 0.3 * x[t - 1] + rng.normal()
    r = 0.01 * rng.normal(size=n + lag)
    r[lag:] += beta * x[:-lag]
    weeks = [iso(i) for i in range(n)]
    stats = pd.DataFrame({"week": weeks, "narrative_id": "nar", "article_share": 0.2 + 0.05 * x[:n],
                          "sentiment": 0.0})
    rets = pd.DataFrame({"week": weeks, "basket": "7 titans", "return": r[:n]})
    return stats, rets


def test_week_index_counts_weeks_across_year_ends():
    idx = week_index(pd.Series(["2024-W52", "2025-W01", "2025-W02", "2026-W01"]))
    assert (idx.diff().dropna().tolist()) == [1, 1, 51]  # 2025 has 52 ISO weeks


@pytest.mark.parametrize("lag,beta", [(2, -0.01), (3, 0.01), (1, 0.012)])
def test_lead_lag_recovers_planted_sign_and_lag(lag, beta):
    stats, rets = planted(lag=lag, beta=beta)
    res = lead_lag(weekly_panel(stats, rets), max_lag=4, n_boot=500, seed=1)
    best = res.loc[res["corr"].abs().idxmax()]
    assert best["lag"] == lag
    assert np.sign(best["corr"]) == np.sign(beta)
    assert best["significant"] and not best["thin"]
    assert best["n"] == 80 - lag
    assert (best["ci_low"] > 0) if beta > 0 else (best["ci_high"] < 0)
    # returns do not lead the narrative: no negative lag is significant
    assert not res.loc[res["lag"] < 0, "significant"].any()


def test_bootstrap_is_seeded():
    stats, rets = planted()
    p = weekly_panel(stats, rets)
    a, b = lead_lag(p, n_boot=200, seed=7), lead_lag(p, n_boot=200, seed=7)
    pd.testing.assert_frame_equal(a, b)


def test_gaps_are_not_shifts():
    """A missing week must not pair x[t] with r[t+2] as if it were r[t+1]."""
    stats, rets = planted(lag=1, beta=0.012)
    rets = rets.drop(index=range(10, 40, 3))  # knock out weeks
    res = lead_lag(weekly_panel(stats, rets), n_boot=300)
    best = res.loc[res["corr"].abs().idxmax()]
    assert best["lag"] == 1 and best["corr"] > 0


def test_thin_data_says_so():
    stats, rets = planted(n=8)
    result = link(stats, rets, "nar", "7 titans", n_boot=100)
    ll = result.lead_lag
    assert ll["thin"].all() and ll["ci_low"].isna().all()
    assert ll.loc[ll["lag"] == 0, "n"].item() == 8 < MIN_LEADLAG_N
    assert result.thin and result.best is None
    assert "too thin to conclude anything" in result.messages[0]
    assert result.events.thin


def test_event_study_recovers_planted_jump():
    rng = np.random.default_rng(3)
    n = 120
    weeks = [iso(i) for i in range(n)]
    bench = 0.01 * rng.normal(size=n)
    basket = bench + 0.004 * rng.normal(size=n)
    events = [20, 50, 80, 100]
    for e in events:
        basket[e + 1] += 0.03  # +3 % abnormal the week after each shift
    rets = pd.DataFrame({"week": weeks, "return": basket})
    bm = pd.DataFrame({"week": weeks, "return": bench})
    es = event_study(rets, [iso(e) for e in events], benchmark=bm, window=(0, 4), seed=0)
    assert es.model == "market" and es.n_events == 4 and not es.thin
    assert es.beta == pytest.approx(1.0, abs=0.1) and abs(es.alpha) < 0.002
    assert es.car == pytest.approx(0.03, abs=0.01)
    assert es.t_stat > 3 and es.ci_low > 0
    path = es.path.set_index("rel_week")
    assert path.loc[1, "mean_ar"] == pytest.approx(0.03, abs=0.006)
    assert abs(path.loc[0, "mean_ar"]) < 0.006
    # without a benchmark the constant-mean model still sees it, with a noisier t
    es2 = event_study(rets, [iso(e) for e in events])
    assert es2.model == "constant-mean" and es2.car > 0.015


def test_event_study_thin_and_edge_events():
    weeks = [iso(i) for i in range(30)]
    rets = pd.DataFrame({"week": weeks, "return": 0.0})
    es = event_study(rets, [iso(5), iso(28)], window=(0, 4))  # 2025-W30's window runs past the data
    assert es.events == [iso(5)] and es.n_events == 1 and es.thin
    assert "too thin to conclude" in es.message
    none = event_study(rets, [])
    assert none.thin and none.n_events == 0 and "nothing to conclude" in none.message


def test_shift_events_from_planted_spike_feed_the_event_study():
    share = np.full(40, 0.05)
    share[[15, 16, 30]] = 0.3  # a two-week spike (one event) and another spike
    stats = shift_scores(pd.DataFrame({"week": [iso(i) for i in range(40)], "narrative_id": "n",
                                       "article_share": share}))
    assert shift_events(stats, "n", threshold=3.0, gap=4) == [iso(15), iso(30)]


def _beta_world(n: int = 120, beta: float = 1.5, seed: int = 4):
    """A basket with beta 1.5 whose benchmark rallies 2 % a week inside every event window."""
    rng = np.random.default_rng(seed)
    events = [e for e in (20, 50, 80, 100) if e + 5 <= n]
    bench = 0.01 * rng.normal(size=n)
    for e in events:
        bench[e:e + 5] = 0.02
    basket = 0.001 + beta * bench + 0.003 * rng.normal(size=n)
    for e in events:
        basket[e + 1] += 0.03  # the true abnormal return: +3 % the week after each shift
    weeks = [iso(i) for i in range(n)]
    return (pd.DataFrame({"week": weeks, "return": basket}), pd.DataFrame({"week": weeks, "return": bench}),
            [iso(e) for e in events])


def test_market_model_removes_the_beta_that_market_adjusted_leaves_in():
    rets, bm, events = _beta_world()
    market = event_study(rets, events, benchmark=bm)
    assert market.model == "market" and market.beta == pytest.approx(1.5, abs=0.1)
    assert market.alpha == pytest.approx(0.001, abs=0.001)
    assert market.car == pytest.approx(0.03, abs=0.012) and market.t_stat > 3  # beta SE ~0.03 x 10 % rally
    assert f"beta {market.beta:.2f}, weekly alpha" in market.message
    # beta fixed at 1 (and no alpha) credits half the benchmark's rally (5 weeks x 2 % x 0.5 = 5 %) and
    # 5 weeks of alpha (0.5 %) to the event
    adjusted = event_study(rets, events, benchmark=bm, model="market-adjusted")
    assert adjusted.model == "market-adjusted" and math.isnan(adjusted.beta)
    assert adjusted.car == pytest.approx(0.03 + 0.05 + 0.005, abs=0.01)


def test_market_model_falls_back_to_beta_one_without_enough_clean_weeks():
    rets, bm, events = _beta_world(n=30)
    es = event_study(rets, [iso(w) for w in (0, 5, 10, 15, 20, 25)], benchmark=bm, window=(0, 3))
    assert es.model == "market-adjusted" and math.isnan(es.beta)
    assert "too few to estimate a beta" in es.message
    flat = bm.assign(**{"return": 0.0})
    es = event_study(rets, events[:1], benchmark=flat)
    assert es.model == "market-adjusted" and "does not move" in es.message


def test_event_model_errors():
    rets, bm, events = _beta_world()
    with pytest.raises(InputError, match="needs a benchmark"):
        event_study(rets, events, model="market")
    with pytest.raises(InputError, match="unknown event-study model"):
        event_study(rets, events, benchmark=bm, model="capm")


@pytest.mark.parametrize("n,block", [(200, 6), (200, 7), (37, 4), (10, 10)])
def test_prefix_sum_bootstrap_equals_gathered_resamples(n, block):
    from news_sentiment.analysis.links import _block_boot_corr, _block_indices, _rowcorr

    rng = np.random.default_rng(3)
    a = rng.normal(size=n)
    b = 0.3 * a + rng.normal(size=n)
    idx = _block_indices(n, block, 300, np.random.default_rng(1))  # the resamples, written out
    np.testing.assert_allclose(_block_boot_corr(a, b, block, 300, np.random.default_rng(1)),
                               _rowcorr(a[idx], b[idx]), atol=1e-12)
