# shellcheck shell=bash
# Upstream registries for tests of Berth's remote side (remote client, registry endpoints, proxy
# cache): docker-registry on loopback (anonymous, htpasswd, token, TLS) and the fake ECR.
# Source after lib.sh and lib_init:   . "$HERE/remote_lib.sh"
FAKES=$(cd "$LIB_DIR/../fakes" && pwd)

# NS: the command prefix the start_* helpers run their servers and probes with (set by
# netns_start); empty: this machine's loopback, as usual.
NS=()

# netns_start HOST...: a private network namespace (only its own loopback) whose /etc/hosts maps
# each HOST to 127.0.0.1, so a fixed public name such as https://public.ecr.aws can be served on
# loopback without touching the machine or the product; sets NS (nsenter into it). Unprivileged
# (a user namespace); the namespaces die with the holder process, which cleanup kills.
netns_start() {
  local hosts=$TEST_TMP/netns-hosts ready=$TEST_TMP/netns-ready h i
  printf '127.0.0.1 localhost\n' >"$hosts"
  for h in "$@"; do printf '127.0.0.1 %s\n' "$h" >>"$hosts"; done
  rm -f "$ready"
  unshare -rnm sh -c 'ip link set lo up && mount --bind "$1" /etc/hosts && : >"$2" && exec sleep 100000' \
    _ "$hosts" "$ready" >"$TEST_TMP/netns.log" 2>&1 &
  NS_PID=$!
  register_pid "$NS_PID"
  for ((i = 0; i < 50; i++)); do [[ -e $ready ]] && break; sleep 0.1; done
  [[ -e $ready ]] || die "cannot make a network namespace (unshare -rnm): $(cat "$TEST_TMP/netns.log")"
  NS=(nsenter -t "$NS_PID" -U -n -m --preserve-credentials)
}

# remote_safety_env: nothing may reach AWS (every AWS endpoint points at loopback) and no
# credential of the user running the tests is used. Call before berth_start.
remote_safety_env() {
  export AWS_ENDPOINT_URL=http://127.0.0.1:9
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_WEB_IDENTITY_TOKEN_FILE AWS_ROLE_ARN
  unset AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI \
    AWS_CONTAINER_AUTHORIZATION_TOKEN AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
  export AWS_EC2_METADATA_DISABLED=true AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:9
  export HOME=$TEST_TMP/home AWS_SHARED_CREDENTIALS_FILE=$TEST_TMP/home/no-credentials
  mkdir -p "$HOME"
}

wait_http() { # URL: until it answers HTTP at all (10 s)
  local i code
  for ((i = 0; i < 100; i++)); do
    code=$("${NS[@]}" curl -sk -o /dev/null -w '%{http_code}' --max-time 1 "$1" 2>/dev/null)
    [[ $code != 000 && -n $code ]] && return 0
    sleep 0.1
  done
  return 1
}

# start_registry NAME [EXTRA_YAML] [PORT]: docker-registry on PORT (default: a free one); sets
# REG_PORT, REG_LOG
start_registry() {
  local name=$1 extra=${2:-} dir=$TEST_TMP/$1
  REG_PORT=${3:-$(free_port)}
  mkdir -p "$dir/data"
  cat >"$dir/config.yml" <<YML
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$REG_PORT
  secret: test-$name
$extra
YML
  env -u REGISTRY_AUTH_FILE "${NS[@]}" docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
  register_pid $!
  REG_LOG=$dir/log
  local scheme=http; [[ $extra == *"tls:"* ]] && scheme=https
  wait_http "$scheme://127.0.0.1:$REG_PORT/v2/" || die "docker-registry $name did not start: $(tail -5 "$dir/log")"
}

htpasswd_yaml() { # USER PASS FILE
  htpasswd -Bbn "$1" "$2" >"$3"
  printf 'auth:\n  htpasswd:\n    realm: berth-test\n    path: %s\n' "$3"
}

