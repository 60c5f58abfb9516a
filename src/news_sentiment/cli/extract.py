"""Commands over extraction: extract, claims, entities, strategists."""

from __future__ import annotations

import dataclasses
import json
import sys
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from news_sentiment.cli.main import (cli, cluster_from, cluster_options, db_option, format_option, open_db,
                                     print_rows, run_lock, wait_option, with_progress_bar)

METRICS = ("return", "market_value", "valuation", "revenue", "profit", "eps", "margin", "dividend", "volume_flows",
           "macro", "headcount", "stake", "price_level", "other")
KINDS = ("company", "index", "basket", "organization", "outlet", "product", "person", "place")
# nlp.modality.Modality's values, repeated so `--help` needs no NLP import (a test pins that they agree)
MODALITIES = ("actual", "forecast", "target", "guidance", "estimate", "expectation")
# analysis.checks.CheckStatus's values, likewise (pinned by tests/analysis/test_claims_cli.py)
STATUSES = ("confirmed", "close", "contradicted", "missed", "pending", "unverifiable")


@cli.command()
@click.option("--stdin", "use_stdin", is_flag=True,
              help='Read JSON Lines {"id", "text", "published"?} from stdin, print one JSON object per line; '
                   "no database.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Process at most N stored articles.")
@click.option("--force", is_flag=True, help="Re-process articles already extracted with this version.")
@click.option("--n-process", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Worker processes; 0 = one per CPU (at most 4), used when there are enough texts.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=16, show_default=True,
              help="Texts per spaCy batch (a batch also stops at 50,000 characters).")
@click.option("--kb", "kb_dir", type=click.Path(file_okay=False), default=None,
              help="Knowledge-base folder (default models/kb or $SENTIMENT_KB).")
@cluster_options()
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@wait_option
@db_option
def extract(use_stdin: bool, limit: int | None, force: bool, n_process: int, batch_size: int, kb_dir: str | None,
            cluster_workers: int | None, cluster_address: str | None, quiet: bool, as_json: bool, wait: float,
            db_path: str) -> None:
    """Extract entities, numeric claims, quotes and strategists.

    Without --stdin: every stored article (duplicates excluded) not yet processed with the current
    extractor version (code + spaCy model + knowledge base). Re-running does nothing new. An article the
    extractor fails on is listed and left pending, the others are written (exit code 3). With --workers
    or --cluster the extraction runs on Dask workers (--n-process is then unused) and this process writes
    the same rows a local run writes.

    \b
    Example:
        sentiment extract
        sentiment extract --workers 2
        cat docs.jsonl | sentiment extract --stdin > out.jsonl
    """
    from news_sentiment.nlp.extract import Extractor, auto_processes, extract_jsonl

    cluster = cluster_from(cluster_workers, cluster_address)
    if use_stdin:
        if cluster is not None:
            raise click.UsageError("--stdin extracts in this process: leave out --workers and --cluster.")
        extractor = Extractor.create(kb_dir, batch_size=batch_size, n_process=n_process or auto_processes())

        def on_error(msg: str) -> None:
            click.echo(f"Warning: stdin {msg}", err=True)

        extract_jsonl(sys.stdin, sys.stdout, extractor=extractor, on_error=on_error)
        return

    db = open_db(db_path, "write")  # before the model loads: a mistyped --db fails at once
    with run_lock(db_path, "extract", wait), ExitStack() as stack:
        if cluster is not None:
            from news_sentiment.pipeline.cluster import ClusterSession, ExtractorSpec, extract_on_cluster

            client = stack.enter_context(ClusterSession(cluster)).client()
            spec = ExtractorSpec(kb_dir and str(Path(kb_dir).resolve()), batch_size=batch_size)

            def run(progress: Any = None) -> Any:
                return extract_on_cluster(db, client, spec, limit=limit, force=force, progress=progress,
                                          batch=cluster.batch)
        else:
            from news_sentiment.pipeline.extract import run_extraction

            extractor = Extractor.create(kb_dir, batch_size=batch_size, n_process=n_process or auto_processes())

            def run(progress: Any = None) -> Any:
                return run_extraction(db, extractor, limit=limit, force=force, progress=progress)

        report = run() if quiet or as_json else with_progress_bar("extracting", run)
    _extract_summary(report, as_json, quiet)


def _extract_summary(report: Any, as_json: bool, quiet: bool) -> None:
    """The run's summary (JSON or one line), and the articles that failed on stderr (exit code 3)."""
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(report), indent=2))
    elif not quiet:
        rate = report.words / report.seconds if report.seconds else 0.0
        click.echo(f"{report.articles} articles extracted ({report.skipped} already done, {report.duplicates} duplicates skipped): {report.mentions} mentions, "
                   f"{report.claims} claims, {report.quotes} quotes in {report.seconds:.1f}s ({rate:,.0f} words/s)")
    if report.errors:  # those articles stay pending: the next run tries them again
        for err in report.errors[:10]:
            click.echo(f"  not extracted: {err}", err=True)
        n = len(report.errors)
        click.echo(f"{n} article{'s' if n != 1 else ''} not extracted (tried again next run; please report the error).",
                   err=True)
        sys.exit(3)


@cli.command()
@click.option("--entity", default=None, help="Claims about this entity (name, alias or ticker).")
@click.option("--metric", type=click.Choice(METRICS), default=None, help="Only this metric.")
@click.option("--since", default=None, help="Published on or after YYYY-MM-DD.")
@click.option("--until", default=None, help="Published on or before YYYY-MM-DD.")
@click.option("--speaker", default=None,
              help="Claims this person made or that stand in their quotes: full name in any case, or surname.")
