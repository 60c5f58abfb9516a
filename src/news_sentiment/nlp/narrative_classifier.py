"""The fine-tuned narrative classifier: one pass over an article's title and lead gives a probability for each
shipped narrative (ONNX int8, onnxruntime; no torch at run time).

``models/narrative_classifier/`` holds ``model.onnx``, ``tokenizer.json`` and ``config.json`` (its version, the
narrative ids its outputs follow, the threshold chosen out of fold, ``max_length``). It is rebuilt by
``python -m news_sentiment.training.narrative_finetune``. Like the encoder, it reads one unpadded text per call,
so an article's probabilities never depend on what else was in the batch.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from news_sentiment.config import models_path
from news_sentiment.errors import ModelError
from news_sentiment.nlp.onnx_runtime import open_session, open_tokenizer, run_unpadded

log = logging.getLogger(__name__)

MODEL_ENV = "SENTIMENT_NARRATIVE_CLASSIFIER"
REBUILD = 'pip install -e ".[train]" && python -m news_sentiment.training.narrative_finetune'


def default_classifier_dir() -> Path:
    return models_path("narrative_classifier", MODEL_ENV)


@dataclass(frozen=True)
class ClassifierConfig:
    version: str
    labels: tuple[str, ...]  # narrative ids, in output order
    threshold: float
    max_length: int

    @classmethod
    def load(cls, path: Path) -> "ClassifierConfig":
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(str(raw["version"]), tuple(raw["labels"]), float(raw["threshold"]), int(raw["max_length"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"narrative classifier config {path} is unreadable: {exc}", hint=REBUILD) from exc


class NarrativeClassifier:
    """``predict(texts)`` -> (n, len(labels)) probabilities."""

    def __init__(self, session: Any, tokenizer: Any, config: ClassifierConfig) -> None:
        self.session, self.tokenizer, self.config = session, tokenizer, config
        self.version = config.version
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=config.max_length)

    @classmethod
    def load(cls, model_dir: str | Path | None = None, *, threads: int | None = None) -> "NarrativeClassifier | None":
        """The shipped classifier, or None when there is none (narratives then use their heads or seeds)."""
        model_dir = Path(model_dir) if model_dir else default_classifier_dir()
        if not (model_dir / "config.json").is_file():
            log.info("no narrative classifier at %s", model_dir)
            return None
        config = ClassifierConfig.load(model_dir / "config.json")
        tokenizer = open_tokenizer(model_dir / "tokenizer.json", f"narrative classifier tokenizer in {model_dir}",
                                   REBUILD)
        session = open_session(model_dir / "model.onnx", threads, f"narrative classifier in {model_dir}", REBUILD)
        return cls(session, tokenizer, config)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch([" ".join((t or "").split()) for t in texts]) if texts else []
        logits = run_unpadded(self.session, encodings).reshape(len(texts), len(self.config.labels))
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)


_LOADED: dict[Path, "NarrativeClassifier | None"] = {}


def get_classifier(model_dir: str | Path | None = None) -> "NarrativeClassifier | None":
    """A process-wide cached :class:`NarrativeClassifier` (None when none is shipped)."""
    key = Path(model_dir) if model_dir else default_classifier_dir()
    if key not in _LOADED:
        _LOADED[key] = NarrativeClassifier.load(key)
    return _LOADED[key]


def lead_text(sentences: Sequence[str], limit_words: int = 120) -> str:
    """The text the classifier reads for an article: its title and first sentences, about ``limit_words`` words
    (the labelled set it was trained on is headlines, tweets and short paragraphs)."""
    words: list[str] = []
    for s in sentences:
        words += s.split()
        if len(words) >= limit_words:
            break
    return " ".join(words[:limit_words])
