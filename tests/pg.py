"""A PostgreSQL server for the tests that run against both stores.

``$SENTIMENT_TEST_PG`` (a URL of a role that may CREATE DATABASE) names a running server; otherwise one is started
for the session with ``initdb`` and ``pg_ctl`` in a temporary folder (a free port on 127.0.0.1, a Unix socket in
that folder, password logins over TCP), as the ``postgres`` user when the tests run as root, and stopped at the end.
Without either, PostgreSQL cases skip, saying why. Each test gets a database of its own.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ENV = "SENTIMENT_TEST_PG"
PASSWORD = "sentiment-test"  # the throwaway server's superuser (logins over TCP need a password there)
_counter = itertools.count()


def _binaries() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[4]))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as(user: str | None, args: list[str]) -> None:
    if user:
        args = ["su", user, "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in args)]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)


def _server_user() -> str | None:
    """The user the server runs as: ``postgres`` when we are root (the server refuses root), else ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("running as root and there is no postgres user to run the server as") from None
    return "postgres"


def start_server(*, durable: bool = False) -> tuple[str, Path]:
    """Start a throwaway server in a new temporary folder: (its superuser URL, the folder for ``stop_server``).
    Raises RuntimeError saying why it cannot. Tests skip fsync; ``durable`` keeps it (and synchronous commits),
    as a real server runs, for benchmarks."""
    bin_dir = _binaries()
    if bin_dir is None:
        raise RuntimeError(f"no PostgreSQL server binaries (pg_ctl) found; install postgresql or set ${ENV}")
    user = _server_user()
    folder = Path(tempfile.mkdtemp(prefix="sentiment-pg-"))
    if user:
        shutil.chown(folder, user)
    data, port = folder / "data", _free_port()
    (folder / "pw").write_text(PASSWORD)
    _run_as(user, [str(bin_dir / "initdb"), "-D", str(data), "--auth-local=trust", "--auth-host=scram-sha-256",
                   "-U", "postgres", f"--pwfile={folder / 'pw'}", "--no-sync"])
    opts = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder}"
    opts += "" if durable else " -c fsync=off"
    _run_as(user, [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-o", opts, "-w", "start"])
    return f"postgresql://postgres:{PASSWORD}@127.0.0.1:{port}/postgres", folder


def stop_server(folder: Path) -> None:
    """Stop the server ``start_server`` started in ``folder`` and remove the folder."""
    bin_dir = _binaries()
    if bin_dir is not None:
        _run_as(_server_user(), [str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"])
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def local_server(*, durable: bool = False) -> Iterator[str]:
    """A throwaway server for the duration of the block; yields its superuser URL (see ``start_server``)."""
    url, folder = start_server(durable=durable)
    try:
        yield url
    finally:
        stop_server(folder)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def fresh_database(server: str, template: str | None = None) -> Iterator[str]:
    """A new database on the server for one test (empty, or a copy of ``template``); dropped afterwards."""
    import psycopg

    name = f"sentiment_test_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(server, autocommit=True) as conn:
        if template:  # a template must have no sessions: end those a test left open (its objects not yet freed)
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [template])
        conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    try:
        yield with_database(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":  # .ci/pg.sh: `python3 tests/pg.py start` prints shell assignments; `stop FOLDER`
    import sys

    if sys.argv[1:2] == ["start"]:
        server_url, server_folder = start_server()
        print(f"export {ENV}='{server_url}'; PG_CI_DIR='{server_folder}'")
    elif sys.argv[1:2] == ["stop"] and len(sys.argv) == 3:
        stop_server(Path(sys.argv[2]))
    else:
        sys.exit("usage: python3 tests/pg.py start | stop FOLDER")
