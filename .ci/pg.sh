# Sourced by .ci/run: a throwaway PostgreSQL server for the tests (issue 13).
# Installs Debian's postgresql when no server binary is found, then starts the same throwaway server the tests
# would start themselves (tests/pg.py: a temporary folder, a free loopback port with password logins), exports
# SENTIMENT_TEST_PG (tests/pg.py uses it instead of starting its own) and stops it, removing the folder, on exit.
# Leaves SENTIMENT_TEST_PG unset (the PostgreSQL tests then skip with their reason) when no server can be installed.

pg_start() {
    ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 \
        || { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; } \
        || { echo "PostgreSQL: no server binary could be installed; PostgreSQL tests will skip"; return 0; }
    local assignments
    assignments=$(python3 tests/pg.py start) || { echo "PostgreSQL: the throwaway server did not start"; return 1; }
    eval "$assignments"
    trap pg_stop EXIT
    echo "PostgreSQL for the tests: $(python3 -c 'import sys; from urllib.parse import urlsplit; u = urlsplit(sys.argv[1]); print(f"{u.hostname}:{u.port}")' "$SENTIMENT_TEST_PG") (SENTIMENT_TEST_PG)"
}

pg_stop() {
    [ -n "${PG_CI_DIR:-}" ] && python3 tests/pg.py stop "$PG_CI_DIR"
}
