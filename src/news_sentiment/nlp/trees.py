"""A boosted tree ensemble over binary features, stored as plain JSON and scored with numpy.

The learned rankers of claim extraction score candidates from sparse string features. A linear model adds one
weight per feature; an ensemble of regression trees (trained with LightGBM, ``training/trees_train.py``) also
learns how features combine ('the nearest name before' matters when the path goes through the verb, not when a
comma list lies between). Inference needs no LightGBM: the trees are flat arrays, every tree is walked at once.

File format (``to_json``)::

    {"kind": "trees", "features": [name, ...], "roots": [node, ...],
     "split": [feature index per node], "threshold": [...], "left": [...], "right": [...],
     "leaves": [value, ...]}

A child index >= 0 is an internal node; a negative one, ``-(k + 1)``, is leaf ``k``. A node sends a candidate
left when its feature's value (1.0 present, 0.0 absent) is at most the threshold.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from news_sentiment.nlp.linear import LinearModel, file_digest

KIND = "trees"


@dataclass(frozen=True)
class TreeModel:
    features: tuple[str, ...]
    roots: tuple[int, ...]
    split: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    leaves: tuple[float, ...]
    digest: str = ""  # of the stored file: part of the extractor version
    _arrays: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # leaves become nodes that loop on themselves (their split reads the absent last column: always left), so
        # every tree is walked the same number of steps without masks
        inner, n_feat = len(self.split), len(self.features)
        def node(child: int) -> int:
            return child if child >= 0 else inner - child - 1
        leaf_ids = list(range(inner, inner + len(self.leaves)))
        left = np.asarray([node(c) for c in self.left] + leaf_ids, dtype=np.int64)
        right = np.asarray([node(c) for c in self.right] + leaf_ids, dtype=np.int64)
        roots = np.asarray([node(r) for r in self.roots], dtype=np.int64)
        object.__setattr__(self, "_arrays", {
            "col": {f: i for i, f in enumerate(self.features)}, "roots": roots, "left": left, "right": right,
            "split": np.asarray(list(self.split) + [n_feat] * len(self.leaves), dtype=np.int64),
            "threshold": np.asarray(list(self.threshold) + [0.5] * len(self.leaves)),
            "value": np.asarray([0.0] * inner + list(self.leaves)), "depth": _depth(roots, left, right, inner)})

    @classmethod
    def from_json(cls, data: dict[str, Any], digest: str = "") -> TreeModel:
        if data.get("kind") != KIND:
            raise ValueError(f"not a tree model (kind {data.get('kind')!r})")
        return cls(features=tuple(data["features"]), roots=tuple(data["roots"]), split=tuple(data["split"]),
                   threshold=tuple(data["threshold"]), left=tuple(data["left"]), right=tuple(data["right"]),
                   leaves=tuple(data["leaves"]), digest=digest)

    @classmethod
    def load(cls, path: Path) -> TreeModel:
        raw = path.read_bytes()
        return cls.from_json(json.loads(raw), file_digest(raw))

    def to_json(self) -> dict[str, Any]:
        return {"kind": KIND, "features": list(self.features), "roots": list(self.roots), "split": list(self.split),
                "threshold": list(self.threshold), "left": list(self.left), "right": list(self.right),
                "leaves": list(self.leaves)}

    def scores(self, rows: Iterable[Iterable[str]]) -> list[float]:
        """The ensemble's score (the sum of one leaf per tree) for each feature set of ``rows``."""
        a = self._arrays
        sets = [list(r) for r in rows]
        x = np.zeros((len(sets), len(self.features) + 1))  # the last column, always 0: what leaves split on
        for i, feats in enumerate(sets):
            x[i, [a["col"][f] for f in feats if f in a["col"]]] = 1.0  # features no tree splits on are left out
        node = np.broadcast_to(a["roots"], (len(sets), len(self.roots)))
        row = np.arange(len(sets))[:, None]
        for _ in range(a["depth"]):  # one step down every tree for every row: read only the nodes reached
            go_right = x[row, a["split"][node]] > a["threshold"][node]
            node = np.where(go_right, a["right"][node], a["left"][node])
        return [float(v) for v in a["value"][node].sum(axis=1)]

    def score(self, feats: Iterable[str]) -> float:
        return self.scores([feats])[0]


def _depth(roots: Any, left: Any, right: Any, inner: int) -> int:
    """The most splits on any path from a root to a leaf."""
    deepest, level = 0, [int(r) for r in roots if r < inner]
    while level:
        deepest += 1
        level = [int(c) for n in level for c in (left[n], right[n]) if c < inner]
    return deepest


def load_model(path: Path) -> LinearModel | TreeModel:
    """A ranker's stored model: a :class:`TreeModel` when the file says ``"kind": "trees"``, else the linear
    model (``nlp.linear.LinearModel``) the rankers have always stored. The file is read and parsed once."""
    raw = path.read_bytes()
    data = json.loads(raw)
    load = TreeModel.from_json if isinstance(data, dict) and data.get("kind") == KIND else LinearModel.from_json
    return load(data, file_digest(raw))
