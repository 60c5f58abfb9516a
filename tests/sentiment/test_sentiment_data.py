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
    assert not any(e.group in held for e in examples if e.source != "news" and not is_dev(e))


def _fixture_sources(monkeypatch):
    """Tiny stand-ins for the dataset readers and the news set (our own sentences, no files read)."""
    from news_sentiment.training import sentiment_data as sd
    from news_sentiment.training.claims_corpus import Split
    from news_sentiment.training.sentiment_data import Example

    def fe(i, text, target, label):
        return Example(text, target, label, "finentity", f"finentity:{i}")

    finentity_rows = [
        fe(1, "Acme beat forecasts while Globex lost share.", "Acme", "positive"),
        fe(1, "Acme beat forecasts while Globex lost share.", "Globex", "negative"),
        fe(3, "Initech held its dividend steady.", "Initech", "neutral"),
        fe(16, "Hooli shares fell after the recall.", "Hooli", "negative"),  # group hashes into dev
        fe(7, "Umbrella was fined by the regulator.", "Umbrella", "positive"),  # disagrees with news item
    ]
    monkeypatch.setattr(sd, "sentfin", lambda data: iter([Example("Acme rises", "Acme", "positive", "sentfin",
                                                                  "sentfin:1")]))
    monkeypatch.setattr(sd, "tfns", lambda data: iter([Example("Markets flat", None, "neutral", "tfns", "tfns:0")]))
    monkeypatch.setattr(sd, "finentity", lambda data: iter(finentity_rows))
    monkeypatch.setattr(sd, "news_labels", lambda corpus: {"finentity:7": (Split.TRAIN, "Umbrella", "negative")})
    monkeypatch.setattr(sd, "news", lambda corpus, data, weight: iter(
        [Example("Umbrella was fined by the regulator.", "Umbrella", "negative", "news", "news:finentity:7")] * weight))
    return finentity_rows


def test_finentity_weight_repeats_only_its_kept_training_rows(monkeypatch, tmp_path):
    from collections import Counter

    _fixture_sources(monkeypatch)
    once = load_examples(tmp_path, tmp_path, news_weight=2)
    thrice = load_examples(tmp_path, tmp_path, news_weight=2, finentity_weight=3)
    # 5 FinEntity rows: 1 in dev (index 16), 1 dropped for contradicting the news item -> 3 kept training rows.
    assert Counter(e.source for e in once) == {"sentfin": 1, "tfns": 1, "finentity": 4, "news": 2}
    assert Counter(e.source for e in thrice) == {"sentfin": 1, "tfns": 1, "finentity": 4 + 2 * 3, "news": 2}
    assert thrice[:len(once)] == once  # same order for everything before the repeats
    assert [e for e in thrice if is_dev(e)] == [e for e in once if is_dev(e)]  # dev split unchanged
    assert not any(e.label == "positive" and e.target == "Umbrella" for e in thrice)
    assert Counter(e.source for e in load_examples(tmp_path, None, finentity_weight=2))["finentity"] == 5 + 4


def test_finentity_weight_is_part_of_the_run_key_only_when_set():
    from argparse import Namespace

    from news_sentiment.training.sentiment_train import run_key

    base = dict(seed=13, epochs=2.0, batch_size=32, lr=8e-5, max_length=96, synthetic=3000, limit=0, max_steps=0,
                news_weight=2)
    before_the_option = run_key(Namespace(**base), 13)
    assert run_key(Namespace(**base, finentity_weight=1), 13) == before_the_option
    assert run_key(Namespace(**base, finentity_weight=2), 13) == before_the_option | {"finentity_weight": 2}


@pytest.mark.shared
def test_finentity_dev_records_are_dev_whole_and_reserved_records_nowhere(shared_dir):
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    examples = load_examples(shared_dir / "data", corpus, news_weight=2, finentity_weight=2)

    def index(e):
        return int(e.group.rpartition(":")[2]) if "finentity:" in e.group else None

    fives = [e for e in examples if index(e) is not None and index(e) % 10 == 5]
    assert fives and all(is_dev(e) for e in fives)  # in the FinEntity dev set, never in training
    assert not any(e.source == "news" for e in fives)
    assert len({e.group for e in fives}) == len(range(5, 979, 10))  # every such record, whole
    assert not any(index(e) is not None and index(e) % 10 == 0 for e in examples)


def test_finentity_dev_records_leave_training_and_news_items_of_them_too(monkeypatch, tmp_path):
    from news_sentiment.training import sentiment_data as sd
    from news_sentiment.training.claims_corpus import Split
    from news_sentiment.training.sentiment_data import Example, finentity_dev_record

    assert finentity_dev_record(5) and finentity_dev_record(95) and not finentity_dev_record(10)
    rows = _fixture_sources(monkeypatch) + [
        Example("Vandelay cut its outlook.", "Vandelay", "negative", "finentity", "finentity:25"),
        Example("Vandelay cut its outlook.", None, "negative", "finentity", "finentity:25"),
    ]
    monkeypatch.setattr(sd, "finentity", lambda data: iter(rows))
    monkeypatch.setattr(sd, "news_labels", lambda corpus: {"finentity:25": (Split.DEV, "Vandelay", "neutral")})
    examples = load_examples(tmp_path, tmp_path, news_weight=1, finentity_weight=2)
    dev = [e for e in examples if is_dev(e) and e.source == "finentity"]
    assert [e.group for e in dev] == ["finentity:16", "finentity:25", "finentity:25"]  # kept whole, in dev only
    assert not any(e.group == "finentity:25" for e in examples if not is_dev(e))


def test_parallel_soup_members_are_the_sequential_runs():
    from news_sentiment.training.sentiment_train import member_command, parse_args, run_key

    argv = ["--epochs", "2", "--soup", "2", "--parallel", "2", "--seed", "13", "--news-weight", "2", "--work", "W"]
    parent = parse_args(argv)
    for k, order_seed in enumerate((13, 14)):
        cmd = member_command(argv, k)
        assert cmd[1:3] == ["-m", "news_sentiment.training.sentiment_train"]
        member = parse_args(cmd[3:])
        assert member.member == k and member.threads == 1 and member.work == parent.work
        assert run_key(member, order_seed) == run_key(parse_args(argv + ["--threads", "1"]), order_seed)
