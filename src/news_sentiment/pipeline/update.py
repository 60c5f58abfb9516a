"""update(): ingest → extract → score → check claims → narratives on one store, once or every N seconds.

Every step is idempotent, so a run after a run with nothing new does no work and writes nothing. A run holds
the store's ``update`` lock (and each step the lock of its kind, shared with `sentiment ingest`, `extract`
and `score`), so two runs on one store never overlap. SIGINT or SIGTERM asks for a stop: the step under way
ends after the page it is writing, later steps are not started, and a loop (``every``) ends; a second signal
stops at once (what was committed stays, and the next run goes on from there).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import sqlite_utils

from news_sentiment.errors import RunBusyError
from news_sentiment.pipeline.cluster import ClusterOptions, ClusterSession
from news_sentiment.pipeline.extract import extract_step
from news_sentiment.pipeline.results import Progress, Step, StepResult, StepStatus
from news_sentiment.pipeline.score import score_step
from news_sentiment.pipeline.steps import check_step, ingest_step, narratives_step
from news_sentiment.records import FeedSpec
from news_sentiment.store.db import OpenMode, open_db
from news_sentiment.store.locks import RunKind, run_lock

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_STEP_LOCKS = {Step.INGEST: RunKind.INGEST, Step.EXTRACT: RunKind.EXTRACT, Step.SCORE: RunKind.SCORE}


@dataclass(frozen=True)
class UpdateOptions:
    """What one update does. ``ingest`` is an ``news_sentiment.ingest.IngestOptions`` (None: its defaults)."""

    feeds: tuple[FeedSpec, ...] = ()
    ingest: Any = None
    skip: frozenset[Step] = frozenset()
    wait: float = 0.0  # seconds to queue behind another run on the store before giving up
    every: float | None = None  # seconds between the starts of runs; None: one run
    kb_dir: str | None = None
    model_dir: str | None = None
    narratives_config: str | None = None
    cluster: ClusterOptions | None = None  # extract and score on a Dask cluster (started when first needed)


@dataclass
class UpdateResult:
    """One run: each step's result in order. ``stopped_by`` names the signal that ended it early."""

    db_path: str
    started: str
    steps: list[StepResult] = field(default_factory=list)
    seconds: float = 0.0
    stopped_by: str | None = None
    runs: int = 1  # runs made by this call (``every``), this one the last

    @property
    def wrote(self) -> bool:
        return any(s.wrote for s in self.steps)

    @property
    def failed(self) -> list[StepResult]:
        return [s for s in self.steps if s.status is StepStatus.FAILED]

    @property
    def interrupted(self) -> bool:
        """A stop cut this run short (a step stopped or not started); later runs go on from what it wrote."""
        return any(s.status is StepStatus.STOPPED for s in self.steps)

    @property
    def had_errors(self) -> bool:
        return any(s.errors for s in self.steps if s.status is not StepStatus.UNAVAILABLE)

    def as_dict(self) -> dict[str, Any]:
        return {"db": self.db_path, "started": self.started, "seconds": round(self.seconds, 3),
                "wrote": self.wrote, "stopped_by": self.stopped_by, "runs": self.runs,
                "steps": [s.as_dict() for s in self.steps]}


class StopFlag:
    """A stop request (from a signal or a caller); called, it answers whether a stop was asked."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason: str | None = None

    def request(self, reason: str) -> None:
        self.reason = self.reason or reason
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()

    def sleep(self, seconds: float) -> bool:
        """Wait up to ``seconds``; True when a stop was asked meanwhile."""
        return self._event.wait(max(0.0, seconds))


@contextmanager
def stop_on_signals(flag: StopFlag) -> Iterator[None]:
    """SIGINT/SIGTERM set ``flag``; a second one stops at once (KeyboardInterrupt / SystemExit 128+n).
    Handlers are installed only in the main thread and restored afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: object) -> None:
        name = signal.Signals(signum).name
        if flag():
            log.warning("%s again: stopping now", name)
            if signum == signal.SIGINT:
                raise KeyboardInterrupt
            raise SystemExit(128 + signum)
        log.warning("%s: stopping after the current page (again to stop now)", name)
        flag.request(name)

    previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _run_step(step: Step, db: sqlite_utils.Database, options: UpdateOptions, progress: Progress | None,
              stop: StopFlag, cluster: ClusterSession | None) -> StepResult:
    def tick(done: int, total: int | None) -> None:
        if progress:
            progress(step, done, total)

    if step is Step.INGEST:
        return ingest_step(db, options.feeds, options.ingest, progress=tick)
    if step is Step.EXTRACT:
        return extract_step(db, kb_dir=options.kb_dir, progress=tick, stop=stop, cluster=cluster)
    if step is Step.SCORE:
        return score_step(db, model_dir=options.model_dir, progress=tick, stop=stop, cluster=cluster)
    if step is Step.CHECK:
        return check_step(db, kb=_kb(options.kb_dir))
    if step is Step.DAYS:
        from news_sentiment.pipeline.signals import refresh_days  # loads scipy.stats: only when the step runs

        return refresh_days(db, progress=tick, stop=stop)
    return narratives_step(db, options.narratives_config)


