"""Choose the sentiment model's calibration layer on the dev split of our news set; write it to config.json.

    python -m news_sentiment.training.sentiment_calibrate            # report; --write stores it
    python -m news_sentiment.training.sentiment_calibrate --temperature-only --write   # what v4 ships

The layer is softmax((log p + class_bias) / temperature) over an item's aggregated probabilities (see
``nlp.sentiment.calibrate``). The biases (negative and positive against neutral, which stays 0) maximise
macro-F1 on market-relevant dev items with the target given, preferring the smallest change on ties; the
temperature then minimises the expected calibration error. Only items the model never saw in training
count: for finminilm-3c-v3 those with ``seen_by_v3`` false; a model trained with the news set's texts held out
(``news_texts_held_out``, or a ``news_weight`` above 0, in its config's training record) never saw any dev or test
text, so all of them count. Test is reported, never used
to choose.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
from pathlib import Path

import numpy as np

from news_sentiment.nlp.sentiment import LABELS, Classifier, calibrate, default_model_dir
from news_sentiment.training.claims_corpus import Split
from news_sentiment.training.sentiment_corpus import expected_calibration_error, load_news, macro_f1, seen_by_v3

ROOT = Path(__file__).resolve().parents[3]
BIASES = np.round(np.arange(-1.0, 2.01, 0.25), 2)
TEMPERATURES = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def _macro_f1(gold: list[int], pred: list[int]) -> float:
    return macro_f1(gold, pred, range(len(LABELS)))


def _ece(probs: np.ndarray, gold: list[int]) -> float:
    return expected_calibration_error(probs.max(axis=1), probs.argmax(axis=1) == np.asarray(gold))


def item_probs(clf: Classifier, items) -> np.ndarray:
    """Uncalibrated item probabilities (the layer is applied here, from zero)."""
    saved = clf.config
    clf.config = dataclasses.replace(saved, class_bias=(0.0, 0.0, 0.0), temperature=1.0)
    try:
        preds = clf.classify([i.text for i in items], [i.target for i in items])
    finally:
        clf.config = saved
    return np.array([[p.scores[lab] for lab in LABELS] for p in preds])


def choose(probs: np.ndarray, gold: list[int], biases: bool = True) -> tuple[tuple[float, float, float], float]:
    """The class biases (unless ``biases`` is False: zero, so every label stays as the model gives it), then the
    temperature."""
    def f1(b):
        return _macro_f1(gold, [int(np.argmax(calibrate(r, b, 1.0))) for r in probs])
    grid = [(float(n), 0.0, float(p)) for n, p in itertools.product(BIASES, BIASES)] if biases else [(0.0, 0.0, 0.0)]
    bias = max(grid, key=lambda b: (round(f1(b), 6), -abs(b[0]) - abs(b[2])))
    temp = min(TEMPERATURES, key=lambda t: _ece(np.array([calibrate(r, bias, t) for r in probs]), gold))
    return bias, temp


def report(probs: np.ndarray, gold: list[int], bias, temp) -> dict:
    cal = np.array([calibrate(r, bias, temp) for r in probs])
    pred = list(cal.argmax(axis=1))
    return {"n": len(gold), "accuracy": round(float(np.mean(np.asarray(pred) == np.asarray(gold))), 4),
            "macro_f1": round(_macro_f1(gold, pred), 4), "ece": round(_ece(cal, gold), 4)}


def never_saw_news_dev_test(training: dict) -> bool:
    """Whether a model's ``training`` record (config.json) says it never trained on a news-set dev or test text:
    ``news_texts_held_out``, or (models from before that field) a ``news_weight`` above 0."""
    return bool(training.get("news_texts_held_out", training.get("news_weight", 0) > 0))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared")))
    ap.add_argument("--model-dir", type=Path, default=None, help="Model folder (default: the shipped model).")
    ap.add_argument("--write", action="store_true", help="Store the chosen layer in the model's config.json.")
    ap.add_argument("--temperature-only", action="store_true",
                    help="No class biases: only a temperature (labels unchanged, confidences calibrated).")
    args = ap.parse_args(argv)
    model_dir = args.model_dir or default_model_dir()
    clf = Classifier.load(model_dir)
    news = [i for i in load_news(ROOT / "corpus", args.shared) if i.market_relevant]
    training = json.loads((model_dir / "config.json").read_text(encoding="utf-8")).get("training", {})
    saw_news = never_saw_news_dev_test(training)
    sets = {s: [i for i in news if i.split is s and (saw_news or not seen_by_v3(i.id))]
            for s in (Split.DEV, Split.TEST)}
    probs = {s: item_probs(clf, items) for s, items in sets.items()}
    gold = {s: [LABELS.index(i.label) for i in items] for s, items in sets.items()}
    bias, temp = choose(probs[Split.DEV], gold[Split.DEV], biases=not args.temperature_only)
    out = {"class_bias": bias, "temperature": temp}
    for s in sets:
        out[f"{s.value}_before"] = report(probs[s], gold[s], (0.0, 0.0, 0.0), 1.0)
        out[f"{s.value}_after"] = report(probs[s], gold[s], bias, temp)
    print(json.dumps(out, indent=1))
    if args.write:
        path = model_dir / "config.json"
        cfg = json.loads(path.read_text(encoding="utf-8"))
        cfg["calibration"] = {"class_bias": list(bias), "temperature": temp,
                              "chosen_on": f"news dev split, market-relevant items unseen in training "
                                           f"({len(gold[Split.DEV])})"}
        path.write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
