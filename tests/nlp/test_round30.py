"""Round 30: what a candidate subject's head noun is, the label a candidate earns by the name the claim would
carry, and the source written after 'according to', on sentences we wrote (invented companies)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.attribution import according_source
from news_sentiment.nlp.records import Mention


@pytest.mark.parametrize(("text", "figure", "chunk", "head"), [
    ("Harwell Energy sold 3 billion euros of bonds on Monday. The 10-year tranche priced at 120 basis points over "
     "swaps.", "120 basis", "The 10-year tranche", "instrument"),
    ("Tarrow Motors said revenue rose 6%, while its cloud unit grew 19% in the quarter.", "6%", "cloud unit",
     "unit"),
])
def test_a_candidate_s_head_noun_has_a_class(ranker_candidates, text, figure, chunk, head):
    cands = ranker_candidates(text, figure)
    found = next(c for c in cands if c.text == chunk)
    assert f"head_class:{head}" in found.features


def test_a_candidate_is_labelled_by_the_name_the_claim_would_carry(extractor):
    from news_sentiment.training.subject_train import written

    text = "U.S. employers added 150,000 jobs in May. The unemployment rate rose to 4.4%."
    found = extractor.extract(text, None)
    assert written("United States", found, text) == "U.S."  # the knowledge base's name, as the text writes it
    assert written("unemployment rate", found, text) == "unemployment rate"
    assert written(None, found, text) is None


def _source(sentence: str, mentions: tuple[Mention, ...] = ()) -> str | None:
    return according_source(sentence, 0, len(sentence), list(mentions))


@pytest.mark.parametrize(("sentence", "source"), [
    ("Harwell Capital took a 6% stake in Tarrow Motors, according to a regulatory filing on Tuesday.",
     "regulatory filing"),
    ("The round valued Quellin at $2 billion, according to two people familiar with the talks.",
     "two people familiar with the talks"),
    ("Inflows reached $4 billion in May, according to data compiled by Ostervale Research, which tracks funds.",
     "Ostervale Research"),  # a compiler is named as the poll rule names it
    ("Norland's economy will grow 1.2% next year, according to the median of 30 economists polled by Reuters.",
     "Reuters poll"),
    ("Norland's inflation will ease to 4.1%, according to a poll of 22 economists by Tarrow Capital.",
     "Tarrow Capital poll"),
    ("Reserves rose to $64 billion, according to calculations by Quellin Bank based on central bank data.",
     "calculations by Quellin Bank"),
    ("The bank will cut 900 jobs, according to a note.", None),  # a bare document: nobody named (the agent may be)
    ("Prices rose 3%, according to him.", None),
    ("Prices rose 3% in May, the statistics office said.", None),
])
def test_the_source_written_after_according_to(sentence, source):
    assert _source(sentence) == source


def test_according_to_its_document_is_the_company_it_stands_for():
    sentence = "Quellin Foods will sell shares worth $300 million, according to its draft prospectus."
    quellin = Mention(name="Quellin Foods", kind="company", ticker=None, text="Quellin Foods", start=0, end=13)
    assert _source(sentence, (quellin,)) == "Quellin Foods"


def test_a_claim_carries_the_according_to_source(extractor):
    text = "Harwell Capital has taken a 6% stake in Tarrow Motors, according to a stock exchange filing on Monday."
    claim = next(c for c in extractor.extract(text, None).claims if c.value == 6)
    assert claim.speaker == "stock exchange filing"
    assert "speaker.according_to" in claim.rules


def test_the_other_candidates_are_features_of_each(ranker_candidates):
    text = "Harwell Energy sold 3 billion euros of bonds on Monday. The 10-year tranche pays a coupon of 3.2%."
    cands = ranker_candidates(text, "3.2%")
    assert all("ctx:part_subject" in c.features for c in cands)  # the null candidate too
    harwell = next(c for c in cands if c.text == "Harwell Energy")
    assert any(f.startswith("ctx:part_subject&src:") and "kind:company" in f for f in harwell.features)
    plain = ranker_candidates("Harwell Energy's revenue rose 4% to 2 billion euros.", "4%")
    assert not any(f.startswith("ctx:") for c in plain for f in c.features)


def test_a_name_that_modifies_a_business_noun_is_marked(ranker_candidates):
    cands = ranker_candidates("Brenvik's operating margin fell to 5.1%, as Norway deliveries dropped 12%.", "12%")
    norway = next(c for c in cands if c.text == "Norway")
    assert {"modifies:business", "modifies:business&place"} <= norway.features


def test_the_first_setting_that_keeps_the_conventions_is_chosen(monkeypatch):
    from news_sentiment.training import subject_train as st
    from news_sentiment.training.trees_train import TreeSetting

    cv = dict.fromkeys(st.SETTINGS, 0.70)
    cv[TreeSetting(15, 300)], cv[TreeSetting(31, 300)] = 0.838, 0.841  # both within one standard error on 6,000
    monkeypatch.setattr(st, "fit", lambda setting, data: setting)
    data = [[]] * 6000
    monkeypatch.setattr(st, "keeps_conventions", lambda extractor, model: model == TreeSetting(31, 300))
    assert st.choose(None, cv, data) == (TreeSetting(31, 300), TreeSetting(31, 300), True)
    monkeypatch.setattr(st, "keeps_conventions", lambda extractor, model: False)
    assert st.choose(None, cv, data) == (TreeSetting(15, 300), TreeSetting(15, 300), False)


def test_the_shipped_subject_model_keeps_the_conventions(extractor):
    from news_sentiment.training.subject_train import CONVENTIONS

    for text, want in CONVENTIONS:
        assert tuple(c.subject for c in extractor.extract(text, None).claims) == want
