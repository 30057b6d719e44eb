#!/usr/bin/env bash
# HTTP benchmark: wrk against dangvu (/healthz, a rendered page, a JSON endpoint) and against
# nginx serving a static file of the same size as the page, on this machine in the same run.
# Writes the figures to docs/benchmarks.md. Usage: bench/run.sh path/to/dangvu
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/release/dangvu}")
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNS:-64}
THREADS=${BENCH_WRK_THREADS:-2}
work=$(mktemp -d /tmp/dangvu-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- dangvu, demo data, SQLite
"$BIN" --data "$work/data" seed-demo >/dev/null
DV_PORT=$(free_port)
"$BIN" --data "$work/data" serve --listen 127.0.0.1:$DV_PORT --threads 2 --access-log off 2>"$work/dangvu.log" &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$DV_PORT/healthz" >/dev/null && break; sleep 0.1; done

# A session for the JSON endpoint.
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"dangvu-demo"}' "http://127.0.0.1:$DV_PORT/api/v1/session" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(dv_session=[^;]*\).*/\1/p' | tr -d '\r')

# The rendered page: the log-in page (public, full layout, i18n, a form).
curl -s "http://127.0.0.1:$DV_PORT/login" -o "$work/page.html"
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
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$NG_PORT/page.html" >/dev/null && break; sleep 0.1; done

# --- runs: "name|url|header"
declare -a runs=(
  "nginx static file ($PAGE_BYTES B)|http://127.0.0.1:$NG_PORT/page.html|"
  "dangvu /healthz|http://127.0.0.1:$DV_PORT/healthz|"
  "dangvu rendered page /login ($PAGE_BYTES B)|http://127.0.0.1:$DV_PORT/login|"
  "dangvu rendered page /orgs (signed in, 10 units)|http://127.0.0.1:$DV_PORT/orgs|Cookie: $cookie"
  "dangvu JSON /api/v1/orgs (signed in)|http://127.0.0.1:$DV_PORT/api/v1/orgs|Cookie: $cookie"
)
results=()
for r in "${runs[@]}"; do
  IFS='|' read -r name url header <<<"$r"
  args=(-t "$THREADS" -c "$CONNS" -d "$DURATION" --latency)
  [[ -n "$header" ]] && args+=(-H "$header")
  out=$(wrk "${args[@]}" "$url")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "$name: $rps req/s, p50 $p50, p99 $p99 ${errors:+(non-2xx: $errors)}" >&2
  results+=("$name|$rps|$p50|$p99")
done

nginx_rps=$(echo "${results[0]}" | cut -d'|' -f2)
{
  echo "# Benchmarks"
  echo
  echo "Measured by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m);"
  echo "wrk with $THREADS threads, $CONNS connections, $DURATION per run, on loopback; server and wrk share the machine."
  echo "dangvu: release build, \`serve --threads 2 --access-log off\`, SQLite, demo data. nginx: 2 workers, access log off."
  echo
  echo "| target | req/s | vs nginx | p50 | p99 |"
  echo "|---|---|---|---|---|"
  for line in "${results[@]}"; do
    IFS='|' read -r name rps p50 p99 <<<"$line"
    ratio=$(python3 -c "print(f'{$rps/$nginx_rps*100:.0f}%')")
    echo "| $name | $rps | $ratio | $p50 | $p99 |"
  done
  echo
  echo "Reproduce: \`make bench\` (or \`BENCH_DURATION=30s BENCH_CONNS=256 bench/run.sh build/release/dangvu\`)."
  echo "Targets from issue 1: a rendered page at ≥ 50% of nginx's static throughput, p99 < 10 ms at 64 connections."
} > docs/benchmarks.md.new
if [[ -f docs/benchmarks.md ]] && grep -q '^## ' docs/benchmarks.md; then
  # Keep later sections (other benchmarks) below the HTTP table.
  sed -n '/^## /,$p' docs/benchmarks.md >> docs/benchmarks.md.new.tail
  { cat docs/benchmarks.md.new; echo; cat docs/benchmarks.md.new.tail; } > docs/benchmarks.md
  rm -f docs/benchmarks.md.new docs/benchmarks.md.new.tail
else
  mv docs/benchmarks.md.new docs/benchmarks.md
fi
cat docs/benchmarks.md
