#!/usr/bin/env bash
# Meetings at national scale ([7/12]): `dangvu gen --members N` (default 6,000,000) then `gen --meetings 2025-07`
# (one held meeting a month for every cell, every member's attendance) into a fresh SQLite database — or into
# BENCH_DATA, a data directory that already holds a gen set (the members step is then skipped) — timing each
# load and the database's size; then one `serve` process (2 threads, page cache off) answers the per-unit
# summary GET /api/v1/meetings/summary?org_id=&from=2025-07-01&to=2026-06-30 for the root and for a random
# cell, signed in as an admin of the root, warm: median and p99 of 50 requests each (one at a time, curl's
# time_total). Beside it, the plain SQL a summary would need without the roll-up, on the same file: the held
# meetings and attendance of the subtree by month from the meetings table, and the attendance counted from
# the per-member rows (sqlite3, 5 runs, median).
# PostgreSQL: BENCH_PG=postgresql://…/EMPTY_DB does the same there (sizes by pg_database_size, the plain SQL
# through psql with \timing, jit off as the server's sessions run).
# BENCH_MEASURE_ONLY=1 with BENCH_DATA: only the requests and the plain SQL (the data already holds the meetings).
# Usage: bench/meetings.sh [path/to/dangvu] [N]. Target ([7/12]): p99 < 50 ms warm for both units.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/release/dangvu}")
N=${2:-6000000}
PORT=${BENCH_PORT:-18093}
if [[ -n ${BENCH_DATA:-} ]]; then
  data=$(realpath "$BENCH_DATA")
  work=$(mktemp -d /tmp/dangvu-bench-meetings.XXXXXX)
else
  work=$(mktemp -d /tmp/dangvu-bench-meetings.XXXXXX)
  data=$work/data
