"""update_narratives reads the store a page at a time and writes exactly what one pass over every
article, read whole, gives (issue 15); the fingerprint does not hide database errors."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pandas as pd
import pytest

from news_sentiment.analysis.narratives import run_narratives, sentence_frame
from news_sentiment.narrative_config import load_narratives
from news_sentiment.pipeline.narratives import update_narratives
from news_sentiment.store import narratives as narrative_store
from news_sentiment.textutil import sentences
from tests.analysis.synth import corpus

TARIFF = {5: 0.5, **{w: 0.05 for w in range(5)}}


@pytest.fixture
def store(db):
    arts = corpus(weeks=8, per_week=30, story={w: 0.3 for w in range(3, 8)}, tariff=TARIFF, seed=7)
    arts.loc[arts.index[50:60], "published"] = arts["published"].iloc[50]  # ties across page boundaries
    for r in arts.itertuples():
        db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
                   "VALUES (?, ?, ?, ?, ?, ?, 'import', ?)",
                   [r.article_id, f"https://ex.com/{r.article_id}", r.title, r.published, r.published, r.text,
                    f"h{r.article_id}"])
    db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash, "
               "duplicate_of) VALUES (9999, 'https://ex.com/d', 'Tariffs', '2025-01-07T00:00:00Z', 'x', "
               "'tariffs tariffs', 'import', 'd', 1)")
    db.execute("INSERT INTO entities (id, name, kind, ticker, kb_id) VALUES (1, 'Alibaba', 'company', '9988.HK', "
               "'alibaba'), (2, 'BATX', 'basket', NULL, 'batx'), (3, 'Acme Widgets', 'organization', NULL, NULL)")
    rng = np.random.default_rng(3)
    for aid in arts["article_id"]:
        for eid in rng.choice([1, 2, 3], int(rng.integers(0, 3)), replace=False):
            db.execute("INSERT INTO mentions (article_id, entity_id, field, text, start, \"end\", link, "
                       "extractor_version) VALUES (?, ?, 'text', 'x', 0, 1, 'kb', 'v')", [int(aid), int(eid)])
            db.execute("INSERT INTO mentions (article_id, entity_id, field, text, start, \"end\", link, "
                       "extractor_version) VALUES (?, ?, 'text', 'x', 2, 3, 'kb', 'v')", [int(aid), int(eid)])
        neg = float(rng.uniform(0, 0.5))
        db.execute("INSERT INTO article_sentiment (article_id, model, label, negative, neutral, positive, sentences, "
                   "scored_at) VALUES (?, 'm', 'neutral', ?, 0.2, ?, 3, 'now')", [int(aid), neg, 0.8 - neg])
    return db


def whole_store_inputs(db) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The inputs read in one go, as before paging: every article with its text, and mentions by name
    with baskets attached one row at a time."""
    def frame(sql: str) -> pd.DataFrame:
        cur = db.execute(sql)
        return pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])

    arts = frame("SELECT id AS article_id, title, text, published FROM articles WHERE duplicate_of IS NULL "
                 "ORDER BY published, id")
    senti = frame("SELECT article_id, positive - negative AS sentiment FROM article_sentiment WHERE model = 'm'")
    ments = frame("SELECT DISTINCT m.article_id, e.name AS entity, e.kind, e.kb_id FROM mentions m "
                  "JOIN entities e ON e.id = m.entity_id")
    from news_sentiment.nlp.kb import load_kb

    kb = load_kb()
    member_of: dict[str, list[str]] = {}
    for b in kb.of_kind("basket"):
        for m in b.members:
            if (ent := kb.lookup(m)) is not None:
                member_of.setdefault(ent.id, []).append(b.name)
    rows = []
    for rec in ments.itertuples(index=False):
        names = [rec.entity] if rec.kind == "basket" else member_of.get(rec.kb_id or "", [None])
        rows.extend((rec.article_id, rec.entity, name) for name in names)
    return arts, senti, pd.DataFrame(rows, columns=["article_id", "entity", "basket"])


