"""Every extraction rule is data with an id and examples we wrote; each example must match its rule."""

from __future__ import annotations

import pytest

from news_sentiment.nlp import rulebook
from news_sentiment.nlp.rulebook import Rule, all_rules, fired


def test_every_rule_matches_its_examples():
    rules = list(all_rules())
    for rule in rules:
        for ex in rule.examples:
            assert rule.regex.search(ex), f"{rule.id}: example does not match: {ex!r}"


def test_rule_ids_are_stage_dotted_and_unique():
    ids = [r.id for r in all_rules()]
    assert len(ids) == len(set(ids))
    for rid in ids:
        assert rid.split(".", 1)[0] in rulebook.STAGES


def test_a_match_is_traced_and_a_miss_is_not():
    rule = Rule("claim.test-only-trace", r"\bgrew\b", ("Sales grew fast.",))
    try:
        trace: list[str] = []
        assert rule.search("Revenue grew 4%.", trace)
        assert rule.search("Revenue fell 4%.", trace) is None
        assert trace == ["claim.test-only-trace"]
        assert fired(["period.x", "claim.test-only-trace"], "claim") == ["claim.test-only-trace"]
    finally:
        rulebook._REGISTRY.pop("claim.test-only-trace")


@pytest.mark.parametrize("bad", ["nostage", "weird.name"])
def test_ids_outside_the_stages_are_refused(bad):
    with pytest.raises(ValueError, match="must be"):
        Rule(bad, r"x", ("x",))


def test_a_rule_without_examples_is_refused():
    with pytest.raises(ValueError, match="example"):
        Rule("claim.no-examples", r"x", ())
    assert "claim.no-examples" not in rulebook._REGISTRY
