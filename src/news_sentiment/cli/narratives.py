"""Commands over narratives: `sentiment narratives` (weekly table) and `sentiment link` (narrative vs basket)."""

from __future__ import annotations

import json
import math
from typing import Any

import click

from news_sentiment.cli.main import cli, db_option, format_option, open_db, pct, print_json, print_rows

NARRATIVE_COLUMNS = ["week", "narrative", "source", "status", "articles", "article_share_pct", "share_95ci_pct",
                     "sentiment", "shift", "entities"]
NARRATIVE_DATA_COLUMNS = ["week", "narrative", "narrative_id", "source", "status", "articles", "article_share_pct",
                          "share_low_pct", "share_high_pct", "sentence_share_pct", "sentiment", "sentiment_n", "shift",
                          "shift_p", "shift_test", "shift_history", "headline", "entities", "baskets"]
ARTICLE_COLUMNS = ["week", "article_id", "published", "title", "narrative", "source", "score", "evidence"]


def _num(v: Any, fmt: str) -> str | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else format(v, fmt)


def _round(v: Any, digits: int) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), digits)


@cli.command()
@click.option("--week", help="ISO week like 2025-W10 (default: the latest week with articles).")
@click.option("--config", "config", type=click.Path(dir_okay=False),
              help="narratives.yaml (default: models/narratives.yaml).")
@click.option("--no-update", is_flag=True, help="Show stored results without recomputing.")
@click.option("--articles", "by_article", is_flag=True,
              help="List each article of the week with its narratives, score and the sentences that put it there.")
@format_option()
@db_option
def narratives(week: str | None, config: str | None, no_update: bool, by_article: bool, fmt: str,
               db_path: str) -> None:
    """Narrative intensity (with its 95 % interval), status, sentiment, shift and entities for one week.

    Shares are in percent of the week's articles; sentiment is positive minus negative probability (-1..1);
    shift is the z of a two-proportion test against the previous 4 weeks (shift_p its p-value; empty, with the
    reason in shift_test, below the minimum sample). Status: new, rising, fading, steady or retired
    (docs/narratives.md).

    Recomputes the weeks whose articles changed first (configured narratives from models/narratives.yaml,
    plus discovered ones whose ids stay stable week to week).

    \b
    Example:
        sentiment narratives
        sentiment narratives --week 2025-W10 --format json
        sentiment narratives --week 2025-W10 --articles --format csv
    """
    if by_article:
        _articles(week, config, no_update, fmt, db_path)
        return
    from news_sentiment.pipeline.narratives import narratives_report

    update, df = narratives_report(open_db(db_path, "read" if no_update else "write"), week, config=config,
                                   update=not no_update)
    if update is not None and fmt == "table":
        how = "unchanged, reused" if update.skipped else f"{update.articles} articles in {update.seconds:.1f}s"
        click.echo(f"{update.narratives} narratives ({update.discovered} discovered) over {update.weeks} weeks: {how}",
                   err=True)
    if df.empty:
        click.echo("No narrative statistics for that week (ingest articles first, or pick another --week).", err=True)
        if fmt != "table":  # still well-formed: an empty JSON array, a CSV header
            print_rows([], fmt, NARRATIVE_DATA_COLUMNS)
        return
    rows = [{"week": r["week"], "narrative": r["name"], "narrative_id": r["narrative_id"], "source": r["source"],
             "status": r["status"], "articles": r["articles"], "article_share_pct": pct(r["article_share"]),
             "share_low_pct": pct(r["share_low"]), "share_high_pct": pct(r["share_high"]),
             "sentence_share_pct": pct(r["sentence_share"]), "sentiment": _round(r["sentiment"], 3),
             "sentiment_n": r["sentiment_n"], "shift": _round(r["shift"], 2), "shift_p": _round(r["shift_p"], 4),
             "shift_test": r["shift_test"], "shift_history": r["shift_history"], "headline": r["headline"],
             "entities": list(r["entities"]), "baskets": list(r["baskets"])} for r in df.to_dict("records")]
    if fmt == "table":
        for row in rows:
            row["share_95ci_pct"] = f"{row['share_low_pct']}-{row['share_high_pct']}"
            row["sentiment"] = _num(row["sentiment"], "+.2f")
            row["shift"] = _num(row["shift"], "+.1f") or "n/a (small sample)"
    print_rows(rows, fmt, NARRATIVE_COLUMNS if fmt == "table" else NARRATIVE_DATA_COLUMNS)


