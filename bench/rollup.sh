#!/usr/bin/env bash
# Roll-up benchmark: `dangvu gen --members N` (default 200,000) into a fresh SQLite database, then the
# subtree figures of the root, a province and a cell as of today, warm, from the roll-up aggregates
# (the facility's own queries: checkpointed totals plus the deltas since) against the plain-SQL
# baseline (closure join + GROUP BY over the placements open today), same data, same process: median
# and p99 of 50 runs each. Also the aggregate rows per member, the database size and gen's peak memory.
# Usage: bench/rollup.sh [path/to/dangvu] [N]. Target ([5/12]): p99 < 20 ms warm. BENCH_VERIFY=0 skips
# `rollup verify` (at 6 M it takes longer than the load); the baseline runs 10 times (3 above 1 M members).
# PostgreSQL: BENCH_PG=postgresql://…/DB holding a gen set already (bench/gen.sh with BENCH_PG, or
# `dangvu --db URL gen --members N`) runs the same reads through psql's \timing on it instead (the
# facility's statement with literals, prepared once as the server prepares its statements; "all figures" is
# one statement, as the facility reads it since it joined its seven reads with UNION ALL).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n ${BENCH_PG:-} ]]; then
  python3 - "$BENCH_PG" <<'PY'
import datetime, re, statistics, subprocess, sys
url = sys.argv[1]
def q(sql):
    return subprocess.run(['psql', url, '-X', '-At', '-c', sql], capture_output=True, text=True, check=True).stdout.strip()
def timed(statements, n):
    # Prepared once, as the server's db layer prepares every statement, then executed n + 1 times.
    # The server's sessions run with jit = off (src/db): JIT compiled the province's read for 57 ms.
    script = 'SET jit = off;\n' + ''.join(f'PREPARE s{i} AS {s};\n' for i, s in enumerate(statements))
    script += '\\timing on\n\\o /dev/null\n' + ''.join(f'EXECUTE s{i};\n' for i in range(len(statements))) * (n + 1)
    out = subprocess.run(['psql', url, '-X', '-q', '-v', 'ON_ERROR_STOP=1'], input=script, capture_output=True,
                         text=True, check=True).stdout
    t = [float(x) for x in re.findall(r'Time: ([0-9.]+) ms', out)]
    k = len(statements)
    runs = sorted(sum(t[i:i + k]) for i in range(k, len(t), k))  # the first run warms
    return statistics.median(runs), runs[max(0, int(len(runs) * 0.99) - 1)]
def lit(s): return "'" + s.replace("'", "''") + "'"
# The server's day (its default --utc-offset: +7 hours), which its checkpoint of the totals follows.
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date().isoformat()
root = q("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1")
province = q(f"SELECT o.id FROM orgs o WHERE o.parent_id = {root} ORDER BY (SELECT COUNT(*) FROM org_tree t "
             "WHERE t.ancestor_id = o.id) DESC LIMIT 1")
members_n = int(q("SELECT COUNT(*) FROM members"))
cell = q(f"SELECT org_id FROM members ORDER BY id LIMIT 1 OFFSET {members_n // 2}")
d = lit(today)
FIGURE = (f"CASE WHEN c.day <= {d} THEN t.total ELSE 0 END + COALESCE((SELECT SUM(x.delta) FROM rollup_deltas x "
          f"WHERE x.org_id = t.org_id AND x.metric = t.metric AND x.day > CASE WHEN c.day <= {d} THEN c.day ELSE '' END "
          f"AND x.day <= {d}), 0)")
FROM = "FROM rollup_totals t CROSS JOIN rollup_checkpoint c WHERE t.org_id = {org}"
def all_figures(org):
    # One statement, as rollup::Figures reads them (store::Read): the two ranges of names and the five
    # birth-day sums the age bands need, joined by UNION ALL.
    f = FROM.format(org=org)
    parts = [f"SELECT 0, t.metric, {FIGURE} {f} AND t.metric >= '' AND t.metric < 'birth_day:'",
             f"SELECT 0, t.metric, {FIGURE} {f} AND t.metric >= 'birth_day;'"]
    year = int(today[:4])
    for i, k in enumerate((31, 41, 51, 61, 71)):
        p = f"birth_day:{year - k:04d}"
        lo, hi = (p + '-', p + today[4:]) if today[4:] <= '-07-01' else (p + today[4:], p + '-99')
        parts.append(f"SELECT {i + 1}, NULL, COALESCE(SUM({FIGURE}), 0) {f} AND t.metric > {lit(lo)} AND t.metric <= {lit(hi)}")
    return [" UNION ALL ".join(parts)]