fi
cleanup() { [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null; [[ -z ${BENCH_KEEP:-} ]] && rm -rf "$work"; true; }
trap cleanup EXIT
db=$data/dangvu.db
DB=()
if [[ -n ${BENCH_PG:-} ]]; then
  DB=(--db "$BENCH_PG")
  mib() { echo $(( $(psql "$BENCH_PG" -Atc 'SELECT pg_database_size(current_database())') / 1048576 )); }
  q() { psql "$BENCH_PG" -Atc "$1"; }
else
  mib() { echo $(( $(cat "$db"* | wc -c) / 1048576 )); }
  q() { sqlite3 "$db" "$1"; }
fi

if [[ -z ${BENCH_DATA:-} ]]; then
  start=$(date +%s.%N)
  "$BIN" --data "$data" "${DB[@]}" gen --members "$N" 2>"$work/gen.log"
  printf 'gen --members %d: %.1f s, database %d MiB\n' "$N" "$(echo "$(date +%s.%N) - $start" | bc)" "$(mib)"
fi
if [[ -z ${BENCH_MEASURE_ONLY:-} ]]; then
before=$(mib)
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$work/peak" "$BIN" --data "$data" "${DB[@]}" gen --meetings 2025-07 2>"$work/meetings.log" | tail -1
printf 'gen --meetings 2025-07: %.1f s (the roll-up rebuild included), peak memory %d MiB, database %d -> %d MiB (+%d MiB)\n' \
  "$(echo "$(date +%s.%N) - $start" | bc)" "$(( $(cat "$work/peak") / 1024 ))" "$before" "$(mib)" "$(( $(mib) - before ))"
fi
q "SELECT 'meetings ' || COUNT(*) || ', attendance rows ' || SUM(invited) FROM meetings"

root=$(q "SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1")
cell=$(q "SELECT org_id FROM meetings ORDER BY (id * 7919) % 1000003 LIMIT 1")
printf 'bench-pw-%s\n' "$$" | "$BIN" --data "$data" "${DB[@]}" user add --username "bench$$" --role admin --org "$root" \
  --password-stdin >/dev/null
"$BIN" --data "$data" "${DB[@]}" serve --listen "127.0.0.1:$PORT" --threads 2 --page-cache 0 >"$work/serve.log" 2>&1 &
pid=$!
# Start-up moves the roll-up checkpoint to today (from gen's 2025-12-31: minutes at 6,000,000 members).
start=$(date +%s.%N)
for _ in $(seq 1 3000); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
printf 'serve ready in %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"
jar=$work/cookies
csrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=bench$$" --data-urlencode "password=bench-pw-$$" \
  --data-urlencode "_csrf=$csrf" "http://127.0.0.1:$PORT/login"

timed() {  # label url
  local url=$1 label=$2
  curl -s -o /dev/null -b "$jar" "$url"  # warm
  for _ in $(seq 1 50); do curl -s -o /dev/null -w '%{time_total}\n' -b "$jar" "$url"; done |
    sort -n | awk -v label="$label" '{ t[NR] = $1 * 1000 } END { printf "| %s | %.1f | %.1f |\n", label, t[int((NR + 1) / 2)], t[int(NR * 0.99)] }'
}
echo "| unit | summary p50 ms | p99 ms |"
echo "|---|---|---|"
q="from=2025-07-01&to=2026-06-30"
status=$(curl -s -o "$work/root.json" -w '%{http_code}' -b "$jar" "http://127.0.0.1:$PORT/api/v1/meetings/summary?org_id=$root&$q")
[[ $status == 200 ]] || { echo "summary: HTTP $status"; cat "$work/root.json"; exit 1; }
timed "http://127.0.0.1:$PORT/api/v1/meetings/summary?org_id=$root&$q" "root ($root)"
timed "http://127.0.0.1:$PORT/api/v1/meetings/summary?org_id=$cell&$q" "a cell ($cell)"
python3 - "$work/root.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
k = {x['counts_as']: x for x in s['kinds']}
print(f"root summary: {s['meetings']:,} meetings, {s['invited']:,} invited, regular held {k['regular']['held']:,} of "
      f"{k['regular']['expected']:,} expected, {len(s['units'])} direct units")
PY
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

python3 - "${BENCH_PG:-$db}" "$root" "$cell" <<'PY'
import re, sqlite3, statistics, subprocess, sys, time
target = sys.argv[1]
pg = target.startswith('postgresql://')
db = None if pg else sqlite3.connect(target)
def run(sql, args, n=5):
    if pg:
        stmt = sql.replace('?', str(args[0]))
        script = 'SET jit = off;\n\\timing on\n\\o /dev/null\n' + f'{stmt};\n' * (n + 1)
        out = subprocess.run(['psql', target, '-X', '-q'], input=script, capture_output=True, text=True, check=True).stdout
        return statistics.median([float(x) for x in re.findall(r'Time: ([0-9.]+) ms', out)][1:])
    db.execute(sql, args).fetchall()
    ms = []
    for _ in range(n):
        t = time.perf_counter(); db.execute(sql, args).fetchall(); ms.append((time.perf_counter() - t) * 1000)
    return statistics.median(ms)
by_month = ("SELECT substr(g.held_on, 1, 7), COUNT(*), SUM(g.invited), SUM(g.present), SUM(g.excused), SUM(g.absent) "
            "FROM meetings g JOIN org_tree t ON t.descendant_id = g.org_id WHERE t.ancestor_id = ? "
            "AND g.held_on >= '2025-07-01' AND g.held_on <= '2026-06-30' GROUP BY 1")
rows = ("SELECT a.state, COUNT(*) FROM meeting_attendance a JOIN meetings g ON g.id = a.meeting_id "
        "JOIN org_tree t ON t.descendant_id = g.org_id WHERE t.ancestor_id = ? "
        "AND g.held_on >= '2025-07-01' AND g.held_on <= '2026-06-30' GROUP BY a.state")
print("| unit | plain SQL: meetings by month (meetings table) ms | plain SQL: attendance from the per-member rows ms |")
print("|---|---|---|")
for name, org in (("root", sys.argv[2]), ("a cell", sys.argv[3])):
    n = 1 if name == "root" else 5
    print(f"| {name} | {run(by_month, (org,), n):.1f} | {run(rows, (org,), n):.1f} |")
PY
