"""Our fine-tuned NER weights (training/ner_train.py): training labels, and loading only onto the model they
were trained from. Blank pipelines, no shipped model needed."""

from __future__ import annotations

import json
import logging

import pytest
import spacy

from news_sentiment.nlp.pipeline import load_ner_weights
from news_sentiment.training.finentity import Split
from news_sentiment.training.ner_train import Record, labelled, records


def silver_nlp():
    """A blank English pipeline whose 'own' entities come from an entity ruler (the silver labels)."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Indonesia"}, {"label": "PERSON", "pattern": "Jane Roe"},
                        {"label": "PERSON", "pattern": "Quillan Foods"}, {"label": "DATE", "pattern": "Monday"}])
    return nlp


def entities(example):
    return [(e.text, e.label_) for e in example.reference.ents]


def test_annotated_spans_are_organisations_and_the_models_other_entities_stay():
    text = "Quillan Foods rose on Monday, Jane Roe said, and Indonesia gained."
    rec = Record(text, ((0, 13), (49, 58)))  # 'Quillan Foods' (the model: PERSON), 'Indonesia' (the model: GPE)
    assert entities(labelled(silver_nlp(), rec)) == [
        ("Quillan Foods", "ORG"),   # the annotation wins over the model's PERSON
        ("Monday", "DATE"),         # kept: no annotation overlaps it
        ("Jane Roe", "PERSON"),
        ("Indonesia", "GPE"),       # a market named by its country stays a place
    ]


def test_lower_case_annotations_are_left_out(tmp_path):
    data = tmp_path / "FinEntity.json"
    rows = [{"content": "Acme and materials <.SPLRCM> rose.", "annotations": [
        {"start": 0, "end": 4, "value": "Acme", "label": "Positive", "tag": "Positive"},
        {"start": 9, "end": 18, "value": "materials", "label": "Positive", "tag": "Positive"}]}] * 10
    data.write_text(json.dumps(rows), encoding="utf-8")
    train = records(data, Split.TRAIN)  # index % 10 in 1..6
    assert len(train) == 6 and all(r.gold == ((0, 4),) for r in train)
    with pytest.raises(ValueError, match="reserved"):
        records(data, Split.HELDOUT)


def blank_ner():
    """A blank English pipeline with an initialised (random) NER of one label."""
    nlp = spacy.blank("en")
    nlp.add_pipe("ner").add_label("ORG")
    nlp.initialize()
    return nlp


def trained_ner(tmp_path, base: str):
    nlp = blank_ner()
    path = tmp_path / "ner"
    path.mkdir()
    nlp.get_pipe("ner").to_disk(path, exclude=["vocab"])
    (path / "training.json").write_text(json.dumps({"version": "finner-test", "base_model": base}))
    return nlp, path


def test_weights_load_only_onto_the_model_they_were_trained_from(tmp_path, monkeypatch, caplog):
    source, path = trained_ner(tmp_path, base="pipeline-0.0.0")  # a blank pipeline's name and version
    monkeypatch.setenv("SENTIMENT_NER_MODEL", str(path))
    target = blank_ner()
    assert load_ner_weights(target)
    assert target.meta["news_sentiment_ner"] == "finner-test"
    assert target.get_pipe("ner").model.to_bytes() == source.get_pipe("ner").model.to_bytes()

    (path / "training.json").write_text(json.dumps({"version": "finner-test", "base_model": "other-1.0"}))
    other = blank_ner()
    before = other.get_pipe("ner").model.to_bytes()
    with caplog.at_level(logging.WARNING):
        assert not load_ner_weights(other)
    assert "were trained on other-1.0" in caplog.text
    assert other.get_pipe("ner").model.to_bytes() == before and "news_sentiment_ner" not in other.meta


def test_no_weights_no_change(tmp_path, monkeypatch):
    monkeypatch.setenv("SENTIMENT_NER_MODEL", str(tmp_path / "absent"))
    nlp = blank_ner()
    assert not load_ner_weights(nlp)


def test_an_unreadable_training_record_keeps_the_models_own_ner(tmp_path, monkeypatch, caplog):
    _, path = trained_ner(tmp_path, base="pipeline-0.0.0")
    (path / "training.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("SENTIMENT_NER_MODEL", str(path))
    nlp = blank_ner()
    before = nlp.get_pipe("ner").model.to_bytes()
    with caplog.at_level(logging.WARNING):
        assert not load_ner_weights(nlp)
    assert "no readable training.json" in caplog.text and nlp.get_pipe("ner").model.to_bytes() == before


def test_training_without_the_data_says_where_to_point(tmp_path, capsys):
    from news_sentiment.training.ner_train import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--data", str(tmp_path / "absent.json"), "--out", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert "no FinEntity data at" in capsys.readouterr().err and not (tmp_path / "out").exists()
