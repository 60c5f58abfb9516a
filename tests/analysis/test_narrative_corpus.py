"""The narrative labelled set (corpus/narratives.jsonl) is well formed, keeps its held-out splits apart from what
the models are fitted on, and names no reserved or unknown text."""

import json
from collections import Counter
from pathlib import Path

import pytest

from news_sentiment.narrative_config import load_narratives
from news_sentiment.training.corpus_sources import SENTFIN_RESERVED, finentity_reserved, resolve
from news_sentiment.training.narrative_finetune import FIT_SPLITS, REPORTED

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def rows() -> list[dict]:
    return [json.loads(line) for line in (CORPUS / "narratives.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def test_every_row_has_a_known_split_labels_and_annotator():
    names = {n.name for n in load_narratives()}
    seen = rows()
    assert len({r["id"] for r in seen}) == len(seen)  # a text is in one split only
    assert {r["split"] for r in seen} == set(FIT_SPLITS) | set(REPORTED)
    for r in seen:
        assert set(r["narratives"]) <= names, r["id"]
        assert r["annotator"] and r["drawn"], r["id"]


def test_no_reserved_text_is_labelled():
    for r in rows():
        source, _, key = r["id"].partition(":")
        if source == "sentfin":
            assert int(key) not in SENTFIN_RESERVED, r["id"]
        if source == "finentity":
            assert not finentity_reserved(int(key)), r["id"]


def test_each_held_out_split_has_enough_labels_to_measure_precision():
    counts = Counter((n, r["split"]) for r in rows() for n in r["narratives"])
    for split in REPORTED:
        # about 100 assignments measure a precision near 0.85 to about +-0.036 (one standard error)
        assert sum(v for (_, s), v in counts.items() if s == split) >= 100, split


@pytest.mark.shared
def test_every_labelled_id_resolves_to_a_text(shared_dir):
    texts = resolve(shared_dir, CORPUS)
    missing = [r["id"] for r in rows() if r["id"] not in texts]
    assert not missing, missing[:5]
