// /api/v2.0/projects: create, list, HEAD by name, get, update, delete, _deletable, summary.
#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/paged_answer.h"
#include "api/project_access.h"
#include "api/project_json.h"
#include "api/registry_json.h"
#include "core/audit_log.h"
#include "core/registry_endpoint_store.h"
#include "http/blocking.h"

namespace berth::api {

namespace {
using Awaitable = boost::asio::awaitable<http::Response>;
constexpr uint64_t kProjectBodyLimit = 256 * 1024;
const std::set<std::string> kProjectReqFields = {"project_name",  "public",      "metadata",
                                                 "storage_limit", "registry_id", "cve_allowlist"};

void audit_project(core::AuditLogStore& log, const ApiRequest& r, int64_t project_id,
                   const char* op, const std::string& name) {
  core::audit(log, {project_id, op, "project", name, r.principal.name, r.http.remote_address});
}

std::optional<bool> bool_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  throw bad_request(std::string("query parameter '") + name + "' must be true or false");
}

// Builds the new project from a ProjectReq body (Harbor's createProject rules).
core::NewProject new_project(const json& body, const auth::Principal& who) {
  core::NewProject p;
  auto name = opt_string(body, "project_name");
  if (!name) throw bad_request("field 'project_name' is required");
  if (auto err = core::project_name_error(*name)) throw bad_request(*err);
  p.name = *name;
  p.owner_id = who.id;
  p.registry_id = opt_int(body, "registry_id");
  if (p.registry_id && !who.sysadmin)
    throw forbidden("only system administrators may create proxy cache projects (registry_id)");
  if (p.registry_id && *p.registry_id <= 0)
    throw bad_request(std::to_string(*p.registry_id) +
                      " is invalid value of registry_id, it should be greater than 0");
  if (auto it = body.find("metadata"); it != body.end() && !it->is_null())
    p.metadata = parse_metadata(*it, p.registry_id.has_value());
  if (auto pub = opt_bool(body, "public"); pub && !p.metadata.count("public"))
    p.metadata["public"] = *pub ? "true" : "false";  // the deprecated top-level flag
  p.metadata.emplace("public", "false");
  if (p.registry_id) p.metadata.erase("enable_content_trust");  // Harbor #12940
  if (auto limit = opt_int(body, "storage_limit")) {
    if (*limit < -1)
      throw bad_request("field 'storage_limit' must be -1 (unlimited) or a size in bytes");
    // Harbor applies the system default (unlimited here) for non-admins and for 0.
    if (who.sysadmin && *limit != 0) p.storage_limit = *limit;
  }
  if (auto it = body.find("cve_allowlist"); it != body.end())
    p.cve_allowlist = parse_cve_allowlist(*it);
  return p;
}

Awaitable create_project(Services& s, ApiRequest& r) {
  auth::Principal who = api_principal(r);
  require_authenticated(who);
  if (!who.is_user()) throw forbidden("robot accounts may not create projects");
  json body = co_await read_json_object(r.http, kProjectBodyLimit, kProjectReqFields);
  core::NewProject p = new_project(body, who);
  int64_t id = co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    if (p.registry_id && !s.endpoints.get_without_secret(*p.registry_id))
      throw not_found("registry " + std::to_string(*p.registry_id) + " not found");
    if (store.find_by_name(p.name))
      throw conflict("The project named " + p.name + " already exists");
    int64_t new_id = 0;
    try {
      new_id = store.create(p);
    } catch (const core::DuplicateProjectName&) {
      throw conflict("The project named " + p.name + " already exists");
    }
    audit_project(s.audit, r, new_id, "create", p.name);
    return new_id;
  });
  bool by_name = http::iequals(r.http.header("X-Resource-Name-In-Location"), "true");
  co_return created("/api/v2.0/projects/" + (by_name ? p.name : std::to_string(id)));
}

core::ProjectFilter project_filter(const http::Request& req, const Paging& page) {
  core::ProjectFilter f;
  f.offset = page.offset();
  f.limit = page.page_size;
  if (auto v = req.query_param("name"); v && !v->empty()) f.name = *v;
  f.is_public = bool_param(req, "public");
  if (auto v = req.query_param("owner"); v && !v->empty()) f.owner = *v;
  for (auto& [key, term] : parse_q(req.query_param("q").value_or(""))) {
    bool fuzzy = term.kind == QueryTerm::Kind::kFuzzy;
    if (key == "name" && fuzzy)
      f.name = term.value;
    else if (key == "name" && term.kind == QueryTerm::Kind::kExact)
      f.exact_name = term.value;
    else if (key == "public" && (term.value == "true" || term.value == "false"))
      f.is_public = term.value == "true";
    else if (key == "owner" && !fuzzy)
      f.owner = term.value;
    else
      throw bad_request("unsupported query term '" + key + "'");
  }
  return f;
}

