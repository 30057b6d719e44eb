#!/usr/bin/env bash
# HTTP benchmark: wrk against dangvu on the full demo province (`seed-demo`) — the public log-in page, the
# signed-in tree page, a grassroots organization's member list, the document list and the tree as JSON —
# and against nginx serving a static file of the log-in page's size, on this machine in the same run.
# Every URL is checked with curl first (200, not a redirect to the log-in page); a run with any non-2xx
# response (wrk's "Non-2xx or 3xx" line, socket errors, or a non-2xx status counted by dangvu's own
# /metrics during the run, which catches 3xx too) makes the script fail without writing the table.
# Then it replaces the generated part of docs/benchmarks.md (between the bench/run.sh markers) with the
# table, the date, the machine and the command, and reports the serve process's peak memory (VmHWM).
# Usage: bench/run.sh [path/to/dangvu]; BENCH_DURATION (10s), BENCH_CONNS (64), BENCH_WRK_THREADS (2),
# BENCH_SERVE_THREADS (2), BENCH_NO_DOC=1 (print the table only).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/release/dangvu}")
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNS:-64}
THREADS=${BENCH_WRK_THREADS:-2}
SERVE_THREADS=${BENCH_SERVE_THREADS:-2}
DOC=docs/benchmarks.md
work=$(mktemp -d /tmp/dangvu-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "bench/run.sh: $*" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# --- dangvu, the full demo province, SQLite
"$BIN" --data "$work/data" seed-demo >/dev/null
DV_PORT=$(free_port)
DV="http://127.0.0.1:$DV_PORT"
"$BIN" --data "$work/data" serve --listen "127.0.0.1:$DV_PORT" --threads "$SERVE_THREADS" --access-log off \
  2>"$work/dangvu.log" &
DV_PID=$!
pids+=("$DV_PID")
for _ in $(seq 100); do curl -sf "$DV/healthz" >/dev/null && break; sleep 0.1; done
# The same data served with the page cache off (web/cache.h): what rendering each answer costs.
DV0_PORT=$(free_port)
DV0="http://127.0.0.1:$DV0_PORT"
"$BIN" --data "$work/data" serve --listen "127.0.0.1:$DV0_PORT" --threads "$SERVE_THREADS" --access-log off \
  --page-cache 0 2>"$work/dangvu0.log" &
DV0_PID=$!
pids+=("$DV0_PID")
for _ in $(seq 100); do curl -sf "$DV0/healthz" >/dev/null && break; sleep 0.1; done

# A session of the demo's administrator (the whole province in scope).
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"dangvu-demo"}' "$DV/api/v1/session" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(dv_session=[^;]*\).*/\1/p' | tr -d '\r')
[[ -n $cookie ]] || fail "could not sign in as the demo's admin"

# What the demo holds, and the grassroots organization with the most members below it (its member list),
# read from the database file (the API's shape is not this script's business).
read -r ORGS MEMBERS DOCS GRASSROOTS GR_MEMBERS < <(python3 - "$work/data/dangvu.db" <<'PY'
import sqlite3, sys
con = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)
one = lambda sql: con.execute(sql).fetchone()
active = "status IN ('probationary', 'official')"
orgs = one("SELECT COUNT(*) FROM orgs WHERE ended_on IS NULL")[0]
members = one(f"SELECT COUNT(*) FROM members WHERE {active}")[0]
docs = one("SELECT COUNT(*) FROM documents")[0]
gr, n = one(f"""SELECT t.ancestor_id, COUNT(*) AS n FROM org_tree t JOIN members m ON m.org_id = t.descendant_id
               JOIN orgs o ON o.id = t.ancestor_id WHERE o.type_code LIKE 'grassroots%' AND o.ended_on IS NULL
               AND m.{active} GROUP BY t.ancestor_id ORDER BY n DESC, t.ancestor_id LIMIT 1""")
print(orgs, members, docs, gr, n)
PY
)
GR_NAME=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT name FROM orgs WHERE id = ?", (int(sys.argv[2]),)).fetchone()[0])' "$work/data/dangvu.db" "$GRASSROOTS")

