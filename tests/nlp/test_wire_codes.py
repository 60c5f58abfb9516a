"""Wire instrument codes ('Orrel Motors <ORL.N>', 'the Arden 40 <.ARD>') do not end sentences (issues 17 and 11):
the ``wire_codes`` component marks them before the parser. Sentences written for these tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def sents(extractor):
    def run(text: str) -> list[str]:
        return [s.text for s in extractor.nlp(text).sents]

    return run


@pytest.mark.parametrize("text", [
    "The Arden 40 <.ARD> fell 31.2 points, or 0.4%, to 7,802.5, the Kestrel 100 <.KST> lost 12.5 points, or 0.3%, "
    "to 4,120.8 and the Orrel Composite <.ORC> dropped 20.1 points.",
    "The Halden chip gauge <.HCG> slid 2%, consumer staples <.HSTP> rose, and Norland crude futures <NLCc1> gained 1%.",
    "Shares of Quillmark Foods <QLMF.L>, Orrel Brands <ORB.N> and Kestrel Dairy <KSD.O> fell after the report.",
])
def test_a_wire_code_does_not_end_a_sentence(sents, text):
    assert sents(text) == [text]


def test_a_full_stop_after_a_code_still_ends_the_sentence(sents):
    first, second = "Orrel Brands rose 4% <ORB.N>.", "The Arden 40 <.ARD> was flat."
    assert sents(f"{first} {second}") == [first, second]


def test_a_line_break_after_a_code_still_starts_a_sentence(sents):
    assert sents("Orrel Brands <ORB.N>\nKestrel Dairy <KSD.O> fell 3%.")[-1] == "Kestrel Dairy <KSD.O> fell 3%."


def test_text_without_codes_is_untouched(extractor):
    from news_sentiment.nlp.pipeline import wire_codes

    doc = extractor.nlp.make_doc("Sales rose 3% <br> in May, while costs < 2% of revenue.")
    wire_codes(doc)  # '<br>' is code-shaped; a lone '<' is not
    assert [t.text for t in doc if t.is_sent_start is False] == ["<", "br", ">", "in"]


def test_each_index_keeps_its_own_figures(subjects):
    text = ("The Kestrel 100 <.KST> added 0.6%, the Arden 40 <.ARD> eased 0.2% and the Halden Composite <.HCP> "
            "gained 1.1%.")
    assert subjects(text) == [(0.6, "Kestrel 100"), (0.2, "Arden 40"), (1.1, "Halden Composite")]
