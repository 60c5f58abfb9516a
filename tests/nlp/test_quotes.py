"""Speakers, titles and firms in the usual news patterns (texts written for these tests)."""

from __future__ import annotations

TEXT = (
    "“The market is pricing in too many rate cuts,” Jane Smith, a senior economist at Nomura Holdings Inc., "
    "said in a note. Investors remain wary, according to Tom Lee, head of research at Fundstrat Global Advisors.\n\n"
    "“We see the S&P 500 at 6,500 by year-end,” said Goldman Sachs strategist David Kostin. Morgan Stanley’s "
    "Mike Wilson, the bank’s chief US equity strategist, wrote that earnings could grow 10% next year.\n\n"
    "Analysts at Citigroup led by Jane Doe raised their target for the Hang Seng Index to 25,000. "
    "“Chinese equities are cheap and under-owned by global funds,” said Anna Park, a fund manager at "
    "Example Capital. “We are adding to positions in the sector this month.”"
)


def test_people_titles_firms(extract):
    res = extract(TEXT)
    people = {s.name: (s.title, s.firm) for s in res.strategists}
    assert people["Jane Smith"] == ("senior economist", "Nomura")  # KB canonical name
    assert people["Tom Lee"] == ("head of research", "Fundstrat Global Advisors")
    assert people["David Kostin"] == ("strategist", "Goldman Sachs")
    assert people["Mike Wilson"] == ("chief US equity strategist", "Morgan Stanley")
    assert people["Jane Doe"] == ("analyst", "Citigroup")
    assert people["Anna Park"] == ("fund manager", "Example Capital")


def test_quotes_attributed_and_continued(extract):
    res = extract(TEXT)
    got = [(q.speaker, q.firm, q.text[:20]) for q in res.quotes]
    assert got == [
        ("Jane Smith", "Nomura", "The market is pricin"),
        ("David Kostin", "Goldman Sachs", "We see the S&P 500 a"),
        ("Anna Park", "Example Capital", "Chinese equities are"),
        ("Anna Park", "Example Capital", "We are adding to pos"),  # unattributed follow-up: same speaker
    ]
    assert not res.quotes[0].text.endswith(",")


def test_claim_speaker_and_target_subject(extract):
    res = extract(TEXT)
    by_value = {c.value: c for c in res.claims}
    assert by_value[6500].speaker == "David Kostin" and by_value[6500].subject == "S&P 500"
    assert by_value[6500].period_text == "by year-end"
    assert by_value[25000].subject == "Hang Seng Index" and by_value[25000].unit == "index_points"
    assert by_value[10].speaker == "Mike Wilson"  # not quoted, but the sentence names him as its source ("wrote")
    assert by_value[10].modality == "forecast"


def test_scare_quotes_are_not_quotes(extract):
    res = extract("The so-called “7 titans” were deemed “uninvestable” last year.")
    assert res.quotes == []
