#!/usr/bin/env bash
# National data set benchmark: `dangvu gen --members N` (default 1,000,000) into a fresh SQLite database,
# timed end to end (one process, migrations included), then the size of the database it leaves and the
# gen process's peak resident memory. With BENCH_PG=postgresql://…/EMPTY_DB the same into PostgreSQL
# (the database's size as pg_database_size reports it, after a CHECKPOINT).
# Usage: bench/gen.sh [path/to/dangvu] [N] [SEED]. Target: 200,000 members/s on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/release/dangvu}")
N=${2:-1000000}
SEED=${3:-1}
work=$(mktemp -d /tmp/dangvu-bench-gen.XXXXXX)
trap 'rm -rf "$work"' EXIT

report() {  # engine seconds bytes
  printf 'gen of %d members, %s: %.1f s (%.0f members/s); database %.0f MB (%.0f bytes/member); gen peak memory %s MiB; load %s\n' \
    "$N" "$1" "$2" "$(echo "$N / $2" | bc -l)" "$(echo "$3 / 1048576" | bc -l)" "$(echo "$3 / $N" | bc -l)" \
    "$(awk '/Maximum resident/ {printf "%.0f", $6 / 1024}' "$work/time.log")" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

if [[ -z ${BENCH_PG:-} ]]; then
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$work/time.log" "$BIN" --data "$work/data" gen --members "$N" --seed "$SEED" 2>"$work/progress.log"
  end=$(date +%s.%N)
  # The WAL is empty after gen (it writes with the journal in memory), but count it if present.
  report SQLite "$(echo "$end - $start" | bc)" "$(cat "$work"/data/dangvu.db* | wc -c)"
else
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$work/time.log" "$BIN" --data "$work/data" --db "$BENCH_PG" gen --members "$N" --seed "$SEED" \
    2>"$work/progress.log"
  end=$(date +%s.%N)
  psql "$BENCH_PG" -qc 'CHECKPOINT' >/dev/null 2>&1 || true
  report PostgreSQL "$(echo "$end - $start" | bc)" "$(psql "$BENCH_PG" -Atc 'SELECT pg_database_size(current_database())')"
fi
