#!/usr/bin/env bash
# The Debian package, checked with the real tools: cpack builds it from the build directory in $1 (the
# test build in `make test`: no second release build), then dpkg-deb (control fields, conffile, file
# list), systemd-analyze verify (the units against the package's own files), nginx -t (the example
# site with a throwaway certificate), lintian (no errors; warnings and infos are printed), and the
# settings file against `dangvu serve --help`. Usage: tests/packaging/check.sh BUILD_DIR
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: check.sh BUILD_DIR}" && pwd)
work=$(mktemp -d "${DANGVU_TEST_TMP:-/tmp}/dangvu-packaging.XXXXXX")
ng="$work/nginx"
dv_pid=""
# The live check's nginx and dangvu, if they run.
stop_live() {
  if [[ -f $ng/nginx.pid ]]; then kill "$(cat "$ng/nginx.pid")" 2>/dev/null || true; fi
  if [[ -n $dv_pid ]]; then kill "$dv_pid" 2>/dev/null && wait "$dv_pid" 2>/dev/null; fi
  dv_pid=""
  return 0
}
trap 'stop_live; rm -rf "$work"' EXIT

failures=0 seen=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# "ok" for the checks since the last pass() when none of them failed.
pass() { if ((failures == seen)); then echo "ok: $*"; fi; seen=$failures; }