def _locked_step(step: Step, db_path: str, db: sqlite_utils.Database, options: UpdateOptions,
                 progress: Progress | None, stop: StopFlag, cluster: ClusterSession | None) -> StepResult:
    """A step under the lock of its kind; a `sentiment extract` or `score` holding it fails only this step."""
    kind = _STEP_LOCKS.get(step)
    try:
        with run_lock(db_path, kind, wait=options.wait) if kind else nullcontext():
            return _run_step(step, db, options, progress, stop, cluster)
    except RunBusyError as exc:
        log.warning("%s not run: %s", step, exc)
        return StepResult(step, StepStatus.FAILED, f"not run: {exc}", errors=[f"{exc} ({exc.hint})"])


def _kb(kb_dir: str | None) -> object | None:
    """The knowledge base extraction used (``--kb``), so that claims are checked against the same one."""
    if kb_dir is None:
        return None
    from news_sentiment.nlp.kb import load_kb

    return load_kb(kb_dir)


def run_once(db_path: str, options: UpdateOptions, *, progress: Progress | None = None,
             on_step: Callable[[StepResult], None] | None = None, stop: StopFlag | None = None,
             cluster: ClusterSession | None = None) -> UpdateResult:
    """One update of the store at ``db_path`` (created when ingest runs), under its update lock. With
    ``options.cluster``, extraction and scoring run on ``cluster`` (a session of its own when not given)."""
    if cluster is None and options.cluster is not None:
        with ClusterSession(options.cluster) as own:
            return run_once(db_path, options, progress=progress, on_step=on_step, stop=stop, cluster=own)
    stop = stop or StopFlag()
    t0 = time.perf_counter()
    result = UpdateResult(str(db_path), datetime.now(timezone.utc).isoformat(timespec="seconds"))
    mode = OpenMode.WRITE if Step.INGEST in options.skip else OpenMode.CREATE
    db = open_db(db_path, mode=mode)  # a mistyped --db fails before anything loads
    try:
        with run_lock(str(db_path), RunKind.UPDATE, wait=options.wait):
            for step in Step:
                if step in options.skip:
                    res = StepResult(step, StepStatus.SKIPPED, "skipped (--skip)")
                elif stop():
                    res = StepResult(step, StepStatus.STOPPED, f"not started: stop asked ({stop.reason})")
                else:
                    res = _locked_step(step, str(db_path), db, options, progress, stop, cluster)
                result.steps.append(res)
                if on_step:
                    on_step(res)
    finally:
        db.close()
    result.stopped_by = stop.reason
    result.seconds = time.perf_counter() - t0
    log.info("update of %s in %.1fs: %s", db_path, result.seconds,
             ", ".join(f"{s.step} {s.status}" for s in result.steps))
    return result


def update(db_path: str, options: UpdateOptions, *, progress: Progress | None = None,
           on_step: Callable[[StepResult], None] | None = None,
           on_run: Callable[[UpdateResult], None] | None = None, handle_signals: bool = True) -> UpdateResult:
    """Bring the store up to date: one run, or one every ``options.every`` seconds until SIGINT/SIGTERM.

    ``progress(step, done, total)`` follows the step under way, ``on_step`` gets each step's result and
    ``on_run`` each run's. Returns the last run's result (``runs``: how many were made). Raises RunBusyError
    when another update holds the store longer than ``options.wait`` at the first run; a later run of a
    loop that finds the store busy is skipped (logged) until the next turn.
    """
    stop = StopFlag()
    runs, result = 0, None
    with stop_on_signals(stop) if handle_signals else nullcontext(), \
            ClusterSession(options.cluster) if options.cluster else nullcontext() as cluster:
        while True:
            started = time.monotonic()
            try:
                result = run_once(db_path, options, progress=progress, on_step=on_step, stop=stop, cluster=cluster)
            except RunBusyError as exc:
                if result is None:  # the first run: the caller says so and stops
                    raise
                log.warning("run skipped: %s", exc)  # a later run of a loop waits for its next turn
            else:
                runs += 1
                result.runs = runs
                if on_run:
                    on_run(result)
            if options.every is None or stop() or stop.sleep(options.every - (time.monotonic() - started)):
                assert result is not None  # the first run either returned or raised
                result.stopped_by = stop.reason
                return result
