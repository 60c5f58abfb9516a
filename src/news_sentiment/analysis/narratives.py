"""Narratives: configured storylines, discovery of emerging ones, weekly intensity, shift scores, novelty.

Pure functions (DataFrames in, DataFrames out) usable from Jupyter: no I/O. narratives.yaml is parsed by
:mod:`news_sentiment.narrative_config`; the store's reads and writes are in :mod:`news_sentiment.store.narratives`
and a run (``update_narratives``) in :mod:`news_sentiment.pipeline.narratives`.

Conventions
- Weeks are ISO weeks written ``"2025-W10"`` (they sort as strings).
- ``articles`` frames have columns ``article_id, title, text, published`` (ISO UTC text or datetime).
- Narrative ids: config narratives use their ``id`` (default: the name slugged, ``china-ai-catch-up``);
  discovered ones ``emerging-<first week>-<n>`` and keep that id while later weeks' clusters match them.
- Shift score: robust z-score of this week's article share against the narrative's previous
  ``window`` weeks (default 12): ``(x - median) / max(1.4826 * MAD, floor)``. It needs at least
  ``MIN_SHIFT_HISTORY`` (4) earlier weeks, otherwise it is NaN. ``floor`` (0.01 = one percentage point of
  share) stops a narrative that was flat at zero from producing an infinite score.
- Novelty: ``1 - max cosine similarity`` (TF-IDF) to any article published in the previous N days (default 7);
  1.0 when nothing earlier falls in the window.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import binom
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from news_sentiment.records import Narrative
from news_sentiment.textutil import sentences

log = logging.getLogger(__name__)

MIN_SHIFT_HISTORY = 4  # earlier weeks needed before a shift score is given
_TOKEN = r"(?u)\b[^\W\d_][\w'-]*[^\W_]\b"  # words of 2+ chars starting with a letter


# -- text preparation ---------------------------------------------------------------------------------

def iso_week(published: pd.Series) -> pd.Series:
    """ISO week strings ('2025-W10') of timestamps (ISO text or datetimes, taken as UTC)."""
    ts = pd.to_datetime(published, utc=True, format="ISO8601")
    iso = ts.dt.isocalendar()
    return iso["year"].astype(str) + "-W" + iso["week"].astype(int).map("{:02d}".format)


SENTENCE_COLUMNS = ("article_id", "sentence_no", "text", "week")


class SentenceRows:
    """Sentence rows built article by article (title is sentence 0), so a caller reading articles in
    pages never holds every article's text as well as its sentences; :meth:`frame` gives the DataFrame."""

    def __init__(self) -> None:
        self.cols: tuple[list[Any], ...] = ([], [], [], [])

    def add(self, article_ids: Any, titles: Any, texts: Any, weeks: Any) -> None:
        ids, nos, out, wks = self.cols
        for aid, title, text, week in zip(article_ids, titles, texts, weeks):
            parts = [title] + sentences(text) if title else sentences(text)
            n = 0
            for part in parts:
                part = part.strip()
                if len(part) < 3:
                    continue
                ids.append(aid); nos.append(n); out.append(part); wks.append(week)
                n += 1

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(dict(zip(SENTENCE_COLUMNS, self.cols)))


