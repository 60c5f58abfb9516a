"""Writing articles: dedup by canonical URL, GUID, content hash and MinHash near-duplicates, in transactions."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import sqlite_utils

from news_sentiment.articles import (
    MIN_SHINGLE_WORDS,
    band_keys,
    minhash_signature,
    signature_from_bytes,
    signature_to_bytes,
)
from news_sentiment.records import Article, FeedSpec, TextMethod
from news_sentiment.store.tx import transaction
from news_sentiment.textutil import content_hash, normalize_for_hash, word_count
from news_sentiment.store.backend import Dialect, dialect_of

log = logging.getLogger(__name__)

_STORED = "a.id, a.url, a.guid, a.feed_id, a.title, a.content_hash, a.text_method, a.minhash FROM articles a"
# Every identity question about an item in one query, each answer tagged by its precedence (see _identity):
# 1 the article a feed's guid was stored for, 2 that feed's article with the guid, 3 articles at the link,
# 4 the original of an article with the same text.
_IDENTITY_SQL = (
    f"SELECT 1, {_STORED} WHERE a.id = (SELECT article_id FROM article_sources WHERE feed_id = ? "
    "AND guid = ? LIMIT 1) "
    f"UNION ALL SELECT 2, {_STORED} WHERE a.id = (SELECT id FROM articles WHERE guid = ? AND feed_id IS ? "
    "ORDER BY id LIMIT 1) "
    f"UNION ALL SELECT 3, {_STORED} WHERE a.url = ? "
    f"UNION ALL SELECT 4, {_STORED} WHERE a.id = (SELECT COALESCE(c.duplicate_of, c.id) FROM articles c "
    "WHERE c.content_hash = ? LIMIT 1) "
    "ORDER BY 1, 2")
_ASK_AHEAD = 100  # identity questions sent before the first answer is read
_KNOWN_URL_SQL = ("SELECT 1 WHERE EXISTS (SELECT 1 FROM articles WHERE url = ?) "
                  "OR EXISTS (SELECT 1 FROM article_urls WHERE url = ?)")
_KNOWN_GUID_SQL = "SELECT 1 FROM article_sources WHERE feed_id = ? AND guid = ? LIMIT 1"
_ARTICLE_SQL = ("SELECT a.url, a.title, a.published, a.fetched_at, a.text, a.text_method, a.original_url, a.guid, "
                "a.author, a.published_estimated, a.summary, a.language, a.source FROM articles a")
_PAGE_ERROR_CHARS = 500


@dataclass(frozen=True)
class PageFailure:
    """An article page that failed for a passing reason; recorded to be tried again on a later run."""

    url: str  # the link fetched
    guid: str | None  # the entry's guid, to find its article again
    article_url: str  # the article's canonical URL
    reason: str


@dataclass(frozen=True)
class PageRetry:
    """A failed page whose next try is due."""

    url: str
    guid: str | None
    article_url: str
    attempts: int


@dataclass(frozen=True)
class _Stored:
    """A stored article, as far as identity needs it."""

    id: int
    url: str
    guid: str | None
    feed_id: int | None
    title: str
    content_hash: str
    text_method: str
    minhash: bytes | None

    @property
    def method(self) -> TextMethod:
        return TextMethod(self.text_method)

    @property
    def keys(self) -> set[tuple[str, str]]:
        return _identity_keys(self.url, self.guid, self.content_hash)

    def contradicted_by(self, item: "_Item", feed_id: int | None, near_threshold: float) -> bool:
        """True when an item at the same link is evidently another story: the same feed gives it another
        guid, or its title differs and its text is not a near-copy (an edited headline over the same text
        is the same story; guids of different feeds are separate namespaces, so across feeds the content
        decides)."""
        art = item.art
        if art.guid and self.guid and art.guid != self.guid and feed_id == self.feed_id:
            return True
        if normalize_for_hash(art.title) == normalize_for_hash(self.title):
            return False
        if item.digest == self.content_hash:
            return False
        if item.sig is None or self.minhash is None:
            return True
        return float(np.mean(signature_from_bytes(self.minhash) == item.sig)) < near_threshold


def _identity_keys(url: str, guid: str | None, digest: str) -> set[tuple[str, str]]:
    """What an identity answer depends on: the link, the guid and the text's hash."""
    return {("url", url), ("hash", digest)} | ({("guid", guid)} if guid else set())


