// .../artifacts/{reference}/tags[/{tag_name}]: list, create and delete tags of an artifact;
// .../repositories/{repository_name}/tags: every tag of a repository (a Berth extension).
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

// q=name=<tag> or name=~<text>; anything else is refused, so a typo never lists everything.
core::RepositoryTagQuery repository_tag_query(const http::Request& req, const Paging& p) {
  core::RepositoryTagQuery q;
  q.offset = p.offset();
  q.limit = p.page_size;
  if (auto sort = req.query_param("sort"); sort && !sort->empty()) q.sort = *sort;
  auto qs = req.query_param("q");
  if (!qs || qs->empty()) return q;
  for (const auto& [key, term] : parse_q(*qs)) {
    if (key != "name") throw bad_request("cannot filter tags by '" + key + "': use q=name=~text");
    if (term.kind == QueryTerm::Kind::kExact)
      q.name = term.value;
    else if (term.kind == QueryTerm::Kind::kFuzzy)
      q.name_fuzzy = term.value;
    else
      throw bad_request("q=name takes name=<tag> or name=~<text>");
  }
  return q;
}

// The tag with its artifact's digest and size, so a tag list needs no second call.
http::Response list_repository_tags(Services& s, ApiRequest& rq) {
  Paging p = paging(rq.http);
  RepoTarget t = load_repo(s.projects, s.content, rq, "tag", "list");
  auto q = repository_tag_query(rq.http, p);
  q.repository_id = t.repo->id;
  json out = json::array();
  int64_t total;
  try {
    total = s.content.count_repository_tags(q);
    for (const auto& row : s.content.repository_tags(q)) {
      json j = tag_json(row.tag);
      j["digest"] = row.digest;
      j["size"] = row.size;
      out.push_back(std::move(j));
    }
  } catch (const std::invalid_argument& e) {
    throw bad_request(std::string(e.what()) + ": use name, push_time or pull_time");
  }
  http::Response res = json_response(200, out);
  add_paging_headers(res, rq.http, p, total);
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
  auto list_repository = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_return co_await http::run_blocking([&] { return list_repository_tags(s, rq); });
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
      {"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/tags", list_repository},
      {"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags", list},
      {"POST", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags", create},
      {"DELETE", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags/{tag_name}", remove},
  });
  // clang-format on
}

}  // namespace berth::api