Awaitable list_projects(Services& s, ApiRequest& r) {
  Paging page = paging(r.http);
  core::ProjectFilter f = project_filter(r.http, page);
  auth::Principal who = api_principal(r);
  co_return co_await paged_answer(r.http, page, [&](json& out) {
    core::ProjectStore& store = s.projects;
    core::Viewer viewer{who.sysadmin, who.is_user() ? who.id : 0};
    auto [projects, count] = store.list(viewer, f);
    for (const auto& p : projects) {
      out.push_back(project_json(p, store.repo_count(p.name), who, access_of(store, who, p)));
      // Beyond Harbor: the quota rides along, so the list can show it without a call per row.
      out.back()["quota"] = quota_json(p.storage_limit, store.storage_used(p.name));
    }
    return count;
  });
}

Awaitable head_project(Services& s, ApiRequest& r) {
  auto name = r.http.query_param("project_name");
  if (!name || name->empty() || name->size() > 255)
    throw bad_request("query parameter 'project_name' is required");
  bool exists =
      co_await http::run_blocking([&] { return s.projects.find_by_name(*name).has_value(); });
  if (!exists) throw not_found("project " + *name + " not found");
  co_return http::Response::empty(200);
}

Awaitable get_project(Services& s, ApiRequest& r) {
  json j = co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "project", "read");
    return project_json(scope.project, store.repo_count(scope.project.name), scope.who,
                        scope.access);
  });
  co_return json_response(200, j);
}

// PUT: metadata keys are upserted, the allowlist replaced; name and registry cannot change.
void apply_update(core::Project& p, const json& body) {
  if (auto name = opt_string(body, "project_name"); name && *name != p.name)
    throw bad_request("the project name cannot be changed");
  if (auto reg = opt_int(body, "registry_id"); reg && reg != p.registry_id)
    throw bad_request("the registry of a project cannot be changed");
  if (auto it = body.find("metadata"); it != body.end() && !it->is_null())
    for (auto& [k, v] : parse_metadata(*it, p.registry_id.has_value())) p.metadata[k] = v;
  if (auto pub = opt_bool(body, "public");
      pub && !(body.contains("metadata") && body["metadata"].contains("public")))
    p.metadata["public"] = *pub ? "true" : "false";
  if (auto it = body.find("cve_allowlist"); it != body.end())
    p.cve_allowlist = parse_cve_allowlist(*it);
  opt_int(body, "storage_limit");  // type-checked; quotas change through /quotas
}

Awaitable update_project(Services& s, ApiRequest& r) {
  json body = co_await read_json_object(r.http, kProjectBodyLimit, kProjectReqFields);
  co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "project", "update");
    apply_update(scope.project, body);
    store.update(scope.project);
    audit_project(s.audit, r, scope.project.id, "update", scope.project.name);
  });
  co_return http::Response::empty(200);
}

const char* kHoldsRepos = "the project contains repositories, can not be deleted";

Awaitable delete_project(Services& s, ApiRequest& r) {
  co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "project", "delete");
    if (store.repo_count(scope.project.name) > 0) throw ApiError(412, "PRECONDITION", kHoldsRepos);
    store.remove(scope.project.id);
    audit_project(s.audit, r, scope.project.id, "delete", scope.project.name);
  });
  co_return http::Response::empty(200);
}

Awaitable deletable(Services& s, ApiRequest& r) {
  json j = co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "project", "delete");
    bool empty = store.repo_count(scope.project.name) == 0;
    return json{{"deletable", empty}, {"message", empty ? "" : kHoldsRepos}};
  });
  co_return json_response(200, j);
}

Awaitable summary(Services& s, ApiRequest& r) {
  json j = co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "project", "read");
    core::ProjectSummary sum = store.summary(scope.project);
    json out = json{{"repo_count", sum.repo_count},
                    {"project_admin_count", sum.role_counts[int(auth::Role::kProjectAdmin)]},
                    {"maintainer_count", sum.role_counts[int(auth::Role::kMaintainer)]},
                    {"developer_count", sum.role_counts[int(auth::Role::kDeveloper)]},
                    {"guest_count", sum.role_counts[int(auth::Role::kGuest)]},
                    {"limited_guest_count", sum.role_counts[int(auth::Role::kLimitedGuest)]},
                    {"quota", quota_json(scope.project.storage_limit, sum.storage_used)}};
    // A proxy cache's endpoint, as Harbor: every member sees where the project pulls from (the
    // registries API is for sysadmins only), never its credential.
    if (scope.project.registry_id)
      if (auto e = s.endpoints.get_without_secret(*scope.project.registry_id)) {
        json reg = registry_json(*e);
        reg.erase("credential");
        out["registry"] = std::move(reg);
      }
    return out;
  });
  co_return json_response(200, j);
}
}  // namespace

void register_project_routes(ApiRouter& router) {
  // clang-format off
  router.add({
      {"POST", "/api/v2.0/projects", create_project},
      {"GET", "/api/v2.0/projects", list_projects},
      {"HEAD", "/api/v2.0/projects", head_project},
      {"GET", "/api/v2.0/projects/{project_name_or_id}", get_project},
      {"PUT", "/api/v2.0/projects/{project_name_or_id}", update_project},
      {"DELETE", "/api/v2.0/projects/{project_name_or_id}", delete_project},
      {"GET", "/api/v2.0/projects/{project_name_or_id}/_deletable", deletable},
      {"GET", "/api/v2.0/projects/{project_name_or_id}/summary", summary},
  });
  // clang-format on
}

}  // namespace berth::api
