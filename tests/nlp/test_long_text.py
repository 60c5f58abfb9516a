"""Long texts are extracted in pieces: cuts at paragraph / sentence boundaries, batches bounded in
characters, and every offset (mentions, claims, quotes) still points into the whole text (issue 15)."""

from __future__ import annotations

import pytest

import news_sentiment.nlp.extract as ex
from news_sentiment.nlp.extract import _budget_batches, chunk_spans

# Each paragraph names its company in full and makes one claim inside one quote, so it can be extracted
# on its own: the whole text's results must be the union of the paragraphs' results, shifted.
COMPANIES = ["Tencent", "Alibaba", "Nvidia", "Apple", "Microsoft", "Baidu", "Xiaomi", "Meituan"]


def paragraph(i: int) -> str:
    co = COMPANIES[i % len(COMPANIES)]
    return (f"{co} shares rose {i + 2}% on Friday after results. “We expect margins to keep improving "
            f"this year,” said Jane Roe, chief strategist at Nomura.")


def long_text(n: int = 10) -> tuple[str, list[int]]:
    paras = [paragraph(i) for i in range(n)]
    offsets, pos = [], 0
    for p in paras:
        offsets.append(pos)
        pos += len(p) + 2
    return "\n\n".join(paras), offsets


def test_chunk_spans_cover_the_text_and_cut_at_the_best_boundary():
    paras = ["a" * 40, "b" * 40, "c" * 40]
    text = "\n\n".join(paras)
    spans = chunk_spans(text, 100)
    assert "".join(text[s:e] for s, e in spans) == text
    assert spans == [(0, 84), (84, 124)]  # after the second blank line, not mid-paragraph
    sentences = "One sentence here. " * 10  # no line breaks: cut after a sentence end
    spans = chunk_spans(sentences, 50)
    assert all(sentences[s:e].endswith(". ") for s, e in spans[:-1])
    assert all(e - s <= 50 for s, e in spans)
    words = "word " * 30  # no sentence end: cut after a space
    assert all(words[s:e].endswith(" ") for s, e in chunk_spans(words, 32)[:-1])
    blob = "x" * 95  # nothing to cut at: hard cuts of exactly the limit
    assert chunk_spans(blob, 40) == [(0, 40), (40, 80), (80, 95)]
    assert chunk_spans("short", 40) == [(0, 5)]
    assert chunk_spans("", 40) == []
    with pytest.raises(ValueError):
        chunk_spans(text, 1)


def test_budget_batches_bound_characters_and_count():
    items = [("x" * n, i) for i, n in enumerate([30, 30, 30, 100, 10, 10, 10, 10])]
    batches = [[ctx for _, ctx in b] for b in _budget_batches(items, 3, 70)]
    assert batches == [[0, 1], [2], [3], [4, 5, 6], [7]]


def test_small_chunks_keep_offsets_across_boundaries(extractor, monkeypatch):
    text, offsets = long_text(10)
    expected_mentions, expected_claims, expected_quotes = set(), set(), set()
    for i, off in enumerate(offsets):
        part = extractor.extract(paragraph(i), "2025-03-07")
        expected_mentions |= {(m.name, m.start + off, m.end + off) for m in part.mentions}
        expected_claims |= {(c.value, c.subject, c.speaker, c.start + off, c.end + off) for c in part.claims}
        expected_quotes |= {(q.speaker, q.start + off, q.end + off) for q in part.quotes}
    assert len(expected_claims) >= 10 and len(expected_quotes) == 10

    monkeypatch.setattr(ex, "MAX_CHARS", 300)  # a paragraph is ~150 characters: 1-2 per piece
    monkeypatch.setattr(ex, "BATCH_CHARS", 400)
    assert len(chunk_spans(text, 300)) >= 5
    for res in (extractor.extract(text, "2025-03-07"), next(extractor.extract_many([(text, "2025-03-07")]))):
        assert {(m.name, m.start, m.end) for m in res.mentions} == expected_mentions
        assert {(c.value, c.subject, c.speaker, c.start, c.end) for c in res.claims} == expected_claims
        assert {(q.speaker, q.start, q.end) for q in res.quotes} == expected_quotes
        for m in res.mentions:
            assert text[m.start:m.end] == m.text
        for q in res.quotes:
            assert text[q.start:q.end] == q.text
        for c in res.claims:
            assert text[c.start:c.end].rstrip("%") == f"{c.value:g}"


def test_chunk_limit_never_exceeds_the_model_max_length(extractor, monkeypatch):
    monkeypatch.setattr(ex, "MAX_CHARS", 10_000)
    monkeypatch.setattr(extractor.nlp, "max_length", 500)
    assert extractor.chunk_limit() == 500
    text, _ = long_text(12)  # ~1,800 characters: over the model's limit, extracted in pieces
    res = extractor.extract(text, "2025-03-07")
    assert len(res.quotes) == 12


def test_stored_offsets_of_a_long_article_point_into_its_fields(extractor, monkeypatch, db):
    from news_sentiment.pipeline.extract import run_extraction

    monkeypatch.setattr(ex, "MAX_CHARS", 300)
    monkeypatch.setattr(ex, "BATCH_CHARS", 400)
    body, _ = long_text(8)
    title = "Tencent shares jump 5% as Alibaba gains"
    db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
               "VALUES (1, 'https://ex.test/1', ?, '2025-03-07T00:00:00+00:00', 'now', ?, 'import', 'h1')",
               [title, body])
    run_extraction(db, extractor)
    fields = {"title": title, "text": body}
    rows = db.execute('SELECT field, text, start, "end" FROM mentions').fetchall()
    assert {f for f, *_ in rows} == {"title", "text"} and len(rows) > 16
    for fld, surface, start, end in rows:
        assert fields[fld][start:end] == surface
    quotes = db.execute('SELECT field, text, start, "end" FROM quotes').fetchall()
    assert len(quotes) == 8 and all(fields[f][s:e] == t for f, t, s, e in quotes)
    claims = db.execute('SELECT field, value, start, "end" FROM claims').fetchall()
    assert len(claims) >= 9 and all(fields[f][s:e].rstrip("%") == f"{v:g}" for f, v, s, e in claims)
