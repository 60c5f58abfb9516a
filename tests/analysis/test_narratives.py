"""Narratives: config, assignment, discovery with stable ids, weekly stats, shift scores, novelty."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from news_sentiment.analysis.narratives import (
    assign_narratives,
    discover_narratives,
    novelty,
    run_narratives,
    sentence_frame,
    shift_scores,
    weekly_stats,
)
from news_sentiment.errors import ConfigError
from news_sentiment.narrative_config import load_narratives, parse_narratives
from news_sentiment.records import Narrative
from tests.analysis.synth import corpus, iso

STORY_WEEKS = range(4, 10)  # offsets 4..9 = 2025-W06..2025-W11
TARIFF = {7: 0.5, **{w: 0.05 for w in range(7)}}  # a planted spike in 2025-W09


@pytest.fixture(scope="module")
def run():
    arts = corpus(weeks=10, per_week=60, story={w: 0.25 for w in STORY_WEEKS}, tariff=TARIFF, seed=0)
    return run_narratives(arts, load_narratives())


def test_default_config_loads_the_issue_narratives():
    names = {n.name for n in load_narratives()}
    assert {"China AI catch-up", "US tech valuations stretched", "tariffs and trade war",
            "stimulus/policy support", "rates and the Fed", "earnings season"} <= names
    ids = [n.id for n in load_narratives()]
    assert "stimulus-policy-support" in ids and len(ids) == len(set(ids))


def test_bad_key_names_file_and_line():
    src = "narratives:\n  - name: a\n    description: b\n  - name: c\n    phrase: [x]\n"
    with pytest.raises(ConfigError, match=r"n\.yaml:5: unknown narrative key 'phrase'"):
        parse_narratives(src, Path("n.yaml"))
    with pytest.raises(ConfigError, match=r"n\.yaml:2: narrative 'a' needs a description or phrases"):
        parse_narratives("narratives:\n  - name: a\n", Path("n.yaml"))
    with pytest.raises(ConfigError, match=r"duplicate narrative id 'a-b'"):
        parse_narratives("narratives:\n  - {name: a b, phrases: [x]}\n  - {name: A/B, phrases: [y]}\n", Path("n.yaml"))


def test_phrase_and_tfidf_assignment():
    narrs = [Narrative("tariffs", "tariffs", "Import duties and a trade war between countries.", ("tariffs", "trade war")),
             Narrative("fed", "fed", "Federal Reserve interest rate cuts and bond yields.", ("rate cut",))]
    sents = pd.DataFrame({"article_id": [1, 2, 3, 4], "sentence_no": 0, "text": [
        "Washington raised TARIFFS on steel.",  # phrase, case-insensitive
        "Bond yields fell as traders priced interest rate cuts by the Federal Reserve.",  # tf-idf
        "The weather in Paris was lovely.",  # nothing
        "Tariffsville is a town."]})  # no partial-word phrase match
    hits = assign_narratives(sents, narrs)
    got = {(r.article_id, r.narrative_id, r.method) for r in hits.itertuples()}
    assert (1, "tariffs", "phrase") in got
    assert (2, "fed", "tfidf") in got
    assert not any(a in (3, 4) for a, _, _ in got)


def test_discovery_finds_planted_story_and_keeps_its_id(run):
    story = [d for d in run.registry if "lithium" in d.label]
    assert len(story) == 1, [d.label for d in run.registry]
    d = story[0]
    assert d.id == "emerging-2025-W06-1" and d.first_seen == "2025-W06" and d.last_seen == "2025-W11"
    weekly = run.stats[run.stats["narrative_id"] == d.id].set_index("week")["articles"]
    assert list(weekly.index) == [iso(w) for w in STORY_WEEKS]  # no rows before first seen
    assert (weekly >= 8).all()  # ~15 story articles a week, found every week under the same id
    # noise does not become a narrative; the tariff spike is a configured narrative, not a discovered one
    assert len(run.registry) == 1


def test_identity_survives_a_second_run_with_stored_registry(run):
    """Next run (one more week of data) starts from the stored registry: same id, no duplicate."""
    arts = corpus(weeks=11, per_week=60, story={w: 0.25 for w in range(4, 11)}, tariff=TARIFF, seed=0)
    members, registry = discover_narratives(arts[arts["published"] >= "2025-03-10"], run.registry)
    assert [d.id for d in registry] == [d.id for d in run.registry]
    assert set(members["week"]) == {"2025-W11", "2025-W12"}
    assert set(members["narrative_id"]) == {"emerging-2025-W06-1"}
    assert registry[0].last_seen == "2025-W12"


def test_shift_score_flags_planted_spike(run):
    t = run.stats[run.stats["narrative_id"] == "tariffs-and-trade-war"].set_index("week")
    assert t.loc["2025-W09", "articles"] >= 20
    assert t.loc["2025-W09", "shift"] > 5
    others = t["shift"].drop("2025-W09").dropna()
    assert (others.abs() < 5).all()
    assert t["shift"].iloc[:4].isna().all() and (t["shift_history"].iloc[:4] == [0, 1, 2, 3]).all()


def test_shift_scores_robust_z_by_hand():
    stats = pd.DataFrame({"week": [iso(i) for i in range(6)], "narrative_id": "n",
                          "article_share": [0.10, 0.12, 0.08, 0.10, 0.10, 0.40]})
    out = shift_scores(stats, min_history=4).set_index("week")
    # history 0.10 0.12 0.08 0.10 0.10 -> median 0.10, MAD 0.0 -> floor 0.01
    assert out["shift"].iloc[5] == pytest.approx((0.40 - 0.10) / 0.01)
    # week 4: history 0.10 0.12 0.08 0.10 -> median 0.10, MAD 0.01 -> scale 0.014826
    assert out["shift"].iloc[4] == pytest.approx(0.0)
    assert out["shift"].iloc[:4].isna().all()


def test_weekly_stats_shares_sentiment_entities_and_baskets():
    arts = pd.DataFrame({"article_id": [1, 2, 3, 4], "title": ["Tariffs bite", "Quiet day", "Tariffs again", "x y"],
                         "text": ["Tariffs hit Alibaba. Stocks fell.", "Nothing. Happened.", "More tariffs. Tencent.", ""],
                         "published": ["2025-03-03T10:00:00Z", "2025-03-04T10:00:00Z", "2025-03-10T10:00:00Z",
                                       "2025-03-11T10:00:00Z"]})
    sents = sentence_frame(arts)
    narrs = [Narrative("tariffs", "tariffs", "", ("tariffs",))]
    hits = assign_narratives(sents, narrs)
    senti = pd.DataFrame({"article_id": [1, 2, 3], "sentiment": [-0.5, 0.9, -0.1]})
    ments = pd.DataFrame({"article_id": [1, 1, 3], "entity": ["Alibaba", "Alibaba", "Tencent"],
                          "basket": ["7 titans", "BATX", "7 titans"]})
    st = weekly_stats(arts, sents, hits, sentiment=senti, mentions=ments, narrative_ids=["tariffs"]).set_index("week")
    assert list(st.index) == ["2025-W10", "2025-W11"]
    w10 = st.loc["2025-W10"]
    assert w10["articles"] == 1 and w10["article_share"] == 0.5
    assert w10["sentences"] == 2 and w10["sentence_share"] == pytest.approx(2 / 6)  # 3 + 3 sentences that week
    assert w10["sentiment"] == -0.5 and w10["sentiment_n"] == 1
    assert w10["entities"] == ["Alibaba"] and w10["baskets"] == ["7 titans", "BATX"]
    assert st.loc["2025-W11", "entities"] == ["Tencent"]


def test_novelty_is_low_for_a_retold_story_and_one_for_a_new_one():
    arts = pd.DataFrame({"article_id": [10, 11, 12, 13], "title": ["Lithium glut", "Lithium glut deepens",
                                                                   "Coffee harvest", "Lithium glut"],
                         "text": ["Battery makers face a lithium glut and cut cathode output.",
                                  "Battery makers face a deeper lithium glut and cut cathode output again.",
                                  "Brazil coffee harvest beats forecasts.",
                                  "Battery makers face a lithium glut and cut cathode output."],
                         "published": ["2025-03-03T10:00:00Z", "2025-03-05T10:00:00Z", "2025-03-06T10:00:00Z",
                                       "2025-03-20T10:00:00Z"]})  # 13: same story, 15 days later
    nov = novelty(arts, days=7).set_index("article_id")
    assert nov.loc[10, "novelty"] == 1.0 and pd.isna(nov.loc[10, "nearest_id"])
    assert nov.loc[11, "novelty"] < 0.5 and nov.loc[11, "nearest_id"] == 10
    assert nov.loc[12, "novelty"] > 0.9
    assert nov.loc[13, "novelty"] == 1.0  # outside the 7-day window
    assert novelty(arts, days=30).set_index("article_id").loc[13, "novelty"] == pytest.approx(0.0, abs=1e-5)


def test_run_reports_articles_per_week_consistently(run):
    n = run.stats.groupby("week")["articles"].max()
    assert (n <= 60).all()
    shares = run.stats["article_share"]
    assert ((shares >= 0) & (shares <= 1)).all()
    assert np.isfinite(run.novelty["novelty"]).all() and len(run.novelty) == 600


def test_sentence_frame_uses_the_shared_splitter():
    """Abbreviations do not end a sentence; a heading line without a full stop is its own sentence."""
    arts = pd.DataFrame({"article_id": [1], "title": ["Steel deal"], "week": ["2025-W06"],
                         "text": ["Market view\nU.S. Steel rose 3% on Monday. Nippon Steel Corp. said the deal "
                                  "closed. Shares of Cleveland-Cliffs fell."]})
    got = sentence_frame(arts)["text"].tolist()
    assert got == ["Steel deal", "Market view", "U.S. Steel rose 3% on Monday.",
                   "Nippon Steel Corp. said the deal closed.", "Shares of Cleveland-Cliffs fell."]
