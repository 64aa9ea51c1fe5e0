#include "replication/policy_json.h"

#include <limits>

namespace berth::replication {

using json = nlohmann::json;

namespace {

const std::set<std::string> kRegistryFields = {
    "id",       "name",           "description", "type",          "url",        "credential",
    "insecure", "ca_certificate", "status",      "creation_time", "update_time"};
const std::set<std::string> kTriggerFields = {"type", "trigger_settings"};
const std::set<std::string> kTriggerSettingsFields = {"cron"};
const std::set<std::string> kFilterFields = {"type", "value", "decoration"};

[[noreturn]] void fail(const std::string& message) {
  throw PolicyInputError(message);
}

// A JSON object or nothing (absent / null); `where` names the field in messages.
const json* object_at(const json& parent, const std::string& key, const std::string& where,
                      const std::set<std::string>& allowed) {
  auto it = parent.find(key);
  if (it == parent.end() || it->is_null()) return nullptr;
  if (!it->is_object()) fail("field '" + where + "' must be an object");
  for (const auto& [k, v] : it->items())
    if (!allowed.count(k)) fail("unknown field '" + where + "." + k + "'");
  return &*it;
}

std::optional<std::string> string_at(const json& o, const std::string& key,
                                     const std::string& where) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) fail("field '" + where + "' must be a string");
  return it->get<std::string>();
}

std::optional<bool> bool_at(const json& o, const std::string& key) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) fail("field '" + key + "' must be true or false");
  return it->get<bool>();
}

std::optional<int64_t> int_at(const json& o, const std::string& key, const std::string& where,
                              int64_t min, int64_t max) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) fail("field '" + where + "' must be an integer");
  if (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t(max))
    fail("field '" + where + "' is out of range");
  int64_t v = it->get<int64_t>();
  if (v < min || v > max) fail("field '" + where + "' is out of range");
  return v;
}

// Only the id of a Registry object is read: 0 for null, absent or id 0 (this Berth).
int64_t registry_id(const json& body, const std::string& key) {
  const json* r = object_at(body, key, key, kRegistryFields);
  if (!r) return 0;
  return int_at(*r, "id", key + ".id", 0, std::numeric_limits<int64_t>::max()).value_or(0);
}

Filter filter_from_json(const json& j, const std::string& where) {
  if (!j.is_object()) fail("field '" + where + "' must be an object");
  for (const auto& [k, v] : j.items())
    if (!kFilterFields.count(k)) fail("unknown field '" + where + "." + k + "'");
  Filter f;
  f.type = string_at(j, "type", where + ".type").value_or("");
  f.decoration = string_at(j, "decoration", where + ".decoration").value_or("");
  auto value = j.find("value");
  bool has_value = value != j.end() && !value->is_null();
  // Harbor's pkg/reg/model Filter.Validate words for a value of the wrong type.
  if (f.type == "name" || f.type == "tag" || f.type == "resource") {
    if (!has_value || !value->is_string()) fail("the type of filter value isn't string");
    f.value = value->get<std::string>();
  } else if (f.type == "label") {
    if (!has_value || !value->is_array()) fail("the type of label filter value isn't string slice");
    for (const auto& l : *value) {
      if (!l.is_string()) fail("the type of label filter value isn't string slice");
      f.labels.push_back(l.get<std::string>());
    }
  } else if (has_value && value->is_string()) {
    f.value = value->get<std::string>();  // an unknown type: policy_problem names it
  }
  return f;
}

// Absent or null: manual (Trigger's default), as Harbor runs a policy without a trigger.
Trigger trigger_from_json(const json& body) {
  Trigger t;
  const json* j = object_at(body, "trigger", "trigger", kTriggerFields);
  if (!j) return t;
  t.type = string_at(*j, "type", "trigger.type").value_or("");
  if (const json* s =
          object_at(*j, "trigger_settings", "trigger.trigger_settings", kTriggerSettingsFields))
    t.cron = string_at(*s, "cron", "trigger.trigger_settings.cron").value_or("");
  return t;
}

}  // namespace

const std::set<std::string>& policy_json_fields() {
  static const std::set<std::string> fields = {"id",
                                               "name",
                                               "description",
                                               "src_registry",
                                               "dest_registry",
                                               "dest_namespace",
                                               "dest_namespace_replace_count",
                                               "trigger",
                                               "filters",
                                               "replicate_deletion",
                                               "deletion",
                                               "override",
                                               "enabled",
                                               "creation_time",
                                               "update_time",
                                               "speed",
                                               "copy_by_chunk",
                                               "single_active_replication",
                                               "dest_repository_settings"};
  return fields;
}

