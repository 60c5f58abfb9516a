"""Descriptions and memory resolved by kind, named parts kept, on sentences we wrote (invented companies): the
rules alone and with the shipped subject ranker must both get these right."""

from __future__ import annotations

import pytest


def rules_of(extractor, text: str) -> list[list[str]]:
    return [[r for r in c.rules if r.startswith("subject.")] for c in extractor.extract(text, "2025-03-07").claims]


def test_the_benchmark_is_the_main_clause_index_not_the_last_one(subjects):
    text = ("The FTSE 100 fell 1.2% on Tuesday, while the DAX lost 2.1%. The benchmark is still up 9% this year.")
    assert subjects(text)[-1] == (9, "FTSE 100")


def test_bullion_is_gold_not_the_last_metal(subjects):
    text = "Gold rose 1.1% on Monday and silver gained 2.4%. Bullion has climbed 18% this year."
    assert subjects(text)[-1] == (18, "Gold")


def test_the_company_is_never_an_exchange_and_the_headline_company_comes_first(subjects):
    text = "Orrel Digital shares jump in Nasdaq debut\n\nThe software company's stock opened at $31 on Thursday."
    assert subjects(text) == [(31, "Orrel Digital")]


def test_the_landlord_is_the_company_the_figures_were_about(subjects):
    text = ("Harrowgate REIT's portfolio value fell 2.1% in the half. "
            "The landlord's loan-to-value ratio rose to 36%.")
    assert subjects(text) == [(2.1, "Harrowgate REIT"), (36, "Harrowgate REIT")]


def test_the_currency_is_the_currency_that_moved_not_the_one_it_is_quoted_against(subjects):
    text = "The rupee fell 0.4% against the dollar on Monday. The currency has lost 3% this year."
    assert subjects(text) == [(0.4, "rupee"), (3, "rupee")]


@pytest.mark.parametrize("text,expected", [
    ("Helix Pharma raised its outlook. Sales of its asthma drug Brelvia rose 31% in the quarter.", (31, "Brelvia")),
    ("Orrel Group also owns its Kestrel payments business, which aims to reach 5 million customers.",
     (5e6, "Kestrel payments business")),
    ("Orrel Group and Quillmark agreed to merge. The merged company expects annual savings of $200 million.",
     (2e8, "merged company")),
    ("Orrel Luxe said sales in its leather goods division rose 7% in the quarter.",
     (7, "leather goods division")),
    ("Kestrel Lifts is weighing a sale of its maintenance unit that could value the business at 3 billion euros.",
     (3e9, "maintenance unit")),
])
def test_a_named_part_keeps_its_own_name(subjects, text, expected):
    assert subjects(text)[-1] == expected


def test_the_rules_that_named_the_subject_are_recorded(extractor):
    fired = rules_of(extractor, "Gold rose 1.1% on Monday and silver gained 2.4%. Bullion has climbed 18% this year.")
    assert "subject.bullion_is_gold" in fired[-1] and "subject.bullion_is_gold" not in fired[0]


@pytest.mark.parametrize("text,expected", [
    ("The 10-year yield <US10YT=RR> fell 2 basis points to 4.1% and the 30-year yield <US30YT=RR> fell 1.5 basis "
     "points to 4.6%.", [(0.02, "The 10-year yield"), (4.1, "The 10-year yield"), (0.015, "the 30-year yield"),
                         (4.6, "the 30-year yield")]),
    ("Orrel Motors <ORL.N> shed 1.8% in early trading, while Quillmark's shares <QLM.O> plunged 32% after the "
     "retailer cut its outlook.", [(1.8, "Orrel Motors"), (32, "Quillmark")]),
    ("Shares of payment firms have been under pressure this year, with Orrel down more than 45% and Kestrel down 61%.",
     [(45, "Orrel"), (61, "Kestrel")]),
])
def test_a_figure_in_a_coordinated_clause_is_that_clauses_subjects(subjects, text, expected):
    assert subjects(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Orrel Motors sold 3.1 million cars in the quarter, and its net margin rose 4.5%, the carmaker said.",
     (4.5, "Orrel Motors")),
    ("Kestrel Bank said consumer prices rose 3.1%, while the core rate, which excludes food and energy prices, "
     "increased 2.9% in March.", None),
])
def test_a_coordinated_clause_without_a_subject_of_its_own_changes_nothing(extractor, text, expected):
    claims = extractor.extract(text, "2025-03-07").claims
    assert not any("subject.own_conjunct" in c.rules for c in claims)
    if expected:
        assert (claims[-1].value, claims[-1].subject) == expected


def test_a_possessive_disease_name_is_no_named_part(extractor):
    text = "Renwick Biotech said its experimental Parkinson's drug slowed decline by 27% in a trial."
    assert not any("subject.named_part" in c.rules for c in extractor.extract(text, "2025-03-07").claims)


@pytest.mark.parametrize("text", [
    "Orrel Motors and Quillmark fell 2% and 3%, respectively, after the tariff news.",
    "Tanfield Foods misses profit estimates; shares slide 7% in early trade",
    "Sales in its fashion and leather goods division fell 5% in the quarter, Maison Orrel said.",
])
def test_lists_descriptions_and_noun_coordination_are_no_clause_of_their_own(extractor, text):
    assert not any("subject.own_conjunct" in c.rules for c in extractor.extract(text, "2025-03-07").claims)


def test_a_poll_share_is_about_the_people_polled(subjects):
    text = ("Although the dollar index is down 2% from its high, 78% of strategists polled by Reuters said it "
            "could rise.")
    assert subjects(text) == [(2, "the dollar index"), (78, "strategists")]


def test_a_share_that_does_not_open_its_clause_is_no_poll_share(extractor):
    text = "Orrel Motors said it now owns 40% of analysts' favourite battery maker, Kestrel Cells."
    assert not any("subject.poll_share" in c.rules for c in extractor.extract(text, "2025-03-07").claims)


def test_its_after_an_unlinked_company_subject_is_that_company(subjects):
    text = "Harrowgate REIT said the value of its portfolio fell 2.1% in the half."
    assert subjects(text) == [(2.1, "Harrowgate REIT")]
