// GET /api/v2.0/search?q=: Harbor's Search, the portal header's "Search Harbor...". Projects and
// repositories whose name contains q, among the projects the caller may list repositories of
// (public ones for anyone, the caller's own memberships, all for a sysadmin): the same filter as
// GET /api/v2.0/repositories, so a search never reveals more than the lists do.
#include <algorithm>
#include <cctype>
#include <map>

#include "api/api_util.h"
#include "api/artifact_json.h"
#include "api/harbor_api.h"
#include "api/project_access.h"
#include "api/project_json.h"
#include "api/project_lookup.h"
#include "core/content_store.h"
#include "http/blocking.h"

namespace berth::api {

namespace {

// A header search box wants the first screenful, not a dump of a large registry.
constexpr int64_t kMaxResults = 100;

// Project and repository names are lower case (Harbor's rule), so the search is too.
std::string search_term(const http::Request& req) {
  std::string q = req.query_param("q").value_or("");
  if (q.empty()) throw bad_request("q is required: the text to search for");
  if (q.size() > 255) throw bad_request("q is longer than 255 characters");
  std::transform(q.begin(), q.end(), q.begin(), [](unsigned char c) { return std::tolower(c); });
  return q;
}

json search(Services& s, const auth::Principal& who, const std::string& term) {
  json projects = json::array(), repositories = json::array();
  core::RepositoryQuery rq;
  rq.name_fuzzy = term;
  rq.limit = kMaxResults;
  std::map<int64_t, const ProjectInfo*> by_id;
  std::vector<ProjectInfo> visible = visible_projects(s.projects, who);
  for (const auto& p : visible) {
    rq.project_ids.push_back(p.id);
    by_id[p.id] = &p;
    if (p.name.find(term) == std::string::npos || int64_t(projects.size()) >= kMaxResults)
      continue;
    projects.push_back(
        project_json(p, s.projects.repo_count(p.name), who, access_of(s.projects, who, p)));
  }
  for (const auto& r : s.content.list_repositories(rq)) {
    const ProjectInfo* p = by_id.at(r.project_id);
    repositories.push_back({{"project_id", r.project_id},
                            {"project_name", p->name},
                            {"project_public", p->is_public()},
                            {"repository_name", r.name},
                            {"pull_count", r.pull_count},
                            {"artifact_count", r.artifact_count}});
  }
  return {{"project", projects}, {"repository", repositories}};
}

}  // namespace

void register_search_routes(ApiRouter& router) {
  auto get = [](Services& s, ApiRequest& rq) -> boost::asio::awaitable<http::Response> {
    std::string term = search_term(rq.http);
    auth::Principal who = api_principal(rq);
    co_return json_response(200,
                            co_await http::run_blocking([&] { return search(s, who, term); }));
  };

  // clang-format off
  router.add({
      {"GET", "/api/v2.0/search", get},
  });
  // clang-format on
}

}  // namespace berth::api