_SOURCE_SQL = "INSERT OR IGNORE INTO article_sources (article_id, feed_id, guid, first_seen) VALUES (?, ?, ?, ?)"
_URL_SQL = "INSERT OR IGNORE INTO article_urls (url, article_id) VALUES (?, ?)"
_BAND_SQL = "INSERT OR IGNORE INTO minhash_bands (band, key, article_id) VALUES (?, ?, ?)"


@dataclass
class _WriteBehind:
    """Rows queued by a run of writes; an article id is an int or a _NewId."""

    sources: list[tuple[Any, ...]] = field(default_factory=list)
    urls: list[tuple[Any, ...]] = field(default_factory=list)
    bands: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class _NewId:
    """The id an INSERT gives, read from its cursor when first needed (a round trip on a server)."""

    cursor: Any


def _article_id(value: Any) -> Any:
    return value.cursor.lastrowid if isinstance(value, _NewId) else value


_ALL_BANDS = ("band", "*")  # an update re-indexes an article: every band answer asked before it is stale


def _band_marks(bands: list[tuple[int, int]]) -> set[tuple[str, str]]:
    return {("band", f"{band}:{key}") for band, key in bands}


@dataclass
class _Ahead:
    """What was asked ahead for one item: its identity answer (the stored article it is, the original it copies)
    and, when it looked new, the near-duplicate candidates sharing a band with it (None: not asked)."""

    answer: tuple["_Stored | None", "_Stored | None"]
    near: list[Any] | None = None


@dataclass(frozen=True)
class _Item:
    """An article to write with its content hash."""

    art: Article
    digest: str

    @classmethod
    def of(cls, art: Article) -> "_Item":
        if not art.title.strip() and not art.text.strip():
            raise ValueError("an article needs a title or a text; refuse blank items before writing")
        return cls(art, content_hash(art.title, art.text))

    @property
    def keys(self) -> set[tuple[str, str]]:
        return _identity_keys(self.art.url, self.art.guid, self.digest)

    @cached_property
    def sig(self) -> np.ndarray | None:
        """The text's MinHash (None for a text too short to compare), computed once."""
        return minhash_signature(self.art.text)

    @cached_property
    def bands(self) -> list[tuple[int, int]]:
        """The signature's LSH (band, key) pairs, computed once."""
        return band_keys(self.sig) if self.sig is not None else []


def _read_connection(db: sqlite_utils.Database) -> Any:
    """A read-only connection for lookups from worker threads (the main connection for in-memory stores; pooled
    connections on PostgreSQL)."""
    if dialect_of(db) is Dialect.POSTGRESQL:
        return db.reader()
    path = getattr(db, "path", None)
    if not path or path == ":memory:":
        return db.conn
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False,
                           timeout=10)


@dataclass(frozen=True)
class FeedState:
    id: int
    etag: str | None
    last_modified: str | None
    last_ok_at: datetime | None  # last successful fetch (a failed attempt does not start the interval)
    last_fetched_at: datetime | None = None  # last attempt, successful or not

    @property
    def last_ok(self) -> bool:
        """The last attempt succeeded (or there was none)."""
        return self.last_fetched_at == self.last_ok_at


@dataclass
class WriteCounts:
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    near_duplicates: int = 0


