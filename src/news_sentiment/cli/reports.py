"""Commands for reading the results: report (weekly HTML/Markdown), demo (whole pipeline), serve (Datasette)."""

from __future__ import annotations

import tempfile

import click

from news_sentiment.cli.main import open_db, cli, db_option


@cli.command()
@click.option("--week", default=None, help="ISO week, e.g. 2025-W10 (default: the week of the newest article).")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "both"]), default="both", show_default=True,
              help="Output format.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the files [default: reports/]. With --format md and no --out, Markdown goes to stdout.")
@click.option("--tz", default="UTC", show_default=True, help="Timezone of the week's bounds (IANA name).")
@db_option
def report(week: str | None, fmt: str, out_dir: str | None, tz: str, db_path: str) -> None:
    """Weekly report: coverage, markets, narratives, sentiment, claims, strategists.

    HTML is one self-contained file (charts embedded, readable on a phone); Markdown suits terminals and email.
    The week's claims are checked against stored prices first (only checks that change are written),
    so the claims section needs no `claims --check`.

    \b
    Example:
        sentiment report --week 2025-W10                 # reports/2025-W10.html and .md
        sentiment report --week 2025-W10 --format md | less
    """
    from news_sentiment.pipeline import StepStatus, weekly_report

    to_stdout = fmt == "md" and out_dir is None
    formats = ("html", "md") if fmt == "both" else (fmt,)
    run = weekly_report(open_db(db_path, "write"), week, tz=tz, out_dir=None if to_stdout else (out_dir or "reports"),
                        formats=formats)
    result = run.report
    if run.check is not None and run.check.status is StepStatus.DONE:
        click.echo(f"checked the week's claims against prices: {run.check.detail}", err=True)
    if to_stdout:
        click.echo(result.markdown, nl=False)
        return
    for path in result.paths:
        if path.suffix in (".html", ".md"):
            click.echo(f"wrote {path}")
    if result.report.coverage.warning:
        click.echo(f"Warning: {result.report.coverage.warning}", err=True)


@cli.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default="demo/demo.db", show_default=True,
              help="Database the demo writes (created if needed).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="demo/reports", show_default=True,
              help="Folder for the report.")
@click.option("--tz", default="UTC", show_default=True, help="Timezone of the report's week.")
def demo(db_path: str, out_dir: str, tz: str) -> None:
    """Run the whole pipeline offline on a small example corpus shipped with the tool.

    Ingests fictional articles from local RSS files, imports synthetic prices, extracts claims and
    quotes, scores sentiment (when the model is installed), checks claims, updates narratives and
    writes the report for the latest week. Re-running does no duplicate work.

    \b
    Example:
        sentiment demo
    """
    from news_sentiment.demo import run_demo

    marks = {"done": "✓", "skipped": "·", "unavailable": "!"}

    def progress(step) -> None:  # noqa: ANN001 - DemoStep
        click.echo(f"{marks.get(step.status, '-')} {step.name:<10} {step.detail}")

    result = run_demo(db_path, out_dir, tz=tz, progress=progress)
    click.echo(f"\nReport for {result.week}: {result.html}")
    click.echo("Try next:")
    for line in (f"sentiment report --db {db_path} --week {result.week} --format md | less",
                 f"sentiment claims --db {db_path} --entity \"7 titans\"",
                 f"sentiment baskets --db {db_path} --asof 2025-03-07",
                 f"sentiment serve --db {db_path}",
                 "sentiment ingest                 # your own feeds from feeds.yaml"):
        click.echo(f"  {line}")


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--dry-run", is_flag=True, help="Print the Datasette command and metadata file instead of running.")
@db_option
def serve(port: int, dry_run: bool, db_path: str) -> None:
    """Browse the database with Datasette, read-only, on 127.0.0.1.

    Tables carry titles and descriptions; canned queries: claims by entity, contradicted claims,
    strategist ledger, narrative weekly series. Needs `pip install "news-sentiment[serve]"`.

    \b
    Safe while `sentiment ingest` writes to the same store: every page reads a consistent
    snapshot (read-only connections on the WAL store, not Datasette's immutable mode).
    A busy port is an error (exit 1). Ctrl-C, SIGTERM or SIGHUP stop Datasette and remove
    the temporary metadata.

    \b
    Example:
        sentiment serve --db demo/demo.db
        sentiment serve --port 0          # any free port; the URL is printed
    """
    from news_sentiment.reports.serve import prepare_serve, run_serve

    with tempfile.TemporaryDirectory(prefix="sentiment-serve-") as tmp:
        plan = prepare_serve(db_path, tmp, port=port, check_installed=not dry_run, check_port=not dry_run)
        if dry_run:
            click.echo(" ".join(plan.command))
            click.echo(plan.metadata_path.read_text(encoding="utf-8"))
            return
        result = run_serve(plan, on_ready=lambda url: click.echo(f"Serving {db_path} read-only at {url} "
                                                                 "(Ctrl-C to stop)"))
    if result.stopped_by:
        click.echo(f"Stopped ({result.stopped_by}).", err=True)
