"""Weight averaging of exported runs (the "soup" step of training) and resumable training runs."""

from __future__ import annotations

import json
from argparse import Namespace

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from news_sentiment.training.weight_average import average_onnx  # noqa: E402


def tiny_model(path, weight: np.ndarray, shape=(1, 2), op: str = "MatMul"):
    """x[1,2] @ W[2,2] then Reshape to ``shape`` (an int64 initializer that must not be averaged)."""
    nodes = [helper.make_node(op, ["x", "W"], ["y"]), helper.make_node("Reshape", ["y", "shape"], ["z"])]
    graph = helper.make_graph(
        nodes, "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2])],
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, list(shape))],
        initializer=[numpy_helper.from_array(weight.astype(np.float32), "W"),
                     numpy_helper.from_array(np.array(shape, dtype=np.int64), "shape")])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    return path


def test_mean_of_float_weights_and_integers_untouched(tmp_path):
    a = tiny_model(tmp_path / "a.onnx", np.array([[1.0, 2.0], [3.0, 4.0]]))
    b = tiny_model(tmp_path / "b.onnx", np.array([[3.0, 0.0], [1.0, 8.0]]))
    c = tiny_model(tmp_path / "c.onnx", np.array([[2.0, 1.0], [-1.0, 0.0]]))
    assert average_onnx([a, b, c], tmp_path / "soup.onnx") == 1
    soup = onnx.load(str(tmp_path / "soup.onnx"))
    got = {t.name: numpy_helper.to_array(t) for t in soup.graph.initializer}
    np.testing.assert_allclose(got["W"], [[2.0, 1.0], [1.0, 4.0]])
    assert got["shape"].tolist() == [1, 2]

    import onnxruntime as ort

    sess = ort.InferenceSession(str(tmp_path / "soup.onnx"), providers=["CPUExecutionProvider"])
    (z,) = sess.run(None, {"x": np.array([[1.0, 1.0]], dtype=np.float32)})
    np.testing.assert_allclose(z, [[3.0, 5.0]])


def test_different_graphs_are_refused(tmp_path):
    a = tiny_model(tmp_path / "a.onnx", np.eye(2))
    b = tiny_model(tmp_path / "b.onnx", np.eye(2), op="Add")
    with pytest.raises(ValueError, match="b.onnx: graph differs"):
        average_onnx([a, b], tmp_path / "soup.onnx")
    assert not (tmp_path / "soup.onnx").exists()


def test_different_integer_constants_are_refused(tmp_path):
    a = tiny_model(tmp_path / "a.onnx", np.eye(2), shape=(1, 2))
    b = tiny_model(tmp_path / "b.onnx", np.eye(2), shape=(2, 1))
    with pytest.raises(ValueError, match="shape"):
        average_onnx([a, b], tmp_path / "soup.onnx")


def test_nothing_to_average(tmp_path):
    with pytest.raises(ValueError, match="nothing to average"):
        average_onnx([], tmp_path / "soup.onnx")


def _args(**kw) -> Namespace:
    base = dict(seed=13, epochs=3.0, batch_size=32, lr=8e-5, max_length=96, synthetic=3000, limit=0, max_steps=0,
                news_weight=3)
    return Namespace(**(base | kw))


def test_a_finished_run_with_the_same_key_is_reused(tmp_path):
    """A killed soup build resumes: finished runs are not trained again (and torch is never touched)."""
    from news_sentiment.training.sentiment_train import run_key, train_run

    run = tmp_path / "run-14"
    run.mkdir()
    (run / "model.fp32.onnx").write_bytes(b"exported")
    record = {"key": run_key(_args(), 14), "examples": 10, "steps": 3, "dev_accuracy": 0.9, "train_seconds": 1}
    (run / "run.json").write_text(json.dumps(record))
    assert train_run(_args(), None, [], 14, run) == record


def test_run_key_changes_with_what_a_run_learns():
    from news_sentiment.training.sentiment_train import run_key

    assert run_key(_args(), 14) != run_key(_args(), 15)
    assert run_key(_args(), 14) != run_key(_args(lr=5e-5), 14)
    assert run_key(_args(), 14) == run_key(_args(), 14)
