"""`sentiment update` end to end on local feed files (the shipped demo feeds, no network)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from tests.pipeline.test_steps import DEMO, demo_feed_copies

ROOT = Path(__file__).resolve().parents[2]
STEP_KEYS = {"step", "status", "detail", "counts", "skipped", "errors", "seconds"}


def store_state(path: Path) -> tuple[dict[str, int], str]:
    """Row counts per table and one checksum over every row of every table."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        counts, digest = {}, hashlib.sha256()
        for table in tables:
            rows = sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{table}"'))
            counts[table] = len(rows)
            digest.update(f"{table}:{len(rows)}:".encode() + "\n".join(rows).encode())
    finally:
        conn.close()
    return counts, digest.hexdigest()


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, ["update", *args], catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture
def feeds(tmp_path: Path) -> Path:
    demo_feed_copies(tmp_path)
    return tmp_path / "feeds.yaml"


def test_update_twice_the_second_run_does_no_work_and_writes_nothing(feeds, tmp_path):
    db = tmp_path / "s.db"
    res = CliRunner().invoke(cli, ["prices", "import", str(DEMO / "prices.csv"), "--db", str(db)])
    assert res.exit_code == 0, res.output
    code, out, err = run("--feeds", str(feeds), "--no-fulltext", "--db", str(db), "--json")
    assert code == 0, err
    first = {s["step"]: s for s in json.loads(out)["steps"]}
    assert [first[s]["status"] for s in ("ingest", "extract", "check", "narratives", "days")] == ["done"] * 5
    assert first["score"]["status"] in ("done", "unavailable")
    assert first["ingest"]["counts"]["new"] == 12 and first["check"]["counts"]["checked"] > 0
    before = store_state(db)
    code, out, err = run("--feeds", str(feeds), "--no-fulltext", "--db", str(db), "--json")
    assert code == 0, err
    again = json.loads(out)
    assert again["wrote"] is False
    assert {s["step"]: s["status"] for s in again["steps"]} == {
        "ingest": "unchanged", "extract": "unchanged", "score": "unchanged" if first["score"]["status"] == "done"
        else "unavailable", "check": "unchanged", "narratives": "unchanged", "days": "unchanged"}
    assert store_state(db) == before  # same row counts, same content


def test_update_skip_json_shape_and_summary(feeds, tmp_path):
    db = tmp_path / "s.db"
    skip = ["--skip", "extract", "--skip", "score", "--skip", "check", "--skip", "narratives", "--skip", "days"]
    code, out, err = run("--feeds", str(feeds), "--no-fulltext", "--db", str(db), "--json", *skip)
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"db", "started", "seconds", "wrote", "stopped_by", "runs", "steps"}
    assert data["wrote"] is True and data["runs"] == 1 and data["stopped_by"] is None
    assert [s["step"] for s in data["steps"]] == ["ingest", "extract", "score", "check", "narratives", "days"]
    assert all(set(s) == STEP_KEYS for s in data["steps"])
    assert [s["status"] for s in data["steps"]] == ["done"] + ["skipped"] * 5
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM extractions").fetchone()[0] == 0
    code, out, _ = run("--feeds", str(feeds), "--no-fulltext", "--db", str(db), *skip)  # the table summary
    assert code == 0 and "Update of" in out and "unchanged" in out and "Nothing new" in out


def test_the_cli_names_the_pipeline_steps_in_order():
    from news_sentiment.cli.update import STEPS
    from news_sentiment.pipeline import Step

    assert STEPS == tuple(s.value for s in Step)


@pytest.mark.parametrize(("text", "seconds"), [("30m", 1800.0), ("90s", 90.0), ("2h", 7200.0), ("1d", 86400.0),
                                               ("45", 45.0), ("1.5m", 90.0)])
def test_every_reads_durations(text, seconds):
    from news_sentiment.cli.update import Duration

    assert Duration().convert(text, None, None) == seconds


def test_update_bad_skip_and_every_are_usage_errors(feeds):
    code, _, err = run("--feeds", str(feeds), "--skip", "prices")
    assert code == 2 and "'prices' is not one of" in err
    code, _, err = run("--feeds", str(feeds), "--every", "soon")
    assert code == 2 and "not a duration" in err


def test_a_second_update_on_a_locked_store_exits_4_naming_the_first(feeds, tmp_path):
    from news_sentiment.store.locks import RunKind, run_lock

    db = tmp_path / "s.db"
    code, _, err = run("--feeds", str(feeds), "--no-fulltext", "--db", str(db), "--skip", "extract", "--skip", "score")
    assert code == 0, err
    with run_lock(str(db), RunKind.UPDATE):
        t0 = time.monotonic()
        code, out, err = run("--feeds", str(feeds), "--db", str(db), "--wait", "0.3")
    assert code == 4 and time.monotonic() - t0 >= 0.3
    assert f"another update run is working on {db} (pid {os.getpid()}" in err and "--wait SECONDS" in err


