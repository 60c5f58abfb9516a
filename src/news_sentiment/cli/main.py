"""The `sentiment` command group and the pieces every command shares.

Commands live in sibling modules (one per area) and register themselves on ``cli``.
A command parses arguments, calls one library function and prints the result.
"""

from __future__ import annotations

import json
import logging
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
    """--db PATH, default ./sentiment.db or $SENTIMENT_DB."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=default_db_path,
        show_default="./sentiment.db or $SENTIMENT_DB",
        help="SQLite database file.",
    )(fn)


def format_option(choices: Sequence[str] = ("table", "json", "csv"), default: str = "table") -> Callable[[F], F]:
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
                        help="Output format.")


def print_rows(rows: Iterable[dict[str, Any]], fmt: str, columns: Sequence[str]) -> None:
    """Print dict rows as a rich table, JSON array or CSV."""
    rows = list(rows)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns, show_lines=False)
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
        # In a pipe or file there is no terminal width to respect: keep rows on one line where possible.
        Console(width=None if sys.stdout.isatty() else 240).print(table)
