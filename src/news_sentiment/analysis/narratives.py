"""Narratives week by week: configured narratives assigned semantically, discovered ones clustered, intensity with
its interval, and shifts tested (pure: DataFrames and arrays in, results out; no I/O, no model loading).

The store's reads and writes are in :mod:`news_sentiment.store.narrative_weeks`; a run over the store's weeks
(each computed once, from the state the week before left) is
:func:`news_sentiment.pipeline.narratives.update_narratives`.
Definitions (also in ``docs/narratives.md``):

- **Intensity**: a narrative's share of the week's articles, with a 95 % Wilson interval.
- **Shift**: a two-proportion z-test of this week's share against the pooled share of the previous
  ``SHIFT_WINDOW`` stored weeks (``shift`` is z, ``shift_p`` its two-sided p-value). It is computed only when this
  week has at least ``MIN_WEEK_ARTICLES`` articles, the previous weeks together have as many, and the narrative
  has at least ``MIN_NARRATIVE_ARTICLES`` articles across both; otherwise ``shift`` is empty and ``shift_test``
  says why.
- **new**: a discovered narrative in the week its id was created; a configured one in the first week it has
  articles after at least one stored week without any. **rising** / **fading**: the shift test rejects equal
  shares at ``SHIFT_ALPHA`` (two-sided) with the share up / down; a discovered narrative without a cluster this
  week is also fading. **retired**: a discovered narrative in the week it is retired (``RETIRE_AFTER`` weeks
  without a cluster). **steady**: anything else.
- Discovery clusters every article of the week (boilerplate aside) and drops clusters mostly made of articles
  that carry a configured narrative (see :mod:`news_sentiment.analysis.narrative_discovery`).
- Novelty: ``1 - max cosine`` of an article's vector to the articles of the previous ``novelty_days`` days.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd
from scipy.stats import norm

from news_sentiment.analysis.boilerplate import TemplateMemory, first_copies, furniture, strip_template
from news_sentiment.analysis.boilerplate import key as boiler_key
from news_sentiment.analysis.narrative_assign import EVIDENCE_KEPT, assign_articles
from news_sentiment.analysis.narrative_discovery import Tracked, WeekClusters, WeekInput, discover_week
from news_sentiment.nlp.narrative_model import NarrativeScorer, mean_vector
from news_sentiment.records import Narrative

MIN_SHIFT_HISTORY = 4  # earlier weeks needed before a robust shift score is given (shift_scores, for links)
SHIFT_WINDOW = 4
SHIFT_ALPHA = 0.05
MIN_WEEK_ARTICLES = 20
MIN_NARRATIVE_ARTICLES = 10
SHIFT_TEST = f"two-proportion z-test vs the previous {SHIFT_WINDOW} weeks"


class Status(StrEnum):
    """The words a weekly row's ``status`` takes (see the module docstring)."""

    NEW = "new"
    RISING = "rising"
    FADING = "fading"
    STEADY = "steady"
    RETIRED = "retired"


def iso_week(published: pd.Series) -> pd.Series:
    """ISO week strings ('2025-W10') of timestamps (ISO text or datetimes, taken as UTC)."""
    ts = pd.to_datetime(published, utc=True, format="ISO8601")
    iso = ts.dt.isocalendar()
    return iso["year"].astype(str) + "-W" + iso["week"].astype(int).map("{:02d}".format)




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



# -- intensity and shifts ----------------------------------------------------------------------------------------

def wilson(k: np.ndarray, n: np.ndarray, z: float = 1.959964) -> tuple[np.ndarray, np.ndarray]:
    """95 % Wilson score interval of k successes in n trials (0..0 when n is 0)."""
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    safe = np.maximum(n, 1.0)
    p = k / safe
    centre = (p + z * z / (2 * safe)) / (1 + z * z / safe)
    half = z * np.sqrt(p * (1 - p) / safe + z * z / (4 * safe * safe)) / (1 + z * z / safe)
    zero = n == 0
    return np.where(zero, 0.0, np.clip(centre - half, 0, 1)), np.where(zero, 0.0, np.clip(centre + half, 0, 1))


