"""A multinomial logistic model stored as plain JSON: the small learned pieces of extraction use it.

Classes, a feature index, one weight row per feature and an intercept per class. Scoring is a sum of the
weights of the features present (binary features); no pickle, no torch, nothing but the standard library.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


def file_digest(raw: bytes) -> str:
    """A stored model's short digest (of the file's bytes): part of the extractor version."""
    return hashlib.sha256(raw).hexdigest()[:10]


PRUNE_BELOW = 0.02  # features whose every weight is smaller are dropped from the stored model
YES = "yes"  # the positive class of a ranker's binary model


@dataclass(frozen=True)
class LinearModel:
    classes: tuple[str, ...]
    index: dict[str, int]
    weights: tuple[tuple[float, ...], ...]  # one row per feature, one column per class
    intercept: tuple[float, ...]
    digest: str = ""  # of the stored file: part of the extractor version

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        raw = path.read_bytes()
        return cls.from_json(json.loads(raw), file_digest(raw))

    @classmethod
    def from_json(cls, data: dict, digest: str = "") -> LinearModel:
        return cls(classes=tuple(data["classes"]), index=data["index"],
                   weights=tuple(tuple(row) for row in data["weights"]), intercept=tuple(data["intercept"]),
                   digest=digest)

    def to_json(self) -> dict:
        return {"classes": list(self.classes), "index": self.index, "weights": [list(r) for r in self.weights],
                "intercept": list(self.intercept)}

    def _scores(self, feats: list[str]) -> list[float]:
        scores = list(self.intercept)
        for f in sorted(set(feats)):  # a fixed order: float sums in a set's order vary with the process's hash seed
            row = self.index.get(f)
            if row is not None:
                scores = [s + w for s, w in zip(scores, self.weights[row])]
        return scores

    def predict(self, feats: list[str]) -> str:
        scores = self._scores(feats)
        return self.classes[max(range(len(scores)), key=scores.__getitem__)]

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        scores = self._scores(feats)
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        return {c: e / sum(exp) for c, e in zip(self.classes, exp)}


class Featured(Protocol):
    features: set[str]


@dataclass(frozen=True)
class MarginRanker:
    """Scores candidates by a binary model's log-odds of "yes": the sum of their features' margins."""

    model: LinearModel
    margins: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        yes = self.model.classes.index(YES)
        no = 1 - yes
        object.__setattr__(self, "margins", {f: w[yes] - w[no] for f, i in self.model.index.items()
                                             for w in (self.model.weights[i],)})

    def score(self, cand: Featured) -> float:
        return sum(self.margins.get(f, 0.0) for f in sorted(cand.features))  # a fixed order (the hash seed)


def fit_linear(examples: list[tuple[list[str], str]], c: float, seed: int = 13) -> LinearModel:
    """Fit on (features, label) pairs with scikit-learn (training only; inference needs none of it)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([{f: 1 for f in feats} for feats, _ in examples])
    lr = LogisticRegression(C=c, max_iter=3000, random_state=seed).fit(x, [y for _, y in examples])
    classes = tuple(str(k) for k in lr.classes_)
    coef = lr.coef_ if len(classes) > 2 else [[-w for w in lr.coef_[0]], list(lr.coef_[0])]
    intercept = lr.intercept_ if len(classes) > 2 else [-lr.intercept_[0], lr.intercept_[0]]
    rows = [(name, tuple(round(float(coef[k][j]), 4) for k in range(len(classes))))
            for j, name in enumerate(vec.feature_names_)]
    rows = [(name, row) for name, row in rows if max(map(abs, row)) >= PRUNE_BELOW]  # no effect worth its bytes
    return LinearModel(classes=classes, index={name: i for i, (name, _) in enumerate(rows)},
                       weights=tuple(row for _, row in rows), intercept=tuple(round(float(b), 4) for b in intercept))