def test_paged_update_writes_what_a_whole_store_pass_gives(store, monkeypatch):
    arts, senti, ments = whole_store_inputs(store)
    assert ments["basket"].notna().sum() > 50  # baskets really are attached
    ref = run_narratives(arts, load_narratives(), sentiment=senti, mentions=ments)

    monkeypatch.setattr(narrative_store, "PAGE", 7)
    pages = []
    real = store.execute

    def spy(sql, params=()):
        if "FROM articles WHERE duplicate_of IS NULL AND (published, id)" in sql:
            pages.append(params[-1])
        return real(sql, params)

    monkeypatch.setattr(store, "execute", spy)
    upd = update_narratives(store, force=True)
    monkeypatch.undo()
    assert upd.articles == len(arts) == 240 and len(pages) == 240 // 7 + 2 and set(pages) == {7}

    weeks = pd.read_sql_query("SELECT * FROM narrative_weeks ORDER BY week, narrative_id", store.conn)
    want = ref.stats.sort_values(["week", "narrative_id"]).reset_index(drop=True)
    assert weeks["narrative_id"].tolist() == want["narrative_id"].tolist()
    assert weeks["week"].tolist() == want["week"].tolist()
    for col in ("articles", "sentences", "sentiment_n", "shift_history"):
        assert weeks[col].tolist() == want[col].astype(int).tolist(), col
    for col in ("article_share", "sentence_share", "sentiment", "shift"):
        assert np.allclose(weeks[col].astype(float), want[col].astype(float), equal_nan=True, rtol=0, atol=0), col
    for col in ("entities", "baskets"):
        assert weeks[col].map(json.loads).tolist() == want[col].map(list).tolist(), col
    assert any(weeks["baskets"].map(json.loads).map(len))

    hits = pd.read_sql_query("SELECT article_id, narrative_id, sentences, score FROM article_narratives "
                             "ORDER BY article_id, narrative_id", store.conn)
    want_hits = ref.hits.sort_values(["article_id", "narrative_id"]).reset_index(drop=True)
    assert hits[["article_id", "narrative_id", "sentences"]].values.tolist() == \
        want_hits[["article_id", "narrative_id", "sentences"]].astype(object).values.tolist()
    assert hits["score"].tolist() == want_hits["score"].astype(float).tolist()

    nov = pd.read_sql_query("SELECT article_id, novelty, nearest_id FROM article_novelty ORDER BY article_id",
                            store.conn)
    want_nov = ref.novelty.sort_values("article_id").reset_index(drop=True)
    assert nov["novelty"].tolist() == want_nov["novelty"].astype(float).tolist()
    assert nov["nearest_id"].fillna(-1).astype(int).tolist() == want_nov["nearest_id"].fillna(-1).astype(int).tolist()
    disc = [r[0] for r in store.execute("SELECT id FROM narratives WHERE source = 'discovered' ORDER BY id")]
    assert disc == sorted(d.id for d in ref.registry) and disc


def test_sentence_rows_match_a_plain_loop(store):
    arts, _, _ = whole_store_inputs(store)
    frame = sentence_frame(arts)
    expected = []
    for aid, title, text in zip(arts["article_id"], arts["title"], arts["text"]):
        parts = [p.strip() for p in [title, *sentences(text)]]
        expected += [(aid, n, p) for n, p in enumerate(p for p in parts if len(p) >= 3)]
    assert list(zip(frame["article_id"], frame["sentence_no"], frame["text"])) == expected


def test_fingerprint_does_not_hide_a_database_error(store, monkeypatch):
    """A failing fingerprint query (here: a locked store) stops the run instead of fingerprinting '-',
    which could match a stale stored fingerprint and reuse old results."""
    real = store.execute

    def locked(sql, params=()):
        if sql.startswith("SELECT count(*), coalesce(sum(positive), 0) FROM article_sentiment"):
            raise sqlite3.OperationalError("database is locked")
        return real(sql, params)

    monkeypatch.setattr(store, "execute", locked)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        update_narratives(store)
    monkeypatch.undo()
    assert store.execute("SELECT count(*) FROM narrative_state").fetchone()[0] == 0


def test_fingerprint_of_a_store_without_optional_tables(store):
    store.execute("DROP TABLE entity_sentiment")
    store.execute("DROP TABLE article_sentiment")
    upd = update_narratives(store)
    assert not upd.skipped and upd.articles == 240
    assert update_narratives(store).skipped
