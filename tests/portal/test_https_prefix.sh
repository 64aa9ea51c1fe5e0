#!/usr/bin/env bash
# The portal over HTTPS (expose.tls.certSource: auto) and behind a reverse proxy at a path prefix
# (nginx: location /reg/ { proxy_pass http://berth/; }), https_prefix.test.mjs in chromium; and
# around it, with curl, the <base href> Berth writes into index.html: "/" by default, the proxy's
# X-Forwarded-Prefix when it is a clean path (an unsafe one is ignored, never echoed), else the
# path of externalURL.
#   bash tests/portal/test_https_prefix.sh build/berth [OUT_DIR]
. "$(dirname "${BASH_SOURCE[0]}")/portal_lib.sh"
portal_init "$1" "$2"
command -v nginx >/dev/null || die "nginx is missing (apt-get install nginx)"

info "page hrefs are built with appUrl() (a bare href=\"/harbor...\" would leave the prefix)"
bare=$(grep -rnE 'href="(/|\$\{API)' "$ROOT/ui/src" | grep -v '^[^:]*app-url.ts:')
assert_eq "no href in ui/src starts with a bare app path" "" "$bare"

TLS_PORT=$(free_port)
TLS_CONFIG="expose:
  tls:
    enabled: true
    certSource: auto
tlsListen: \"127.0.0.1:$TLS_PORT\""
BERTH_EXTRA_CONFIG=$TLS_CONFIG
BERTH_TEST_PROJECTS=library
berth_start
HTTPS_URL=https://localhost:$TLS_PORT
for ((i = 0; i < 100; i++)); do
  [[ $(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 "$HTTPS_URL/v2/") =~ ^(200|401)$ ]] && break
  sleep 0.1
done

info "HTTPS with the auto CA"
CA=$BERTH_DATA/tls/ca.crt
code=$(curl -sS --cacert "$CA" -o "$TEST_TMP/index.html" -w '%{http_code}' "$HTTPS_URL/harbor/projects")
assert_eq "the portal over HTTPS, verified with the generated CA ($CA)" 200 "$code"
assert_contains "index.html over HTTPS has <base href=\"/\">" '<head><base href="/">' "$(cat "$TEST_TMP/index.html")"
# What chromium pins: the SHA-256 of the SubjectPublicKeyInfo (DER), base64, of server.crt …
spki() { openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64; }
CERT_SPKI=$(openssl x509 -in "$BERTH_DATA/tls/server.crt" -pubkey -noout | spki)
served=$(openssl s_client -connect "127.0.0.1:$TLS_PORT" -servername localhost </dev/null 2>/dev/null |
  openssl x509 -pubkey -noout | spki)
assert_eq "the served certificate is server.crt (same public key)" "$CERT_SPKI" "$served"
# … and of a key Berth never saw, for the negative check.
WRONG_SPKI=$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null | openssl pkey -pubout | spki)
assert_ne "the wrong pin differs" "$CERT_SPKI" "$WRONG_SPKI"

info "the <base href> of index.html"
base_of() { curl -sS "$@" | grep -o '<base href="[^"]*">' | head -1; }
assert_eq "no proxy: base /" '<base href="/">' "$(base_of "$BERTH_URL/harbor/projects/3/repositories")"
assert_eq "X-Forwarded-Prefix /reg: base /reg/" '<base href="/reg/">' \
  "$(base_of -H 'X-Forwarded-Prefix: /reg' "$BERTH_URL/harbor/projects")"
assert_eq "X-Forwarded-Prefix /a/b/: base /a/b/" '<base href="/a/b/">' \
  "$(base_of -H 'X-Forwarded-Prefix: /a/b/' "$BERTH_URL/account/sign-in")"
for bad in '/reg"><script>alert(1)</script>' '/../x' '//evil.example' 'https://evil.example/' '/a b' '/reg, /x' "/a'b"; do
  page=$(curl -sS -H "X-Forwarded-Prefix: $bad" "$BERTH_URL/harbor/projects")
  assert_contains "unsafe X-Forwarded-Prefix ignored: $bad" '<head><base href="/">' "$page"
  [[ $page == *"$bad"* ]] && fail "unsafe X-Forwarded-Prefix echoed into the page: $bad"