def members_only(org): return [f"SELECT {FIGURE} {FROM.format(org=org)} AND t.metric = 'members'"]
def baseline(org):
    return [f"SELECT m.status, m.gender, COUNT(*) FROM member_placements p JOIN org_tree t ON t.descendant_id = p.org_id "
            f"JOIN members m ON m.id = p.member_id WHERE t.ancestor_id = {org} AND p.from_date <= {d} "
            f"AND (p.to_date IS NULL OR p.to_date > {d}) GROUP BY m.status, m.gender"]
def baseline_one(org):
    return [f"SELECT COUNT(*) FROM member_placements p JOIN org_tree t ON t.descendant_id = p.org_id "
            f"WHERE t.ancestor_id = {org} AND p.from_date <= {d} AND (p.to_date IS NULL OR p.to_date > {d})"]
print(f"PostgreSQL: {members_n:,} members; aggregate rows {int(q('SELECT COUNT(*) FROM rollup_deltas')):,} deltas, "
      f"{int(q('SELECT COUNT(*) FROM rollup_totals')):,} totals; database {int(q('SELECT pg_database_size(current_database())')) // 1048576:,} MiB")
print("| subtree | members | all figures (facility) p50 / p99 ms | members only (facility) | "
      "baseline GROUP BY p50 / p99 ms | baseline COUNT | ratio (p50, all figures) |")
print("|---|---|---|---|---|---|---|")
n = 10 if members_n <= 1_000_000 else 3
for name, org in (("root", root), ("largest province", province), ("a cell", cell)):
    members = q(baseline_one(org)[0])
    f, f1 = timed(all_figures(org), 50), timed(members_only(org), 50)
    b, b1 = timed(baseline(org), n), timed(baseline_one(org), n)
    print(f"| {name} | {int(members):,} | {f[0]:.2f} / {f[1]:.2f} | {f1[0]:.2f} / {f1[1]:.2f} | "
          f"{b[0]:.1f} / {b[1]:.1f} | {b1[0]:.1f} / {b1[1]:.1f} | {b[0] / f[0]:.0f}× |")
PY
  exit
fi
BIN=$(realpath "${1:-build/release/dangvu}")
N=${2:-200000}
work=$(mktemp -d /tmp/dangvu-bench-rollup.XXXXXX)
trap 'rm -rf "$work"' EXIT

start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$work/peak" "$BIN" --data "$work/data" gen --members "$N" 2>"$work/progress.log"
end=$(date +%s.%N)
printf 'gen of %d members with the roll-up rebuild: %.1f s, peak memory %d MiB, database %d MiB\n' "$N" \
  "$(echo "$end - $start" | bc)" "$(( $(cat "$work/peak") / 1024 ))" "$(( $(stat -c %s "$work/data/dangvu.db") / 1048576 ))"
if [ "${BENCH_VERIFY:-1}" != 0 ]; then
  start=$(date +%s.%N)
  "$BIN" --data "$work/data" rollup verify | tail -1
  end=$(date +%s.%N)
  printf 'rollup verify: %.1f s\n' "$(echo "$end - $start" | bc)"
fi

