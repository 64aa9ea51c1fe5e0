// GET /api/v2.0/statistics: project and repository counts the caller can see (Harbor's
// Statistic). Storage consumption is shown to system administrators only, as in Harbor.
#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/project_lookup.h"
#include "db/sqlite.h"
#include "http/blocking.h"

namespace berth::api {

namespace {

int64_t repository_count(db::Connection& c, int64_t project_id) {
  auto st = c.prepare(
      "SELECT COUNT(*) FROM repositories r JOIN projects p ON p.name = substr(r.name, 1, "
      "instr(r.name, '/') - 1) WHERE p.id = ?");
  st.bind(1, project_id);
  st.step();
  return st.int64(0);
}

// Every blob once, however many repositories link it (what the disk holds), plus manifests.
int64_t storage_consumption(db::Connection& c) {
  auto st = c.prepare(
      "SELECT COALESCE((SELECT SUM(size) FROM blobs), 0) + COALESCE((SELECT SUM(size) FROM "
      "manifests), 0)");
  st.step();
  return st.int64(0);
}

json statistics(Services& s, const auth::Principal& who) {
  auto c = s.db.acquire();
  int64_t pub_p = 0, priv_p = 0, pub_r = 0, priv_r = 0;
  for (const auto& p : visible_projects(*c, who)) {
    int64_t repos = repository_count(*c, p.id);
    (p.is_public ? pub_p : priv_p) += 1;
    (p.is_public ? pub_r : priv_r) += repos;
  }
  return {{"private_project_count", priv_p},
          {"private_repo_count", priv_r},
          {"public_project_count", pub_p},
          {"public_repo_count", pub_r},
          {"total_project_count", pub_p + priv_p},
          {"total_repo_count", pub_r + priv_r},
          {"total_storage_consumption", who.sysadmin ? storage_consumption(*c) : 0}};
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
