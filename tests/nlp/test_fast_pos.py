"""FastPOS (the attribute_ruler replacement) sets the same POS and TAG as the model's attribute_ruler."""

from __future__ import annotations

import pytest

from news_sentiment.nlp import pipeline as P

TEXTS = [
    "There is a 5% chance the Fed cuts rates, but analysts doubt it.",
    "Kestrel Motors did not say whether it had sold the unit; it does have cash.",
    "“We have done what we said,” the chief executive told reporters in Hong Kong.",
    "Shares of the carmaker, which has   doubled this year, were halted.\n\nThat was that.",
    "Those that rose most were the ones investors had shunned, and all of them gained.",
]


def test_fast_pos_matches_attribute_ruler():
    spacy = pytest.importorskip("spacy")
    try:
        ref = P.load_model()
        fast = spacy.load(ref.meta["lang"] + "_" + ref.meta["name"], disable=list(P.DISABLED))
    except Exception as exc:  # pragma: no cover - model not installed
        pytest.skip(f"spaCy model unavailable: {exc}")
    P._fast_pos(fast)
    assert isinstance(fast.get_pipe("attribute_ruler"), P.FastPOS)
    for a, b in zip(ref.pipe(TEXTS), fast.pipe(TEXTS)):
        assert [(t.pos_, t.tag_) for t in a] == [(t.pos_, t.tag_) for t in b]


def test_paragraph_breaks_on_a_blank_pipeline():
    """A line break starts a sentence; a hard wrap that goes on in lower case does not."""
    import spacy

    nlp = spacy.blank("en")
    doc = P.paragraph_breaks(nlp("Fed Holds Rates\n\nThe Federal Reserve said\nrates stay.\nShares rose."))
    starts = [t.text for t in doc[1:] if t.is_sent_start]
    assert starts == ["The", "Shares"]  # 'rates' continues a wrapped line


def test_pipeline_keeps_paragraph_sentences_apart(extractor):
    doc = extractor.nlp("Beijing Sets Growth Target Of Around 5%\n\nChina will aim for growth of about 5% this year.")
    assert [s.text.strip() for s in doc.sents] == ["Beijing Sets Growth Target Of Around 5%",
                                                  "China will aim for growth of about 5% this year."]
