#!/usr/bin/env bash
# Document search benchmark: `seed-demo` then `dangvu gen --documents N` (default 100,000) into a fresh SQLite
# database, then Q queries (default 1,000) of 1–3 words typed without diacritics, as users type them, through
# GET /api/v1/documents/search (session, scope filter, ranking, snippets, JSON over loopback HTTP; one request
# at a time) for two callers — an admin of the whole bloc and a member of one cell — and, in the same run,
# as plain SQL (Python's sqlite3 on the same file: no scope, no snippets, no HTTP), dangvu's own two-tier
# query and the textbook one that ranks every match. Prints p50/p95/p99 in ms and the ratio of the HTTP
# runs to dangvu's query in plain SQL. Target from [3/10]: p99 < 50 ms on SQLite at 100k.
# Usage: bench/search.sh [path/to/dangvu] [N] [Q] [SEED]; BENCH_PG=postgresql://…/EMPTY_DB adds PostgreSQL.
#
# Member name search ([5/12]): bench/search.sh --members [path/to/dangvu] [N] [RUNS] [SEED] runs
# `dangvu gen --members N` (default 200,000; load time and size reported) into a fresh SQLite database (and
# into BENCH_PG when set), then searches a word a third of members share (nguyen), the commonest middle name
# (thi), a two-letter prefix (ng), a full name many share (nguyen van an) and a rare name (a full name only
# one member has) RUNS times each (default 50) as an admin of the whole tree through GET /api/v1/members
# (count, capped at 1,000, and the first page of 50, JSON over loopback HTTP), and in the same run as plain
# SQL on the same data: the baseline, a LIKE '%q%' scan over every folded name (count and page), and
# migration 0014's query that counted and ranked every match (what dangvu did before the cap). Then the
# tree page of the root (GET /orgs, HTML, same admin) RUNS times beside its plain-SQL baseline: the closure
# join + GROUP BY that counts the members under the root and under each of its children.
# Prints median and p99 in ms and the ratio of the baseline to dangvu over HTTP. Target: p99 < 50 ms.
# A data set already loaded (6,000,000 members take a while): BENCH_SQLITE_DATA=DIR (a --data directory) and
# BENCH_PG_LOADED=1 (BENCH_PG holds it; BENCH_PG_DATA=DIR the --data directory gen used, for its audit key) skip gen; BENCH_BASE_RUNS=K runs the plain-SQL baselines K times
# (default RUNS; each takes seconds at that scale).
set -euo pipefail
cd "$(dirname "$0")/.."
members_bench() {
  local BIN N RUNS SEED
  BIN=$(realpath "${1:-build/release/dangvu}")
  N=${2:-200000}
  RUNS=${3:-50}
  SEED=${4:-1}
  work=$(mktemp -d /tmp/dangvu-bench-members.XXXXXX)
  chmod 755 "$work"
  # Servers started inside $(load …) record their pids here.
  trap 'kill $(cat "$work/pids" 2>/dev/null) 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT
  local password=bench-search-Members-2026
  # One engine: gen timed, an admin over the root, a server; prints the port.
  load() {  # name, whether the data is already there (1), then the global options for that engine
    local name=$1 loaded=$2 start end port
    shift 2
    if [[ $loaded == 1 ]]; then
      printf '%s: the data set already loaded\n' "$name" >&2
    else
      start=$(date +%s.%N)
      "$BIN" "$@" gen --members "$N" --seed "$SEED" >&2 2>/dev/null
      end=$(date +%s.%N)
      printf '%s: gen --members %d: %.1f s\n' "$name" "$N" "$(echo "$end - $start" | bc)" >&2
    fi
    echo "$password" | "$BIN" "$@" user add --username bench --role admin --password-stdin >/dev/null 2>&1 ||
      echo "$password" | "$BIN" "$@" user passwd bench --password-stdin >/dev/null
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    # Without the page cache: every request is answered afresh, as the first view after a change is (one
    # session repeats each request, which the cache would otherwise serve; bench/run.sh measures that).
    "$BIN" "$@" serve --listen "127.0.0.1:$port" --threads 2 --access-log off --page-cache 0 >/dev/null \
      2>"$work/serve-$name.log" &
    echo $! >>"$work/pids"
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
    echo "$port"
  }
  local port pg_port=0
  local sqlite_data="$work/data" sqlite_loaded=0
  if [[ -n ${BENCH_SQLITE_DATA:-} ]]; then sqlite_data=$(realpath "$BENCH_SQLITE_DATA"); sqlite_loaded=1; fi
  port=$(load SQLite "$sqlite_loaded" --data "$sqlite_data")
  printf 'SQLite database: %.0f MB\n' "$(echo "$(cat "$sqlite_data"/dangvu.db* | wc -c) / 1048576" | bc -l)" >&2
  if [[ -n ${BENCH_PG:-} ]]; then
    pg_port=$(load PostgreSQL "${BENCH_PG_LOADED:-0}" --data "${BENCH_PG_DATA:-$work/pgdata}" --db "$BENCH_PG")
    # The statistics autovacuum gathers a minute after a load like this one (a set loaded earlier has had
    # its vacuum: statistics only, which take seconds, not the minutes a vacuum of 20 GB does).
    if [[ ${BENCH_PG_LOADED:-0} == 1 ]]; then psql "$BENCH_PG" -qc 'ANALYZE' >/dev/null
    else psql "$BENCH_PG" -qc 'VACUUM (ANALYZE)' >/dev/null; fi
    psql "$BENCH_PG" -Atc "SELECT 'PostgreSQL database: ' || pg_database_size(current_database()) / 1048576 || ' MB'" >&2
  fi
  python3 - "$sqlite_data/dangvu.db" "$port" "$pg_port" "$RUNS" "$password" "${BENCH_PG:-}" "${BENCH_BASE_RUNS:-$RUNS}" <<'PY'
import http.client, json, re, sqlite3, statistics, subprocess, sys, time, urllib.parse

db_path, port, pg_port, runs, password, pg_url = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
base_runs = int(sys.argv[7])  # the plain-SQL runs (seconds each at national scale)
con = sqlite3.connect(f'file:{db_path}?mode=ro', uri=True)
# A rare name: a full name only one member has (the middle one of those, in name order).
unique = con.execute('SELECT COUNT(*) FROM (SELECT name_folded FROM members GROUP BY name_folded HAVING COUNT(*) = 1)').fetchone()[0]
rare = con.execute('SELECT name_folded FROM members GROUP BY name_folded HAVING COUNT(*) = 1 ORDER BY name_folded '
                   'LIMIT 1 OFFSET ?', (unique // 2,)).fetchone()[0]
queries = ['nguyen', 'thi', 'ng', 'nguyen van an', rare]

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

ACTIVE = "m.status IN ('probationary', 'official')"
COLS = 'm.id, m.full_name, m.org_id, o.name'
FROM = ' FROM members m JOIN orgs o ON o.id = m.org_id WHERE ' + ACTIVE
TIER = ", CASE WHEN m.name_folded = ? THEN 0 WHEN m.name_folded = ? OR m.name_folded LIKE ? THEN 1 ELSE 2 END AS tier"

def words(q):
    return re.findall(r'[a-z0-9]+', q)

def indexed_sqlite(q):
    w = words(q)
    expr = ' '.join(f'"{x}"' for x in w) + ('*' if len(w[-1]) >= 2 else '')
    # member/store.cpp's kSqliteSearchFrom: the FTS5 index drives the join.
    src = (' FROM member_name_fts f JOIN members m ON m.id = f.rowid JOIN orgs o ON o.id = m.org_id '
           'WHERE f.member_name_fts MATCH ? AND ' + ACTIVE)
    n = con.execute('SELECT COUNT(*)' + src, (expr,)).fetchone()[0]
    con.execute('SELECT ' + COLS + TIER + src + ' ORDER BY tier, m.sort_key, m.id LIMIT 50 OFFSET 0',
                (q, w[-1], '% ' + w[-1], expr)).fetchall()
    return n

def like_sqlite(q):
    like = ' AND m.name_folded LIKE ?'
    n = con.execute('SELECT COUNT(*)' + FROM + like, (f'%{q}%',)).fetchone()[0]
    con.execute('SELECT ' + COLS + FROM + like + ' ORDER BY m.sort_key, m.id LIMIT 50 OFFSET 0', (f'%{q}%',)).fetchall()
    return n

def timed(run, q, n=None):
    run(q)  # warm
    ms = []
    for _ in range(n or runs):
        t = time.perf_counter()
        run(q)
        ms.append((time.perf_counter() - t) * 1000)
    return ms

def psql_timed(statements, n=None):
    # Each statement RUNS times (after one warm-up) through psql's \timing; returns ms per run (the pair summed).
    script = '\\timing on\n\\o /dev/null\n' + ''.join(s + ';\n' for s in statements) * ((n or runs) + 1)
    out = subprocess.run(['psql', pg_url, '-X', '-q', '-v', 'ON_ERROR_STOP=1'], input=script, capture_output=True,
                         text=True, check=True).stdout
    times = [float(t) for t in re.findall(r'Time: ([0-9.]+) ms', out)]
    k = len(statements)
    per_run = [sum(times[i:i + k]) for i in range(0, len(times), k)]
    return per_run[1:]

def lit(s):
    return "'" + s.replace("'", "''") + "'"

def indexed_pg(q):
    w = words(q)
    ts = ' & '.join(w) + (':*' if len(w[-1]) >= 2 else '')
    match = f" AND to_tsvector('simple', m.name_folded) @@ to_tsquery('simple', {lit(ts)})"
    tier = (f", CASE WHEN m.name_folded = {lit(q)} THEN 0 WHEN m.name_folded = {lit(w[-1])} OR m.name_folded LIKE "
            f"{lit('% ' + w[-1])} THEN 1 ELSE 2 END AS tier")
    return ['SELECT COUNT(*)' + FROM + match,
            'SELECT ' + COLS + tier + FROM + match + ' ORDER BY tier, m.sort_key, m.id LIMIT 50 OFFSET 0']

def like_pg(q):
    like = f" AND m.name_folded LIKE {lit('%' + q + '%')}"
    return ['SELECT COUNT(*)' + FROM + like, 'SELECT ' + COLS + FROM + like + ' ORDER BY m.sort_key, m.id LIMIT 50 OFFSET 0']

def session(server_port):
    c = http.client.HTTPConnection('127.0.0.1', server_port)
    c.request('POST', '/api/v1/session', json.dumps({'username': 'bench', 'password': password}),
              {'Content-Type': 'application/json'})
    r = c.getresponse()
    r.read()
    if not 200 <= r.status < 300:
        sys.exit(f'log-in: HTTP {r.status}')
    cookie = [v.split(';')[0] for k, v in r.getheaders() if k.lower() == 'set-cookie' and v.startswith('dv_session=')][0]
    return c, cookie

def http_get_timed(server_port, path):
    # RUNS requests after one warm-up; any answer but 200 ends the benchmark. Returns ms and the last body.
    c, cookie = session(server_port)
    ms = []
    for i in range(runs + 1):
        t = time.perf_counter()
        c.request('GET', path, headers={'Cookie': cookie})
        r = c.getresponse()
        body = r.read()
        if r.status != 200:
            sys.exit(f'{path}: HTTP {r.status} {body[:200]!r}')
        if i:
            ms.append((time.perf_counter() - t) * 1000)
    return ms, body

def http_timed(server_port, q):
    ms, body = http_get_timed(server_port, '/api/v1/members?q=' + urllib.parse.quote(q))
    j = json.loads(body)
    return ms, (f"more than {j['total']:,}" if j['total_capped'] else f"{j['total']:,}")

# The tree page's baseline: the members under the root and under each of its children, closure join + GROUP BY.
ROOT = 'SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1'
TREE_SQL = ("SELECT f.ancestor_id, COUNT(*) FROM org_tree f JOIN members m ON m.org_id = f.descendant_id "
            "WHERE f.ancestor_id IN (SELECT id FROM orgs WHERE id = ({root}) OR parent_id = ({root})) "
            "AND m.status IN ('probationary', 'official') GROUP BY f.ancestor_id").format(root=ROOT)

print(f'| engine | q | matches | dangvu HTTP p50 / p99 ms | LIKE scan SQL p50 / p99 ms | LIKE scan ÷ dangvu HTTP (p50 / p99) | every match ranked (0014) SQL p50 / p99 ms |')
print('|---|---|---|---|---|---|---|')
engines = [('SQLite', port, lambda q: timed(indexed_sqlite, q, base_runs), lambda q: timed(like_sqlite, q, base_runs))]
if pg_port:
    engines.append(('PostgreSQL', pg_port, lambda q: psql_timed(indexed_pg(q), base_runs),
                    lambda q: psql_timed(like_pg(q), base_runs)))
for engine, server_port, indexed, like in engines:
    for q in queries:
        h, total = http_timed(server_port, q)
        i, l = indexed(q), like(q)
        med = statistics.median
        print(f'| {engine} | {q} | {total} | {med(h):.1f} / {pct(h, 99):.1f} | {med(l):.1f} / {pct(l, 99):.1f} | '
              f'{med(l) / med(h):.1f}× / {pct(l, 99) / pct(h, 99):.1f}× | {med(i):.1f} / {pct(i, 99):.1f} |')
print()
print('| engine | tree page of the root (GET /orgs) p50 / p99 ms | size kB | closure join + GROUP BY SQL p50 / p99 ms | SQL ÷ dangvu HTTP (p50 / p99) |')
print('|---|---|---|---|---|')
for engine, server_port, _, _ in engines:
    h, body = http_get_timed(server_port, '/orgs')
    b = (timed(lambda _q: con.execute(TREE_SQL).fetchall(), None, base_runs) if engine == 'SQLite'
         else psql_timed([TREE_SQL], base_runs))
    med = statistics.median
    print(f'| {engine} | {med(h):.1f} / {pct(h, 99):.1f} | {len(body) / 1024:.0f} | {med(b):.1f} / {pct(b, 99):.1f} | '
          f'{med(b) / med(h):.1f}× / {pct(b, 99) / pct(h, 99):.1f}× |')
PY
}
if [[ ${1:-} == --members ]]; then
  shift
  members_bench "$@"
  exit
fi
BIN=$(realpath "${1:-build/release/dangvu}")
N=${2:-100000}
Q=${3:-1000}
SEED=${4:-1}
work=$(mktemp -d /tmp/dangvu-bench-search.XXXXXX)
chmod 755 "$work"
pid=
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$BIN" --data "$work/data" seed-demo >/dev/null
start=$(date +%s.%N)
"$BIN" --data "$work/data" gen --documents "$N" --seed "$SEED" 2>/dev/null
end=$(date +%s.%N)
printf 'gen --documents %d (written and indexed): %.1f s; database %.0f MB\n' "$N" "$(echo "$end - $start" | bc)" \
  "$(echo "$(cat "$work"/data/dangvu.db* | wc -c) / 1048576" | bc -l)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" --data "$work/data" serve --listen "127.0.0.1:$port" --threads 2 --access-log off 2>"$work/serve.log" &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# PostgreSQL too, when BENCH_PG names an empty database: the same data (same seed), the same queries, over
# HTTP only (the plain-SQL rows are SQLite's).
pg_port=0
if [[ -n ${BENCH_PG:-} ]]; then
  "$BIN" --data "$work/pgdata" --db "$BENCH_PG" seed-demo >/dev/null
  start=$(date +%s.%N)
  "$BIN" --data "$work/pgdata" --db "$BENCH_PG" gen --documents "$N" --seed "$SEED" 2>/dev/null
  end=$(date +%s.%N)
  printf 'PostgreSQL: gen --documents %d: %.1f s\n' "$N" "$(echo "$end - $start" | bc)"
  # The statistics autovacuum gathers a minute after a load like this one, without which the planner guesses
  # every tsquery's selectivity; gathered now so the runs do not measure the gap.
  psql "$BENCH_PG" -qc 'VACUUM (ANALYZE)' >/dev/null
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$BIN" --data "$work/pgdata" --db "$BENCH_PG" serve --listen "127.0.0.1:$pg_port" --threads 2 --access-log off \
    2>"$work/serve-pg.log" &
  pg_pid=$!
  cleanup() { kill "$pid" "$pg_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$pg_port/healthz" >/dev/null && break; sleep 0.1; done
fi

python3 - "$work/data/dangvu.db" "$port" "$Q" "$SEED" "$pg_port" <<'PY'
import http.client, json, random, re, sqlite3, statistics, sys, time, unicodedata, urllib.parse

db_path, port, nq, seed, pg_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed)

def fold(s):
    s = s.replace('đ', 'd').replace('Đ', 'D').lower()
    return ''.join(c for c in unicodedata.normalize('NFD', s) if unicodedata.category(c) != 'Mn')

def words(s):
    return re.findall(r'[^\W_]+', fold(s))

# The queries: 1-3 consecutive words of a random document's title (45%) or body (35%), a number typed
# loosely ("58 kh du", 10%) or a type with its number ("ke hoach 58", 10%), all folded as people type.
con = sqlite3.connect(f'file:{db_path}?mode=ro', uri=True)
max_id = con.execute('SELECT MAX(id) FROM documents').fetchone()[0]
queries = []
while len(queries) < nq:
    row = con.execute('SELECT d.title, d.body, d.symbol, t.name FROM documents d JOIN document_types t '
                      'ON t.code = d.type_code WHERE d.id = ?', (rng.randint(1, max_id),)).fetchone()
    if not row:
        continue
    title, body, symbol, type_name = row
    kind = rng.random()
    if kind < 0.45 or (kind >= 0.8 and not symbol):
        w = words(title)
    elif kind < 0.8:
        w = words(body)
    elif kind < 0.9:
        queries.append(' '.join(words(symbol)))
        continue
    else:
        queries.append(' '.join(words(type_name) + [symbol.split('-')[0]]))
        continue
    n = rng.randint(1, 3)
    if len(w) < n:
        continue
    i = rng.randint(0, len(w) - n)
    queries.append(' '.join(w[i:i + n]))

# The same FTS5 expression as document/search_store.cpp builds: every word quoted, words typed together a
# phrase, AND between them, the last word (2+ letters) a prefix.
def fts5(q):
    groups = [words(chunk) for chunk in q.split()]
    groups = [g for g in groups if g]
    expr = ' AND '.join('"' + ' '.join(g) + '"' for g in groups)
    return expr + (' *' if len(groups[-1][-1]) >= 2 else '')

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

def summary(name, ms, extra=''):
    return (name, statistics.median(ms), pct(ms, 95), pct(ms, 99), max(ms), extra)

results = []
full_sql = ('SELECT rowid, bm25(document_fts, 10.0, 10.0, 3.0, 1.0) AS s FROM document_fts '
            'WHERE document_fts MATCH ? ORDER BY s LIMIT 20')
# dangvu's own two queries (document/search_store.cpp) for the system scope: the heading tier, then, when it
# has fewer than 20, the rest; each ranks the newest WINDOW matches (kRankWindow in document/search.cpp).
WINDOW = 1000
tier_sql = ('SELECT c.id, c.score FROM (SELECT f.rowid AS id, -bm25({table}{weights}) AS score, d.issued_on AS issued_on '
            'FROM {table} f JOIN documents d INDEXED BY documents_search_visible ON d.id = f.rowid '
            'WHERE f.{table} MATCH ?{exclude} ORDER BY f.rowid DESC LIMIT ?) c '
            'ORDER BY c.score DESC, COALESCE(c.issued_on, \'\') DESC, c.id DESC LIMIT ?')

def tiered(q):
    expr = fts5(q)
    hits = con.execute(tier_sql.format(table='document_heading_fts', weights='', exclude=''),
                       (expr, WINDOW, 20)).fetchall()
    if len(hits) < 20:
        ids = [h[0] for h in hits]
        exclude = (' AND d.id NOT IN (' + ', '.join('?' * len(ids)) + ')') if ids else ''
        hits += con.execute(tier_sql.format(table='document_fts', weights=', 10.0, 10.0, 3.0, 1.0', exclude=exclude),
                            (expr, *ids, WINDOW, 20 - len(ids))).fetchall()
    return hits

def timed(run):
    for q in queries[:20]:  # warm the page cache
        run(q)
    ms = []
    for q in queries:
        t = time.perf_counter()
        run(q)
        ms.append((time.perf_counter() - t) * 1000)
    return ms

results.append(summary('plain SQL: FTS5 MATCH, every match ranked by bm25, top 20',
                       timed(lambda q: con.execute(full_sql, (fts5(q),)).fetchall())))
results.append(summary(f'plain SQL: dangvu\'s two-tier query (newest {WINDOW} per tier ranked), no scope',
                       timed(tiered)))

def login(user, port):
    c = http.client.HTTPConnection('127.0.0.1', port)
    c.request('POST', '/api/v1/session', json.dumps({'username': user, 'password': 'dangvu-demo'}),
              {'Content-Type': 'application/json'})
    r = c.getresponse()
    r.read()
    if not 200 <= r.status < 300:
        sys.exit(f'log-in as {user}: HTTP {r.status}')
    cookie = [v.split(';')[0] for k, v in r.getheaders() if k.lower() == 'set-cookie' and v.startswith('dv_session=')][0]
    return c, cookie

runs = [(port, 'admin', 'admin of the bloc'), (port, 'dangvien.sotc', 'member of one cell')]
if pg_port:
    runs += [(pg_port, 'admin', 'admin of the bloc, PostgreSQL'), (pg_port, 'dangvien.sotc', 'member of one cell, PostgreSQL')]
for server_port, user, label in runs:
    c, cookie = login(user, server_port)
    ms, hits, empty = [], [], 0
    for q in queries[:20]:
        c.request('GET', '/api/v1/documents/search?q=' + urllib.parse.quote(q), headers={'Cookie': cookie})
        r = c.getresponse()
        r.read()
        if r.status != 200:
            sys.exit(f'{q!r}: HTTP {r.status}')
    for q in queries:
        t = time.perf_counter()
        c.request('GET', '/api/v1/documents/search?limit=20&q=' + urllib.parse.quote(q), headers={'Cookie': cookie})
        r = c.getresponse()
        body = r.read()
        ms.append((time.perf_counter() - t) * 1000)
        if r.status != 200:
            sys.exit(f'{q!r}: HTTP {r.status} {body[:200]!r}')
        n = len(json.loads(body)['hits'])
        hits.append(n)
        empty += n == 0
    results.append(summary(f'dangvu GET /api/v1/documents/search, {label}', ms,
                           f'{statistics.mean(hits):.1f} hits/query, {empty} queries with none'))

matches = [con.execute('SELECT COUNT(*) FROM document_fts WHERE document_fts MATCH ?', (fts5(q),)).fetchone()[0]
           for q in queries]
print(f'{len(queries)} queries ({sum(1 for q in queries if len(q.split()) == 1)} of one word), '
      f'e.g. {", ".join(repr(q) for q in queries[:6])}')
print(f'documents matching a query: median {statistics.median(matches):.0f}, p95 {pct(matches, 95)}, '
      f'max {max(matches)}')
print()
print('| run | p50 ms | p95 ms | p99 ms | max ms | vs the same query in plain SQL (p50 / p99) | |')
print('|---|---|---|---|---|---|---|')
base = results[1]
for name, p50, p95, p99, mx, extra in results:
    ratio = '' if name.startswith('plain') else f'{p50 / base[1]:.1f}× / {p99 / base[3]:.1f}×'
    print(f'| {name} | {p50:.2f} | {p95:.2f} | {p99:.2f} | {mx:.1f} | {ratio} | {extra} |')
PY
