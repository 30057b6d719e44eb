#!/usr/bin/env bash
# Runs every test against the build in $1: a throwaway PostgreSQL cluster is started on a free
# loopback port for the run and removed afterwards. Called by `make test`. Further arguments go to
# ctest (e.g. `scripts/test.sh build/asan -R http_` runs only the HTTP suites).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build/asan}
shift || true
work=$(mktemp -d /tmp/dangvu-test.XXXXXX)
chmod 755 "$work"
cleanup() { "$root/scripts/pg-cluster.sh" stop "$work/pg" || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

export DANGVU_TEST_PG=$(scripts/pg-cluster.sh start "$work/pg")
export DANGVU_BIN=$PWD/$build/dangvu
export DANGVU_TEST_TMP=$work
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
echo "test: PostgreSQL at $DANGVU_TEST_PG" >&2

cd "$build"
if [[ -n ${DANGVU_SLOW:-} ]]; then
  ctest --output-on-failure -j "$(nproc)" "$@"
else
  ctest --output-on-failure -j "$(nproc)" -LE slow "$@"
fi
