"""Discovered narratives: clusters of a week's article vectors, labelled, tracked across weeks (pure; no I/O).

One week at a time (:func:`discover_week`), given the tracked narratives the previous week left:

1. Boilerplate is removed first (:mod:`news_sentiment.analysis.boilerplate`): near-duplicate copies are dropped and
   the article vectors the caller passes are built from sentences that are neither furniture nor a template.
2. The vectors are clustered by average-linkage agglomerative clustering on cosine distance (scikit-learn),
   cut where the mean cosine between two groups falls below ``CLUSTER_COSINE``; groups smaller than
   :func:`min_cluster_size` are noise and belong to no discovered narrative. (HDBSCAN was tried first: on weeks of
   a few dozen articles its density estimate split and dropped stories from week to week, see docs/narratives.md.)
   Clusters whose centroids have cosine >= ``MERGE_COSINE`` are merged. A cluster at least ``CLAIMED_SHARE`` of
   whose articles carry a configured narrative is that narrative's story, not a new one, and is dropped (whole
   clusters, not single articles, so one article the classifier mistakes does not split a story).
3. Each cluster is labelled with its class-based TF-IDF keyphrases (the week's unclustered articles are one more
   class, so words common to all news score low) and its most central headline.
4. Identity: a cluster keeps the id of the tracked narrative whose centroid is nearest when their cosine is at
   least ``MATCH_COSINE`` (Hungarian assignment on cosine; a second cluster of the same story in one week joins
   the narrative the first matched); otherwise it starts a new narrative.
   A tracked centroid moves halfway towards each week's matched centroid, so a story may drift slowly.
5. A tracked narrative without a cluster for ``RETIRE_AFTER`` consecutive weeks is retired and never matched again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import CountVectorizer
from threadpoolctl import threadpool_limits

CLUSTER_COSINE = 0.45
MIN_CLUSTER = 5
MATCH_COSINE = 0.6
MERGE_COSINE = 0.85
RETIRE_AFTER = 3
CLAIMED_SHARE = 0.5  # clusters at least this share of whose articles carry a configured narrative are dropped
LABEL_TERMS = 3


@dataclass
class Tracked:
    """A discovered narrative as the registry carries it from week to week."""

    id: str
    centroid: np.ndarray
    label: str
    terms: list[str]
    headline: str
    first_seen: str
    last_seen: str
    misses: int = 0  # consecutive weeks without a cluster
    retired: str | None = None  # the week it was retired

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the centroid rounded to 5 decimals), as the week's stored state keeps it."""
        return asdict(self) | {"centroid": [round(float(x), 5) for x in self.centroid]}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "Tracked":
        return cls(raw["id"], np.asarray(raw["centroid"], dtype=np.float32), raw["label"], list(raw["terms"]),
                   raw["headline"], raw["first_seen"], raw["last_seen"], int(raw["misses"]), raw.get("retired"))


@dataclass(frozen=True)
class WeekClusters:
    """What one week's discovery found: member rows and the registry after the week."""

    article_ids: np.ndarray  # member articles ...
    narrative_ids: list[str]  # ... their narrative ...
    similarity: np.ndarray  # ... and cosine to its centroid
    registry: list[Tracked]
    new: list[str] = field(default_factory=list)  # ids first seen this week


def min_cluster_size(n: int) -> int:
    """Smallest story discovery reports: 5 articles, or one in 150 of a big week."""
    return max(MIN_CLUSTER, n // 150)


def _unit(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(norm > 0, norm, 1.0)


def cluster_vectors(X: np.ndarray) -> list[np.ndarray]:
    """Row indices of each cluster of unit vectors ``X`` (see the module docstring), near-identical ones merged."""
    size = min_cluster_size(len(X))
    if len(X) < size:
        return []
    with threadpool_limits(limits=1):
        labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                         distance_threshold=1.0 - CLUSTER_COSINE).fit_predict(X)
    groups = [g for k in range(labels.max() + 1) if len(g := np.flatnonzero(labels == k)) >= size]
    return _merge(X, groups)


def _merge(X: np.ndarray, groups: list[np.ndarray]) -> list[np.ndarray]:
    """Merge clusters whose centroids are at least MERGE_COSINE alike (transitively)."""
    while len(groups) > 1:
        C = _unit(np.stack([X[g].mean(axis=0) for g in groups]))
        sim = C @ C.T - 2 * np.eye(len(groups))
        i, j = np.unravel_index(np.argmax(sim), sim.shape)
        if sim[i, j] < MERGE_COSINE:
            break
        groups = [g for k, g in enumerate(groups) if k not in (i, j)] + [np.concatenate([groups[i], groups[j]])]
    return groups


def keyphrases(docs_by_class: Sequence[Sequence[str]], top: int = LABEL_TERMS) -> list[list[str]]:
    """Class-based TF-IDF keyphrases (uni- and bigrams, English stop words out) of each class but the last.

    The last class is the background (the week's other articles). Weight of term t in class c:
    ``tf(t, c) / words(c) * log(1 + mean words per class / frequency of t over all classes)``; a term must occur in
    at least a third of the class's documents, and a word already inside a chosen bigram is not repeated.
    """
    joined = [" ".join(d) for d in docs_by_class]
    if not any(joined[:-1]):
        return [[] for _ in docs_by_class[:-1]]
    vec = CountVectorizer(ngram_range=(1, 2), stop_words="english", token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z'-]+\b",
                          lowercase=True)
    try:
        counts = vec.fit_transform(joined).toarray().astype(float)
    except ValueError:  # nothing but stop words
        return [[] for _ in docs_by_class[:-1]]
    vocab = vec.get_feature_names_out()
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)
    idf = np.log(1.0 + counts.sum(axis=1).mean() / np.maximum(counts.sum(axis=0), 1.0))
    analyzer = vec.build_analyzer()
    out = []
    for c, docs in enumerate(docs_by_class[:-1]):
        present = np.zeros(len(vocab))
        index = {t: i for i, t in enumerate(vocab)}
        for d in docs:
            for t in set(analyzer(d)):
                if t in index:
                    present[index[t]] += 1
        score = tf[c] * idf * (present >= max(2.0, len(docs) / 3))
        out.append(_pick(vocab, score, top))
    return out


