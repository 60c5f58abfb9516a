"""The strategist ledger by modality: a person's calls with their status as of the report's week, the actual
figures they cited counted apart, consensus expectations left out; everything escaped in HTML."""

from __future__ import annotations

from datetime import date

import pytest

from news_sentiment.pipeline.claims import check_stored_claims
from news_sentiment.nlp.kb import build_kb, parse_kb_file
from news_sentiment.reports.claims import call_status, week_claims, week_strategists
from news_sentiment.reports.records import CallRecord
from news_sentiment.reports.weeks import parse_week
from tests.analysis.test_forecast_checks import KB_YAML, price_frame

ARTICLE = ("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
           "VALUES (?, ?, ?, ?, 'x', 'text', 'import', ?)")
CLAIM = ("INSERT INTO claims (id, article_id, value, unit, comparator, direction, metric, subject, period_text, "
         "period_start, period_end, speaker, person_id, quote, field, start, \"end\", published, extractor_version, "
         "modality) VALUES (?, ?, ?, 'percent', ?, ?, 'return', ?, ?, ?, ?, ?, ?, 'q', 'text', 0, 1, ?, 'test', ?)")
BASKET = "Rails and Rocks"


@pytest.mark.parametrize("stored, period_end, as_of, expected", [
    ("confirmed", date(2025, 6, 30), date(2025, 7, 7), ("confirmed", None)),
    ("missed", date(2025, 6, 30), date(2025, 7, 7), ("missed", None)),
    ("contradicted", date(2025, 6, 30), date(2025, 7, 7), ("missed", None)),  # checked before m010
    # a report for a week before the period ended shows the call open, whatever a later check found
    ("confirmed", date(2025, 6, 30), date(2025, 6, 30), ("pending", "period ends 30 Jun 2025")),
    ("pending", date(2025, 9, 30), date(2025, 7, 7), ("pending", "period ends 30 Sep 2025")),
    (None, date(2025, 9, 30), date(2025, 7, 7), ("pending", "period ends 30 Sep 2025")),
    ("unverifiable", None, date(2025, 7, 7), ("unverifiable", "no period")),
    (None, None, date(2025, 7, 7), (None, None)),
])
def test_call_status_as_of_a_week(stored, period_end, as_of, expected):
    assert call_status(stored, period_end, as_of, "no period" if stored == "unverifiable" else None) == expected


def test_a_call_checked_pending_whose_period_has_ended_asks_for_a_check():
    status, reason = call_status("pending", date(2025, 6, 30), date(2025, 7, 7))
    assert status == "pending" and "period ended 30 Jun 2025" in reason and "sentiment claims --check" in reason


def test_call_record_summary_names_only_what_there_is():
    assert CallRecord(pending=1, confirmed=2, missed=1).summary == "1 pending, 2 confirmed, 1 missed"
    assert CallRecord().total == 0 and CallRecord(close=1, missed=2).decided == 3


@pytest.fixture
def ledger_db(db, tmp_path):
    """Ada Quill (Harrow Bank), quoted in May and in the week of 30 Jun: two calls made 1 Apr for the end of
    June (+10% about: came true; more than 30%: missed), one made 1 Jul for the end of September (pending), a
    figure she cited (an actual), a consensus figure she repeated (an expectation). Checked on 2 Jul."""
    db.execute("INSERT INTO people (id, name, title, firm) VALUES (1, 'Ada Quill', 'strategist', 'Harrow Bank')")
    articles = [(1, "2025-04-01T09:00:00+00:00"), (2, "2025-05-14T09:00:00+00:00"), (3, "2025-07-01T09:00:00+00:00")]
    for aid, published in articles:
        db.execute(ARTICLE, [aid, f"https://n.test/{aid}", f"Quill {aid}", published, f"h{aid}"])
        db.execute("INSERT INTO quotes (article_id, person_id, speaker, text, field, start, \"end\", "
                   "extractor_version) VALUES (?, 1, 'Ada Quill', 'we like it', 'text', 0, 9, 'test')", [aid])
    claims = [  # id, article, value, comparator, direction, subject, period text, start, end, published, modality
        (1, 1, 10.0, "about", "up", BASKET, "by the end of June", "2025-04-01", "2025-06-30", articles[0][1],
         "forecast"),
        (2, 1, 30.0, "more_than", "up", BASKET, "by the end of June", "2025-04-01", "2025-06-30", articles[0][1],
         "target"),
        (3, 3, 15.0, "about", "up", BASKET, "by the end of September", "2025-07-01", "2025-09-30", articles[2][1],
         "forecast"),
        (4, 2, 3.0, "about", "up", BASKET, "in April", "2025-04-01", "2025-04-30", articles[1][1], "actual"),
        (5, 3, 8.0, "about", "up", BASKET, "this year", "2025-01-01", "2025-12-31", articles[2][1], "expectation"),
    ]
    for cid, aid, value, comp, direction, subject, text, start, end, published, modality in claims:
        db.execute(CLAIM, [cid, aid, value, comp, direction, subject, text, start, end, "Ada Quill", 1, published,
                           modality])
    for row in price_frame().itertuples():
        db.execute("INSERT INTO prices (ticker, date, close, currency) VALUES (?, ?, ?, 'USD')",
                   [row.ticker, row.date, row.close])
    check_stored_claims(db, kb=build_kb(parse_kb_file(KB_YAML, tmp_path / "kb.yaml")))  # as of 2 Jul
    return db


