"""Sentence embeddings from the shipped encoder (all-MiniLM-L6-v2, ONNX int8, run with onnxruntime).

The model lives in ``models/encoder/`` (``model.onnx``, ``tokenizer.json``, ``config.json``) and is rebuilt by
``python -m news_sentiment.training.encoder_export``. Its output is already mean-pooled and L2-normalised,
so the dot product of two embeddings is their cosine similarity.

Like :class:`news_sentiment.nlp.sentiment.Classifier`, the encoder feeds one unpadded sentence per ONNX call:
dynamic int8 computes activation scales over the whole input tensor, so in a padded batch a sentence's
vector would depend on its neighbours, and stored vectors must not depend on what they were batched with.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from news_sentiment.config import models_path
from news_sentiment.errors import ModelError
from news_sentiment.nlp.onnx_runtime import open_session, open_tokenizer, run_unpadded

log = logging.getLogger(__name__)

MODEL_ENV = "SENTIMENT_ENCODER_DIR"
REBUILD_COMMAND = 'pip install -e ".[train]" && python -m news_sentiment.training.encoder_export'
INT8_SCALE = 127.0  # stored vectors: round(v * 127) as int8 (components of a unit vector lie in [-1, 1])


def default_encoder_dir() -> Path:
    """``$SENTIMENT_ENCODER_DIR``, else the shipped ``models/encoder``."""
    return models_path("encoder", MODEL_ENV)


@dataclass(frozen=True)
class EncoderConfig:
    """``config.json`` of the shipped encoder."""

    version: str
    dimensions: int
    max_length: int

    @classmethod
    def load(cls, path: Path) -> "EncoderConfig":
        hint = f"Rebuild the encoder with: {REBUILD_COMMAND}"
        if not path.is_file():
            raise ModelError(f"encoder config {path} is missing", hint=hint)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            cfg = cls(str(raw["version"]), int(raw["dimensions"]), int(raw["max_length"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"encoder config {path} is corrupt: {exc}", hint=hint) from exc
        if cfg.dimensions <= 0 or cfg.max_length <= 2:
            raise ModelError(f"encoder config {path} has impossible sizes", hint=hint)
        return cfg


class Encoder:
    """Unit-length sentence embeddings; ``encode(texts)`` returns a float32 (n, dimensions) array.

    >>> enc = Encoder.load()                                      # doctest: +SKIP
    >>> v = enc.encode(["Tariffs on steel rise to 50%", "Beijing readies a fiscal package"])  # doctest: +SKIP
    """

    def __init__(self, session: Any, tokenizer: Any, config: EncoderConfig) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.config = config
        self.version = config.version
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=config.max_length)

    @classmethod
    def load(cls, model_dir: str | Path | None = None, *, threads: int | None = None) -> "Encoder":
        """Load tokenizer and ONNX model; ModelError naming a missing or corrupt file."""
        t0 = time.perf_counter()
        model_dir = Path(model_dir) if model_dir else default_encoder_dir()
        hint = f"Rebuild the encoder with: {REBUILD_COMMAND} (or set ${MODEL_ENV} to an encoder folder)"
        config = EncoderConfig.load(model_dir / "config.json")
        for p in (model_dir / "tokenizer.json", model_dir / "model.onnx"):
            if not p.is_file():
                raise ModelError(f"encoder file {p} is missing", hint=hint)
        tokenizer = open_tokenizer(model_dir / "tokenizer.json", f"encoder tokenizer in {model_dir}", hint)
        session = open_session(model_dir / "model.onnx", threads, f"encoder model in {model_dir}", hint)
        log.info("loaded encoder %s from %s in %.2fs", config.version, model_dir, time.perf_counter() - t0)
        return cls(session, tokenizer, config)

    def preprocess(self, texts: Sequence[str]) -> list[Any]:
        return self.tokenizer.encode_batch([" ".join((t or "").split()) for t in texts]) if texts else []

    def forward(self, encodings: Sequence[Any]) -> np.ndarray:
        """One unpadded sentence per call (see the module docstring)."""
        return run_unpadded(self.session, encodings).reshape(len(encodings), self.config.dimensions)

    @staticmethod
    def postprocess(vectors: np.ndarray) -> np.ndarray:
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts`` (an empty text gets the vector of the empty sentence)."""
        return self.postprocess(self.forward(self.preprocess(list(texts))))


def to_int8(vectors: np.ndarray) -> bytes:
    """Unit vectors as int8 bytes (``INT8_SCALE``): a quarter of float32's size, cosine error under 0.001."""
    return np.clip(np.rint(np.asarray(vectors, dtype=np.float32) * INT8_SCALE), -127, 127).astype(np.int8).tobytes()


def from_int8(blob: bytes, dimensions: int) -> np.ndarray:
    """The float32 unit vectors stored by :func:`to_int8` (renormalised)."""
    v = np.frombuffer(blob, dtype=np.int8).astype(np.float32).reshape(-1, dimensions)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norms > 0, norms, 1.0)


_ENCODER: dict[Path, Encoder] = {}


def get_encoder(model_dir: str | Path | None = None) -> Encoder:
    """A process-wide cached :class:`Encoder`."""
    key = Path(model_dir) if model_dir else default_encoder_dir()
    if key not in _ENCODER:
        _ENCODER[key] = Encoder.load(key)
    return _ENCODER[key]
