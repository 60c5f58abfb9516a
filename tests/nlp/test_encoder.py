"""The shipped sentence encoder and narrative classifier: unit vectors, batch-independent, stored compactly, clear
errors for missing or broken model files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from news_sentiment.errors import ModelError
from news_sentiment.nlp.encoder import Encoder, from_int8, get_encoder, to_int8
from news_sentiment.nlp.narrative_classifier import NarrativeClassifier, lead_text
from news_sentiment.nlp.narrative_model import article_sentences

A = "Washington raised tariffs on imported steel to 50%, and Brussels promised to retaliate."
B = "The central bank left its policy rate unchanged at 4.25%."
C = "Import duties on European steel will rise, the White House said."


def test_vectors_are_unit_length_and_do_not_depend_on_the_batch():
    enc = get_encoder()
    alone = enc.encode([A])
    batch = enc.encode([B, A, C])
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(alone[0], batch[1])


def test_similar_stories_are_closer_than_unrelated_ones():
    a, b, c = get_encoder().encode([A, B, C])
    assert float(a @ c) > float(a @ b) + 0.2


def test_int8_storage_keeps_the_cosine():
    v = get_encoder().encode([A, B, C])
    back = from_int8(to_int8(v), v.shape[1])
    assert len(to_int8(v)) == v.size
    assert np.all(np.sum(v * back, axis=1) > 0.999)


def test_missing_or_broken_encoder_files_name_the_file(tmp_path):
    with pytest.raises(ModelError, match="encoder config .* is missing"):
        Encoder.load(tmp_path)
    (tmp_path / "config.json").write_text('{"version": "x"}')
    with pytest.raises(ModelError, match="corrupt"):
        Encoder.load(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({"version": "x", "dimensions": 384, "max_length": 128}))
    with pytest.raises(ModelError, match="tokenizer.json is missing"):
        Encoder.load(tmp_path)


def test_article_sentences_put_the_title_first_and_drop_links():
    got = article_sentences("Tariffs rise", "Steel duties rose. See https://t.co/x for more.\n\nBrussels replied.")
    assert got[0] == "Tariffs rise" and "https" not in " ".join(got) and got[-1] == "Brussels replied."
    assert len(article_sentences("t", " ".join(f"Sentence number {i}." for i in range(100)), limit=5)) == 5
    assert article_sentences("", "ok") == ["ok"] and article_sentences(None, None) == ["(empty)"]


def test_lead_text_is_the_first_words_of_the_sentences():
    assert lead_text(["one two", "three four five"], limit_words=4) == "one two three four"


def test_no_classifier_folder_means_none_and_a_broken_one_is_an_error(tmp_path):
    assert NarrativeClassifier.load(tmp_path / "absent") is None
    (tmp_path / "config.json").write_text("{")
    with pytest.raises(ModelError, match="unreadable"):
        NarrativeClassifier.load(tmp_path)
