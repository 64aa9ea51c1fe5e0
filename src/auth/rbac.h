// Harbor's project roles and what each may do (harbor-compat.md §1, rbac_role.go). The single
// source of truth for permission checks on /v2/ and on every API route.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"

namespace berth::auth {

enum class Role : int {
  kProjectAdmin = 1,
  kDeveloper = 2,
  kGuest = 3,
  kMaintainer = 4,
  kLimitedGuest = 5,
};

std::optional<Role> role_from_id(int id);
std::string_view role_name(Role r);  // "projectAdmin", "developer", ...

// Resources and actions use Harbor's strings ("repository"/"pull", "member"/"create", ...).
bool role_allows(Role role, std::string_view resource, std::string_view action);

// Every (resource, action) pair a role holds, for /users/current/permissions.
std::vector<std::pair<std::string, std::string>> role_permissions(Role role);

// The decision for one principal on one project:
// - sysadmins may do everything;
// - robots may do exactly what their grants say (project_id 0 = any project);
// - users act through their membership role (nullopt role: not a member);
// - anyone (anonymous included) may pull from and read a public project.
struct ProjectAccess {
  int64_t project_id = 0;
  bool is_public = false;
  std::optional<Role> member_role;  // the principal's role in this project, if a member
};
bool allowed(const Principal& who, const ProjectAccess& project, std::string_view resource,
             std::string_view action);

}  // namespace berth::auth
