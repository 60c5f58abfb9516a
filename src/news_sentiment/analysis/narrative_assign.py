"""Semantic assignment of configured narratives to articles (pure; no I/O, no model loading).

Every sentence of an article (the title is sentence 0) has a unit vector from the shipped encoder. A narrative
scores each sentence in one of two ways:

* **trained head** (``models/narrative_heads.json``, built by ``news_sentiment.training.narrative_train`` from
  the train and dev splits of ``corpus/narratives.jsonl`` and the narrative's seed sentences): a logistic
  regression on the vector, so the score is a probability;
* **seeds only** (a narrative a user added to ``narratives.yaml`` without retraining): the highest cosine to the
  narrative's seed sentences.

For a shipped narrative the fine-tuned classifier decides: its probability for the article's title and lead
(computed once when the article is embedded) must reach the classifier's threshold, unless the narrative's trained
head is very sure of the article's mean vector (the backstop); both are chosen out of fold. Otherwise an article
carries a narrative when the score of its mean sentence vector reaches the narrative's threshold (rule ``mean``), or
when that or any single sentence does (rule ``mean-or-sentence``); thresholds and rule are chosen out of fold (see
``docs/narratives.md``). The evidence shown in the report is the sentences at or above the threshold, strongest
first, or the closest sentence when none is.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from news_sentiment.nlp.narrative_model import ArticleRule, NarrativeScorer, mean_vector

EVIDENCE_KEPT = 3  # evidence sentences kept per (article, narrative)


ASSIGN_COLUMNS = ["article_id", "narrative_id", "score", "sentences"]
EVIDENCE_COLUMNS = ["article_id", "narrative_id", "sentence_no", "similarity"]


def article_scores(sentence_scores: np.ndarray, mean_scores: np.ndarray, probs: np.ndarray | None,
                   scorer: NarrativeScorer) -> tuple[np.ndarray, np.ndarray]:
    """(score, assigned) of one article for every narrative. Where the classifier has an output and the article has
    probabilities: assigned when the probability reaches the classifier threshold (score: the probability), or
    when the narrative's trained head scores the mean vector at least the backstop (score: the head's). Elsewhere
    the heads' or seeds' score by the scorer's rule against the narrative's threshold."""
    best = mean_scores if scorer.rule is ArticleRule.MEAN else np.maximum(mean_scores, sentence_scores.max(axis=0))
    assigned = best >= scorer.thresholds
    if probs is not None and scorer.class_column is not None and not np.isnan(probs).all():
        has = scorer.class_column >= 0
        p = probs[np.maximum(scorer.class_column, 0)]
        by_class = p >= scorer.class_threshold
        by_head = scorer.trained & (mean_scores >= scorer.backstop)
        best = np.where(has, np.where(by_class | ~by_head, p, mean_scores), best)
        assigned = np.where(has, by_class | by_head, assigned)
    return best, assigned


def assign_articles(article_ids: Sequence[int], offsets: np.ndarray, vectors: np.ndarray,
                    scorer: NarrativeScorer, probs: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Assign narratives to articles whose sentence vectors are ``vectors[offsets[i]:offsets[i + 1]]``
    (``probs[i]``: article i's classifier probabilities, NaN when it has none).

    Returns (assignments: article_id, narrative_id, score, sentences; evidence: article_id, narrative_id,
    sentence_no, similarity), the evidence holding at most ``EVIDENCE_KEPT`` sentences per assignment.
    """
    rows: list[tuple[int, str, float, int]] = []
    ev: list[tuple[int, str, int, float]] = []
    sent_scores = scorer.scores(vectors) if len(vectors) else np.zeros((0, len(scorer.ids)))
    for i, aid in enumerate(article_ids):
        lo, hi = int(offsets[i]), int(offsets[i + 1])
        if hi <= lo:
            continue
        s = sent_scores[lo:hi]
        art = scorer.scores(mean_vector(vectors[lo:hi]))[0]
        best, assigned = article_scores(s, art, None if probs is None else probs[i], scorer)
        for j in np.flatnonzero(assigned):
            above = np.flatnonzero(s[:, j] >= scorer.thresholds[j])
            rows.append((int(aid), scorer.ids[j], float(best[j]), int(above.size)))
            shown = above if above.size else np.array([int(np.argmax(s[:, j]))])  # the closest sentence at least
            for k in shown[np.argsort(-s[shown, j])][:EVIDENCE_KEPT]:
                ev.append((int(aid), scorer.ids[j], int(k), float(s[k, j])))
    return pd.DataFrame(rows, columns=ASSIGN_COLUMNS), pd.DataFrame(ev, columns=EVIDENCE_COLUMNS)
