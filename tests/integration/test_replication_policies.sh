#!/usr/bin/env bash
# Replication policies: /api/v2.0/replication/policies CRUD with Harbor's rules and messages,
# driven with curl against a Berth whose endpoint is a real docker-registry on loopback: every
# validation error leaves nothing stored, 401/403, 409 on a name clash, q/sort/paging headers,
# deletion/replicate_deletion, the local registry rendered as Harbor's "Local", delete refused
# while an execution runs, and DELETE /registries/{id} refused while a policy uses the endpoint.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
lib_init "$@"
require_berth "replication policies" || finish
. "$HERE/remote_lib.sh"
remote_safety_env

info "an endpoint to replicate to"
start_registry target
TARGET=http://127.0.0.1:$REG_PORT
berth_start
add_user dev >/dev/null
expect_status 201 "user dev created"

msg() { jb '.errors[0].message'; }
expect_message() { assert_eq "$2" "$1" "$(msg)"; } # EXACT DESC

api_json admin POST /registries "$(jq -cn --arg u "$TARGET" '{name:"target",type:"docker-registry",url:$u}')"
expect_status 201 "endpoint created"
EP=$(hdr Location | sed 's#.*/##')

policy() { # NAME [extra JSON merged over a valid push policy]
  local extra=${2:-'{}'}
  jq -cn --arg n "$1" --argjson ep "$EP" --argjson x "$extra" \
    '{name:$n,description:"d",src_registry:null,dest_registry:{id:$ep},dest_namespace:"mirror",
      dest_namespace_replace_count:1,
      filters:[{type:"name",value:"library/**"},{type:"tag",value:"v*",decoration:"matches"},
               {type:"label",value:["prod"],decoration:"excludes"},{type:"resource",value:"image"}],
      trigger:{type:"manual",trigger_settings:{cron:""}},deletion:true,override:true,enabled:true,
      speed:-1,copy_by_chunk:false,single_active_replication:false} + $x'
}
count() { api admin GET "/replication/policies?page_size=100"; hdr X-Total-Count; }

# ===========================================================================
info "create and read"
api_json admin POST /replication/policies "$(policy push-one)"
expect_status 201 "policy created"
expect_hdr Location '^/api/v2.0/replication/policies/[0-9]+$' "Location names the new policy"
assert_eq "create answers an empty body" 0 "$(stat -c %s "$RESP_BODY")"
P1=$(hdr Location | sed 's#.*/##')

api admin GET "/replication/policies/$P1"
expect_status 200 "GET the policy"
assert_eq "fields as stored" "push-one|d|mirror|1|true|true|true|0|false|false" \
  "$(jb '[.name,.description,.dest_namespace,.dest_namespace_replace_count,.override,.enabled,.deletion,.speed,.copy_by_chunk,.single_active_replication]|join("|")')"
assert_eq "replicate_deletion echoes deletion" "true" "$(jb .replicate_deletion)"
assert_eq "dest_registry is the endpoint" "$EP|target|docker-registry|$TARGET" \
  "$(jb '[.dest_registry.id,.dest_registry.name,.dest_registry.type,.dest_registry.url]|join("|")')"
assert_eq "src_registry is Harbor's Local" "0|Local|harbor|$BERTH_URL|healthy" \
  "$(jb '[.src_registry.id,.src_registry.name,.src_registry.type,.src_registry.url,.src_registry.status]|join("|")')"
sorted() { jq -cS . <<<"$1"; }
assert_eq "filters as sent (decoration only when set)" \
  "$(sorted '[{"type":"name","value":"library/**"},{"type":"tag","value":"v*","decoration":"matches"},{"type":"label","value":["prod"],"decoration":"excludes"},{"type":"resource","value":"image"}]')" \
  "$(jq -cS .filters "$RESP_BODY")"
assert_eq "trigger" "$(sorted '{"type":"manual","trigger_settings":{"cron":""}}')" "$(jq -cS .trigger "$RESP_BODY")"
assert_match "times in Harbor's format" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$' "$(jb .creation_time)"

api_json admin POST /replication/policies \
  "$(jq -cn --argjson ep "$EP" '{name:"pull-one",src_registry:{id:$ep},dest_registry:{id:0},replicate_deletion:true,trigger:{type:"scheduled",trigger_settings:{cron:"0 30 2 * * *"}}}')"
expect_status 201 "pull policy with replicate_deletion (no deletion) and a schedule"
P2=$(hdr Location | sed 's#.*/##')
api admin GET "/replication/policies/$P2"
assert_eq "replicate_deletion read when deletion is absent" "true|true" "$(jb '[.deletion,.replicate_deletion]|join("|")')"
assert_eq "Harbor's defaults: override/enabled false, replace count -1, no filters" "false|false|-1|[]" \
  "$(jb '[.override,.enabled,.dest_namespace_replace_count,(.filters|tojson)]|join("|")')"
assert_eq "dest_registry is Local for a pull policy" "0|Local" "$(jb '[.dest_registry.id,.dest_registry.name]|join("|")')"
assert_eq "cron kept" "0 30 2 * * *" "$(jb .trigger.trigger_settings.cron)"