def _articles(week: str | None, config: str | None, no_update: bool, fmt: str, db_path: str) -> None:
    from news_sentiment.pipeline.narratives import narrative_articles

    _, df = narrative_articles(open_db(db_path, "read" if no_update else "write"), week, config=config,
                               update=not no_update)
    rows = [{"week": r["week"], "article_id": r["article_id"], "published": r["published"], "title": r["title"],
             "narrative": r["narrative"], "source": r["source"], "score": _round(r["score"], 3),
             "evidence": r["evidence"]} for r in df.to_dict("records")]
    if not rows:
        click.echo("No article carries a narrative that week (ingest articles first, or pick another --week).",
                   err=True)
    if fmt == "table":
        for row in rows:
            row["evidence"] = " | ".join(f"{e['sentence'][:90]} ({e['similarity']:.2f})" for e in row["evidence"])
    elif fmt == "csv":
        for row in rows:
            row["evidence"] = json.dumps(row["evidence"])
    print_rows(rows, fmt, ARTICLE_COLUMNS)


@cli.command()
@click.option("--basket", help="Basket or index name from the knowledge base, e.g. \"7 titans\" (with --narrative).")
@click.option("--narrative", help="Narrative name or id, e.g. \"China AI catch-up\" (with --basket).")
@click.option("--entity", help="Instead of a narrative and basket: this entity's daily sentiment against its own "
              "returns (name, alias or ticker).")
@click.option("--benchmark", help="Benchmark basket, index or ticker: abnormal returns net of its moves (without one: "
              "constant-mean model).")
@click.option("--model", "event_model", type=click.Choice(["market", "market-adjusted", "constant-mean"]),
              help="Event-study model for a narrative (default: market with --benchmark, else constant-mean).")
@click.option("--max-lag", type=click.IntRange(0, 26), default=None,
              help="Largest lead/lag: weeks for a narrative (default 4), trading sessions for an entity (default 5).")
@click.option("--shift-threshold", default=2.0, show_default=True,
              help="What marks an event: a narrative's shift score, or the |z-score| of an entity's daily sentiment "
              "against its trailing 60 sessions.")
@click.option("--seed", default=0, show_default=True, help="Bootstrap seed.")
@format_option(("table", "json"))
@db_option
def link(basket: str | None, narrative: str | None, entity: str | None, benchmark: str | None,
         event_model: str | None, max_lag: int | None, shift_threshold: float, seed: int, fmt: str,
         db_path: str) -> None:
    """Does a narrative lead a basket's returns, or an entity's sentiment its own returns?

    With --basket and --narrative: weekly lead-lag correlations and an event study on shift weeks.
    With --entity: Spearman information coefficients of daily sentiment against the return 0..5
    sessions later (block-bootstrap 95% CIs; news counts on the first session after its UTC day, so
    no story is tested against a move it reports) and an event study on sentiment shocks (market
    model against --benchmark, signed CAR over sessions 0..5).

    Returns and abnormal returns are in percent (car_pct, mean_ar_pct); correlations and beta are unitless.
    A plain statement says when the data are too thin to conclude.

    Run `sentiment narratives` (for a narrative) and `sentiment prices import` first.

    \b
    Example:
        sentiment link --basket "7 titans" --narrative "China AI catch-up"
        sentiment link --basket "7 titans" --narrative "China AI catch-up" --benchmark "Hang Seng Index"
        sentiment link --entity Nvidia --benchmark "Nasdaq 100"
    """
    if entity is not None:
        if basket or narrative or event_model:
            raise click.UsageError("--entity tests an entity on its own: leave out --basket, --narrative and --model.")
        _link_entity(entity, benchmark, 5 if max_lag is None else max_lag, shift_threshold, seed, fmt, db_path)
        return
    if not (basket and narrative):
        raise click.UsageError("Give --basket and --narrative together, or --entity.")
    _link_narrative(basket, narrative, benchmark, event_model, 4 if max_lag is None else max_lag, shift_threshold,
                    seed, fmt, db_path)


def _event_json(es: Any, unit: str) -> dict[str, Any]:
    return {"model": es.model, "alpha_pct": pct(es.alpha), "beta": es.beta, "events": es.events,
            "n_events": es.n_events, "n_estimation": es.n_estimation, "car_pct": pct(es.car),
            "t_stat": es.t_stat, "car_ci_low_pct": pct(es.ci_low), "car_ci_high_pct": pct(es.ci_high),
            "thin": es.thin, "message": es.message,
            "path": [{f"rel_{unit}": r[f"rel_{unit}"], "mean_ar_pct": pct(r["mean_ar"]), "car_pct": pct(r["car"]),
                      "n_events": r["n_events"]} for r in es.path.to_dict("records")]}


