"""Average the weights of fine-tuned runs that share one graph (a uniform "model soup").

Runs fine-tuned from the same pretrained weights with the same head initialisation stay in one
loss basin, so the mean of their weights is itself a model, and usually a better one out of
distribution than any single run (Wortsman et al., 2022, "Model soups"). Inference cost is that
of one model. Works on exported fp32 ONNX files, so it needs ``onnx`` but not torch.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


def _signature(model) -> list[tuple]:
    return [(n.op_type, tuple(n.input), tuple(n.output)) for n in model.graph.node]


def average_onnx(paths: Sequence[Path], out: Path) -> int:
    """Write the element-wise mean of the float initializers of ``paths`` to ``out``.

    All models must have the same graph (nodes, initializer names, shapes and dtypes); integer
    initializers (shapes, indices) must be equal. Returns the number of tensors averaged.
    Raises ``ValueError`` naming the first file that does not match.
    """
    import onnx
    from onnx import numpy_helper

    if not paths:
        raise ValueError("nothing to average: no model files given")
    models = [onnx.load(str(p)) for p in paths]
    base = models[0]
    names = [t.name for t in base.graph.initializer]
    for path, model in zip(paths[1:], models[1:]):
        if _signature(model) != _signature(base) or [t.name for t in model.graph.initializer] != names:
            raise ValueError(f"{path}: graph differs from {paths[0]}; only runs of one architecture can be averaged")
    averaged = 0
    for k, tensor in enumerate(base.graph.initializer):
        arrays = [numpy_helper.to_array(m.graph.initializer[k]) for m in models]
        first = arrays[0]
        for path, a in zip(paths[1:], arrays[1:]):
            if a.shape != first.shape or a.dtype != first.dtype:
                raise ValueError(f"{path}: tensor {tensor.name} is {a.dtype}{a.shape}, expected {first.dtype}{first.shape}")
        if np.issubdtype(first.dtype, np.floating):
            mean = np.mean(np.stack(arrays).astype(np.float64), axis=0).astype(first.dtype)
            tensor.CopyFrom(numpy_helper.from_array(mean, tensor.name))
            averaged += 1
        elif any(not np.array_equal(a, first) for a in arrays[1:]):
            raise ValueError(f"non-float tensor {tensor.name} differs between runs; cannot average")
    out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(base, str(out))
    log.info("averaged %d tensors of %d models into %s", averaged, len(models), out)
    return averaged
