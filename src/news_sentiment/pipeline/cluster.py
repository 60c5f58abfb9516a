"""Extraction and scoring spread over a Dask cluster: a local one (``--workers N``) or a running one
(``--cluster tcp://host:8786``).

The client reads batches of pending articles from the store, with everything needed to process them (text,
publication date, language, the entities to score toward), and submits one task per batch; a worker builds its
extractor or sentiment model once per process (:func:`worker_model`, keyed by the spec) and runs the same pure
functions as a local run (:func:`~news_sentiment.pipeline.extract.extract_rows`,
:func:`~news_sentiment.pipeline.score.score_rows`). Workers never open the store: the client writes each batch
in one transaction through the same store functions, in article-id order whatever order the batches finish
in, so the stored rows are those of a serial run. A batch lost with a killed worker is run again by the
scheduler (and a failed one retried); nothing is written twice because nothing is written until its result is
back. Dask is imported only here, and only when a cluster is asked for.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

import sqlite_utils

from news_sentiment.errors import ClusterError, MissingExtraError
from news_sentiment.pipeline import extract as extract_run
from news_sentiment.pipeline import score as score_run
from news_sentiment.pipeline.results import StopCheck
from news_sentiment.store import extraction as extraction_store
from news_sentiment.store import scores as scores_store

if TYPE_CHECKING:
    from distributed import Client, Future

log = logging.getLogger(__name__)

BATCH = extract_run.WRITE_BATCH  # articles per task: one write transaction each
RETRIES = 2  # a task that raises is run again this often; a killed worker's tasks are rerun by the scheduler
IN_FLIGHT_PER_THREAD = 2  # batches submitted and not yet written, per worker thread: workers never wait
START_HINT = ("Start one with `dask scheduler`, then `dask worker tcp://HOST:8786` on each machine; "
              "or use --workers N for a cluster on this machine.")
SAME_INSTALL = "Install the same news-sentiment version, models and knowledge base on every worker machine."


@dataclass(frozen=True)
class ClusterOptions:
    """Where the NLP runs: ``workers`` local processes, or the scheduler at ``address``."""

    workers: int | None = None
    address: str | None = None
    batch: int = BATCH
    connect_timeout: float = 10.0  # seconds to reach the scheduler
    worker_timeout: float = 60.0  # seconds to wait for a first worker to join the scheduler

    def __post_init__(self) -> None:
        if (self.workers is None) == (self.address is None):
            raise ValueError("give either workers (a local cluster) or address (a running scheduler)")

    @property
    def where(self) -> str:
        return self.address or f"a local cluster of {self.workers} workers"


def import_distributed() -> ModuleType:
    """``distributed``, or MissingExtraError saying which extra installs it."""
    try:
        import distributed
    except ImportError as exc:
        raise MissingExtraError(f"running on a Dask cluster (--workers, --cluster) needs Dask distributed, which "
                                f"is not installed ({exc})", extra="cluster") from exc
    return distributed


@contextmanager
def dask_client(options: ClusterOptions) -> Iterator[Client]:
    """A client of a fresh local cluster (processes, one thread each, no dashboard, on 127.0.0.1) or of the
    scheduler at ``options.address`` with at least one worker; closed (and a local cluster stopped) on exit."""
    distributed = import_distributed()
    # Dask logs its start and stop at INFO: its loggers follow this program's level (`sentiment -v`) instead
    logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())
    if options.workers is not None:
        # no dashboard; the scheduler's small HTTP server (health, metrics) on a free port of 127.0.0.1
        with distributed.LocalCluster(n_workers=options.workers, threads_per_worker=1, processes=True,
                                      dashboard_address=None, host="127.0.0.1",
                                      scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as cluster, \
                distributed.Client(cluster, set_as_default=False) as client:
            yield client
        return
    try:
        client = distributed.Client(options.address, timeout=options.connect_timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"no Dask scheduler answers at {options.address}: {exc}", hint=START_HINT) from exc
    with client:
        try:
            client.wait_for_workers(1, timeout=options.worker_timeout)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"no worker joined the Dask scheduler at {options.address} within "
                               f"{options.worker_timeout:.0f}s", hint=START_HINT) from exc
        yield client


class ClusterSession:
    """A Dask client started on first use and closed with the session: an ``update --every`` loop keeps one
    cluster, and its loaded models, across its runs."""

    def __init__(self, options: ClusterOptions) -> None:
        self.options = options
        self._stack = ExitStack()
        self._client: Client | None = None

    def client(self) -> Client:
        if self._client is None:
            log.info("starting the Dask client (%s)", self.options.where)
            self._client = self._stack.enter_context(dask_client(self.options))
        return self._client

    def close(self) -> None:
        self._client = None
        self._stack.close()

    def __enter__(self) -> ClusterSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ----------------------------------------------------------------------------- worker side
class ModelSpec(Protocol):
    """How a worker builds its model: hashable (the per-process cache key) and picklable."""

    def build(self) -> Any: ...


@dataclass(frozen=True)
class ExtractorSpec:
    """The extractor a worker builds (its own models; ``kb_dir`` must name the same folder on every machine)."""

    kb_dir: str | None = None
    model: str | None = None
    batch_size: int = 16

    def build(self) -> Any:
        from news_sentiment.nlp.extract import Extractor

        return Extractor.create(self.kb_dir, self.model, batch_size=self.batch_size, n_process=1)


@dataclass(frozen=True)
class ScorerSpec:
    """The sentiment model a worker loads: one ONNX thread, as a worker runs one task per thread."""

    model_dir: str | None = None
    threads: int = 1

    def build(self) -> Any:
        from news_sentiment.nlp.sentiment import Classifier

        return Classifier.load(self.model_dir, threads=self.threads)


_MODELS: dict[Hashable, tuple[Any, threading.Lock]] = {}
_MODELS_LOCK = threading.Lock()


def worker_model(spec: ModelSpec) -> tuple[Any, threading.Lock]:
    """The model ``spec`` builds, once per process, with a lock: tasks sharing a multi-threaded worker take
    turns on it (spaCy pipelines are not thread-safe)."""
    with _MODELS_LOCK:
        if spec not in _MODELS:
            t0 = time.perf_counter()
            _MODELS[spec] = (spec.build(), threading.Lock())
            log.info("worker built %s in %.1fs", spec, time.perf_counter() - t0)
        return _MODELS[spec]


@dataclass
class BatchResult:
    """What a task sends back: the version that made it, the finished items in order, failures, batch size."""

    version: str
    items: list[Any]
    errors: list[str] = field(default_factory=list)
    size: int = 0


def _version_task(spec: ModelSpec) -> str:
    return worker_model(spec)[0].version


def _extract_task(spec: ModelSpec, rows: list[dict[str, Any]]) -> BatchResult:
    extractor, lock = worker_model(spec)
    with lock:
        done, errors = extract_run.extract_rows(extractor, rows)
    return BatchResult(extractor.version, done, errors, len(rows))


def _score_task(spec: ModelSpec, rows: list[dict[str, Any]]) -> BatchResult:
    scorer, lock = worker_model(spec)
    with lock:
        results, errors = score_run.score_rows(scorer, rows, score_run.article_errors())
    return BatchResult(scorer.version, results, errors, len(rows))


# ----------------------------------------------------------------------------- client side
def _result(future: Future) -> Any:
    """A task's result; a batch lost more often than the scheduler allows, or a lost scheduler, as ClusterError."""
    from distributed.comm.core import CommClosedError
    from distributed.scheduler import KilledWorker

    try:
        return future.result()
    except KilledWorker as exc:
        raise ClusterError(f"a batch was lost with its worker too many times: {exc}",
                           hint="Workers keep dying: check their logs and memory (`dask worker --memory-limit`).") \
            from exc
    except (CommClosedError, TimeoutError) as exc:
        raise ClusterError(f"lost the Dask cluster: {exc}", hint=START_HINT) from exc
    except (ImportError, OSError) as exc:  # raised on a worker: a missing package, spaCy model or file there
        raise ClusterError(f"a worker cannot run news-sentiment: {type(exc).__name__}: {exc}",
                           hint=SAME_INSTALL) from exc


