"""Browsing with Datasette: metadata (titles, descriptions, canned queries), the command line, and running it.

The library builds the metadata and the command (:func:`prepare_serve`) and runs the server
(:func:`run_serve`); the CLI only prints. Datasette opens the store in its normal *mutable* mode, in
which every connection is ``file:...?mode=ro``: nothing the browser does can write, and because SQLite's
WAL gives each read a consistent snapshot, pages stay correct while ``sentiment ingest`` writes to the
same store. (Immutable mode, ``-i``, promises SQLite that the file never changes: it skips locking and
the WAL, and returned partial rows and "database disk image is malformed" during an ingest.)

The server binds to 127.0.0.1 only. A busy port is refused before anything starts; Datasette runs as a
child in its own session, and SIGINT, SIGTERM or SIGHUP to ``sentiment serve`` stop it (SIGTERM, then
SIGKILL after a grace period) before the temporary metadata is removed.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from news_sentiment.errors import SentimentError, StoreError
from news_sentiment.store.backend import display_url, is_pg_url
from news_sentiment.store.read_report import READ_ERRORS, table_names

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_PORT = 8001
STOP_SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)
INSTALL_HINT = 'Install it with `pip install "news-sentiment[serve]"` (or `pip install datasette`).'


class MissingDependencyError(SentimentError):
    """An optional dependency needed for this command is not installed."""


class ServeError(SentimentError):
    """The server cannot start (port in use) or stopped with an error."""


TABLES: dict[str, tuple[str, str]] = {
    "feeds": ("Feeds", "RSS/Atom feeds from feeds.yaml with their fetch state and counters."),
    "articles": ("Articles", "One row per article: canonical URL, source, UTC publication time, full text. "
                             "duplicate_of points near-duplicates at their original."),
    "article_sources": ("Article sightings", "Which feeds carried each article (syndicated copies fold here)."),
    "entities": ("Entities", "Companies, indices, baskets, organisations... linked to the knowledge base (kb_id)."),
    "mentions": ("Entity mentions", "Where each entity is mentioned: article, field, character offsets."),
    "people": ("People", "People quoted or named with a role: title, firm, first and last seen."),
    "quotes": ("Quotes", "Quoted speech with speaker, title and firm."),
    "article_people": ("People per article", "People named with a role in each article."),
    "claims": ("Numeric claims", "Numbers in articles: value, unit, comparator, direction, metric, subject, period, "
                                 "modality (actual, forecast, target, guidance, estimate, expectation) and speaker, "
                                 "with the quoted sentence."),
    "extractions": ("Extraction runs", "Which articles were extracted with which extractor version."),
    "article_sentiment": ("Article sentiment", "Negative / neutral / positive probabilities per article and model."),
    "entity_sentiment": ("Entity sentiment", "Sentiment toward each entity in each article (targeted model)."),
    "prices": ("Daily closes", "Closing prices per ticker and exchange date (tickers upper case, no '^')."),
    "claim_checks": ("Claim checks", "Each price-move claim checked against stored prices: an actual confirmed, "
                                     "close or contradicted (with the actual figure); a forecast, target, guidance "
                                     "or estimate pending until its period has passed (as_of), then confirmed, "
                                     "close or missed; else unverifiable (with the reason)."),
    "narratives": ("Narratives", "Configured and discovered storylines."),
    "narrative_weeks": ("Narrative weekly series", "Per narrative and ISO week: articles, share with its 95% "
                                                  "interval, status, sentiment, baskets and the shift test."),
    "article_narratives": ("Narratives per article", "Which narratives each article carries, with a score."),
    "narrative_evidence": ("Narrative evidence", "The sentences that put an article in a narrative, with their "
                                                 "score."),
    "narrative_week_state": ("Narrative weeks computed", "Per ISO week: the fingerprint of its inputs and the "
                                                         "discovery state it left for the next week."),
    "article_embeddings": ("Article vectors", "Sentence vectors (int8) and narrative-classifier probabilities per "
                                              "article, with the models that computed them."),
    "article_novelty": ("Article novelty", "1 − similarity to the nearest earlier article in the window."),
}

QUERIES: dict[str, dict[str, Any]] = {
    "claims_by_entity": {
        "title": "Claims by entity",
        "description": "Numeric claims about an entity (name, ticker or subject as written), newest first, "
                       "with their modality and check.",
        "requires": ("claims", "claim_checks"),
        "sql": """SELECT c.id, a.published, c.subject, c.metric, c.value, c.value_high, c.unit, c.comparator,
       c.direction, c.period_text, c.speaker, c.modality, k.status, k.actual, k.actual_unit, k.reason, k.as_of,
       a.title, a.url
