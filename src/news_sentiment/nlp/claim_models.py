"""Learned corrections of claim attributes where the rules do not generalise (chosen per attribute on dev).

Each model (``models/claims/<attribute>.json``, an ``nlp.linear.LinearModel``) reads the words around the
number and what the rules concluded for the claim (metric, direction, unit, comparator), and gives the
attribute. It is trained on our claims corpus by ``python -m news_sentiment.training.claim_attrs_train``,
which ships a model only when it beats the rules on the dev split. Without the file the rules stand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from news_sentiment.config import models_path
from news_sentiment.nlp.linear import LinearModel
from news_sentiment.nlp.modality import features as context_features
from news_sentiment.nlp.records import Claim

ATTRIBUTES = ("metric", "direction")
NONE = "none"  # the class name for a null attribute value


def claim_features(text: str, claim: Claim, sent_start: int, sent_end: int) -> list[str]:
    """Context words (as for modality) plus the rules' reading of the claim."""
    feats = context_features(text, claim.start, claim.end, sent_start, sent_end)
    feats += [f"rule_metric:{claim.metric}", f"rule_direction:{claim.direction or NONE}", f"unit:{claim.unit}",
              f"comparator:{claim.comparator or NONE}", f"currency:{'yes' if claim.currency else 'no'}",
              f"unit_metric:{claim.unit}_{claim.metric}"]
    return feats


@dataclass(frozen=True)
class ClaimModels:
    """The shipped attribute models, by attribute name (absent ones leave the rules' answer)."""

    models: Mapping[str, LinearModel]

    @classmethod
    def load_default(cls) -> ClaimModels:
        found = {}
        for name in ATTRIBUTES:
            path = default_path(name)
            if path.is_file():
                found[name] = LinearModel.load(path)
        return cls(found)

    @property
    def tag(self) -> str:
        return "-".join(f"{k}.{m.digest}" for k, m in sorted(self.models.items())) or "rules"

    def apply(self, text: str, claim: Claim, sent_start: int, sent_end: int) -> None:
        if not self.models:
            return
        feats = claim_features(text, claim, sent_start, sent_end)
        for name, model in self.models.items():
            value = model.predict(feats)
            setattr(claim, name, None if value == NONE else value)


def default_path(name: str) -> Path:
    return models_path(f"claims/{name}.json", f"SENTIMENT_{name.upper()}_MODEL")
