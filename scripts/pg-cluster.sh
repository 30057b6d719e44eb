#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, on a free loopback port.
#   scripts/pg-cluster.sh start DIR   -> prints the connection URL on stdout
#   scripts/pg-cluster.sh stop DIR    -> stops the server and removes DIR
# initdb refuses to run as root, so the cluster belongs to the `postgres` user.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [[ $(id -u) == 0 ]]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

case $cmd in
start)
  mkdir -p "$dir"
  [[ $(id -u) == 0 ]] && chown postgres "$dir"
  as_pg "$PGBIN/initdb -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
  port=$(free_port)
  as_pg "$PGBIN/pg_ctl -D '$dir/data' -w -t 60 -l '$dir/server.log' \
    -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start >/dev/null"
  as_pg "$PGBIN/createdb -h 127.0.0.1 -p $port -U postgres dangvu_test"
  echo "$port" > "$dir/port"
  echo "postgresql://postgres@127.0.0.1:$port/dangvu_test"
  ;;
stop)
  if [[ -d "$dir/data" ]]; then
    as_pg "$PGBIN/pg_ctl -D '$dir/data' -m fast -w stop >/dev/null 2>&1" || true
  fi
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