done
h=$(curl -sS -D - -o /dev/null -H 'X-Forwarded-Prefix: /reg' "$BERTH_URL/" | tr -d '\r')
assert_contains "index.html varies by X-Forwarded-Prefix" "Vary: X-Forwarded-Prefix" "$h"
etag_reg=$(grep -i '^etag:' <<<"$h")
etag_root=$(curl -sS -D - -o /dev/null "$BERTH_URL/" | tr -d '\r' | grep -i '^etag:')
assert_ne "the ETag differs per base" "$etag_root" "$etag_reg"

info "nginx in front of Berth under /reg/"
NG=$TEST_TMP/nginx
mkdir -p "$NG/tmp"
NGINX_PORT=$(free_port)
[[ $(id -u) == 0 ]] && NG_USER="user root root;" || NG_USER=""
cat >"$NG/nginx.conf" <<NGINX
$NG_USER
worker_processes 1;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
events { worker_connections 256; }
http {
  access_log $NG/access.log;
  client_body_temp_path $NG/tmp/body;
  proxy_temp_path $NG/tmp/proxy;
  fastcgi_temp_path $NG/tmp/fastcgi;
  uwsgi_temp_path $NG/tmp/uwsgi;
  scgi_temp_path $NG/tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /reg/ {
      proxy_pass http://127.0.0.1:$BERTH_PORT/;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-Prefix /reg;
    }
  }
}
NGINX
nginx -e "$NG/error.log" -p "$NG" -c "$NG/nginx.conf" -g 'daemon off; master_process on;' >"$NG/out.log" 2>&1 &
register_pid $!
PREFIX_URL=http://127.0.0.1:$NGINX_PORT/reg
for ((i = 0; i < 50; i++)); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$PREFIX_URL/harbor/projects") == 200 ]] && break
  sleep 0.1
done
assert_eq "nginx answers $PREFIX_URL/ with the portal" '<base href="/reg/">' "$(base_of "$PREFIX_URL/harbor/projects")"

portal_run_spec https_prefix.test.mjs HTTPS_URL="$HTTPS_URL" PREFIX_URL="$PREFIX_URL" CERT_SPKI="$CERT_SPKI" \
  WRONG_SPKI="$WRONG_SPKI"
outside=$(awk '{print $7}' "$NG/access.log" | grep -v '^/reg/' | sort -u)
assert_eq "nginx saw no request outside /reg/" "" "$outside"

info "the base from externalURL's path"
berth_stop
BERTH_EXTRA_CONFIG="externalURL: https://berth.example/ext
$TLS_CONFIG"
berth_write_config
berth_restart
assert_eq "externalURL https://berth.example/ext: base /ext/" '<base href="/ext/">' \
  "$(base_of "$BERTH_URL/harbor/projects")"
assert_eq "a clean X-Forwarded-Prefix still wins" '<base href="/reg/">' \
  "$(base_of -H 'X-Forwarded-Prefix: /reg' "$BERTH_URL/harbor/projects")"
assert_eq "an unsafe one leaves externalURL's" '<base href="/ext/">' \
  "$(base_of -H 'X-Forwarded-Prefix: /x"><b>' "$BERTH_URL/harbor/projects")"
info "registry answers under externalURL with a path"
realm=$(curl -sS -D - -o /dev/null "$BERTH_URL/v2/" | tr -d '\r' | grep -i '^www-authenticate:')
assert_contains "the token realm is under the prefix (as Harbor: externalURL + /service/token)" \
  'realm="https://berth.example/ext/service/token"' "$realm"
info_json=$(curl -sS -u admin:Harbor12345 "$BERTH_URL/api/v2.0/systeminfo")
assert_eq "systeminfo external_url keeps the path" "https://berth.example/ext" "$(jq -r .external_url <<<"$info_json")"
assert_eq "systeminfo registry_url is the host only (docker needs /v2/ at the root)" "berth.example" \
  "$(jq -r .registry_url <<<"$info_json")"
out=$(BERTH_EXTERNAL_URL='https://h/x"y' "$BERTH_BIN" config check --config "$BERTH_CONFIG" 2>&1)
assert_contains "an unclean externalURL path is a config error" "externalURL: its path" "$out"
finish
