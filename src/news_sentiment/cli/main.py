"""The `sentiment` command group and the pieces every command shares.

Commands live in sibling modules (one per area) and register themselves on ``cli``.
A command parses arguments, calls one library function and prints the result.
"""

from __future__ import annotations

import json
import logging
import math
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from news_sentiment.errors import SentimentError
from news_sentiment.config import default_db_path

F = TypeVar("F", bound=Callable[..., Any])


class SentimentGroup(click.Group):
    """Turns typed library errors into one clear message (and its fix) on stderr, exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SentimentError as exc:
            message = f"Error: {exc}"
            if exc.hint:
                message += f"\n  {exc.hint}"
            click.echo(message, err=True)
            ctx.exit(1)


@click.group(cls=SentimentGroup)
@click.version_option(package_name="news-sentiment")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to stderr.")
def cli(verbose: int) -> None:
    """news-sentiment: read markets through the news.

    \b
    Example:
        sentiment ingest                 # fetch feeds.yaml into sentiment.db
        sentiment articles --search "Hang Seng" --since 2025-03-01
    """
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def open_db(path: str, mode: str = "read") -> Any:
    """The store at ``path``: ``mode`` "create" (ingest, import), "write" (must exist) or "read" (must exist;
    read-only when it cannot be written). sqlite-utils, and with it pandas, is imported on first use."""
    from news_sentiment.store.db import OpenMode, open_db as open_store

    return open_store(path, mode=OpenMode(mode))


@contextmanager
def run_lock(db_path: str, kind: str, wait: float) -> Iterator[None]:
    """Hold the store's lock for one run of ``kind`` (see news_sentiment.store.locks)."""
    from news_sentiment.store.locks import RunKind, run_lock as lock

    with lock(db_path, RunKind(kind), wait=wait):
        yield


def wait_option(fn: F) -> F:
    """--wait SECONDS: queue behind another run of the same kind on the store instead of failing at once."""
    return click.option("--wait", "wait", type=click.FloatRange(0), default=0.0, show_default=True,
                        help="Seconds to wait for another run of this kind on the same store to finish.")(fn)


def db_option(fn: F) -> F:
    """--db PATH or URL, default ./sentiment.db or $SENTIMENT_DB."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=default_db_path,
        show_default="./sentiment.db or $SENTIMENT_DB",
        help="SQLite database file, or a PostgreSQL database as postgresql://USER@HOST:PORT/DBNAME.",
    )(fn)


def cluster_options(workers_flag: str = "--workers") -> Callable[[F], F]:
    """``--workers N`` (a local Dask cluster) and ``--cluster ADDRESS`` (a running one) for the NLP steps; the
    command gets ``cluster_workers`` and ``cluster_address`` (see :func:`cluster_from`)."""
    extra = 'needs pip install "news-sentiment[cluster]"'

    def decorate(fn: F) -> F:
        fn = click.option("--cluster", "cluster_address", metavar="tcp://HOST:8786", default=None,
                          help=f"Run the NLP on the Dask cluster whose scheduler is at this address ({extra}; "
                               "see docs/scaling.md).")(fn)
        return click.option(workers_flag, "cluster_workers", type=click.IntRange(1, 256), default=None,
                            help=f"Run the NLP on a local Dask cluster of N worker processes ({extra}).")(fn)

    return decorate


def cluster_from(workers: int | None, address: str | None, flag: str = "--workers") -> Any:
    """The pipeline's ClusterOptions for ``--workers``/``--cluster``, or None (run in this process)."""
    if workers is not None and address is not None:
        raise click.UsageError(f"{flag} starts a cluster on this machine, --cluster uses a running one: give one.")
    if workers is None and address is None:
        return None
    from news_sentiment.pipeline.cluster import ClusterOptions

    return ClusterOptions(workers=workers, address=address)


def with_progress_bar(label: str, run: Callable[..., Any]) -> Any:
    """``run(progress)`` under a transient progress bar that ``progress(done, total)`` moves."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return run(progress)


def format_option(choices: Sequence[str] = ("table", "json", "csv"), default: str = "table") -> Callable[[F], F]:
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
                        help="Output format.")


PCT_SUFFIX = "_pct"
PCT_DECIMALS = 2
_SIGNIFICANT = 12  # floats are written with at most 12 significant digits: 0.1 + 0.2 prints as 0.3


def pct(fraction: float | None) -> float | None:
    """A library fraction (0.0428) as percent points (4.28), for a ``_pct`` column; None and NaN stay missing."""
    return None if fraction is None or fraction != fraction else 100.0 * float(fraction)


def clean_value(value: Any) -> Any:
    """A value as JSON can carry it: NaN, inf, NaT and pd.NA → None; numpy scalars → Python numbers; dates →
    ISO strings; floats without binary noise; lists, tuples and dicts cleaned item by item."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, dict):
        return {str(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_value(v) for v in value]
    if hasattr(value, "isoformat"):  # date, datetime, pandas Timestamp (NaT has no valid isoformat)
        return None if value != value else value.isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        value = value.item()
    if isinstance(value, float):
        return float(f"{value:.{_SIGNIFICANT}g}") if math.isfinite(value) else None
    if isinstance(value, int):
        return value
    try:
        missing = bool(value != value)  # pd.NA and other missing markers
    except TypeError:
        missing = True
    return None if missing else str(value)


def _row_values(row: dict[str, Any], columns: Sequence[str]) -> dict[str, Any]:
    out = {}
    for c in columns:
        v = clean_value(row.get(c))
        if c.endswith(PCT_SUFFIX) and isinstance(v, (int, float)) and not isinstance(v, bool):
            v = round(float(v), PCT_DECIMALS)
        out[c] = v
    return out


def json_text(data: Any) -> str:
    """Strict JSON (no NaN or Infinity: missing values are null), indented, ending with a newline."""
    return json.dumps(clean_value(data), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def print_json(data: Any) -> None:
    sys.stdout.write(json_text(data))
    sys.stdout.flush()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    return value


def _table_cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column.endswith(PCT_SUFFIX) and isinstance(value, float):
        return f"{value:.{PCT_DECIMALS}f}%"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def print_rows(rows: Iterable[dict[str, Any]], fmt: str, columns: Sequence[str]) -> None:
    """Print dict rows as a rich table, JSON array or CSV: the same ``columns``, in the same order, in every format.

    The output conventions of every command live here: percentages are percent points in columns whose
    names end in ``_pct`` (two decimals; the library's fractions are multiplied by 100 by the command); a
    missing value is null in JSON and an empty cell in CSV and tables (never NaN); floats carry at most 12
    significant digits; lists are JSON arrays, and in CSV one cell joined by "; "; output ends with a newline.
    """
    values = [_row_values(row, columns) for row in rows]
    if fmt == "json":
        print_json(values)
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([_csv_cell(v[c]) for c in columns] for v in values)
    else:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        table = Table(*columns, show_lines=False)
        for v in values:  # cells are data, never rich markup ("[bold]" in a feed title prints as written)
            table.add_row(*(escape(_table_cell(c, v[c])) for c in columns))
        # In a pipe or file there is no terminal width to respect: keep rows on one line where possible.
        Console(width=None if sys.stdout.isatty() else 240).print(table)
