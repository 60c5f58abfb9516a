"""Sentiment commands: classify (JSON Lines or --text), score (stored articles), why, scores (stored results)."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from news_sentiment.cli.main import (cli, cluster_from, cluster_options, db_option, format_option, open_db,
                                     print_rows, run_lock, wait_option)
from news_sentiment.jsonl import json_objects

CHUNK = 2048  # input lines classified together (keeps memory flat on huge inputs, output in order)


NO_INPUT_HINT = ("no input: classify reads JSON Lines on stdin, and stdin is a terminal.\n"
                 "  Pass a text:      sentiment classify --text \"BYD shares slump 8%\"\n"
                 "  or pipe objects:  echo '{\"id\": 1, \"text\": \"BYD shares slump 8%\"}' | sentiment classify\n"
                 "  or a file:        sentiment classify < texts.jsonl")


def _read_items(stream: TextIO) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, input object); report malformed lines on stderr with their line number and go on."""
    def report(lineno: int, reason: str) -> None:
        click.echo(f"line {lineno}: {reason}; skipped", err=True)

    yield from json_objects(stream, report)


def _output(item: dict[str, Any], pred: Any, model: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.get("id"), "label": pred.label, "scores": pred.scores, "model": model}
    if pred.target_absent:
        out["target_absent"] = True
    if pred.note:
        out["note"] = pred.note
    if pred.truncated:
        out["truncated"] = True
    return out


def _warn_truncated(where: str, pred: Any) -> None:
    from news_sentiment.nlp.sentiment import MAX_SENTENCES

    n = pred.sentences_dropped
    click.echo(f"Warning: {where}: text truncated: {n} sentence{'' if n == 1 else 's'} past the first "
               f"{MAX_SENTENCES} not scored (split the text to score all of it)", err=True)


def _classify_chunk(clf: Any, chunk: list[tuple[str, dict[str, Any]]]) -> None:
    """Classify (where, item) pairs and print one JSON line each; ``where`` names the input in warnings."""
    items = [it for _, it in chunk]
    texts = [it.get("text") if isinstance(it.get("text"), str) else "" for it in items]
    targets = [it.get("target") if isinstance(it.get("target"), str) else None for it in items]
    preds = clf.classify(texts, targets)
    for (where, item), pred in zip(chunk, preds):
        if pred.truncated:
            _warn_truncated(f"{where} (id {item.get('id')!r})" if item.get("id") is not None else where, pred)
    sys.stdout.write("".join(json.dumps(_output(it, p, clf.version)) + "\n" for it, p in zip(items, preds)))
    sys.stdout.flush()


@cli.command()
@click.option("--text", help="Classify this text instead of reading JSON Lines from stdin.")
@click.option("--target", help="With --text: the entity whose sentiment is asked.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False),
              help="Model folder (default: models/sentiment or $SENTIMENT_MODEL_DIR).")
def classify(text: str | None, target: str | None, model_dir: str | None) -> None:
    """Financial sentiment of texts: negative, neutral or positive (optionally toward a target).

    \b
    Reads JSON Lines {"id", "text", "target"?} on stdin, prints one object per line, in order:
    {"id", "label", "scores": {"negative", "neutral", "positive"}, "model"}
    (+ "target_absent": true when the target is not in the text; + "note" for empty text;
    + "truncated": true when part of a long text was not read: sentences past the first 200,
    with a warning on stderr; a sentence longer than the model's token limit is read in
    overlapping windows, never cut).
    With no --text and stdin a terminal, prints how to give input and exits 2.

    \b
    Examples:
        echo '{"id": 1, "text": "BYD shares slump 8% after price cuts", "target": "BYD"}' | sentiment classify
        sentiment classify --text "Chinese tech stocks have been on a tear"
        sentiment classify < texts.jsonl > labels.jsonl
    """
    from news_sentiment.nlp.sentiment import Classifier

    if target is not None and text is None:
        raise click.UsageError("--target needs --text (or put \"target\" in the JSON Lines input)")
    if text is None and sys.stdin is not None and sys.stdin.isatty():
        raise click.UsageError(NO_INPUT_HINT)
    clf = Classifier.load(model_dir)
    if text is not None:
        _classify_chunk(clf, [("--text", {"id": None, "text": text, "target": target})])
        return
    chunk: list[tuple[str, dict[str, Any]]] = []
    stdin = sys.stdin
    if hasattr(stdin, "buffer"):  # decode UTF-8 whatever the locale; bad bytes must not crash the run
        stdin = io.TextIOWrapper(stdin.buffer, encoding="utf-8", errors="replace")
    for lineno, item in _read_items(stdin):
        chunk.append((f"line {lineno}", item))
        if len(chunk) >= CHUNK:
            _classify_chunk(clf, chunk)
            chunk = []
    if chunk:
        _classify_chunk(clf, chunk)