def ordered_map(client: Client, task: Callable[..., Any], spec: ModelSpec, payloads: Iterable[Any]) -> Iterator[Any]:
    """``task(spec, payload)`` for each payload on the cluster, results yielded in payload order. At most
    ``IN_FLIGHT_PER_THREAD`` per worker thread are submitted and not yet yielded, so memory stays flat; the
    next payloads are submitted before a result is yielded, so workers keep busy while the caller writes."""
    window = max(2, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))
    queue: deque[Future] = deque()
    source = iter(payloads)
    done = object()
    try:
        while True:
            while len(queue) < window and (payload := next(source, done)) is not done:
                queue.append(client.submit(task, spec, payload, pure=False, retries=RETRIES))
            if not queue:
                return
            yield _result(queue.popleft())
    finally:
        if queue:
            client.cancel(list(queue))  # an error or an early stop: what was not written is left pending


def load_everywhere(client: Client, spec: ModelSpec) -> str:
    """Build the model ``spec`` names on every worker now, side by side (each keeps it for the run's batches),
    and return its version; ClusterError when the workers disagree (different installs)."""
    workers = list(client.nthreads())
    futures = [client.submit(_version_task, spec, workers=[w], allow_other_workers=True, pure=False,
                             retries=RETRIES) for w in workers]
    versions = {_result(f) for f in futures}
    if len(versions) != 1:
        raise ClusterError(f"workers disagree on the model version: {', '.join(sorted(versions))}", hint=SAME_INSTALL)
    return versions.pop()


