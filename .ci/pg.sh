# Sourced by .ci/run: a throwaway PostgreSQL server for the tests (issue 13).
# Installs Debian's postgresql when no server binary is found, starts one in a temporary folder on a free loopback
# port (password logins over TCP, so the tests can check a wrong password; its Unix socket in that folder), exports
# SENTIMENT_TEST_PG (tests/pg.py uses it instead of starting its own) and stops it, removing the folder, on exit.
# Leaves SENTIMENT_TEST_PG unset (the PostgreSQL tests then skip with their reason) when no server can be installed.

pg_bindir() {
    local d
    command -v initdb >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v initdb)")"; return 0; }
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
    return 1
}

pg_start() {
    local bin dir port owner
    bin=$(pg_bindir) || { { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; } || true; bin=$(pg_bindir); } \
        || { echo "PostgreSQL: no server binary could be installed; PostgreSQL tests will skip"; return 0; }
    dir=$(mktemp -d /tmp/sentiment-ci-pg.XXXXXX)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    owner=$(id -un)
    if [ "$(id -u)" = 0 ]; then  # the server refuses to run as root: run it as the postgres user
        owner=postgres
        id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    fi
    chown "$owner" "$dir"
    _pg() { if [ "$owner" = "$(id -un)" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi; }
    echo sentiment-ci > "$dir/pw" && chown "$owner" "$dir/pw"
    _pg "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/pw" \
        -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { echo "PostgreSQL: initdb failed:"; cat "$dir/initdb.log"; return 1; }
    _pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -k $dir -p $port -c fsync=off -c max_connections=200" start >/dev/null \
        || { echo "PostgreSQL: the server did not start:"; cat "$dir/server.log"; return 1; }
    PG_CI_DIR=$dir PG_CI_BIN=$bin PG_CI_OWNER=$owner
    trap pg_stop EXIT
    export SENTIMENT_TEST_PG="postgresql://postgres:sentiment-ci@127.0.0.1:$port/postgres"
    echo "$("$bin/postgres" --version) for the tests on 127.0.0.1:$port (SENTIMENT_TEST_PG)"
}

pg_stop() {
    [ -n "${PG_CI_DIR:-}" ] || return 0
    if [ "$PG_CI_OWNER" = "$(id -un)" ]; then "$PG_CI_BIN/pg_ctl" -D "$PG_CI_DIR/data" -m fast -w stop >/dev/null 2>&1
    else runuser -u "$PG_CI_OWNER" -- "$PG_CI_BIN/pg_ctl" -D "$PG_CI_DIR/data" -m fast -w stop >/dev/null 2>&1; fi
    rm -rf "$PG_CI_DIR"
}
