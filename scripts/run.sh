#!/usr/bin/env bash
# `make run`: create the demo database if it does not exist, then serve.
# Usage: scripts/run.sh DB_PATH LISTEN
set -euo pipefail
db="${1:-var/helhet.db}"
listen="${2:-127.0.0.1:8080}"
bin="${HELHET_BIN:-build/release/helhet}"
created=0
if [ ! -f "$db" ]; then
    echo "Creating the demo municipality in $db ..."
    "$bin" demo --db "sqlite:$db"
    created=1
fi
echo
echo "Helhet is starting on http://$listen"
echo "Open http://$listen/ in a browser to use the application (log-in below)."
# demo has just listed the log-ins; on later starts, list them here
[ "$created" = 1 ] || cat <<MSG
Demo log-ins (password for all: demo-passord):
  admin        administrator
  koordinator  Ola, coordinator in the follow-up service (koordinator)
  ke           the coordinating unit (koordinerende enhet)
  nav          the NAV caseworker
  kari         Kari, a citizen with an individual plan
  also: sara (coordinator), terapeut (DPS), lege (GP), gjeld (debt adviser),
        bolig (housing office)
MSG
cat <<MSG
Staff and administrators also need a one-time code at log-in ("otp"); the
current one: $bin user otp --user koordinator --db sqlite:$db
(each code works once; the citizen kari needs only the password).
API tokens: $bin token create --db sqlite:$db --user admin
Stop with Ctrl-C.

MSG
exec "$bin" serve --db "sqlite:$db" --listen "$listen"
