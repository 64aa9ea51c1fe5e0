#!/usr/bin/env bash
# Crash safety: kill -9 during a large blob upload and a manifest PUT, restart, nothing partial
# is visible, fsck is clean; then a corrupted blob file is never served as a success and fsck
# reports it.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
berth_start

R=crash/repo
W=$TEST_TMP/w
mkdir -p "$W"
OCI_MT=application/vnd.oci.image.manifest.v1+json

run_fsck() { # prints output, returns fsck's exit code
  timeout 120 "$BERTH_BIN" fsck --config "$BERTH_CONFIG" 2>&1
}
blob_file() { # DIGEST -> path of the stored blob file
  local alg=${1%%:*} hex=${1#*:}
  if [[ $BERTH_KIND == distribution ]]; then
    printf '%s' "$BERTH_DATA/docker/registry/v2/blobs/$alg/${hex:0:2}/$hex/data"
  else
    printf '%s' "$BERTH_DATA/blobs/$alg/${hex:0:2}/$hex"
  fi
}
flip_byte() { # FILE OFFSET
  python3 - "$1" "$2" <<'EOF'
import sys
p, off = sys.argv[1], int(sys.argv[2])
with open(p, "r+b") as f:
    f.seek(off); b = f.read(1); f.seek(off); f.write(bytes([b[0] ^ 0xFF]))
EOF
}

# ---------------------------------------------------------------------------
info "a committed image to compare against"
make_random_file "$W/layer" 1048576
LAYER=$(upload_blob "$R" "$W/layer") || die "blob upload failed"
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["%s"]},"r":"%s"}' "$LAYER" "$RANDOM$RANDOM" >"$W/config.json"
CFG=$(upload_blob "$R" "$W/config.json") || die "config upload failed"
jq -cjn --arg c "$CFG" --argjson cs "$(file_size "$W/config.json")" --arg l "$LAYER" --argjson ls "$(file_size "$W/layer")" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $cs},
  layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $l, size: $ls}]}' >"$W/base.json"
BASE=$(file_digest "$W/base.json")
put_manifest "$R" base "$W/base.json" "$OCI_MT"
expect_status 201 "push the base image"
TAGS_BEFORE=$(tags_of "$R")
assert_eq "tags before the crash" '["base"]' "$TAGS_BEFORE"

# ---------------------------------------------------------------------------
info "kill -9 while uploads and a manifest PUT are in flight"
BIGSIZE=$((300 * 1024 * 1024))
head -c "$BIGSIZE" /dev/urandom >"$W/big" || die "cannot create the 300 MB file"
BIG=$(file_digest "$W/big")
head -c $((100 * 1024 * 1024)) /dev/urandom >"$W/big2"
BIG2=$(file_digest "$W/big2")
log "300 MB blob $BIG, 100 MB blob $BIG2"

# 1) monolithic PUT of 300 MB at 20 MB/s
req POST "/v2/$R/blobs/uploads/"
expect_status 202 "POST upload session for the 300 MB blob"
LOC_PUT=$(abs_url "$(hdr Location)")
curl_b -o "$W/put.out" -w '%{http_code}' --limit-rate 20M -X PUT -H 'Content-Type: application/octet-stream' \
  --data-binary "@$W/big" "$(add_query "$LOC_PUT" "digest=$BIG")" >"$W/put.code" 2>"$W/put.err" &
C1=$!; register_pid "$C1"
# 2) streamed PATCH of 100 MB at 10 MB/s (to be finished by a PUT that never comes)
req POST "/v2/$R/blobs/uploads/"
LOC_PATCH=$(abs_url "$(hdr Location)")
curl_b -o /dev/null --limit-rate 10M -X PATCH -H 'Content-Type: application/octet-stream' \
  --data-binary "@$W/big2" "$LOC_PATCH" >/dev/null 2>&1 &
C2=$!; register_pid "$C2"
# 3) single-request POST ?digest= of the same 100 MB (if supported)
curl_b -o /dev/null --limit-rate 10M -X POST -H 'Content-Type: application/octet-stream' \
  --data-binary "@$W/big2" "$BERTH_URL/v2/$R/blobs/uploads/?digest=$BIG2" >/dev/null 2>&1 &
C3=$!; register_pid "$C3"
# 4) a ~400 kB manifest (padded annotation) PUT at 40 kB/s, tag "inflight"
python3 - "$W/base.json" "$W/inflight.json" <<'EOF'
import json, sys, os
m = json.load(open(sys.argv[1]))
m["annotations"] = {"pad": os.urandom(200000).hex()}
open(sys.argv[2], "w").write(json.dumps(m, separators=(",", ":")))
EOF
INFLIGHT=$(file_digest "$W/inflight.json")
curl_b -o /dev/null --limit-rate 40K -X PUT -H "Content-Type: $OCI_MT" --data-binary "@$W/inflight.json" \
  "$BERTH_URL/v2/$R/manifests/inflight" >/dev/null 2>&1 &
C4=$!; register_pid "$C4"
# 5) the same manifest pushed by digest, also slowly
curl_b -o /dev/null --limit-rate 40K -X PUT -H "Content-Type: $OCI_MT" --data-binary "@$W/inflight.json" \
  "$BERTH_URL/v2/$R/manifests/$INFLIGHT" >/dev/null 2>&1 &
C5=$!; register_pid "$C5"

sleep 3
for c in $C1 $C2 $C4 $C5; do
  kill -0 "$c" 2>/dev/null || fail "a slow client finished before the crash (pid $c) - test did not exercise the crash"
done
berth_kill9
ok "berth killed with SIGKILL while 5 requests were in flight"
for c in $C1 $C2 $C3 $C4 $C5; do wait "$c" 2>/dev/null; done
berth_restart