def iso(dt: datetime) -> str:
    """Stored form of a time: ISO 8601 in UTC, second precision, sortable as text."""
    return dt.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def from_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class ArticleStore:
    """Dedup-aware writer over one open database. Not thread-safe for writes: call ``write`` from one thread.

    Identity (see ``_identity``): an item is a stored article when this feed's guid matches, or its
    canonical URL matches and neither its guid nor its title contradicts it. A link alone is no identity:
    stories that share a section-front link are separate rows. Exact copies (same title and substantial
    text) fold into the stored original; near-duplicates are stored linked by ``duplicate_of``.

    ``is_known`` answers fetch workers (any thread) from the database, so memory stays flat as the store grows.
    """

    def __init__(self, db: sqlite_utils.Database, *, near_threshold: float = 0.7) -> None:
        self.db = db
        self.near_threshold = near_threshold
        self._reader = _read_connection(db)
        # one sqlite3 connection serves the fetch threads in turn; a PostgreSQL reader pool serves them at once
        self._read_lock = nullcontext() if dialect_of(db) is Dialect.POSTGRESQL else threading.Lock()
        self._behind = _WriteBehind()

    def close(self) -> None:
        if self._reader is not self.db.conn:
            self._reader.close()

    def is_known(self, url: str, feed_id: int | None = None, guid: str | None = None) -> bool:
        """True when an article (or a copy folded into one) already has this URL, or this feed's guid is stored:
        its page need not be fetched again. Safe to call from worker threads."""
        with self._read_lock:
            if self._reader.execute(_KNOWN_URL_SQL, [url, url]).fetchone():
                return True
            return bool(guid and feed_id is not None
                        and self._reader.execute(_KNOWN_GUID_SQL, [feed_id, guid]).fetchone())

    def _index(self, art_id: "int | _NewId", bands: list[tuple[int, int]]) -> None:
        self._behind.bands.extend((band, key, art_id) for band, key in bands)

    # -- feeds -------------------------------------------------------------------------------

    def register_feeds(self, specs: Iterable[FeedSpec]) -> dict[str, FeedState]:
        """Insert or refresh feed rows for the specs; returns their state keyed by URL."""
        specs = list(specs)
        with transaction(self.db):
            for spec in specs:
                self.db.execute(
                    "INSERT INTO feeds (name, url, tags) VALUES (?, ?, ?) "
                    "ON CONFLICT(url) DO UPDATE SET name = excluded.name, tags = excluded.tags",
                    [spec.name, spec.url, json.dumps(list(spec.tags))],
                )
        states = {}
        for spec in specs:
            row = self.db.execute(
                "SELECT id, etag, last_modified, last_ok_at, last_fetched_at FROM feeds WHERE url = ?", [spec.url]
            ).fetchone()
            states[spec.url] = FeedState(row[0], row[1], row[2], from_iso(row[3]), from_iso(row[4]))
        return states

    def record_feed(self, feed_id: int, *, fetched_at: datetime, status: int | None, error: str | None,
                    ok: bool, etag: str | None = None, last_modified: str | None = None, title: str | None = None,
                    entries: int = 0, counts: WriteCounts | None = None, keep_validators: bool = False) -> None:
        """Update a feed's state; call inside the transaction that wrote its articles."""
        counts = counts or WriteCounts()
        validators = "" if keep_validators else ", etag = :etag, last_modified = :last_modified"
        self.db.execute(
            f"""UPDATE feeds SET last_status = :status, last_error = :error, last_fetched_at = :fetched,
                last_ok_at = CASE WHEN :ok THEN :fetched ELSE last_ok_at END,
                title = COALESCE(:title, title), items_seen = items_seen + :entries,
                articles_new = articles_new + :new, duplicates = duplicates + :dups,
                error_count = error_count + CASE WHEN :ok THEN 0 ELSE 1 END {validators}
                WHERE id = :id""",
            {"status": status, "error": error, "fetched": iso(fetched_at), "ok": ok, "title": title,
             "entries": entries, "new": counts.new, "dups": counts.duplicates + counts.near_duplicates,
             "etag": etag, "last_modified": last_modified, "id": feed_id},
        )

    # -- article pages to fetch again -------------------------------------------------------

    def pages_to_retry(self, feed_id: int, now: datetime, limit: int) -> list[PageRetry]:
        """This feed's failed pages whose next try is due, oldest first. Safe to call from worker threads."""
        with self._read_lock:
            rows = self._reader.execute(
                "SELECT url, guid, article_url, attempts FROM page_failures "
                "WHERE feed_id = ? AND next_try_at <= ? ORDER BY next_try_at LIMIT ?",
                [feed_id, iso(now), limit]).fetchall()
        return [PageRetry(*row) for row in rows]

    def article_for_retry(self, feed_id: int, retry: PageRetry) -> Article | None:
        """The stored article a failed page was for (this feed's guid first, else its URL), or None when
        it is gone. Safe to call from worker threads."""
        with self._read_lock:
            row = None
            if retry.guid:
                row = self._reader.execute(
                    f"{_ARTICLE_SQL} WHERE a.id = (SELECT article_id FROM article_sources "
                    "WHERE feed_id = ? AND guid = ? LIMIT 1)", [feed_id, retry.guid]).fetchone()
            if row is None:
                row = self._reader.execute(f"{_ARTICLE_SQL} WHERE a.url = ? ORDER BY a.id LIMIT 1",
                                           [retry.article_url]).fetchone()
        if row is None:
            return None
        (url, title, published, fetched_at, text, method, original_url, guid, author, estimated, summary,
         language, source) = row
        return Article(url=url, title=title, published=from_iso(published), fetched_at=from_iso(fetched_at),
                       text=text, text_method=TextMethod(method), original_url=original_url, guid=guid,
                       author=author, published_estimated=bool(estimated), summary=summary, language=language,
                       source=source)

    def record_page_failures(self, feed_id: int, failures: Iterable[PageFailure], now: datetime, *,
                             first_wait: timedelta, max_attempts: int) -> None:
        """Count a failure of each page; its next try waits ``first_wait`` doubled per earlier attempt, and
        after ``max_attempts`` it is given up (``next_try_at`` NULL). Call inside ``batch()``.
        A link carried by several items counts once per call."""
        for failure in {f.url: f for f in failures}.values():
            row = self.db.execute("SELECT attempts FROM page_failures WHERE url = ?", [failure.url]).fetchone()
            attempts = (row[0] if row else 0) + 1
            next_try = iso(now + first_wait * 2 ** (attempts - 1)) if attempts < max_attempts else None
            self.db.execute(
                """INSERT INTO page_failures (url, feed_id, guid, article_url, attempts, first_failed_at,
                   last_failed_at, next_try_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET attempts = excluded.attempts,
                   last_failed_at = excluded.last_failed_at, next_try_at = excluded.next_try_at,
                   last_error = excluded.last_error""",
                [failure.url, feed_id, failure.guid, failure.article_url, attempts, iso(now), iso(now), next_try,
                 failure.reason[:_PAGE_ERROR_CHARS]],
            )

    def clear_page_failures(self, urls: Iterable[str]) -> None:
        """Forget pages that were fetched (or failed for good). Call inside ``batch()``."""
        for url in urls:
            self.db.execute("DELETE FROM page_failures WHERE url = ?", [url])

    # -- articles ----------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction for the writes inside it."""
        with transaction(self.db):
            yield

    def write(self, articles: Iterable[Article], feed_id: int | None = None) -> WriteCounts:
        """Write articles inside ``batch()``. Returns what happened to them.

        The identity questions of up to ``_ASK_AHEAD`` items are sent before any answer is read (one round trip
        on a server in pipeline mode); an item that shares a link, guid or text with one written before it in
        the same run of items is asked again after that write, so answers are what one-by-one writing gives.
        Source, link and band rows are written behind, a run's worth in one multi-row statement each (before
        anything that reads them)."""
        counts = WriteCounts()
        stream = iter(articles)
        try:
            while chunk := list(islice(stream, _ASK_AHEAD)):
                self._write_run([_Item.of(art) for art in chunk], feed_id, counts)
        except BaseException:
            self._behind = _WriteBehind()  # its transaction rolls back: queued rows must not reach the next one
            raise
        return counts

    def _write_run(self, items: list["_Item"], feed_id: int | None, counts: WriteCounts) -> None:
        touched: set[tuple[str, str]] = set()
        for item, known in zip(items, self._ask_ahead(items, feed_id)):
            if touched & item.keys:  # an earlier item of this run wrote what the answer depends on
                self._flush()
                known = _Ahead(self._identity(item, feed_id, self._ask_identity(item, feed_id).fetchall()))
            if known.near is not None and touched & ({_ALL_BANDS} | _band_marks(item.bands)):
                known.near = None  # an earlier item of this run changed the bands it shares: asked again
            touched |= self._write_one(item, feed_id, known, counts)
        self._flush()

    def _ask_ahead(self, items: list["_Item"], feed_id: int | None) -> list["_Ahead"]:
        """Every item's identity answer, then, for each item that looks new, its near-duplicate candidates:
        all questions of a kind sent before any answer is read."""
        cursors = [self._ask_identity(item, feed_id) for item in items]
        ahead = [_Ahead(self._identity(item, feed_id, cursor.fetchall())) for item, cursor in zip(items, cursors)]
        asked = []
        for item, known in zip(items, ahead):
            if known.answer == (None, None) and item.bands:
                asked.append((known, self._ask_near(item.bands)))
        for known, cursor in asked:
            known.near = cursor.fetchall()
        return ahead

    def write_batch(self, articles: Iterable[Article], feed_id: int | None = None) -> WriteCounts:
        """write() in a transaction of its own."""
        with self.batch():
            return self.write(articles, feed_id)

    def _ask_identity(self, item: "_Item", feed_id: int | None) -> Any:
        """Send every identity question about an item as one query; the cursor's rows are read by _identity."""
        guid = item.art.guid if item.art.guid and feed_id is not None else None
        return self.db.execute(_IDENTITY_SQL, [feed_id, guid, guid, feed_id, item.art.url,
                                               item.digest if self._substantial(item.art) else None])

    def _identity(self, item: "_Item", feed_id: int | None, rows: list[Any]) -> tuple[_Stored | None, _Stored | None]:
        """(the stored article this item is, the stored original it copies word for word), each if any, read
        in order of precedence: the feed's guid, the guid of the same feed's article, then the link (never
        one that is evidently another story), then the text."""
        found: dict[int, list[_Stored]] = {}
        for how, *row in rows:
            found.setdefault(how, []).append(_Stored(*row))
        for how in (1, 2):
            if how in found:
                return found[how][0], None
        for stored in found.get(3, []):
            if not stored.contradicted_by(item, feed_id, self.near_threshold):
                return stored, None
        return None, found.get(4, [None])[0]

    @staticmethod
    def _substantial(art: Article) -> bool:
        """Only substantial texts fold as copies: a title-only item or a short recurring blurb ("Morning
        briefing") is its own story at its own link."""
        return TextMethod(art.text_method) is not TextMethod.TITLE and word_count(art.text) >= MIN_SHINGLE_WORDS

    def _add_source(self, art_id: "int | _NewId", feed_id: int | None, art: Article,
                    stored_url: str | None = None) -> None:
        """Queue the item's feed source (and a copy's own link) on the article (``art_id``: an id or a _NewId)."""
        if feed_id is not None:
            self._behind.sources.append((art_id, feed_id, art.guid, iso(art.fetched_at)))
        if stored_url is not None and art.url != stored_url:  # a copy's URL: never fetch its page again
            self._behind.urls.append((art.url, art_id))

    def _flush(self) -> None:
        """Write the queued source, link and band rows (the INSERTs that give their article ids are read now)."""
        behind, self._behind = self._behind, _WriteBehind()
        for sql, rows in ((_SOURCE_SQL, behind.sources), (_URL_SQL, behind.urls), (_BAND_SQL, behind.bands)):
            if rows:
                self.db.conn.executemany(sql, [tuple(_article_id(v) for v in row) for row in rows])

    def _write_one(self, item: "_Item", feed_id: int | None, known: "_Ahead", counts: WriteCounts
                   ) -> set[tuple[str, str]]:
        """Write one item given what was asked ahead for it; returns the identity keys and bands it changed."""
        art, digest = item.art, item.digest
        existing, copy_of = known.answer
        if existing is not None:
            if existing.content_hash != digest and TextMethod(art.text_method).rank >= existing.method.rank:
                self._update(existing.id, item)
                counts.updated += 1
                self._add_source(existing.id, feed_id, art, existing.url)
                return item.keys | existing.keys | {_ALL_BANDS}
            counts.duplicates += 1
            self._add_source(existing.id, feed_id, art, existing.url)
            return item.keys | existing.keys
        if copy_of is not None:
            counts.duplicates += 1
            self._add_source(copy_of.id, feed_id, art, copy_of.url)
            return item.keys | copy_of.keys
        return item.keys | self._insert(item, feed_id, known, counts)

    def _update(self, art_id: int, item: "_Item") -> None:
        self._flush()  # its bands may still be queued
        art, digest, sig = item.art, item.digest, item.sig
        self.db.execute(
            """UPDATE articles SET title = ?, summary = ?, text = ?, text_method = ?, content_hash = ?,
               word_count = ?, minhash = ?, author = COALESCE(?, author), language = COALESCE(?, language)
               WHERE id = ?""",
            [art.title, art.summary, art.text, str(art.text_method), digest, word_count(art.text),
             signature_to_bytes(sig) if sig is not None else None, art.author, art.language, art_id],
        )
        self.db.execute("DELETE FROM minhash_bands WHERE article_id = ?", [art_id])
        if sig is not None and self.db.execute("SELECT duplicate_of IS NULL FROM articles WHERE id = ?",
                                               [art_id]).fetchone()[0]:
            self._index(art_id, item.bands)

    def _insert(self, item: "_Item", feed_id: int | None, known: "_Ahead", counts: WriteCounts
                ) -> set[tuple[str, str]]:
        """Store a new article (linked to the original it nearly duplicates, if any); returns the bands indexed."""
        art, digest, sig = item.art, item.digest, item.sig
        original = None
        if sig is not None:
            if known.near is None:
                self._flush()  # the bands written before it must be there to be found
            rows = known.near if known.near is not None else self._ask_near(item.bands).fetchall()
            original = self._nearest(sig, rows)
        cur = self.db.execute(
            """INSERT INTO articles (url, original_url, guid, feed_id, source, title, author, published,
               published_estimated, fetched_at, summary, text, text_method, language, word_count,
               content_hash, minhash, duplicate_of)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [art.url, art.original_url, art.guid, feed_id, art.source, art.title, art.author, iso(art.published),
             int(art.published_estimated), iso(art.fetched_at), art.summary, art.text, str(art.text_method),
             art.language, word_count(art.text), digest, signature_to_bytes(sig) if sig is not None else None,
             original],
        )
        new_id = _NewId(cur)  # read when the queued rows are written
        self._add_source(new_id, feed_id, art)
        if original is not None:
            counts.near_duplicates += 1
            return set()
        counts.new += 1
        if sig is None:
            return set()
        self._index(new_id, item.bands)
        return _band_marks(item.bands)

    def _ask_near(self, keys: list[tuple[int, int]]) -> Any:
        """Send the query for stored originals sharing at least one of these LSH (band, key) pairs
        (``minhash_bands``, in the database, so memory stays flat as the store grows)."""
        return self.db.execute(
            "SELECT DISTINCT a.id, a.minhash FROM minhash_bands b JOIN articles a ON a.id = b.article_id "
            f"WHERE {' OR '.join(['(b.band = ? AND b.key = ?)'] * len(keys))}",  # OR: SQLite uses the key per band
            [v for pair in keys for v in pair])

    def _nearest(self, sig: np.ndarray, candidates: list[Any]) -> int | None:
        """The candidate this signature nearly duplicates (best estimated Jaccard, compared value by value)."""
        best, best_sim = None, self.near_threshold
        for art_id, blob in candidates:
            sim = float(np.mean(signature_from_bytes(blob) == sig))
            if sim >= best_sim:
                best, best_sim = art_id, sim
        return best
