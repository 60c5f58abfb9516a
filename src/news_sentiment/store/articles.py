"""Writing articles: dedup by canonical URL, GUID, content hash and MinHash near-duplicates, in transactions."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
import sqlite_utils

from news_sentiment.articles import (
    MINHASH_PERMS,
    minhash_from_signature,
    minhash_signature,
    signature_from_bytes,
    signature_to_bytes,
)
from news_sentiment.records import Article, FeedSpec
from news_sentiment.store.tx import transaction
from news_sentiment.textutil import content_hash, word_count

log = logging.getLogger(__name__)

# A richer way of getting the text may replace a poorer one, never the reverse.
METHOD_RANK = {"title": 0, "summary": 1, "import": 2, "feed_content": 3, "page": 4}


@dataclass(frozen=True)
class FeedState:
    id: int
    etag: str | None
    last_modified: str | None
    last_ok_at: datetime | None  # last successful fetch (a failed attempt does not start the interval)


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
    """Dedup-aware writer over one open database. Not thread-safe: call from one thread.

    ``known_urls`` / ``known_guids`` are read by fetch workers (read-only) to skip work for
    articles already stored.
    """

    def __init__(self, db: sqlite_utils.Database, *, near_threshold: float = 0.7, window_days: int = 90) -> None:
        self.db = db
        self.near_threshold = near_threshold
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=near_threshold, num_perm=MINHASH_PERMS)
        self.signatures: dict[int, np.ndarray] = {}
        self._uncommitted: list[tuple[int, str, tuple[int | None, str] | None]] = []
        self.known_urls: set[str] = {r[0] for r in db.execute("SELECT url FROM articles")}
        self.known_guids: set[tuple[int | None, str]] = {
            (r[0], r[1]) for r in db.execute("SELECT feed_id, guid FROM articles WHERE guid IS NOT NULL")
        }
        since = iso(datetime.now(timezone.utc) - timedelta(days=window_days))
        for art_id, blob in db.execute(
            "SELECT id, minhash FROM articles WHERE minhash IS NOT NULL AND duplicate_of IS NULL AND fetched_at >= ?",
            [since],
        ):
            self._index(art_id, signature_from_bytes(blob))

    def _index(self, art_id: int, sig: np.ndarray) -> None:
        mh = minhash_from_signature(sig)
        self.lsh.insert(str(art_id), mh, check_duplication=False)
        self.signatures[art_id] = sig

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
                "SELECT id, etag, last_modified, last_ok_at FROM feeds WHERE url = ?", [spec.url]
            ).fetchone()
            states[spec.url] = FeedState(row[0], row[1], row[2], from_iso(row[3]))
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

    # -- articles ----------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction; on failure the in-memory dedup state forgets what the transaction wrote."""
        self._uncommitted: list[tuple[int, str, tuple[int | None, str] | None]] = []
        try:
            with transaction(self.db):
                yield
        except BaseException:
            for art_id, url, guid_key in self._uncommitted:
                if self.signatures.pop(art_id, None) is not None:
                    self.lsh.remove(str(art_id))
                self.known_urls.discard(url)
                if guid_key:
                    self.known_guids.discard(guid_key)
            raise
        finally:
            self._uncommitted = []

    def write(self, articles: Iterable[Article], feed_id: int | None = None) -> WriteCounts:
        """Write articles inside ``batch()``. Returns what happened to them."""
        counts = WriteCounts()
        for art in articles:
            self._write_one(art, feed_id, counts)
        return counts

    def write_batch(self, articles: Iterable[Article], feed_id: int | None = None) -> WriteCounts:
        """write() in a transaction of its own."""
        with self.batch():
            return self.write(articles, feed_id)

    def _find_existing(self, art: Article, feed_id: int | None) -> tuple | None:
        row = self.db.execute(
            "SELECT id, content_hash, text_method FROM articles WHERE url = ?", [art.url]
        ).fetchone()
        if row is None and art.guid:
            row = self.db.execute(
                "SELECT id, content_hash, text_method FROM articles WHERE guid = ? AND feed_id IS ?",
                [art.guid, feed_id],
            ).fetchone()
        return row

    def _add_source(self, art_id: int, feed_id: int | None, guid: str | None, seen: datetime) -> None:
        if feed_id is not None:
            self.db.execute(
                "INSERT OR IGNORE INTO article_sources (article_id, feed_id, guid, first_seen) VALUES (?, ?, ?, ?)",
                [art_id, feed_id, guid, iso(seen)],
            )

    def _write_one(self, art: Article, feed_id: int | None, counts: WriteCounts) -> None:
        digest = content_hash(art.title, art.text)
        existing = self._find_existing(art, feed_id)
        if existing is not None:
            art_id, old_hash, old_method = existing
            if old_hash != digest and METHOD_RANK.get(art.text_method, 0) >= METHOD_RANK.get(old_method, 0):
                sig = minhash_signature(art.text)
                self.db.execute(
                    """UPDATE articles SET title = ?, summary = ?, text = ?, text_method = ?, content_hash = ?,
                       word_count = ?, minhash = ?, author = COALESCE(?, author), language = COALESCE(?, language)
                       WHERE id = ?""",
                    [art.title, art.summary, art.text, art.text_method, digest, word_count(art.text),
                     signature_to_bytes(sig) if sig is not None else None, art.author, art.language, art_id],
                )
                counts.updated += 1
            else:
                counts.duplicates += 1
            self._add_source(art_id, feed_id, art.guid, art.fetched_at)
            return
        same = self.db.execute(
            "SELECT COALESCE(duplicate_of, id) FROM articles WHERE content_hash = ? LIMIT 1", [digest]
        ).fetchone()
        if same is not None:
            counts.duplicates += 1
            self._add_source(same[0], feed_id, art.guid, art.fetched_at)
            return
        sig = minhash_signature(art.text)
        original = self._near_duplicate_of(sig) if sig is not None else None
        cur = self.db.execute(
            """INSERT INTO articles (url, original_url, guid, feed_id, source, title, author, published,
               published_estimated, fetched_at, summary, text, text_method, language, word_count,
               content_hash, minhash, duplicate_of)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [art.url, art.original_url, art.guid, feed_id, art.source, art.title, art.author, iso(art.published),
             int(art.published_estimated), iso(art.fetched_at), art.summary, art.text, art.text_method,
             art.language, word_count(art.text), digest, signature_to_bytes(sig) if sig is not None else None,
             original],
        )
        art_id = cur.lastrowid
        self._add_source(art_id, feed_id, art.guid, art.fetched_at)
        guid_key = (feed_id, art.guid) if art.guid else None
        self.known_urls.add(art.url)
        if guid_key:
            self.known_guids.add(guid_key)
        self._uncommitted.append((art_id, art.url, guid_key))
        if original is not None:
            counts.near_duplicates += 1
        else:
            counts.new += 1
            if sig is not None:
                self._index(art_id, sig)

    def _near_duplicate_of(self, sig: np.ndarray) -> int | None:
        """The stored original this signature nearly duplicates (best estimated Jaccard), if any."""
        candidates = self.lsh.query(minhash_from_signature(sig))
        best, best_sim = None, self.near_threshold
        for key in candidates:
            other = self.signatures.get(int(key))
            if other is None:
                continue
            sim = float(np.mean(other == sig))
            if sim >= best_sim:
                best, best_sim = int(key), sim
        return best
