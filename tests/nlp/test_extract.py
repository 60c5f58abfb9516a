"""Entities, quotes, strategists and claims on texts written for these tests (real spaCy model)."""

from __future__ import annotations

import pytest

ARTICLE = (
    "Chinese internet platforms kept climbing this year. A gauge of the largest of them, led by Tencent Holdings "
    "Ltd. and Alibaba Group Holding Ltd., is up more than 25% this year, while the Magnificent Seven stocks have "
    "lost about 8%, strategists led by Jane Doe wrote on Thursday. Goldman Sachs kept its view. "
    "The Hang Seng Tech Index rose 2.1% on Friday. Its three-year return is about 15%, while the Nasdaq 100 "
    "climbed more than 60% during the period.\n\n"
    "“Earnings are improving and valuations in Hong Kong remain low,” said John Roe, chief market strategist "
    "at Saxo Markets. “We expect a 10% rise in profits this year.”\n\n"
    "Acme Widgets Oyj, a small supplier, said its net sales fell to EUR 12.5 mn from EUR 14.0 mn."
)


@pytest.fixture(scope="module")
def result(extractor):
    return extractor.extract(ARTICLE, "2025-03-07")


def _claims(result):
    return {(c.value, c.unit): c for c in result.claims}


def test_entities_linked_with_tickers(result):
    by_name = {m.name: m for m in result.mentions}
    assert by_name["Alibaba"].ticker == "9988.HK" and by_name["Alibaba"].text == "Alibaba Group Holding Ltd."
    assert by_name["Tencent"].ticker == "0700.HK"
    assert by_name["Hang Seng Tech Index"].ticker == "HSTECH" and by_name["Hang Seng Tech Index"].kind == "index"
    assert by_name["Nasdaq 100"].ticker == "^NDX"
    assert by_name["Magnificent Seven"].kind == "basket"
    assert by_name["Goldman Sachs"].kind == "organization"
    # offsets point at the text
    for m in result.mentions:
        assert ARTICLE[m.start:m.end] == m.text


def test_unknown_company_kept_unlinked(result):
    # not in the knowledge base: kept, unlinked, and typed a company by its legal form (Oyj)
    acme = [m for m in result.mentions if m.name.startswith("Acme")]
    assert acme and acme[0].ticker is None and acme[0].kb_id is None and acme[0].kind == "company"
    assert acme[0].name == "Acme Widgets"


def test_quotes_and_strategists(result):
    assert [q.speaker for q in result.quotes] == ["John Roe", "John Roe"]
    assert result.quotes[0].title == "chief market strategist" and result.quotes[0].firm == "Saxo Markets"
    assert result.quotes[0].text.startswith("Earnings are improving")
    people = {s.name: s for s in result.strategists}
    assert people["John Roe"].firm == "Saxo Markets"
    assert people["Jane Doe"].title == "strategist"
    assert people["Jane Doe"].firm is None or people["Jane Doe"].firm == "Goldman Sachs"


def test_claim_attributes(result):
    c = _claims(result)
    basket = c[(25, "percent")]
    assert (basket.comparator, basket.direction, basket.metric, basket.period_text) == \
        ("more_than", "up", "return", "this year")
    assert (basket.period_start, basket.period_end) == ("2025-01-01", "2025-03-07")
    mag = c[(8, "percent")]
    assert (mag.comparator, mag.direction, mag.subject) == ("about", "down", "Magnificent Seven")
    hs = c[(2.1, "percent")]
    assert (hs.subject, hs.direction, hs.period_text, hs.period_start) == \
        ("Hang Seng Tech Index", "up", "on Friday", "2025-03-07")
    its = c[(15, "percent")]
    assert its.subject == "Hang Seng Tech Index"  # 'Its' resolved to the entity named before
    assert (its.comparator, its.period_text) == ("about", "three-year")
    ndx = c[(60, "percent")]
    assert (ndx.subject, ndx.comparator, ndx.period_text) == ("Nasdaq 100", "more_than", "three-year")


def test_claim_in_quote_has_speaker(result):
    c = _claims(result)[(10, "percent")]
    assert c.speaker == "John Roe" and c.metric == "profit" and c.direction == "up"
    assert _claims(result)[(25, "percent")].speaker == "Jane Doe"  # the strategists wrote it
    assert _claims(result)[(2.1, "percent")].speaker is None