def _same_version(result: BatchResult, version: str) -> BatchResult:
    if result.version != version:
        raise ClusterError(f"workers disagree on the model version: {result.version} and {version}",
                           hint=SAME_INSTALL)
    return result


def _until_stopped(pages: Iterable[list[dict[str, Any]]], stop: StopCheck | None, report: Any) -> Iterator[Any]:
    """The pages, until ``stop()`` says otherwise (``report.stopped`` set): asked before each is sent."""
    for rows in pages:
        if stop is not None and stop():
            report.stopped = True
            return
        yield rows


def extract_on_cluster(db: sqlite_utils.Database, client: Client, spec: ModelSpec, *, limit: int | None = None,
                       force: bool = False, progress: Callable[[int, int], None] | None = None,
                       stop: StopCheck | None = None, batch: int = BATCH) -> extract_run.ExtractReport:
    """:func:`~news_sentiment.pipeline.extract.run_extraction` with the extraction done on the cluster: the same
    rows, counts, progress and report. ``stop()`` is asked before each batch is sent; the batches already sent
    are written."""
    t0 = time.perf_counter()
    version = load_everywhere(client, spec)
    report, step = extract_run.start_report(db, version, limit=limit, force=force, progress=progress)
    pages = extraction_store.iter_pending(db, version, limit=limit, force=force, page=batch)
    for result in ordered_map(client, _extract_task, spec, _until_stopped(pages, stop, report)):
        _same_version(result, version)
        report.errors += result.errors
        extract_run.write_extracted(db, version, result.items, report, step)
    return extract_run.finish_report(report, t0)


def score_on_cluster(db: sqlite_utils.Database, client: Client, spec: ModelSpec, *, limit: int | None = None,
                     entities_for: score_run.EntitiesFor | None = scores_store.mentioned_entities,
                     progress: Callable[[int, int], None] | None = None, stop: StopCheck | None = None,
                     batch: int = BATCH) -> score_run.ScoreReport:
    """:func:`~news_sentiment.pipeline.score.score_articles` with the scoring done on the cluster: the same rows,
    counts, progress and report; each batch's entities are read here and travel with it."""
    t0 = time.perf_counter()
    model = load_everywhere(client, spec)
    report = score_run.ScoreReport(model=model)
    total = score_run.count_to_score(db, model, limit)
    pages = score_run.unscored_pages(db, model, limit=limit, batch=batch, entities_for=entities_for)
    done = 0
    for result in ordered_map(client, _score_task, spec, _until_stopped(pages, stop, report)):
        score_run.write_scored(db, model, _same_version(result, model).items, result.errors, report)
        done += result.size
        if progress:
            progress(done, max(total, done))
    return score_run.finish_report(report, t0)
