# shellcheck shell=bash
# Helpers of the replication tests (test_replication.sh, test_replication_adapters.sh), driving
# endpoints, policies and executions through the API. Source after lib.sh and lib_init.
create_endpoint() { # NAME TYPE URL [USER PASS] -> ENDPOINT_ID
  local cred='{}'
  [[ -n ${4:-} ]] && cred=$(jq -cn --arg k "$4" --arg s "$5" '{credential:{type:"basic",access_key:$k,access_secret:$s}}')
  api_json admin POST /registries "$(jq -cn --arg n "$1" --arg t "$2" --arg u "$3" --argjson c "$cred" \
    '{name:$n,type:$t,url:$u,insecure:true} + $c')"
  [[ $RESP_STATUS == 201 ]] || die "endpoint $1: $(resp_summary)"
  ENDPOINT_ID=$(hdr Location | sed 's#.*/##')
}
create_policy() { # JSON -> POLICY_ID
  api_json admin POST /replication/policies "$1"
  [[ $RESP_STATUS == 201 ]] || die "policy: $(resp_summary)"
  POLICY_ID=$(hdr Location | sed 's#.*/##')
}
start_execution() { # POLICY -> EXEC_ID
  api_json admin POST /replication/executions "{\"policy_id\":$1}"
  [[ $RESP_STATUS == 201 ]] || { fail "start execution of policy $1" "$(resp_summary)"; EXEC_ID=0; return 1; }
  EXEC_ID=$(hdr Location | sed 's#.*/##')
}
wait_execution() { # ID [SECONDS=60]: until it is no longer InProgress; EXEC_STATUS
  local i n=$(( ${2:-60} * 10 ))
  for ((i = 0; i < n; i++)); do
    api admin GET "/replication/executions/$1"
    EXEC_STATUS=$(jb .status)
    [[ $EXEC_STATUS != InProgress ]] && return 0
    sleep 0.1
  done
  return 1
}
run_policy() { # POLICY DESC: start, wait, expect Succeed
  start_execution "$1" || return 1
  if wait_execution "$EXEC_ID" 120 && [[ $EXEC_STATUS == Succeed ]]; then ok "$2"; return 0; fi
  api admin GET "/replication/executions/$EXEC_ID/tasks?page_size=100"
  fail "$2" "execution $EXEC_ID: $EXEC_STATUS" "tasks: $(body | head -c 2000)"
  return 1
}
raw_digest() { # REGISTRY REPO:REF [CREDS]: the digest of the manifest bytes as served
  # (piped, not through $(...), which would drop a trailing newline of the bytes)
  sk inspect --raw --tls-verify=false ${3:+--creds "$3"} "docker://$1/$2" 2>/dev/null >"$TEST_TMP/raw" || return 1
  sha256sum <"$TEST_TMP/raw" | sed 's/^/sha256:/; s/ .*//'
}
dst_tags() { # REGISTRY REPO [CREDS]
  curl -s ${3:+-u "$3"} "http://$1/v2/$2/tags/list" | jq -c '(.tags // [])|sort'
}
dst_catalog() { curl -s "http://$1/v2/_catalog?n=1000" | jq -c '.repositories|sort'; }