def _pick(vocab: np.ndarray, score: np.ndarray, top: int) -> list[str]:
    chosen: list[str] = []
    for i in np.argsort(-score):
        if score[i] <= 0 or len(chosen) == top:
            break
        term = str(vocab[i])
        words = set(term.split())
        if any(words <= set(c.split()) or set(c.split()) <= words for c in chosen):
            continue
        chosen.append(term)
    return chosen


def _match(registry: list[Tracked], centroids: np.ndarray) -> dict[int, int]:
    """Cluster index -> registry index, one-to-one, cosine >= MATCH_COSINE (Hungarian on cosine)."""
    live = [k for k, t in enumerate(registry) if t.retired is None]
    if not live or not len(centroids):
        return {}
    R = np.stack([registry[k].centroid for k in live])
    sim = centroids @ R.T
    rows, cols = linear_sum_assignment(-sim)
    out = {int(r): live[int(c)] for r, c in zip(rows, cols) if sim[r, c] >= MATCH_COSINE}
    for r in range(len(centroids)):  # a second cluster of a story already matched this week joins it
        if r not in out and sim[r].max() >= MATCH_COSINE:
            out[r] = live[int(np.argmax(sim[r]))]
    return out


def _next_id(week: str, registry: Sequence[Tracked]) -> str:
    taken = {t.id for t in registry}
    k = 1
    while f"emerging-{week}-{k}" in taken:
        k += 1
    return f"emerging-{week}-{k}"


@dataclass(frozen=True)
class WeekInput:
    """One week's articles for discovery: unit vectors (boilerplate-free), cleaned titles and label texts."""

    week: str
    article_ids: np.ndarray
    vectors: np.ndarray
    titles: Sequence[str]
    texts: Sequence[str]  # the text labels are drawn from (cleaned title and lead sentences)
    claimed: np.ndarray | None = None  # bool per article: it carries a configured narrative


def discover_week(inp: WeekInput, registry: Sequence[Tracked]) -> WeekClusters:
    """Cluster one week, label the clusters, carry identities forward (see the module docstring)."""
    groups = cluster_vectors(inp.vectors) if len(inp.vectors) else []
    if inp.claimed is not None:  # a story the configured narratives already tell is not a new one
        groups = [g for g in groups if inp.claimed[g].mean() < CLAIMED_SHARE]
    clustered = np.zeros(len(inp.vectors), dtype=bool)
    for g in groups:
        clustered[g] = True
    docs = [[inp.texts[i] for i in g] for g in groups] + [[t for t, c in zip(inp.texts, clustered) if not c]]
    terms = keyphrases(docs)
    centroids = _unit(np.stack([inp.vectors[g].mean(axis=0) for g in groups])) if groups else np.zeros((0, 1))
    matched = _match(list(registry), centroids)
    reg = [replace(t) for t in registry]
    ids, aids, sims, new = [], [], [], []
    for c, g in enumerate(groups):
        sim = inp.vectors[g] @ centroids[c]
        headline = inp.titles[g[int(np.argmax(sim))]]
        label = ", ".join(terms[c]) or headline
        if c in matched:
            t = reg[matched[c]]
            t.centroid = _unit(t.centroid + centroids[c])
            t.label, t.terms, t.headline, t.last_seen, t.misses = label, terms[c], headline, inp.week, 0
        else:
            t = Tracked(_next_id(inp.week, reg), centroids[c], label, terms[c], headline, inp.week, inp.week)
            reg.append(t)
            new.append(t.id)
        ids += [t.id] * len(g)
        aids.append(inp.article_ids[g])
        sims.append(sim)
    seen = set(ids)
    for t in reg:
        if t.retired is None and t.id not in seen:
            t.misses += 1
            if t.misses >= RETIRE_AFTER:
                t.retired = inp.week
    return WeekClusters(np.concatenate(aids) if aids else np.zeros(0, dtype=np.int64), ids,
                        np.concatenate(sims) if sims else np.zeros(0), reg, new)

