// Resolving {project_name_or_id} and checking the caller's rights on it, shared by every
// project-scoped API route. Blocking (database): call from the blocking pool.
#pragma once

#include <string_view>

#include "api/api_router.h"
#include "auth/rbac.h"
#include "core/project_store.h"

namespace berth::api {

// The principal as the API sees it. Registry (Bearer) tokens only authorise /v2/, as in
// Harbor, so on the API their holder counts as anonymous.
auth::Principal api_principal(const ApiRequest& r);

struct ProjectScope {
  core::Project project;
  auth::ProjectAccess access;
  auth::Principal who;
};

// Finds the project named by path parameter `param`: a number is an id unless the request
// carries X-Is-Resource-Name: true. 404 when it does not exist.
core::Project resolve_project(core::ProjectStore& store, const ApiRequest& r,
                              const std::string& param = "project_name_or_id");
// The project plus the caller's membership role in it.
ProjectScope project_scope(core::ProjectStore& store, const ApiRequest& r,
                           const std::string& param = "project_name_or_id");
auth::ProjectAccess access_of(core::ProjectStore& store, const auth::Principal& who,
                              const core::Project& p);

// Harbor's answer when a check fails: 401 for anonymous callers, 403 otherwise.
void require(const ProjectScope& s, std::string_view resource, std::string_view action);
void require_authenticated(const auth::Principal& who);
void require_sysadmin(const auth::Principal& who);

}  // namespace berth::api
