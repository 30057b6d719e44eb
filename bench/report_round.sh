#!/usr/bin/env bash
# Report round benchmark ([6/12]): a yearly round over every grassroots organization of a gen set (54,546
# at 6,000,000 members), then the completeness and the totals of the root and of the largest province as
# of today, warm, through the roll-up facility's own statement (rollup::FiguresNamed: one range of metric
# names, "round.R:" and "rnum.R."), against the plain SQL over the rows (round_units and report_numbers of
# the subtree through org_tree; it reads today only, where the facility answers for any day): median and
# p99 of 50 runs each, same data, same process (Python's sqlite3, the system SQLite the server links).
# The round is written by SQL in the shape the service writes (report_events, report_numbers with their
# days), with deterministic patterns by organization id: 5 % nothing, 5 % a draft, 5 % returned, 5 %
# awaiting review, the rest accepted; 10 % first submitted after the deadline; then the `reports` source
# alone is built by `dangvu migrate` (EnsureBuilt: a source never built is built by itself).
# Usage: BENCH_SQLITE_DATA=DIR bench/report_round.sh [path/to/dangvu]   (DIR: a gen set, bench/gen.sh)
# PostgreSQL: BENCH_PG=URL BENCH_PG_DATA=DIR (the set's data directory: its audit key) runs the same load and
# reads through psql (statements prepared once, jit off, as the server runs them).
# Target ([6/12]): p99 < 50 ms warm.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/release/dangvu}
if [[ -n ${BENCH_PG:-} ]]; then
  "$BIN" --data "${BENCH_PG_DATA:?the data directory of the set}" --db "$BENCH_PG" migrate >/dev/null
  python3 - "$BENCH_PG" <<'PY'