def two_proportion(k1: int, n1: int, k0: int, n0: int) -> tuple[float, float]:
    """z and two-sided p of H0: equal proportions (pooled standard error)."""
    pooled = (k1 + k0) / (n1 + n0)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    if se == 0:
        return 0.0, 1.0
    z = (k1 / n1 - k0 / n0) / se
    return z, float(2 * norm.sf(abs(z)))


@dataclass(frozen=True)
class ShiftResult:
    shift: float | None
    p: float | None
    test: str
    history: int


def shift_test(k: int, n: int, prev: pd.DataFrame) -> ShiftResult:
    """The shift test of one narrative's week (``prev``: its rows of earlier weeks with articles and total)."""
    k0, n0, h = int(prev["articles"].sum()), int(prev["total"].sum()), int(len(prev))
    if h == 0:
        return ShiftResult(None, None, "no earlier week", 0)
    if n < MIN_WEEK_ARTICLES or n0 < MIN_WEEK_ARTICLES or k + k0 < MIN_NARRATIVE_ARTICLES:
        return ShiftResult(None, None, f"too few articles (needs {MIN_WEEK_ARTICLES} in the week and before, "
                                       f"{MIN_NARRATIVE_ARTICLES} in the narrative)", h)
    z, p = two_proportion(k, n, k0, n0)
    return ShiftResult(z, p, SHIFT_TEST, h)


def _status(k: int, prev: pd.DataFrame, res: ShiftResult) -> Status:
    if k > 0 and len(prev) and int(prev["articles"].sum()) == 0:
        return Status.NEW
    if res.p is not None and res.p < SHIFT_ALPHA:
        return Status.RISING if (res.shift or 0) > 0 else Status.FADING
    return Status.STEADY


def _discovered_status(d: Tracked, week: str, created: bool, tested: Status) -> Status:
    """A discovered narrative's status: new in the week its id was created, retired in the week it is retired,
    fading in a week without its cluster; otherwise the shift test's word (never "new": that is its creation)."""
    if created:
        return Status.NEW
    if d.retired == week:
        return Status.RETIRED
    if d.misses > 0:
        return Status.FADING
    return Status.STEADY if tested is Status.NEW else tested


def add_shifts(stats: pd.DataFrame, total: int, previous: pd.DataFrame, discovered: dict[str, Tracked],
               new_ids: Sequence[str]) -> pd.DataFrame:
    """Interval, shift test and status for one week's rows (``previous``: narrative_id, articles, total)."""
    out = stats.copy()
    out["share_low"], out["share_high"] = wilson(out["articles"].to_numpy(), np.full(len(out), total))
    shifts, ps, tests, hist, status = [], [], [], [], []
    for r in out.itertuples(index=False):
        prev = previous[previous["narrative_id"] == r.narrative_id]
        res = shift_test(int(r.articles), total, prev)
        st = _status(int(r.articles), prev, res)
        if (d := discovered.get(r.narrative_id)) is not None:
            st = _discovered_status(d, r.week, r.narrative_id in new_ids, st)
        shifts.append(res.shift); ps.append(res.p); tests.append(res.test); hist.append(res.history)
        status.append(str(st))
    out["shift"], out["shift_p"], out["shift_test"] = shifts, ps, tests
    out["shift_history"], out["status"] = hist, status
    return out


# -- one week --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WeekData:
    """One ISO week's inputs. ``vectors[offsets[i]:offsets[i + 1]]`` are article i's sentence vectors and
    ``sentences[i]`` their texts (title first); ``earlier_*``: articles of the days before, for novelty."""

    week: str
    articles: pd.DataFrame  # article_id, title, published, feed, day
    sentences: list[list[str]]
    vectors: np.ndarray
    offsets: np.ndarray
    sentiment: pd.DataFrame | None = None
    mentions: pd.DataFrame | None = None
    earlier_vectors: np.ndarray | None = None
    earlier_ids: np.ndarray | None = None
    earlier_times: np.ndarray | None = None
    probs: np.ndarray | None = None  # (articles, classifier outputs): the classifier's probabilities, NaN if none


