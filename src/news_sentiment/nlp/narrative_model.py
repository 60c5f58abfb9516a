"""The configured narratives as a scorer over sentence vectors: trained heads and seed sentences (and, for the
shipped narratives, the fine-tuned classifier's article probabilities, :mod:`news_sentiment.nlp.narrative_classifier`).

``models/narrative_heads.json`` holds one logistic head per shipped narrative (weights over the encoder's vector, a
bias) and the threshold chosen out of fold on train and dev; it names the encoder version it was trained for and is
ignored, with a warning, for any other encoder. The file also names the article rule chosen with the threshold
(:class:`ArticleRule`). A narrative without a head is scored by its seed sentences (best cosine), against
``SEED_THRESHOLD``, with the mean-or-sentence rule (a single seed-like sentence is evidence enough). See
:mod:`news_sentiment.analysis.narrative_assign` for how scores become assignments.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np

from news_sentiment.config import models_path
from news_sentiment.errors import ModelError
from news_sentiment.records import Narrative
from news_sentiment.textutil import sentences

log = logging.getLogger(__name__)

HEADS_ENV = "SENTIMENT_NARRATIVE_HEADS"
SEED_THRESHOLD = 0.575  # lowest seed cosine with precision >= 0.87 on train + dev (narrative_train.seeds_only)
MAX_SENTENCES = 40  # sentences of one article embedded at most (title included)
_URL = re.compile(r"https?://\S+|www\.\S+")


def article_sentences(title: str | None, text: str | None, limit: int = MAX_SENTENCES) -> list[str]:
    """The title, then the body's sentences paragraph by paragraph (URLs dropped, spaces collapsed), at most
    ``limit``. Never empty: an article with no sentence of 3+ characters is one sentence, its title and text
    collapsed (or ``(empty)``), so that embedding, reading a week back and training all see the same rows."""
    out: list[str] = []
    for part in [title or ""] + [s for para in (text or "").split("\n") for s in sentences(para)]:
        part = " ".join(_URL.sub(" ", part).split())
        if len(part) >= 3:
            out.append(part)
        if len(out) == limit:
            break
    return out or [" ".join(f"{title or ''} {text or ''}".split()) or "(empty)"]


def default_heads_path() -> Path:
    return models_path("narrative_heads.json", HEADS_ENV)


class ArticleRule(StrEnum):
    """What must reach a narrative's threshold for an article to carry it (chosen out of fold with the threshold)."""

    MEAN = "mean"  # the article's mean sentence vector (every sentence counts, none alone decides)
    MEAN_OR_SENTENCE = "mean-or-sentence"  # the mean vector, or any single sentence


@dataclass(frozen=True)
class Heads:
    """Trained heads: narrative id -> (weights, bias), the encoder they belong to, the chosen threshold and rule."""

    encoder: str
    threshold: float
    by_id: dict[str, tuple[np.ndarray, float]]
    rule: ArticleRule = ArticleRule.MEAN
    combined: tuple[str, float, float] | None = None  # (classifier version, its threshold, head backstop)

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Heads | None":
        """The heads file, or None when there is none (every narrative is then scored by its seeds)."""
        path = Path(path) if path else default_heads_path()
        if not path.is_file():
            log.info("no narrative heads at %s: configured narratives are scored by their seeds", path)
            return None
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            by_id = {k: (np.asarray(v["weights"], dtype=np.float32), float(v["bias"]))
                     for k, v in raw["narratives"].items()}
            both = raw.get("with_classifier")
            combined = (str(both["classifier"]), float(both["classifier_threshold"]),
                        float(both["head_backstop"]) if both["head_backstop"] is not None else float("inf")) \
                if both else None
            return cls(str(raw["encoder"]), float(raw["threshold"]), by_id, ArticleRule(raw.get("rule", "mean")),
                       combined)
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"narrative heads {path} are corrupt: {exc}",
                             hint="Rebuild them with: python -m news_sentiment.training.narrative_train") from exc


