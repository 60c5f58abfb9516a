"""Entity signals and their lead-lag test: planted leads recovered, a no-signal control, thin data said plainly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from news_sentiment.analysis.signals import (
    MIN_IC_DAYS,
    TITLE_BONUS,
    LinkOptions,
    Thin,
    daily_event_study,
    entity_signals,
    information_coefficients,
    link_entity,
    sessions_of,
    shock_events,
)
from tests.analysis.synth import entity_news

T0 = pd.Timestamp("2025-03-03 10:00", tz="UTC")  # a Monday


def _row(aid, when, *, pos=0.6, neg=0.1, neu=0.3, mentions=1, title=0, total=2, source="wire", novelty=np.nan):
    return {"article_id": aid, "published": when, "entity": "Acme", "source": source, "mentions": mentions,
            "title_mentions": title, "article_mentions": total, "negative": neg, "neutral": neu, "positive": pos,
            "novelty": novelty}


def test_signal_definitions_on_hand_made_rows():
    rows = pd.DataFrame([
        _row(1, T0, pos=0.8, neg=0.1, neu=0.1, mentions=2, title=1, total=4, novelty=0.9),  # weight 0.8, score +0.7
        _row(2, T0 + pd.Timedelta(hours=3), pos=0.1, neg=0.6, neu=0.3, mentions=1, total=4, source="blog",
             novelty=0.1),  # weight 0.6, score -0.5
        _row(3, T0 + pd.Timedelta(hours=5), pos=np.nan, neg=np.nan, neu=np.nan, mentions=3, total=3),  # unscored
        _row(4, T0 + pd.Timedelta(days=1), pos=0.2, neg=0.2, neu=0.6),
    ])
    day = entity_signals(rows, "D")
    first = day.iloc[0]
    assert first["period"] == pd.Timestamp("2025-03-03", tz="UTC")
    assert first["sentiment"] == pytest.approx((0.8 * 0.7 + 0.6 * -0.5) / (0.8 + 0.6))
    assert (first["scored"], first["mentions"], first["articles"], first["sources"]) == (2, 6, 3, 2)
    assert first["novelty"] == pytest.approx(0.5)  # the unscored article has no novelty: mean of the two stored
    assert first["relevance"] == pytest.approx((0.5 + TITLE_BONUS + 0.25 + 1.0) / 3)
    assert day.iloc[1]["sentiment"] == pytest.approx(0.0) and np.isnan(day.iloc[1]["novelty"])
    week = entity_signals(rows, "W")
    assert len(week) == 1 and week.iloc[0]["articles"] == 4
    assert week.iloc[0]["period"] == pd.Timestamp("2025-03-03", tz="UTC")


def test_relevance_is_capped_and_empty_input_keeps_columns():
    rows = pd.DataFrame([_row(1, T0, mentions=3, title=1, total=3)])
    assert entity_signals(rows).iloc[0]["relevance"] == 1.0
    assert list(entity_signals(rows.iloc[:0])) == list(entity_signals(rows))


def test_news_counts_on_the_first_session_after_its_day():
    days = pd.bdate_range("2025-03-03", periods=10).to_numpy().astype("datetime64[D]")
    times = pd.Series(pd.to_datetime(["2025-03-01 09:00", "2025-03-08 12:00", "2025-03-10 23:00",
                                      "2025-03-11 08:00", "2025-03-20 01:00"], utc=True))
    # Saturday -> Monday 10 March (session 5); Monday after the close and Tuesday morning -> the next session;
    # before the first session or after the last: out
    assert sessions_of(times, days).tolist() == [-1, 5, 6, 7, -1]


def test_an_after_close_story_is_not_read_as_a_lead():
    """A story after the close of day t (22:00 UTC, say on results released after the bell) whose tone matches
    the move from t's close to t + 1's close reports a move already under way after hours: it must not come out
    as a lead (no IC at lag 1 or later)."""
    rng = np.random.default_rng(3)
    days = pd.bdate_range("2024-01-01", periods=300)
    r = 0.01 * rng.normal(size=300)
    closes = pd.Series(100 * np.cumprod(1 + r), index=days)
    tone = np.tanh(50 * r[1:])  # the story of day t carries the sign of the move from t's close to t + 1's
    rows = pd.DataFrame({
        "article_id": np.arange(1, 300), "published": days[:-1].tz_localize("UTC") + pd.Timedelta(hours=22),
        "entity": "Acme", "source": "wire", "mentions": 1, "title_mentions": 0, "article_mentions": 1,
        "negative": 0.45 * (1 - tone), "neutral": 0.1, "positive": 0.45 * (1 + tone), "novelty": 0.5})
    ic = link_entity(rows, closes, None, entity="Acme").ic.set_index("lag")
    assert (ic.loc[1:, "ci_low"] <= 0).all() and (ic.loc[1:, "ci_high"] >= 0).all(), ic


def test_fewer_closes_than_lags_is_thin_not_a_crash():
    from news_sentiment.analysis.signals import information_coefficients

    ic = information_coefficients(np.arange(4.0), np.arange(4.0), max_lag=5)
    assert ic["lag"].tolist() == [0, 1, 2, 3, 4, 5] and ic["thin"].all()


@pytest.mark.parametrize("lag,beta", [(2, 0.004), (1, -0.004)])
def test_planted_lead_is_recovered_with_its_sign_and_lag(lag, beta):
    rows, closes, bench = entity_news(sessions=500, lag=lag, beta=beta, seed=0)
    res = link_entity(rows, closes, bench, entity="Acme", options=LinkOptions(n_boot=500))
    ic = res.ic.set_index("lag")
    assert ic["ic"].abs().idxmax() == lag
    assert np.sign(ic.loc[lag, "ic"]) == np.sign(beta)
    assert (ic.loc[lag, "ci_low"] > 0) if beta > 0 else (ic.loc[lag, "ci_high"] < 0)
    others = ic.drop(index=lag)
    assert ((others["ci_low"] <= 0) & (others["ci_high"] >= 0)).all()
    assert res.best["lag"] == lag and not res.thin
    assert f"strongest at lag {lag}" in res.messages[0]


def test_no_signal_control_finds_nothing():
    rows, closes, bench = entity_news(sessions=500, beta=0.0, seed=0)
    res = link_entity(rows, closes, bench, entity="Acme", options=LinkOptions(n_boot=500))
    assert not res.ic["significant"].any() and res.best is None
    assert "no lag" in res.messages[0]


def test_shock_event_study_sees_the_planted_lead():
    rows, closes, bench = entity_news(sessions=1000, lag=2, beta=0.01, seed=1)
    res = link_entity(rows, closes, bench, entity="Acme", options=LinkOptions(n_boot=500))
    es = res.events
    assert es.model == "market" and not es.thin and es.n_events >= 10
    assert es.car > 0 and es.t_stat > 2 and es.ci_low > 0  # signed: returns move the way the shock did
    assert 0.6 < es.beta < 1.0  # planted market beta 0.8
    path = es.path.set_index("rel_day")["mean_ar"]
    assert path.idxmax() == 2  # the abnormal return arrives on session 2


def test_event_study_market_model_against_hand_computed_values():
    rng = np.random.default_rng(5)
    n = 200
    b = 0.01 * rng.normal(size=n)
    r = 0.001 + 1.5 * b  # an exact line: residuals are zero until the planted jumps
    r[150] += 0.05
    res = daily_event_study(r, [150], [-1.0], ["d150"], benchmark=b, estimation=(-120, -11), min_events=1)
    assert res.alpha == pytest.approx(0.001) and res.beta == pytest.approx(1.5)
    assert res.car == pytest.approx(-0.05)  # a negative shock: sign flipped
    assert res.path.set_index("rel_day").loc[0, "mean_ar"] == pytest.approx(-0.05)


def test_shock_events_use_trailing_window_and_are_spaced():
    s = np.r_[np.tile([0.1, -0.1], 40), 3.0, 3.0, np.tile([0.1, -0.1], 10), -3.0]
    idx, signs = shock_events(s, threshold=2.0, gap=6)
    assert idx.tolist() == [80, 102] and signs.tolist() == [1.0, -1.0]  # 81 is within 6 sessions of 80


def test_thin_data_is_stated():
    rows, closes, bench = entity_news(sessions=40, seed=2)
    res = link_entity(rows, closes, bench, entity="Acme")
    assert Thin.FEW_DAYS in res.thin and Thin.FEW_EVENTS in res.thin
    assert res.ic["thin"].all() and res.ic["ci_low"].isna().all()
    assert "too thin" in res.messages[0] and str(MIN_IC_DAYS) in res.messages[0]
    none = link_entity(rows, None, entity="Acme", ticker=None)
    assert none.thin == [Thin.NO_PRICES] and "no ticker" in none.messages[0] and none.events is None


def test_ic_bootstrap_is_seeded():
    rows, closes, _ = entity_news(sessions=300, seed=3)
    sig = np.random.default_rng(0).normal(size=300)
    ret = closes.pct_change().to_numpy()
    a = information_coefficients(sig, ret, seed=4, n_boot=200)
    b = information_coefficients(sig, ret, seed=4, n_boot=200)
    pd.testing.assert_frame_equal(a, b)
