"""Fixtures for sentiment tests: a tiny real tokenizer and a fake ONNX session (no model, no torch)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from news_sentiment.nlp.sentiment import Classifier, ModelConfig, default_model_dir

WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "up", "down", "gains", "slump", "acme", "globex", "the", "shares"]


def make_tokenizer():
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordLevel

    tok = Tokenizer(WordLevel({w: i for i, w in enumerate(WORDS)}, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tok.enable_truncation(max_length=16)
    return tok


class _Input:
    def __init__(self, name: str) -> None:
        self.name = name


class FakeSession:
    """Mimics onnxruntime.InferenceSession: 'up'/'gains' → positive, 'down'/'slump' → negative,
    counted in the sentence segment only (type id 1 for pairs). Records batch shapes."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def get_inputs(self):
        return [_Input("input_ids"), _Input("attention_mask"), _Input("token_type_ids")]

    def run(self, _outputs, feed):
        ids, mask, types = feed["input_ids"], feed["attention_mask"], feed["token_type_ids"]
        self.calls.append(ids.shape)
        is_pair = types.max(axis=1, keepdims=True) > 0
        seg = np.where(is_pair, types == 1, True) & (mask == 1)
        pos = (((ids == 4) | (ids == 6)) & seg).sum(axis=1)
        neg = (((ids == 5) | (ids == 7)) & seg).sum(axis=1)
        logits = np.stack([2.0 * neg, np.full(len(ids), 1.0), 2.0 * pos], axis=1).astype(np.float32)
        return [logits]


@pytest.fixture
def tiny_tokenizer():
    return make_tokenizer()


@pytest.fixture
def fake_classifier() -> Classifier:
    cfg = ModelConfig(version="fake-1", labels=("negative", "neutral", "positive"), max_length=16)
    return Classifier(FakeSession(), make_tokenizer(), cfg, batch_size=4)


@pytest.fixture
def model_dir() -> Path:
    """The shipped model folder; skips when it has not been built."""
    d = default_model_dir()
    if not (d / "model.onnx").is_file():
        pytest.skip(f"no shipped sentiment model at {d}")
    return d