def test_comparison_base_and_currency(result):
    c = _claims(result)
    level, base = c[(12_500_000, "currency")], c[(14_000_000, "currency")]
    assert (level.currency, level.direction, level.metric, level.subject) == ("EUR", "down", "revenue", "Acme Widgets")
    assert (base.direction, base.metric) == (None, "revenue")
    assert ARTICLE[level.start:level.end] == "EUR 12.5 mn"


def test_numbers_inside_names_are_not_claims(extract):
    res = extract("The Nasdaq 100 Index and the “7 titans” basket rose, and Q2 sales in 2024 were flat.")
    assert res.claims == []


@pytest.mark.parametrize("text,expect", [
    ("Corvane Motors falls over 4.5% as input costs climb",
     dict(value=4.5, comparator="more_than", direction="down", metric="return", subject="Corvane Motors")),
    ("Halden Steel net profit jumps to Rs 3,180 cr in Q2",
     dict(value=31_800_000_000, currency="INR", direction="up", metric="profit", subject="Halden Steel",
          period_text="in Q2")),
    ("Silver falls Rs 240 on firm dollar",
     dict(value=240, currency="INR", direction="down", metric="return", subject="Silver")),
    ("The company plans to lay off up to 250 workers in Sweden .",
     dict(value=250, unit="count", comparator="at_most", direction="down", metric="headcount", subject="the company")),
    ("Brenvik trades at 24 times forward earnings .",
     dict(value=24, unit="multiple", metric="valuation", direction=None, subject="Brenvik")),
    ("The Nifty could slip below 21,000 , traders said .",
     dict(value=21_000, unit="index_points", comparator="less_than", metric="price_level", subject="Nifty")),
    ("Harrowgate plummeted 18 % to 64.2 pence on Tuesday .",
     dict(value=0.642, currency="GBP", direction="down", metric="price_level", subject="Harrowgate")),
    ("Buy Kaveri Finance and keep a stop loss at Rs 412",
     dict(value=412, currency="INR", direction=None, metric="price_level")),
    ("Sensex sheds over 320 points",
     dict(value=320, unit="index_points", comparator="more_than", direction="down", metric="return")),
    ("Why is Talvio Trucks muted despite an order for 1.8 lakh buses?",
     dict(value=180_000, unit="count", direction=None)),
    ("Orbex Telecom to buy 14% stake in Sarnet Networks",
     dict(value=14, unit="percent", metric="stake", subject="Orbex Telecom", direction=None)),
])
def test_headline_rules(extract, text, expect):
    res = extract(text, None)
    hits = [c.to_json() for c in res.claims if c.value == pytest.approx(expect["value"])]
    assert len(hits) == 1, [c.to_json() for c in res.claims]
    got = hits[0]
    for key, val in expect.items():
        assert got[key] == val, (key, got)


def test_output_contract_shape(extractor):
    out = extractor.extract("Oxwell shares rose 3% on Monday.", "2025-03-07").to_json("x1")
    assert list(out) == ["id", "entities", "claims", "strategists", "quotes"]
    assert set(out["entities"][0]) == {"name", "kind", "ticker", "text", "start", "end"}
    assert list(out["claims"][0]) == ["value", "value_high", "unit", "currency", "comparator", "direction", "metric",
                                      "subject", "subject_entity", "subject_id", "period_text", "period_start",
                                      "period_end", "speaker", "modality", "quote", "start", "end", "rules"]
    claim = out["claims"][0]
    assert claim["value"] == 3 and isinstance(claim["value"], int) and isinstance(claim["rules"], list)


@pytest.mark.parametrize("text", ["", "   \n ", "12 13 14\n15 16 17\n18 19 20",
                                  "Der DAX stieg am Montag um 2 Prozent auf 18.000 Punkte, sagten Händler in Frankfurt."])
def test_bad_input_gives_no_claims(extract, text):
    assert extract(text).claims == []