@dataclass
class WeekResult:
    stats: pd.DataFrame
    hits: pd.DataFrame  # article_id, narrative_id, sentences, score
    evidence: pd.DataFrame  # article_id, narrative_id, sentence_no, similarity, text
    novelty: pd.DataFrame
    registry: list[Tracked]
    templates: TemplateMemory
    clusters: WeekClusters | None = None
    timings: dict[str, float] = field(default_factory=dict)


def sentence_rows(data: WeekData) -> pd.DataFrame:
    ids = np.repeat(data.articles["article_id"].to_numpy(), [len(s) for s in data.sentences])
    nos = [k for s in data.sentences for k in range(len(s))]
    return pd.DataFrame({"article_id": ids, "sentence_no": nos, "text": [t for s in data.sentences for t in s],
                         "week": data.week})


def discovery_input(data: WeekData, templates: TemplateMemory, claimed: set[int]) -> WeekInput:
    """The week's articles as boilerplate-free vectors and label texts (``claimed``: those carrying a configured
    narrative, marked so that clusters of them are left to it)."""
    tpl = templates.templates()
    days = data.articles["day"].tolist()
    furn = furniture((int(a), d, t) for a, d, ss in zip(data.articles["article_id"], days, data.sentences)
                     for t in ss[1:])
    keep, vecs, titles, texts = [], [], [], []
    for i, aid in enumerate(data.articles["article_id"]):
        ss = data.sentences[i]
        lo = int(data.offsets[i])
        title = strip_template(ss[0], tpl) if ss else ""
        if not title:  # a series item (daily list, recurring column): not a storyline
            continue
        rows = ([lo] if title and title == ss[0].strip() else []) + \
            [lo + k for k in range(1, len(ss)) if boiler_key(ss[k]) not in furn]
        if not rows:
            continue
        keep.append(int(aid)); vecs.append(mean_vector(data.vectors[rows])); titles.append(title)
        texts.append(" ".join([title] + [ss[k] for k in range(1, min(len(ss), 4)) if boiler_key(ss[k]) not in furn]))
    V = np.stack(vecs) if vecs else np.zeros((0, data.vectors.shape[1] if data.vectors.ndim == 2 else 1))
    first = first_copies(V) if len(V) else np.zeros(0, dtype=bool)
    pick = np.flatnonzero(first)
    ids = np.asarray(keep, dtype=np.int64)[pick]
    return WeekInput(data.week, ids, V[pick], [titles[i] for i in pick], [texts[i] for i in pick],
                     np.array([int(a) in claimed for a in ids], dtype=bool))


def novelty(data: WeekData, days: float) -> pd.DataFrame:
    """Per article: 1 - max cosine of its mean vector to articles published in the previous ``days`` days."""
    aids = data.articles["article_id"].to_numpy()
    if not len(aids):
        return pd.DataFrame(columns=["article_id", "novelty", "nearest_id"])
    V = np.stack([mean_vector(data.vectors[int(data.offsets[i]):int(data.offsets[i + 1])])
                  if data.offsets[i + 1] > data.offsets[i] else np.zeros(data.vectors.shape[1], dtype=np.float32)
                  for i in range(len(aids))])
    t = pd.to_datetime(data.articles["published"], utc=True, format="ISO8601").astype("int64").to_numpy() / 1e9
    allV, allT, allI = V, t, aids
    if data.earlier_vectors is not None and len(data.earlier_vectors):
        allV = np.vstack([data.earlier_vectors, V])
        allT = np.concatenate([data.earlier_times, t])
        allI = np.concatenate([data.earlier_ids, aids])
    sims = V @ allV.T
    ok = (allT[None, :] < t[:, None]) & (allT[None, :] >= t[:, None] - days * 86400)
    sims = np.where(ok, sims, -np.inf)
    j = sims.argmax(axis=1) if sims.shape[1] else np.zeros(len(aids), dtype=int)
    best = sims[np.arange(len(aids)), j] if sims.shape[1] else np.full(len(aids), -np.inf)
    found = np.isfinite(best)
    near = pd.array([int(allI[k]) if f else None for k, f in zip(j, found)], dtype="Int64")
    return pd.DataFrame({"article_id": aids, "novelty": np.where(found, np.clip(1 - best, 0, 1), 1.0),
                         "nearest_id": near})