# start_ecr_fake AK SK PASSWORD PROXY_ENDPOINT [extra args]: tests/fakes/ecr_server.py (region
# us-west-2, account 123456789012; ECR Public too) on a free port; sets ECR_PORT, ECR_LOG (default
# $TEST_TMP/ecr.log) and points AWS_ENDPOINT_URL_ECR / _ECR_PUBLIC / _STS at it (export before
# starting Berth).
start_ecr_fake() {
  local ak=$1 sk=$2 pw=$3 proxy=$4; shift 4
  ECR_PORT=$(free_port)
  ECR_LOG=${ECR_LOG_FILE:-$TEST_TMP/ecr.log}
  "${NS[@]}" python3 "$FAKES/ecr_server.py" --port "$ECR_PORT" --access-key "$ak" --secret-key "$sk" \
    --password "$pw" --proxy-endpoint "$proxy" --region us-west-2 --account 123456789012 "$@" >"$ECR_LOG" 2>&1 &
  register_pid $!
  wait_http "http://127.0.0.1:$ECR_PORT/" || die "fake ECR did not start: $(cat "$ECR_LOG")"
  export AWS_ENDPOINT_URL_ECR=http://127.0.0.1:$ECR_PORT AWS_ENDPOINT_URL_STS=http://127.0.0.1:$ECR_PORT \
    AWS_ENDPOINT_URL_ECR_PUBLIC=http://127.0.0.1:$ECR_PORT
}

# start_metadata_fake NAME AKID:SECRET:TOKEN [extra args]: tests/fakes/aws_metadata_server.py
# (container credentials at /creds and IMDS) on a free port; sets MD_PORT, MD_LOG (its request
# log). Point AWS_CONTAINER_CREDENTIALS_FULL_URI / AWS_EC2_METADATA_SERVICE_ENDPOINT at it.
start_metadata_fake() {
  local name=$1 creds=$2; shift 2
  MD_PORT=$(free_port)
  MD_LOG=$TEST_TMP/metadata-$name.log
  python3 "$FAKES/aws_metadata_server.py" --port "$MD_PORT" --log "$MD_LOG" --creds "$creds" "$@" \
    >"$TEST_TMP/metadata-$name.out" 2>&1 &
  register_pid $!
  wait_http "http://127.0.0.1:$MD_PORT/" || die "fake AWS metadata did not start: $(cat "$TEST_TMP/metadata-$name.out")"
  : >"$MD_LOG"  # wait_http's probe is not part of what the tests count
}

# start_token_registry USER:PASS [NAME [EXTRA_HTTP_YAML [PORT]]]: tests/fakes/token_server.py
# (RS256 tokens for USER) and a docker-registry NAME (default "token") that trusts it;
# EXTRA_HTTP_YAML goes into the registry's http section (e.g. "  tls: ..."). Sets TOKEN_PORT,
# TOKEN_LOG ($TEST_TMP/NAME.log), TOKEN_REG (host:port), REG_LOG.
start_token_registry() {
  local name=${2:-token} http_extra=${3:-}
  local key=$TEST_TMP/$name.key crt=$TEST_TMP/$name.crt
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$key" -out "$crt" \
    -days 2 -subj "/CN=berth-test-token" >/dev/null 2>&1 || die "openssl req failed"
  TOKEN_PORT=$(free_port)
  TOKEN_LOG=$TEST_TMP/$name.log
  "${NS[@]}" python3 "$FAKES/token_server.py" --port "$TOKEN_PORT" --key "$key" --cert "$crt" \
    --issuer berth-test-issuer --service berth-test-registry --user "$1" >"$TOKEN_LOG" 2>&1 &
  register_pid $!
  wait_http "http://127.0.0.1:$TOKEN_PORT/none" || die "token server did not start: $(cat "$TOKEN_LOG")"
  start_registry "$name-registry" "${http_extra:+$http_extra
}$(printf 'auth:\n  token:\n    realm: http://127.0.0.1:%s/token\n    service: berth-test-registry\n    issuer: berth-test-issuer\n    rootcertbundle: %s\n' "$TOKEN_PORT" "$crt")" "${4:-}"
  TOKEN_REG=127.0.0.1:$REG_PORT
}