FROM claims c
JOIN articles a ON a.id = c.article_id
LEFT JOIN entities e ON e.id = c.entity_id
LEFT JOIN claim_checks k ON k.claim_id = c.id
WHERE lower(c.subject) = lower(:entity) OR lower(e.name) = lower(:entity) OR lower(e.ticker) = lower(:entity)
ORDER BY a.published DESC, c.id""",
    },
    "contradicted_claims": {
        "title": "Contradicted claims",
        "description": "Claims the stored prices contradict, with the actual figure.",
        "requires": ("claims", "claim_checks"),
        "sql": """SELECT a.published, c.subject, c.value, c.unit, c.comparator, c.direction, c.period_text,
       k.actual, k.actual_unit, k.base_date, k.end_date, k.coverage, c.speaker, c.quote, a.source, a.url
FROM claim_checks k
JOIN claims c ON c.id = k.claim_id
JOIN articles a ON a.id = c.article_id
WHERE k.status = 'contradicted'
ORDER BY a.published DESC""",
    },
    "strategist_ledger": {
        "title": "Strategist ledger",
        "description": "Everyone quoted or named with a role: their calls (forecasts, targets, guidance, estimates) "
                       "by status as of the last check (pending until the period has passed, then confirmed, close "
                       "or missed), and the actual figures they cited (confirmed, close, contradicted).",
        "requires": ("people", "claims", "claim_checks"),
        "sql": """SELECT p.name, p.title, p.firm,
       (SELECT COUNT(*) FROM quotes q WHERE q.person_id = p.id) AS quotes,
       COALESCE(SUM(c.modality IN ('forecast', 'target', 'guidance', 'estimate')), 0) AS calls,
       COALESCE(SUM(c.modality IN ('forecast', 'target', 'guidance', 'estimate') AND k.status = 'pending'), 0)
           AS pending,
       COALESCE(SUM(c.modality IN ('forecast', 'target', 'guidance', 'estimate') AND k.status = 'confirmed'), 0)
           AS confirmed,
       COALESCE(SUM(c.modality IN ('forecast', 'target', 'guidance', 'estimate') AND k.status = 'close'), 0)
           AS close,
       COALESCE(SUM(c.modality IN ('forecast', 'target', 'guidance', 'estimate')
                    AND k.status IN ('missed', 'contradicted')), 0) AS missed,
       COALESCE(SUM(c.modality = 'actual' AND k.status = 'confirmed'), 0) AS cited_confirmed,
       COALESCE(SUM(c.modality = 'actual' AND k.status = 'close'), 0) AS cited_close,
       COALESCE(SUM(c.modality = 'actual' AND k.status = 'contradicted'), 0) AS cited_contradicted,
       COALESCE(SUM(c.modality = 'actual' AND k.status = 'unverifiable'), 0) AS cited_unverifiable,
       p.first_seen, p.last_seen
FROM people p
LEFT JOIN claims c ON c.person_id = p.id OR (c.person_id IS NULL AND c.speaker = p.name)
LEFT JOIN claim_checks k ON k.claim_id = c.id
GROUP BY p.id
ORDER BY confirmed + close + missed DESC, calls DESC, cited_confirmed + cited_close + cited_contradicted DESC,
         quotes DESC, p.name""",
    },
    "narrative_weekly_series": {
        "title": "Narrative weekly series",
        "description": "A narrative's intensity, sentiment and shift week by week (leave empty for all).",
        "requires": ("narratives", "narrative_weeks"),
        "sql": """SELECT w.week, n.name, n.source, w.articles, round(100 * w.article_share, 2) AS article_share_pct,
       round(w.sentiment, 3) AS sentiment, round(w.shift, 2) AS shift, w.baskets
FROM narrative_weeks w
JOIN narratives n ON n.id = w.narrative_id
WHERE :narrative = '' OR lower(n.name) = lower(:narrative) OR n.id = :narrative
ORDER BY n.name, w.week""",
    },
}


def serve_metadata(db_path: str | Path) -> dict[str, Any]:
    """Datasette metadata for the store: table titles/descriptions and the canned queries its tables support."""
    db_path = Path(db_path)
    present = table_names(db_path)
    tables = {name: {"title": title, "description": desc} for name, (title, desc) in TABLES.items() if name in present}
    queries = {name: {k: v for k, v in q.items() if k != "requires"} for name, q in QUERIES.items()
               if all(t in present for t in q["requires"])}
    return {
        "title": "news-sentiment",
        "description": "Articles, extracted claims and quotes, sentiment, prices, claim checks and narratives "
                       "(read-only).",
        "databases": {db_path.stem: {"tables": tables, "queries": queries}},
    }


@dataclass(frozen=True)
class ServePlan:
    """The command that serves the database, and the metadata file it reads."""

    command: list[str]
    metadata_path: Path
    url: str
    port: int


@dataclass(frozen=True)
class ServeResult:
    """How the server ended: its exit status, and the signal that asked it to stop (None: it exited itself)."""

    returncode: int
    stopped_by: str | None = None


def datasette_available() -> bool:
    return importlib.util.find_spec("datasette") is not None


def reserve_port(port: int) -> int:
    """Check that ``port`` can be bound on 127.0.0.1 (0: find a free one) and return it.

    Binds with SO_REUSEADDR as the server will, so a port in TIME_WAIT is free but a listening one is not.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            raise ServeError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}",
                             hint="Another program is using the port: stop it, or pick another port with "
                                  "--port N (--port 0 picks a free one).") from None
        return int(sock.getsockname()[1])


