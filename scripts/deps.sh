#!/usr/bin/env bash
# Installs the Debian packages Helhet needs to build, run and test, when they are
# missing. Called by `make run`, `make test` and `make bench`; safe to run again.
#   scripts/deps.sh build   - compiler and libraries (make run)
#   scripts/deps.sh test    - plus cmocka, sanitizer runtime, node, Chromium for the
#                             browser tests (make test), PostgreSQL 15 (the tests run
#                             on both engines: scripts/with-pg.sh) and haproxy (several
#                             servers behind it), and the tests' npm packages
#                             (tests/package.json: oidc-provider, jose, playwright-core,
#                             axe-core)
#   scripts/deps.sh bench   - plus wrk, PostgreSQL 15 and haproxy, and node, Chromium and
#                             the tests' npm packages for the browser run (p) of make
#                             bench (bench/page.mjs)
set -euo pipefail
want=(build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev libsodium-dev liblz4-dev liboath-dev libcurl4-openssl-dev libcjose-dev libutf8proc-dev zlib1g-dev sqlite3 clang-format tzdata)
case "${1:-build}" in
build) ;;
test) want+=(libcmocka-dev nodejs npm curl chromium postgresql-15 haproxy) ;;
bench) want+=(wrk curl nodejs npm chromium postgresql-15 haproxy) ;;
*) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac
missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# A machine may have node from elsewhere; only a missing node needs Debian's.
if [[ " ${missing[*]:-} " == *" nodejs "* ]] && command -v node >/dev/null; then
    missing=("${missing[@]/nodejs/}")
fi
# The same for npm (Node.js from elsewhere brings its own).
if [[ " ${missing[*]:-} " == *" npm "* ]] && command -v npm >/dev/null; then
    missing=("${missing[@]/npm/}")
fi
missing=($(printf '%s\n' "${missing[@]:-}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The API tests start a real OpenID Connect provider (npm: oidc-provider); the
# browser tests drive Debian's Chromium with playwright-core (which downloads no
# browser of its own) and check pages with axe-core. The packages come from the
# npm registry, pinned by tests/package-lock.json, and are installed again when
# the lock file is newer than what is installed.
if [ "${1:-build}" = test ] || [ "${1:-build}" = bench ]; then
    tests="$(dirname "$0")/../tests"
    if [ ! -d "$tests/node_modules" ] || [ "$tests/package-lock.json" -nt "$tests/node_modules" ]; then
        echo "deps: npm ci in tests/" >&2
        npm ci --prefix "$tests" --no-audit --no-fund >/dev/null
        touch "$tests/node_modules"
    fi
fi
