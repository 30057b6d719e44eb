#!/usr/bin/env bash
# Installs what dangvu needs to build, run and test, from Debian packages and npm only.
# Does nothing (and touches no network) when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config make git
  # libraries
  libboost1.81-dev libboost-json1.81-dev libsqlite3-dev libpq-dev libkainjow-mustache-dev
  libargon2-dev libssl-dev zlib1g-dev libicu-dev libgtest-dev libgmock-dev
  libzip-dev libpugixml-dev libexpat1-dev libxlsxwriter-dev
  # clang for the fuzz targets and thread-safety analysis
  clang
  # servers and tools the tests and benchmarks run
  postgresql sqlite3 wrk nginx-light chromium nodejs npm curl procps python3 zip
  # the Debian package (make deb) and its checks: dpkg-shlibdeps, lintian, systemd-analyze verify,
  # a throwaway certificate for nginx -t
  dpkg-dev lintian systemd openssl
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  # nodejs may come from another origin that already provides npm; skip npm then.
  if command -v npm >/dev/null 2>&1; then
    filtered=(); for p in "${missing[@]}"; do [[ "$p" == npm || "$p" == nodejs ]] || filtered+=("$p"); done
    missing=("${filtered[@]}")
  fi
fi
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Front-end assets and the browser-test driver, pinned by package-lock.json.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "install-deps: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