// Berth: {"tag_immutability": bool, "scan_on_push": bool}, both optional.
RepositorySettings settings_from_json(const json& body) {
  RepositorySettings s;
  auto it = body.find("dest_repository_settings");
  if (it == body.end() || it->is_null()) return s;
  if (!it->is_object()) fail("field 'dest_repository_settings' must be an object");
  for (const auto& [k, v] : it->items()) {
    if (k != "tag_immutability" && k != "scan_on_push")
      fail("unknown field 'dest_repository_settings." + k + "'");
    if (!v.is_boolean()) fail("field 'dest_repository_settings." + k + "' must be a boolean");
  }
  s.tag_immutability = it->value("tag_immutability", false);
  s.scan_on_push = it->value("scan_on_push", false);
  return s;
}

std::vector<Filter> filters_from_json(const json& filters) {
  if (filters.is_null()) return {};
  if (!filters.is_array()) fail("field 'filters' must be an array");
  std::vector<Filter> out;
  for (size_t i = 0; i < filters.size(); ++i)
    out.push_back(filter_from_json(filters[i], "filters[" + std::to_string(i) + "]"));
  return out;
}

Policy policy_from_json(const json& body) {
  if (!body.is_object()) fail("the body must be a JSON object");
  for (const auto& [k, v] : body.items())
    if (!policy_json_fields().count(k)) fail("unknown field '" + k + "'");
  Policy p;
  p.name = string_at(body, "name", "name").value_or("");
  p.description = string_at(body, "description", "description").value_or("");
  p.src_registry_id = registry_id(body, "src_registry");
  p.dest_registry_id = registry_id(body, "dest_registry");
  p.dest_namespace = string_at(body, "dest_namespace", "dest_namespace").value_or("");
  p.dest_namespace_replace_count =
      int(int_at(body, "dest_namespace_replace_count", "dest_namespace_replace_count", -128, 127)
              .value_or(-1));
  if (auto it = body.find("filters"); it != body.end()) p.filters = filters_from_json(*it);
  p.trigger = trigger_from_json(body);
  auto deletion = bool_at(body, "deletion");
  if (!deletion) deletion = bool_at(body, "replicate_deletion");
  p.replicate_deletion = deletion.value_or(false);
  p.override_existing = bool_at(body, "override").value_or(false);
  p.enabled = bool_at(body, "enabled").value_or(false);
  p.speed_kbps =
      std::max<int64_t>(0, int_at(body, "speed", "speed", std::numeric_limits<int32_t>::min(),
                                  std::numeric_limits<int32_t>::max())
                               .value_or(0));
  p.copy_by_chunk = bool_at(body, "copy_by_chunk").value_or(false);
  p.single_active_replication = bool_at(body, "single_active_replication").value_or(false);
  p.dest_settings = settings_from_json(body);
  // Read-only fields are type-checked, then ignored.
  int_at(body, "id", "id", std::numeric_limits<int64_t>::min(),
         std::numeric_limits<int64_t>::max());
  bool_at(body, "replicate_deletion");
  string_at(body, "creation_time", "creation_time");
  string_at(body, "update_time", "update_time");
  return p;
}

json filters_json(const std::vector<Filter>& filters) {
  json out = json::array();
  for (const auto& f : filters) {
    json j = {{"type", f.type}};
    if (f.type == "label")
      j["value"] = f.labels;
    else
      j["value"] = f.value;
    if (!f.decoration.empty()) j["decoration"] = f.decoration;
    out.push_back(std::move(j));
  }
  return out;
}

json trigger_json(const Trigger& t) {
  return {{"type", t.type}, {"trigger_settings", {{"cron", t.cron}}}};
}

json policy_fields_json(const Policy& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"description", p.description},
          {"dest_namespace", p.dest_namespace},
          {"dest_namespace_replace_count", p.dest_namespace_replace_count},
          {"filters", filters_json(p.filters)},
          {"trigger", trigger_json(p.trigger)},
          {"replicate_deletion", p.replicate_deletion},
          {"deletion", p.replicate_deletion},
          {"override", p.override_existing},
          {"enabled", p.enabled},
          {"speed", p.speed_kbps},
          {"copy_by_chunk", p.copy_by_chunk},
          {"single_active_replication", p.single_active_replication},
          {"dest_repository_settings",
           {{"tag_immutability", p.dest_settings.tag_immutability},
            {"scan_on_push", p.dest_settings.scan_on_push}}}};
}

}  // namespace berth::replication
