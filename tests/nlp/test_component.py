"""The 'claims' and 'entity_links' spaCy components: on a blank pipeline (no model needed), then in the real one.

All sentences are written by us with invented company names.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

spacy = pytest.importorskip("spacy")

from news_sentiment.errors import ConfigError  # noqa: E402
from news_sentiment.nlp import component  # noqa: E402,F401 - registers the factories
from news_sentiment.nlp.component import claims_of, register_extensions  # noqa: E402
from news_sentiment.nlp.linear import LinearModel  # noqa: E402
from news_sentiment.nlp.records import Mention  # noqa: E402
from news_sentiment.nlp.vocab import Direction, Metric, Unit  # noqa: E402


def blank(**config):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("claims", config={"learned": False, **config})
    return nlp


def test_factory_is_registered_with_its_config():
    from spacy.language import Language

    assert Language.has_factory("claims") and Language.has_factory("entity_links")
    nlp = blank(default_published="2024-06-30")
    cfg = nlp.config["components"]["claims"]
    assert cfg["factory"] == "claims"
    assert (cfg["default_published"], cfg["learned"], cfg["models_dir"]) == ("2024-06-30", False, None)


def test_extensions_register_once():
    register_extensions()
    register_extensions()  # a second call (or a second import) is harmless
    from spacy.tokens import Doc

    assert all(Doc.has_extension(n) for n in ("claims", "mentions", "published", "english"))


def test_blank_pipeline_fills_typed_claims():
    doc = blank()("Harbor Lane Foods said sales rose 12% to $4.5 billion.")
    got = [(c.value, c.unit, c.direction, c.metric, c.currency) for c in doc._.claims]
    assert got == [(12, Unit.PERCENT, Direction.UP, Metric.REVENUE, None),
                   (4.5e9, Unit.CURRENCY, Direction.UP, Metric.REVENUE, "USD")]
    assert isinstance(doc._.claims[0].unit, Unit) and isinstance(doc._.claims[0].metric, Metric)
    assert doc.text[doc._.claims[1].start:doc._.claims[1].end].startswith("$4.5 billion")


def test_a_doc_without_numbers_has_no_claims_not_none():
    doc = blank()("Nothing here is measured.")
    assert doc._.claims == []


def test_published_comes_from_the_doc_else_the_config():
    nlp = blank(default_published="2024-06-30")
    text = "Kestrel Mining output grew 8% this year."
    assert [(c.period_start, c.period_end) for c in nlp(text)._.claims] == [("2024-01-01", "2024-06-30")]
    doc = nlp.make_doc(text)
    doc._.published = date(2023, 3, 15)
    assert [(c.period_start, c.period_end) for c in nlp(doc)._.claims] == [("2023-01-01", "2023-03-15")]
    assert [c.period_start for c in blank()(text)._.claims] == [None]  # no date: unresolved, kept as text


def test_a_doc_marked_not_english_gets_no_claims():
    nlp = blank()
    doc = nlp.make_doc("Der Umsatz stieg um 12%.")
    doc._.english = False
    assert nlp(doc)._.claims == []


@pytest.mark.parametrize("config,message", [({"default_published": "30/06/2024"}, "ISO date"),
                                            ({"models_dir": "/nonexistent/models"}, "not a directory")])
def test_bad_config_is_a_clear_error(config, message):
    nlp = spacy.blank("en")
    with pytest.raises(ConfigError, match=message):
        nlp.add_pipe("claims", config=config)


def test_models_dir_supplies_the_modality_model(tmp_path):
    always_forecast = LinearModel(classes=("actual", "forecast"), index={}, weights=(), intercept=(0.0, 1.0))
    (tmp_path / "modality.json").write_text(json.dumps(always_forecast.to_json()), encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("claims", config={"models_dir": str(tmp_path)})
    assert [c.modality for c in nlp("Revenue rose 5% last year.")._.claims] == ["forecast"]
    assert [c.modality for c in blank()("Revenue rose 5% last year.")._.claims] == ["actual"]  # the cue rules


def test_mentions_from_the_doc_pair_with_respectively():
    nlp = blank()
    text = "Shares of Orwell Foods and Tamsin Steel gained 3.7% and 4.9%, respectively."
    doc = nlp.make_doc(text)
    doc._.mentions = [Mention(n, "company", None, n, text.index(n), text.index(n) + len(n))
                      for n in ("Orwell Foods", "Tamsin Steel")]
    claims = nlp(doc)._.claims
    assert [(c.value, c.subject) for c in claims] == [(3.7, "Orwell Foods"), (4.9, "Tamsin Steel")]
    assert all("subject.respectively" in c.rules for c in claims)


def test_overrides_are_traced_rules():
    claims = blank()("Orwell Foods shares fell 4% to 18.20 euros, and sales slipped 2% and 3%.")._.claims
    by_value = {c.value: c for c in claims}
    assert by_value[18.2].direction == Direction.DOWN and "direction.level_reached" in by_value[18.2].rules
    assert by_value[3].direction == Direction.DOWN and "claim.coordinated" in by_value[3].rules
    assert "claim.coordinated" not in by_value[2].rules


def test_every_traced_id_is_a_rule_or_a_structural_rule():
    from news_sentiment.nlp.claims import STRUCTURAL_RULES
    from news_sentiment.nlp.rulebook import all_rules

    known = {r.id for r in all_rules()} | set(STRUCTURAL_RULES)
    texts = ["Orwell Foods shares fell 4% to 18.20 euros, and sales slipped 2% and 3%.",
             "Revenue was $80 million, a 6% increase, compared with $75 million a year earlier.",
             "The fund returned 7% a year; the index closed 0.8% higher at 7,120 points.",
             "Tamsin Steel trades at 11 times earnings, below its average of 14 times."]
    traced = {r for t in texts for c in blank()(t)._.claims for r in c.rules}
    assert traced and traced <= known, traced - known
    assert {"direction.level_reached", "claim.coordinated", "metric.base_of_reference"} <= traced


def test_claims_of_a_pipeline_without_the_component_is_an_error():
    with pytest.raises(ConfigError, match="no 'claims' component"):
        claims_of(spacy.blank("en")("Sales rose 5%."))


# --------------------------------------------------------------------------- the real pipeline
def test_real_pipeline_ends_with_entity_links_and_claims(extractor):
    assert extractor.nlp.pipe_names[-2:] == ["entity_links", "claims"]
    doc = extractor.nlp("Orwell Foods shares rose 3% on Monday.")
    assert [(m.name, m.kind) for m in doc._.mentions] == [("Orwell Foods", "company")]
    assert [(c.value, c.subject, c.direction) for c in doc._.claims] == [(3, "Orwell Foods", Direction.UP)]


def test_extractor_uses_the_components_learned_models(extractor):
    from news_sentiment.nlp.claim_models import ClaimModels

    comp = extractor.nlp.get_pipe("claims")
    assert extractor.modality is comp.models.modality
    saved = extractor.claim_models
    try:
        extractor.claim_models = ClaimModels({})
        assert comp.models.attributes.models == {}
    finally:
        extractor.claim_models = saved


def test_comparison_base_takes_its_figures_subject_and_metric(extract):
    res = extract("Lindqvist Paper earned $5 million in the quarter, compared with $4 million a year earlier.")
    first, base = res.claims
    assert (base.value, base.metric, base.subject) == (4e6, first.metric, first.subject)
    assert "metric.base_of_reference" in base.rules
