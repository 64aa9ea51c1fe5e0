// /api/v2.0/projects/{p}/metadatas/ and /metadatas/{meta_name}.
#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/project_access.h"
#include "api/project_json.h"
#include "core/audit_log.h"
#include "http/blocking.h"

namespace berth::api {

namespace {
using Awaitable = boost::asio::awaitable<http::Response>;
constexpr uint64_t kMetadataBodyLimit = 64 * 1024;

json metadata_object(const core::ProjectMetadata& m) {
  json j = json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

// Reads a metadata body: any JSON object, validated key by key (unknown keys are named).
boost::asio::awaitable<json> read_metadata_body(const http::Request& req) {
  std::string body;
  try {
    body = co_await req.read_body(kMetadataBodyLimit);
  } catch (const http::BodyTooLarge&) {
    throw ApiError(413, "BAD_REQUEST", "request body too large");
  }
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) throw bad_request("the request body must be a JSON object of strings");
  co_return j;
}

void save(Services& s, const ApiRequest& r, core::ProjectStore& store, core::Project& p) {
  store.update(p);
  core::audit(s.audit,
              {p.id, "update", "project", p.name, r.principal.name, r.http.remote_address});
}

Awaitable list_metadata(Services& s, ApiRequest& r) {
  json j = co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "metadata", "list");
    return metadata_object(scope.project.metadata);
  });
  co_return json_response(200, j);
}

Awaitable add_metadata(Services& s, ApiRequest& r) {
  json body = co_await read_metadata_body(r.http);
  co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "metadata", "create");
    for (auto& [k, v] : parse_metadata(body, scope.project.registry_id.has_value()))
      scope.project.metadata[k] = v;
    save(s, r, store, scope.project);
  });
  co_return http::Response::empty(200);
}

Awaitable get_metadata(Services& s, ApiRequest& r) {
  json j = co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "metadata", "read");
    const std::string& name = r.param("meta_name");
    auto it = scope.project.metadata.find(name);
    if (it == scope.project.metadata.end()) throw not_found("metadata " + name + " not found");
    return json{{name, it->second}};
  });
  co_return json_response(200, j);
}

Awaitable put_metadata(Services& s, ApiRequest& r) {
  json body = co_await read_metadata_body(r.http);
  const std::string& name = r.param("meta_name");
  if (body.size() != 1 || !body.contains(name))
    throw bad_request("the body must be {\"" + name + "\": \"<value>\"}");
  co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "metadata", "update");
    if (!scope.project.metadata.count(name)) throw not_found("metadata " + name + " not found");
    for (auto& [k, v] : parse_metadata(body, scope.project.registry_id.has_value()))
      scope.project.metadata[k] = v;
    save(s, r, store, scope.project);
  });
  co_return http::Response::empty(200);
}

Awaitable delete_metadata(Services& s, ApiRequest& r) {
  const std::string& name = r.param("meta_name");
  co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "metadata", "delete");
    if (!scope.project.metadata.count(name)) throw not_found("metadata " + name + " not found");
    // Every project is either public or private; deleting the key would make that ambiguous.
    if (name == "public")
      throw bad_request("metadata 'public' cannot be deleted; set it to \"false\"");
    scope.project.metadata.erase(name);
    save(s, r, store, scope.project);
  });
  co_return http::Response::empty(200);
}
// Berth's addition: the pull-through cache's counters of a proxy-cache project.
Awaitable proxy_cache_statistics(Services& s, ApiRequest& r) {
  auto project = co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "project", "read");
    return scope.project;
  });
  if (!project.registry_id) throw bad_request("project " + project.name + " is not a proxy cache");
  std::string stats = s.proxy_stats_json ? s.proxy_stats_json(project.id) : "{}";
  co_return json_response(200, json::parse(stats));
}
}  // namespace

void register_project_metadata_routes(ApiRouter& router) {
  // clang-format off
  router.add({
      {"GET", "/api/v2.0/projects/{project_name_or_id}/metadatas/", list_metadata},
      {"POST", "/api/v2.0/projects/{project_name_or_id}/metadatas/", add_metadata},
      {"GET", "/api/v2.0/projects/{project_name_or_id}/metadatas/{meta_name}", get_metadata},
      {"PUT", "/api/v2.0/projects/{project_name_or_id}/metadatas/{meta_name}", put_metadata},
      {"DELETE", "/api/v2.0/projects/{project_name_or_id}/metadatas/{meta_name}", delete_metadata},
      {"GET", "/api/v2.0/projects/{project_name_or_id}/proxy_cache/statistics", proxy_cache_statistics},
  });
  // clang-format on
}

}  // namespace berth::api
