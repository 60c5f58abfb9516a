"""`sentiment update`: ingest → extract → score → check claims → narratives, once or every N minutes."""

from __future__ import annotations

import json
import re
import sys
from enum import IntEnum
from typing import Any

import click

from news_sentiment.cli.ingest import ingest_options, ingest_setup
from news_sentiment.cli.main import clean_value, cli, cluster_from, cluster_options, db_option, json_text, wait_option

STEPS = ("ingest", "extract", "score", "check", "narratives", "days")  # pipeline.Step's values, so --help imports nothing


class ExitCode(IntEnum):
    """What `sentiment update` exits with (128 + the signal's number when a signal cut a run short)."""

    OK = 0  # every step done, unchanged, skipped or unavailable
    FAILED = 1  # an error stopped the run, or a step failed (every feed failed)
    PARTIAL = 3  # the run finished, but some items failed (listed): they are tried again next run
    BUSY = 4  # another update holds the store (after --wait seconds)


class Duration(click.ParamType):
    """A duration such as 30m, 90s, 2h, 1d or a number of seconds → seconds (float)."""

    name = "duration"
    _UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, (int, float)):
            return float(value)
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(value).lower())
        if not m or float(m.group(1)) <= 0:
            self.fail(f"{value!r} is not a duration: write it as 30m, 90s, 2h or 1d", param, ctx)
        return float(m.group(1)) * self._UNITS[m.group(2)]


def _summary(result: Any, console: Any = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table("step", "status", "what it did", "secs", title=f"Update of {result.db_path}")
    for s in result.steps:
        table.add_row(str(s.step), str(s.status), escape(s.detail), f"{s.seconds:.1f}")
    (console or Console(width=None if sys.stdout.isatty() else 200)).print(table)
    if not result.wrote and not result.interrupted:
        click.echo("Nothing new: the store was already up to date.")


def _problems(result: Any) -> None:
    """Errors and a stop, on stderr (also with --quiet)."""
    for s in result.steps:
        for err in s.errors[:5]:
            click.echo(f"{s.step}: {err}", err=True)
    if result.interrupted:
        click.echo(f"Stopped by {result.stopped_by}: what was written is kept; the next run goes on from there.",
                   err=True)


def _exit_code(result: Any) -> int:
    import signal

    if result.interrupted and result.stopped_by:
        return 128 + int(signal.Signals[result.stopped_by])
    if result.failed:
        return ExitCode.FAILED
    return ExitCode.PARTIAL if result.had_errors else ExitCode.OK


@cli.command()
@ingest_options
@click.option("--skip", "skip", type=click.Choice(STEPS), multiple=True,
              help="Leave out this step (repeat for several).")
@click.option("--every", type=Duration(), default=None,
              help="Keep running: start a run every DURATION (30m, 2h, 90s) until SIGINT or SIGTERM.")
@click.option("--kb", "kb_dir", type=click.Path(file_okay=False), default=None,
              help="Knowledge-base folder for extraction (default models/kb or $SENTIMENT_KB).")
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="Sentiment model folder for scoring (default models/sentiment or $SENTIMENT_MODEL_DIR).")
@click.option("--narratives", "narratives_config", type=click.Path(dir_okay=False), default=None,
              help="narratives.yaml (default models/narratives.yaml).")
@cluster_options("--nlp-workers")
@wait_option
@db_option
def update(feeds_path: str, no_fulltext: bool, allow_private: bool, force: bool, workers: int, timeout: float,
           quiet: bool, as_json: bool, skip: tuple[str, ...], every: float | None, kb_dir: str | None,
           model_dir: str | None, narratives_config: str | None, cluster_workers: int | None,
           cluster_address: str | None, wait: float, db_path: str) -> None:
    """Bring the store up to date: ingest, extract, score, check claims, narratives, entity days.

    Each step does only what is new, so a run right after another does no work and writes
    nothing. Claims are checked once prices cover them (import closes with `sentiment prices
    import`); without a sentiment model or prices those steps are `unavailable` and the rest
    runs. The days step keeps the per-entity daily sums that `signals` and `link --entity`
    read. Extraction and scoring run on Dask workers with --nlp-workers (a local cluster;
    --workers is ingest's) or --cluster. One update runs on a store at a time: a second one exits with code 4 naming the
    first, or queues behind it with --wait. SIGINT or SIGTERM stops after the page being
    written (a second signal stops at once); the next run goes on from there.

    \b
    Exit codes: 0 done (or nothing to do); 1 error, or a step failed (every feed failed);
    3 done, but some items failed (listed; tried again next run); 4 another update holds
    the store; 130/143 stopped by SIGINT/SIGTERM before the run finished.
    With --json, one JSON object per run (one line each with --every).

    \b
    Example:
        sentiment update --feeds feeds.yaml
        sentiment update --no-fulltext --skip score --json
        sentiment update --every 30m --quiet
        sentiment update --nlp-workers 2
    """
    from news_sentiment.errors import RunBusyError
    from news_sentiment.pipeline import Step, UpdateOptions
    from news_sentiment.pipeline import update as run_update

    cluster = cluster_from(cluster_workers, cluster_address, "--nlp-workers")
    feeds, ingest = ingest_setup(feeds_path, no_fulltext, allow_private, force, workers, timeout)
    options = UpdateOptions(feeds=feeds, ingest=ingest, skip=frozenset(Step(s) for s in skip), wait=wait,
                            every=every, kb_dir=kb_dir, model_dir=model_dir, narratives_config=narratives_config,
                            cluster=cluster)
    show = not quiet and not as_json
    console: list[Any] = []  # the progress bar's console, which prints above the bar while it runs

    def on_run(result: Any) -> None:
        if as_json:  # one indented object, or with --every one line per run
            data = clean_value(result.as_dict())
            click.echo(json.dumps(data, ensure_ascii=False, allow_nan=False) if every else json_text(data),
                       nl=bool(every))
        elif show:
            _summary(result, console[0] if console else None)
        if not as_json:
            _problems(result)

    try:
        if show:
            result = _with_progress(console, lambda progress: run_update(db_path, options, progress=progress,
                                                                         on_run=on_run))
        else:
            result = run_update(db_path, options, on_run=on_run)
    except RunBusyError as exc:
        click.echo(f"Error: {exc}\n  {exc.hint}", err=True)
        sys.exit(ExitCode.BUSY)
    sys.exit(_exit_code(result))


def _with_progress(console: list[Any], run: Any) -> Any:
    """Run with one progress bar that follows the step under way (its console appended to ``console``)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True) as bar:
        task = bar.add_task("update", total=None)
        console.append(bar.console)

        def progress(step: Any, done: int, total: int | None) -> None:
            bar.update(task, description=str(step), completed=done, total=total)

        return run(progress)
