"""Narratives: config, semantic assignment, boilerplate, shift statistics, and the planted-storylines run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from news_sentiment.analysis.boilerplate import TemplateMemory, first_copies, furniture, strip_template
from news_sentiment.analysis.narrative_assign import assign_articles
from news_sentiment.analysis.narrative_discovery import keyphrases
from news_sentiment.analysis.narratives import shift_test, two_proportion, wilson
from news_sentiment.errors import ConfigError
from news_sentiment.narrative_config import load_narratives, parse_narratives
from news_sentiment.nlp.narrative_model import NarrativeScorer


def test_default_config_loads_the_issue_narratives_with_seeds():
    narrs = load_narratives()
    names = {n.name for n in narrs}
    assert {"China AI catch-up", "US tech valuations stretched", "tariffs and trade war",
            "stimulus/policy support", "rates and the Fed", "earnings season"} <= names
    assert all(len(n.seeds) >= 5 for n in narrs)
    ids = [n.id for n in narrs]
    assert "stimulus-policy-support" in ids and len(ids) == len(set(ids))


def test_bad_config_names_file_and_line():
    with pytest.raises(ConfigError, match=r"n\.yaml:5: unknown narrative key 'phrase'"):
        parse_narratives("narratives:\n  - name: a\n    description: b\n  - name: c\n    phrase: [x]\n", Path("n.yaml"))
    with pytest.raises(ConfigError, match=r"n\.yaml:2: narrative 'a' needs seeds, a description or phrases"):
        parse_narratives("narratives:\n  - name: a\n", Path("n.yaml"))
    with pytest.raises(ConfigError, match=r"n\.yaml:3: `seeds` must be a list of strings"):
        parse_narratives("narratives:\n  - name: a\n    seeds: one sentence\n", Path("n.yaml"))


def _scorer(thresholds=(0.8, 0.8)) -> NarrativeScorer:
    """Two seed-only narratives in a 3-d toy space: 'x' along axis 0, 'y' along axis 1."""
    return NarrativeScorer(("x", "y"), np.zeros((2, 3), np.float32), np.zeros(2, np.float32), np.zeros(2, bool),
                           np.eye(3, dtype=np.float32)[:2], np.array([0, 1]), np.array(thresholds, np.float32))


def test_assignment_needs_a_close_sentence_or_a_close_article_and_keeps_evidence():
    v = np.array([[1, 0, 0], [0, 0, 1],  # article 10: its first sentence is on x
                  [0.6, 0.8, 0], [0, 0.6, 0.8],  # article 11: sentence 0 is 0.8 on y, its mean vector 0.7 / 0.86
                  [0, 0, 1]], dtype=np.float32)  # article 12: nothing
    assigned, evidence = assign_articles([10, 11, 12], np.array([0, 2, 4, 5]), v, _scorer())
    got = {(int(a), n): (round(s, 3), k) for a, n, s, k in assigned.itertuples(index=False)}
    assert got == {(10, "x"): (1.0, 1), (11, "y"): (round(0.7 / np.sqrt(0.3**2 + 0.7**2 + 0.4**2), 3), 1)}
    assert evidence.loc[evidence["article_id"] == 10, "sentence_no"].tolist() == [0]


def test_trained_head_is_a_logistic_probability():
    s = NarrativeScorer(("h",), np.array([[2.0, 0, 0]], np.float32), np.array([-1.0], np.float32),
                        np.array([True]), np.zeros((0, 3), np.float32), np.zeros(0, int), np.array([0.5], np.float32))
    assert s.scores(np.array([[1.0, 0, 0]]))[0, 0] == pytest.approx(1 / (1 + np.exp(-1.0)))


def test_series_headlines_and_furniture_are_recognised_but_stories_are_not():
    mem = TemplateMemory()
    days = [f"2025-03-{d:02d}" for d in range(3, 10)]
    mem.add([f"Stocks making the biggest moves midday: Acme, Brix {d}" for d in days], days)
    mem.add([f"Exclusive: story number {d} about something else" for d in days], days)
    mem.add(["Fed holds rates", "Fed signals patience", "Fed minutes show split", "Fed cut bets fade",
             "Fed's Powell says data matter"], days[:5])
    tpl = mem.templates()
    assert strip_template("Stocks making the biggest moves midday: Nvidia, Tesla", tpl) == ""
    assert strip_template("Exclusive: Carmaker plans a recall", tpl) == "Carmaker plans a recall"
    assert strip_template("Fed holds rates again", tpl) == "Fed holds rates again"
    mem.prune("2025-05-30")
    assert mem.templates() == set()
    rows = [(1, "d1", "Sign up for our newsletter today."), (2, "d1", "Sign up for our newsletter today."),
            (3, "d2", "Sign up for our newsletter today."), (4, "d1", "A sentence only here and there."),
            (5, "d1", "A sentence only here and there."), (6, "d1", "A sentence only here and there.")]
    assert furniture(rows) == {"sign up for our newsletter today."}


def test_near_duplicate_copies_keep_only_the_first():
    v = np.array([[1, 0], [0.999, 0.0447], [0, 1]], dtype=np.float32)
    assert first_copies(v / np.linalg.norm(v, axis=1, keepdims=True)).tolist() == [True, False, True]


def test_keyphrases_prefer_words_of_the_class_not_of_all_news():
    docs = [["cocoa prices hit a record", "cocoa grinders cut output", "chocolate makers pay more for cocoa"],
            ["shares rose on the day", "shares fell on the day", "the market closed higher"]]
    assert keyphrases(docs)[0][0] == "cocoa"


def test_wilson_interval_matches_the_textbook_values():
    lo, hi = wilson(np.array([10]), np.array([100]))  # textbook 95 % Wilson interval for 10/100
    assert lo[0] == pytest.approx(0.0552, abs=1e-4) and hi[0] == pytest.approx(0.1744, abs=1e-4)


def test_shift_is_a_two_proportion_z_test_with_a_minimum_sample():
    z, p = two_proportion(30, 100, 40, 400)  # 0.30 vs 0.10, pooled 0.14
    assert z == pytest.approx((0.3 - 0.1) / np.sqrt(0.14 * 0.86 * (1 / 100 + 1 / 400)))
    assert p < 1e-6
    prev = pd.DataFrame({"articles": [10, 10, 10, 10], "total": [100] * 4})
    assert shift_test(30, 100, prev).p == pytest.approx(p)
    small = shift_test(3, 10, prev)
    assert small.shift is None and "too few articles" in small.test
    assert shift_test(3, 100, prev.iloc[:0]).test == "no earlier week"
