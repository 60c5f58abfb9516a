"""What a figure is about, on sentences we wrote (invented companies): the rules alone and with the shipped
subject ranker must both get these right."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.subject_rank import SubjectRanker


@pytest.mark.parametrize("text,expected", [
    ("Harwell Capital sees the Nasdaq 100 at 25,000 by the end of next year.", [(25000, "Nasdaq 100")]),
    ("Strategists at Harwell Capital expect the S&P 500 to end next year at 7,400.", [(7400, "S&P 500")]),
    ("Kestrel Securities initiated coverage of Orrel Motors with a buy rating and a price target of $48.",
     [(48, "Orrel Motors")]),
    ("Bank of Lorn cut its price target on Quillmark Foods to $45 from $52.",
     [(45, "Quillmark Foods"), (52, "Quillmark Foods")]),
])
def test_a_forecast_or_target_is_about_what_is_forecast_not_the_firm(subjects, text, expected):
    assert subjects(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("At Monday's close of $12.40, Orrel Motors shares yield 3.1%.", [(12.4, "Orrel Motors"), (3.1, "Orrel Motors")]),
    ("Thursday's movers: Orrel Motors slumps 14% after a profit warning", [(14, "Orrel Motors")]),
    ("Monday Shares of Quillmark Foods rose 6% after the results.", [(6, "Quillmark Foods")]),
])
def test_a_weekday_or_a_headline_word_is_not_the_subject(subjects, text, expected):
    assert subjects(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Orrel Motors said on Tuesday it would cut 2,000 jobs. The carmaker's shares fell 4% in early trade.",
     [(2000, "Orrel Motors"), (4, "Orrel Motors")]),
    ("Orrel Motors, the German carmaker, sold 120,000 vehicles in March. The automaker expects sales to grow 5% "
     "this year.", [(120000, "Orrel Motors"), (5, "Orrel Motors")]),
])
def test_a_description_means_the_company_named_before(subjects, text, expected):
    assert subjects(text) == expected


def test_a_description_prefers_a_company_to_a_regulator(subjects):
    text = ("Quillmark Bank will pay out 80% of its profit after the European Central Bank approved the plan. "
            "The bank's shares rose 2.5% on Friday.")
    assert subjects(text)[-1] == (2.5, "Quillmark Bank")


@pytest.mark.parametrize("text,expected", [
    ("Inflation in Portugal slowed to 3.1% in June.", [(3.1, "Portugal")]),
    ("The Bank of England said inflation would ease to 2.5% next year.", [(2.5, "UK")]),
    ("They forecast U.S. GDP growth of 1.8% next year.", [(1.8, "U.S.")]),  # as written (round 26)
    ("The Federal Reserve held its policy rate at 4.25% on Wednesday.", [(4.25, "Federal Reserve")]),
])
def test_a_national_statistic_is_about_the_economy_a_policy_rate_about_its_bank(subjects, text, expected):
    assert subjects(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Kestrel Motors has returned 12% this year, trailing Quillmark Foods Inc, which rose more than 30% over "
     "the same period.", [(12, "Kestrel Motors"), (30, "Quillmark Foods")]),
    ("Orrel Motors trails Quillmark Foods, whose shares jumped 18% this month.", [(18, "Quillmark Foods")]),
])
def test_a_relative_clause_figure_is_about_its_antecedent(subjects, text, expected):
    assert subjects(text) == expected


def test_a_figure_attached_by_for_is_about_that_name(extractor):
    """The rules: 'a gain of more than 20% for the S&P 500' (the ranker learns it from the 'figure_for' feature)."""
    shipped = extractor.subject_ranker
    extractor.subject_ranker = None
    try:
        claims = extractor.extract("Harwell Capital shares are up 8% this year, compared with a gain of more "
                                   "than 20% for the S&P 500 index.", None).claims
    finally:
        extractor.subject_ranker = shipped
    assert [(c.value, c.subject) for c in claims] == [(8, "Harwell Capital"), (20, "S&P 500")]


def test_without_a_model_file_the_rules_decide(monkeypatch, tmp_path):
    monkeypatch.setenv("SENTIMENT_SUBJECT_MODEL", str(tmp_path / "absent.json"))
    assert SubjectRanker.load_default() is None


# -- the ranker's parts -----------------------------------------------------------------------------------------

def test_candidates_are_whole_canonical_names_the_rules_pick_and_null(recorded):
    text = "The People's Bank of China cut the reserve requirement ratio by 50 basis points."
    (cands,) = recorded(text).values()
    texts = [c.text for c in cands]
    assert texts[-1] is None and "src:null" in cands[-1].features
    assert "People's Bank of China" in texts
    assert not {"The People", "The People's Bank", "China"} & set(texts)  # never a piece of a name
    picked = [c.text for c in cands if "rule_pick" in c.features]
    assert picked == ["People's Bank of China"]


def test_a_description_is_offered_as_the_company_named_before(recorded):
    seen = recorded("Orrel Motors raised its dividend. The carmaker's shares fell 4% on Monday.")
    cands = seen[max(seen)]
    memory = [c for c in cands if "src:memory" in c.features]
    assert [c.text for c in memory] == ["Orrel Motors"]
    assert "Monday" not in [c.text for c in cands if "rule_pick" in c.features]


def test_the_ranker_keeps_the_best_scored_candidate():
    from news_sentiment.nlp.linear import LinearModel
    from news_sentiment.nlp.subject_rank import Candidate, Source

    model = LinearModel(classes=("no", "yes"), index={"kind:index": 0, "weekday": 1},
                        weights=((0.0, 2.0), (0.0, -3.0)), intercept=(0.0, 0.0))
    cands = [Candidate("Monday", None, Source.CHUNK, {"weekday"}),
             Candidate("Arden 40", "index", Source.MENTION, {"kind:index"}),
             Candidate(None, None, Source.NULL, {"src:null"})]
    assert SubjectRanker(model).choose(None, cands).text == "Arden 40"


def test_pairwise_fit_learns_what_marks_the_right_candidate():
    from news_sentiment.training.subject_train import choice_accuracy, fit_pairwise

    groups = [[(["near", "kind:index"], True, False), (["far", "weekday"], False, True)],
              [(["near", "kind:company"], True, True), (["far"], False, False)],
              [(["far", "kind:index"], False, False), (["near"], True, True)]]
    model = fit_pairwise(groups, c=10.0)
    weight = dict(zip(model.index, (row[1] for row in model.weights)))
    assert weight["near"] > 0 > weight["far"]
    assert choice_accuracy(model, groups) == 1.0
    assert choice_accuracy(None, groups) == pytest.approx(2 / 3)  # the rules' pick is right in two groups


def test_an_attached_name_and_an_unattributed_figure_are_marked_for_the_ranker(recorded):
    seen = recorded("Harwell Capital shares are up 8% this year, compared with a gain of more "
                                "than 20% for the S&P 500 index.")
    last = {c.text: c.features for c in seen[max(seen)]}
    assert "figure_for" in last["S&P 500"] and "figure_for" not in last["Harwell Capital"]
    (cands,) = recorded("Revenue rose 12% in the quarter.").values()
    assert {"null_mentions:<=0", "null_clause_named:False", "null_headline:True"} <= cands[-1].features



# ----------------------------------------------------------------------------- issue 17: currencies, revised forecasts,
# transactions (sentences written for these tests)
@pytest.mark.parametrize("text,expected", [
    ("Norland's crown weakened 0.4% on Tuesday, while the Indian rupee slid to 84.3 per dollar.",
     [(0.4, "crown"), (84.3, "Indian rupee")]),  # the crown is a currency (Swedish, Norwegian, Danish, Czech)
    ("The real firmed 0.8% to 5.42 per dollar after the vote.", [(0.8, "real"), (5.42, "real")]),
    ("Dollar General fell 3% to $120.", [(3, "Dollar General"), (120, "Dollar General")]),
])
def test_a_currency_that_moves_is_the_subject_not_its_country(subjects, text, expected):
    assert subjects(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Harwell Capital raised its 2026 copper forecast to $11,400 a tonne from $10,200.",
     [(11400, "Copper"), (10200, "Copper")]),
    ("Orvel Foods raised its 2026 revenue forecast to $2 billion.", [(2e9, "Orvel Foods")]),
])
def test_a_revised_forecast_is_about_what_is_forecast(subjects, text, expected):
    assert subjects(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Harrow Trust raised 400 million euros by selling 5 million shares, or a 6% stake, in Brio Ports.",
     [(4e8, "Harrow Trust"), (5e6, "Harrow Trust"), (6, "Harrow Trust")]),
    ("Vantor Capital raised its stake in Quillmark Foods to 12%.", [(12, "Vantor Capital")]),
    ("Quillmark Foods said it would buy back up to 3 million shares of Brio Ports.", [(3e6, "Quillmark Foods")]),
])
def test_a_stake_bought_or_sold_is_the_actor_figure(subjects, text, expected):
    assert subjects(text) == expected


# ----------------------------------------------------------------------------- issue 17, round 8: roles, earlier
# sentences, amounts (sentences written for these tests)
def test_a_description_after_a_broker_means_the_company_it_rates(extractor):
    """The ranker (the rules alone keep 'The broker': they have no roles for a description's sentence)."""
    if extractor.subject_ranker is None:
        pytest.skip("no subject model shipped")
    text = ("Pellworth Partners sees 15% upside in Greaves Chemicals. The broker set a 68-euro price target on the "
            "German chemicals maker.")
    assert [(c.value, c.subject) for c in extractor.extract(text, None).claims][-1] == (68, "Greaves Chemicals")


def test_names_of_earlier_sentences_are_candidates_with_their_roles(recorded):
    seen = recorded("Pellworth Partners sees 15% upside in Greaves Chemicals. Net sales rose 9% in "
                                "the quarter.")
    last = {c.text: c.features for c in seen[max(seen)]}
    assert "text_earlier" in last["Greaves Chemicals"] and "role:rated" in last["Greaves Chemicals"]
    assert "forecaster" in last["Pellworth Partners"] and "forecaster" not in last["Greaves Chemicals"]


def test_another_amount_is_never_a_candidate(recorded):
    seen = recorded("Operating profit rose to EUR 1.6 mn from EUR 1.1 mn in the period.")
    from news_sentiment.nlp.subject_rank import AMOUNT

    assert not [c.text for cands in seen.values() for c in cands if c.text and AMOUNT.regex.search(c.text)]


def test_bare_prices_are_the_commodity_named_before(recorded):
    seen = recorded("Gold rose 1.2% on Monday. Analysts said prices could reach $2,600 an ounce "
                                "by June.")
    last = {c.text: c.features for c in seen[max(seen)]}
    assert "prices" not in last and "coref_of:chunk" in last["Gold"]


# ----------------------------------------------------------------------------- round 9 (issue 17)
@pytest.mark.parametrize("text,marked,feature", [
    ("Halden Bank sees the rupee weakening to 86 per dollar by March.", "the rupee", "forecast_object"),
    # ('to strengthen to 140 per dollar' is decided by subject.currency_moved before the ranker since round 21)
    ("Strategists at Orrel Bank expect the yen to hover near 140 per dollar.", "the yen", "forecast_object"),
    # (a firm that revises its forecast for a market's thing is decided by subject.revised_forecast_object first)
    ("The Norland Energy Council published a forecast for world coal demand of 20,000 tonnes.", "world coal demand",
     "forecast_noun_object"),
])
def test_what_a_forecast_is_about_is_marked_for_the_ranker(recorded, text, marked, feature):
    seen = recorded(text)
    feats = {c.text: c.features for cands in seen.values() for c in cands if c.text}
    assert feature in feats[marked]
    assert not {"forecast_object", "forecast_noun_object"} & feats[next(n for n in feats if n.endswith(
        ("Bank", "Council", "Securities")))]


# ----------------------------------------------------------------------------- round 10 (issue 17)
def test_a_metal_in_its_forecast_phrase_is_what_is_forecast_and_no_speaker(recorded):
    seen = recorded("Harlow Research's gold forecast is $3,000 an ounce and its silver forecast "
                                "is $33.")
    last = {c.text: c for c in seen[max(seen)]}
    assert last["Silver"].kind == "commodity" and last["Gold"].kind == "commodity"  # the KB's kind, not 'product'
    assert "forecast_noun_object" in last["Silver"].features and "speaks" not in last["Silver"].features
    assert {"other_forecast_object", "other_forecast_object&organization"} <= last["Harlow Research"].features


@pytest.mark.parametrize("text,subject", [
    ("The Fenwick Energy Agency raised its forecast for world coal demand growth in 2027 by 20,000 tonnes, it said.",
     "world coal demand growth"),
    ("The International Energy Agency cut its forecast for global oil demand by 80,000 barrels per day.",
     "global oil demand"),
    ("Harlow Research kept its average silver price forecast unchanged at $31 an ounce.", "silver"),
    ("Analysts at Quill Bank trimmed their 2026 GDP forecast for the euro zone to 0.9%.", "euro zone"),
])
def test_a_firm_revising_its_forecast_of_a_market_thing_is_not_the_subject(extract, text, subject):
    assert [c.subject for c in extract(text, None).claims if c.unit.value != "count"][-1].lower() == subject


@pytest.mark.parametrize("text,firm", [
    ("Orvel Foods raised its 2026 revenue forecast to $2 billion.", "Orvel Foods"),
    ("Tarvo Mining kept its copper output forecast at 410,000 tonnes.", "Tarvo Mining"),
])
def test_a_company_revising_its_own_figure_keeps_the_subject(extract, text, firm):
    assert [c.subject for c in extract(text, None).claims] == [firm]


def test_gold_keeps_the_output_kind_product_in_mentions(extractor):
    (gold,) = [m for m in extractor.extract("Gold rose 1.1% to $2,950 an ounce.", None).mentions if m.kb_id]
    assert (gold.kind, gold.kb_kind) == ("product", "commodity") and gold.to_json()["kind"] == "product"


@pytest.mark.parametrize("text,seller", [
    ("The state raised 775m euros by selling shares in Norrland Air.", "The state"),
    ("Quillmark Foods cut 1,200 jobs in March.", "Quillmark Foods"),
])
def test_a_figure_after_raised_or_cut_is_no_speech(recorded, text, seller):
    (cands,) = recorded(text).values()
    feats = next(c.features for c in cands if c.text == seller)
    assert "speaks" not in feats


def test_a_revised_call_still_speaks(recorded):
    seen = recorded("Kestrel Securities raised its forecast for Orrel Motors sales to $4 billion.")
    (cands,) = seen.values()
    assert "speaks" in next(c.features for c in cands if c.text == "Kestrel Securities")


@pytest.mark.parametrize("text,expected", [
    ("Quillmark Foods cut its 2026 sales growth forecast to 4%-6%, citing weaker demand in China.",
     [(4, "Quillmark Foods")]),  # a range is one claim
    ("The Chinese economy grew 5.2% last year.", [(5.2, "Chinese economy")]),  # the economy's, as written
])
def test_a_companys_own_growth_figure_keeps_the_company(subjects, text, expected):
    assert subjects(text) == expected