def discovered_evidence(data: WeekData, clusters: WeekClusters, texts: pd.Series) -> pd.DataFrame:
    """For each member of a discovered narrative: its sentences closest to the narrative's centroid (at most
    ``EVIDENCE_KEPT``), with their cosine: the sentences that put it in the cluster."""
    centroid = {t.id: t.centroid for t in clusters.registry}
    row_of = {int(a): i for i, a in enumerate(data.articles["article_id"])}
    rows = []
    for aid, nid in zip(clusters.article_ids, clusters.narrative_ids):
        i = row_of[int(aid)]
        sims = data.vectors[int(data.offsets[i]):int(data.offsets[i + 1])] @ centroid[nid]
        for k in np.argsort(-sims)[:EVIDENCE_KEPT]:
            rows.append((int(aid), nid, int(k), float(sims[k]), texts.get((int(aid), int(k)), "")))
    return pd.DataFrame(rows, columns=["article_id", "narrative_id", "sentence_no", "similarity", "text"])


def compute_week(data: WeekData, narratives: Sequence[Narrative], scorer: NarrativeScorer,
                 registry: Sequence[Tracked], templates: TemplateMemory, previous: pd.DataFrame, *,
                 novelty_days: float = 7.0, discover: bool = True) -> WeekResult:
    """Assign, discover, aggregate and test one week (see the module docstring). Pure."""
    import time

    t0 = time.perf_counter()
    arts = data.articles.assign(week=data.week)
    assigned, evidence = assign_articles(arts["article_id"].tolist(), data.offsets, data.vectors, scorer, data.probs)
    sents = sentence_rows(data)
    texts = sents.set_index(["article_id", "sentence_no"])["text"]
    evidence = evidence.assign(text=[texts.get((a, s), "") for a, s in zip(evidence["article_id"],
                                                                            evidence["sentence_no"])])
    timings = {"assign": time.perf_counter() - t0}
    mem = TemplateMemory.from_json(templates.as_json())
    mem.add([s[0] if s else "" for s in data.sentences], arts["day"].tolist())
    clusters = None
    reg = list(registry)
    if discover:
        inp = discovery_input(data, mem, set(assigned["article_id"].astype(int)))
        clusters = discover_week(inp, registry)
        reg = clusters.registry
        evidence = pd.concat([evidence, discovered_evidence(data, clusters, texts)], ignore_index=True)
    timings["discover"] = time.perf_counter() - t0 - sum(timings.values())
    if len(arts):
        mem.prune(max(arts["day"]))
    live = {t.id: t for t in reg if t.retired is None or t.retired == data.week}
    stats, hits = _week_stats(data, arts, sents, [n.id for n in narratives] + list(live), assigned, evidence,
                              clusters)
    stats = add_shifts(stats, len(arts), previous, live, clusters.new if clusters else [])
    timings["weekly"] = time.perf_counter() - t0 - sum(timings.values())
    nov = novelty(data, novelty_days)
    timings["novelty"] = time.perf_counter() - t0 - sum(timings.values())
    return WeekResult(stats.reset_index(drop=True), hits, evidence, nov, reg, mem, clusters, timings)


def _week_stats(data: WeekData, arts: pd.DataFrame, sents: pd.DataFrame, ids: list[str], assigned: pd.DataFrame,
                evidence: pd.DataFrame, clusters: WeekClusters | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """weekly_stats of narratives ``ids`` over their evidence sentences (every assignment has at least one) and
    discovered members; and the per-article hits (article_id, narrative_id, sentences, score)."""
    disc = pd.DataFrame({"article_id": clusters.article_ids if clusters else [],
                         "narrative_id": clusters.narrative_ids if clusters else [],
                         "score": clusters.similarity if clusters else []})
    all_hits = pd.concat([evidence[["article_id", "sentence_no", "narrative_id"]],
                          disc[["article_id", "narrative_id"]].assign(sentence_no=np.nan)], ignore_index=True)
    stats = weekly_stats(arts, sents, all_hits, sentiment=data.sentiment, mentions=data.mentions, narrative_ids=ids)
    hits = pd.concat([assigned[["article_id", "narrative_id", "sentences", "score"]],
                      disc.assign(sentences=0)[["article_id", "narrative_id", "sentences", "score"]]],
                     ignore_index=True)
    return stats, hits
