#include "api/project_access.h"

#include "api/api_util.h"
#include "auth/project_access_lookup.h"

namespace berth::api {

auth::Principal api_principal(const ApiRequest& r) {
  if (r.principal.method == "bearer") return auth::Principal{};
  return r.principal;
}

core::Project resolve_project(core::ProjectStore& store, const ApiRequest& r,
                              const std::string& param) {
  const std::string& v = r.param(param);
  // /projects/{project_name}/logs takes a name only; elsewhere a number is an id.
  bool by_name =
      param == "project_name" || http::iequals(r.http.header("X-Is-Resource-Name"), "true");
  bool numeric =
      !v.empty() && v.size() <= 18 && v.find_first_not_of("0123456789") == std::string::npos;
  std::optional<core::Project> p;
  if (numeric && !by_name)
    p = store.find(std::stoll(v));
  else if (v.size() <= 255)
    p = store.find_by_name(v);
  if (!p) throw not_found("project " + v + " not found");
  return *p;
}

auth::ProjectAccess access_of(core::ProjectStore& store, const auth::Principal& who,
                              const core::Project& p) {
  return auth::project_access(store, p, who);
}

ProjectScope project_scope(core::ProjectStore& store, const ApiRequest& r,
                           const std::string& param) {
  ProjectScope s{resolve_project(store, r, param), {}, api_principal(r)};
  s.access = access_of(store, s.who, s.project);
  return s;
}

void require(const ProjectScope& s, std::string_view resource, std::string_view action) {
  if (auth::allowed(s.who, s.access, resource, action)) return;
  if (s.who.anonymous()) throw unauthorized("authentication required");
  throw forbidden("forbidden: " + std::string(resource) + ":" + std::string(action) +
                  " is not allowed on project " + s.project.name);
}

void require_authenticated(const auth::Principal& who) {
  if (who.anonymous()) throw unauthorized("authentication required");
}

void require_sysadmin(const auth::Principal& who) {
  require_authenticated(who);
  if (!who.sysadmin) throw forbidden("only system administrators may do this");
}

}  // namespace berth::api
