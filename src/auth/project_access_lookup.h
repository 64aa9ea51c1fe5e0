// What auth::allowed() needs to know about one project for one caller, read from the database:
// the project id, whether it is public, and the caller's membership role. Shared by the token
// service (/service/token) and the permission checks of the project-scoped routes.
#pragma once

#include <optional>
#include <string>

#include "auth/principal.h"
#include "auth/rbac.h"

namespace berth::db {
class Connection;
}

namespace berth::auth {

// project_id 0 when the project does not exist (then allowed() grants nothing but to sysadmins,
// so callers must check project_id before acting on the project).
ProjectAccess lookup_project_access(db::Connection& c, const std::string& project_name,
                                    const Principal& who);
ProjectAccess lookup_project_access(db::Connection& c, int64_t project_id, const Principal& who);

// projects.metadata holds Harbor's ProjectMetadata, whose values are strings ({"public":"true"}).
bool metadata_public(const std::string& metadata_json);
// The caller's membership role (users only; robots, Bearer and anonymous callers have none).
std::optional<Role> member_role(db::Connection& c, const Principal& who, int64_t project_id);

}  // namespace berth::auth
