"""The learned period choice (``nlp/period_rank.py``), on sentences we wrote (invented companies): its candidates
and features, how it picks, how it is trained, and that the shipped ranker with the rules gets plain cases right."""

from __future__ import annotations

import json

import pytest

from news_sentiment.nlp.linear import LinearModel
from news_sentiment.nlp.period_rank import PeriodCandidate, PeriodRanker


def _recorded(extractor, text: str):
    from news_sentiment.training.period_train import Recorder

    recorder = Recorder()
    shipped = extractor.period_ranker
    extractor.period_ranker = recorder
    try:
        claims = extractor.extract(text, None).claims
    finally:
        extractor.period_ranker = shipped
    return recorder.seen, claims


def test_candidates_are_the_sentence_times_and_none_with_the_rules_pick_marked(extractor):
    text = "Orrel Motors shares rose 4% on Tuesday, a day after the carmaker said second-quarter sales fell."
    seen, claims = _recorded(extractor, text)
    cands = seen[claims[0].start]
    texts = [c.text for c in cands]
    assert texts[-1] is None and "none" in cands[-1].features
    assert {"on Tuesday", "second-quarter"} <= set(texts)
    assert [c.text for c in cands if "rule_pick" in c.features] == [claims[0].period_text] == ["on Tuesday"]
    tuesday = next(c for c in cands if c.text == "on Tuesday")
    assert {"side:after", "near:after0", "figs:0", "commas:0", "same_verb"} <= tuesday.features


def test_what_lies_between_a_figure_and_a_time_is_a_feature(extractor):
    text = "Brisa Foods said revenue grew 6%, while its rival Talbot lost market share in the second half."
    seen, claims = _recorded(extractor, text)
    half = next(c for c in seen[claims[0].start] if c.text and "second half" in c.text)
    assert {"side:after", "commas:1", "contrast:after"} <= half.features
    assert claims[0].period_text is None  # the rules: a contrasting clause's time is not the figure's


def test_an_answer_the_rules_take_from_elsewhere_is_a_candidate(extractor):
    text = "Profit rose 9% in the third quarter. During the period, costs fell 2%."
    seen, claims = _recorded(extractor, text)
    cands = seen[claims[1].start]
    assert claims[1].period_text == "in the third quarter"
    elsewhere = [c for c in cands if "elsewhere" in c.features]
    assert [c.text for c in elsewhere] == ["in the third quarter"] and "rule_pick" in elsewhere[0].features
    assert "During the period" not in [c.text for c in cands]  # the words that point back are never the answer


def test_the_ranker_keeps_the_best_scored_candidate():
    model = LinearModel(classes=("no", "yes"), index={"none": 0, "side:before": 1, "rule_pick": 2},
                        weights=((0.0, -1.0), (0.0, 2.0), (0.0, 0.5)), intercept=(0.0, 0.0))
    cands = [PeriodCandidate("in March", {"span", "side:before"}),
             PeriodCandidate("a year earlier", {"span", "side:after", "rule_pick"}),
             PeriodCandidate(None, {"none"})]
    assert PeriodRanker(model).choose(0, cands).text == "in March"
    assert PeriodRanker(model).score(cands[2]) == -1.0


def test_a_model_that_prefers_no_period_removes_the_rules_period(extractor):
    model = LinearModel(classes=("no", "yes"), index={"none": 0}, weights=((0.0, 5.0),), intercept=(0.0, 0.0))
    shipped = extractor.period_ranker
    extractor.period_ranker = PeriodRanker(model)
    try:
        claims = extractor.extract("Orrel Motors shares rose 4% on Tuesday.", None).claims
    finally:
        extractor.period_ranker = shipped
    assert [(c.value, c.period_text) for c in claims] == [(4.0, None)]
    assert "period.learned" in claims[0].rules


def test_training_learns_from_groups_and_cross_validates_by_text():
    from news_sentiment.training.period_train import cross_validated, fit, pick_right

    right = (["span", "side:after", "figs:0"], True, False)
    wrong = (["span", "side:before", "figs:2"], False, True)
    none = (["none"], False, False)
    data = [(f"own:{i}", [right, wrong, none]) for i in range(10)]
    model = fit("pairwise", 10.0, [g for _, g in data])
    weight = dict(zip(model.index, (row[1] for row in model.weights)))
    assert weight["side:after"] > 0 > weight["side:before"]
    assert cross_validated(data, "pairwise", 10.0)[0.0] == 1.0  # every held-out fold has the same pattern
    assert pick_right(PeriodRanker(model), data[0][1])
    assert not pick_right(PeriodRanker(model, override=1e9), data[0][1])  # too wide a margin: the rules' wrong pick


@pytest.mark.parametrize("text,expected", [
    ("Orrel Motors shares rose 4% on Tuesday after the carmaker reported third-quarter profit of $1.2 billion.",
     [(4.0, "on Tuesday"), (1.2e9, "third-quarter")]),
    ("Brisa Foods expects revenue to grow 5% in 2027, compared with 3% growth this year.",
     [(5.0, "in 2027"), (3.0, "this year")]),
    ("Talbot Mining's output fell 8% from a year earlier.", [(8.0, None)]),
    ("The Arden 40 index closed 0.6% higher at 4,210 points.", [(0.6, None), (4210.0, None)]),
])
def test_the_shipped_ranker_gets_plain_times_right(extractor, text, expected):
    got = [(c.value, c.period_text) for c in extractor.extract(text, None).claims]
    assert got == expected


def test_the_shipped_ranker_is_part_of_the_version_and_can_be_switched_off(extractor, monkeypatch, tmp_path):
    from news_sentiment.nlp.period_rank import default_path

    if extractor.period_ranker is None:
        pytest.skip("no period model shipped (models/claims/period.json)")
    assert f"+period.{extractor.period_ranker.model.digest}" in extractor.version
    data = json.loads(default_path().read_text(encoding="utf-8"))
    assert data["classes"] == ["no", "yes"] and len(data["index"]) == len(data["weights"])
    monkeypatch.setenv("SENTIMENT_PERIOD_MODEL", str(tmp_path / "absent.json"))
    assert PeriodRanker.load_default() is None


def test_only_the_nearest_expressions_on_each_side_are_candidates(extractor):
    from news_sentiment.nlp.period_rank import NEAREST

    times = ["in 2019", "in 2020", "in 2021", "in 2022", "in 2023", "in 2024", "in 2025", "on Monday"]
    text = "Orrel sold plants " + ", ".join(times) + " and its shares rose 4% on Tuesday, in March and in April."
    seen, claims = _recorded(extractor, text)
    cands = seen[claims[-1].start]
    spans = [c.text for c in cands if "span" in c.features]
    assert len(spans) <= 2 * NEAREST
    assert "on Tuesday" in spans and "on Monday" in spans and "in 2019" not in spans  # the far ones are left out


@pytest.mark.parametrize("module", ["period_train", "subject_train"])
def test_training_without_the_shared_folder_says_what_to_pass(module, tmp_path, capsys):
    import importlib

    main = importlib.import_module(f"news_sentiment.training.{module}").main
    with pytest.raises(SystemExit) as exc:
        main(["--shared", str(tmp_path / "absent"), "--out", str(tmp_path / "model.json")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "absent" in err and "--shared" in err and "SENTIMENT_SHARED" in err
    assert not (tmp_path / "model.json").exists()  # nothing written, nothing removed
