#include "api/replication_policy_json.h"

#include "api/registry_json.h"
#include "replication/policy_json.h"

namespace berth::api {

namespace {
// Go's zero time.Time as strfmt.DateTime renders it.
constexpr const char* kZeroTime = "0001-01-01T00:00:00.000Z";
}  // namespace

json local_registry_json(const std::string& url) {
  return {{"id", 0},
          {"name", "Local"},
          {"description", ""},
          {"type", "harbor"},
          {"url", url},
          {"insecure", !url.starts_with("https://")},
          {"status", "healthy"},
          {"credential", {{"type", "secret"}, {"access_key", ""}, {"access_secret", kSecretMask}}},
          {"creation_time", kZeroTime},
          {"update_time", kZeroTime}};
}

json PolicyRenderer::registry(int64_t id) {
  if (id == 0) return local_registry_json(local_url_);
  auto it = seen_.find(id);
  if (it != seen_.end()) return it->second;
  // An endpoint in use cannot be deleted; only a concurrent delete leaves the bare id.
  auto e = endpoints_.get_without_secret(id);
  json j = e ? registry_json(*e) : json{{"id", id}};
  seen_.emplace(id, j);
  return j;
}

json PolicyRenderer::render(const replication::Policy& p) {
  json j = replication::policy_fields_json(p);
  j["src_registry"] = registry(p.src_registry_id);
  j["dest_registry"] = registry(p.dest_registry_id);
  j["creation_time"] = iso_time(p.creation_time);
  j["update_time"] = iso_time(p.update_time);
  return j;
}

}  // namespace berth::api
