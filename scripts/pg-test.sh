#!/usr/bin/env bash
# Starts and stops a throw-away PostgreSQL 15 server for the tests.
#
#   scripts/pg-test.sh start DIR   initdb into DIR/data (unless it is there),
#                                  start the server on 127.0.0.1 on a free port
#                                  and print ONE line to stdout: the base URL
#                                  postgres://helhet@127.0.0.1:PORT/ (the tests
#                                  append a database name). When DIR already
#                                  holds a running server, print its URL.
#   scripts/pg-test.sh stop DIR    stop the server (fast mode) and remove DIR.
#
# The server trusts every connection over loopback and over its unix socket
# (in DIR, readable by its owner only) and is tuned for tests, not for data:
# fsync, synchronous_commit and full_page_writes are off. The superuser is
# `helhet`. Its log is DIR/log. Run as root, the server runs as the system user
# helhet-pg (created once), since PostgreSQL refuses to run as root.
set -euo pipefail

PGBIN=/usr/lib/postgresql/15/bin
PGUSER_SYS=helhet-pg
ROLE=helhet

die() {
    echo "pg-test.sh: $*" >&2
    exit 1
}

usage() {
    echo "usage: scripts/pg-test.sh start|stop DIR" >&2
    exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2
[ -n "$dir" ] || usage
[ -x "$PGBIN/pg_ctl" ] || die "$PGBIN/pg_ctl not found (is postgresql-15 installed?)"

# Runs a command as the user the server runs as.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$PGUSER_SYS" -- "$@"
    else
        "$@"
    fi
}

# True when DIR/data holds a server that is running.
running() {
    [ -f "$dir/data/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" status -D "$dir/data" >/dev/null 2>&1
}

url() {
    echo "postgres://$ROLE@127.0.0.1:$1/"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port nothing listens on, from the range above the usual ephemeral ones'
# start (the server's bind is the real test: start_server retries on failure).
free_port() {
    local p i
    for i in $(seq 1 100); do
        p=$((20000 + RANDOM % 30000))
        if ! port_in_use "$p"; then
            echo "$p"
            return 0
        fi
    done
    die "found no free port on 127.0.0.1"
}

# Waits until the server on port $1 accepts connections as the test role.
wait_ready() {
    local i
    for i in $(seq 1 100); do
        if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$1" -U "$ROLE" -d postgres; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

init_cluster() {
    if [ "$(id -u)" -eq 0 ]; then
        if ! id -u "$PGUSER_SYS" >/dev/null 2>&1; then
            useradd --system --no-create-home --shell /usr/sbin/nologin "$PGUSER_SYS" ||
                id -u "$PGUSER_SYS" >/dev/null 2>&1 || die "could not create user $PGUSER_SYS"
        fi
        chown "$PGUSER_SYS": "$dir"
        runuser -u "$PGUSER_SYS" -- test -w "$dir" ||
            die "$dir is not writable by $PGUSER_SYS (is a parent directory closed to other users?)"
    fi
    # The bootstrap superuser is the test role itself.
    as_pg "$PGBIN/initdb" -D "$dir/data" -U "$ROLE" --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || die "initdb failed, see $dir/initdb.log"
    cat >"$dir/data/pg_hba.conf" <<'EOF'
# pg-test.sh: trust on loopback and the socket (in DIR, owner only), nothing else.
local   all  all                trust
host    all  all  127.0.0.1/32  trust
EOF
    cat >>"$dir/data/postgresql.conf" <<EOF

# pg-test.sh: a throw-away server for tests (the port is given at start)
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
max_connections = 300
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

# Starts the server on a free port; records the port in DIR/port.
start_server() {
    local port attempt
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        if as_pg "$PGBIN/pg_ctl" start -D "$dir/data" -l "$dir/log" -w -t 60 \
            -o "-p $port" >/dev/null 2>&1 9>&-; then
            echo "$port" >"$dir/port"
            wait_ready "$port" || die "the server on port $port does not accept connections, see $dir/log"
            return 0
        fi
        # A port taken meanwhile makes the start fail; anything else would fail
        # again, so look at the log before trying another port.
        if ! tail -n 20 "$dir/log" 2>/dev/null | grep -q 'could not bind\|Address already in use'; then
            die "the server did not start, see $dir/log"
        fi
    done
    die "the server did not start after $attempt attempts, see $dir/log"
}

start() {
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    # A unix socket path holds at most 107 bytes: DIR/.s.PGSQL.PORT must fit.
    [ ${#dir} -le 90 ] || die "$dir is too long for a unix socket directory (at most 90 bytes)"
    # One start at a time per DIR: several test files may ask at once. (The
    # server must not inherit fd 9, or it would hold the lock for its life.)
    exec 9>"$dir/.lock"
    flock 9
    if running; then
        [ -s "$dir/port" ] || die "a server runs in $dir/data but $dir/port is missing"
        url "$(cat "$dir/port")"
        return 0
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        [ ! -e "$dir/data" ] || die "$dir/data exists but is not a PostgreSQL data directory"
        init_cluster
    fi
    start_server
    url "$(cat "$dir/port")"
}

stop() {
    [ -e "$dir" ] || return 0
    dir=$(cd "$dir" && pwd -P)
    [ "$dir" != / ] || die "refusing to remove /"
    # Remove only what looks like ours: a data directory, or what start leaves.
    if [ ! -f "$dir/data/PG_VERSION" ] && [ ! -e "$dir/.lock" ]; then
        die "$dir does not look like a pg-test.sh directory; not removing it"
    fi
    if running; then
        as_pg "$PGBIN/pg_ctl" stop -D "$dir/data" -m fast -w -t 60 >/dev/null 9>&- ||
            die "could not stop the server in $dir/data"
    fi
    rm -rf -- "$dir"
}

case $cmd in
start) start ;;
stop) stop ;;
*) usage ;;
esac
