// Harbor's ReplicationPolicy JSON and Berth's Policy: the body of a create or update, and the
// parts of the rendered policy that need neither the registry endpoints nor time formatting
// (api/replication_policy_json.h adds src_registry/dest_registry objects and the times).
// Filters and triggers are also stored in this shape.
#pragma once

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "replication/policy.h"

namespace berth::replication {

// The body is not a ReplicationPolicy document; the message names the field (the API answers
// 400 with it).
struct PolicyInputError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// The top-level fields of Harbor's ReplicationPolicy; read-only ones (id, times,
// replicate_deletion) are accepted so a client may send back what it read.
const std::set<std::string>& policy_json_fields();

// A create or update body as Harbor's handler reads it (a PUT replaces the whole policy):
// - src_registry / dest_registry: Registry objects of which only `id` is read; null, absent
//   or id 0 = this Berth.
// - deletion: replicate deletions; Harbor reads only this deprecated field, Berth also takes
//   `replicate_deletion` when `deletion` is absent or null.
// - override, enabled, copy_by_chunk, single_active_replication: absent = false, as in
//   Harbor (its portal always sends them).
// - dest_namespace_replace_count: absent or null = -1 (legacy flattening).
// - speed: kilobits per second per task (Harbor's unit); absent, null or negative = 0 (none).
// - filters: name/tag/resource take a string value, label an array of strings (Harbor's
//   messages for the wrong type); decoration kept as given.
// - trigger: {type, trigger_settings: {cron}}; absent or null = manual.
// Unknown fields at any level → PolicyInputError naming them. Does not apply policy_problem.
Policy policy_from_json(const nlohmann::json& body);

// [{"type","value","decoration" when set}], label values as arrays: Harbor's ReplicationFilter.
nlohmann::json filters_json(const std::vector<Filter>& filters);
// The inverse, with the same checks as a request body (throws PolicyInputError).
std::vector<Filter> filters_from_json(const nlohmann::json& filters);

// {"type", "trigger_settings": {"cron"}}
nlohmann::json trigger_json(const Trigger& t);

// The rendered policy without src_registry, dest_registry, creation_time, update_time:
// id, name, description, dest_namespace, dest_namespace_replace_count, filters, trigger,
// replicate_deletion and deletion (both, as Harbor), override, enabled, speed, copy_by_chunk,
// single_active_replication.
nlohmann::json policy_fields_json(const Policy& p);

}  // namespace berth::replication
