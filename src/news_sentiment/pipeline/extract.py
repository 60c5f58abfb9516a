"""The extract step: run the extractor over stored articles not yet extracted with its version.

The store says which articles are pending and writes each one's rows (:mod:`news_sentiment.store.extraction`);
this module owns the run: pages, write batches, progress, stopping, the report.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlite_utils

from news_sentiment.pipeline.results import Step, StepResult, StepStatus, StopCheck
from news_sentiment.store import extraction as store
from news_sentiment.store.tx import transaction

if TYPE_CHECKING:
    from news_sentiment.nlp.extract import Extractor
    from news_sentiment.pipeline.cluster import ClusterSession
    from news_sentiment.nlp.records import Extraction

log = logging.getLogger(__name__)

WRITE_BATCH = 50  # articles written per transaction


@dataclass
class ExtractReport:
    articles: int = 0  # processed in this run
    skipped: int = 0  # already done with this version
    duplicates: int = 0  # stored duplicates of other articles, never extracted
    mentions: int = 0
    claims: int = 0
    quotes: int = 0
    words: int = 0
    seconds: float = 0.0
    version: str = ""
    errors: list[str] = field(default_factory=list)
    stopped: bool = False  # a stop was asked: the pages before it are written, the rest left for the next run


def article_document(title: str | None, text: str | None) -> tuple[str, int]:
    """The text the extractor reads: the title, a blank line, the body. Returns (doc, body offset)."""
    title = (title or "").strip()
    text = text or ""
    if not title or text.lstrip().startswith(title):
        return text, 0
    return f"{title}\n\n{text}", len(title) + 2


def run_extraction(db: sqlite_utils.Database, extractor: Extractor, *, limit: int | None = None,
                   force: bool = False, progress: Callable[[int, int], None] | None = None,
                   page: int = store.PAGE, stop: StopCheck | None = None) -> ExtractReport:
    """Extract every pending stored article (at most ``limit``), reading ``page`` articles at a time
    and writing every ``WRITE_BATCH`` in one transaction: a killed run keeps what it committed and the
    next run goes on from there. ``progress(done, total)`` is called after each article; ``stop()`` is
    asked before each page (True: end the run there, ``stopped`` set).
    """
    t0 = time.perf_counter()
    version = extractor.version
    report, step = start_report(db, version, limit=limit, force=force, progress=progress)
    for rows in store.iter_pending(db, version, limit=limit, force=force, page=page):
        if stop is not None and stop():
            report.stopped = True
            break
        _extract_page(db, extractor, rows, report, step)
    return finish_report(report, t0)


def start_report(db: sqlite_utils.Database, version: str, *, limit: int | None, force: bool,
                 progress: Callable[[int, int], None] | None) -> tuple[ExtractReport, Callable[[], None]]:
    """A run's report with what is already done counted, and the step to call after each article written
    (``progress(done, total)`` with the number of articles the run will process)."""
    report = ExtractReport(version=version)
    originals, report.duplicates = store.count_articles(db)
    pending = store.count_pending(db, version, force=force)
    report.skipped = originals - pending
    todo = pending if limit is None else min(pending, limit)
    if progress:
        progress(0, todo)

    def step() -> None:
        if progress:
            progress(report.articles, max(todo, report.articles))

    return report, step


def finish_report(report: ExtractReport, t0: float) -> ExtractReport:
    report.seconds = time.perf_counter() - t0
    log.info("extracted %d articles (%d already done) with %s in %.1fs", report.articles, report.skipped,
             report.version, report.seconds)
    return report


@dataclass
class ExtractedArticle:
    """One article's extraction, ready to write: its row (without the text), where the body starts in the
    document the extractor read, and its words (for the report's rate)."""

    article: dict[str, Any]
    extraction: Extraction
    body_offset: int
    words: int


def extract_rows(extractor: Extractor, rows: list[dict[str, Any]]) -> tuple[list[ExtractedArticle], list[str]]:
    """Extract a batch of article rows (id, title, text, published, language, word_count, content_hash) without
    touching the store: the articles extracted, in order, and one message per article the extractor failed on
    (left out). Each row's text is dropped from it. A local run and a cluster worker both call this."""
    docs = [article_document(r["title"], r["text"]) for r in rows]
    for r in rows:
        r.pop("text")  # the document holds it; one copy per batch is enough
    errors: list[str] = []
    done = [ExtractedArticle(art, ext, off, art.get("word_count") or len(doc.split()))
            for art, (doc, off), ext in zip(rows, docs, _extract_all(extractor, rows, docs, errors), strict=True)
            if ext is not None]  # a failed article is reported; the others are written
    return done, errors


def write_extracted(db: sqlite_utils.Database, version: str, done: list[ExtractedArticle], report: ExtractReport,
                    step: Callable[[], None]) -> None:
    """Write extracted articles ``WRITE_BATCH`` per transaction, in the order given, counting them in ``report``;
    ``step()`` after each article."""
    for i in range(0, len(done), WRITE_BATCH):
        chunk = done[i:i + WRITE_BATCH]
        with transaction(db):
            for item in chunk:
                store.save_extraction(db, item.article, item.extraction, version, item.body_offset)
        for item in chunk:
            report.articles += 1
            report.mentions += len(item.extraction.mentions)
            report.claims += len(item.extraction.claims)
            report.quotes += len(item.extraction.quotes)
            report.words += item.words
            step()


def _extract_page(db: sqlite_utils.Database, extractor: Extractor, rows: list[dict[str, Any]],
                  report: ExtractReport, step: Callable[[], None]) -> None:
    """Extract one page of articles and write them, ``WRITE_BATCH`` per transaction."""
    saved_n = extractor.n_process
    if len(rows) < 4 * extractor.batch_size:
        extractor.n_process = 1  # forking workers costs more than it saves on a few articles
    try:
        done, errors = extract_rows(extractor, rows)
    finally:
        extractor.n_process = saved_n
    report.errors += errors
    write_extracted(db, extractor.version, done, report, step)


# What the NLP stack raises on a text it cannot handle (spaCy's own errors are ValueErrors): that article is
# reported and left pending, the rest of the page is written.
ARTICLE_ERRORS = (ValueError, IndexError, KeyError, TypeError, RuntimeError)


def _extract_all(extractor: Extractor, rows: list[dict[str, Any]], docs: list[tuple[str, int]],
                 errors: list[str]) -> list[Extraction | None]:
    """The page's extractions in one batch; when the batch fails, article by article, so one article that
    breaks the extractor costs only itself (None, with its id and the error in ``errors``)."""
    items = [(doc, r["published"]) for r, (doc, _) in zip(rows, docs)]
    languages = [r.get("language") for r in rows]
    try:
        return list(extractor.extract_many(items, languages=languages))
    except ARTICLE_ERRORS as exc:
        log.warning("extraction of a page of %d articles failed (%s): retrying one by one", len(rows), exc)
    saved_n, extractor.n_process = extractor.n_process, 1
    out: list[Extraction | None] = []
    last: Exception | None = None
    try:
        for row, item, language in zip(rows, items, languages):
            try:
                out.extend(extractor.extract_many([item], languages=[language]))
            except ARTICLE_ERRORS as exc:
                log.error("article %s not extracted: %s: %s", row["id"], type(exc).__name__, exc)
                errors.append(f"article {row['id']}: {type(exc).__name__}: {exc}")
                out.append(None)
                last = exc
    finally:
        extractor.n_process = saved_n
    if last is not None and len(rows) > 1 and all(e is None for e in out):
        raise last  # every article fails: the extractor is broken, not one text
    return out


def default_extractor_pending(db: sqlite_utils.Database, kb_dir: str | None = None) -> int:
    """Articles the default extractor would process, known without loading spaCy (which costs seconds)."""
    from news_sentiment.nlp.extract import EXTRACTOR_VERSION, default_learned_tag
    from news_sentiment.nlp.kb import load_kb

    return store.count_pending_like(db, f"{EXTRACTOR_VERSION}+", f"+{default_learned_tag()}+{load_kb(kb_dir).version}")


_EXTRACTORS: dict[str, Extractor] = {}  # one per knowledge-base folder, kept across the runs of a process


def _default_extractor(kb_dir: str | None) -> Extractor:
    """The process-wide extractor (one process: updates are incremental), or one per other KB folder."""
    from news_sentiment.nlp.extract import Extractor, get_extractor

    if kb_dir is None:
        return get_extractor()
    if kb_dir not in _EXTRACTORS:
        _EXTRACTORS[kb_dir] = Extractor.create(kb_dir)
    return _EXTRACTORS[kb_dir]


def extract_step(db: sqlite_utils.Database, *, extractor: Extractor | None = None, kb_dir: str | None = None,
                 progress: Callable[[int, int], None] | None = None, stop: StopCheck | None = None,
                 cluster: ClusterSession | None = None) -> StepResult:
    """Extract what is pending. Without ``extractor`` the default one is loaded only when there is work: here,
    or on the workers of ``cluster`` when one is given."""
    t0 = time.perf_counter()
    if extractor is None and not default_extractor_pending(db, kb_dir):
        return StepResult(Step.EXTRACT, StepStatus.UNCHANGED,
                          "every article already extracted with this extractor and knowledge base",
                          skipped=store.count_articles(db)[0], seconds=time.perf_counter() - t0)
    if extractor is None and cluster is not None:
        from news_sentiment.pipeline.cluster import ExtractorSpec, extract_on_cluster

        r = extract_on_cluster(db, cluster.client(), ExtractorSpec(kb_dir), progress=progress, stop=stop,
                               batch=cluster.options.batch)
    else:
        r = run_extraction(db, extractor or _default_extractor(kb_dir), progress=progress, stop=stop)
    status = StepStatus.STOPPED if r.stopped else StepStatus.DONE if r.articles else StepStatus.UNCHANGED
    detail = (f"{r.articles} articles: {r.mentions} mentions, {r.claims} claims, {r.quotes} quotes "
              f"({r.skipped} already done)")
    return StepResult(Step.EXTRACT, status, detail,
                      {"articles": r.articles, "mentions": r.mentions, "claims": r.claims, "quotes": r.quotes},
                      skipped=r.skipped, errors=r.errors, seconds=time.perf_counter() - t0)