@cli.command()
@click.option("--limit", type=click.IntRange(1), help="Score at most N articles.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False),
              help="Model folder (default: models/sentiment or $SENTIMENT_MODEL_DIR).")
@cluster_options()
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@wait_option
@db_option
def score(limit: int | None, model_dir: str | None, cluster_workers: int | None, cluster_address: str | None,
          as_json: bool, wait: float, db_path: str) -> None:
    """Score stored articles not yet scored by this model version (idempotent).

    \b
    Article sentiment = its sentences' scores, confidence-weighted, title counted double.
    With --workers or --cluster the model runs on Dask workers; this process writes the scores.
    Example:
        sentiment score --db sentiment.db
        sentiment score --workers 2
    """
    cluster = cluster_from(cluster_workers, cluster_address)
    db = open_db(db_path, "write")  # before the model loads: a mistyped --db fails at once
    try:
        with run_lock(db_path, "score", wait):
            if cluster is not None:
                from news_sentiment.pipeline.cluster import ClusterSession, ScorerSpec, score_on_cluster

                with ClusterSession(cluster) as session:
                    spec = ScorerSpec(model_dir and str(Path(model_dir).resolve()))
                    report = score_on_cluster(db, session.client(), spec, limit=limit, batch=cluster.batch)
            else:
                from news_sentiment.nlp.sentiment import Classifier
                from news_sentiment.pipeline.score import score_articles

                report = score_articles(db, Classifier.load(model_dir), limit=limit)
    finally:
        db.close()
    summary = {"model": report.model, "scored": report.scored, "entities": report.entities,
               "skipped": report.skipped, "errors": report.errors[:20], "seconds": report.seconds}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
    else:
        click.echo(f"scored {report.scored} articles with {report.model} in {report.seconds:.1f}s"
                   + (f"; {report.skipped} skipped" if report.skipped else ""))
        for err in report.errors[:5]:
            click.echo(f"  {err}", err=True)


@cli.command()
@click.argument("article_id", type=int)
@click.option("--model", help="Model version (default: the newest that scored the article).")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
@db_option
def why(article_id: int, model: str | None, as_json: bool, db_path: str) -> None:
    """Why an article scored as it did: its score and the sentences that weighed most.

    \b
    Each sentence's share is its part of the article score (title x2, the first two body
    sentences x1.5, times the model's confidence in the sentence).
    Example:
        sentiment why 42
    """
    import dataclasses

    from news_sentiment.store.scores import explain_article

    exp = explain_article(open_db(db_path, "read"), article_id, model)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(exp), ensure_ascii=False))
        return
    click.echo(f"article {exp.article_id}: {exp.title or '(no title)'}")
    click.echo(f"{exp.label} ({exp.scores[exp.label]:.2f}) by {exp.model} over {exp.sentences} sentences"
               + (f"; {exp.sentences_dropped} past the limit not scored" if exp.sentences_dropped else ""))
    for ev in exp.evidence:
        click.echo(f"  {ev['share']:6.1%}  {ev['label']:<8} [{ev['part']}] {ev['text']}")
    for ent in exp.entities:
        click.echo(f"  entity {ent['entity']}: {ent['label']} ({ent['scores'][ent['label']]:.2f})"
                   + (" (not mentioned: article score)" if ent["target_absent"] else ""))


@cli.command()
@click.option("--entity", default=None, help="Sentiment toward this entity (name, alias or ticker), not the article's.")
@click.option("--model", default=None, help="Only this model version (default: every version stored).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Published on or after this day.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Published on or before this day.")
@click.option("--article", type=click.IntRange(1), default=None, help="Only this article id.")
@click.option("--freq", type=click.Choice(["D", "W", "M"]), default=None,
              help="One row per day, week or month: confidence-weighted mean score and article count.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most N rows (newest first).")
@format_option()
@db_option
def scores(entity: str | None, model: str | None, since: Any, until: Any, article: int | None, freq: str | None,
           limit: int | None, fmt: str, db_path: str) -> None:
    """List stored sentiment: per article, or toward one entity; per day, week or month with --freq.

    score is positive minus negative probability (-1..1); negative, neutral and positive are the
    probabilities (0..1). The Python API's Store.sentiment() returns the same rows as a DataFrame.

    \b
    Example:
        sentiment scores --limit 20
        sentiment scores --entity Nvidia --freq D --format csv
    """
    from news_sentiment.api import Store

    with Store(db_path) as store:
        df = store.sentiment(entity=entity, model=model, since=since, until=until, article=article, freq=freq)
    if freq is None and limit:
        df = df.head(limit)
    elif limit:
        df = df.tail(limit)
    columns = list(df.columns)
    if fmt == "table":
        columns = ([c for c in columns if c not in ("negative", "neutral", "positive")] if freq else
                   ["article_id", "published", *(["entity"] if entity else []), "label", "score", "title"])
    print_rows(df.to_dict("records"), fmt, columns)
