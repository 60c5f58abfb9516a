"""A linear model's scores do not depend on the process's string-hash seed (a set's iteration order): float sums in a
different order round differently, which flipped near-tied predictions between runs of the same text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
SCRIPT = """
from news_sentiment.nlp.linear import LinearModel
feats = ["w%d" % i for i in range(40)]
weights = tuple((0.0, (1e16 if i % 3 == 0 else -1e16 if i % 3 == 1 else 1.0 + i / 7)) for i in range(40))
model = LinearModel(classes=("no", "yes"), index={f: i for i, f in enumerate(feats)}, weights=weights,
                    intercept=(0.0, 0.0))
print(repr(model._scores(feats)))
"""


def test_scores_are_the_same_whatever_the_hash_seed():
    outputs = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(SRC)}
        run = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
        outputs.add(run.stdout.strip())
    assert len(outputs) == 1