def test_every_failed_feed_exits_1(tmp_path):
    (tmp_path / "feeds.yaml").write_text("feeds:\n  - {name: gone, url: missing.xml}\n")
    code, out, err = run("--feeds", str(tmp_path / "feeds.yaml"), "--db", str(tmp_path / "s.db"), "--quiet",
                         "--skip", "extract", "--skip", "score")
    assert code == 1 and out == "" and "ingest: gone: " in err and "no such file" in err


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-m", "news_sentiment", "update", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_articles(db: Path, proc: subprocess.Popen, n: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                if conn.execute("SELECT count(*) FROM articles").fetchone()[0] >= n:
                    return
        except sqlite3.OperationalError:  # not created yet, or being written
            pass
        time.sleep(0.05)
    raise AssertionError(f"no {n} articles stored: {proc.communicate()}")


@pytest.mark.slow
def test_sigterm_mid_run_keeps_a_consistent_store_and_the_next_run_finishes(feeds, tmp_path):
    db = tmp_path / "s.db"
    proc = _start(["--feeds", str(feeds), "--no-fulltext", "--db", str(db), "--quiet"], tmp_path)
    _wait_for_articles(db, proc, 13)  # ingest committed; extraction is loading or running
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Stopped by SIGTERM: what was written is kept" in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 13
    code, out, err = run("--feeds", str(feeds), "--no-fulltext", "--db", str(db), "--json")
    assert code == 0, err
    steps = {s["step"]: s["status"] for s in json.loads(out)["steps"]}
    assert steps["ingest"] == "unchanged" and steps["extract"] == "done" and steps["narratives"] == "done"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM extractions").fetchone()[0] == 12
    before = store_state(db)
    code, out, _ = run("--feeds", str(feeds), "--no-fulltext", "--db", str(db), "--json")
    assert code == 0 and json.loads(out)["wrote"] is False and store_state(db) == before


def test_every_keeps_running_and_stops_cleanly_on_sigterm(feeds, tmp_path):
    db = tmp_path / "s.db"
    skip = ["--skip", "extract", "--skip", "score", "--skip", "check", "--skip", "narratives", "--skip", "days"]
    proc = _start(["--feeds", str(feeds), "--no-fulltext", "--db", str(db), "--json", "--every", "1h", *skip],
                  tmp_path)
    _wait_for_articles(db, proc, 13)
    time.sleep(0.5)  # the run's summary is printed, the loop waits for its next run
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    runs = [json.loads(line) for line in out.splitlines()]
    assert len(runs) == 1 and runs[0]["stopped_by"] is None and runs[0]["steps"][0]["status"] == "done"  # it finished
    assert "SIGTERM: stopping" in err


def test_report_checks_the_weeks_claims_itself_once_prices_cover_them(db, db_path, tmp_path):
    from tests.pipeline.test_steps import _add_closes, _claim_store

    _claim_store(db)  # a claim in an article of 2025-W10
    args = ["report", "--db", str(db_path), "--week", "2025-W10", "--format", "md"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    assert "1 claim not yet checked" in res.stdout
    assert db.execute("SELECT count(*) FROM claim_checks").fetchone()[0] == 0  # no prices: left "not checked"
    _add_closes(db, {"2025-02-28": 100.0, "2025-03-03": 104.0, "2025-03-07": 110.0})
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    assert db.execute("SELECT status FROM claim_checks").fetchall() == [("confirmed",)]
    assert "checked the week's claims against prices: 1 claims checked, 1 changed" in res.stderr
    assert "not yet checked" not in res.stdout


def test_a_step_whose_lock_is_held_fails_alone(feeds, tmp_path):
    from news_sentiment.store.locks import RunKind, run_lock

    db = tmp_path / "s.db"
    with run_lock(str(db), RunKind.INGEST):  # a `sentiment ingest` is running on the store
        code, out, err = run("--feeds", str(feeds), "--db", str(db), "--json", "--skip", "extract", "--skip", "score")
    assert code == 1
    steps = {s["step"]: s for s in json.loads(out)["steps"]}
    assert steps["ingest"]["status"] == "failed" and "another ingest run is working on" in steps["ingest"]["detail"]
    assert steps["narratives"]["status"] in ("done", "unchanged")  # the other steps still ran


def test_model_and_narratives_options_reach_their_steps(feeds, tmp_path):
    db = tmp_path / "s.db"
    (tmp_path / "empty-model").mkdir()
    (tmp_path / "bad.yaml").write_text("narratives: [not a mapping\n")
    code, out, err = run("--feeds", str(feeds), "--no-fulltext", "--db", str(db), "--json", "--skip", "extract",
                         "--model", str(tmp_path / "empty-model"), "--narratives", str(tmp_path / "bad.yaml"))
    steps = {s["step"]: s for s in json.loads(out)["steps"]}
    assert steps["score"]["status"] == "unavailable" and "empty-model" in steps["score"]["detail"]
    assert steps["narratives"]["status"] in ("unavailable", "failed") and steps["ingest"]["status"] == "done"
