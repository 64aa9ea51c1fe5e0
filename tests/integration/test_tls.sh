#!/usr/bin/env bash
# TLS with an auto-generated CA: getcert returns the CA, skopeo verifies the server with it
# (no tls-verify=false), and the served certificate survives a restart.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"

W=$TEST_TMP/w
CERTS=$TEST_TMP/certs
mkdir -p "$W" "$CERTS"

if [[ $BERTH_KIND == berth ]]; then
  TLS_PORT=$(free_port)
  BERTH_EXTRA_CONFIG="externalURL: https://localhost:$TLS_PORT
expose:
  tls:
    enabled: true
    certSource: auto
    auto:
      commonName: \"berth.test\"
tlsListen: \"127.0.0.1:$TLS_PORT\""
  berth_start
  fetch_ca() { curl -sS -k "${CURL_AUTH[@]}" --max-time 30 -D "$W/getcert.hdr" -o "$1" -w '%{http_code}' \
    "https://127.0.0.1:$TLS_PORT/api/v2.0/systeminfo/getcert"; }
else
  # Validation mode: docker-registry with a CA made here (it has no getcert API)
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/ca.key" -out "$W/ca.pem" -days 2 -subj "/CN=berth test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" >/dev/null 2>&1
  openssl req -newkey rsa:2048 -nodes -keyout "$W/srv.key" -out "$W/srv.csr" -subj "/CN=berth.test" >/dev/null 2>&1
  printf 'subjectAltName=DNS:localhost,DNS:berth.test,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$W/ext"
  openssl x509 -req -in "$W/srv.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -CAcreateserial -out "$W/srv.pem" -days 2 \
    -extfile "$W/ext" >/dev/null 2>&1
  DIST_TLS_CERT=$W/srv.pem DIST_TLS_KEY=$W/srv.key
  berth_start
  TLS_PORT=$BERTH_PORT
  fetch_ca() { cp "$W/ca.pem" "$1"; : >"$W/getcert.hdr"; echo 200; }
fi
TLS_HOST=localhost:$TLS_PORT
# make sure nothing marks the TLS endpoint insecure for skopeo
grep -q ":$TLS_PORT\"" "$SKOPEO_REGCONF" && echo 'unqualified-search-registries = []' >"$SKOPEO_REGCONF"
log "TLS endpoint https://$TLS_HOST"

# wait for the TLS listener
for ((i = 0; i < 100; i++)); do
  code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 "https://127.0.0.1:$TLS_PORT/v2/")
  [[ $code == 200 || $code == 401 ]] && break
  sleep 0.1
done
assert_match "the TLS listener answers GET /v2/ (curl -k)" '^(200|401)$' "$code"

# ---------------------------------------------------------------------------
info "getcert"
code=$(fetch_ca "$W/ca.crt")
assert_eq "GET https://127.0.0.1:$TLS_PORT/api/v2.0/systeminfo/getcert -> 200" 200 "$code"
assert_contains "getcert returns a PEM certificate" "-----BEGIN CERTIFICATE-----" "$(cat "$W/ca.crt" 2>/dev/null)"
catext=$(openssl x509 -in "$W/ca.crt" -noout -text 2>&1)
assert_match "the returned certificate is a CA (basicConstraints CA:TRUE)" 'CA:TRUE' "$catext"
CA_FP=$(openssl x509 -in "$W/ca.crt" -noout -fingerprint -sha256 2>/dev/null)
cp "$W/ca.crt" "$CERTS/ca.crt"

served_cert() { # prints the PEM of the certificate served on the TLS port (SNI localhost)
  openssl s_client -connect "127.0.0.1:$TLS_PORT" -servername localhost </dev/null 2>/dev/null |
    sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p'
}
served_cert >"$W/served.pem"
SRV_FP=$(openssl x509 -in "$W/served.pem" -noout -fingerprint -sha256 2>/dev/null)
assert_match "a certificate is served on the TLS port" 'Fingerprint=' "$SRV_FP"
check "the served certificate verifies against the getcert CA for name localhost" \
  openssl verify -CAfile "$W/ca.crt" -verify_hostname localhost "$W/served.pem"
sv=$(openssl s_client -connect "127.0.0.1:$TLS_PORT" -servername localhost -CAfile "$W/ca.crt" \
  -verify_hostname localhost -verify_return_error </dev/null 2>&1 | grep -E 'Verify return code')
