"""Round 25 (issue 17; causes read on the train part of batch U, written for these tests): a currency with its wire
code moves, a funding round's investor is not 'the company', and a part counts what its whole counts."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,expected", [
    ("The euro <EUR=> slipped 0.2% to $1.0862 and sterling <GBP=> was flat at $1.2715.",
     [(0.2, "euro"), (1.0862, "euro"), (1.2715, "sterling")]),
    ("Turkey's lira <TRY=> weakened to 42.61 per dollar.", [(42.61, "lira")]),
])
def test_a_currency_written_with_its_instrument_code_is_the_subject(subjects, text, expected):
    assert subjects(text) == expected


def test_the_investor_leading_a_round_is_not_the_company_it_values(subjects):
    text = ("Payments startup Quillpath said on Monday it raised $300 million in a round led by Orrel Ventures, "
            "valuing the company at $4 billion.")
    assert subjects(text) == [(300_000_000, "Quillpath"), (4_000_000_000, "Quillpath")]


def test_an_investor_role_is_read_only_after_its_words():
    from news_sentiment.nlp.records import Mention
    from news_sentiment.nlp.subject_roles import Role, mention_roles

    text = "Halden Capital backed the deal. The round was led by Orrel Ventures and backed by Kestrel Partners."
    names = ("Halden Capital", "Orrel Ventures", "Kestrel Partners")
    mentions = [Mention(n, "company", None, n, text.index(n), text.index(n) + len(n)) for n in names]
    roles = mention_roles(text, mentions)
    assert Role.INVESTS not in roles["Halden Capital"]
    assert Role.INVESTS in roles["Orrel Ventures"] and Role.INVESTS in roles["Kestrel Partners"]


def test_a_part_counts_what_its_whole_counts_and_the_whole_does_not_move(extract):
    claims = extract("Carlow Foods will close two plants and cut 1,200 of its 9,500 jobs in Ohio.").claims
    assert [(c.value, c.unit, c.metric, c.direction) for c in claims] == [
        (1200, "count", "headcount", "down"), (9500, "count", "headcount", None)]


def test_a_count_without_a_whole_is_unchanged(extract):
    claims = extract("Carlow Foods will cut 1,200 jobs in Ohio.").claims
    assert [(c.value, c.metric, c.direction) for c in claims] == [(1200, "headcount", "down")]
