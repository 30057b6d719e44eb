#!/usr/bin/env bash
# Roll-up benchmark: `dangvu gen --members N` (default 200,000) into a fresh SQLite database, then the
# subtree figures of the root, a province and a cell as of today, warm, from the roll-up aggregates
# (rollup_deltas: one primary-key range) against the plain-SQL baseline (closure join + GROUP BY
# over the placements open today), same data, same process: median and p99 of 50 runs each.
# Usage: bench/rollup.sh [path/to/dangvu] [N]. Target ([5/12]): p99 < 20 ms warm.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/release/dangvu}")
N=${2:-200000}
work=$(mktemp -d /tmp/dangvu-bench-rollup.XXXXXX)
trap 'rm -rf "$work"' EXIT

start=$(date +%s.%N)
"$BIN" --data "$work/data" gen --members "$N" 2>"$work/progress.log"
end=$(date +%s.%N)
printf 'gen of %d members with the roll-up rebuild: %.1f s\n' "$N" "$(echo "$end - $start" | bc)"
start=$(date +%s.%N)
"$BIN" --data "$work/data" rollup verify | tail -1
end=$(date +%s.%N)
printf 'rollup verify: %.1f s\n' "$(echo "$end - $start" | bc)"

python3 - "$work/data/dangvu.db" <<'PY'
import sqlite3, statistics, sys, time, datetime
db = sqlite3.connect(sys.argv[1])
today = datetime.date.today().isoformat()
root = db.execute("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetchone()[0]
# The province with the most members, and a random cell.
province = db.execute("SELECT o.id FROM orgs o WHERE o.parent_id = ? ORDER BY (SELECT COUNT(*) FROM org_tree t "
                      "WHERE t.ancestor_id = o.id) DESC LIMIT 1", (root,)).fetchone()[0]
cell = db.execute("SELECT org_id FROM members ORDER BY id LIMIT 1 OFFSET ?", (db.execute("SELECT COUNT(*) FROM members").fetchone()[0] // 2,)).fetchone()[0]
facility = "SELECT metric, SUM(delta) FROM rollup_deltas WHERE org_id = ? AND day <= ? GROUP BY metric"
facility_one = "SELECT COALESCE(SUM(delta), 0) FROM rollup_deltas WHERE org_id = ? AND metric = 'members' AND day <= ?"
baseline = ("SELECT m.status, m.gender, COUNT(*) FROM member_placements p JOIN org_tree t ON t.descendant_id = p.org_id "
            "JOIN members m ON m.id = p.member_id WHERE t.ancestor_id = ? AND p.from_date <= ? "
            "AND (p.to_date IS NULL OR p.to_date > ?) GROUP BY m.status, m.gender")
baseline_one = ("SELECT COUNT(*) FROM member_placements p JOIN org_tree t ON t.descendant_id = p.org_id "
                "WHERE t.ancestor_id = ? AND p.from_date <= ? AND (p.to_date IS NULL OR p.to_date > ?)")
def run(sql, args, n=50):
    db.execute(sql, args).fetchall()  # warm
    ms = []
    for _ in range(n):
        t = time.perf_counter(); db.execute(sql, args).fetchall(); ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    return statistics.median(ms), ms[int(len(ms) * 0.99) - 1]
print("| subtree | rows in rollup | members | all figures (facility) p50 / p99 ms | members only (facility) | "
      "baseline GROUP BY p50 / p99 ms | baseline COUNT | ratio (p50, all figures) |")
print("|---|---|---|---|---|---|---|---|")
for name, org in (("root", root), ("largest province", province), ("a cell", cell)):
    rows = db.execute("SELECT COUNT(*) FROM rollup_deltas WHERE org_id = ?", (org,)).fetchone()[0]
    members = db.execute(baseline_one, (org, today, today)).fetchone()[0]
    f = run(facility, (org, today)); f1 = run(facility_one, (org, today))
    b = run(baseline, (org, today, today), 10); b1 = run(baseline_one, (org, today, today), 10)
    print(f"| {name} | {rows:,} | {members:,} | {f[0]:.2f} / {f[1]:.2f} | {f1[0]:.2f} / {f1[1]:.2f} | "
          f"{b[0]:.1f} / {b[1]:.1f} | {b1[0]:.1f} / {b1[1]:.1f} | {b[0] / f[0]:.0f}× |")
PY