python3 - "$work/data/dangvu.db" <<'PY'
import sqlite3, statistics, sys, time, datetime
db = sqlite3.connect(sys.argv[1])
# The server's day (its default --utc-offset: +7 hours), which its checkpoint of the totals follows.
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date().isoformat()
root = db.execute("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetchone()[0]
# The province with the most members, and a random cell.
province = db.execute("SELECT o.id FROM orgs o WHERE o.parent_id = ? ORDER BY (SELECT COUNT(*) FROM org_tree t "
                      "WHERE t.ancestor_id = o.id) DESC LIMIT 1", (root,)).fetchone()[0]
cell = db.execute("SELECT org_id FROM members ORDER BY id LIMIT 1 OFFSET ?", (db.execute("SELECT COUNT(*) FROM members").fetchone()[0] // 2,)).fetchone()[0]
# The facility's reads (src/rollup/store.cpp kSums, kFigure): per (organization, metric) its total as of
# the checkpoint plus its deltas since, one primary-key range each; "all figures" is everything but the
# birth days, then the birth days of the five years where an age band starts (rollup::Figures).
FIGURE = ("CASE WHEN c.day <= ? THEN t.total ELSE 0 END + COALESCE((SELECT SUM(d.delta) FROM rollup_deltas d "
          "WHERE d.org_id = t.org_id AND d.metric = t.metric AND d.day > CASE WHEN c.day <= ? THEN c.day ELSE '' END "
          "AND d.day <= ?), 0)")
sums = (f"SELECT t.metric, {FIGURE} FROM rollup_totals t CROSS JOIN rollup_checkpoint c "
        "WHERE t.org_id = ? AND t.metric >= ? AND t.metric < ?")
sums_from = (f"SELECT t.metric, {FIGURE} FROM rollup_totals t CROSS JOIN rollup_checkpoint c "
             "WHERE t.org_id = ? AND t.metric >= ?")
between = (f"SELECT COALESCE(SUM({FIGURE}), 0) FROM rollup_totals t CROSS JOIN rollup_checkpoint c "
           "WHERE t.org_id = ? AND t.metric > ? AND t.metric <= ?")
figure = f"SELECT {FIGURE} FROM rollup_totals t CROSS JOIN rollup_checkpoint c WHERE t.org_id = ? AND t.metric = ?"
class Facility:
    def __init__(self, all_metrics): self.all_metrics = all_metrics
    def execute(self, org, day):
        if not self.all_metrics:
            return db.execute(figure, (day, day, day, org, "members")).fetchall()
        out = dict(db.execute(sums, (day, day, day, org, "", "birth_day:")).fetchall())
        out.update(db.execute(sums_from, (day, day, day, org, "birth_day;")).fetchall())
        years = {k[11:]: v for k, v in out.items() if k.startswith("birth_year:")}
        for k in [k for k in out if k.startswith("birth_year:")]: del out[k]
        year, md = int(day[:4]), day[4:]
        for k in (31, 41, 51, 61, 71):
            y = f"{year - k:04d}"
            n = sum(v for yy, v in years.items() if yy < y)
            p = "birth_day:" + y
            if years.get(y):
                if md <= "-07-01": n += db.execute(between, (day, day, day, org, p + "-", p + md)).fetchone()[0]
                else: n += years[y] - db.execute(between, (day, day, day, org, p + md, p + "-99")).fetchone()[0]
            out[f"age>={k}"] = n
        return out
class Sql:
    def __init__(self, sql): self.sql = sql
    def execute(self, *args): return db.execute(self.sql, args).fetchall()
baseline = Sql("SELECT m.status, m.gender, COUNT(*) FROM member_placements p JOIN org_tree t ON t.descendant_id = p.org_id "
            "JOIN members m ON m.id = p.member_id WHERE t.ancestor_id = ? AND p.from_date <= ? "
            "AND (p.to_date IS NULL OR p.to_date > ?) GROUP BY m.status, m.gender")
baseline_one = Sql("SELECT COUNT(*) FROM member_placements p JOIN org_tree t ON t.descendant_id = p.org_id "
                "WHERE t.ancestor_id = ? AND p.from_date <= ? AND (p.to_date IS NULL OR p.to_date > ?)")
def run(q, args, n=50):
    q.execute(*args)  # warm
    ms = []
    for _ in range(n):
        t = time.perf_counter(); q.execute(*args); ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    return statistics.median(ms), ms[int(len(ms) * 0.99) - 1]
total_rows = db.execute("SELECT COUNT(*) FROM rollup_deltas").fetchone()[0]
members_n = db.execute("SELECT COUNT(*) FROM members").fetchone()[0]
print(f"aggregate rows: {total_rows:,} deltas ({total_rows / members_n:.1f} per member), "
      f"{db.execute('SELECT COUNT(*) FROM rollup_totals').fetchone()[0]:,} totals; checkpoint "
      f"{db.execute('SELECT day FROM rollup_checkpoint').fetchone()[0]}")
print("| subtree | rows in rollup | members | all figures (facility) p50 / p99 ms | members only (facility) | "
      "baseline GROUP BY p50 / p99 ms | baseline COUNT | ratio (p50, all figures) |")
print("|---|---|---|---|---|---|---|---|")
for name, org in (("root", root), ("largest province", province), ("a cell", cell)):
    rows = db.execute("SELECT COUNT(*) FROM rollup_deltas WHERE org_id = ?", (org,)).fetchone()[0]
    members = baseline_one.execute(org, today, today)[0][0]
    f = run(Facility(True), (org, today)); f1 = run(Facility(False), (org, today))
    n = 10 if members_n <= 1_000_000 else 3
    b = run(baseline, (org, today, today), n); b1 = run(baseline_one, (org, today, today), n)
    print(f"| {name} | {rows:,} | {members:,} | {f[0]:.2f} / {f[1]:.2f} | {f1[0]:.2f} / {f1[1]:.2f} | "
          f"{b[0]:.1f} / {b[1]:.1f} | {b1[0]:.1f} / {b1[1]:.1f} | {b[0] / f[0]:.0f}× |")
PY