def sentence_frame(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence (title is sentence 0): article_id, sentence_no, text, week."""
    weeks = articles["week"] if "week" in articles else iso_week(articles["published"])
    rows = SentenceRows()
    rows.add(articles["article_id"], articles["title"].fillna(""), articles["text"].fillna(""), weeks)
    return rows.frame()


@dataclass
class Tfidf:
    """Sentence and article TF-IDF from ONE tokenisation pass over the sentences.

    English stop words, 1-2 grams, sublinear tf. Article counts are the sums of their sentences' counts;
    document frequencies, pruning and IDF are article-level and shared by both matrices (rows
    L2-normalised). Terms in fewer than 2 articles or more than half of them are dropped, except in small
    corpora (under 20 / 100 articles), where that would drop the very words a story repeats.
    """

    sentences: sparse.csr_matrix
    articles: sparse.csr_matrix
    vocab: np.ndarray
    counter: CountVectorizer
    keep: np.ndarray
    idf: TfidfTransformer

    @classmethod
    def build(cls, sentences: pd.DataFrame, article_ids: Sequence[int], max_features: int = 50_000) -> "Tfidf":
        n_art = len(article_ids)
        counter = CountVectorizer(stop_words="english", ngram_range=(1, 2), token_pattern=_TOKEN, dtype=np.float32,
                                  min_df=2 if n_art >= 20 else 1)
        try:
            C = counter.fit_transform(sentences["text"].tolist())
        except ValueError:  # nothing survives min_df
            counter.set_params(min_df=1)
            C = counter.fit_transform(sentences["text"].tolist())
        pos = pd.Index(article_ids).get_indexer(sentences["article_id"])
        A = sparse.csr_matrix((np.ones(len(pos), np.float32), (pos, np.arange(len(pos)))), shape=(n_art, len(pos)))
        Xc = (A @ C).tocsc()
        df = np.diff(Xc.indptr)
        keep = (df >= (2 if n_art >= 20 else 1)) & (df <= (0.5 if n_art >= 100 else 1.0) * n_art)
        if not keep.any():
            keep[:] = True
        keep = np.flatnonzero(keep)
        if len(keep) > max_features:
            keep = np.sort(keep[np.argsort(-df[keep], kind="stable")[:max_features]])
        idf = TfidfTransformer(sublinear_tf=True).fit(Xc[:, keep])
        X = idf.transform(Xc[:, keep].tocsr())
        S = idf.transform(C.tocsc()[:, keep].tocsr())
        return cls(S, X, counter.get_feature_names_out()[keep], counter, keep, idf)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Vectors of other texts (e.g. narrative descriptions) in the same space."""
        return self.idf.transform(self.counter.transform(list(texts)).tocsc()[:, self.keep].tocsr())


# -- assignment to configured narratives -------------------------------------------------------------

def _phrase_table(narratives: Sequence[Narrative]) -> tuple[re.Pattern[str] | None, dict[str, list[int]]]:
    """One case-insensitive regex over every phrase, and phrase (lower case) -> narrative positions."""
    owners: dict[str, list[int]] = {}
    for j, n in enumerate(narratives):
        for p in n.phrases:
            owners.setdefault(p.lower(), []).append(j)
    return _phrase_regex(list(owners)), owners


def _phrase_regex(phrases: Sequence[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alts = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


def assign_narratives(sentences: pd.DataFrame, narratives: Sequence[Narrative], *,
                      threshold: float = 0.25, tfidf: Tfidf | None = None) -> pd.DataFrame:
    """Assign sentences to configured narratives.

    A sentence belongs to a narrative when it contains one of its phrases (score 1.0, ``method='phrase'``)
    or when its TF-IDF cosine similarity to the narrative's description + phrases is at least ``threshold``
    (``method='tfidf'``). ``tfidf``: a :class:`Tfidf` built over these sentences (built here when None).
    Returns article_id, sentence_no, narrative_id, score, method (one row per hit).
    """
    cols = ["article_id", "sentence_no", "narrative_id", "score", "method"]
    if sentences.empty or not narratives:
        return pd.DataFrame(columns=cols)
    if tfidf is None:
        tfidf = Tfidf.build(sentences, sentences["article_id"].unique())
    docs = [n.description + ". " + ". ".join(n.phrases) for n in narratives]
    sims = (tfidf.sentences @ tfidf.transform(docs).T).toarray().astype(float)
    hit = np.zeros(sims.shape, bool)
    rx, owners = _phrase_table(narratives)
    if rx is not None:
        for i, text in enumerate(sentences["text"].tolist()):
            for m in rx.findall(text):
                hit[i, owners[m.lower()]] = True
    score = np.where(hit, 1.0, sims)
    rows, js = np.nonzero(hit | (sims >= threshold))
    if not len(rows):
        return pd.DataFrame(columns=cols)
    return pd.DataFrame({"article_id": sentences["article_id"].to_numpy()[rows],
                         "sentence_no": sentences["sentence_no"].to_numpy()[rows],
                         "narrative_id": np.array([n.id for n in narratives], dtype=object)[js],
                         "score": score[rows, js], "method": np.where(hit[rows, js], "phrase", "tfidf")})


# -- discovery -----------------------------------------------------------------------------------------

@dataclass
class Discovered:
    """A discovered narrative's identity: its term profile (term -> weight, unit norm) and label."""

    id: str
    label: str
    terms: dict[str, float]
    first_seen: str
    last_seen: str


def _unit(terms: dict[str, float], top: int = 40) -> dict[str, float]:
    items = sorted(terms.items(), key=lambda kv: -kv[1])[:top]
    norm = float(np.sqrt(sum(v * v for _, v in items))) or 1.0
    return {k: v / norm for k, v in items}


def term_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """How alike two term profiles are: the larger of their cosine and the overlap coefficient of their
    term sets (|A & B| / min(|A|, |B|)). Vocabulary-independent, so it survives re-fits; the overlap part
    lets a story told from a new angle (new words on top of its core) keep its identity."""
    if not a or not b:
        return 0.0
    cos = sum(v * b.get(k, 0.0) for k, v in a.items())
    overlap = len(a.keys() & b.keys()) / min(len(a), len(b))
    return float(max(cos, overlap))


def label_terms(terms: dict[str, float], n: int = 3) -> list[str]:
    """Top phrases, preferring bigrams and skipping unigrams already inside a chosen phrase."""
    ranked = sorted(terms.items(), key=lambda kv: -kv[1])
    chosen: list[str] = []
    for term, _ in ranked:
        if any(term in c.split() or term == c for c in chosen):
            continue
        chosen = [c for c in chosen if not (" " in term and c in term.split())]
        chosen.append(term)
        if len(chosen) >= n:
            break
    return chosen


def discover_week(X: sparse.csr_matrix, vocab: np.ndarray, article_ids: Sequence[int], week: str,
                  known: list[Discovered], *, config_hits: dict[int, str] | None = None,
                  min_size: int = 5, min_core_terms: int = 3, core_share: float = 0.6, min_lift: float = 1.5,
                  alpha: float = 1e-4, merge_threshold: float = 0.4, centroid_merge: float = 0.6,
                  max_splits: int = 3,
                  match_threshold: float = 0.4, max_k: int = 40, seed: int = 0
                  ) -> tuple[pd.DataFrame, list[Discovered]]:
    """Cluster one week's articles (rows of the L2-normalised TF-IDF matrix ``X``) into storylines.

    LSA (truncated SVD) + k-means, k = clamp(sqrt(n/2), 2, max_k); clusters whose TF-IDF centroids have
    cosine >= ``centroid_merge`` are re-joined first; a cluster that fails the test below but has core terms
    at a third of ``core_share`` (a mix of stories) is bisected (2-means), up to ``max_splits`` times. A cluster is a storyline when it has
    ``min_size`` articles, a shared core of at least ``min_core_terms`` terms each present in ``core_share``
    of its articles, ``min_lift`` times more common there than in the week, and over-represented with a
    binomial p-value below ``alpha`` (strict, since clustering itself gathers shared words), and is not
    mostly (>= 60 %) one configured narrative (``config_hits``: article_id -> narrative id). Storyline
    clusters of the same week whose term profiles have cosine >= ``merge_threshold`` are merged (k-means
    splits a big story by sub-angle). Storylines are then matched greedily to
    ``known`` narratives by term-profile cosine >= ``match_threshold`` and keep their id; the rest get new
    ids. Returns (members: article_id, narrative_id, similarity; updated registry).
    """
    cols = ["article_id", "narrative_id", "similarity"]
    registry = [Discovered(d.id, d.label, dict(d.terms), d.first_seen, d.last_seen) for d in known]
    n = X.shape[0]
    if n < 2 * min_size or X.shape[1] < 3:
        return pd.DataFrame(columns=cols), registry
    k = int(min(max_k, max(2, round(np.sqrt(n / 2)))))
    active = np.flatnonzero(np.diff(X.tocsc().indptr) >= 2)  # terms shared by 2+ articles this week
    if len(active) < 3:
        return pd.DataFrame(columns=cols), registry
    dims = int(min(100, n - 1, len(active) - 1))
    with threadpool_limits(1):  # small BLAS calls: threads only add contention on a shared machine
        Z = normalize(TruncatedSVD(n_components=dims, random_state=seed).fit_transform(normalize(X[:, active])))
        labels = KMeans(n_clusters=k, n_init=3, random_state=seed).fit_predict(Z)
    ids = np.asarray(article_ids)
    hits = config_hits or {}
    week_df = np.asarray((X > 0).mean(axis=0)).ravel()
    candidates = []
    # k-means splits a big story by sub-angle: first re-join clusters with near-identical centroids
    groups = [np.flatnonzero(labels == c) for c in range(k)]
    groups = [g for g in groups if len(g)]
    cents = normalize(np.vstack([np.asarray(X[g].mean(axis=0)).ravel() for g in groups]))
    groups = [np.concatenate([groups[i] for i in grp]) for grp in _union(cents @ cents.T, centroid_merge)]
    queue = [(g, 0) for g in groups]
    while queue:
        idx, depth = queue.pop(0)
        if len(idx) < min_size:
            continue
        core = _core_terms(X[idx], week_df, core_share, min_lift, alpha)
        if len(core) < min_core_terms:
            if (depth < max_splits and len(idx) >= 2 * min_size  # two stories in one cluster? bisect it
                    and len(_core_terms(X[idx], week_df, core_share / 3, min_lift, alpha)) >= min_core_terms):
                with threadpool_limits(1):
                    halves = KMeans(n_clusters=2, n_init=2, random_state=seed).fit_predict(Z[idx])
                queue += [(idx[halves == h], depth + 1) for h in (0, 1)]
            continue
        tagged = pd.Series([hits.get(int(a)) for a in ids[idx]]).dropna().value_counts()
        if len(tagged) and tagged.iloc[0] >= 0.6 * len(idx):
            continue
        candidates.append((idx, core))
    candidates = [_profile(X, vocab, idx, core) for idx, core in _merge(X, candidates, merge_threshold)]
    # greedy matching to known narratives, most similar pairs first
    pairs = sorted(((term_similarity(t, d.terms), ci, di) for ci, (_, _, t, _) in enumerate(candidates)
                    for di, d in enumerate(registry)), reverse=True)
    match: dict[int, int] = {}
    used: set[int] = set()
    for s, ci, di in pairs:
        if s < match_threshold:
            break
        if ci not in match and di not in used:
            match[ci] = di
            used.add(di)
    frames = []
    fresh = sum(1 for d in registry if d.first_seen == week)
    for ci, (idx, sims, terms, label) in enumerate(candidates):
        if ci in match:
            d = registry[match[ci]]
            d.terms = _unit({t: 0.5 * d.terms.get(t, 0.0) + 0.5 * terms.get(t, 0.0) for t in set(d.terms) | set(terms)})
            d.last_seen = max(d.last_seen, week)
            d.first_seen = min(d.first_seen, week)
        else:
            fresh += 1
            d = Discovered(f"emerging-{week}-{fresh}", label, terms, week, week)
            registry.append(d)
        frames.append(pd.DataFrame({"article_id": ids[idx], "narrative_id": d.id, "similarity": sims}))
    members = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    return members, registry


def _core_terms(sub: sparse.csr_matrix, week_df: np.ndarray, share: float, lift: float, alpha: float) -> np.ndarray:
    """Columns present in ``share`` of the rows, ``lift`` times the week's rate, binomial p < ``alpha``."""
    n = sub.shape[0]
    count = np.asarray((sub > 0).sum(axis=0)).ravel()
    cand = np.flatnonzero((count >= share * n - 1e-9) & (count >= lift * week_df * n - 1e-9))
    return cand[binom.sf(count[cand] - 1, n, week_df[cand]) < alpha]


def _profile(X: sparse.csr_matrix, vocab: np.ndarray, idx: np.ndarray, core: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, dict[str, float], str]:
    """Members, their cosine to the centroid, term profile (core terms weighted by the centroid), label."""
    centroid = np.asarray(X[idx].mean(axis=0)).ravel()
    sims = np.asarray(X[idx] @ (centroid / np.linalg.norm(centroid))).ravel()
    top = core[np.argsort(-centroid[core])][:40]
    share = np.asarray((X[idx][:, core] > 0).mean(axis=0)).ravel()
    by_share = core[np.lexsort((-centroid[core], -share))]  # label: most widely shared first
    label = ", ".join(label_terms({str(vocab[t]): float(len(by_share) - i) for i, t in enumerate(by_share)}))
    return idx, sims, _unit({str(vocab[t]): float(centroid[t]) for t in top}), label


def _merge(X: sparse.csr_matrix, cands: list[tuple[np.ndarray, np.ndarray]], threshold: float
           ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Union clusters whose centroids (restricted to the union of all clusters' core terms) have cosine >=
    threshold, or whose core-term sets overlap that much (overlap coefficient)."""
    if len(cands) < 2:
        return cands
    union = np.unique(np.concatenate([core for _, core in cands]))
    vecs = np.vstack([np.asarray(X[idx][:, union].mean(axis=0)).ravel() for idx, _ in cands])
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True).clip(1e-12)
    sim = vecs @ vecs.T
    sets = [set(core.tolist()) for _, core in cands]
    overlap = np.array([[len(a & b) / min(len(a), len(b)) for b in sets] for a in sets])
    sim = np.maximum(sim, overlap)
    return [(np.concatenate([cands[i][0] for i in g]), np.unique(np.concatenate([cands[i][1] for i in g])))
            for g in _union(sim, threshold)]


def _union(sim: np.ndarray, threshold: float) -> list[list[int]]:
    """Connected components of the graph 'sim >= threshold' (single linkage), in first-member order."""
    parent = list(range(len(sim)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(sim)):
        for j in range(i + 1, len(sim)):
            if sim[i, j] >= threshold:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(sim)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def discover_narratives(articles: pd.DataFrame, known: Sequence[Discovered] = (), *,
                        config_hits: dict[int, str] | None = None, **kwargs: Any
                        ) -> tuple[pd.DataFrame, list[Discovered]]:
    """Run :func:`discover_week` over every week of ``articles`` in order (identity carried forward).

    ``articles``: article_id, title, text, published or week. Returns (members with a ``week`` column,
    registry). Extra keyword arguments go to :func:`discover_week`.
    """
    arts = _with_week(articles)
    tf = Tfidf.build(sentence_frame(arts), arts["article_id"].to_numpy())
    X, vocab = tf.articles, tf.vocab
    registry = list(known)
    frames = []
    for week, rows in arts.groupby("week", sort=True).indices.items():
        members, registry = discover_week(X[rows], vocab, arts["article_id"].to_numpy()[rows], str(week), registry,
                                          config_hits=config_hits, **kwargs)
        if not members.empty:
            frames.append(members.assign(week=week))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["article_id", "narrative_id", "similarity", "week"])
    return out, registry


# -- weekly statistics ---------------------------------------------------------------------------------

def _with_week(articles: pd.DataFrame) -> pd.DataFrame:
    if "week" in articles:
        return articles.reset_index(drop=True)
    return articles.assign(week=iso_week(articles["published"])).reset_index(drop=True)


def weekly_stats(articles: pd.DataFrame, sentences: pd.DataFrame, hits: pd.DataFrame, *,
                 sentiment: pd.DataFrame | None = None, mentions: pd.DataFrame | None = None,
                 narrative_ids: Sequence[str] = (), top_entities: int = 5) -> pd.DataFrame:
    """Per (week, narrative): articles, article_share, sentences, sentence_share, sentiment, entities, baskets.

    ``hits``: article_id, narrative_id and optionally sentence_no (sentence-level hits; without it every
    sentence of a member article counts). ``sentiment``: article_id, sentiment (-1..1); if ``sentences``
    has a ``sentiment`` column, sentence-level sentiment of the narrative's sentences is used instead.
    ``mentions``: article_id, entity and optionally basket. Every narrative in ``narrative_ids`` (plus those
    in ``hits``) gets a row for every week that has articles (zeros when absent), so shift scores see quiet
    weeks. Columns: week, narrative_id, articles, article_share, sentences, sentence_share, sentiment,
    sentiment_n, entities, baskets (the last two are lists of names, most mentioned first).
    """
    arts = _with_week(articles)
    week_of = dict(zip(arts["article_id"], arts["week"]))
    n_art = arts.groupby("week").size()
    n_sent = sentences.groupby("week").size() if not sentences.empty else pd.Series(dtype=int)
    ids = list(dict.fromkeys(list(narrative_ids) + hits["narrative_id"].astype(str).unique().tolist()))
    weeks = sorted(n_art.index)
    grid = pd.MultiIndex.from_product([weeks, ids], names=["week", "narrative_id"])
    h = hits.copy()
    h["week"] = h["article_id"].map(week_of)
    h = h.dropna(subset=["week"])
    if "sentence_no" not in h:  # article-level hits: every sentence of the article
        per = sentences[["article_id", "sentence_no"]]
        h = h.merge(per, on="article_id", how="left")
    by_art = h.drop_duplicates(["week", "narrative_id", "article_id"])
    out = pd.DataFrame(index=grid)
    out["articles"] = by_art.groupby(["week", "narrative_id"]).size()
    out["sentences"] = h.dropna(subset=["sentence_no"]).drop_duplicates(
        ["narrative_id", "article_id", "sentence_no"]).groupby(["week", "narrative_id"]).size()
    out[["articles", "sentences"]] = out[["articles", "sentences"]].fillna(0).astype(int)
    wk = out.index.get_level_values("week")
    out["article_share"] = out["articles"] / n_art.reindex(wk).to_numpy()
    out["sentence_share"] = out["sentences"] / n_sent.reindex(wk).fillna(0).replace(0, np.nan).to_numpy()
    out["sentence_share"] = out["sentence_share"].fillna(0.0)
    out["sentiment"], out["sentiment_n"] = np.nan, 0
    if "sentiment" in sentences and "sentence_no" in hits:
        s = h.merge(sentences[["article_id", "sentence_no", "sentiment"]], on=["article_id", "sentence_no"])
        s = s.dropna(subset=["sentiment"]).drop_duplicates(["narrative_id", "article_id", "sentence_no"])
    elif sentiment is not None and not sentiment.empty:
        s = by_art.merge(sentiment[["article_id", "sentiment"]], on="article_id").dropna(subset=["sentiment"])
    else:
        s = pd.DataFrame(columns=["week", "narrative_id", "sentiment"])
    if not s.empty:
        g = s.groupby(["week", "narrative_id"])["sentiment"]
        out["sentiment"] = g.mean()
        out["sentiment_n"] = g.size().reindex(out.index).fillna(0).astype(int)
    out["entities"] = [[] for _ in range(len(out))]
    out["baskets"] = [[] for _ in range(len(out))]
    if mentions is not None and not mentions.empty:
        m = by_art[["week", "narrative_id", "article_id"]].merge(mentions, on="article_id")
        for col, dest in (("entity", "entities"), ("basket", "baskets")):
            if col not in m:
                continue
            mm = m.dropna(subset=[col]).drop_duplicates(["week", "narrative_id", "article_id", col])
            counts = mm.groupby(["week", "narrative_id", col]).size().rename("n").reset_index()
            counts = counts.sort_values(["week", "narrative_id", "n", col], ascending=[True, True, False, True])
            top = counts.groupby(["week", "narrative_id"])[col].apply(lambda x: list(x)[:top_entities])
            for key, names in top.items():
                out.at[key, dest] = names
    return out.reset_index()[["week", "narrative_id", "articles", "article_share", "sentences", "sentence_share",
                              "sentiment", "sentiment_n", "entities", "baskets"]]


def shift_scores(stats: pd.DataFrame, value: str = "article_share", *, window: int = 12,
                 min_history: int = MIN_SHIFT_HISTORY, floor: float = 0.01) -> pd.DataFrame:
    """Add ``shift`` (robust z-score vs the previous ``window`` weeks) and ``shift_history`` (weeks used).

    ``shift = (x - median(prev)) / max(1.4826 * MAD(prev), floor)``; NaN with fewer than ``min_history``
    previous weeks. Weeks are those present in ``stats`` for each narrative, in order.
    """
    out = stats.sort_values(["narrative_id", "week"]).copy()
    shift = np.full(len(out), np.nan)
    hist = np.zeros(len(out), dtype=int)
    pos = 0
    for _, grp in out.groupby("narrative_id", sort=False):
        x = grp[value].to_numpy(dtype=float)
        for i in range(len(x)):
            prev = x[max(0, i - window):i]
            hist[pos + i] = len(prev)
            if len(prev) >= min_history:
                med = np.median(prev)
                scale = max(1.4826 * np.median(np.abs(prev - med)), floor)
                shift[pos + i] = (x[i] - med) / scale
        pos += len(x)
    out["shift"] = shift
    out["shift_history"] = hist
    return out.sort_values(["week", "narrative_id"]).reset_index(drop=True)


def novelty(articles: pd.DataFrame, *, days: float = 7.0, X: sparse.csr_matrix | None = None,
            block: int = 1000) -> pd.DataFrame:
    """Per article: novelty = 1 - max cosine (TF-IDF) to articles published in the previous ``days``.

    Returns article_id, novelty, nearest_id (<NA> when nothing earlier is in the window).
    """
    arts = articles.reset_index(drop=True)
    if arts.empty:
        return pd.DataFrame(columns=["article_id", "novelty", "nearest_id"])
    ts = (pd.to_datetime(arts["published"], utc=True, format="ISO8601")
          - pd.Timestamp(0, tz="UTC")).dt.total_seconds().to_numpy()
    order = np.argsort(ts, kind="stable")
    if X is None:
        X = Tfidf.build(sentence_frame(arts), arts["article_id"].to_numpy()).articles
    Xs, t = X[order], ts[order]
    span = int(days * 86400)
    best = np.zeros(len(t))
    nearest = np.full(len(t), -1)
    for lo in range(0, len(t), block):
        hi = min(lo + block, len(t))
        start = int(np.searchsorted(t, t[lo] - span, side="left"))
        sims = (Xs[lo:hi] @ Xs[start:hi].T).toarray()
        cols = np.arange(start, hi)
        rows = np.arange(lo, hi)[:, None]
        ok = (cols[None, :] < rows) & (t[cols][None, :] >= t[lo:hi][:, None] - span) \
            & (t[cols][None, :] < t[lo:hi][:, None])
        sims = np.where(ok, sims, -1.0)
        j = sims.argmax(axis=1)
        m = sims[np.arange(hi - lo), j]
        best[lo:hi] = np.where(m >= 0, m, 0.0)
        nearest[lo:hi] = np.where(m >= 0, cols[j], -1)
    ids = arts["article_id"].to_numpy()[order]
    near = pd.array([None if k < 0 else ids[k].item() for k in nearest], dtype="Int64")
    res = pd.DataFrame({"article_id": ids, "novelty": np.clip(1.0 - best, 0.0, 1.0), "nearest_id": near})
    return res.set_index("article_id").loc[arts["article_id"]].reset_index()


# -- one pass over a corpus ----------------------------------------------------------------------------

@dataclass
class NarrativeRun:
    """Everything one pass computes: weekly stats (with shift), per-article hits and novelty, registry."""

    stats: pd.DataFrame
    hits: pd.DataFrame  # article_id, narrative_id, sentences, score
    novelty: pd.DataFrame
    registry: list[Discovered]
    narratives: tuple[Narrative, ...]
    timings: dict[str, float] = field(default_factory=dict)


def run_narratives(articles: pd.DataFrame, narratives: Sequence[Narrative], *,
                   known: Sequence[Discovered] = (), sentiment: pd.DataFrame | None = None,
                   mentions: pd.DataFrame | None = None, novelty_days: float = 7.0, threshold: float = 0.25,
                   discover: bool = True, discovery: dict[str, Any] | None = None,
                   shift_window: int = 12, sentence_table: pd.DataFrame | None = None) -> NarrativeRun:
    """Assign, discover, aggregate per week, score shifts and novelty. Pure: nothing is read or written.

    ``sentence_table``: the articles' :func:`sentence_frame`, when the caller built it already (then
    ``articles`` needs only article_id and published: the texts are not read again).
    """
    import time

    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    arts = _with_week(articles)
    sents = sentence_frame(arts) if sentence_table is None else sentence_table
    timings["sentences"] = time.perf_counter() - t0
    tf = Tfidf.build(sents, arts["article_id"].to_numpy())
    X = tf.articles
    timings["tfidf"] = time.perf_counter() - t0 - sum(timings.values())
    cfg_hits = assign_narratives(sents, narratives, threshold=threshold, tfidf=tf)
    timings["assign"] = time.perf_counter() - t0 - sum(timings.values())
    per_art = cfg_hits.groupby(["article_id", "narrative_id"]).agg(sentences=("sentence_no", "nunique"),
                                                                   score=("score", "max")).reset_index()
    registry = list(known)
    disc_frames = []
    if discover:
        # phrase hits (precise) tag an article with a configured narrative; fuzzy TF-IDF hits do not
        ph = cfg_hits[cfg_hits["method"] == "phrase"].groupby(["article_id", "narrative_id"]).size()
        top = ph.rename("n").reset_index().sort_values("n", ascending=False).drop_duplicates("article_id")
        tags = dict(zip(top["article_id"].astype(int), top["narrative_id"]))
        vocab = tf.vocab
        for week, rows in arts.groupby("week", sort=True).indices.items():
            members, registry = discover_week(X[rows], vocab, arts["article_id"].to_numpy()[rows], str(week),
                                              registry, config_hits=tags, **(discovery or {}))
            if not members.empty:
                disc_frames.append(members)
    timings["discover"] = time.perf_counter() - t0 - sum(timings.values())
    disc = pd.concat(disc_frames, ignore_index=True) if disc_frames else pd.DataFrame(
        columns=["article_id", "narrative_id", "similarity"])
    disc_sent = _discovered_sentences(sents, disc, registry)
    all_hits = pd.concat([cfg_hits[["article_id", "sentence_no", "narrative_id"]], disc_sent], ignore_index=True)
    ids = [n.id for n in narratives] + [d.id for d in registry]
    stats = weekly_stats(arts, sents, all_hits, sentiment=sentiment, mentions=mentions, narrative_ids=ids)
    first = {d.id: d.first_seen for d in registry}
    stats = stats[[first.get(n, "") <= w for n, w in zip(stats["narrative_id"], stats["week"])]]
    stats = shift_scores(stats, window=shift_window)
    timings["weekly"] = time.perf_counter() - t0 - sum(timings.values())
    nov = novelty(arts, days=novelty_days, X=X)
    timings["novelty"] = time.perf_counter() - t0 - sum(timings.values())
    disc_art = disc.rename(columns={"similarity": "score"}).assign(
        sentences=disc["article_id"].map(disc_sent.groupby("article_id").size()).fillna(0).astype(int))
    hits = pd.concat([per_art, disc_art[["article_id", "narrative_id", "sentences", "score"]]], ignore_index=True)
    return NarrativeRun(stats.reset_index(drop=True), hits, nov, registry, tuple(narratives), timings)


def _discovered_sentences(sents: pd.DataFrame, members: pd.DataFrame, registry: list[Discovered]) -> pd.DataFrame:
    """Sentences of member articles that contain one of the narrative's top-8 terms."""
    cols = ["article_id", "sentence_no", "narrative_id"]
    if members.empty:
        return pd.DataFrame(columns=cols)
    frames = []
    by_id = {d.id: d for d in registry}
    for nid, grp in members.groupby("narrative_id"):
        terms = sorted(by_id[nid].terms, key=lambda t: -by_id[nid].terms[t])[:8]
        rx = _phrase_regex(terms)
        s = sents[sents["article_id"].isin(grp["article_id"])]
        hit = s["text"].map(lambda t: rx.search(t) is not None) if rx else s["text"].map(lambda t: False)
        frames.append(s.loc[hit.astype(bool), ["article_id", "sentence_no"]].assign(narrative_id=nid))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
