"""Subject round 14 (causes studied on the train split), on sentences we wrote: the rules alone and with the
shipped subject ranker must both get these right."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,expected", [
    ("Japan's Nikkei share average climbed 0.7% on Thursday.", [(0.7, "Nikkei")]),
    ("Brazil's Bovespa index fell 1.9% on Monday.", [(1.9, "Bovespa")]),
    ("The Johannesburg Stock Exchange's All-Share index rose 0.6% to 81,200 points.",
     [(0.6, "All-Share index"), (81200, "All-Share index")]),
])
def test_a_place_or_exchange_owning_a_named_index_is_not_its_subject(subjects, text, expected):
    assert subjects(text) == expected


def test_a_place_owning_an_unnamed_thing_keeps_the_place(subjects):
    # no name of its own: where the figure is remains the only name ('Norland's economy')
    assert subjects("Norland's economy grew 2.1% in the third quarter.") == [(2.1, "Norland")]
