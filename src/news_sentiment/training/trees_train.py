"""Fit a ranking tree ensemble (LightGBM's lambdarank) on candidate groups and store it as ``nlp.trees.TreeModel``.

Training only (LightGBM is in the ``train`` extra); inference is ``nlp/trees.py`` with numpy. Seeded, one thread,
deterministic: the same groups give the same file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from news_sentiment.nlp.trees import TreeModel
from news_sentiment.training.ranker_train import Group

MIN_COUNT = 3  # a feature seen on fewer training candidates is left out (too rare to split on)
MAX_DEPTH = 6  # bounds the walk at inference (CV on train: depth 5, 6, 8 or unbounded all within 0.01)


@dataclass(frozen=True)
class TreeSetting:
    """One point of the grid: the trees' size and how many are added, at a fixed learning rate."""

    leaves: int
    rounds: int

    def __str__(self) -> str:
        return f"trees:{self.leaves}x{self.rounds}"


TREE_GRID = (TreeSetting(15, 150), TreeSetting(15, 300), TreeSetting(31, 150), TreeSetting(31, 300))


def matrix(groups: list[Group], names: list[str]) -> tuple[Any, list[int], list[int]]:
    """The groups' candidates as a sparse 0/1 matrix over ``names``, their labels and the group sizes."""
    from scipy.sparse import csr_matrix

    col = {f: i for i, f in enumerate(names)}
    rows, cols, labels, sizes = [], [], [], []
    for group in groups:
        for feats, pos, _ in group:
            for f in set(feats):
                if f in col:
                    rows.append(len(labels))
                    cols.append(col[f])
            labels.append(int(pos))
        sizes.append(len(group))
    x = csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(labels), len(col)))
    return x, labels, sizes


def fit_trees(data: list[Group], setting: TreeSetting, seed: int = 13) -> TreeModel:
    """Lambdarank over the groups that hold a right candidate (the others teach no order)."""
    booster, names = fit_booster(data, setting, seed)
    return from_lightgbm(booster.dump_model(), names)


def fit_booster(data: list[Group], setting: TreeSetting, seed: int = 13) -> tuple[Any, list[str]]:
    """LightGBM's own model and its feature names (column order)."""
    import lightgbm

    usable = [g for g in data if any(pos for _, pos, _ in g)]
    counts = Counter(f for g in usable for feats, _, _ in g for f in set(feats))
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    x, labels, sizes = matrix(usable, names)
    model = lightgbm.LGBMRanker(
        objective="lambdarank", n_estimators=setting.rounds, num_leaves=setting.leaves, max_depth=MAX_DEPTH,
        learning_rate=0.05, min_child_samples=20, colsample_bytree=0.5, subsample=0.8, subsample_freq=1,
        random_state=seed, n_jobs=1, deterministic=True, force_row_wise=True, verbose=-1)
    model.fit(x, labels, group=sizes)
    return model.booster_, names


def from_lightgbm(dump: dict[str, Any], names: list[str]) -> TreeModel:
    """Flatten LightGBM's ``dump_model()`` into the arrays of :class:`TreeModel`, keeping only the features
    some tree splits on."""
    used: dict[int, int] = {}
    arrays: dict[str, list] = {k: [] for k in ("split", "threshold", "left", "right", "leaves")}

    def walk(node: dict[str, Any]) -> int:
        if "leaf_value" in node:
            arrays["leaves"].append(round(float(node["leaf_value"]), 6))
            return -len(arrays["leaves"])
        if node.get("decision_type", "<=") != "<=":
            raise ValueError(f"unsupported split {node.get('decision_type')!r}")
        at = len(arrays["split"])
        arrays["split"].append(used.setdefault(int(node["split_feature"]), len(used)))
        arrays["threshold"].append(float(node["threshold"]))
        arrays["left"].append(0)
        arrays["right"].append(0)
        arrays["left"][at] = walk(node["left_child"])
        arrays["right"][at] = walk(node["right_child"])
        return at

    roots = [walk(tree["tree_structure"]) for tree in dump["tree_info"]]
    features = [names[i] for i, _ in sorted(used.items(), key=lambda kv: kv[1])]
    return TreeModel(features=tuple(features), roots=tuple(roots), split=tuple(arrays["split"]),
                     threshold=tuple(arrays["threshold"]), left=tuple(arrays["left"]),
                     right=tuple(arrays["right"]), leaves=tuple(arrays["leaves"]))