req HEAD "/v2/$R/blobs/$BIG"
expect_status 404 "after the crash: the 300 MB blob (PUT cut off) is 404"
req GET "/v2/$R/blobs/$BIG" -H "Range: bytes=0-99"
expect_status 404 "after the crash: no range of the partial blob is served"
req HEAD "/v2/$R/blobs/$BIG2"
expect_status 404 "after the crash: the 100 MB blob (PATCH / POST cut off) is 404"
req GET "/v2/$R/manifests/inflight" -H "Accept: $OCI_MT"
expect_status 404 "after the crash: tag 'inflight' of the cut-off manifest PUT is 404"
req GET "/v2/$R/manifests/$INFLIGHT" -H "Accept: $OCI_MT"
expect_status 404 "after the crash: the cut-off manifest is 404 by digest"
assert_eq "after the crash: tag list unchanged" "$TAGS_BEFORE" "$(tags_of "$R")"
req GET "/v2/$R/manifests/base" -H "Accept: $OCI_MT"
expect_status 200 "after the crash: the committed image is intact"
expect_body_digest "$BASE" "after the crash: committed manifest bytes"
req GET "/v2/$R/blobs/$LAYER"
expect_body_digest "$LAYER" "after the crash: committed layer bytes"
f=$(blob_file "$BIG")
assert_eq "after the crash: no blob file for the partial 300 MB blob" "absent" "$([[ -e "$f" ]] && echo "present: $f" || echo absent)"
req GET "$LOC_PUT"
if [[ $RESP_STATUS == 204 ]]; then
  r=$(hdr Range); end=${r#0-}
  assert_match "the interrupted PUT session, if kept, reports a Range within what was sent" '^0-[0-9]+$' "$r"
  [[ "$end" =~ ^[0-9]+$ ]] && ((end >= BIGSIZE - 1)) && fail "interrupted session claims the whole blob ($r)"
else
  expect_status "404" "the interrupted PUT session is gone or still resumable (204)"
fi

# the registry still works after the crash
make_random_file "$W/after" 50000
AFTER=$(upload_blob "$R" "$W/after")
assert_digest "upload after the crash works" "$(file_digest "$W/after")" "$AFTER"
put_manifest "$R" inflight "$W/inflight.json" "$OCI_MT"
expect_status 201 "the manifest that was cut off can be pushed again"
req GET "/v2/$R/manifests/inflight" -H "Accept: $OCI_MT"
expect_body_digest "$INFLIGHT" "re-pushed manifest is exact"
req DELETE "/v2/$R/manifests/$INFLIGHT"
expect_status 202 "delete the re-pushed manifest"

if require_berth "berth fsck after the crash"; then
  berth_stop
  out=$(run_fsck); rc=$?
  if [[ $rc -eq 0 ]]; then ok "berth fsck --config exits 0 after the crash recovery"
  else fail "berth fsck --config exits 0 after the crash recovery (exit $rc)" \
    "command: $(quote_cmd "$BERTH_BIN" fsck --config "$BERTH_CONFIG")" "output: $(tail -n 30 <<<"$out")"; fi
  berth_restart
fi

# ---------------------------------------------------------------------------
info "a corrupted blob file"
f=$(blob_file "$LAYER")
if [[ ! -f "$f" ]]; then
  fail "the layer is stored at $(realpath -m --relative-to="$BERTH_DATA" "$f") under the data dir" \
    "files under the data dir: $(cd "$BERTH_DATA" && find . -type f | head -n 30)"
  f=$(find "$BERTH_DATA" -type f -size "$(file_size "$W/layer")c" | head -n1)
else
  ok "the layer is stored at ${f#"$BERTH_DATA"/}"
fi
if [[ -n "$f" && -f "$f" ]]; then
  flip_byte "$f" 4096
  ok "flipped one byte at offset 4096 of ${f#"$BERTH_DATA"/}"
  for attempt in 1 2; do
    req GET "/v2/$R/blobs/$LAYER"
    got=$(file_digest "$RESP_BODY")
    if [[ $RESP_CURL_RC -eq 0 && $RESP_STATUS =~ ^2 && "$got" != "$LAYER" && $(file_size "$RESP_BODY") -eq $(file_size "$W/layer") ]]; then
      fail "GET of a corrupted blob must not return the corrupted bytes as a success (attempt $attempt)" "$(resp_summary)" \
        "served body hashes to $got, not $LAYER"
    else
      ok "GET of a corrupted blob is not a successful corrupted response (attempt $attempt: HTTP $RESP_STATUS, curl exit $RESP_CURL_RC, body ${got:0:19}...)"
    fi
  done
  # informational only: verifying ranges needs a whole-blob hash, which registries may skip
  req GET "/v2/$R/blobs/$LAYER" -H "Range: bytes=4000-4199"
  log "Range GET over the corrupted byte: HTTP $RESP_STATUS, curl exit $RESP_CURL_RC"
  if require_berth "berth fsck detects the corrupted blob"; then
    berth_stop
    out=$(run_fsck); rc=$?
    if [[ $rc -ne 0 ]]; then ok "berth fsck exits non-zero with a corrupted blob (exit $rc)"
    else fail "berth fsck exits non-zero with a corrupted blob (it exited 0)" \
      "command: $(quote_cmd "$BERTH_BIN" fsck --config "$BERTH_CONFIG")" "output: $(tail -n 30 <<<"$out")"; fi
    assert_contains "berth fsck names the corrupted blob" "${LAYER#sha256:}" "$out"
    assert_not_contains "berth fsck does not blame the healthy config blob" "${CFG#sha256:}" "$out"
    berth_restart
    req GET "/v2/$R/blobs/$CFG"
    expect_body_digest "$CFG" "healthy blobs are still served after fsck"
  fi
fi

finish
