"""Speakers a sentence does not name with 'X said': the agent of a plan or forecast, a described source, the poll
behind a consensus (our own sentences)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.attribution import poll_source, sentence_source
from news_sentiment.nlp.records import Mention


def speakers(extract, text: str) -> dict[float, str | None]:
    return {c.value: c.speaker for c in extract(text).claims}


def speaker_of(extract, text: str, value: float) -> str | None:
    found = speakers(extract, text)
    assert value in found, found
    return found[value]


@pytest.mark.parametrize("text, number, expected", [
    ("Harlow Capital raised its price target on Brightmoor Foods to $58 from $51.", 58, "Harlow Capital"),
    ("Strategists at Harlow Capital expect the Stoxx 600 to climb to 640 by the end of next year.", 640,
     "Harlow Capital"),
    ("Brightmoor Foods will cut 1,200 jobs over the next two years, it said on Monday.", 1200, "Brightmoor Foods"),
])
def test_the_agent_of_a_plan_or_forecast_speaks(extract, text, number, expected):
    assert speaker_of(extract, text, number) == expected


def test_a_market_or_a_shareholding_is_no_speaker(extract):
    text = "Shares of Brightmoor Foods could climb 25% next year as margins recover."
    assert speaker_of(extract, text, 25) is None


def test_a_reported_actual_gets_no_agent(extract):
    assert speaker_of(extract, "Brightmoor Foods sold 4 million boxes last year.", 4e6) is None


def _mention(text: str, name: str, kind: str = "company") -> Mention:
    at = text.index(name)
    return Mention(name=name, kind=kind, ticker=None, text=name, start=at, end=at + len(name))


@pytest.mark.parametrize("sentence, expected", [
    ("Profit rose 8% to $2 billion, the drugmaker said on Tuesday.", "Orrin Biologics"),
    ("The carmaker said it would spend $3 billion on new plants.", "Orrin Biologics"),
    ("Exports rose 4% in May, the statistics bureau said.", "statistics bureau"),
    ("The deal could value the unit at $9 billion, people familiar with the matter said.",
     "people familiar with the matter"),
    ("Exports rose 4% in May, official data showed.", None),
    ("Exports rose 4% in May, Harlow Capital Markets said.", "Harlow Capital Markets"),
])
def test_a_described_source_is_the_story_company_or_the_words(sentence, expected):
    text = "Orrin Biologics beats forecasts. " + sentence
    mentions = [_mention(text, "Orrin Biologics")]
    if "Harlow" in sentence:
        mentions.append(_mention(text, "Harlow Capital Markets"))
    start = text.index(sentence)
    assert sentence_source(text, start, len(text), mentions)[0] == expected


@pytest.mark.parametrize("sentence, number, expected", [
    ("Inflation eased to 3.1%, below the 3.3% expected by economists polled by Reuters.", "3.3%", "Reuters poll"),
    ("Revenue hit $4 billion, above the $3.8 billion average of estimates compiled by LSEG.", "3.8", "LSEG"),
    ("Sales rose 2%, short of the 3% FactSet consensus.", "3%", "FactSet consensus"),
    ("A Reuters poll had pointed to 3.6%.", "3.6", "Reuters poll"),
    ("Sales rose 2%, short of the 3% analysts had pencilled in.", "3%", None),
])
def test_a_consensus_speaks_through_its_poll(sentence, number, expected):
    assert poll_source(sentence, 0, len(sentence), sentence.index(number)) == expected


def test_an_expected_figure_is_not_the_reporters(extract):
    text = ("Inflation in Norland eased to 3.1% in May, the statistics office said, below the 3.3% expected by "
            "economists polled by Reuters.")
    found = speakers(extract, text)
    assert (found[3.1], found[3.3]) == ("statistics office", "Reuters poll")


def test_the_company_is_one_named_before_never_one_named_later():
    text = "Profit rose 8% to $2 billion, the company said. Rival Orrin Biologics trades at 30 times earnings."
    mentions = [_mention(text, "Orrin Biologics")]
    end = text.index(" Rival")
    assert sentence_source(text, 0, end, mentions) == (None, None)
    text = "Quillon Foods beat forecasts. Profit rose 8% to $2 billion, the company said. Orrin Biologics fell."
    mentions = [_mention(text, "Quillon Foods"), _mention(text, "Orrin Biologics")]
    start = text.index("Profit")
    assert sentence_source(text, start, text.index(" Orrin"), mentions) == ("Quillon Foods", "speaker.described")


def test_a_described_subject_that_names_its_company_speaks_for_it(extract):
    text = ("The Danish brewer Quillon Foods raised its forecast for operating profit in 2027 to 9.5 billion crowns "
            "from 8.8 billion crowns.")
    assert speaker_of(extract, text, 9.5e9) == "Quillon Foods"


def test_each_fallback_is_traced_and_a_named_source_leaves_no_agent_trace(extract):
    from news_sentiment.nlp.claims import STRUCTURAL_RULES

    claims = {c.value: c for c in extract(
        "Strategists at Harlow Capital expect the Stoxx 600 to climb to 640 next year. Profit rose 8%, the drugmaker "
        "said, above the 6% expected by analysts polled by Reuters. Quillon Foods will cut 900 jobs, Harlow Capital "
        "said.").claims}
    assert "speaker.agent" in claims[640].rules
    assert "speaker.described" in claims[8].rules and "speaker.poll" in claims[6].rules
    assert claims[900].speaker == "Harlow Capital" and not any(r.startswith("speaker.") for r in claims[900].rules)
    assert {"speaker.agent", "speaker.described", "speaker.poll"} <= set(STRUCTURAL_RULES)


def test_a_name_closed_by_a_comma_before_said_speaks():
    text = "The index could rise 8% next year, Harlow Capital, a fund manager, said. Sales rose 3%, Orrin, said."
    mentions = [_mention(text, "Harlow Capital"), _mention(text, "Orrin")]
    assert sentence_source(text, 0, text.index(" Sales"), mentions)[0] == "Harlow Capital"
    assert sentence_source(text, text.index("Sales"), len(text), mentions)[0] == "Orrin"
    text = "The index could rise 8% next year, Jane Roe, chief strategist at Harlow Capital, said."
    mentions = [_mention(text, "Jane Roe", "person"), _mention(text, "Harlow Capital")]
    assert sentence_source(text, 0, len(text), mentions)[0] == "Jane Roe"


def test_a_source_described_after_according_to_and_a_compound_company_noun():
    text = "Phone shipments rose 3% to 316 million units, according to research firm Tallow Insights."
    assert sentence_source(text, 0, len(text), [_mention(text, "Tallow Insights")])[0] == "Tallow Insights"
    text = "Inflation eased to 3.1%, below the 3.3% forecast in a Reuters poll."
    assert sentence_source(text, 0, len(text), [_mention(text, "Reuters", "outlet")]) == (None, None)
    text = "Quillon Homes beat forecasts. Profit rose 14% to 612 million pounds, the housebuilder said."
    mentions = [_mention(text, "Quillon Homes")]
    start = text.index("Profit")
    assert sentence_source(text, start, len(text), mentions) == ("Quillon Homes", "speaker.described")


def test_a_body_speaks_through_its_report():
    text = "Job openings rose to 7.7 million in October, the Labor Department's JOLTS report showed."
    mentions = [_mention(text, "Labor Department", "organization")]
    assert sentence_source(text, 0, len(text), mentions)[0] == "Labor Department"
    text = "Orrin's shares rose 4% after its report on Monday."
    assert sentence_source(text, 0, len(text), [_mention(text, "Orrin")]) == (None, None)


def test_a_market_move_has_no_data_providers_voice_but_a_strategists(extract):
    found = speakers(extract, "Bitcoin jumped 6% to $104,000 on Monday, lifting the value of all coins above "
                              "$3.5 trillion, according to Tallow Data.")
    assert (found[6], found[104000], found[3.5e12]) == (None, None, "Tallow Data")  # a total it reports
    found = speakers(extract, "The basket has gained more than 40% this year, strategists led by Jane Roe wrote on "
                              "Friday.")
    assert found[40] == "Jane Roe"


def test_a_pronoun_forecaster_is_the_earlier_agent(extract):
    found = speakers(extract, "Strategists at Harlow Capital expect the Stoxx 600 to climb to 640 by the end of next "
                              "year. They also see the euro at $1.21.")
    assert (found[640], found[1.21]) == ("Harlow Capital", "Harlow Capital")
