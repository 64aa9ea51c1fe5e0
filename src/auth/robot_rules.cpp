#include "auth/robot_rules.h"

#include <regex>
#include <set>

#include "auth/rbac.h"

namespace berth::auth {

using json = nlohmann::json;

std::string robot_name_problem(std::string_view name) {
  if (name.empty()) return "the robot name is required";
  if (name.size() > 128) return "the robot name must be at most 128 characters";
  static const std::regex re("^[a-z0-9]+(?:[._-][a-z0-9]+)*$");
  if (!std::regex_match(name.begin(), name.end(), re))
    return "the robot name may contain lower-case letters, digits and single '.', '_' or '-' "
           "between them";
  return "";
}

std::string robot_full_name(std::string_view level, std::string_view project,
                            std::string_view name) {
  std::string out(kRobotPrefix);
  if (level == "project") out.append(project).append("+");
  out.append(name);
  return out;
}

int64_t normalize_duration(std::optional<int64_t> days) {
  if (!days || *days == 0) return kDefaultRobotDurationDays;
  if (*days < -1) throw RobotRuleError("duration must be -1 (never expires) or a number of days");
  if (*days > kMaxRobotDurationDays)
    throw RobotRuleError("duration must be at most " + std::to_string(kMaxRobotDurationDays) +
                         " days");
  return *days;
}

int64_t robot_expires_at(int64_t duration_days, int64_t now_seconds) {
  if (duration_days == -1) return -1;
  return now_seconds + duration_days * 86400;
}

bool project_supports(std::string_view resource, std::string_view action) {
  return role_allows(Role::kProjectAdmin, resource, action);
}

namespace {
std::string string_member(const json& obj, const char* field, bool required) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) {
    if (required) throw RobotRuleError(std::string("permission field '") + field + "' is required");
    return "";
  }
  if (!it->is_string())
    throw RobotRuleError(std::string("permission field '") + field + "' must be a string");
  return it->get<std::string>();
}

void only_fields(const json& obj, std::initializer_list<const char*> allowed, const char* what) {
  for (const auto& [k, v] : obj.items()) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || k == a;
    if (!ok) throw RobotRuleError(std::string("unknown field '") + k + "' in " + what);
  }
}

RobotAccess parse_access(const json& a) {
  if (!a.is_object()) throw RobotRuleError("each access entry must be an object");
  only_fields(a, {"resource", "action", "effect"}, "access");
  RobotAccess out{string_member(a, "resource", true), string_member(a, "action", true), "allow"};
  std::string effect = string_member(a, "effect", false);
  if (!effect.empty()) out.effect = effect;
  if (out.effect != "allow" && out.effect != "deny")
    throw RobotRuleError("access effect must be 'allow' or 'deny'");
  if (!project_supports(out.resource, out.action))
    throw RobotRuleError("unsupported permission: resource '" + out.resource + "' action '" +
                         out.action + "'");
  return out;
}
}  // namespace

std::vector<RobotPermissionSpec> parse_robot_permissions(const json& permissions) {
  if (!permissions.is_array()) throw RobotRuleError("permissions must be an array");
  if (permissions.size() > 1000) throw RobotRuleError("too many permissions");
  std::vector<RobotPermissionSpec> out;
  std::set<std::string> seen;
  for (const auto& p : permissions) {
    if (!p.is_object()) throw RobotRuleError("each permission must be an object");
    only_fields(p, {"kind", "namespace", "access"}, "permission");
    RobotPermissionSpec spec{
        string_member(p, "kind", true), string_member(p, "namespace", true), {}};
    // Only project permissions exist in Berth's RBAC; system-scope grants are not enforced yet,
    // so accepting them would silently grant nothing (or, worse, everything).
    if (spec.kind != "project") throw RobotRuleError("permission kind must be 'project'");
    if (spec.namespace_.empty()) throw RobotRuleError("permission namespace is required");
    if (!seen.insert(spec.namespace_).second)
      throw RobotRuleError("duplicate permission for namespace '" + spec.namespace_ + "'");
    auto access = p.find("access");
    if (access == p.end() || !access->is_array() || access->empty())
      throw RobotRuleError("permission access must be a non-empty array");
    if (access->size() > 200) throw RobotRuleError("too many access entries");
    for (const auto& a : *access) spec.access.push_back(parse_access(a));
    out.push_back(std::move(spec));
  }
  return out;
}

void check_level(std::string_view level, const std::vector<RobotPermissionSpec>& perms) {
  if (level == "system") return;
  if (level != "project") throw RobotRuleError("level must be 'system' or 'project'");
  if (perms.size() != 1)
    throw RobotRuleError("a project robot needs exactly one permission, on its project");
  if (perms[0].namespace_ == "*") throw RobotRuleError("namespace '*' is for system robots only");
}

}  // namespace berth::auth
