#include "api/project_json.h"

#include "api/api_util.h"

namespace berth::api {

nlohmann::json quota_json(int64_t storage_limit, int64_t storage_used) {
  return {{"hard", {{"storage", storage_limit}}}, {"used", {{"storage", storage_used}}}};
}

nlohmann::json project_json(const core::Project& p, int64_t repo_count, const auth::Principal& who,
                            const auth::ProjectAccess& access) {
  json metadata = json::object();
  for (const auto& [k, v] : p.metadata) metadata[k] = v;
  json allowlist = json::parse(p.cve_allowlist, nullptr, false);
  if (!allowlist.is_object()) allowlist = json::object();
  allowlist["project_id"] = p.id;
  if (!allowlist.contains("items")) allowlist["items"] = json::array();
  int role = access.member_role ? int(*access.member_role) : 0;
  json j = {{"project_id", p.id},
            {"owner_id", p.owner_id},
            {"name", p.name},
            {"creation_time", iso_time(p.creation_time)},
            {"update_time", iso_time(p.update_time)},
            {"deleted", false},
            {"owner_name", p.owner_name},
            // Whether the caller may switch the project between public and private.
            {"togglable", who.sysadmin || role == int(auth::Role::kProjectAdmin)},
            {"current_user_role_id", role},
            {"current_user_role_ids", role ? json::array({role}) : json::array()},
            {"repo_count", repo_count},
            {"metadata", metadata},
            {"cve_allowlist", allowlist}};
  if (p.registry_id) j["registry_id"] = *p.registry_id;
  return j;
}

core::ProjectMetadata parse_metadata(const nlohmann::json& value, bool has_registry) {
  if (!value.is_object()) throw bad_request("field 'metadata' must be an object of strings");
  if (value.size() > 64) throw bad_request("field 'metadata' has too many keys");
  core::ProjectMetadata m;
  for (const auto& [k, v] : value.items()) {
    if (!v.is_string())
      throw bad_request("metadata '" + k +
                        "' must be a string (Harbor metadata values are strings)");
    m[k] = v.get<std::string>();
  }
  try {
    return core::normalize_metadata(m, has_registry);
  } catch (const std::invalid_argument& e) {
    throw bad_request(e.what());
  }
}

std::string parse_cve_allowlist(const nlohmann::json& value) {
  if (value.is_null()) return "{}";
  if (!value.is_object()) throw bad_request("field 'cve_allowlist' must be an object");
  json out = {{"items", json::array()}};
  for (const auto& [k, v] : value.items()) {
    if (k == "items") {
      if (!v.is_array() || v.size() > 10000)
        throw bad_request("cve_allowlist.items must be an array");
      for (const auto& item : v) {
        if (!item.is_object() || !item.contains("cve_id") || !item["cve_id"].is_string())
          throw bad_request("cve_allowlist.items[] must be {\"cve_id\": \"CVE-...\"}");
        out["items"].push_back({{"cve_id", item["cve_id"]}});
      }
    } else if (k == "expires_at") {
      if (!v.is_null() && !v.is_number_integer())
        throw bad_request("cve_allowlist.expires_at must be an integer (unix seconds)");
      if (!v.is_null()) out["expires_at"] = v;
    } else if (k != "id" && k != "project_id" && k != "creation_time" && k != "update_time") {
      throw bad_request("unknown field 'cve_allowlist." + k + "'");
    }
  }
  return out.dump();
}

}  // namespace berth::api