# The rendered page of the same size for nginx: the log-in page (public, full layout, i18n, a form).
curl -s "$DV/login" -o "$work/page.html"
PAGE_BYTES=$(stat -c %s "$work/page.html")

# --- nginx: a static file of the same size
mkdir -p "$work/nginx/www" "$work/nginx/tmp"
head -c "$PAGE_BYTES" /dev/urandom | base64 -w 100 | head -c "$PAGE_BYTES" > "$work/nginx/www/page.html"
NG_PORT=$(free_port)
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  keepalive_requests 100000;
  server { listen 127.0.0.1:$NG_PORT; root $work/nginx/www; }
}
NGINX
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
NG_PID=$!
pids+=("$NG_PID")
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$NG_PORT/page.html" >/dev/null && break; sleep 0.1; done

# --- runs: "name|url|cookie (1 = signed in)"
declare -a runs=(
  "nginx static file ($PAGE_BYTES B)|http://127.0.0.1:$NG_PORT/page.html|0"
  "dangvu /healthz|$DV/healthz|0"
  "dangvu page /login (public, $PAGE_BYTES B)|$DV/login|0"
  "dangvu page /orgs (signed in: tree of $ORGS organizations, $MEMBERS members)|$DV/orgs|1"
  "dangvu page /orgs/$GRASSROOTS/members (signed in: member list of the largest grassroots organization, $GR_MEMBERS members, page 1)|$DV/orgs/$GRASSROOTS/members|1"
  "dangvu page /documents (signed in: document list, $DOCS documents)|$DV/documents|1"
  "dangvu JSON /api/v1/orgs (signed in: the top organizations and one level below, with subtree counts)|$DV/api/v1/orgs|1"
  "page cache off: /orgs|$DV0/orgs|1"
  "page cache off: /orgs/$GRASSROOTS/members|$DV0/orgs/$GRASSROOTS/members|1"
  "page cache off: /documents|$DV0/documents|1"
  "page cache off: JSON /api/v1/orgs|$DV0/api/v1/orgs|1"
)

# Responses dangvu answered with a status outside 2xx so far, by its own count (/metrics, every route).
non_2xx() {
  curl -sf "${1:-$DV}/metrics" | awk -F'"' '/^dangvu_http_requests_total\{/ { if ($6 !~ /^2/) { split($0, a, "} "); n += a[2] } } END { print n + 0 }'
}

# CPU time (ms) a server spent so far: dangvu's process, or nginx's master and workers. Divided by the
# requests of a run it is the server's own cost per request, which the other work on this machine (it
# takes CPU from the server, not instructions) moves far less than req/s.
TICK_MS=$((1000 / $(getconf CLK_TCK)))
cpu_ms() {
  local total=0 p
  for p in "$@" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo $((total * TICK_MS))
}

results=()
for r in "${runs[@]}"; do
  IFS='|' read -r name url signed <<<"$r"
  hdr=()
  [[ $signed == 1 ]] && hdr=(-H "Cookie: $cookie")
  # 200 and a body, not a redirect to the log-in page or an error page.
  status=$(curl -s -o "$work/check.out" -w '%{http_code}' "${hdr[@]}" "$url")
  [[ $status == 200 ]] || fail "$name: $url answered $status before the run"
  base=$DV
  server=$DV_PID
  [[ $url == "$DV0"* ]] && base=$DV0 && server=$DV0_PID
  [[ $url == "$DV/"* || $url == "$DV0/"* ]] || server=$NG_PID
  before=$(non_2xx "$base")
  cpu_before=$(cpu_ms "$server")
  args=(-t "$THREADS" -c "$CONNS" -d "$DURATION" --timeout "${BENCH_TIMEOUT:-10s}" --latency "${hdr[@]}")
  out=$(wrk "${args[@]}" "$url")
  cpu_after=$(cpu_ms "$server")
  after=$(non_2xx "$base")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  cpu_us=$(( (cpu_after - cpu_before) * 1000 / requests ))
  echo "$name: $rps req/s, p50 $p50, p99 $p99, server CPU $cpu_us µs/request (load $(load_avg))" >&2
  if echo "$out" | grep -q 'Non-2xx\|Socket errors'; then
    echo "$out" >&2
    fail "$name: wrk saw errors or non-2xx responses"
  fi
  [[ $server == "$NG_PID" || $after == "$before" ]] || fail "$name: dangvu answered $((after - before)) non-2xx responses"
  results+=("$name|$rps|$p50|$p99|$cpu_us")
