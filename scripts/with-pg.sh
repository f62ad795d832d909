#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL 15 server (scripts/pg-test.sh),
# with $HELHET_TEST_PG naming it, and stops the server afterwards, also when the
# command fails. Usage: scripts/with-pg.sh COMMAND [ARG...]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d "${TMPDIR:-/tmp}/helhet-pg-XXXXXX")
trap 'scripts/pg-test.sh stop "$dir" >/dev/null 2>&1 || rm -rf "$dir"' EXIT
HELHET_TEST_PG=$(scripts/pg-test.sh start "$dir")
export HELHET_TEST_PG
echo "with-pg: PostgreSQL at $HELHET_TEST_PG" >&2
"$@"
