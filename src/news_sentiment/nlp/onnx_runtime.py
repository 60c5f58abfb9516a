"""What the three shipped ONNX models share (sentiment classifier, sentence encoder, narrative classifier): opening
a tokenizer and an onnxruntime session with errors that name the file, and running encodings one unpadded row
per call.

One row per call, because the models are dynamically quantised (int8): activation scales are computed over the
whole input tensor, so in a padded batch a row's output would depend on its neighbours (for the sentiment model,
probabilities moved by up to 0.66 between batch sizes 1 and 64). Stored vectors and scores must not.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from news_sentiment.errors import ModelError


def open_tokenizer(path: Path, error: str, hint: str) -> Any:
    """A ``tokenizers.Tokenizer`` from ``path``; ModelError "<error> is corrupt: ..." when it cannot be read."""
    from tokenizers import Tokenizer

    try:
        return Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception on bad JSON
        raise ModelError(f"{error} is corrupt: {exc}", hint=hint) from exc


def open_session(path: Path, threads: int | None, error: str, hint: str) -> Any:
    """An onnxruntime CPU session on ``threads`` (default: up to 4) intra-op threads; ModelError "<error> is
    corrupt or unreadable: ..." when it cannot be loaded."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.log_severity_level = 3
    try:
        return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own Fail/InvalidProtobuf types
        raise ModelError(f"{error} is corrupt or unreadable: {exc}", hint=hint) from exc


def run_unpadded(session: Any, encodings: Sequence[Any]) -> np.ndarray:
    """The first output's row for each encoding, one unpadded encoding per call (see the module docstring);
    only the inputs the model declares are fed (ids, attention mask, token types)."""
    names = {i.name for i in session.get_inputs()}
    rows = []
    for e in encodings:
        feed = {"input_ids": np.asarray([e.ids], dtype=np.int64),
                "attention_mask": np.asarray([e.attention_mask], dtype=np.int64),
                "token_type_ids": np.asarray([e.type_ids], dtype=np.int64)}
        rows.append(session.run(None, {k: v for k, v in feed.items() if k in names})[0][0])
    return np.asarray(rows)
