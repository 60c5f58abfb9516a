"""Soups whose members have their own news weights (``--news-weights``): options, data, run keys, metadata.

No torch: training is replaced by recorded calls, the datasets by a few sentences written for these tests.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from news_sentiment.training import sentiment_data as sd
from news_sentiment.training import sentiment_train as st
from news_sentiment.training.claims_corpus import Split
from news_sentiment.training.sentiment_data import Example, is_dev

BASE = ["--epochs", "2", "--seed", "13", "--work", "W"]


def _parse(*extra: str):
    return st.parse_args([*BASE, *extra])


# --- options ---------------------------------------------------------------------------------------------------


def test_news_weights_give_one_weight_per_member_and_the_soup_size():
    args = _parse("--news-weights", "0", "3", "3")
    assert args.news_weights == [0, 3, 3] and args.soup == 3
    assert _parse("--soup", "3", "--news-weights", "0", "3", "3").news_weights == [0, 3, 3]


def test_news_weight_stays_the_same_weight_for_every_member():
    assert _parse("--news-weight", "2", "--soup", "2").news_weights == [2, 2]
    assert _parse().news_weights == [3] * st.SOUP_RUNS  # defaults unchanged: three runs, weight 3


@pytest.mark.parametrize("extra, message", [
    (["--soup", "2", "--news-weights", "0", "3", "3"], "--soup 2 does not match --news-weights 0 3 3 (3 values"),
    (["--news-weight", "2", "--news-weights", "0", "2"], "not allowed with"),
    (["--news-weights", "0", "-1"], "news weights must be 0 or more"),
    (["--news-weights", "0", "3", "--member", "2"], "--member 2: the soup has members 0 to 1"),
    (["--soup", "0"], "at least one run"),
])
def test_wrong_member_options_are_clear_errors(capsys, extra, message):
    with pytest.raises(SystemExit):
        _parse(*extra)
    assert message in capsys.readouterr().err


def test_member_news_weights_library_raises_value_error():
    assert st.member_news_weights(None, 1, None) == [1, 1, 1]
    assert st.member_news_weights(1, 0, None) == [0]
    with pytest.raises(ValueError, match="one per soup member"):
        st.member_news_weights(4, 3, [0, 3, 3])


def test_members_have_their_own_seed_weight_and_folder():
    members = st.soup_members(_parse("--news-weights", "0", "3", "3", "--order-seed", "20"))
    assert [(m.order_seed, m.news_weight, m.name) for m in members] == [
        (20, 0, "run-20-nw0"), (21, 3, "run-21-nw3"), (22, 3, "run-22-nw3")]


# --- run keys: a reused work folder never mixes members trained with different weights -----------------------------


def test_run_key_carries_the_members_weight():
    args = _parse("--news-weights", "0", "3")
    assert st.run_key(args, 13, 0)["news_weight"] == 0
    assert st.run_key(args, 13, 3)["news_weight"] == 3
    assert st.run_key(args, 13, 0) != st.run_key(args, 13, 3)
    assert st.run_key(args, 13, 2) == st.run_key(_parse("--news-weight", "2", "--soup", "2"), 13)  # same recipe


def test_news_free_member_key_says_whether_news_texts_were_held_out():
    mixed = st.run_key(_parse("--news-weights", "0", "3"), 13, 0)
    plain = st.run_key(_parse("--news-weight", "0", "--soup", "3"), 13)  # v3's recipe: trains on every dataset row
    reference = st.run_key(_parse("--news-weight", "0", "--soup", "3", "--hold-out-news-texts"), 13)
    assert mixed["news_texts_held_out"] is True and "news_texts_held_out" not in plain
    assert mixed != plain
    assert mixed == reference  # so the reference's runs are reused as the news-free members of candidate soups


def test_parallel_members_of_a_mixed_soup_are_the_sequential_runs():
    argv = [*BASE, "--news-weights", "0", "3", "--parallel", "2"]
    sequential = st.parse_args([*BASE, "--news-weights", "0", "3", "--threads", "1"])
    for k, (seed, weight) in enumerate(((13, 0), (14, 3))):
        member = st.parse_args(st.member_command(argv, k)[3:])
        m = st.soup_members(member)[member.member]
        assert (m.order_seed, m.news_weight) == (seed, weight)
        assert st.run_key(member, seed, weight) == st.run_key(sequential, seed, weight)


def test_finished_members_are_reused_only_with_their_own_weight(monkeypatch, tmp_path):
    """A finished run of weight 3 is reused for a weight-3 member; a weight-0 member trains its own folder."""
    import json

    args = st.parse_args([*BASE, "--news-weights", "0", "3", "--work", str(tmp_path)])
    done = tmp_path / "run-14-nw3"
    done.mkdir()
    (done / "model.fp32.onnx").write_bytes(b"exported")
    record = {"key": st.run_key(args, 14, 3), "examples": 9, "steps": 2, "dev_accuracy": 0.5, "train_seconds": 1}
    (done / "run.json").write_text(json.dumps(record))
    assert st.train_run(args, None, [], 14, done, 3) == record  # reused: torch never imported
    trained = []
    monkeypatch.setattr(st, "member_examples", lambda a, w: [f"examples of weight {w}"])
    real = st.train_run

    def fake_train_run(a, tok, examples, seed, run_dir, weight):
        if run_dir == done:
            return real(a, tok, examples, seed, run_dir, weight)
        trained.append((examples, seed, run_dir.name, weight))
        return {"examples": 1, "steps": 1, "dev_accuracy": 0.0, "train_seconds": 0}

    monkeypatch.setattr(st, "train_run", fake_train_run)
    runs = st.train_soup(args, [], None, st.soup_members(args), {})
    assert trained == [(["examples of weight 0"], 13, "run-13-nw0", 0)]
    assert runs[1] == record


def test_parallel_build_starts_processes_only_for_unfinished_members(monkeypatch, tmp_path):
    """--news-weights 0 2 2 --parallel 2 over a work folder holding the news-free run: members 1 and 2 train
    side by side, not member 0 and 1 first and member 2 after."""
    import json

    args = st.parse_args([*BASE, "--news-weights", "0", "2", "2", "--parallel", "2", "--work", str(tmp_path)])
    done = tmp_path / "run-13-nw0"
    done.mkdir()
    (done / "model.fp32.onnx").write_bytes(b"exported")
    (done / "run.json").write_text(json.dumps({"key": st.run_key(args, 13, 0), "dev_accuracy": 0.5}))
    started = []
    monkeypatch.setattr(st, "train_members", lambda argv, work, pending, parallel: started.append((pending, parallel)))
    monkeypatch.setattr(st, "member_examples", lambda a, w: [])
    monkeypatch.setattr(st, "train_run", lambda *a: {"examples": 0, "steps": 0, "dev_accuracy": 0.0,
                                                     "train_seconds": 0})
    st.train_soup(args, [], None, st.soup_members(args), {})
    assert started == [([1, 2], 2)]


# --- per-member data ----------------------------------------------------------------------------------------------


@pytest.fixture
def tiny_sources(monkeypatch):
    """Our own sentences: a train news item (Umbrella), a dev news item (Vandelay), other dataset rows."""
    rows = [
        Example("Acme beat forecasts.", "Acme", "positive", "sentfin", "sentfin:1"),
        Example("Markets were flat.", None, "neutral", "tfns", "tfns:0"),
        Example("Hooli shares fell after the recall.", "Hooli", "negative", "finentity", "finentity:16"),  # dev
        Example("Umbrella was fined by the regulator.", "Umbrella", "negative", "finentity", "finentity:7"),
        Example("Vandelay cut its outlook.", "Vandelay", "negative", "sentfin", "sentfin:3"),
    ]
    monkeypatch.setattr(sd, "sentfin", lambda data: iter([r for r in rows if r.source == "sentfin"]))
    monkeypatch.setattr(sd, "tfns", lambda data: iter([r for r in rows if r.source == "tfns"]))
    monkeypatch.setattr(sd, "finentity", lambda data: iter([r for r in rows if r.source == "finentity"]))
    monkeypatch.setattr(sd, "news_labels", lambda corpus: {"finentity:7": (Split.TRAIN, "Umbrella", "negative"),
                                                           "sentfin:3": (Split.DEV, "Vandelay", "negative")})
    monkeypatch.setattr(sd, "news", lambda corpus, data, weight: iter(
        [Example("Umbrella was fined by the regulator.", "Umbrella", "negative", "news", "news:finentity:7")]
        * weight))
    monkeypatch.setattr(st, "load_examples", sd.load_examples)


def test_each_member_builds_its_data_with_its_own_weight(tiny_sources, tmp_path):
    args = st.parse_args([*BASE, "--news-weights", "0", "3", "--data", str(tmp_path), "--corpus", str(tmp_path)])
    free, weighted = st.member_examples(args, 0), st.member_examples(args, 3)
    assert Counter(e.source for e in free)["news"] == 0
    assert Counter(e.source for e in weighted)["news"] == 3
    # the news-free member leaves out the news dev item's text too (it is chosen on news dev) ...
    assert not any(e.group == "sentfin:3" for e in free + weighted)
    # ... so both members share one dev split
    assert [e for e in free if is_dev(e)] == [e for e in weighted if is_dev(e)] != []


def test_a_news_free_soup_keeps_every_dataset_row_unless_told(tiny_sources, tmp_path):
    plain = st.parse_args([*BASE, "--news-weight", "0", "--data", str(tmp_path), "--corpus", str(tmp_path)])
    assert any(e.group == "sentfin:3" for e in st.member_examples(plain, 0))  # as v3 was trained
    held = st.parse_args([*BASE, "--news-weight", "0", "--hold-out-news-texts", "--data", str(tmp_path),
                          "--corpus", str(tmp_path)])
    assert not any(e.group == "sentfin:3" for e in st.member_examples(held, 0))


# --- metadata ------------------------------------------------------------------------------------------------------


def _runs(n: int) -> list[dict]:
    return [{"examples": 100 + k, "steps": 10, "dev_accuracy": 0.8, "train_seconds": 5} for k in range(n)]


def test_metadata_records_each_members_weight():
    args = _parse("--news-weights", "0", "3", "3")
    meta = st.model_meta(args, st.soup_members(args), _runs(3), 40)
    training = meta["training"]
    assert training["news_weights"] == [0, 3, 3] and "news_weight" not in training
    assert training["order_seeds"] == [13, 14, 15] and training["news_texts_held_out"] is True
    assert "news set train split (corpus/sentiment.jsonl) per member x0/x3/x3" in training["data"]
    assert meta["train_seconds"] == 15 and training["weights"] == "uniform mean of 3 runs"


def test_metadata_of_a_uniform_soup_keeps_news_weight():
    args = _parse("--news-weight", "2", "--soup", "2")
    training = st.model_meta(args, st.soup_members(args), _runs(2), 40)["training"]
    assert training["news_weight"] == 2 and training["news_weights"] == [2, 2]
    free = _parse("--news-weight", "0", "--soup", "1")
    training = st.model_meta(free, st.soup_members(free), _runs(1), 40)["training"]
    assert training["news_texts_held_out"] is False and not any("news set" in d for d in training["data"])


def test_metadata_tells_the_calibration_step_which_news_items_the_model_never_saw():
    from news_sentiment.training.sentiment_calibrate import never_saw_news_dev_test

    args = _parse("--news-weights", "0", "3")
    assert never_saw_news_dev_test(st.model_meta(args, st.soup_members(args), _runs(2), 40)["training"])
    free = _parse("--news-weight", "0", "--soup", "1")
    assert not never_saw_news_dev_test(st.model_meta(free, st.soup_members(free), _runs(1), 40)["training"])
    assert never_saw_news_dev_test({"news_weight": 2}) and not never_saw_news_dev_test({})  # older configs


def _finished(run_dir: Path, record: dict) -> None:
    import json

    run_dir.mkdir()
    (run_dir / "model.fp32.onnx").write_bytes(b"exported")
    (run_dir / "run.json").write_text(json.dumps(record))


def test_a_run_stopped_by_a_deadline_is_not_reused_as_the_full_recipe(tmp_path):
    """A run a --deadline stopped at step 2 of 9 is reused only by a build that itself has a deadline; a build
    without one trains it again, and a shipped model's metadata names the stopped member."""
    args = st.parse_args([*BASE, "--news-weight", "0", "--soup", "1", "--work", str(tmp_path)])
    key = st.run_key(args, 13, 0)
    stopped = {"key": key, "examples": 9, "steps": 2, "dev_accuracy": 0.5, "train_seconds": 1,
               "stopped_early": {"deadline": "11:25", "planned_steps": 9}}
    _finished(tmp_path / "run-13-nw0", stopped)
    assert st.finished_run(tmp_path / "run-13-nw0", key) is None
    assert st.finished_run(tmp_path / "run-13-nw0", key, accept_stopped=True) == stopped
    with_deadline = st.parse_args([*BASE, "--news-weight", "0", "--soup", "1", "--work", str(tmp_path),
                                   "--deadline", "11:25"])
    assert st.train_run(with_deadline, None, [], 13, tmp_path / "run-13-nw0", 0) == stopped  # torch never imported
    meta = st.training_meta(args, st.soup_members(args), [stopped], 3)
    assert meta["stopped_early"] == {"run-13-nw0": {"deadline": "11:25", "planned_steps": 9}}
    assert "stopped_early" not in st.training_meta(args, st.soup_members(args), [dict(stopped, stopped_early=None)], 3)


def test_a_full_run_is_reused_with_or_without_a_deadline(tmp_path):
    args = st.parse_args([*BASE, "--news-weight", "0", "--soup", "1", "--work", str(tmp_path)])
    key = st.run_key(args, 13, 0)
    full = {"key": key, "examples": 9, "steps": 9, "dev_accuracy": 0.5, "train_seconds": 1}
    _finished(tmp_path / "run-13-nw0", full)
    assert st.finished_run(tmp_path / "run-13-nw0", key) == full
    assert st.finished_run(tmp_path / "run-13-nw0", key, accept_stopped=True) == full