def test_long_text_is_chunked(extractor, monkeypatch):
    import news_sentiment.nlp.extract as ex

    monkeypatch.setattr(ex, "MAX_CHARS", 200)
    para = "Tencent shares rose 4% on Monday after results.\n"
    text = para * 12
    res = extractor.extract(text, "2025-03-07")
    assert len(res.claims) == 12
    assert all(text[c.start:c.end] == "4%" for c in res.claims)
    assert all(c.subject == "Tencent" for c in res.claims)


def test_parallel_workers_match_serial(extractor):
    from news_sentiment.nlp.extract import Extractor

    texts = [(f"Tencent shares rose {i}% on Friday, said Jane Roe, an analyst at Nomura.", "2025-03-07")
             for i in range(1, 9)]
    serial = [e.to_json() for e in extractor.extract_many(texts)]
    par = Extractor(kb=extractor.kb, nlp=extractor.nlp, batch_size=3, n_process=2)
    parallel = [e.to_json() for e in par.extract_many(texts)]
    assert parallel == serial
    assert [c["claims"][0]["value"] for c in parallel] == list(range(1, 9))


def test_respectively_pairs_names_and_figures(extract):
    res = extract("Bank shares rallied, with JPMorgan Chase and Citigroup Inc gaining 2.2% and 3.1%, respectively.")
    assert [(c.value, c.subject, c.direction) for c in res.claims] == [(2.2, "JPMorgan Chase", "up"),
                                                                      (3.1, "Citigroup", "up")]


@pytest.mark.parametrize("company,ticker", [("Dow Widgets", None), ("Dow Chemical", "DOW")])  # unknown / listed
def test_longer_name_is_not_the_alias(extract, company, ticker):
    res = extract(f"{company} shares fell 3%, while the Dow gained 120 points on Monday.")
    names = {m.text: (m.name, m.ticker) for m in res.mentions}
    assert names[company] == (company, ticker)
    assert names["Dow"] == ("Dow Jones Industrial Average", "^DJI")
    assert [(c.subject, c.unit) for c in res.claims] == [(company, "percent"), ("Dow", "index_points")]
    # the subject as the text writes it; the knowledge base's entity apart
    assert (res.claims[1].subject_entity, res.claims[1].subject_id) == ("Dow Jones Industrial Average",
                                                                         "dow-jones-industrial-average")
    assert res.claims[0].subject_id == (None if ticker is None else "dow-chemical")


@pytest.mark.parametrize("text,value,unit,currency,subject", [
    ("Thai baht weakens 0.4 per cent to 36.20 per dollar", 36.2, "currency", "THB", None),
    ("Fenwick Securities sees Sensex at 88,000 by June 2027", 88_000, "index_points", None, "Sensex"),
    ("Once Pranav Mills crosses 1250, buyers will return", 1250, "currency", None, "Pranav Mills"),
])
def test_levels_and_exchange_rates(extract, text, value, unit, currency, subject):
    c = next(c for c in extract(text, None).claims if c.value == value)
    assert (c.unit, c.currency) == (unit, currency)
    if subject:
        assert c.subject == subject


@pytest.mark.parametrize("text,value,currency", [
    ("Priced at 7$ each, Voltrana looks cheap next to its rivals.", 7, "USD"),
    ("Voltrana booked 14M in sales last year.", 14_000_000, None),          # money by definition, no currency named
    ("Klarbo reported revenue of 12.5 billion for the year.", 12_500_000_000, None),
])
def test_money_without_a_leading_symbol_keeps_its_scale(extract, text, value, currency):
    [c] = extract(text, None).claims
    assert (c.value, c.unit, c.currency) == (value, "currency", currency)


@pytest.mark.parametrize("text", [
    "The analyst call lasted 45 min and shares of Velmar stayed flat for 8+ weeks.",
    "Brokers expect Kestora to trade sideways in the next 1-3 wks after it fell for 20 consecutive days.",
    "5 stocks to buy now: Velmar leads the top 10 picks for next year.",
    "Aerion will raise output of the X-104 drone, while Lumora's iPhone 16 rival and Tesla's Model 3 sold well.",
    "Oxwell shares held above the 200-day MA, with an RSI 30 reading and the 50-day moving average rising.",
])
def test_durations_list_sizes_designations_and_indicator_parameters_are_not_claims(extract, text):
    assert extract(text, None).claims == []
