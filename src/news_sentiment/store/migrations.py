"""Numbered, append-only schema migrations. Never edit a released migration: add a new one.

Each migration is a function taking a sqlite_utils.Database, registered in order with
``@migration``. ``apply_migrations`` runs the ones not yet recorded in ``_migrations``,
each inside its own transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone

import sqlite_utils

from news_sentiment.errors import StoreError
from news_sentiment.store.backend import Dialect, dialect_of, pg_ddl, table_exists
from news_sentiment.store.tx import transaction

log = logging.getLogger(__name__)

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


def rebuilds_tables(fn: Migration) -> Migration:
    """Mark a migration that rebuilds a table others reference: it runs with foreign keys off (as SQLite's
    ALTER TABLE guide says), so dropping the old table neither cascades nor fails; the keys are checked
    before its transaction commits."""
    fn.rebuilds_tables = True  # type: ignore[attr-defined]
    return fn


@migration
def m001_feeds_articles(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            url TEXT NOT NULL UNIQUE,
            title TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            etag TEXT,
            last_modified TEXT,
            last_status INTEGER,
            last_error TEXT,
            last_fetched_at TEXT,
            last_ok_at TEXT,
            items_seen INTEGER NOT NULL DEFAULT 0,
            articles_new INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            error_count INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db.execute(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            original_url TEXT,
            guid TEXT,
            feed_id INTEGER REFERENCES feeds(id),
            source TEXT,
            title TEXT NOT NULL,
            author TEXT,
            published TEXT NOT NULL,
            published_estimated INTEGER NOT NULL DEFAULT 0,
            fetched_at TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            text_method TEXT NOT NULL,
            language TEXT,
            word_count INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL,
            minhash BLOB,
            duplicate_of INTEGER REFERENCES articles(id)
        )
        """
    )
    db.execute("CREATE INDEX idx_articles_guid ON articles(guid)")
    db.execute("CREATE INDEX idx_articles_content_hash ON articles(content_hash)")
    db.execute("CREATE INDEX idx_articles_published ON articles(published)")
    db.execute("CREATE INDEX idx_articles_duplicate_of ON articles(duplicate_of)")
    db.execute(
        """
        CREATE TABLE article_sources (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            guid TEXT,
            first_seen TEXT NOT NULL,
            PRIMARY KEY (article_id, feed_id)
        )
        """
    )
    if dialect_of(db) is Dialect.POSTGRESQL:
        db.executescript(_PG_ARTICLES_FTS)
        return
    # Full-text search over title and text, kept in sync by triggers (external content table).
    db.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id', tokenize='porter unicode61')"
    )
    db.execute(
        """CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END"""
    )
    db.execute(
        """CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        END"""
    )
    db.execute(
        """CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END"""
    )


# PostgreSQL: a stored, generated tsvector (title weighted above text) and its GIN index stand for FTS5. Its
# configuration stems English as FTS5's porter tokenizer does and, like it, keeps stop words ("or", "the").
_PG_ARTICLES_FTS = """
CREATE TEXT SEARCH DICTIONARY sentiment_stem (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION sentiment_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION sentiment_english ALTER MAPPING REPLACE english_stem WITH sentiment_stem;
ALTER TABLE articles ADD COLUMN fts tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('sentiment_english', title), 'A')
    || setweight(to_tsvector('sentiment_english', text), 'B')) STORED;
CREATE INDEX idx_articles_fts ON articles USING GIN (fts);
"""


# m002: extraction tables (entities, mentions, people, quotes, claims) go here.