import subprocess, sys
url = sys.argv[1]
def q(sql): return subprocess.run(['psql', url, '-X', '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], capture_output=True, text=True, check=True).stdout.strip()
if q("SELECT COUNT(*) FROM report_rounds WHERE title = 'bench: year 2025'") != '0': sys.exit(0)
root = q("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1")
form = ('{"sections":[{"title":"I","fields":[{"key":"members_total","label":"T","type":"int"},'
        '{"key":"members_studied","label":"S","type":"int"},{"key":"members_absent","label":"A","type":"int"},'
        '{"key":"commitments","label":"C","type":"int"},{"key":"pct","label":"P","type":"percent","num":"members_studied",'
        '"den":"members_total"},{"key":"models","label":"M","type":"table","columns":[{"key":"people","label":"N","type":"int"}]}]}],"sums":[]}')
script = f"""
BEGIN;
WITH t AS (INSERT INTO report_templates (owner_org_id, name, current_version, created_at, updated_at)
           VALUES ({root}, 'bench', 1, 0, 0) RETURNING id),
     v AS (INSERT INTO report_template_versions (template_id, version, form, created_at)
           SELECT id, 1, '{form}', 0 FROM t RETURNING id)
INSERT INTO report_rounds (template_version_id, owner_org_id, title, period_kind, period_from, period_to, opens_on,
                           due_on, late_from, assigned_how, assigned_under, created_at, updated_at)
SELECT id, {root}, 'bench: year 2025', 'year', '2025-01-01', '2025-12-31', '2025-12-01', '2025-12-20', '2025-12-21',
       'grassroots', {root}, 0, 0 FROM v;
INSERT INTO round_units (round_id, org_id, status, top, report_values, first_submitted_on, submitted_on, accepted_on,
                         submissions, version, updated_at)
SELECT (SELECT id FROM report_rounds WHERE title = 'bench: year 2025'), o.id,
  CASE o.id % 20 WHEN 0 THEN 'not_started' WHEN 1 THEN 'draft' WHEN 2 THEN 'returned' WHEN 3 THEN 'submitted'
       ELSE 'accepted' END, 1, '{{}}',
  CASE WHEN o.id % 20 < 2 THEN NULL WHEN o.id % 10 = 4 THEN '2025-12-28' ELSE '2025-12-15' END,
  CASE WHEN o.id % 20 < 2 THEN NULL WHEN o.id % 10 = 4 THEN '2025-12-28' ELSE '2025-12-15' END,
  CASE WHEN o.id % 20 >= 4 THEN '2026-01-05' END, CASE WHEN o.id % 20 < 2 THEN 0 ELSE 1 END, 1, 0
FROM orgs o JOIN org_types ty ON ty.code = o.type_code
WHERE ty.level = 2 AND o.ended_on IS NULL AND o.founded_on <= '2025-12-01';
INSERT INTO report_events (round_unit_id, kind, seq, on_day, report_values, comment, at)
SELECT id, 'submit', 1, first_submitted_on, '{{}}', '', 0 FROM round_units WHERE first_submitted_on IS NOT NULL
  AND round_id = (SELECT id FROM report_rounds WHERE title = 'bench: year 2025');
INSERT INTO report_events (round_unit_id, kind, seq, on_day, comment, at)
SELECT id, 'return', 0, '2026-01-02', 'Bổ sung', 0 FROM round_units WHERE status = 'returned'
  AND round_id = (SELECT id FROM report_rounds WHERE title = 'bench: year 2025');
INSERT INTO report_events (round_unit_id, kind, seq, on_day, comment, at)
SELECT id, 'accept', 0, accepted_on, '', 0 FROM round_units WHERE accepted_on IS NOT NULL
  AND round_id = (SELECT id FROM report_rounds WHERE title = 'bench: year 2025');
WITH f (field, k) AS (VALUES ('members_total', 0), ('members_studied', 1), ('members_absent', 2), ('commitments', 3),
                             ('models.people', 4))
INSERT INTO report_numbers (round_unit_id, seq, field, value, from_on, to_on)
SELECT u.id, 1, f.field,
  CASE f.k WHEN 0 THEN 10 + u.org_id % 97 WHEN 1 THEN 10 + u.org_id % 97 - u.org_id % 5 WHEN 2 THEN u.org_id % 5
           WHEN 3 THEN 10 + u.org_id % 97 - u.org_id % 3 ELSE u.org_id % 40 END,
  u.first_submitted_on, NULL
FROM round_units u CROSS JOIN f WHERE u.first_submitted_on IS NOT NULL
  AND u.round_id = (SELECT id FROM report_rounds WHERE title = 'bench: year 2025');
DELETE FROM rollup_sources WHERE name = 'reports';
COMMIT;
ANALYZE round_units; ANALYZE report_numbers; ANALYZE report_events;
"""
subprocess.run(['psql', url, '-X', '-q', '-v', 'ON_ERROR_STOP=1'], input=script, text=True, check=True)
print('round loaded:', q("SELECT COUNT(*) FROM round_units"), 'units')
PY
  start=$(date +%s)
  "$BIN" --data "$BENCH_PG_DATA" --db "$BENCH_PG" migrate >/dev/null
  echo "reports source built in $(( $(date +%s) - start )) s"
  python3 - "$BENCH_PG" <<'PY'
import datetime, re, statistics, subprocess, sys
url = sys.argv[1]
def q(sql): return subprocess.run(['psql', url, '-X', '-At', '-c', sql], capture_output=True, text=True, check=True).stdout.strip()
def rows(sql): return [l.split('|') for l in q(sql).splitlines() if l]
def timed(sql, n=50):
    script = 'SET jit = off;\n' + f'PREPARE s AS {sql};\n' + '\\timing on\n\\o /dev/null\n' + 'EXECUTE s;\n' * (n + 1)
    out = subprocess.run(['psql', url, '-X', '-q', '-v', 'ON_ERROR_STOP=1'], input=script, capture_output=True,
                         text=True, check=True).stdout
    t = sorted(float(x) for x in re.findall(r'Time: ([0-9.]+) ms', out)[1:])
    return statistics.median(t), t[max(0, int(len(t) * 0.99) - 1)]
r = q("SELECT id FROM report_rounds WHERE title = 'bench: year 2025'")
root = q("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1")
province = q(f"SELECT o.id FROM orgs o WHERE o.parent_id = {root} ORDER BY (SELECT COUNT(*) FROM org_tree t "
             "WHERE t.ancestor_id = o.id) DESC LIMIT 1")
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date().isoformat()
d = f"'{today}'"
FIGURE = (f"CASE WHEN c.day <= {d} THEN t.total ELSE 0 END + COALESCE((SELECT SUM(x.delta) FROM rollup_deltas x "
          f"WHERE x.org_id = t.org_id AND x.metric = t.metric AND x.day > CASE WHEN c.day <= {d} THEN c.day ELSE '' END "
          f"AND x.day <= {d}), 0)")
def facility(org, lo, hi):
    return (f"SELECT t.metric, {FIGURE} FROM rollup_totals t CROSS JOIN rollup_checkpoint c "
            f"WHERE t.org_id = {org} AND t.metric >= '{lo}' AND t.metric < '{hi}'")
SUB = "u.org_id IN (SELECT descendant_id FROM org_tree WHERE ancestor_id = {org})"
def plain_counts(org):
    return ("SELECT COUNT(*), COUNT(u.first_submitted_on), COUNT(*) FILTER (WHERE u.first_submitted_on >= r.late_from), "
            f"COUNT(*) FILTER (WHERE u.first_submitted_on IS NULL AND r.late_from <= {d}), "
            "COUNT(*) FILTER (WHERE u.status = 'returned'), COUNT(u.accepted_on) FROM round_units u JOIN report_rounds r "
            f"ON r.id = u.round_id WHERE u.round_id = {r} AND " + SUB.format(org=org))
def plain_totals(org):
    return ("SELECT n.field, SUM(n.value) FROM report_numbers n JOIN round_units u ON u.id = n.round_unit_id "
            f"WHERE u.round_id = {r} AND u.top = 1 AND n.to_on IS NULL AND " + SUB.format(org=org) + " GROUP BY n.field")
print("| read | facility median / p99 (ms) | plain SQL median / p99 (ms) |")
print("|---|---|---|")
for name, org in (("root", root), ("largest province", province)):
    counts, totals = facility(org, f"round.{r}:", f"round.{r};"), facility(org, f"rnum.{r}.", f"rnum.{r}/")
    c = {m.split(':')[1]: int(v) for m, v in rows(counts)}
    p = [int(x) for x in rows(plain_counts(org))[0]]
    assert [c.get(k, 0) for k in ('expected', 'submitted', 'late', 'overdue', 'returned', 'accepted')] == p, (c, p)
    tf = {m.split('.', 2)[2]: int(v) for m, v in rows(totals) if int(v)}
    tp = {f: int(v) for f, v in rows(plain_totals(org))}
    assert tf == tp, (tf, tp)
    fc, pc, ft, pt = timed(counts), timed(plain_counts(org)), timed(totals), timed(plain_totals(org))
    print(f"| completeness, {name} ({c.get('expected', 0):,} units) | {fc[0]:.2f} / {fc[1]:.2f} | {pc[0]:.1f} / {pc[1]:.1f} |")
    print(f"| totals, {name} | {ft[0]:.2f} / {ft[1]:.2f} | {pt[0]:.1f} / {pt[1]:.1f} |")
PY
  exit 0
fi
DATA=${BENCH_SQLITE_DATA:?a gen set directory}
DB=$DATA/dangvu.db
"$BIN" --data "$DATA" migrate >/dev/null
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
if db.execute("SELECT COUNT(*) FROM report_rounds WHERE title = 'bench: year 2025'").fetchone()[0]:
    sys.exit(0)
root = db.execute("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetchone()[0]
form = ('{"sections":[{"title":"I","fields":['
        '{"key":"members_total","label":"Tổng số","type":"int"},{"key":"members_studied","label":"Đã học","type":"int"},'
        '{"key":"members_absent","label":"Vắng","type":"int"},{"key":"commitments","label":"Cam kết","type":"int"},'
        '{"key":"pct","label":"Tỷ lệ","type":"percent","num":"members_studied","den":"members_total"},'
        '{"key":"models","label":"Mô hình","type":"table","columns":[{"key":"people","label":"Số người","type":"int"}]}]}],"sums":[]}')
with db:
    t = db.execute("INSERT INTO report_templates (owner_org_id, name, current_version, created_at, updated_at) "
                   "VALUES (?, 'bench', 1, 0, 0)", (root,)).lastrowid
    v = db.execute("INSERT INTO report_template_versions (template_id, version, form, created_at) VALUES (?, 1, ?, 0)",
                   (t, form)).lastrowid
    r = db.execute("INSERT INTO report_rounds (template_version_id, owner_org_id, title, period_kind, period_from, "
                   "period_to, opens_on, due_on, late_from, assigned_how, assigned_under, created_at, updated_at) "
                   "VALUES (?, ?, 'bench: year 2025', 'year', '2025-01-01', '2025-12-31', '2025-12-01', '2025-12-20', "
                   "'2025-12-21', 'grassroots', ?, 0, 0)", (v, root, root)).lastrowid
    db.execute("""
INSERT INTO round_units (round_id, org_id, status, top, report_values, first_submitted_on, submitted_on, accepted_on,
                         submissions, version, updated_at)
SELECT ?, o.id,
  CASE o.id % 20 WHEN 0 THEN 'not_started' WHEN 1 THEN 'draft' WHEN 2 THEN 'returned' WHEN 3 THEN 'submitted'
       ELSE 'accepted' END, 1, '{}',
  CASE WHEN o.id % 20 < 2 THEN NULL WHEN o.id % 10 = 4 THEN '2025-12-28' ELSE '2025-12-15' END,
  CASE WHEN o.id % 20 < 2 THEN NULL WHEN o.id % 10 = 4 THEN '2025-12-28' ELSE '2025-12-15' END,
  CASE WHEN o.id % 20 >= 4 THEN '2026-01-05' END,
  CASE WHEN o.id % 20 < 2 THEN 0 ELSE 1 END, 1, 0
FROM orgs o JOIN org_types ty ON ty.code = o.type_code
WHERE ty.level = 2 AND o.ended_on IS NULL AND o.founded_on <= '2025-12-01'""", (r,))
    db.execute("INSERT INTO report_events (round_unit_id, kind, seq, on_day, report_values, comment, at) "
               "SELECT id, 'submit', 1, first_submitted_on, '{}', '', 0 FROM round_units "
               "WHERE round_id = ? AND first_submitted_on IS NOT NULL", (r,))
    db.execute("INSERT INTO report_events (round_unit_id, kind, seq, on_day, comment, at) "
               "SELECT id, 'return', 0, '2026-01-02', 'Bổ sung', 0 FROM round_units WHERE round_id = ? AND status = 'returned'", (r,))
    db.execute("INSERT INTO report_events (round_unit_id, kind, seq, on_day, comment, at) "
               "SELECT id, 'accept', 0, accepted_on, '', 0 FROM round_units WHERE round_id = ? AND accepted_on IS NOT NULL", (r,))
    db.execute("""
WITH f (field, k) AS (VALUES ('members_total', 0), ('members_studied', 1), ('members_absent', 2), ('commitments', 3),
                             ('models.people', 4))
INSERT INTO report_numbers (round_unit_id, seq, field, value, from_on, to_on)
SELECT u.id, 1, f.field,
  CASE f.k WHEN 0 THEN 10 + u.org_id % 97 WHEN 1 THEN 10 + u.org_id % 97 - u.org_id % 5 WHEN 2 THEN u.org_id % 5
           WHEN 3 THEN 10 + u.org_id % 97 - u.org_id % 3 ELSE u.org_id % 40 END,
  u.first_submitted_on, NULL
FROM round_units u CROSS JOIN f WHERE u.round_id = ? AND u.first_submitted_on IS NOT NULL""", (r,))
    db.execute("DELETE FROM rollup_sources WHERE name = 'reports'")
print(f"round {r}: {db.execute('SELECT COUNT(*) FROM round_units WHERE round_id = ?', (r,)).fetchone()[0]} units")
PY
start=$(date +%s)
"$BIN" --data "$DATA" migrate >/dev/null
echo "reports source built in $(( $(date +%s) - start )) s"
python3 - "$DB" <<'PY'
import datetime, sqlite3, statistics, sys, time
db = sqlite3.connect(sys.argv[1])
r = db.execute("SELECT id FROM report_rounds WHERE title = 'bench: year 2025'").fetchone()[0]
root = db.execute("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetchone()[0]
province = db.execute("SELECT o.id FROM orgs o WHERE o.parent_id = ? ORDER BY (SELECT COUNT(*) FROM org_tree t "
                      "WHERE t.ancestor_id = o.id) DESC LIMIT 1", (root,)).fetchone()[0]
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date().isoformat()
FIGURE = ("CASE WHEN c.day <= ? THEN t.total ELSE 0 END + COALESCE((SELECT SUM(d.delta) FROM rollup_deltas d "
          "WHERE d.org_id = t.org_id AND d.metric = t.metric AND d.day > CASE WHEN c.day <= ? THEN c.day ELSE '' END "
          "AND d.day <= ?), 0)")
RANGE = (f"SELECT 0, t.metric, {FIGURE} FROM rollup_totals t CROSS JOIN rollup_checkpoint c "
         "WHERE t.org_id = ? AND t.metric >= ? AND t.metric < ?")
def facility(org, lo, hi):
    return RANGE, (today, today, today, org, lo, hi)
SUBTREE = "u.org_id IN (SELECT descendant_id FROM org_tree WHERE ancestor_id = ?)"
def plain_counts(org):
    return (f"SELECT COUNT(*), SUM(u.first_submitted_on IS NOT NULL), SUM(u.first_submitted_on >= r.late_from), "
            f"SUM(u.first_submitted_on IS NULL AND r.late_from <= ?), SUM(u.status = 'returned'), "
            f"SUM(u.accepted_on IS NOT NULL) FROM round_units u JOIN report_rounds r ON r.id = u.round_id "
            f"WHERE u.round_id = ? AND {SUBTREE}", (today, r, org))
def plain_totals(org):
    return (f"SELECT n.field, SUM(n.value) FROM report_numbers n JOIN round_units u ON u.id = n.round_unit_id "
            f"WHERE u.round_id = ? AND u.top = 1 AND n.to_on IS NULL AND {SUBTREE} GROUP BY n.field", (r, org))
def timed(q, n=50):
    sql, params = q
    db.execute(sql, params).fetchall()  # warm
    runs = []
    for _ in range(n):
        t0 = time.perf_counter(); db.execute(sql, params).fetchall(); runs.append((time.perf_counter() - t0) * 1000)
    runs.sort()
    return statistics.median(runs), runs[max(0, int(len(runs) * 0.99) - 1)]
print(f"| read | facility median / p99 (ms) | plain SQL median / p99 (ms) |")
print(f"|---|---|---|")
for name, org in (("root", root), ("largest province", province)):
    counts = facility(org, f"round.{r}:", f"round.{r};")
    totals = facility(org, f"rnum.{r}.", f"rnum.{r}/")
    # The facility's figures agree with the rows.
    c = dict((m.split(':')[1], v) for _, m, v in db.execute(*counts).fetchall())
    p = db.execute(*plain_counts(org)).fetchone()
    assert (c.get('expected', 0), c.get('submitted', 0), c.get('late', 0), c.get('overdue', 0), c.get('returned', 0),
            c.get('accepted', 0)) == tuple(x or 0 for x in p), (c, p)
    tf = dict((m.split('.', 2)[2], v) for _, m, v in db.execute(*totals).fetchall() if v)
    tp = dict(db.execute(*plain_totals(org)).fetchall())
    assert tf == tp, (tf, tp)
    fc, pc = timed(counts), timed(plain_counts(org))
    ft, pt = timed(totals), timed(plain_totals(org))
    print(f"| completeness, {name} ({c.get('expected', 0):,} units) | {fc[0]:.2f} / {fc[1]:.2f} | {pc[0]:.1f} / {pc[1]:.1f} |")
    print(f"| totals, {name} | {ft[0]:.2f} / {ft[1]:.2f} | {pt[0]:.1f} / {pt[1]:.1f} |")
PY
