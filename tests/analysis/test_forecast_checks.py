"""Checks by modality: actuals at once, forecasts only once their period has passed (confirmed / missed /
pending), expectations never. Prices are written here; every expected figure is worked out by hand."""

from __future__ import annotations

import sqlite3
from datetime import date

import pandas as pd
import pytest

from news_sentiment.analysis.checks import CheckStatus, ClaimChecker, check_claims_frame, last_trading_day
from news_sentiment.analysis.prices import PriceBook
from news_sentiment.nlp.kb import build_kb, parse_kb_file

KB_YAML = """
entities:
  - {name: Corvid Mining, kind: company, ticker: CRV}
  - {name: Lumen Rail, kind: company, ticker: LMR}
  - {name: Rails and Rocks, kind: basket, members: [Corvid Mining, Lumen Rail]}
"""
# Closes: 31 Mar 2025 is the base (the close before a period starting 1 Apr); 30 Jun the period's last day.
# Corvid 100 -> 112 (+12%), Lumen 50 -> 54 (+8%): the equal-weighted basket is up exactly 10.0%.
CLOSES = {
    "CRV": {"2025-03-31": 100.0, "2025-04-30": 104.0, "2025-06-27": 111.0, "2025-06-30": 112.0, "2025-07-02": 90.0},
    "LMR": {"2025-03-31": 50.0, "2025-04-30": 51.0, "2025-06-27": 53.0, "2025-06-30": 54.0, "2025-07-02": 40.0},
}


def price_frame(until: str | None = None) -> pd.DataFrame:
    rows = [{"ticker": t, "date": d, "close": c, "currency": "USD"}
            for t, series in CLOSES.items() for d, c in series.items() if until is None or d <= until]
    return pd.DataFrame(rows)


@pytest.fixture
def kb(tmp_path):
    return build_kb(parse_kb_file(KB_YAML, tmp_path / "kb.yaml"))


def forecast(**kw):
    """A strategist's call on 1 Apr: the basket up about 10% by the end of June."""
    base = {"value": 10.0, "unit": "percent", "comparator": "about", "direction": "up", "metric": "return",
            "subject": "Rails and Rocks", "period_text": "by the end of June", "period_start": "2025-04-01",
            "period_end": "2025-06-30", "published": "2025-04-01T09:00:00+00:00", "modality": "forecast"}
    base.update(kw)
    return base


def test_status_vocabulary_is_typed_and_stores_as_its_value():
    assert {s.value for s in CheckStatus} == {"confirmed", "close", "contradicted", "missed", "pending",
                                              "unverifiable"}
    assert CheckStatus.MISSED == "missed" and f"{CheckStatus.PENDING}" == "pending"


def test_default_as_of_is_the_latest_stored_close(kb):
    assert ClaimChecker(PriceBook(price_frame()), kb).as_of == date(2025, 7, 2)
    assert ClaimChecker(PriceBook(price_frame(until="2025-06-27")), kb).as_of == date(2025, 6, 27)


def test_forecast_that_came_true_is_confirmed(kb):
    r = ClaimChecker(PriceBook(price_frame()), kb, as_of=date(2025, 7, 1)).check(forecast())
    assert r.status is CheckStatus.CONFIRMED
    assert r.actual == pytest.approx(10.0)  # (12% + 8%) / 2
    assert (r.base_date, r.end_date, r.coverage, r.as_of) == (date(2025, 3, 31), date(2025, 6, 30), "2/2",
                                                              date(2025, 7, 1))


@pytest.mark.parametrize("changes", [
    {"value": 25.0, "comparator": "more_than"},  # 10% is 15 points short of "more than 25%"
    {"value": 5.0, "comparator": None, "direction": "down"},  # called a fall, the basket rose 10%
])
def test_forecast_that_failed_is_missed_not_contradicted(kb, changes):
    r = ClaimChecker(PriceBook(price_frame()), kb, as_of=date(2025, 7, 1)).check(forecast(**changes))
    assert r.status is CheckStatus.MISSED and r.actual == pytest.approx(10.0)