@migration
def m002_extraction(db: sqlite_utils.Database) -> None:
    """Entities, mentions, people, quotes and numeric claims extracted from articles.

    Rows carry the extractor version (code + spaCy model + knowledge-base hash); ``extractions`` marks
    (article, content hash, version) as done so re-runs skip it and a new KB re-processes.
    Offsets (start, end) are character offsets into the article's ``field`` ('title' or 'text').
    """
    db.execute(
        """
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            ticker TEXT,
            kb_id TEXT,
            UNIQUE (name, kind)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            title TEXT,
            firm TEXT,
            first_seen TEXT,
            last_seen TEXT
        )
        """
    )
    db.execute(
        """
        CREATE TABLE extractions (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            content_hash TEXT NOT NULL,
            extractor_version TEXT NOT NULL,
            processed_at TEXT NOT NULL,
            mentions INTEGER NOT NULL DEFAULT 0,
            claims INTEGER NOT NULL DEFAULT 0,
            quotes INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (article_id, content_hash, extractor_version)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            field TEXT NOT NULL,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            link TEXT NOT NULL,
            extractor_version TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_mentions_article ON mentions(article_id)")
    db.execute("CREATE INDEX idx_mentions_entity ON mentions(entity_id)")
    db.execute(
        """
        CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            person_id INTEGER REFERENCES people(id),
            speaker TEXT,
            title TEXT,
            firm TEXT,
            text TEXT NOT NULL,
            field TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            extractor_version TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_quotes_article ON quotes(article_id)")
    db.execute("CREATE INDEX idx_quotes_person ON quotes(person_id)")
    db.execute(
        """
        CREATE TABLE article_people (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id),
            title TEXT,
            firm TEXT,
            extractor_version TEXT NOT NULL,
            PRIMARY KEY (article_id, person_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            value REAL NOT NULL,
            value_high REAL,
            unit TEXT NOT NULL,
            currency TEXT,
            comparator TEXT,
            direction TEXT,
            metric TEXT NOT NULL,
            subject TEXT,
            entity_id INTEGER REFERENCES entities(id),
            period_text TEXT,
            period_start TEXT,
            period_end TEXT,
            speaker TEXT,
            person_id INTEGER REFERENCES people(id),
            quote TEXT NOT NULL,
            field TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            published TEXT,
            extractor_version TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_claims_article ON claims(article_id)")
    db.execute("CREATE INDEX idx_claims_entity ON claims(entity_id)")
    db.execute("CREATE INDEX idx_claims_metric ON claims(metric)")
    db.execute("CREATE INDEX idx_claims_published ON claims(published)")

# m003: sentiment score tables go here.


@migration
def m003_sentiment(db: sqlite_utils.Database) -> None:
    """Article- and entity-level sentiment, one row per (article, model version)."""
    db.execute(
        """
        CREATE TABLE article_sentiment (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            label TEXT NOT NULL CHECK (label IN ('negative', 'neutral', 'positive')),
            negative REAL NOT NULL,
            neutral REAL NOT NULL,
            positive REAL NOT NULL,
            sentences INTEGER NOT NULL,
            scored_at TEXT NOT NULL,
            PRIMARY KEY (article_id, model)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE entity_sentiment (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity TEXT NOT NULL,
            model TEXT NOT NULL,
            label TEXT NOT NULL CHECK (label IN ('negative', 'neutral', 'positive')),
            negative REAL NOT NULL,
            neutral REAL NOT NULL,
            positive REAL NOT NULL,
            sentences INTEGER NOT NULL,
            target_absent INTEGER NOT NULL DEFAULT 0,
            scored_at TEXT NOT NULL,
            PRIMARY KEY (article_id, entity, model)
        )
        """
    )
    db.execute("CREATE INDEX idx_entity_sentiment_entity ON entity_sentiment(entity)")


# m004: prices and claim checks go here.


@migration
def m004_prices_checks(db: sqlite_utils.Database) -> None:
    """Daily closes (tickers normalised: upper case, no '^') and the latest check of each claim."""
    db.execute(
        """
        CREATE TABLE prices (
            ticker TEXT NOT NULL,
            date TEXT NOT NULL,
            close REAL NOT NULL,
            currency TEXT,
            source TEXT,
            PRIMARY KEY (ticker, date)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE claim_checks (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('confirmed', 'close', 'contradicted', 'unverifiable')),
            actual REAL,
            actual_unit TEXT,
            base_date TEXT,
            end_date TEXT,
            coverage TEXT,
            reason TEXT,
            checked_at TEXT NOT NULL
        )
        """
    )

# m005: narratives go here.


@migration
def m005_narratives(db: sqlite_utils.Database) -> None:
    """Narratives (configured and discovered), their weekly stats, per-article hits and novelty.

    Weeks are ISO weeks ('2025-W10'). Discovered narratives keep their id across runs (``terms`` is the
    term profile used to match later weeks' clusters). ``narrative_state`` holds the input fingerprint
    that lets an unchanged re-run skip the work.
    """
    db.execute(
        """
        CREATE TABLE narratives (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('config', 'discovered')),
            description TEXT NOT NULL DEFAULT '',
            phrases TEXT NOT NULL DEFAULT '[]',
            terms TEXT,
            first_seen TEXT,
            last_seen TEXT,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE narrative_weeks (
            narrative_id TEXT NOT NULL REFERENCES narratives(id) ON DELETE CASCADE,
            week TEXT NOT NULL,
            articles INTEGER NOT NULL,
            article_share REAL NOT NULL,
            sentences INTEGER NOT NULL,
            sentence_share REAL NOT NULL,
            sentiment REAL,
            sentiment_n INTEGER NOT NULL DEFAULT 0,
            entities TEXT NOT NULL DEFAULT '[]',
            baskets TEXT NOT NULL DEFAULT '[]',
            shift REAL,
            shift_history INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (narrative_id, week)
        )
        """
    )
    db.execute("CREATE INDEX idx_narrative_weeks_week ON narrative_weeks(week)")
    db.execute(
        """
        CREATE TABLE article_narratives (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            narrative_id TEXT NOT NULL REFERENCES narratives(id) ON DELETE CASCADE,
            sentences INTEGER NOT NULL,
            score REAL NOT NULL,
            PRIMARY KEY (article_id, narrative_id)
        )
        """
    )
    db.execute("CREATE INDEX idx_article_narratives_narrative ON article_narratives(narrative_id)")
    db.execute(
        """
        CREATE TABLE article_novelty (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            novelty REAL NOT NULL,
            nearest_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            window_days REAL NOT NULL
        )
        """
    )
    db.execute("CREATE TABLE narrative_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


_ARTICLE_TRIGGERS = (
    """CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
)


@migration
@rebuilds_tables
def m006_article_identity(db: sqlite_utils.Database) -> None:
    """A link is not an identity.

    ``articles.url`` loses its UNIQUE constraint: stories that share a link (a section front, a home page)
    are separate rows, told apart by guid and content. ``article_urls`` records the URLs of copies folded
    into a stored article, so their pages are not fetched again. Scores carry the content hash they were
    computed on, so an article whose text changed is scored again.
    """
    if dialect_of(db) is Dialect.POSTGRESQL:  # PostgreSQL drops a constraint in place
        db.execute("ALTER TABLE articles DROP CONSTRAINT articles_url_key")
        db.execute("CREATE INDEX idx_articles_url ON articles(url)")
    else:
        _rebuild_articles(db)
    _article_urls(db)


def _rebuild_articles(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE articles_new (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            original_url TEXT,
            guid TEXT,
            feed_id INTEGER REFERENCES feeds(id),
            source TEXT,
            title TEXT NOT NULL,
            author TEXT,
            published TEXT NOT NULL,
            published_estimated INTEGER NOT NULL DEFAULT 0,
            fetched_at TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            text_method TEXT NOT NULL,
            language TEXT,
            word_count INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL,
            minhash BLOB,
            duplicate_of INTEGER REFERENCES articles(id)
        )
        """
    )
    db.execute("INSERT INTO articles_new SELECT id, url, original_url, guid, feed_id, source, title, author, published, "
               "published_estimated, fetched_at, summary, text, text_method, language, word_count, content_hash, "
               "minhash, duplicate_of FROM articles")
    db.execute("DROP TABLE articles")
    db.execute("ALTER TABLE articles_new RENAME TO articles")
    for sql in ("CREATE INDEX idx_articles_url ON articles(url)",
                "CREATE INDEX idx_articles_guid ON articles(guid)",
                "CREATE INDEX idx_articles_content_hash ON articles(content_hash)",
                "CREATE INDEX idx_articles_published ON articles(published)",
                "CREATE INDEX idx_articles_duplicate_of ON articles(duplicate_of)",
                *_ARTICLE_TRIGGERS):
        db.execute(sql)


def _article_urls(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE article_urls (
            url TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
        )
        """
    )
    db.execute("CREATE INDEX idx_article_urls_article ON article_urls(article_id)")
    db.execute("CREATE INDEX idx_article_sources_guid ON article_sources(feed_id, guid)")
    for table in ("article_sentiment", "entity_sentiment"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN content_hash TEXT")
        db.execute(f"UPDATE {table} SET content_hash = (SELECT a.content_hash FROM articles a WHERE a.id = article_id)")


@migration
def m007_minhash_bands(db: sqlite_utils.Database) -> None:
    """Near-duplicate lookup in the database instead of an in-memory index that grew with the store:
    each original's MinHash signature is filed under its 16 LSH band keys (see articles.band_keys)."""
    from news_sentiment.articles import band_keys, signature_from_bytes

    db.execute(
        """
        CREATE TABLE minhash_bands (
            band INTEGER NOT NULL,
            key INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (band, key, article_id)
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX idx_minhash_bands_article ON minhash_bands(article_id)")
    rows = db.execute("SELECT id, minhash FROM articles WHERE minhash IS NOT NULL AND duplicate_of IS NULL")
    for art_id, blob in rows:
        db.conn.executemany("INSERT INTO minhash_bands (band, key, article_id) VALUES (?, ?, ?)",
                            [(band, key, art_id) for band, key in band_keys(signature_from_bytes(blob))])


@migration
def m008_page_failures(db: sqlite_utils.Database) -> None:
    """Article pages that could not be fetched for a passing reason (network, 5xx, robots.txt unreachable),
    to try again on a later run with backoff. ``next_try_at`` NULL: given up after the last attempt."""
    db.execute(
        """
        CREATE TABLE page_failures (
            url TEXT PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            guid TEXT,
            article_url TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            first_failed_at TEXT NOT NULL,
            last_failed_at TEXT NOT NULL,
            next_try_at TEXT,
            last_error TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_page_failures_due ON page_failures(feed_id, next_try_at)")



@migration
def m009_claim_modality(db: sqlite_utils.Database) -> None:
    """Each claim's modality (actual, forecast, target, guidance, estimate, expectation: nlp.modality)."""
    db.execute("ALTER TABLE claims ADD COLUMN modality TEXT NOT NULL DEFAULT 'actual' CHECK (modality IN "
               "('actual', 'forecast', 'target', 'guidance', 'estimate', 'expectation'))")
    db.execute("CREATE INDEX idx_claims_modality ON claims(modality)")


@migration
def m010_check_statuses(db: sqlite_utils.Database) -> None:
    """Checks know a claim's modality (analysis.checks.CheckStatus): a forecast, target, guidance or estimate is
    ``pending`` until its period has passed, then ``confirmed``, ``close`` or ``missed``; ``as_of`` is the day
    it was judged on. SQLite cannot change a CHECK constraint, so the table is rebuilt with its rows."""
    db.execute(
        """
        CREATE TABLE claim_checks_new (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('confirmed', 'close', 'contradicted', 'missed', 'pending',
                                                   'unverifiable')),
            actual REAL,
            actual_unit TEXT,
            base_date TEXT,
            end_date TEXT,
            coverage TEXT,
            reason TEXT,
            as_of TEXT,
            checked_at TEXT NOT NULL
        )
        """
    )
    db.execute("INSERT INTO claim_checks_new (claim_id, status, actual, actual_unit, base_date, end_date, coverage, "
               "reason, checked_at) SELECT claim_id, status, actual, actual_unit, base_date, end_date, coverage, "
               "reason, checked_at FROM claim_checks")
    db.execute("DROP TABLE claim_checks")
    db.execute("ALTER TABLE claim_checks_new RENAME TO claim_checks")
    db.execute("CREATE INDEX idx_claim_checks_status ON claim_checks(status)")


@migration
def m011_sentiment_evidence(db: sqlite_utils.Database) -> None:
    """Why an article scored as it did: the sentences that weighed most (nlp.sentiment.Evidence), and how many
    body sentences were past the scoring limit."""
    db.execute("ALTER TABLE article_sentiment ADD COLUMN sentences_dropped INTEGER NOT NULL DEFAULT 0")
    db.execute(
        """
        CREATE TABLE sentiment_evidence (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            rank INTEGER NOT NULL,
            part TEXT NOT NULL CHECK (part IN ('title', 'body')),
            start INTEGER,
            "end" INTEGER,
            text TEXT NOT NULL,
            label TEXT NOT NULL CHECK (label IN ('negative', 'neutral', 'positive')),
            negative REAL NOT NULL,
            neutral REAL NOT NULL,
            positive REAL NOT NULL,
            share REAL NOT NULL,
            PRIMARY KEY (article_id, model, rank)
        )
        """
    )


@migration
def m012_entity_confidence(db: sqlite_utils.Database) -> None:
    """Each mention's link confidence (nlp.entities.LINK_CONFIDENCE: 1.0 exact alias, 0.9 generated alias, below 0.8
    fuzzy, 0 unlinked); NULL for mentions stored before it existed."""
    db.execute("ALTER TABLE mentions ADD COLUMN confidence REAL CHECK (confidence IS NULL OR "
               "(confidence >= 0 AND confidence <= 1))")


@migration
def m013_entity_days(db: sqlite_utils.Database) -> None:
    """Per-entity, per-UTC-day aggregates of the signal rows (``store.entity_days``), so that `signals` and
    `link --entity` read ~one row per entity and day instead of one per article. Triggers mark the day of every
    change to their inputs dirty (``entity_day_dirty``); ``refresh_entity_days`` (the update's ``days`` step)
    recomputes dirty days, and readers take dirty days from the article rows, so a read is never stale. The
    index on entity sentiment gains its time, so "the model that scored this entity last" is one look-up."""
    if dialect_of(db) is Dialect.POSTGRESQL:
        from news_sentiment.store.pg_schema import ENTITY_DAYS_TRIGGERS_PG, mark_days

        db.executescript(pg_ddl(ENTITY_DAYS_TABLES) + ENTITY_DAYS_TRIGGERS_PG)
        db.execute(mark_days("SELECT substr(published, 1, 10) AS d FROM articles"))
    else:
        db.executescript(ENTITY_DAYS_TABLES + _ENTITY_DAYS_TRIGGERS)
        db.execute(_MARK.format(days="SELECT substr(published, 1, 10) AS d FROM articles"))


@migration
def m014_semantic_narratives(db: sqlite_utils.Database) -> None:
    """Semantic narratives: sentence vectors per article, evidence per assignment, weeks computed once.

    ``article_embeddings`` keeps each article's sentence vectors (int8, ``nlp.encoder.to_int8``) and the narrative
    classifier's probabilities (JSON, in the classifier's label order) with the content hash, encoder and
    classifier they were computed from, so an article is read by the models once. ``narrative_evidence`` holds the
    sentences that put an article in a narrative, with their score. ``narrative_week_state`` records, per ISO
    week, the fingerprint of what the week was computed from and the discovery registry and template memory it
    left, so the next week starts from it and an unchanged week is never recomputed. Weekly rows gain the
    intensity's 95 % interval, the shift test's p-value and name, and a status (new, rising, fading, steady,
    retired); discovered narratives gain their most central headline and the week they were retired. The old
    whole-store fingerprint (``narrative_state``) is dropped: each week carries its own."""
    dialect = dialect_of(db)
    ddl = NARRATIVE_STATE_TABLES if dialect is Dialect.SQLITE else pg_ddl(NARRATIVE_STATE_TABLES)
    db.executescript(ddl)
    for column in ("share_low REAL", "share_high REAL", "shift_p REAL", "shift_test TEXT", "status TEXT"):
        db.execute(f"ALTER TABLE narrative_weeks ADD COLUMN {column}")
    for column in ("headline TEXT", "retired TEXT"):
        db.execute(f"ALTER TABLE narratives ADD COLUMN {column}")
    db.execute("DROP TABLE narrative_state")  # the old single fingerprint: weeks carry their own now


NARRATIVE_STATE_TABLES = """
CREATE TABLE article_embeddings (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    encoder TEXT NOT NULL,
    sentences INTEGER NOT NULL,
    vectors BLOB NOT NULL,
    classifier TEXT,
    probs TEXT
);
CREATE TABLE narrative_evidence (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    narrative_id TEXT NOT NULL REFERENCES narratives(id) ON DELETE CASCADE,
    sentence_no INTEGER NOT NULL,
    similarity REAL NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, narrative_id, sentence_no)
);
CREATE TABLE narrative_week_state (
    week TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    registry TEXT NOT NULL,
    templates TEXT NOT NULL,
    articles INTEGER NOT NULL,
    computed_at TEXT NOT NULL
);
"""


# Triggers insert only days not yet marked (not INSERT OR IGNORE: an outer statement's conflict clause, such as
# an upsert's, would override the trigger's).
_MARK = ("INSERT INTO entity_day_dirty (day) SELECT DISTINCT d FROM ({days}) WHERE d IS NOT NULL "
         "AND d NOT IN (SELECT day FROM entity_day_dirty);")
_DIRTY_BY_ARTICLE = _MARK.replace("{days}",
                                  "SELECT substr(published, 1, 10) AS d FROM articles WHERE id = {ref}.article_id")


def _article_triggers(name: str, table: str, update: str) -> str:
    """Triggers marking the day of the article a row of ``table`` belongs to when the row comes, goes or changes."""
    return "\n".join(f"CREATE TRIGGER entity_days_{name}_{suffix} AFTER {event} ON {table} BEGIN {body} END;"
                     for suffix, event, body in (
                         ("in", "INSERT", _DIRTY_BY_ARTICLE.format(ref="NEW")),
                         ("out", "DELETE", _DIRTY_BY_ARTICLE.format(ref="OLD")),
                         ("up", update, _DIRTY_BY_ARTICLE.format(ref="OLD") + " "
                          + _DIRTY_BY_ARTICLE.format(ref="NEW"))))


ENTITY_DAYS_TABLES = """
CREATE TABLE entity_days (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    sources TEXT NOT NULL,
    articles INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    relevance REAL NOT NULL,
    novelty_sum REAL NOT NULL,
    novelty_n INTEGER NOT NULL,
    PRIMARY KEY (entity_id, day)
) WITHOUT ROWID;
CREATE TABLE entity_day_sentiment (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    day TEXT NOT NULL,
    scored INTEGER NOT NULL,
    w REAL NOT NULL,
    ws REAL NOT NULL,
    PRIMARY KEY (entity_id, model, day)
) WITHOUT ROWID;
DROP INDEX IF EXISTS idx_entity_sentiment_entity;
CREATE INDEX idx_entity_sentiment_entity_time ON entity_sentiment(entity, scored_at);
CREATE INDEX idx_entity_days_day ON entity_days(day);
CREATE INDEX idx_entity_day_sentiment_day ON entity_day_sentiment(day);
CREATE TABLE entity_day_dirty (day TEXT PRIMARY KEY) WITHOUT ROWID;
"""

_ENTITY_DAYS_TRIGGERS = f"""
{_article_triggers("mention", "mentions", "UPDATE OF article_id, entity_id, field")}
{_article_triggers("sentiment", "entity_sentiment", "UPDATE")}
{_article_triggers("novelty", "article_novelty", "UPDATE")}
CREATE TRIGGER entity_days_article_up AFTER UPDATE OF published, source, feed_id, duplicate_of ON articles BEGIN
    {_MARK.format(days="SELECT substr(OLD.published, 1, 10) AS d UNION SELECT substr(NEW.published, 1, 10)")}
END;
CREATE TRIGGER entity_days_article_out AFTER DELETE ON articles BEGIN
    {_MARK.format(days="SELECT substr(OLD.published, 1, 10) AS d")}
END;
CREATE TRIGGER entity_days_feed_up AFTER UPDATE OF name ON feeds BEGIN
    {_MARK.format(days="SELECT substr(published, 1, 10) AS d FROM articles "
                       "WHERE feed_id = NEW.id AND source IS NULL")}
END;
CREATE TRIGGER entity_days_entity_up AFTER UPDATE OF name ON entities BEGIN
    {_MARK.format(days="SELECT substr(a.published, 1, 10) AS d FROM mentions m JOIN articles a ON a.id = m.article_id "
                       "WHERE m.entity_id = NEW.id")}
END;
"""


def pending_migrations(db: sqlite_utils.Database) -> list[str]:
    """Names of the migrations not yet applied (reads only)."""
    exists = table_exists(db, "_migrations")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")} if exists else set()
    return [name for name, _ in MIGRATIONS if name not in done]


def apply_migrations(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations; returns the names applied.

    Safe when several processes open a new store at once: each migration is checked and applied inside
    one write transaction (BEGIN IMMEDIATE), so a second process waits, then finds it recorded.
    """
    if not pending_migrations(db):
        return []
    with transaction(db):
        db.execute("CREATE TABLE IF NOT EXISTS _migrations "
                   "(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)")
    applied = []
    for name, fn in MIGRATIONS:
        if _apply_one(db, name, fn):
            log.info("applied migration %s", name)
            applied.append(name)
    return applied


def _apply_one(db: sqlite_utils.Database, name: str, fn: Migration) -> bool:
    rebuild = getattr(fn, "rebuilds_tables", False) and dialect_of(db) is Dialect.SQLITE
    if rebuild:
        db.execute("PRAGMA foreign_keys=OFF")  # cannot change inside a transaction
    try:
        with transaction(db):
            if db.execute("SELECT 1 FROM _migrations WHERE name = ?", [name]).fetchone():
                return False
            fn(db)
            if rebuild and db.execute("PRAGMA foreign_key_check").fetchone():
                raise StoreError(f"migration {name} would break foreign keys; nothing was changed")
            db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                       [name, datetime.now(timezone.utc).isoformat()])
        return True
    finally:
        if rebuild:
            db.execute("PRAGMA foreign_keys=ON")
