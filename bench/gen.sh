#!/usr/bin/env bash
# National data set benchmark: `dangvu gen --members N` (default 1,000,000) into a fresh SQLite database,
# timed end to end (one process, migrations included), then the size of the database it leaves.
# Usage: bench/gen.sh [path/to/dangvu] [N] [SEED]. Target: 200,000 members/s on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/release/dangvu}")
N=${2:-1000000}
SEED=${3:-1}
work=$(mktemp -d /tmp/dangvu-bench-gen.XXXXXX)
trap 'rm -rf "$work"' EXIT

start=$(date +%s.%N)
"$BIN" --data "$work/data" gen --members "$N" --seed "$SEED" 2>"$work/progress.log"
end=$(date +%s.%N)
gen_s=$(echo "$end - $start" | bc)
# The WAL is empty after gen (it writes with the journal in memory), but count it if present.
bytes=$(cat "$work"/data/dangvu.db* | wc -c)
printf 'gen of %d members: %.1f s (%.0f members/s); database %.0f MB (%.0f bytes/member)\n' "$N" "$gen_s" \
  "$(echo "$N / $gen_s" | bc -l)" "$(echo "$bytes / 1048576" | bc -l)" "$(echo "$bytes / $N" | bc -l)"
