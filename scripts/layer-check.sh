#!/usr/bin/env bash
# Keeps the shape of DESIGN.md checkable: layers know only downward, and all SQL
# lives in src/store/. Fails listing each place that breaks it.
set -uo pipefail
cd "$(dirname "$0")/.."
bad=0
report() { echo "layers: $1" >&2; bad=1; }

# SQL text only in the store
while IFS= read -r hit; do report "SQL outside src/store: $hit"; done < <(
    grep -rnE '"(SELECT |INSERT INTO |UPDATE [a-z_]+ SET|DELETE FROM |BEGIN|COMMIT|PRAGMA )' \
        src --include='*.c' --include='*.h' | grep -v '^src/store/')

# includes: what each layer may not see
check() { # DIR PATTERN WHY
    while IFS= read -r hit; do report "$hit ($3)"; done < <(
        grep -rnE "#include \"($2)" "src/$1" --include='*.c' --include='*.h')
}
check util 'http/|api/|domain/|trust/|store/|cmd/|events/' "util knows nothing above it"
check store 'http/|api/|domain/|cmd/|events/' "store knows no HTTP and no domain"
check events 'http/|api/|domain/|trust/|cmd/|store/driver\.h|store/[a-z_]*_store\.h' "the event bus knows the storage interface only"
check domain 'http/|api/|cmd/|store/driver\.h' "domain knows no HTTP and no SQL statements"
check trust 'http/|api/|cmd/|store/driver\.h' "trust knows no HTTP and no SQL statements"
check api 'store/driver\.h|store/[a-z_]*_store\.h|cmd/' "api reaches the store only through the domain"
[ $bad -eq 0 ] && echo "layers: src/ keeps its layers (SQL only in src/store)"
exit $bad
