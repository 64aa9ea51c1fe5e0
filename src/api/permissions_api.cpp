// GET /api/v2.0/users/current/permissions?scope=/project/<id>&relative=true|false, and
// GET /api/v2.0/permissions: the catalogue of grants a robot account may hold (the portal's
// robot permission grid).
#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/project_access.h"
#include "http/blocking.h"

namespace berth::api {

namespace {
using Awaitable = boost::asio::awaitable<http::Response>;

// The project a scope names: "/project/<id>" (a name is accepted too).
std::optional<core::Project> scoped_project(core::ProjectStore& store, const std::string& scope) {
  const std::string prefix = "/project/";
  if (!scope.starts_with(prefix)) throw bad_request("scope must be /project/<project id>");
  std::string v = scope.substr(prefix.size());
  if (!v.empty() && v.back() == '/') v.pop_back();
  if (v.empty() || v.size() > 255) throw bad_request("scope must be /project/<project id>");
  if (v.size() <= 18 && v.find_first_not_of("0123456789") == std::string::npos)
    return store.find(std::stoll(v));
  return store.find_by_name(v);
}

Awaitable current_permissions(Services& s, ApiRequest& r) {
  auth::Principal who = api_principal(r);
  require_authenticated(who);
  std::string scope = r.http.query_param("scope").value_or("");
  bool relative = r.http.query_param("relative").value_or("false") == "true";
  json out = co_await http::run_blocking([&] {
    json list = json::array();
    if (scope.empty()) return list;  // only project scopes exist so far
    core::ProjectStore& store = s.projects;
    auto p = scoped_project(store, scope);
    if (!p) return list;
    auth::ProjectAccess access = access_of(store, who, *p);
    std::string prefix = relative ? "" : "/project/" + std::to_string(p->id) + "/";
    // projectAdmin holds every project permission; filter it through the caller's rights.
    for (const auto& [res, act] : auth::role_permissions(auth::Role::kProjectAdmin))
      if (auth::allowed(who, access, res, act))
        list.push_back({{"resource", prefix + res}, {"action", act}});
    return list;
  });
  co_return json_response(200, out);
}
// Harbor's answer is for admins only: system administrators, and users who are project admin
// somewhere (they create project robots). Berth's RBAC has project permissions only (system-scope
// robot grants are refused), so `system` stays empty.
Awaitable permission_catalogue(Services& s, ApiRequest& r) {
  auth::Principal who = api_principal(r);
  require_authenticated(who);
  json out = co_await http::run_blocking([&] {
    bool admin = who.sysadmin;
    if (!admin && who.is_user())
      for (const auto& p : s.projects.all())
        if (s.projects.role_of(p.id, who.id) == int(auth::Role::kProjectAdmin)) {
          admin = true;
          break;
        }
    if (!admin) throw forbidden("only admins(system and project) can access permissions");
    json project = json::array();
    for (const auto& [res, act] : auth::role_permissions(auth::Role::kProjectAdmin))
      project.push_back({{"resource", res}, {"action", act}});
    return json{{"system", json::array()}, {"project", project}};
  });
  co_return json_response(200, out);
}
}  // namespace

void register_permission_routes(ApiRouter& router) {
  // clang-format off
  router.add({
      {"GET", "/api/v2.0/users/current/permissions", current_permissions},
      {"GET", "/api/v2.0/permissions", permission_catalogue},
  });
  // clang-format on
}

}  // namespace berth::api
