// What auth::allowed() needs to know about one project for one caller: the project id, whether
// it is public, and the caller's membership role, read through core::ProjectStore. The one
// lookup shared by the token service (/service/token), /v2 access control and the
// project-scoped API routes. Blocking (store): call it on the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "auth/rbac.h"
#include "core/project_store.h"

namespace berth::auth {

// The access facts of a project already found.
ProjectAccess project_access(core::ProjectStore& store, const core::Project& p,
                             const Principal& who);

// project_id 0 when the project does not exist (then allowed() grants nothing but to sysadmins,
// so callers must check project_id before acting on the project).
ProjectAccess lookup_project_access(core::ProjectStore& store, const std::string& project_name,
                                    const Principal& who);
ProjectAccess lookup_project_access(core::ProjectStore& store, int64_t project_id,
                                    const Principal& who);

// The caller's membership role (users only; robots, Bearer and anonymous callers have none).
std::optional<Role> member_role(core::ProjectStore& store, const Principal& who,
                                int64_t project_id);

}  // namespace berth::auth