api_json admin POST /replication/policies "$(policy speed '{"speed":2048,"deletion":false,"replicate_deletion":true}')"
expect_status 201 "speed in kbps; deletion wins over replicate_deletion"
P3=$(hdr Location | sed 's#.*/##')
api admin GET "/replication/policies/$P3"
assert_eq "speed kept, deletion false" "2048|false|false" "$(jb '[.speed,.deletion,.replicate_deletion]|join("|")')"

# ===========================================================================
info "validation: Harbor's messages, nothing stored"
BEFORE=$(count)
bad() { # DESC EXTRA_JSON EXPECTED_STATUS EXPECTED_MESSAGE
  api_json admin POST /replication/policies "$(policy "bad-$RANDOM" "$2")"
  expect_status "$3" "$1"
  expect_message "$4" "$1: message"
}
bad "no name" '{"name":""}' 400 "empty name"
bad "both registries local" '{"dest_registry":null}' 400 \
  "either src_registry or dest_registry should be empty and the other one shouldn't be empty"
bad "both registries remote" "{\"src_registry\":{\"id\":$EP}}" 400 \
  "either src_registry or dest_registry should be empty and the other one shouldn't be empty"
bad "missing endpoint" '{"dest_registry":{"id":9999}}' 404 "registry 9999 not found"
bad "unknown filter type" '{"filters":[{"type":"repository","value":"x"}]}' 400 "invalid filter type"
bad "name value not a string" '{"filters":[{"type":"name","value":["x"]}]}' 400 "the type of filter value isn't string"
bad "label value not a list" '{"filters":[{"type":"label","value":"prod"}]}' 400 "the type of label filter value isn't string slice"
bad "resource chart" '{"filters":[{"type":"resource","value":"chart"}]}' 400 "invalid resource filter: chart"
bad "decoration on name" '{"filters":[{"type":"name","value":"a","decoration":"excludes"}]}' 400 \
  "only tag and label filter support decoration"
bad "decoration word" '{"filters":[{"type":"tag","value":"a","decoration":"includes"}]}' 400 \
  "invalid filter decoration, :includes"
bad "pattern that does not parse" '{"filters":[{"type":"name","value":"library/{a,b"}]}' 400 \
  "invalid name filter 'library/{a,b': the pattern has a '{' without its '}'"
bad "dest_namespace" '{"dest_namespace":"Team/"}' 400 "invalid destination namespace: Team/"
bad "replace count" '{"dest_namespace_replace_count":5}' 400 "invalid dest_namespace_replace_count: 5 (-1, 0, 1, 2 or 3)"
bad "trigger type" '{"trigger":{"type":"hourly"}}' 400 "invalid trigger type"
bad "empty cron" '{"trigger":{"type":"scheduled","trigger_settings":{"cron":""}}}' 400 \
  "the cron string cannot be empty when the trigger type is scheduled"
bad "seconds not 0" '{"trigger":{"type":"scheduled","trigger_settings":{"cron":"5 0 * * * *"}}}' 400 \
  "the 1st field (indicating Seconds of time) of the cron setting must be 0"
bad "every minute" '{"trigger":{"type":"scheduled","trigger_settings":{"cron":"0 * * * * *"}}}' 400 \
  "* is not allowed for the Minutes field of the cron setting of replication policy"
api_json admin POST /replication/policies "$(policy bad-cron '{"trigger":{"type":"scheduled","trigger_settings":{"cron":"0 0 25 * * *"}}}')"
expect_status 400 "cron that does not parse"
assert_match "cron message is Harbor's, then why" '^invalid cron string for scheduled trigger: 0 0 25 \* \* \* \(' "$(msg)"
bad "single active with event_based" '{"trigger":{"type":"event_based"},"single_active_replication":true}' 400 \
  "single active replication is not allowed for event_based triggers"
bad "unknown field" '{"colour":"red"}' 400 "unknown field 'colour'"
bad "unknown nested field" '{"trigger":{"type":"manual","cron":"x"}}' 400 "unknown field 'trigger.cron'"
bad "wrong type" '{"enabled":"yes"}' 400 "field 'enabled' must be true or false"
api admin POST /replication/policies -H 'Content-Type: application/json' --data-binary '{"name":'
expect_status 400 "malformed JSON"
assert_eq "nothing stored by refused creates" "$BEFORE" "$(count)"

api_json admin POST /replication/policies "$(policy push-one)"
expect_status 409 "duplicate name"
expect_error CONFLICT "duplicate name: code"
expect_message "replication policy push-one already exists" "duplicate name: Harbor's message"

# ===========================================================================
info "permissions"
api anon GET /replication/policies
expect_status 401 "anonymous list -> 401"
api dev GET /replication/policies
expect_status 403 "non-admin list -> 403"
api dev GET "/replication/policies/$P1"
expect_status 403 "non-admin get -> 403"
api_json dev POST /replication/policies "$(policy by-dev)"
expect_status 403 "non-admin create -> 403"
api_json anon PUT "/replication/policies/$P1" "$(policy push-one)"
expect_status 401 "anonymous update -> 401"
api dev DELETE "/replication/policies/$P1"
expect_status 403 "non-admin delete -> 403"
assert_eq "still there" "$BEFORE" "$(count)"

