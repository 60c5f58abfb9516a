"""The synthetic convention set: deterministic, balanced, targets in their text, no dataset text."""

from __future__ import annotations

from collections import Counter

import pytest

from news_sentiment.training.sentiment_synthetic import synthetic


def test_deterministic_per_seed():
    assert list(synthetic(300, seed=3)) == list(synthetic(300, seed=3))
    assert list(synthetic(300, seed=3)) != list(synthetic(300, seed=4))


def test_balanced_labels_and_both_input_forms():
    ex = list(synthetic(900))
    plain = Counter(e.label for e in ex if e.target is None)
    assert plain == {"positive": 300, "negative": 300, "neutral": 300}
    assert sum(e.target is not None for e in ex) > 800
    assert {e.source for e in ex} == {"synthetic"}


def test_targets_occur_in_their_text_and_contrasts_disagree():
    ex = list(synthetic(600))
    assert all(e.target in e.text for e in ex if e.target)
    by_group: dict[str, set[str]] = {}
    for e in ex:
        if e.group.startswith("synthetic-contrast"):
            by_group.setdefault(e.group, set()).add(e.label)
    assert len(by_group) == 60 and all(labels == {"positive", "negative"} for labels in by_group.values())


def test_no_template_placeholders_left():
    assert not [e.text for e in synthetic(2000) if "{" in e.text or "}" in e.text]


def test_known_conventions_are_labelled():
    ex = list(synthetic(2000))
    narrowed = [e.label for e in ex if "net loss narrowed" in e.text]
    widened = [e.label for e in ex if "net loss widened" in e.text]
    assert narrowed and set(narrowed) == {"positive"}
    assert widened and set(widened) == {"negative"}


@pytest.mark.shared
def test_no_phrasebank_sentence(shared_dir):
    fpb = shared_dir / "data" / "financial_phrasebank" / "Sentences_50Agree.txt"
    if not fpb.is_file():
        pytest.skip(f"{fpb} is absent")
    sents = {line.rpartition("@")[0].strip() for line in fpb.read_bytes().decode("latin-1").splitlines()}
    assert not ({e.text for e in synthetic(2000)} & sents)
