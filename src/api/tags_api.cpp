// .../artifacts/{reference}/tags[/{tag_name}]: list, create and delete tags of an artifact.
#include "api/artifact_json.h"
#include "api/harbor_api.h"
#include "core/audit_log.h"
#include "core/content_store.h"
#include "core/reference.h"
#include "core/registry_service.h"
#include "http/blocking.h"

namespace berth::api {

namespace {

const std::set<std::string> kTagFields = {"id",        "repository_id", "artifact_id", "name",
                                          "push_time", "pull_time",     "immutable"};

http::Response list_tags(Services& s, ApiRequest& rq) {
  Paging p = paging(rq.http);
  RepoTarget t = load_repo(s.projects, s.content, rq, "tag", "list");
  auto a = artifact_or_404(s.content, t, rq.param("reference"));
  json out = json::array();
  for (const auto& tag : s.content.artifact_tags(a.id, p.offset(), p.page_size))
    out.push_back(tag_json(tag));
  http::Response res = json_response(200, out);
  add_paging_headers(res, rq.http, p, s.content.count_tags(a.id));
  return res;
}

// Resolves the target (and releases the connection) before RegistryService writes.
std::pair<RepoTarget, core::ArtifactRow> target(Services& s, ApiRequest& rq, const char* action) {
  RepoTarget t = load_repo(s.projects, s.content, rq, "tag", action);
  return {t, artifact_or_404(s.content, t, rq.param("reference"))};
}

http::Response create_tag(Services& s, ApiRequest& rq, const std::string& name) {
  auto [t, a] = target(s, rq, "create");
  switch (s.registry.add_tag(t.name, *core::Digest::parse(a.digest), name)) {
    case core::RegistryService::TagResult::kExists:
      throw conflict("tag " + name + " already exists in " + t.name);
    case core::RegistryService::TagResult::kNotFound:
      throw not_found("artifact not found");
    case core::RegistryService::TagResult::kCreated:
      break;
  }
  core::audit(s.audit, {t.project.id, "create", "tag", t.name + ":" + name, rq.principal.name,
                        rq.http.remote_address});
  tell(s, {core::ArtifactEvent::Kind::kPushed, t.name, a.digest, name});
  return created("/api/v2.0/projects/" + t.project.name + "/repositories/" +
                 encoded_repository(t.name, t.project.name) + "/artifacts/" + a.digest + "/tags/" +
                 name);
}

void delete_tag(Services& s, ApiRequest& rq) {
  auto [t, a] = target(s, rq, "delete");
  const std::string& name = rq.param("tag_name");
  bool found = false;
  for (const auto& tag : s.content.artifact_tags(a.id, 0, 100000))
    found = found || tag.name == name;
  if (!found || !s.registry.delete_tag(t.name, name))
    throw not_found("tag " + name + " not found on " + t.name + "@" + a.digest);
  core::audit(s.audit, {t.project.id, "delete", "tag", t.name + ":" + name, rq.principal.name,
                        rq.http.remote_address});
  tell(s, {core::ArtifactEvent::Kind::kDeleted, t.name, a.digest, name});
}

}  // namespace

void register_tag_routes(ApiRouter& router) {
  using Awaitable = boost::asio::awaitable<http::Response>;
  auto list = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_return co_await http::run_blocking([&] { return list_tags(s, rq); });
  };
  auto create = [](Services& s, ApiRequest& rq) -> Awaitable {
    json body = co_await read_json_object(rq.http, s.config.limits.max_json_body_bytes, kTagFields);
    std::string name = opt_string(body, "name").value_or("");
    if (!core::is_valid_tag(name)) throw bad_request("invalid tag name '" + name + "'");
    co_return co_await http::run_blocking([&] { return create_tag(s, rq, name); });
  };
  auto remove = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_await http::run_blocking([&] { delete_tag(s, rq); });
    co_return http::Response::empty(200);
  };

  // clang-format off
  router.add({
      {"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags", list},
      {"POST", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags", create},
      {"DELETE", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags/{tag_name}", remove},
  });
  // clang-format on
}

}  // namespace berth::api
