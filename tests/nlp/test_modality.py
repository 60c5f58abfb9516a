"""Claim modality: features, the JSON-weight model, the rule fallback, and the CLI filter."""

from __future__ import annotations

import json

import pytest

from news_sentiment.nlp.linear import LinearModel
from news_sentiment.nlp.modality import Modality, digit_span, features, rule_modality, syntax_features


def feats(text: str, number: str) -> list[str]:
    start = text.index(number)
    return features(text, start, start + len(number), 0, len(text))


def test_the_cli_offers_exactly_the_modalities():
    from news_sentiment.cli.extract import MODALITIES

    assert MODALITIES == tuple(m.value for m in Modality)


def test_features_do_not_depend_on_how_wide_the_number_span_is():
    text = "Acme expects revenue of EUR 12.5 mn next year."
    wide, narrow = text.index("EUR 12.5 mn"), text.index("12.5")
    assert digit_span(text, wide, wide + len("EUR 12.5 mn")) == (narrow, narrow + 4)
    assert features(text, wide, wide + 11, 0, len(text)) == feats(text, "12.5")


@pytest.mark.parametrize("text, number, expected", [
    ("Shares of Acme rose 4% on Tuesday.", "4%", Modality.ACTUAL),
    ("Analysts had expected earnings of $1.10 a share.", "1.10", Modality.EXPECTATION),
    ("The bank raised its price target on Acme to $250.", "250", Modality.TARGET),
    ("Strategists see the index at 5,400 by year-end.", "5,400", Modality.FORECAST),
])
def test_rules_read_the_nearest_cue(text, number, expected):
    assert rule_modality(feats(text, number)) is expected


def test_model_scores_are_a_sum_of_weights():
    model = LinearModel(classes=("actual", "forecast"),
                          index={"near:forecast": 0, "b:sees": 1},
                          weights=((-1.0, 2.0), (0.0, 0.5)), intercept=(0.4, 0.0))
    assert model.predict(["b:rose"]) == "actual"  # intercepts only: 0.4 > 0.0
    assert model.predict(["near:forecast"]) == "forecast"  # -0.6 < 2.0
    probs = model.probabilities(["near:forecast", "b:sees"])
    assert probs["forecast"] == pytest.approx(1 / (1 + 2.718281828459045 ** (-0.6 - 2.5)))


def test_model_round_trips_through_json(tmp_path):
    model = LinearModel(classes=("actual", "target"), index={"a:x": 0}, weights=((0.1, 0.2),), intercept=(0.0, 0.3))
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_json()))
    loaded = LinearModel.load(path)
    assert (loaded.classes, loaded.index, loaded.weights, loaded.intercept) == \
        (model.classes, model.index, model.weights, model.intercept)
    assert len(loaded.digest) == 10


def test_shipped_model_loads_and_names_known_classes():
    from news_sentiment.nlp.modality import load_default

    model = load_default()
    assert model is not None and set(model.classes) <= {m.value for m in Modality}
    assert model.predict(feats("Acme shares fell 3% on Monday.", "3%")) == "actual"


def test_claim_models_correct_the_rules_and_map_none_to_null():
    from news_sentiment.nlp.claim_models import ClaimModels
    from news_sentiment.nlp.records import Claim

    text = "Acme shares held at $12 on Monday."
    start = text.index("$12")
    claim = Claim(value=12, unit="currency", start=start, end=start + 3, quote="$12", currency="USD",
                  direction="up", metric="return")
    direction = LinearModel(classes=("none", "up"), index={"b:held": 0}, weights=((2.0, -2.0),), intercept=(0.0, 0.5))
    metric = LinearModel(classes=("price_level", "return"), index={"rule_metric:return": 0, "a:on": 1},
                         weights=((0.0, 1.0), (3.0, 0.0)), intercept=(0.0, 0.0))
    models = ClaimModels({"direction": direction, "metric": metric})
    models.apply(text, claim, 0, len(text))
    assert (claim.direction, claim.metric) == (None, "price_level")
    assert ClaimModels({}).tag == "rules" and models.tag.startswith("direction.")


@pytest.fixture
def parse(extractor):
    nlp = extractor.nlp

    def run(text: str, number: str) -> list[str]:
        with nlp.select_pipes(disable=["claims"]):
            doc = nlp(text)
        start = text.index(number)
        return syntax_features(doc, start, start + len(number))

    return run


@pytest.mark.parametrize("text, number, expected", [
    ("Brightmoor Foods will cut 1,200 jobs next year.", "1,200", {"v0:cut", "vm0:fut", "v0m:cut_fut"}),
    ("Brightmoor Foods plans to cut 1,200 jobs.", "1,200", {"v0:cut", "vm0:inf", "v01:inf_plan"}),
    ("Economists had expected a rise of 0.4% in March.", "0.4", {"v0:expect", "vm0:perf", "vs0:economist"}),
    ("Revenue at the lender rose 7% to $3 billion.", "7%", {"v0:rose", "vm0:VBD"}),
])
def test_syntax_features_read_the_verb_above_the_number(parse, text, number, expected):
    assert expected <= set(parse(text, number))


def test_syntax_features_name_no_company_only_its_entity_class(parse):
    feats = parse("Brightmoor Foods will cut 1,200 jobs next year.", "1,200")
    assert not any("brightmoor" in f for f in feats)


def test_syntax_features_without_a_token_at_the_number_say_so(extractor):
    doc = extractor.nlp.make_doc("No figure here.")
    assert syntax_features(doc, 3, 3) == ["syn:none"]


def test_shipped_model_reads_a_plan_and_a_consensus(extractor):
    text = ("Brightmoor Foods plans to cut 1,200 jobs by 2028, the company said. Economists had expected "
            "quarterly revenue of $4 billion; it reported $4.3 billion.")
    modalities = {c.quote: c.modality for c in extractor.extract(text, "2025-03-07").claims}
    assert [m for q, m in modalities.items() if "1,200" in q] == ["target"]
    assert [m for q, m in modalities.items() if "$4 billion" in q] == ["expectation"]
    assert [m for q, m in modalities.items() if "4.3" in q] == ["actual"]