done

# Plain-SQL baselines on the same file in the same run: what each page needs from the database, written
# by hand without scope, sessions, views or HTTP (Python's sqlite3, CPU time per execution, best of 3).
python3 - "$work/data/dangvu.db" "$GRASSROOTS" >"$work/sql.txt" <<'PY'
import sqlite3, sys, time
con = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)
org = int(sys.argv[2])
active = "m.status IN ('probationary', 'official')"
cases = {
    'tree': [("SELECT id, parent_id, name, type_code FROM orgs WHERE ended_on IS NULL", ()),
             ("SELECT t.ancestor_id, COUNT(*) FROM org_tree t JOIN members m ON m.org_id = t.descendant_id "
              f"WHERE {active} GROUP BY t.ancestor_id", ())],
    'members': [("SELECT COUNT(*) FROM org_tree t CROSS JOIN members m WHERE t.ancestor_id = ? AND "
                 f"m.org_id = t.descendant_id AND {active}", (org,)),
                ("SELECT m.id, m.full_name, m.birth_date, m.status, o.name FROM org_tree t CROSS JOIN members m "
                 "JOIN orgs o ON o.id = m.org_id WHERE t.ancestor_id = ? AND m.org_id = t.descendant_id AND "
                 f"{active} ORDER BY m.sort_key, m.id LIMIT 50", (org,))],
    'documents': [("SELECT COUNT(*) FROM documents", ()),
                  ("SELECT d.id, d.symbol, d.title, d.issued_on, d.status, o.name FROM documents d JOIN orgs o "
                   "ON o.id = d.owner_org_id ORDER BY d.issued_on IS NULL, d.issued_on DESC, d.id DESC LIMIT 30", ())],
}
for name, stmts in cases.items():
    best = None
    for _ in range(3):
        n, start = 0, time.process_time()
        while time.process_time() - start < 0.5:
            for sql, params in stmts:
                con.execute(sql, params).fetchall()
            n += 1
        us = (time.process_time() - start) / n * 1e6
        best = us if best is None else min(best, us)
    print(name, round(best))
PY
SQL_TREE=$(awk '$1=="tree" {print $2}' "$work/sql.txt")
SQL_MEMBERS=$(awk '$1=="members" {print $2}' "$work/sql.txt")
SQL_DOCS=$(awk '$1=="documents" {print $2}' "$work/sql.txt")
echo "plain SQL (µs CPU per execution): tree $SQL_TREE, member list $SQL_MEMBERS, documents $SQL_DOCS" >&2

HWM=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$DV_PID/status")
RSS=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$DV_PID/status")
echo "dangvu serve: peak resident memory (VmHWM) $HWM MiB, now $RSS MiB" >&2

