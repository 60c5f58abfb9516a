"""Classifier pipeline with a tiny tokenizer and a fake ONNX session: no model, no torch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from news_sentiment.errors import ModelError
from news_sentiment.nlp.sentiment import LABELS, REBUILD_COMMAND, Classifier


def test_preprocess_pair_and_plain(fake_classifier):
    enc = fake_classifier.preprocess(["acme shares up", "acme shares up"], ["acme", None])
    assert enc[0].type_ids.count(1) > 0          # pair: target segment 0, sentence segment 1
    assert set(enc[1].type_ids) == {0}           # plain sentence


def test_postprocess_probabilities():
    p = Classifier.postprocess(np.array([[0.0, 0.0, 5.0], [5.0, 0.0, 0.0]]))
    assert np.allclose(p.sum(axis=1), 1)
    assert [LABELS[i] for i in p.argmax(axis=1)] == ["positive", "negative"]


def test_predict_proba_sorted_batches_keep_order(fake_classifier):
    texts = ["up", "the shares of acme went down down down today", "", "the acme gains"]
    probs = fake_classifier.predict_proba(texts)
    assert [LABELS[i] for i in probs.argmax(axis=1)] == ["positive", "negative", "neutral", "positive"]
    rows = [n for n, _ in fake_classifier.session.calls]
    widths = [w for _, w in fake_classifier.session.calls]
    assert rows == [1, 1, 1, 1] and widths == sorted(widths)  # unpadded rows, in length order


def test_classify_plain_and_targeted(fake_classifier):
    preds = fake_classifier.classify(["Acme up. Globex down.", "Acme up. Globex down."], ["globex", "acme"])
    assert [p.label for p in preds] == ["negative", "positive"]
    assert not any(p.target_absent for p in preds)
    assert all(abs(sum(p.scores.values()) - 1) < 1e-3 for p in preds)


def test_classify_target_absent_scores_the_text(fake_classifier):
    (pred,) = fake_classifier.classify(["acme shares slump"], ["Initech"])
    assert pred.target_absent and pred.label == "negative"


@pytest.mark.parametrize("text", ["", "   ", None, 42])
def test_classify_empty_or_bad_text_is_neutral(fake_classifier, text):
    (pred,) = fake_classifier.classify([text])  # type: ignore[list-item]
    assert pred.label == "neutral" and pred.note == "empty text"


def test_classify_very_long_text_is_split(fake_classifier):
    long = " ".join(["The acme shares up."] * 3000)  # far beyond any 512-token limit
    (pred,) = fake_classifier.classify([long])
    assert pred.label == "positive"
    assert max(w for _, w in fake_classifier.session.calls) <= 16  # max_length respected


def test_classify_non_english(fake_classifier):
    (pred,) = fake_classifier.classify(["Die Aktie von Acme ist stark gefallen. 比亚迪股价下跌"])
    assert pred.label in LABELS


def test_score_article_title_weight_and_entities(fake_classifier):
    res = fake_classifier.score_article("acme gains", "Globex down. The shares of acme up.",
                                        entities=["globex", ("acme", 27, 31), "Initech"])
    assert res.label == "positive" and res.sentences == 3
    assert res.entities["globex"].label == "negative"
    assert res.entities["acme"].label == "positive"
    assert res.entities["Initech"].target_absent


def test_score_article_empty(fake_classifier):
    res = fake_classifier.score_article("", "")
    assert res.label == "neutral" and res.sentences == 0


# ---- loading errors (onnxruntime/tokenizers are runtime deps, no model needed)

def _write_config(d: Path, **over) -> None:
    cfg = {"version": "t", "labels": list(LABELS), "max_length": 64} | over
    (d / "config.json").write_text(json.dumps(cfg))


def test_load_missing_folder(tmp_path):
    with pytest.raises(ModelError) as err:
        Classifier.load(tmp_path / "nope")
    assert "config.json" in str(err.value) and REBUILD_COMMAND in err.value.hint


def test_load_missing_model_file(tmp_path):
    _write_config(tmp_path)
    (tmp_path / "tokenizer.json").write_text("{}")
    with pytest.raises(ModelError) as err:
        Classifier.load(tmp_path)
    assert str(tmp_path / "model.onnx") in str(err.value)
    assert "sentiment_train" in err.value.hint


def test_load_corrupt_config(tmp_path):
    (tmp_path / "config.json").write_text("{not json")
    with pytest.raises(ModelError, match="corrupt"):
        Classifier.load(tmp_path)


def test_load_wrong_labels(tmp_path):
    _write_config(tmp_path, labels=["neg", "pos"])
    with pytest.raises(ModelError, match="labels"):
        Classifier.load(tmp_path)


def test_load_corrupt_onnx(tmp_path, tiny_tokenizer):
    _write_config(tmp_path)
    tiny_tokenizer.save(str(tmp_path / "tokenizer.json"))
    (tmp_path / "model.onnx").write_bytes(b"\x00garbage" * 100)
    with pytest.raises(ModelError) as err:
        Classifier.load(tmp_path)
    assert "model.onnx" in str(err.value) and "corrupt" in str(err.value)


def test_load_corrupt_tokenizer(tmp_path):
    _write_config(tmp_path)
    (tmp_path / "tokenizer.json").write_text("{broken")
    (tmp_path / "model.onnx").write_bytes(b"x")
    with pytest.raises(ModelError, match="tokenizer"):
        Classifier.load(tmp_path)


def test_load_truncated_real_model(tmp_path, model_dir):
    for f in ("config.json", "tokenizer.json"):
        shutil.copy(model_dir / f, tmp_path / f)
    data = (model_dir / "model.onnx").read_bytes()
    (tmp_path / "model.onnx").write_bytes(data[: len(data) // 3])
    with pytest.raises(ModelError, match="model.onnx"):
        Classifier.load(tmp_path)


def test_calibration_layer_shifts_and_flattens_but_is_off_by_default():
    from news_sentiment.nlp.sentiment import calibrate

    row = np.array([0.2, 0.5, 0.3])
    assert np.array_equal(calibrate(row, (0.0, 0.0, 0.0), 1.0), row)
    shifted = calibrate(row, (0.0, 0.0, np.log(2.0)), 1.0)  # doubling positive's odds: 0.6 / 1.3
    assert shifted[2] == pytest.approx(0.6 / 1.3) and shifted.sum() == pytest.approx(1.0)
    flat = calibrate(row, (0.0, 0.0, 0.0), 2.0)  # temperature 2: square roots, renormalised
    assert flat[1] == pytest.approx(np.sqrt(0.5) / np.sqrt([0.2, 0.5, 0.3]).sum())


def test_model_config_reads_and_checks_its_calibration(tmp_path):
    import json

    from news_sentiment.errors import ModelError
    from news_sentiment.nlp.sentiment import ModelConfig

    base = {"version": "v", "labels": ["negative", "neutral", "positive"], "max_length": 64}
    (tmp_path / "config.json").write_text(json.dumps(base))
    assert ModelConfig.load(tmp_path / "config.json").class_bias == (0.0, 0.0, 0.0)
    (tmp_path / "config.json").write_text(json.dumps({**base, "calibration": {"class_bias": [0.5, 0, 1],
                                                                               "temperature": 1.5}}))
    cfg = ModelConfig.load(tmp_path / "config.json")
    assert (cfg.class_bias, cfg.temperature) == ((0.5, 0.0, 1.0), 1.5)
    (tmp_path / "config.json").write_text(json.dumps({**base, "calibration": {"class_bias": [1], "temperature": 0}}))
    with pytest.raises(ModelError, match="corrupt"):
        ModelConfig.load(tmp_path / "config.json")


# ---- article level: lead weight, nothing dropped silently, evidence

def test_the_lead_counts_more_than_a_later_sentence(fake_classifier):
    """One 'up' and one 'down' sentence of equal confidence: whichever is in the lead decides."""
    lead_up = fake_classifier.score_article("", "Acme up. The shares. The shares. Acme down.")
    lead_down = fake_classifier.score_article("", "Acme down. The shares. The shares. Acme up.")
    assert lead_up.scores["positive"] > lead_up.scores["negative"]
    assert lead_down.scores["negative"] > lead_down.scores["positive"]


def test_an_article_past_the_limit_counts_what_it_did_not_score(fake_classifier, monkeypatch):
    from news_sentiment.nlp import sentiment

    monkeypatch.setattr(sentiment, "MAX_ARTICLE_SENTENCES", 3)
    res = fake_classifier.score_article("acme up", "Acme up. Acme up. Acme up. Acme down. Acme down.")
    assert (res.sentences, res.sentences_dropped) == (4, 2)  # title + 3 body sentences scored


def test_evidence_names_the_sentences_that_weighed_most(fake_classifier):
    body = "Acme slump down down. Globex up. The shares."
    res = fake_classifier.score_article("acme gains", body)
    ev = res.evidence
    assert len(ev) == 4 and [e.share for e in ev] == sorted((e.share for e in ev), reverse=True)
    assert abs(sum(e.share for e in ev) - 1.0) < 1e-3  # all four sentences kept: the shares add up
    assert ev[0].part == "body" and ev[0].label == "negative" and body[ev[0].start:ev[0].end] == ev[0].text
    title = next(e for e in ev if e.part == "title")
    assert (title.start, title.end, title.text, title.label) == (None, None, "acme gains", "positive")
    assert ev[-1].text == "The shares." and ev[-1].label == "neutral"


def test_a_temperature_only_layer_keeps_every_label_and_softens_an_overconfident_model():
    import numpy as np

    from news_sentiment.nlp.sentiment import calibrate
    from news_sentiment.training.sentiment_calibrate import choose

    # 10 items, each 0.9 sure of its label, 6 of them right: over-confident (accuracy 0.6 < confidence 0.9)
    probs = np.array([[0.9, 0.05, 0.05]] * 10)
    gold = [0] * 6 + [1] * 4
    bias, temp = choose(probs, gold, biases=False)
    assert bias == (0.0, 0.0, 0.0) and temp > 1.0
    softened = calibrate(probs[0], bias, temp)
    assert softened.argmax() == 0 and 0.34 < softened.max() < 0.9  # same label, less sure
