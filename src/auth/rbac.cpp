#include "auth/rbac.h"

#include <algorithm>
#include <map>

namespace berth::auth {

namespace {
using Grants = std::vector<std::pair<std::string, std::string>>;

void add(Grants& g, const std::string& resource, std::initializer_list<const char*> actions) {
  for (const char* a : actions) g.emplace_back(resource, a);
}

// Read access every role with project visibility holds (limitedGuest's whole set).
Grants limited_guest() {
  Grants g;
  add(g, "project", {"read"});
  add(g, "metadata", {"read", "list"});
  add(g, "repository", {"list", "read", "pull"});
  add(g, "artifact", {"read", "list"});
  add(g, "tag", {"list"});
  add(g, "accessory", {"list"});
  add(g, "scan", {"read"});
  add(g, "sbom", {"read"});
  add(g, "label", {"read", "list"});
  add(g, "scanner", {"read"});
  add(g, "quota", {"read"});
  return g;
}

Grants guest() {
  Grants g = limited_guest();
  add(g, "member", {"read", "list"});
  add(g, "log", {"list"});
  add(g, "robot", {"read", "list"});
  return g;
}

Grants developer() {
  Grants g = guest();
  add(g, "repository", {"create", "update", "push"});
  add(g, "artifact", {"create"});
  add(g, "tag", {"create"});
  add(g, "artifact-label", {"create", "delete"});
  add(g, "tag-retention", {"create", "read", "update", "delete", "list", "operate"});
  return g;
}

Grants maintainer() {
  Grants g = developer();
  add(g, "repository", {"delete"});
  add(g, "artifact", {"delete"});
  add(g, "tag", {"delete"});
  add(g, "scan", {"create", "stop"});
  add(g, "sbom", {"create", "stop"});
  add(g, "label", {"create", "update", "delete"});
  add(g, "immutable-tag", {"create", "update", "delete", "list"});
  add(g, "webhook-policy", {"read", "list"});
  return g;
}

Grants project_admin() {
  Grants g = maintainer();
  add(g, "project", {"update", "delete"});
  add(g, "metadata", {"create", "update", "delete"});
  add(g, "member", {"create", "update", "delete"});
  add(g, "robot", {"create", "update", "delete"});
  add(g, "scanner", {"create"});
  add(g, "webhook-policy", {"create", "update", "delete"});
  add(g, "preheat-policy", {"create", "read", "update", "delete", "list"});
  add(g, "export-cve", {"create", "read"});
  return g;
}

const std::map<Role, Grants>& table() {
  static const std::map<Role, Grants> t = [] {
    std::map<Role, Grants> m = {{Role::kLimitedGuest, limited_guest()},
                                {Role::kGuest, guest()},
                                {Role::kDeveloper, developer()},
                                {Role::kMaintainer, maintainer()},
                                {Role::kProjectAdmin, project_admin()}};
    for (auto& [role, grants] : m) {
      std::sort(grants.begin(), grants.end());
      grants.erase(std::unique(grants.begin(), grants.end()), grants.end());
    }
    return m;
  }();
  return t;
}
}  // namespace

std::optional<Role> role_from_id(int id) {
  if (id >= 1 && id <= 5) return Role(id);
  return std::nullopt;
}

std::string_view role_name(Role r) {
  switch (r) {
    case Role::kProjectAdmin: return "projectAdmin";
    case Role::kDeveloper: return "developer";
    case Role::kGuest: return "guest";
    case Role::kMaintainer: return "maintainer";
    case Role::kLimitedGuest: return "limitedGuest";
  }
  return "";
}

bool role_allows(Role role, std::string_view resource, std::string_view action) {
  const Grants& g = table().at(role);
  return std::binary_search(g.begin(), g.end(),
                            std::pair<std::string, std::string>(resource, action));
}

std::vector<std::pair<std::string, std::string>> role_permissions(Role role) {
  return table().at(role);
}

bool allowed(const Principal& who, const ProjectAccess& project, std::string_view resource,
             std::string_view action) {
  if (who.sysadmin) return true;
  if (who.is_robot()) {
    for (const auto& g : who.grants)
      if ((g.project_id == 0 || g.project_id == project.project_id) && g.resource == resource &&
          g.action == action)
        return true;
    return false;
  }
  if (who.is_user() && project.member_role && role_allows(*project.member_role, resource, action))
    return true;
  // Public projects: everyone may pull and browse, as limitedGuest would.
  return project.is_public && role_allows(Role::kLimitedGuest, resource, action);
}

}  // namespace berth::auth
