"""The tree ensemble of the learned rankers: numpy scoring of flat trees, LightGBM's export, the subject ranker."""

from __future__ import annotations

import json

import pytest

from news_sentiment.nlp.linear import LinearModel
from news_sentiment.nlp.subject_rank import Candidate, Source, SubjectRanker
from news_sentiment.nlp.trees import TreeModel, load_model
from news_sentiment.training.trees_train import from_lightgbm

TINY = 1e-35  # LightGBM's threshold for a binary feature: absent (0.0) goes left, present (1.0) right

# tree 1 splits on 'a', then (when 'a' is present) on 'b'; tree 2 is a single leaf
DUMP = {"tree_info": [
    {"tree_structure": {"split_feature": 0, "threshold": TINY, "decision_type": "<=",
                        "left_child": {"leaf_value": 0.1},
                        "right_child": {"split_feature": 2, "threshold": TINY, "decision_type": "<=",
                                        "left_child": {"leaf_value": 0.5}, "right_child": {"leaf_value": 1.0}}}},
    {"tree_structure": {"leaf_value": 0.25}},
]}
NAMES = ["a", "never_split", "b"]


@pytest.fixture()
def model() -> TreeModel:
    return from_lightgbm(DUMP, NAMES)


@pytest.mark.parametrize("feats, expected", [
    ([], 0.35), (["a"], 0.75), (["a", "b"], 1.25), (["b"], 0.35), (["a", "b", "unseen"], 1.25),
])
def test_a_score_is_the_sum_of_the_leaf_each_tree_reaches(model, feats, expected):
    assert model.score(feats) == pytest.approx(expected)


def test_rows_are_scored_together_as_one_by_one(model):
    rows = [["a"], [], ["a", "b"]]
    assert model.scores(rows) == pytest.approx([model.score(r) for r in rows])
    assert model.scores([]) == []


def test_only_features_a_tree_splits_on_are_stored(model):
    assert model.features == ("a", "b")


def test_the_stored_file_round_trips_and_is_told_from_a_linear_one(model, tmp_path):
    trees, linear = tmp_path / "trees.json", tmp_path / "linear.json"
    trees.write_text(json.dumps(model.to_json()))
    linear.write_text(json.dumps(LinearModel(("no", "yes"), {"a": 0}, ((0.0, 1.0),), (0.0, 0.0)).to_json()))
    loaded = load_model(trees)
    assert isinstance(loaded, TreeModel) and loaded.to_json() == model.to_json() and len(loaded.digest) == 10
    assert isinstance(load_model(linear), LinearModel)
    with pytest.raises(ValueError, match="not a tree model"):
        TreeModel.from_json({"kind": "linear"})


def test_a_split_other_than_at_most_is_refused():
    dump = {"tree_info": [{"tree_structure": {"split_feature": 0, "threshold": 1, "decision_type": "==",
                                              "left_child": {"leaf_value": 0}, "right_child": {"leaf_value": 1}}}]}
    with pytest.raises(ValueError, match="unsupported split"):
        from_lightgbm(dump, ["a"])


def test_the_subject_ranker_picks_the_candidate_the_trees_score_highest(model):
    ranker = SubjectRanker(model)
    cands = [Candidate("Orrel Motors", "company", Source.MENTION, {"b"}),
             Candidate("Quillmark Foods", "company", Source.MENTION, {"a", "b"}),
             Candidate("Kestrel Bank", "company", Source.MENTION, {"a"})]
    assert ranker.choose(None, cands).text == "Quillmark Foods"
    assert ranker.tag == "subject."  # a model built in memory has no file digest
    # equal scores: the first candidate, as max() over the candidates picks
    assert ranker.choose(None, [cands[0], Candidate("Kestrel Bank", None, Source.CHUNK, set())]) is cands[0]


def test_fitted_trees_score_as_lightgbm_and_learn_the_right_candidate():
    pytest.importorskip("lightgbm", reason="lightgbm is in the train and dev extras (pip install -e '.[dev]')")
    from news_sentiment.training.trees_train import TreeSetting, fit_booster, fit_trees, matrix

    # each group: the right candidate has 'near' and 'name'; wrong ones have one of them, or 'far'
    groups = []
    for i in range(60):
        groups.append([(["near", "name", f"noise{i % 7}"], True, False), (["near", f"noise{i % 5}"], False, True),
                       (["name", "far"], False, False), (["far"], False, False)])
    first = fit_trees(groups, TreeSetting(7, 40))
    again = fit_trees(groups, TreeSetting(7, 40))
    assert first.to_json() == again.to_json()  # seeded, one thread: the same groups give the same model
    held = [["near", "name"], ["near"], ["name", "far"], ["far"]]
    scores = first.scores(held)
    assert scores.index(max(scores)) == 0
    booster, names = fit_booster(groups, TreeSetting(7, 40))
    x, _, _ = matrix([[(feats, False, False) for feats in held]], names)
    assert scores == pytest.approx(list(booster.predict(x)), abs=1e-5)  # leaves are stored to 6 decimals
