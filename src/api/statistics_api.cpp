// GET /api/v2.0/statistics: project and repository counts the caller can see (Harbor's
// Statistic). Storage consumption is shown to system administrators only, as in Harbor.
#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/project_lookup.h"
#include "core/content_store.h"
#include "http/blocking.h"

namespace berth::api {

namespace {

json statistics(Services& s, const auth::Principal& who) {
  int64_t pub_p = 0, priv_p = 0, pub_r = 0, priv_r = 0;
  for (const auto& p : visible_projects(s.projects, who)) {
    int64_t repos = s.projects.repo_count(p.name);
    (p.is_public() ? pub_p : priv_p) += 1;
    (p.is_public() ? pub_r : priv_r) += repos;
  }
  return {{"private_project_count", priv_p},
          {"private_repo_count", priv_r},
          {"public_project_count", pub_p},
          {"public_repo_count", pub_r},
          {"total_project_count", pub_p + priv_p},
          {"total_repo_count", pub_r + priv_r},
          {"total_storage_consumption", who.sysadmin ? s.content.storage_bytes() : 0}};
}

}  // namespace

void register_statistics_routes(ApiRouter& router) {
  auto get = [](Services& s, ApiRequest& rq) -> boost::asio::awaitable<http::Response> {
    if (rq.principal.anonymous()) throw unauthorized("authentication required");
    co_return json_response(
        200, co_await http::run_blocking([&] { return statistics(s, rq.principal); }));
  };

  // clang-format off
  router.add({
      {"GET", "/api/v2.0/statistics", get},
  });
  // clang-format on
}

}  // namespace berth::api