def prepare_serve(db_path: str | Path, metadata_dir: str | Path, *, port: int = DEFAULT_PORT,
                  check_installed: bool = True, check_port: bool = True) -> ServePlan:
    """Write the metadata JSON into ``metadata_dir`` and return the Datasette command line: the store in
    mutable mode (read-only ``mode=ro`` connections, correct while another process writes), bound to
    127.0.0.1. With ``check_port``, a busy port raises :class:`ServeError` and port 0 becomes a free port."""
    if is_pg_url(db_path):
        url = str(db_path)
        raise StoreError(f"`serve` browses SQLite stores with Datasette; {display_url(url)} is PostgreSQL",
                         hint=f"Browse it with psql or another PostgreSQL client: psql '{display_url(url, '')}'.")
    db_path = Path(db_path)
    if not db_path.is_file():
        raise StoreError(f"no database at {db_path}", hint="Run `sentiment ingest` (or `sentiment demo`) first, "
                                                         "or pass --db PATH.")
    if check_installed and not datasette_available():
        raise MissingDependencyError("Datasette is not installed", hint=INSTALL_HINT)
    try:
        metadata = serve_metadata(db_path)
    except READ_ERRORS as exc:
        raise StoreError(f"cannot read {db_path}: {exc}", hint="Check the file, or pass --db PATH.") from None
    if check_port:
        port = reserve_port(port)
    meta = Path(metadata_dir) / "datasette-metadata.json"
    meta.write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    command = [sys.executable, "-m", "datasette", "serve", str(db_path), "--host", HOST, "--port", str(port),
               "--metadata", str(meta), "--setting", "sql_time_limit_ms", "5000",
               "--setting", "default_cache_ttl", "0"]
    return ServePlan(command=command, metadata_path=meta, url=f"http://{HOST}:{port}/{db_path.stem}", port=port)


@dataclass
class _Stop:
    """A stop request from a signal, and the child it must reach."""

    signum: int | None = None
    child: subprocess.Popen | None = field(default=None, repr=False)

    def request(self, signum: int, _frame: Any = None) -> None:
        self.signum = signum
        if self.child is not None and self.child.returncode is None:
            try:
                self.child.send_signal(signal.SIGTERM)
            except ProcessLookupError:  # it has just exited
                pass


@contextmanager
def _stop_signals(stop: _Stop) -> Iterator[None]:
    """Route SIGINT/SIGTERM/SIGHUP to ``stop`` while the server runs (only possible in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, stop.request) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _listening(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def _wait_ready(child: subprocess.Popen, port: int, timeout: float, stop: _Stop) -> bool:
    """True once the child accepts connections; False when it exits, is asked to stop, or times out."""
    deadline = time.monotonic() + timeout
    while child.poll() is None and stop.signum is None and time.monotonic() < deadline:
        if _listening(port):
            return child.poll() is None
        time.sleep(0.1)
    return False


def _end_child(child: subprocess.Popen, grace: float) -> int:
    """Stop the child if it still runs (SIGTERM, then SIGKILL after ``grace`` seconds); its exit status."""
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)
        try:
            return child.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            log.warning("Datasette (pid %s) did not stop within %.0fs: killing it", child.pid, grace)
            child.kill()
    return child.wait()


def run_serve(plan: ServePlan, on_ready: Callable[[str], None] | None = None, *,
              ready_timeout: float = 60.0, grace: float = 10.0) -> ServeResult:
    """Run Datasette until it exits or a stop signal arrives; the child never outlives this call.

    ``on_ready(url)`` is called once the server accepts connections. Raises :class:`ServeError` when
    Datasette exits with an error without having been asked to stop.
    """
    stop = _Stop()
    with _stop_signals(stop):
        child = subprocess.Popen(plan.command, start_new_session=True)  # terminal Ctrl-C reaches only us
        stop.child = child
        try:
            if stop.signum is not None:
                stop.request(stop.signum)
            elif _wait_ready(child, plan.port, ready_timeout, stop):
                if on_ready is not None:
                    on_ready(plan.url)
            elif child.poll() is None and stop.signum is None:
                log.warning("Datasette does not answer on %s after %.0fs; still waiting", plan.url, ready_timeout)
            child.wait()
        finally:
            returncode = _end_child(child, grace)
    if stop.signum is not None:
        return ServeResult(returncode, signal.Signals(stop.signum).name)
    if returncode != 0:
        raise ServeError(f"Datasette exited with status {returncode}", hint="See its messages above.")
    return ServeResult(returncode)
