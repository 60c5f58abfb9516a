"""`sentiment serve` as a process: busy port, correct pages while the store is written, clean stop on signals."""

from __future__ import annotations

import os
import queue
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from news_sentiment.reports import serve as serve_mod
from news_sentiment.reports.serve import ServeError, ServePlan, run_serve

SRC = Path(__file__).resolve().parents[2] / "src"
needs_datasette = pytest.mark.skipif(not serve_mod.datasette_available(),
                                     reason="datasette not installed (optional extra [serve])")


def _store(path: Path) -> Path:
    from news_sentiment.store.db import open_db

    open_db(path).close()
    return path


def _insert(conn: sqlite3.Connection, n: int, text: str) -> None:
    with conn:
        conn.execute("INSERT INTO articles (url, title, published, fetched_at, text, text_method, content_hash) "
                     "VALUES (?, ?, '2025-03-03T08:00:00+00:00', '2025-03-03T08:00:00+00:00', ?, 'feed', ?)",
                     (f"https://news.test/{n}", f"Story {n}", text, f"hash-{n}"))


class Serve:
    """`sentiment serve` in a subprocess with its own TMPDIR; the URL is read from its first stdout line."""

    def __init__(self, db: Path, tmpdir: Path, port: int = 0) -> None:
        tmpdir.mkdir(exist_ok=True)
        env = {**os.environ, "TMPDIR": str(tmpdir),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen([sys.executable, "-m", "news_sentiment", "serve", "--db", str(db),
                                      "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines.put), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr.append), daemon=True).start()

    @staticmethod
    def _pump(stream, sink) -> None:  # noqa: ANN001
        for line in stream:
            sink(line)

    def url(self, timeout: float = 60) -> str:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"serve printed nothing in {timeout}s; stderr: {''.join(self.stderr)}") from None
        assert line.startswith("Serving "), line
        return line.split(" at ", 1)[1].split()[0]

    def children(self) -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended while we looked
                continue
            if int(fields[1]) == self.proc.pid:
                found.append(int(stat.parent.name))
        return found

    def close(self) -> None:
        """Stop serve and its child even when the test failed (SIGTERM first: SIGKILL would orphan the child)."""
        children = self.children()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:  # already gone, as it should be
                pass


@pytest.fixture
def busy_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_busy_port_is_an_error_before_serving(tmp_path, busy_port):
    db = _store(tmp_path / "store.db")
    res = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", str(busy_port)])
    assert res.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{busy_port}" in res.stderr and "--port" in res.stderr
    assert "Serving" not in res.output


def test_dry_run_does_not_need_a_free_port(tmp_path, busy_port):
    db = _store(tmp_path / "store.db")
    res = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", str(busy_port), "--dry-run"])
    assert res.exit_code == 0 and f"--port {busy_port}" in res.output


def test_port_zero_becomes_a_free_port(tmp_path):
    plan = serve_mod.prepare_serve(_store(tmp_path / "store.db"), tmp_path, port=0, check_installed=False)
    assert plan.port > 0 and plan.url == f"http://127.0.0.1:{plan.port}/store"
    with socket.socket() as sock:  # free: we can bind it ourselves
        sock.bind(("127.0.0.1", plan.port))


def test_a_failing_server_is_an_error(tmp_path):
    plan = ServePlan(command=[sys.executable, "-c", "import sys; sys.exit(3)"], metadata_path=tmp_path / "m.json",
                     url="http://127.0.0.1:1/x", port=1)
    ready: list[str] = []
    with pytest.raises(ServeError, match="exited with status 3"):
        run_serve(plan, on_ready=ready.append)
    assert ready == []


@pytest.mark.slow
@needs_datasette
def test_busy_port_taken_after_the_check_still_exits_non_zero(tmp_path, busy_port):
    """The race the pre-check cannot close: Datasette's own bind failure is propagated."""
    db = _store(tmp_path / "store.db")
    plan = serve_mod.prepare_serve(db, tmp_path, port=0)
    plan = ServePlan(command=[c if c != str(plan.port) else str(busy_port) for c in plan.command],
                     metadata_path=plan.metadata_path, url=plan.url, port=busy_port)
    with pytest.raises(ServeError, match=r"Datasette exited with status [1-9]"):
        run_serve(plan, on_ready=lambda url: None)


@pytest.mark.slow
@needs_datasette
def test_pages_stay_correct_while_another_process_writes(tmp_path):
    db = _store(tmp_path / "live.db")
    text = "Shares rose as the index gained. " * 60  # ~2 kB a row, so checkpoints move many pages
    writer = sqlite3.connect(db, timeout=10, check_same_thread=False)
    for n in range(50):
        _insert(writer, n, text)
    server = Serve(db, tmp_path / "tmp")
    total, done, halt = 50, threading.Event(), threading.Event()

    def write() -> None:
        nonlocal total
        for n in range(50, 450):
            if halt.is_set():
                break
            _insert(writer, n, text)
            total = n + 1
            if n % 25 == 0:
                writer.execute("PRAGMA wal_checkpoint(PASSIVE)")
        done.set()

    thread = threading.Thread(target=write)
    try:
        url = server.url()
        sql = "select count(*) as n, sum(length(text)) as chars from articles"
        counts: list[int] = []
        with httpx.Client(timeout=30) as client:
            thread.start()
            while not done.is_set() or len(counts) < 20:
                res = client.get(f"{url}.json", params={"sql": sql, "_shape": "array"})
                assert res.status_code == 200, res.text
                (row,) = res.json()
                assert row["chars"] == row["n"] * len(text), row  # one consistent snapshot
                counts.append(row["n"])
            thread.join()
            final = client.get(f"{url}.json", params={"sql": sql, "_shape": "array"}).json()[0]["n"]
    finally:
        halt.set()
        if thread.is_alive():
            thread.join()
        server.close()
        writer.close()
    assert counts == sorted(counts), "a count went down"
    assert counts[0] >= 50 and len(set(counts)) > 3  # reads really overlapped the writes
    assert final == total == 450


@pytest.mark.slow
@needs_datasette
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_datasette_and_removes_temp_files(tmp_path, sig):
    db = _store(tmp_path / "store.db")
    tmpdir = tmp_path / "tmp"
    server = Serve(db, tmpdir)
    try:
        url = server.url()
        assert httpx.get(f"{url}.json", timeout=30).status_code == 200
        children = server.children()
        assert len(children) == 1, children
        assert [p.name for p in tmpdir.iterdir() if p.name.startswith("sentiment-serve-")]
        server.proc.send_signal(sig)
        assert server.proc.wait(timeout=30) == 0
    finally:
        server.close()
    assert not Path(f"/proc/{children[0]}").exists(), "Datasette outlived `sentiment serve`"
    assert list(tmpdir.iterdir()) == []
    assert f"Stopped ({sig.name})" in "".join(server.stderr)
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=5)
