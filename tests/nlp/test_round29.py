"""Round 29: the subject ranker's trees and the evidence they read, on sentences we wrote (invented companies)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.subject_roles import RATES_AFTER, Role
from news_sentiment.training.subject_train import SETTINGS, one_standard_error
from news_sentiment.training.ranker_train import cv_folds
from news_sentiment.training.trees_train import TreeSetting


@pytest.mark.parametrize("after", [
    " raised its target to 2 million vehicles this year.",
    " cut its 2027 delivery target to 640,000 vehicles.",
    " raised its return-on-equity target to 14% from 12%.",
    " trimmed its full-year margin target to 6%-7%.",
    " lowered its sales growth target on Monday.",
    " raised its target to 18% from 15%.",
])
def test_a_company_s_own_goal_is_no_rating(after):
    assert not RATES_AFTER.regex.match(after)


@pytest.mark.parametrize("after", [
    " cut its target to 410p from 455p.",
    " raised its target to $96 from $88.",
    " lowered its target on Orrel Motors to 1,920 rupees.",
    " raised their year-end target for the S&P 500 to 7,300.",
    " lifted its price target to 52 euros.",
])
def test_a_broker_s_or_a_strategist_s_target_is_a_rating(after):
    assert RATES_AFTER.regex.match(after)


def _roles(extractor, text: str) -> dict:
    from news_sentiment.nlp.subject_roles import mention_roles

    result = extractor.extract(text, None)
    return mention_roles(text, result.mentions)


def test_a_company_raising_its_own_target_is_not_a_forecaster(extractor):
    roles = _roles(extractor, "Tarrow Motors raised its target to 1.5 million vehicles. Kestrel Securities cut its "
                              "target on Tarrow Motors to $31.")
    assert Role.RATES not in roles.get("Tarrow Motors", frozenset())
    assert Role.RATES in roles.get("Kestrel Securities", frozenset())


def test_a_trade_destination_is_marked(ranker_candidates):
    text = "Peru's exports rose 3% in June, while exports to Japan fell 8%."
    cands = ranker_candidates(text, "8%")
    japan = next(c for c in cands if c.text == "Japan")
    assert "destination" in japan.features
    assert all("destination" not in c.features for c in cands if c.text != "Japan")


def test_the_simplest_setting_within_one_standard_error_is_chosen():
    cv = dict.fromkeys(SETTINGS, 0.70)
    cv[TreeSetting(31, 300)] = 0.812
    cv[TreeSetting(15, 150)] = 0.807  # within one standard error of 0.812 on 5,000 groups (0.0055)
    cv[("pairwise", 0.1)] = 0.79
    assert one_standard_error(cv, 5000) == TreeSetting(15, 150)
    cv[("pairwise", 0.1)] = 0.809  # a linear model within reach is simpler than any trees
    assert one_standard_error(cv, 5000) == ("pairwise", 0.1)
    assert one_standard_error(cv, 10) == ("pointwise", 0.01)  # on 10 groups the error is wide: the simplest


def test_cross_validation_keeps_a_text_in_one_fold_and_every_group_held_once():
    data = [(f"own:{i // 3}", [([f"g{i}"], True, True)]) for i in range(60)]
    folds = list(cv_folds(data))
    held = [g for _, h in folds for g in h]
    assert sorted(map(str, held)) == sorted(str(g) for _, g in data)
    for fitting, h in folds:
        texts_held = {rid for rid, g in data if g in h}
        assert not texts_held & {rid for rid, g in data if g in fitting}
    assert [len(h) for _, h in folds] == [len(h) for _, h in cv_folds(data)]  # fixed by the ids alone
