"""How the narrative models' operating point is chosen: fixed folds, the precision-first threshold rule and
out-of-fold counting (news_sentiment.training.narrative_finetune / narrative_train)."""

from collections import Counter

import numpy as np

from news_sentiment.training.narrative_finetune import FOLDS, PRECISION_TARGET, choose_threshold, fold_of, scores
from news_sentiment.training.narrative_train import prf, summed


def test_fold_of_a_text_depends_on_its_id_only_and_folds_are_balanced():
    ids = [f"src:{k}" for k in range(4000)]
    first = [fold_of(i) for i in ids]
    assert first == [fold_of(i) for i in reversed(ids)][::-1]
    sizes = Counter(first)
    assert set(sizes) == set(range(FOLDS))
    assert all(abs(n - 4000 / FOLDS) < 0.1 * 4000 / FOLDS for n in sizes.values())


def test_threshold_is_the_lowest_whose_precision_reaches_the_target():
    # 100 positives scored 0.9; 20 negatives scored 0.6 and 10 scored 0.3 (one label).
    P = np.array([[0.9]] * 100 + [[0.6]] * 20 + [[0.3]] * 10, dtype=np.float32)
    Y = np.array([[1]] * 100 + [[0]] * 30, dtype=np.float32)
    t = choose_threshold(P, Y)
    assert 0.6 < t <= 0.9  # at 0.6 precision is 100/120 = 0.83 < target; above it, 1.0
    assert scores(P, Y, t)["precision"] >= PRECISION_TARGET
    assert scores(P, Y, 0.55)["precision"] == round(100 / 120, 4)


def test_threshold_falls_back_to_best_f1_when_target_unreachable():
    P = np.array([[0.9], [0.9], [0.9], [0.1]], dtype=np.float32)
    Y = np.array([[1], [0], [0], [1]], dtype=np.float32)  # precision never above 1/3
    # from 0.2 (the lowest threshold tried) to 0.9: 1 of 3 predicted right, 1 of 2 found, F1 0.4; above 0.9: 0
    assert choose_threshold(P, Y) == 0.2
    assert scores(P, Y, 0.2)["f1"] == 0.4


def test_out_of_fold_counts_add_up_before_precision_is_taken():
    folds = [{"a": [3, 1, 0], "b": [0, 0, 2]}, {"a": [1, 3, 0], "b": [4, 0, 0]}]
    total = summed(folds)
    assert total == {"a": [4, 4, 0], "b": [4, 0, 2]}
    r = prf(total)
    assert (r["precision"], r["recall"]) == (round(8 / 12, 4), round(8 / 10, 4))


def test_stored_out_of_fold_probabilities_must_match_version_folds_and_salt():
    from news_sentiment.training.narrative_finetune import FOLD_SALT, oof_matches

    raw = {"version": "clf-x", "folds": FOLDS, "salt": FOLD_SALT, "probabilities": {}}
    assert oof_matches(raw, "clf-x")
    assert not oof_matches(raw, "clf-y")
    assert not oof_matches(raw | {"folds": FOLDS + 1}, "clf-x")
    assert not oof_matches(raw | {"salt": FOLD_SALT + "-other"}, "clf-x")