@dataclass(frozen=True)
class NarrativeScorer:
    """How each configured narrative scores a vector; rows follow ``ids``."""

    ids: tuple[str, ...]
    weights: np.ndarray  # (n, dim) logistic weights (zeros where the narrative has no head)
    bias: np.ndarray  # (n,)
    trained: np.ndarray  # (n,) bool: a head exists
    seeds: np.ndarray  # (m, dim) unit vectors of every narrative's seed sentences
    seed_owner: np.ndarray  # (m,) row in ``ids`` of each seed
    thresholds: np.ndarray  # (n,) score an article or sentence needs
    rule: ArticleRule = ArticleRule.MEAN_OR_SENTENCE
    class_column: np.ndarray | None = None  # (n,) the classifier output of each narrative, -1 where it has none
    class_threshold: float = 0.5  # classifier probability an article needs ...
    backstop: float = float("inf")  # ... unless its trained head scores the article's mean vector at least this

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """(len(vectors), len(ids)) scores: a head's probability, or the best seed cosine."""
        V = np.asarray(vectors, dtype=np.float32).reshape(-1, self.weights.shape[1])
        out = 1.0 / (1.0 + np.exp(-(V @ self.weights.T + self.bias)))
        if not self.trained.all():
            sims = V @ self.seeds.T if len(self.seeds) else np.zeros((len(V), 0))
            for j in np.flatnonzero(~self.trained):
                own = sims[:, self.seed_owner == j]
                out[:, j] = own.max(axis=1) if own.shape[1] else 0.0
        return out



def mean_vector(vectors: np.ndarray) -> np.ndarray:
    m = np.asarray(vectors, dtype=np.float32).mean(axis=0)
    norm = float(np.linalg.norm(m))
    return m / norm if norm > 0 else m



def build_scorer(narratives: Sequence[Narrative], seed_vectors: np.ndarray, heads: Heads | None,
                 encoder_version: str, dimensions: int, classifier: tuple[Sequence[str], float, str] | None = None
                 ) -> NarrativeScorer:
    """A scorer for ``narratives``; ``seed_vectors`` are the unit vectors of every narrative's seeds in order;
    ``classifier``: the fine-tuned classifier's labels (narrative ids), threshold and version, when there is one.
    When the heads were tuned together with that classifier version, their classifier threshold and backstop
    apply; otherwise the classifier's own threshold and no backstop."""
    if heads is not None and heads.encoder != encoder_version:
        log.warning("narrative heads were trained for encoder %s, not %s: using seeds only", heads.encoder,
                    encoder_version)
        heads = None
    n = len(narratives)
    weights = np.zeros((n, dimensions), dtype=np.float32)
    bias = np.zeros(n, dtype=np.float32)
    trained = np.zeros(n, dtype=bool)
    thresholds = np.full(n, SEED_THRESHOLD, dtype=np.float32)
    for j, nar in enumerate(narratives):
        if heads is not None and nar.id in heads.by_id and heads.by_id[nar.id][0].shape == (dimensions,):
            weights[j], bias[j] = heads.by_id[nar.id]
            trained[j] = True
            thresholds[j] = heads.threshold
    owner = np.array([j for j, nar in enumerate(narratives) for _ in nar.seeds], dtype=np.int64)
    seeds = np.asarray(seed_vectors, dtype=np.float32).reshape(len(owner), dimensions)
    rule = heads.rule if heads is not None else ArticleRule.MEAN_OR_SENTENCE
    labels = list(classifier[0]) if classifier else []
    column = np.array([labels.index(nar.id) if nar.id in labels else -1 for nar in narratives], dtype=np.int64)
    class_threshold, backstop = (classifier[1], float("inf")) if classifier else (0.5, float("inf"))
    if classifier and heads is not None and heads.combined and heads.combined[0] == classifier[2]:
        class_threshold, backstop = heads.combined[1], heads.combined[2]
    return NarrativeScorer(tuple(nar.id for nar in narratives), weights, bias, trained, seeds, owner, thresholds, rule,
                           column, class_threshold, backstop)