assert_match "openssl s_client: Verify return code: 0 (ok)" 'Verify return code: 0 ' "$sv"
curl_verified_v2() {
  local code
  code=$(curl -sS --cacert "$W/ca.crt" "${CURL_AUTH[@]}" -o /dev/null -w '%{http_code}' "https://$TLS_HOST/v2/") || return 1
  [[ $code == 200 ]] || { echo "HTTP $code"; return 1; }
}
check "curl with --cacert (verification on) GET https://$TLS_HOST/v2/ -> 200" curl_verified_v2
check_fails "curl without the CA refuses the server certificate" curl -sS -o /dev/null "https://$TLS_HOST/v2/"

# ---------------------------------------------------------------------------
info "skopeo with TLS verification"
L=$TEST_TMP/layout
D=$(make_oci_image "$L" img 2) || die "could not build the test image"
check "skopeo copy oci: -> docker://$TLS_HOST/tls/img:v1 with --dest-cert-dir (verification on)" \
  sk copy -q --dest-cert-dir "$CERTS" "${SK_DEST_CREDS[@]}" "oci:$L:img" "docker://$TLS_HOST/tls/img:v1"
check_fails "skopeo without the CA refuses the server (verification really on)" \
  sk inspect --raw "${SK_CREDS[@]}" "docker://$TLS_HOST/tls/img:v1"
sk inspect --raw --cert-dir "$CERTS" "${SK_CREDS[@]}" "docker://$TLS_HOST/tls/img:v1" >"$W/raw.json" 2>"$W/raw.err"
assert_digest "skopeo inspect --raw over TLS hashes to the pushed digest" "$D" "$(file_digest "$W/raw.json")"
check "skopeo copy docker://$TLS_HOST/tls/img:v1 -> oci: with --src-cert-dir" \
  sk copy -q --src-cert-dir "$CERTS" "${SK_SRC_CREDS[@]}" "docker://$TLS_HOST/tls/img:v1" "oci:$TEST_TMP/out:v1"
assert_digest "image pulled over TLS keeps its digest" "$D" "$(oci_ref_digest "$TEST_TMP/out" v1)"
if [[ $BERTH_KIND == berth ]]; then
  req HEAD "/v2/tls/img/manifests/v1" -H "Accept: $ACCEPT_ALL"
  expect_hdr_eq Docker-Content-Digest "$D" "the image pushed over TLS is visible on the plain listener"
  req POST "/v2/tls/img/blobs/uploads/"
  expect_hdr Location '^(/v2/|https://localhost:'"$TLS_PORT"'/v2/|http://127\.0\.0\.1:'"$BERTH_PORT"'/v2/)' \
    "upload Location on the plain listener is relative or points at a reachable URL"
  h=$(curl -sS --cacert "$W/ca.crt" "${CURL_AUTH[@]}" -D - -o /dev/null -X POST "https://$TLS_HOST/v2/tls/img/blobs/uploads/" | tr -d '\r' | grep -i '^location:')
  assert_match "upload Location over TLS is relative or https://localhost:$TLS_PORT" "^[Ll]ocation: (/v2/|https://localhost:$TLS_PORT/v2/)" "$h"
fi

# ---------------------------------------------------------------------------
info "restart keeps the certificate"
berth_restart
for ((i = 0; i < 100; i++)); do
  code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 "https://127.0.0.1:$TLS_PORT/v2/")
  [[ $code == 200 || $code == 401 ]] && break
  sleep 0.1
done
served_cert >"$W/served2.pem"
assert_eq "after restart: the served certificate is the same (sha256 fingerprint)" "$SRV_FP" \
  "$(openssl x509 -in "$W/served2.pem" -noout -fingerprint -sha256 2>/dev/null)"
fetch_ca "$W/ca2.crt" >/dev/null
assert_eq "after restart: getcert returns the same CA" "$CA_FP" "$(openssl x509 -in "$W/ca2.crt" -noout -fingerprint -sha256 2>/dev/null)"
check "after restart: skopeo pull with the saved CA still verifies" \
  sk copy -q --src-cert-dir "$CERTS" "${SK_SRC_CREDS[@]}" "docker://$TLS_HOST/tls/img:v1" "oci:$TEST_TMP/out2:v1"

finish
