"""Training data respects the licences and the held-out test rows (reads ../shared in place)."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pytest

from news_sentiment.training.sentiment_data import is_dev, load_examples



@functools.lru_cache(maxsize=1)
def _load(path: str):
    return load_examples(Path(path))


@pytest.fixture
def examples(shared_dir):
    return _load(str(shared_dir / "data"))


@pytest.mark.shared
def test_only_permitted_sources(examples):
    assert {e.source for e in examples} == {"sentfin", "tfns", "finentity"}
    assert {e.label for e in examples} == {"negative", "neutral", "positive"}


@pytest.mark.shared
def test_held_out_rows_never_trained(examples):
    sentfin_nos = {int(e.group.split(":")[1]) for e in examples if e.source == "sentfin"}
    finentity_idx = {int(e.group.split(":")[1]) for e in examples if e.source == "finentity"}
    assert sentfin_nos and not any(n % 10 == 0 for n in sentfin_nos)
    assert finentity_idx and not any(i % 10 == 0 for i in finentity_idx)


@pytest.mark.shared
def test_no_phrasebank_or_tfns_valid_text(examples, shared_dir):
    train_texts = {e.text.strip() for e in examples}
    fpb = shared_dir / "data" / "financial_phrasebank" / "Sentences_AllAgree.txt"
    if fpb.is_file():
        raw = fpb.read_bytes().decode("latin-1")
        sents = {line.rpartition("@")[0].strip() for line in raw.splitlines()}
        assert not (train_texts & sents)
    with open(shared_dir / "data" / "twitter_financial_news_sentiment" / "sent_valid.csv", encoding="utf-8") as fh:
        valid = {row["text"].strip() for row in csv.DictReader(fh)}
    overlap = train_texts & valid
    assert len(overlap) < 0.02 * len(valid)  # upstream splits share a few identical tweets


@pytest.mark.shared
def test_finentity_targets_are_in_their_sentence(examples):
    fe = [e for e in examples if e.source == "finentity" and e.target]
    assert fe and sum(e.target in e.text for e in fe) / len(fe) > 0.99


@pytest.mark.shared
def test_dev_split_is_deterministic_and_small(examples):
    dev = [e for e in examples if is_dev(e)]
    assert 0.03 < len(dev) / len(examples) < 0.08
    groups_dev = {e.group for e in dev}
    assert not any(e.group in groups_dev for e in examples if not is_dev(e))


def test_length_grouped_batches_cover_everything_once():
    import random

    from news_sentiment.training.sentiment_data import Example
    from news_sentiment.training.sentiment_train import batches

    exs = [Example(f"t{i}", None, "neutral", "x", str(i)) for i in range(250)]
    lengths = [i % 37 for i in range(250)]
    out = batches(exs, lengths, 16, random.Random(0))
    flat = [i for b in out for i in b]
    assert sorted(flat) == list(range(250)) and max(len(b) for b in out) == 16
    assert out == batches(exs, lengths, 16, random.Random(0))  # seeded


def test_news_items_that_are_public_test_rows_are_never_trained_on():
    from news_sentiment.training.sentiment_data import public_test_row

    assert public_test_row("sentfin:120") and public_test_row("finentity:40")
    assert not public_test_row("sentfin:121") and not public_test_row("own:7") and not public_test_row("tfns:30")


@pytest.mark.shared
def test_the_news_set_joins_training_without_its_dev_test_texts_or_public_test_rows(shared_dir):
    from news_sentiment.training.claims_corpus import Split
    from news_sentiment.training.sentiment_corpus import load_news
    from news_sentiment.training.sentiment_data import load_examples

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    items = {i.id: i for i in load_news(corpus, shared_dir)}
    examples = load_examples(shared_dir / "data", corpus, news_weight=2)
    news_ids = {e.group.removeprefix("news:") for e in examples if e.source == "news"}
    assert news_ids and all(items[i].split is Split.TRAIN for i in news_ids)
    assert not any(i.startswith("sentfin:") and int(i.split(":")[1]) % 10 == 0 for i in news_ids)
    held = {i for i, it in items.items() if it.split is not Split.TRAIN}
    assert not any(e.group in held for e in examples if e.source != "news")
