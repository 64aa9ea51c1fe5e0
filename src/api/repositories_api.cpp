// /api/v2.0/repositories and /projects/{project_name}/repositories[/{repository_name}].
#include "api/artifact_json.h"
#include "api/harbor_api.h"
#include "core/audit_log.h"
#include "core/content_store.h"
#include "core/registry_service.h"
#include "http/blocking.h"

namespace berth::api {

namespace {

// q=name=~x | name=x | project_id=N, sort=..., page/page_size.
core::RepositoryQuery repository_query(const http::Request& req, const Paging& p) {
  core::RepositoryQuery q;
  q.offset = p.offset();
  q.limit = p.page_size;
  q.sort = req.query_param("sort").value_or("");
  if (auto qs = req.query_param("q")) {
    for (const auto& [key, term] : parse_q(*qs)) {
      if (key != "name") continue;  // project_id is applied by the caller
      if (term.kind == QueryTerm::Kind::kFuzzy)
        q.name_fuzzy = term.value;
      else
        q.name_exact = term.value;
    }
  }
  return q;
}

std::optional<int64_t> project_id_term(const http::Request& req) {
  auto qs = req.query_param("q");
  if (!qs) return std::nullopt;
  auto terms = parse_q(*qs);
  auto it = terms.find("project_id");
  if (it == terms.end()) return std::nullopt;
  if (auto id = parse_id(it->second.value)) return *id;
  throw bad_request("project_id must be an integer");
}

http::Response answer_list(core::ContentStore& content, const http::Request& req,
                           core::RepositoryQuery& q, const Paging& p) {
  json out = json::array();
  int64_t total;
  try {
    total = content.count_repositories(q);
    for (const auto& r : content.list_repositories(q)) out.push_back(repository_json(r));
  } catch (const std::invalid_argument& e) {
    throw bad_request(e.what());
  }
  http::Response res = json_response(200, out);
  add_paging_headers(res, req, p, total);
  return res;
}

http::Response list_all(Services& s, ApiRequest& rq) {
  Paging p = paging(rq.http);
  auto q = repository_query(rq.http, p);
  auto only = project_id_term(rq.http);
  for (const auto& proj : visible_projects(s.projects, rq.principal))
    if (!only || *only == proj.id) q.project_ids.push_back(proj.id);
  return answer_list(s.content, rq.http, q, p);
}

http::Response list_in_project(Services& s, ApiRequest& rq) {
  Paging p = paging(rq.http);
  auto q = repository_query(rq.http, p);
  ProjectInfo proj = project_or_404(s.projects, rq.param("project_name"));
  require(s.projects, rq.principal, proj, "repository", "list");
  q.project_ids = {proj.id};
  return answer_list(s.content, rq.http, q, p);
}

const std::set<std::string> kRepositoryFields = {
    "id",         "project_id",    "name",       "description", "artifact_count",
    "pull_count", "creation_time", "update_time"};

}  // namespace

void register_repository_routes(ApiRouter& router) {
  using Awaitable = boost::asio::awaitable<http::Response>;
  auto list = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_return co_await http::run_blocking([&] { return list_all(s, rq); });
  };
  auto list_project = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_return co_await http::run_blocking([&] { return list_in_project(s, rq); });
  };
  auto get = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_return co_await http::run_blocking([&] {
      return json_response(
          200, repository_json(*load_repo(s.projects, s.content, rq, "repository", "read").repo));
    });
  };
  auto update = [](Services& s, ApiRequest& rq) -> Awaitable {
    const uint64_t limit = s.config.limits.max_json_body_bytes;
    json body = co_await read_json_object(rq.http, limit, kRepositoryFields);
    auto description = opt_string(body, "description").value_or("");
    if (description.size() > 64 * 1024) throw bad_request("description is too long");
    co_await http::run_blocking([&] {
      auto t = load_repo(s.projects, s.content, rq, "repository", "update");
      s.content.set_repository_description(t.repo->id, description);
    });
    co_return http::Response::empty(200);
  };
  auto remove = [](Services& s, ApiRequest& rq) -> Awaitable {
    co_await http::run_blocking([&] {
      RepoTarget t = load_repo(s.projects, s.content, rq, "repository", "delete");
      s.registry.delete_repository(t.name);
      core::audit(s.audit, {t.project.id, "delete", "repository", t.name, rq.principal.name,
                            rq.http.remote_address});
    });
    co_return http::Response::empty(200);
  };

  // clang-format off
  router.add({
      {"GET", "/api/v2.0/repositories", list},
      {"GET", "/api/v2.0/projects/{project_name}/repositories", list_project},
      {"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}", get},
      {"PUT", "/api/v2.0/projects/{project_name}/repositories/{repository_name}", update},
      {"DELETE", "/api/v2.0/projects/{project_name}/repositories/{repository_name}", remove},
  });
  // clang-format on
}

}  // namespace berth::api
