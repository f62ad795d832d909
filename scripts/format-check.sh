#!/usr/bin/env bash
# Fails, listing the files, when any C file differs from .clang-format's layout.
set -uo pipefail
bad=0
for f in "$@"; do
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "format: $f is not formatted (run: make format)" >&2
        bad=1
    fi
done
[ $bad -eq 0 ] && echo "format: $# files follow .clang-format"
exit $bad
