"""Synthetic news corpora and return series with planted structure (no network, seeded)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd

WORDS = (
    "market stocks investors shares index trading session analysts company bank fund report quarter sector "
    "price demand supply outlook growth risk rally decline gains losses volume dealers exchange listing "
    "futures options bonds credit equity portfolio strategy manager client retail consumer industrial "
    "energy utilities property insurer lender broker regulator filing board chairman executive revenue "
    "margin dividend buyback payout spending budget forecast survey data release meeting statement "
    "official ministry agency province city region europe asia america japan korea india brazil mexico "
    "canada australia germany france britain italy spain airline shipping railway retailer grocer "
    "pharmaceutical hospital school university software hardware telecom cable media studio game "
    "football weather harvest coffee sugar cotton wheat cattle timber steel cement glass paper plastic "
    "fashion luxury hotel casino tourism travel cruise festival concert museum gallery library theatre"
).split()

def _story():
    """The planted engine-groundings storyline (tests/analysis/planted.py): no configured narrative claims it."""
    from tests.analysis.planted import COMPANIES, STORIES

    return next(st for st in STORIES if st.name == "engine groundings"), COMPANIES


TARIFF = ("Washington announced new tariffs on imported goods, raising fears of a trade war.",
          "Trading partners vowed to retaliate against the import duties.")
TARIFF_TITLE = "New US tariffs stoke trade war fears"

START = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)  # Monday of 2025-W02


def filler(rng: np.random.Generator) -> str:
    """An unrelated news sentence (a word salad would look alike to a sentence encoder and form a 'story')."""
    from tests.analysis.planted import NOISE

    return str(rng.choice(NOISE))


def corpus(weeks: int = 10, per_week: int = 60, story: dict[int, float] | None = None,
           tariff: dict[int, float] | None = None, seed: int = 0) -> pd.DataFrame:
    """Articles over ``weeks`` ISO weeks from 2025-W02. ``story``/``tariff``: week offset -> share of that
    week's articles telling the planted engine-groundings storyline / a tariff story (its title and two sentences)."""
    rng = np.random.default_rng(seed)
    rows, aid = [], 0
    for w in range(weeks):
        for i in range(per_week):
            aid += 1
            sents = [filler(rng) for _ in range(5)]
            title = filler(rng).rstrip(".")
            told = rng.random() < (story or {}).get(w, 0.0)
            if told:
                st, companies = _story()
                fill = lambda t: t.format(co=rng.choice(companies), n=int(rng.integers(3, 40)))  # noqa: E731
                sents[:3] = [fill(st.sentences[p]) for p in rng.choice(len(st.sentences), 3, replace=False)]
                title = fill(str(rng.choice(st.headlines)))
            if not told and rng.random() < (tariff or {}).get(w, 0.0):
                sents[3:5] = TARIFF
                title = TARIFF_TITLE
            published = START + timedelta(days=7 * w + float(rng.uniform(0, 6.5)))
            rows.append({"article_id": aid, "title": title, "text": " ".join(sents),
                         "published": published.isoformat()})
    return pd.DataFrame(rows)


def iso(w: int) -> str:
    """ISO week string of week offset w from 2025-W02 (crosses years correctly)."""
    d = (START + timedelta(days=7 * w)).isocalendar()
    return f"{d.year}-W{d.week:02d}"