def _lag_table(ll: Any, corr: str, digits: str = "+.2f") -> None:
    print_rows([{"lag": r["lag"], corr: _num(r[corr], digits),
                 "95% CI": f"[{_num(r['ci_low'], digits)}, {_num(r['ci_high'], digits)}]"
                 if not math.isnan(r["ci_low"]) else "n/a", "n": r["n"],
                 "note": "thin" if r["thin"] else ("CI excludes 0" if r["significant"] else "")}
                for r in ll.to_dict("records")], "table", ["lag", corr, "95% CI", "n", "note"])


def _event_table(es: Any, unit: str) -> None:
    if es.events:
        print_rows([{f"rel_{unit}": r[f"rel_{unit}"], "mean_ar_pct": pct(r["mean_ar"]), "car_pct": pct(r["car"])}
                    for r in es.path.to_dict("records")], "table", [f"rel_{unit}", "mean_ar_pct", "car_pct"])


def _link_entity(entity: str, benchmark: str | None, max_lag: int, threshold: float, seed: int, fmt: str,
                 db_path: str) -> None:
    from news_sentiment.api import Store

    with Store(db_path) as store:
        res = store.link(entity, benchmark=benchmark, max_lag=max_lag, threshold=threshold, seed=seed)
    panel = res.panel
    news = int(panel["sentiment"].notna().sum()) if len(panel) else 0
    if fmt == "json":
        print_json({"entity": res.entity, "ticker": res.ticker, "benchmark": res.benchmark,
                    "thin": [t.value for t in res.thin], "messages": res.messages,
                    "sessions": {"prices": len(panel), "news": news},
                    "ic": res.ic.to_dict("records"), "best": res.best,
                    "event_study": None if res.events is None else _event_json(res.events, "day")})
        return
    click.echo(f"{res.entity} ({res.ticker or 'no ticker'}): {len(panel)} trading sessions with prices, "
               f"{news} with scored news" + (f"; benchmark {res.benchmark}." if res.benchmark else "."))
    click.echo("Information coefficient (lag k: sentiment on a session vs the return k sessions later):")
    _lag_table(res.ic, "ic", "+.3f")
    es = res.events
    if es is not None:
        click.echo(f"Event study: {es.n_events} shock(s); model {es.model}"
                   + (f" (mean beta {es.beta:.2f})." if es.model == "market" else "."))
        _event_table(es, "day")
    for msg in res.messages:
        click.echo(msg)
    if res.thin:
        click.echo("Verdict: the data is too thin to conclude anything yet (" +
                   ", ".join(t.value.replace("_", " ") for t in res.thin) + ").")


def _link_narrative(basket: str, narrative: str, benchmark: str | None, event_model: str | None, max_lag: int,
                    shift_threshold: float, seed: int, fmt: str, db_path: str) -> None:
    from news_sentiment.pipeline.links import link_narrative_basket

    res = link_narrative_basket(open_db(db_path, "read"), narrative, basket, benchmark=benchmark, model=event_model,
                                max_lag=max_lag, seed=seed, shift_threshold=shift_threshold)
    es = res.events
    if fmt == "json":
        print_json({
            "narrative": res.narrative_name or res.narrative, "narrative_id": res.narrative, "basket": res.basket,
            "thin": res.thin, "messages": res.messages,
            "weeks": {"narrative": int(res.panel["intensity"].notna().sum()),
                      "returns": int(res.panel["return"].notna().sum())},
            "lead_lag": res.lead_lag.to_dict("records"), "best": res.best,
            "event_study": _event_json(es, "week"),
        })
        return
    n_nar = int(res.panel["intensity"].notna().sum())
    n_ret = int(res.panel["return"].notna().sum())
    n_both = int(res.panel[["intensity", "return"]].notna().all(axis=1).sum())
    click.echo(f"{res.narrative_name or res.narrative} vs {res.basket}: {n_nar} narrative weeks, "
               f"{n_ret} return weeks, {n_both} overlapping.")
    click.echo("Lead-lag (lag > 0: narrative leads returns by that many weeks):")
    _lag_table(res.lead_lag, "corr")
    click.echo(f"Event study: {es.n_events} event week(s) {', '.join(es.events) or ''}; "
               f"{es.n_estimation} estimation weeks; model {es.model}"
               + (f" (beta {es.beta:.2f})." if es.model == "market" else "."))
    _event_table(es, "week")
    for msg in res.messages:
        click.echo(msg)
    if res.thin:
        click.echo("Verdict: the data is too thin to conclude anything yet.")
