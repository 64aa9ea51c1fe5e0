// A minimal, read-only view of projects for the robot, repository, artifact and statistics
// handlers: find a project by name or id, the caller's member role, and the permission check.
// (feat-projects owns the projects API and store; this file only reads the tables so those
// handlers need not wait for it. Merge into the project store when both exist.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "auth/rbac.h"

namespace berth::db {
class Connection;
}

namespace berth::api {

struct ProjectInfo {
  int64_t id = 0;
  std::string name;
  bool is_public = false;
};

std::optional<ProjectInfo> find_project(db::Connection& c, const std::string& name);
std::optional<ProjectInfo> find_project(db::Connection& c, int64_t id);

auth::ProjectAccess project_access(db::Connection& c, const auth::Principal& who,
                                   const ProjectInfo& p);

// Throws 401 (anonymous) or 403 unless `who` may do `action` on `resource` in the project.
void require(db::Connection& c, const auth::Principal& who, const ProjectInfo& p,
             std::string_view resource, std::string_view action);

// The project a request names, or a 404.
ProjectInfo project_or_404(db::Connection& c, const std::string& name);

// Every project the principal may list repositories of (sysadmin: all).
std::vector<ProjectInfo> visible_projects(db::Connection& c, const auth::Principal& who);

}  // namespace berth::api
