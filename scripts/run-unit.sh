#!/usr/bin/env bash
# Runs each cmocka unit-test binary; fails if any fails.
set -uo pipefail
rc=0
for t in "$@"; do
    ASAN_OPTIONS=detect_leaks=1 "$t" || rc=1
done
exit $rc