def _quill(db, week: str):
    rows = week_strategists(db, parse_week(week), None, None)
    assert [r.name for r in rows] == ["Ada Quill"]
    return rows[0]


def test_ledger_after_the_period_confirmed_missed_and_pending(ledger_db):
    ada = _quill(ledger_db, "2025-W27")  # 30 Jun - 6 Jul
    assert [(c.claim_id, c.modality, c.status) for c in ada.calls] == [
        (3, "forecast", "pending"), (1, "forecast", "confirmed"), (2, "target", "missed")]
    confirmed = ada.calls[1]
    assert confirmed.figure == "up about 10%" and confirmed.actual == "up 10.0%" and confirmed.period_end == \
        date(2025, 6, 30)
    assert ada.calls[2].actual == "up 10.0%" and ada.calls[0].actual is None
    assert ada.call_record == CallRecord(pending=1, confirmed=1, missed=1)
    # the April figure she cited: Corvid +4%, Lumen +2%, basket +3.0% vs "about 3%": confirmed, counted apart
    assert (ada.cited.confirmed, ada.cited.contradicted, ada.cited.checkable) == (1, 0, 1)


def test_ledger_of_an_earlier_week_shows_the_calls_open(ledger_db):
    ada = _quill(ledger_db, "2025-W20")  # 12-18 May: the June calls had not come due; the July one not yet made
    assert [(c.claim_id, c.status, c.actual) for c in ada.calls] == [(1, "pending", None), (2, "pending", None)]
    assert ada.call_record == CallRecord(pending=2)
    assert ada.cited.confirmed == 1  # published 14 May, inside the week


def test_claims_of_the_week_show_calls_as_of_that_week(ledger_db):
    rows, counts = week_claims(ledger_db, parse_week("2025-W14"))  # 31 Mar - 6 Apr: the calls were made
    assert {(r.claim_id, r.modality, r.status, r.actual) for r in rows} == {
        (1, "forecast", "pending", None), (2, "target", "pending", None)}
    assert counts == {"pending": 2}


def test_ledger_html_escapes_names_subjects_and_periods(ledger_db, tmp_path):
    from news_sentiment.reports.data import assemble_report
    from news_sentiment.reports.render import render_html, render_markdown

    ledger_db.execute("UPDATE people SET name = 'Ada <b>Quill</b>', firm = 'Harrow & <i>Sons</i>'")
    ledger_db.execute("UPDATE claims SET subject = '<script>alert(1)</script>', period_text = 'by <June>' "
                      "WHERE id = 3")
    kb = build_kb(parse_kb_file(KB_YAML, tmp_path / "kb.yaml"))
    report = assemble_report(ledger_db, "2025-W27", kb=kb, quote_scorer=None)
    html = render_html(report, charts={})
    section = html[html.index('<section id="strategists">'):html.index('<section id="method">')]
    assert "<script>" not in html and "<b>Quill" not in section and "<i>Sons" not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section and "Ada &lt;b&gt;Quill&lt;/b&gt;" in section
    assert "by &lt;June&gt;" in section and "Harrow &amp; &lt;i&gt;Sons&lt;/i&gt;" in section
    assert '<span class="badge pending">pending</span>' in section
    assert '<span class="badge missed">missed</span> actual: up 10.0%, short of the 30% claimed' in section
    assert "1 pending, 1 confirmed, 1 missed" in section
    md = render_markdown(report, {})
    assert "Calls by Ada \\<b>Quill\\</b> (1 pending, 1 confirmed, 1 missed):" in md
    assert ("- target of 01 Apr 2025: Rails and Rocks up more than 30% (by the end of June): **missed**, actual: "
            "up 10.0%, short of the 30% claimed [source](https://n.test/1)\n\n>") in md  # the list ends before quotes