def entity_news(sessions: int = 500, per_day: int = 3, lag: int = 2, beta: float = 0.01, seed: int = 0,
                entity: str = "Acme", start: str = "2023-01-02") -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """One entity's article rows (``analysis.signals.ROW_COLUMNS``) on business days, its closes and a benchmark's.

    The entity's daily sentiment x[t] ~ N(0, 1) is independent day to day; each article's positive minus negative
    probability is tanh(x[t] + noise). News of day t counts on session t + 1 (``analysis.signals.sessions_of``),
    so an IC at ``lag`` is planted as the return on session t + 1 + ``lag`` = ``beta`` * x[t] plus market and
    idiosyncratic noise (both 1 % a day); ``beta`` 0 plants nothing."""
    rng = np.random.default_rng(seed)
    days = pd.bdate_range(start, periods=sessions)
    x = rng.normal(size=sessions)
    market = 0.01 * rng.normal(size=sessions)
    r = 0.0002 + 0.8 * market + 0.01 * rng.normal(size=sessions)
    r[lag + 1:] += beta * x[: sessions - lag - 1]
    n = sessions * per_day
    day_of = np.repeat(np.arange(sessions), per_day)
    s = np.tanh(0.4 * (x[day_of] + 0.3 * rng.normal(size=n)))
    pos, neg = 0.9 * (1 + s) / 2, 0.9 * (1 - s) / 2
    rows = pd.DataFrame({
        "article_id": np.arange(1, n + 1),
        "published": days[day_of].tz_localize("UTC") + pd.Timedelta(hours=10),
        "entity": entity, "source": rng.choice(["wire", "daily", "blog"], n),
        "mentions": rng.integers(1, 4, n), "title_mentions": rng.integers(0, 2, n),
        "article_mentions": rng.integers(4, 8, n), "negative": neg, "neutral": 0.1, "positive": pos,
        "novelty": rng.random(n)})
    closes = pd.Series(100 * np.cumprod(1 + r), index=days)
    bench = pd.Series(1000 * np.cumprod(1 + market), index=days)
    return rows, closes, bench


def write_entity_news(db, rows: pd.DataFrame, closes: dict[str, pd.Series], *, entity_id: int = 1,
                      kind: str = "company", ticker: str | None = None, kb_id: str | None = None,
                      model: str = "m1") -> None:
    """Store ``entity_news`` rows: articles, the entity's mentions (``title_mentions`` of them in the title) and
    ``article_mentions - mentions`` of another entity, its sentiment, novelty, and closes by ticker."""
    name = str(rows["entity"].iloc[0])
    other = entity_id + 1000
    db.execute("INSERT OR IGNORE INTO entities (id, name, kind, ticker, kb_id) VALUES (?, ?, ?, ?, ?)",
               [entity_id, name, kind, ticker, kb_id])
    db.execute("INSERT OR IGNORE INTO entities (id, name, kind) VALUES (?, 'Elsewhere', 'place')", [other])
    when = rows["published"].dt.strftime("%Y-%m-%dT%H:%M:%S+00:00").tolist()
    ids = rows["article_id"].tolist()
    db.conn.executemany("INSERT OR IGNORE INTO articles (id, url, title, published, fetched_at, source, text_method, "
                        "content_hash) VALUES (?, ?, 'News', ?, ?, ?, 'import', ?)",
                        [(a, f"https://ex.com/{a}", w, w, s, f"h{a}") for a, w, s in zip(ids, when, rows["source"])])
    mentions = []
    for a, m, t, total in zip(ids, rows["mentions"], rows["title_mentions"], rows["article_mentions"]):
        mentions += [(a, entity_id, "title" if i < t else "text") for i in range(m)]
        mentions += [(a, other, "text")] * int(total - m)
    db.conn.executemany('INSERT INTO mentions (article_id, entity_id, field, text, start, "end", link, '
                        "extractor_version) VALUES (?, ?, ?, 'x', 0, 1, 'kb', 'v')", mentions)
    scored = rows.dropna(subset=["positive"])
    db.conn.executemany("INSERT INTO entity_sentiment (article_id, entity, model, label, negative, neutral, positive, "
                        "sentences, scored_at) VALUES (?, ?, ?, 'neutral', ?, ?, ?, 1, '2026-01-01')",
                        [(a, name, model, n, u, p) for a, n, u, p in
                         zip(scored["article_id"], scored["negative"], scored["neutral"], scored["positive"])])
    novel = rows.dropna(subset=["novelty"])
    db.conn.executemany("INSERT OR IGNORE INTO article_novelty (article_id, novelty, window_days) VALUES (?, ?, 28)",
                        list(zip(novel["article_id"], novel["novelty"])))
    for tick, series in closes.items():
        db.conn.executemany("INSERT OR REPLACE INTO prices (ticker, date, close) VALUES (?, ?, ?)",
                            [(tick, d.strftime("%Y-%m-%d"), float(c)) for d, c in series.items()])
    db.conn.commit()