def test_the_same_figure_reported_as_an_actual_is_contradicted(kb):
    r = ClaimChecker(PriceBook(price_frame()), kb).check(
        forecast(modality="actual", value=25.0, comparator="more_than", published="2025-07-01T09:00:00+00:00"))
    assert r.status is CheckStatus.CONTRADICTED


@pytest.mark.parametrize("as_of, expected", [
    (date(2025, 6, 29), CheckStatus.PENDING),  # the period has a day to run
    (date(2025, 6, 30), CheckStatus.PENDING),  # its last day: the close is not final before the day is over
    (date(2025, 7, 1), CheckStatus.CONFIRMED),
    (None, CheckStatus.CONFIRMED),  # latest close 2 Jul
])
def test_forecast_is_pending_until_its_period_has_passed(kb, as_of, expected):
    r = ClaimChecker(PriceBook(price_frame()), kb, as_of=as_of).check(forecast())
    assert r.status is expected
    if expected is CheckStatus.PENDING:
        assert r.actual is None and "period ends 2025-06-30" in r.reason and r.end_date == date(2025, 6, 30)


def test_pending_while_the_subjects_prices_stop_before_the_period_end(kb):
    book = PriceBook(price_frame(until="2025-06-27"))  # last close Friday 27 Jun; the period ends Monday 30 Jun
    r = ClaimChecker(book, kb, as_of=date(2025, 7, 10)).check(forecast())
    assert r.status is CheckStatus.PENDING and "stored only up to 2025-06-27" in r.reason


def test_a_period_ending_on_a_weekend_is_due_with_the_fridays_close(kb):
    assert last_trading_day(date(2025, 6, 29)) == date(2025, 6, 27)  # Sunday -> Friday
    assert last_trading_day(date(2025, 6, 30)) == date(2025, 6, 30)
    book = PriceBook(price_frame(until="2025-06-27"))
    r = ClaimChecker(book, kb, as_of=date(2025, 6, 30)).check(forecast(period_end="2025-06-29", value=14.0))
    # Corvid 100 -> 111 (+11%), Lumen 50 -> 53 (+6%): +8.5%, short of "about 14%" by more than 1.5 tolerances
    assert r.actual == pytest.approx(8.5) and r.status is CheckStatus.MISSED


@pytest.mark.parametrize("modality", ["target", "guidance", "estimate"])
def test_targets_guidance_and_estimates_are_calls_too(kb, modality):
    book = PriceBook(price_frame())
    assert ClaimChecker(book, kb, as_of=date(2025, 6, 1)).check(forecast(modality=modality)).status == "pending"
    missed = ClaimChecker(book, kb).check(forecast(modality=modality, value=30.0))
    assert missed.status is CheckStatus.MISSED


def test_an_estimate_of_a_past_period_is_checked_but_a_forecast_must_look_ahead(kb):
    book = PriceBook(price_frame())
    late = {"published": "2025-07-02T09:00:00+00:00"}
    assert ClaimChecker(book, kb).check(forecast(modality="estimate", **late)).status is CheckStatus.CONFIRMED
    r = ClaimChecker(book, kb).check(forecast(**late))
    assert r.status is CheckStatus.UNVERIFIABLE and "ended before the forecast was published" in r.reason


@pytest.mark.parametrize("changes, reason", [
    ({"period_start": None, "period_end": None, "period_text": None}, "a forecast without a resolved period"),
    ({"period_start": None, "period_end": None, "period_text": "soon"}, "nothing says by when"),
    ({"modality": "expectation"}, "consensus expectation"),
    ({"metric": "revenue"}, "not a price move"),
])
def test_not_checkable_says_why(kb, changes, reason):
    r = ClaimChecker(PriceBook(price_frame()), kb).check(forecast(**changes))
    assert r.status is CheckStatus.UNVERIFIABLE and reason in r.reason


def test_unknown_modality_is_refused_not_read_as_actual(kb):
    with pytest.raises(ValueError, match="unknown modality 'hope'"):
        ClaimChecker(PriceBook(price_frame()), kb).check(forecast(modality="hope"))


def test_frame_checks_carry_as_of(kb):
    frame = pd.DataFrame([forecast(id=1), forecast(id=2, value=30.0), forecast(id=3, modality="expectation")])
    out = check_claims_frame(frame, PriceBook(price_frame()), kb, as_of=date(2025, 7, 1))
    assert out["status"].tolist() == ["confirmed", "missed", "unverifiable"]
    assert out["as_of"].tolist() == ["2025-07-01"] * 3


