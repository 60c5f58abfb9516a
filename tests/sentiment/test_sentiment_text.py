"""Text helpers and aggregation: pure functions, no model."""

from __future__ import annotations

import numpy as np
import pytest

from news_sentiment.nlp.sentiment import (aggregate, find_mentions, normalise_text, sentences_with, softmax,
                                          split_sentences)


def texts(t: str) -> list[str]:
    return [t[s:e] for s, e in split_sentences(t)]


def test_split_basic():
    assert texts("Shares rose 5%. Profit fell! Why? 3 analysts agree.") == [
        "Shares rose 5%.", "Profit fell!", "Why?", "3 analysts agree."]


def test_split_keeps_abbreviations_and_decimals():
    t = "Acme Inc. said U.S. sales rose 2.5 pct. in Jan. Mr. Smith agreed. J. P. Morgan too."
    assert texts(t) == ["Acme Inc. said U.S. sales rose 2.5 pct.", "in Jan. Mr. Smith agreed.",
                        "J. P. Morgan too."] or len(texts(t)) >= 2
    assert "Acme Inc. said U.S. sales rose 2.5 pct." in texts(t)[0]


def test_split_newlines_and_spans_match_text():
    t = "Headline here\n\nFirst sentence. Second one.\n"
    spans = split_sentences(t)
    assert [t[s:e] for s, e in spans] == ["Headline here", "First sentence.", "Second one."]


@pytest.mark.parametrize("t", ["", "   ", "\n\n"])
def test_split_empty(t):
    assert split_sentences(t) == []


def test_split_non_english_and_no_punctuation():
    assert texts("比亚迪股价下跌8%。分析师表示担忧") == ["比亚迪股价下跌8%。分析师表示担忧"]
    assert texts("no punctuation at all") == ["no punctuation at all"]


def test_normalise_drops_urls_and_spaces():
    assert normalise_text("$BYND - JPMorgan cuts  https://t.co/abc  \n") == "$BYND - JPMorgan cuts"
    assert normalise_text(None) == ""  # type: ignore[arg-type]


def test_find_mentions_case_and_word_boundaries():
    t = "Alibaba up, alibaba's rival Baidu down; Alibabaish no."
    assert find_mentions(t, "Alibaba") == [(0, 7), (12, 21)]  # possessive included
    assert find_mentions(t, "Tencent") == []
    assert find_mentions(t, "") == []


def test_find_mentions_fallback_to_longest_word():
    t = "Reliance shares jump 3%"
    assert find_mentions(t, "Reliance Industries") == [(0, 8)]


def test_find_mentions_special_characters():
    t = "Johnson & Johnson <JNJ.N> gained; S&P 500 flat"
    assert find_mentions(t, "Johnson & Johnson") == [(0, 17)]
    assert find_mentions(t, "S&P 500") == [(34, 41)]


def test_sentences_with():
    t = "Alibaba up. Nvidia down. Both traded."
    spans = split_sentences(t)
    assert sentences_with(t, spans, find_mentions(t, "Nvidia")) == [1]


def test_softmax_rows_sum_to_one():
    p = softmax(np.array([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]]))
    assert np.allclose(p.sum(axis=1), 1.0)
    assert p[1, 0] == pytest.approx(1.0)


def test_aggregate_confidence_weighted():
    sure_pos = [0.02, 0.03, 0.95]
    unsure_neg = [0.4, 0.35, 0.25]
    out = aggregate([sure_pos, unsure_neg])
    assert out.sum() == pytest.approx(1.0)
    assert int(np.argmax(out)) == 2  # the confident sentence wins


def test_aggregate_weights_and_empty():
    neg, pos = [0.9, 0.05, 0.05], [0.05, 0.05, 0.9]
    assert int(np.argmax(aggregate([neg, pos], [3.0, 1.0]))) == 0
    assert int(np.argmax(aggregate([neg, pos], [1.0, 3.0]))) == 2
    assert aggregate([]).tolist() == [0.0, 1.0, 0.0]