# ===========================================================================
info "list: q, sort, paging"
for n in list-a list-b list-c; do api_json admin POST /replication/policies "$(policy $n)"; done
expect_status 201 "three more policies"
api admin GET "/replication/policies?q=name%3D~list-&sort=name&page=1&page_size=2"
expect_status 200 "fuzzy name, sorted, first page"
expect_hdr_eq X-Total-Count 3 "total counts every match"
assert_eq "first page" "list-a,list-b" "$(jb '[.[].name]|join(",")')"
expect_hdr Link 'rel="next"' "Link to the next page"
api admin GET "/replication/policies?q=name%3D~list-&sort=name&page=2&page_size=2"
assert_eq "second page" "list-c" "$(jb '[.[].name]|join(",")')"
expect_hdr Link 'rel="prev"' "Link to the previous page"
api admin GET "/replication/policies?q=name%3Dlist-b"
assert_eq "exact name" "list-b" "$(jb '[.[].name]|join(",")')"
api admin GET "/replication/policies?name=list"
expect_hdr_eq X-Total-Count 3 "deprecated name= is fuzzy"
api admin GET "/replication/policies?sort=-name&page_size=1"
assert_eq "sort descending" "speed" "$(jb '.[0].name')"
api admin GET "/replication/policies?page_size=1"
assert_eq "default order: newest first" "list-c" "$(jb '.[0].name')"
api admin GET "/replication/policies?sort=colour"
expect_status 400 "unknown sort key -> 400"
api admin GET "/replication/policies?q=creator%3Dx"
expect_status 400 "unknown q term -> 400"

# ===========================================================================
info "update"
api_json admin PUT "/replication/policies/$P1" "$(policy push-renamed '{"dest_namespace":"other","dest_namespace_replace_count":-1,"filters":[],"enabled":false,"deletion":false}')"
expect_status 200 "PUT replaces the policy"
api admin GET "/replication/policies/$P1"
assert_eq "new fields" "push-renamed|other|-1|0|false|false" \
  "$(jb '[.name,.dest_namespace,.dest_namespace_replace_count,(.filters|length),.enabled,.replicate_deletion]|join("|")')"
api_json admin PUT "/replication/policies/$P1" "$(policy list-a)"
expect_status 409 "rename onto another policy's name"
api_json admin PUT "/replication/policies/$P1" "$(policy push-renamed '{"dest_namespace":"Bad/"}')"
expect_status 400 "invalid update"
expect_message "invalid destination namespace: Bad/" "invalid update: message"
api admin GET "/replication/policies/$P1"
assert_eq "a refused update changes nothing" "push-renamed|other" "$(jb '[.name,.dest_namespace]|join("|")')"
api_json admin PUT "/replication/policies/99999" "$(policy nowhere)"
expect_status 404 "update of a missing policy"
expect_message "replication policy 99999 not found" "missing policy: Harbor's message"
api admin GET "/replication/policies/99999"
expect_status 404 "GET a missing policy"
api admin GET "/replication/policies/abc"
expect_status 400 "id that is not a number"

# ===========================================================================
info "delete"
# No API starts an execution yet in this test, so a running one is written to the database.
db_sql "INSERT INTO replication_executions(policy_id, status, \"trigger\", start_time) VALUES ($P3, 'running', 'manual', 1)"
api admin DELETE "/replication/policies/$P3"
expect_status 412 "delete refused while an execution runs"
expect_error PRECONDITION "delete refused: code"
expect_message "contains executions that aren't in final status, stop the execution first" "delete refused: Harbor's message"
db_sql "UPDATE replication_executions SET status = 'success', end_time = 2 WHERE policy_id = $P3"
api admin DELETE "/replication/policies/$P3"
expect_status 200 "delete once the execution ended"
api admin GET "/replication/policies/$P3"
expect_status 404 "deleted policy is gone"
# The API for executions is not this test's: the row count shows they went with the policy.
assert_eq "its executions went with it" 0 "$(db_sql "SELECT COUNT(*) FROM replication_executions WHERE policy_id = $P3")"
api admin DELETE "/replication/policies/$P3"
expect_status 404 "delete of a missing policy"

# ===========================================================================
info "an endpoint in use cannot be deleted"
api admin DELETE "/registries/$EP"
expect_status 412 "registry delete refused while policies use it"
expect_message "the registry $EP is referenced by replication policies, cannot delete it" "registry delete: Harbor's message"
api admin GET "/replication/policies?page_size=100"
for id in $(jb '.[].id'); do api admin DELETE "/replication/policies/$id"; done
expect_status 200 "every policy deleted"
assert_eq "no policies left" 0 "$(count)"
api admin DELETE "/registries/$EP"
expect_status 200 "registry delete allowed once no policy uses it"

api_all admin "/audit-logs?q=resource_type%3Dreplication_policy"
assert_match "creates, updates and deletes audited" 'create.*delete|delete.*create' "$(jb '[.[].operation]|unique|join(",")')"
assert_contains "updates audited" "update" "$(jb '[.[].operation]|unique|join(",")')"

finish
