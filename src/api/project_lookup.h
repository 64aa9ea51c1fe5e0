// Project look-ups for the robot, repository, artifact and statistics handlers: find a project
// by name or id, the caller's access, and the permission check, all through core::ProjectStore
// and auth::project_access (the one project lookup).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "auth/rbac.h"
#include "core/project_store.h"

namespace berth::api {

// The project as core::ProjectStore returns it (the name predates the store).
using ProjectInfo = core::Project;

std::optional<ProjectInfo> find_project(core::ProjectStore& store, const std::string& name);
std::optional<ProjectInfo> find_project(core::ProjectStore& store, int64_t id);

auth::ProjectAccess project_access(core::ProjectStore& store, const auth::Principal& who,
                                   const ProjectInfo& p);

// Throws 401 (anonymous) or 403 unless `who` may do `action` on `resource` in the project.
void require(core::ProjectStore& store, const auth::Principal& who, const ProjectInfo& p,
             std::string_view resource, std::string_view action);

// The project a request names, or a 404.
ProjectInfo project_or_404(core::ProjectStore& store, const std::string& name);

// Every project the principal may list repositories of (sysadmin: all).
std::vector<ProjectInfo> visible_projects(core::ProjectStore& store, const auth::Principal& who);

}  // namespace berth::api