nginx_rps=$(echo "${results[0]}" | cut -d'|' -f2)
nginx_cpu=$(echo "${results[0]}" | cut -d'|' -f5)
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
table() {
  echo "<!-- bench/run.sh: begin (generated; edit bench/run.sh, not this part) -->"
  echo "Measured by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M') UTC: $(nproc) cores ($cpu), $(uname -m),"
  echo "load average $(load_avg) at the end (other work shares this machine);"
  echo "wrk with $THREADS threads, $CONNS connections, $DURATION per run, on loopback; server and wrk share the cores."
  echo "dangvu $(git describe --always --dirty 2>/dev/null || echo '?'): release build, \`serve --threads $SERVE_THREADS"
  echo "--access-log off\`, SQLite, the full demo province (\`seed-demo\`: $ORGS organizations, $MEMBERS members, $DOCS"
  echo "documents), signed in as its \`admin\` (the whole province in scope). nginx: 2 workers, access log off."
  echo "Each URL answered 200 before its run and only 2xx during it (wrk's count and dangvu's \`/metrics\`)."
  echo "Server CPU per request: the server's user + system CPU time during the run (/proc/PID/stat; nginx's"
  echo "master and workers) over the requests wrk completed; the last column is the same ratio as \"vs nginx\""
  echo "computed from it, which the other work on this machine moves much less than req/s."
  echo
  echo "| target | req/s | vs nginx | p50 | p99 | server CPU per request | nginx's CPU per request / this |"
  echo "|---|---|---|---|---|---|---|"
  for line in "${results[@]}"; do
    IFS='|' read -r name rps p50 p99 cpu_us <<<"$line"
    ratio=$(python3 -c "print(f'{$rps/$nginx_rps*100:.1f} %')")
    cpu_ratio=$(python3 -c "print(f'{$nginx_cpu/max($cpu_us, 1)*100:.1f} %')")
    echo "| $name | $rps | $ratio | $p50 | $p99 | $cpu_us µs | $cpu_ratio |"
  done
  echo
  cpu_of() {
    local line
    for line in "${results[@]}"; do
      if [[ $line == *"$1"* ]]; then echo "$line" | cut -d'|' -f5; return; fi
    done
  }
  echo "Plain-SQL baselines, same file, same run (Python's sqlite3, CPU time per execution, no scope, no HTTP):"
  echo
  echo "| page | what the plain SQL does | plain SQL | dangvu's server CPU per request (ratio) | page cache off (ratio) |"
  echo "|---|---|---|---|---|"
  for pair in "/orgs (signed in|off: /orgs|/orgs|the active organizations, and every subtree's members by closure join + GROUP BY|$SQL_TREE" \
              "/members (signed in|off: /orgs/$GRASSROOTS/members|/orgs/$GRASSROOTS/members|COUNT and the first 50 of the organization's subtree, joined from the closure|$SQL_MEMBERS" \
              "/documents (signed in|off: /documents|/documents|COUNT and the newest 30 documents|$SQL_DOCS"; do
    IFS='|' read -r key key0 label what sql_us <<<"$pair"
    page_us=$(cpu_of "$key")
    page0_us=$(cpu_of "$key0")
    echo "| $label | $what | $sql_us µs | $page_us µs ($(python3 -c "print(f'{$page_us/max($sql_us,1):.1f}×')")) | $page0_us µs ($(python3 -c "print(f'{$page0_us/max($sql_us,1):.1f}×')")) |"
  done
  echo
  echo "The member list is of $GR_NAME (id $GRASSROOTS). Peak resident memory of the serve process over all"
  echo "runs (VmHWM): $HWM MiB."
  echo
  echo "Reproduce: \`make bench\` or \`bench/run.sh build/release/dangvu\` (\`BENCH_DURATION=30s BENCH_CONNS=256\`"
  echo "for longer or wider runs). Targets ([5/12]): the signed-in tree page, a member list and the document list"
  echo "each at ≥ 25 % of nginx's static throughput with p99 < 10 ms at 64 connections. The rows without"
  echo "\"page cache off\" are answered from the page cache after the first request (docs/architecture.md"
  echo "\"Server\"): what a clerk reading lists gets until someone changes something; the \"page cache off\" rows"
  echo "(a second server on the same file, \`--page-cache 0\`) are the cost of rendering every answer."
  echo "<!-- bench/run.sh: end -->"
}
table > "$work/table.md"
cat "$work/table.md"
[[ -n ${BENCH_NO_DOC:-} ]] && exit 0
python3 - "$DOC" "$work/table.md" <<'PY'
import re, sys
doc_path, table = sys.argv[1], open(sys.argv[2]).read().rstrip('\n')
doc = open(doc_path).read()
pattern = re.compile(r'<!-- bench/run.sh: begin.*?<!-- bench/run.sh: end -->', re.S)
if not pattern.search(doc):
    sys.exit(f'{doc_path} has no bench/run.sh markers')
open(doc_path, 'w').write(pattern.sub(lambda m: table, doc, count=1))
PY
echo "bench/run.sh: $DOC updated" >&2
