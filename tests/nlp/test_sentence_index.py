"""The sentence index hooked onto parsed docs (``pipeline.sentence_index``) answers ``doc.sents`` and ``Span.sent``
as spaCy itself does, and ``pipeline.doc_text`` is the doc's text; a doc with the hooks still pickles."""

from __future__ import annotations

import pickle

import spacy

from news_sentiment.nlp.pipeline import doc_text, sentence_index

TEXT = ("Orwell Foods shares rose 3% on Monday.\n\nThe grocer, which also runs cafes, said sales grew 4%. "
        "Analysts at Kestrel Bank expect more; they see margins at 6% by 2027. Brindle fell 1%.")


def _spacy_sentences(doc):
    hooks, span_hooks = dict(doc.user_hooks), dict(doc.user_span_hooks)
    doc.user_hooks.clear()
    doc.user_span_hooks.clear()
    try:
        return [(s.start, s.end) for s in doc.sents], [(t.sent.start, t.sent.end) for t in doc]
    finally:
        doc.user_hooks.update(hooks)
        doc.user_span_hooks.update(span_hooks)


def test_the_index_gives_spacys_sentences(extractor):
    doc = extractor.nlp(TEXT)
    assert "sents" in doc.user_hooks and "sent" in doc.user_span_hooks
    sents, of_tokens = _spacy_sentences(doc)
    assert len(sents) >= 4
    assert [(s.start, s.end) for s in doc.sents] == sents
    assert [(t.sent.start, t.sent.end) for t in doc] == of_tokens
    assert [(doc[i:i + 3].sent.start, doc[i:i + 3].sent.end) for i in range(len(doc) - 3)] == of_tokens[:len(doc) - 3]


def test_the_index_leaves_an_unparsed_doc_alone():
    doc = sentence_index(spacy.blank("en")("Sales rose 5%. Profit fell."))
    assert not doc.user_hooks and not doc.user_span_hooks


def test_a_doc_with_the_index_pickles(extractor):
    doc = extractor.nlp(TEXT)
    again = pickle.loads(pickle.dumps(doc))
    assert [s.text for s in again.sents] == [s.text for s in doc.sents]


def test_doc_text_is_the_text():
    doc = spacy.blank("en")("Orwell Foods  rose 3%\n on Monday.")
    assert doc_text(doc) == doc.text == "Orwell Foods  rose 3%\n on Monday."
    assert doc_text(doc) is doc_text(doc)