# -- the store: statuses written by check_stored_claims; m010 keeps old checks ------------------------------

def _store(db) -> dict[str, int]:
    """One article on 1 Apr with three claims by the same strategist; prices to 2 Jul."""
    db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
               "VALUES (1, 'https://n.test/1', 'Call', '2025-04-01T09:00:00+00:00', 'x', 'text', 'import', 'h1')")
    ids = {}
    for i, (value, modality) in enumerate(((10.0, "forecast"), (30.0, "forecast"), (4.0, "expectation")), start=1):
        claim = forecast(value=value, modality=modality)
        db.execute("INSERT INTO claims (id, article_id, value, unit, comparator, direction, metric, subject, "
                   "period_text, period_start, period_end, speaker, quote, field, start, \"end\", published, "
                   "extractor_version, modality) VALUES (?, 1, ?, 'percent', 'about', 'up', 'return', ?, ?, ?, ?, "
                   "'Ada Quill', 'q', 'text', 0, 1, ?, 'test', ?)",
                   [i, value, claim["subject"], claim["period_text"], claim["period_start"], claim["period_end"],
                    claim["published"], modality])
        ids[f"{modality}-{value:g}"] = i
    for row in price_frame().itertuples():
        db.execute("INSERT INTO prices (ticker, date, close, currency) VALUES (?, ?, ?, 'USD')",
                   [row.ticker, row.date, row.close])
    return ids


def test_stored_checks_move_from_pending_to_confirmed_or_missed(db, kb):
    from news_sentiment.pipeline.claims import check_stored_claims

    ids = _store(db)
    check_stored_claims(db, kb=kb, as_of=date(2025, 5, 15))
    rows = dict(db.execute("SELECT claim_id, status || ' ' || as_of FROM claim_checks").fetchall())
    assert rows == {ids["forecast-10"]: "pending 2025-05-15", ids["forecast-30"]: "pending 2025-05-15",
                    ids["expectation-4"]: "unverifiable 2025-05-15"}
    check_stored_claims(db, kb=kb)  # as of the latest close, 2 Jul
    rows = dict(db.execute("SELECT claim_id, status || ' ' || as_of FROM claim_checks").fetchall())
    assert rows == {ids["forecast-10"]: "confirmed 2025-07-02", ids["forecast-30"]: "missed 2025-07-02",
                    ids["expectation-4"]: "unverifiable 2025-07-02"}
    assert db.execute("SELECT count(*) FROM claim_checks").fetchone()[0] == 3  # one check per claim, replaced


def test_m010_keeps_existing_checks(db_path, monkeypatch):
    import sqlite_utils

    from news_sentiment.store import migrations
    from news_sentiment.store.db import open_db

    every = list(migrations.MIGRATIONS)
    conn = sqlite3.connect(db_path, isolation_level=None)
    monkeypatch.setattr(migrations, "MIGRATIONS", [(n, fn) for n, fn in every if n < "m010"])
    old = sqlite_utils.Database(conn)
    migrations.apply_migrations(old)
    conn.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
                 "VALUES (1, 'https://n.test/1', 'T', '2025-04-01', 'x', 't', 'import', 'h1')")
    conn.execute("INSERT INTO claims (id, article_id, value, unit, metric, quote, field, start, \"end\", "
                 "extractor_version) VALUES (5, 1, 3, 'percent', 'return', 'q', 'text', 0, 1, 'v')")
    conn.execute("INSERT INTO claim_checks (claim_id, status, actual, reason, checked_at) "
                 "VALUES (5, 'contradicted', -2.5, 'why', 'then')")
    conn.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", every)
    db = open_db(db_path)
    assert db.execute("SELECT claim_id, status, actual, reason, as_of FROM claim_checks").fetchall() == [
        (5, "contradicted", -2.5, "why", None)]
    db.execute("UPDATE claim_checks SET status = 'missed' WHERE claim_id = 5")  # the new statuses are allowed
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE claim_checks SET status = 'maybe' WHERE claim_id = 5")
