"""The pure stage functions of nlp/claims.py, on claims and sentences we build by hand (no model needed)."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from news_sentiment.nlp.claims import (  # noqa: E402
    Built, Figure, SentenceState, coordinated, mask_names, propagated_directions, reference_claim,
)
from news_sentiment.nlp.numbers import NumExpr  # noqa: E402
from news_sentiment.nlp.records import Claim, Mention  # noqa: E402
from news_sentiment.nlp.vocab import Direction, Metric, Unit  # noqa: E402


def claim(value, unit, metric=Metric.OTHER, direction=None, period=None, subject=None) -> Claim:
    return Claim(value=value, unit=unit, start=0, end=1, quote="", metric=metric, direction=direction,
                 period_text=period, subject=subject)


def num(start: int, end: int, value: float = 1.0) -> NumExpr:
    return NumExpr(start=start, end=end, num_start=start, num_end=end, value=value, unit="percent")


def state(*built: Built) -> SentenceState:
    doc = spacy.blank("en")("One sentence of text.")
    return SentenceState(doc[:], 0, list(built))


def test_a_level_takes_the_direction_of_a_change_of_the_same_metric():
    level = claim(80e6, Unit.CURRENCY, Metric.REVENUE)
    other = claim(5, Unit.COUNT, Metric.HEADCOUNT)
    change = claim(6, Unit.PERCENT, Metric.REVENUE, Direction.UP)
    got = propagated_directions([Built(level, num(0, 1), False), Built(other, num(2, 3), False),
                                 Built(change, num(4, 5), False)])
    assert got == [(level, Direction.UP)]  # headcount has no change of its own; the change itself is left alone


def test_a_base_never_gives_or_takes_a_propagated_direction():
    level = claim(80e6, Unit.CURRENCY, Metric.REVENUE)
    base_change = claim(6, Unit.PERCENT, Metric.REVENUE, Direction.UP)
    assert propagated_directions([Built(level, num(0, 1), False), Built(base_change, num(4, 5), True)]) == []


def test_listed_figures_share_direction_metric_and_period():
    first = claim(3, Unit.PERCENT, Metric.REVENUE, Direction.DOWN, "in May")
    st = state(Built(first, num(0, 2), False))
    fired: list[str] = []
    fig = Figure(num(8, 10), 1, " and ", False, None)
    assert coordinated(st, fig, Unit.PERCENT, None, Metric.RETURN, None, fired) == \
        (Direction.DOWN, Metric.REVENUE, "in May")
    assert fired == ["claim.coordinated"]
    # another unit, or a gap that is not a list, shares nothing
    assert coordinated(st, fig, Unit.CURRENCY, None, Metric.RETURN, None, []) == (None, Metric.RETURN, None)
    far = Figure(num(20, 22), 1, " while costs rose ", False, None)
    assert coordinated(st, far, Unit.PERCENT, None, Metric.RETURN, None, []) == (None, Metric.RETURN, None)


def test_a_comparison_base_refers_to_the_last_figure_in_a_compatible_unit():
    money = claim(5e6, Unit.CURRENCY, Metric.PROFIT, subject="Lindqvist Paper")
    pct = claim(4, Unit.PERCENT, Metric.MARGIN)
    st = state(Built(money, num(0, 1), False), Built(pct, num(2, 3), False))
    assert reference_claim(st, Unit.COUNT) is money  # money, counts and other figures are compatible
    assert reference_claim(st, Unit.PERCENT) is pct
    assert reference_claim(st, Unit.MULTIPLE) is None


def test_names_are_masked_letter_by_letter_keeping_spaces():
    text = "Orwell Holdings sold 5 holdings, Jane Roe said."
    mentions = [Mention("Orwell Holdings", "company", None, "Orwell Holdings", 0, 15),
                Mention("Jane Roe", "person", None, "Jane Roe", 33, 41)]  # people are not masked
    assert text[33:41] == "Jane Roe"
    assert mask_names(text, mentions) == "XXXXXX XXXXXXXX sold 5 holdings, Jane Roe said."
