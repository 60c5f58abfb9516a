"""The enums hold exactly the guide's vocabularies and serialise as plain strings."""

from __future__ import annotations

import json

from news_sentiment.nlp.vocab import Comparator, Direction, Metric, Unit


def test_vocabularies_are_the_guides():
    assert {u.value for u in Unit} == {"percent", "percentage_points", "currency", "multiple", "index_points",
                                       "count", "other"}
    assert {c.value for c in Comparator} == {"more_than", "less_than", "about", "at_least", "at_most"}
    assert {d.value for d in Direction} == {"up", "down"}
    assert len(Metric) == 14 and Metric("price_level") is Metric.PRICE_LEVEL


def test_members_serialise_as_their_values():
    assert json.dumps({"unit": Unit.PERCENT, "metric": Metric.EPS}) == '{"unit": "percent", "metric": "eps"}'
    assert Unit.CURRENCY == "currency"