@click.option("--modality", type=click.Choice(MODALITIES), default=None,
              help="Only reported actuals, or forecasts, targets, guidance, estimates or expectations.")
@click.option("--status", type=click.Choice(STATUSES), default=None,
              help="Only claims whose check has this outcome (with --check: the check just made; without: the "
                   "last stored check).")
@click.option("--article", "article", type=click.IntRange(1), default=None, help="Only claims of this article id.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most N claims.")
@click.option("--check", is_flag=True,
              help="Check price-move claims against stored prices: actuals confirmed, close or contradicted; "
                   "forecasts, targets, guidance and estimates pending until their period has passed, then "
                   "confirmed, close or missed; the rest unverifiable, with the reason.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="With --check: judge forecasts as of this day (YYYY-MM-DD; default the latest stored close).")
@format_option()
@db_option
def claims(entity: str | None, metric: str | None, since: str | None, until: str | None, speaker: str | None,
           modality: str | None, status: str | None, article: int | None, limit: int | None, check: bool,
           as_of: datetime | None, fmt: str, db_path: str) -> None:
    """List extracted numeric claims, newest first.

    A claim's value is in its unit column (percent: 10.0 = 10%); modality says whether it is a reported
    actual or a forecast, target, guidance, estimate or consensus expectation, and speaker who said it.
    With --check, actual is the measured figure in actual_unit (percent for percent claims, else price
    units), and as_of the day forecasts were judged on.

    \b
    Example:
        sentiment claims --entity "Hang Seng Tech Index" --metric return --since 2025-01-01
        sentiment claims --modality forecast --speaker Chanana --format json
        sentiment claims --metric return --check
        sentiment claims --check --status contradicted --since 2025-03-01
        sentiment claims --modality forecast --check --as-of 2025-12-31
    """
    from news_sentiment.pipeline.claims import list_claims
    from news_sentiment.store.extraction import CLAIM_COLUMNS

    if as_of is not None and not check:
        raise click.UsageError("--as-of applies to --check; add --check.")
    filters = {"entity": entity, "metric": metric, "since": since, "until": until, "speaker": speaker,
               "modality": modality, "status": status, "article": article, "limit": limit}
    # JSON and CSV carry the same columns; the table a readable subset.
    columns: tuple[str, ...] = (*CLAIM_COLUMNS, "subject_entity", "subject_id", "period_start", "period_end", "field",
                                "start", "end",
                                "article_title", "url", "id")
    if check:
        from news_sentiment.analysis.checks import CHECK_COLUMNS
        from news_sentiment.pipeline.claims import claims_with_checks

        rows = claims_with_checks(open_db(db_path, "write"), as_of=as_of.date() if as_of else None, **filters)
        columns = (*columns, *CHECK_COLUMNS)
        if fmt == "table":
            for row in rows:
                if row["actual"] is not None and row["actual_unit"] == "percent":
                    row["actual"] = f"{row['actual']:+.1f}%"
            columns = ("published", "subject", "metric", "value", "unit", "comparator", "direction",
                       "period_text", "modality", "speaker", "status", "actual", "reason")
    else:
        rows = list_claims(open_db(db_path, "read"), **filters)
        columns = CLAIM_COLUMNS if fmt == "table" else (*columns, "check_status")
    print_rows(rows, fmt, columns)


@cli.command()
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only this kind of entity.")
@click.option("--since", default=None, help="Count mentions in articles published on or after YYYY-MM-DD.")
@click.option("--until", default=None, help="Count mentions in articles published on or before YYYY-MM-DD.")
@click.option("--search", default=None, help="Only entities whose name or ticker contains this text (any case).")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most N entities.")
@format_option()
@db_option
def entities(kind: str | None, since: str | None, until: str | None, search: str | None, limit: int | None,
             fmt: str, db_path: str) -> None:
    """List entities found in stored articles, most mentioned first.

    CONFIDENCE is the mean link confidence of an entity's mentions: 1.0 an exact alias or ticker, 0.9 a
    generated alias (legal form, article or possessive dropped, an abbreviation), below 0.8 a fuzzy
    spelling match, 0 unlinked (a name the knowledge base does not know).

    \b
    Example:
        sentiment entities --kind basket
        sentiment entities --since 2025-03-01 --limit 20
        sentiment entities --search bank --format csv
    """
    from news_sentiment.store.extraction import ENTITY_COLUMNS, EntityQuery, list_entities

    rows = list_entities(open_db(db_path, "read"), EntityQuery(kind, since, until, search, limit))
    print_rows(rows, fmt, ENTITY_COLUMNS)


@cli.command()
@click.option("--firm", default=None, help="Only people whose firm contains this text (any case).")
@click.option("--since", default=None, help="Seen in articles published on or after YYYY-MM-DD.")
@click.option("--until", default=None, help="Seen in articles published on or before YYYY-MM-DD.")
@format_option()
@db_option
def strategists(firm: str | None, since: str | None, until: str | None, fmt: str, db_path: str) -> None:
    """Who is quoted or named with a role: firm, title, how often, stance, and their calls to date.

    STANCE is the mean sentiment score (positive minus negative, -1..1) of the articles they appear in.
    CALLS counts their forecasts, targets, guidance and estimates; confirmed, missed and pending are the
    outcomes of the last stored checks (run `sentiment claims --check` to bring them up to date).

    \b
    Example:
        sentiment strategists --format csv
        sentiment strategists --firm "Harrow Bank" --since 2025-01-01
    """
    from news_sentiment.store.extraction import STRATEGIST_COLUMNS, StrategistQuery, list_strategists

    print_rows(list_strategists(open_db(db_path, "read"), StrategistQuery(firm, since, until)), fmt,
               STRATEGIST_COLUMNS)