version=$(sed -n 's/^project(dangvu .*VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[[ -n $version ]] || { echo "cannot read the version from CMakeLists.txt" >&2; exit 1; }

# --- the package (gzip: xz takes many seconds on a sanitizer build's binary)
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" -D CPACK_DEBIAN_COMPRESSION_TYPE=gzip \
  >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; exit 1; }
deb="$work/out/dangvu_${version}_amd64.deb"
[[ -f $deb ]] || { ls "$work/out" >&2; echo "no $deb" >&2; exit 1; }
pass "cpack built $(basename "$deb")"

# --- control fields
info=$(dpkg-deb --info "$deb")
field() { dpkg-deb --field "$deb" "$1"; }
[[ $(field Package) == dangvu ]] || fail "Package: $(field Package)"
[[ $(field Version) == "$version" ]] || fail "Version: $(field Version), want $version"
[[ $(field Architecture) == amd64 ]] || fail "Architecture: $(field Architecture)"
depends=$(field Depends)
# From dpkg-shlibdeps (the libraries the binary links), and for the maintainer scripts.
for dep in libc6 libsqlite3-0 libpq5 libicu72 libxlsxwriter adduser init-system-helpers; do
  [[ $depends == *"$dep"* ]] || fail "Depends lacks $dep: $depends"
done
[[ $(field Recommends) == *postgresql-client* ]] || fail "Recommends lacks postgresql-client (pg_dump for backups)"
for script in postinst prerm postrm conffiles; do
  grep -q " $script" <<<"$info" || fail "control archive lacks $script"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qx /etc/default/dangvu ||
  fail "/etc/default/dangvu is not a conffile"
for script in postinst prerm postrm; do
  dpkg-deb --ctrl-tarfile "$deb" | tar -xO "./$script" | sh -n || fail "$script: shell syntax"
done
pass "control fields, dependencies, conffile, maintainer scripts"

# --- contents: every file in its place, owned by root
contents=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/dangvu ./etc/default/dangvu ./lib/systemd/system/dangvu.service \
  ./lib/systemd/system/dangvu-backup.service ./lib/systemd/system/dangvu-backup.timer \
  ./usr/share/doc/dangvu/copyright ./usr/share/doc/dangvu/changelog.gz ./usr/share/doc/dangvu/deploy.md \
  ./usr/share/doc/dangvu/examples/nginx-dangvu.conf ./usr/share/man/man1/dangvu.1.gz; do
  grep -q " $path\$" <<<"$contents" || fail "package lacks $path"
done
awk '{print $2}' <<<"$contents" | grep -vqx 'root/root' && fail "files not owned by root/root"
grep -q '^-rwxr-xr-x .* ./usr/bin/dangvu$' <<<"$contents" || fail "/usr/bin/dangvu is not mode 0755"
pass "contents"

# The changelog's newest entry is this version.
root="$work/root"
dpkg-deb -x "$deb" "$root"
top=$(zcat "$root/usr/share/doc/dangvu/changelog.gz" | sed -n '1s/^dangvu (\([^)]*\)).*/\1/p')
[[ $top == "$version" ]] || fail "packaging/changelog's newest entry is $top, the package is $version"

# The packaged binary runs and knows its version and commit.
out=$("$root/usr/bin/dangvu" --version)
[[ $out =~ ^dangvu\ $version\ \(commit\ ([0-9a-f]{12}(-dirty)?|unknown)\)$ ]] || fail "--version printed: $out"
pass "changelog and --version ($out)"

# --- systemd-analyze verify, against the package's files in a staged root. It needs the system's own
# units there (sysinit.target …), checks that ExecStart exists in the root, and reports unknown keys
# without failing: any output at all is a failure.
mkdir -p "$root/lib/systemd/system"
cp -an /lib/systemd/system/. "$root/lib/systemd/system/"
units=("$root/lib/systemd/system/dangvu.service" "$root/lib/systemd/system/dangvu-backup.service"
  "$root/lib/systemd/system/dangvu-backup.timer")
if verify=$(systemd-analyze verify --root="$root" --man=no "${units[@]}" 2>&1) && [[ -z $verify ]]; then
  pass "systemd-analyze verify: the three units"
else
  fail "systemd-analyze verify: $verify"
fi
# The hardening, scored by systemd itself: exposure at most 2.0 of 10 ("OK"; 1.5 when written).
for unit in dangvu.service dangvu-backup.service; do
  systemd-analyze security --offline=true --root="$root" --threshold=20 "$root/lib/systemd/system/$unit" \
    >"$work/security.txt" 2>&1 || fail "$unit: $(tail -1 "$work/security.txt")"
done
pass "systemd-analyze security: exposure of both services at most 2.0"
grep -qx 'ExecStart=/usr/bin/dangvu backup --into /var/lib/dangvu/backups --keep ${DANGVU_BACKUP_KEEP}' \
  "$root/lib/systemd/system/dangvu-backup.service" || fail "dangvu-backup.service does not run the backup command"
grep -qx 'DANGVU_BACKUP_KEEP=[0-9]*' "$root/etc/default/dangvu" || fail "/etc/default/dangvu has no DANGVU_BACKUP_KEEP"

# --- the settings file names exactly the server's settings (dangvu serve --help lists their variables)
help=$("$root/usr/bin/dangvu" serve --help)
known=$(grep -o 'DANGVU_[A-Z_]*' <<<"$help" | sort -u)
listed=$(grep -o '^#\?DANGVU_[A-Z_]*=' "$root/etc/default/dangvu" | tr -d '#=' | grep -vx DANGVU_BACKUP_KEEP | sort -u)
[[ $known == "$listed" ]] || fail "/etc/default/dangvu and 'serve --help' differ: $(diff <(echo "$known") <(echo "$listed") | grep '^[<>]' | tr '\n' ' ')"
pass "/etc/default/dangvu lists every setting of serve --help"

# --- nginx -t on the example site, with a throwaway certificate and paths of our own
mkdir -p "$ng/tls" "$ng/tmp" "$ng/www"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=dangvu.example.vn \
  -keyout "$ng/tls/privkey.pem" -out "$ng/tls/fullchain.pem" 2>/dev/null
sed -e "s|/etc/letsencrypt/live/dangvu.example.vn/|$ng/tls/|" -e "s|/var/www/html|$ng/www|" \
  "$root/usr/share/doc/dangvu/examples/nginx-dangvu.conf" >"$ng/site.conf"
grep -q "$ng/tls/fullchain.pem" "$ng/site.conf" || fail "the example site does not use /etc/letsencrypt/live/dangvu.example.vn/"
cat >"$ng/nginx.conf" <<EOF
pid $ng/nginx.pid;
error_log $ng/error.log;
events {}
http {
  access_log off;
  client_body_temp_path $ng/tmp/body;
  proxy_temp_path $ng/tmp/proxy;
  fastcgi_temp_path $ng/tmp/fastcgi;
  uwsgi_temp_path $ng/tmp/uwsgi;
  scgi_temp_path $ng/tmp/scgi;
  include $ng/site.conf;
}
EOF
if out=$(nginx -t -q -p "$ng" -c "$ng/nginx.conf" -e "$ng/error.log" 2>&1); then
  pass "nginx -t: the example site"
else
  fail "nginx -t: $out"
fi
# client_max_body_size is the largest body dangvu reads: the larger of its upload and attachment limits.
default_of() { sed -n "s/.*--$1 .*(default \([0-9]*\).*/\1/p" <<<"$help"; }
largest=$(( $(default_of upload-limit) > $(default_of attachment-limit) ? $(default_of upload-limit) : $(default_of attachment-limit) ))
size=$(sed -n 's/^ *client_max_body_size \([0-9]*\)m;/\1/p' "$ng/site.conf")
[[ -n $size && $((size * 1024 * 1024)) -eq $largest ]] ||
  fail "client_max_body_size ${size}m is not dangvu's largest body ($largest bytes)"
grep -q 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;' "$ng/site.conf" || fail "no X-Forwarded-For"
pass "client_max_body_size matches dangvu's limits (${size}m)"

# --- the example site in front of the packaged binary, for real: HTTPS proxied to dangvu --trust-proxy
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
dv_port=$(free_port) https_port=$(free_port) http_port=$(free_port)
chmod 755 "$work"
"$root/usr/bin/dangvu" --data "$work/data" serve --listen "127.0.0.1:$dv_port" --threads 2 --trust-proxy \
  --access-log "$work/access.log" 2>"$work/serve.log" &
dv_pid=$!
sed -e "s|listen 80;|listen 127.0.0.1:$http_port;|" -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
  -e '/listen \[::\]/d' -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$dv_port;|" "$ng/site.conf" >"$ng/site-live.conf"
sed "s|$ng/site.conf|$ng/site-live.conf|" "$ng/nginx.conf" >"$ng/nginx-live.conf"
nginx -p "$ng" -c "$ng/nginx-live.conf" -e "$ng/error.log" || fail "nginx did not start: $(cat "$ng/error.log")"
for _ in $(seq 300); do grep -q '"msg":"serving"' "$work/serve.log" && break; sleep 0.1; done
https() { curl -sk --max-time 20 --resolve "dangvu.example.vn:$https_port:127.0.0.1" "$@" || true; }
site="https://dangvu.example.vn:$https_port"
code=$(https -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 203.0.113.66' "$site/healthz")
[[ $code == 200 ]] || fail "https://…/healthz through nginx: $code ($(tail -3 "$work/serve.log" "$ng/error.log"))"
# dangvu took the client address nginx appended (this machine), not the one the client claimed. The
# access log is written once the response has gone out: wait for the line.
for _ in $(seq 50); do grep -q '"path":"/healthz"' "$work/access.log" 2>/dev/null && break; sleep 0.1; done
ip=$(grep '"path":"/healthz"' "$work/access.log" | tail -1 | sed -n 's/.*"ip":"\([^"]*\)".*/\1/p' || true)
[[ $ip == 127.0.0.1 ]] || fail "dangvu logged the client as '$ip', want 127.0.0.1 (the address nginx saw)"
# Pages link the stylesheet with its content's version: kept a year; the bare URL an hour.
css=$(https "$site/login" | grep -o '/static/app.css?v=[0-9a-f]*' | head -1)
[[ -n $css ]] || fail "the page through nginx links no versioned stylesheet"
headers=$(https -o /dev/null -D - "$site$css")
grep -qi '^cache-control: public, max-age=31536000, immutable' <<<"$headers" || fail "$css through nginx: $headers"
[[ $(grep -ci '^cache-control:' <<<"$headers") == 1 ]] || fail "/static/ has several Cache-Control headers"
grep -qi '^cache-control: public, max-age=3600' <<<"$(https -o /dev/null -D - "$site/static/app.css")" ||
  fail "/static/app.css without a version is not kept an hour"
grep -qi '^strict-transport-security:' <<<"$headers" || fail "/static/ lost the HSTS header"
redirect=$(curl -s --max-time 20 -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/orgs" || true)
[[ $redirect == "301 https://127.0.0.1/orgs" ]] || fail "http:// is not redirected to https://: $redirect"
kill "$(cat "$ng/nginx.pid")" && rm -f "$ng/nginx.pid"
kill "$dv_pid"
rc=0 && wait "$dv_pid" || rc=$?
dv_pid=""
[[ $rc == 0 ]] || fail "dangvu exited $rc on SIGTERM: $(tail -5 "$work/serve.log")"
pass "the example site proxies HTTPS to dangvu: X-Forwarded-For, static cache, redirect"
grep -v '^{' "$work/serve.log" && fail "serve wrote lines that are not JSON"

# --- lintian: no errors. Warnings and infos are listed for the record.
lintian_out=$(lintian --display-info "$deb" 2>&1) || true
[[ -n $lintian_out ]] && echo "$lintian_out"
if grep -q '^E: ' <<<"$lintian_out"; then
  fail "lintian reports errors"
else
  pass "lintian: no errors ($(grep -c '^W: ' <<<"$lintian_out" || true) warnings)"
fi

if ((failures)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "packaging: all checks passed"
