// GET .../artifacts/{reference}/accessories: Harbor's list of what refers to an artifact (the
// OCI referrers whose subject it is), typed as Harbor types them: cosign and notation
// signatures, Harbor's SBOM, and any other referrer as `subject.accessory`. `q=type=x` or
// `q=type={a b}` filters by type; paged, with X-Total-Count.
#include "api/artifact_json.h"
#include "api/harbor_api.h"
#include "core/content_store.h"
#include "http/blocking.h"

namespace berth::api {

namespace {
// The accepted types from q (none: all).
std::set<std::string> wanted_types(const http::Request& req) {
  std::set<std::string> out;
  auto q = req.query_param("q");
  if (!q || q->empty()) return out;
  for (const auto& [key, term] : parse_q(*q)) {
    if (key != "type") throw bad_request("unknown query key '" + key + "' (only type)");
    if (term.kind == QueryTerm::Kind::kSet)
      out.insert(term.values.begin(), term.values.end());
    else if (term.kind == QueryTerm::Kind::kExact)
      out.insert(term.value);
    else
      throw bad_request("type takes one value or a set {a b}");
  }
  return out;
}

http::Response list_accessories(Services& s, ApiRequest& rq) {
  Paging p = paging(rq.http);
  auto types = wanted_types(rq.http);
  RepoTarget t = load_repo(s.projects, s.content, rq, "accessory", "list");
  auto subject = artifact_or_404(s.content, t, rq.param("reference"));
  std::vector<json> all;
  for (json& j : accessories_json(s.content, t, subject))
    if (types.empty() || types.count(j["type"].get<std::string>())) all.push_back(std::move(j));
  json out = json::array();
  for (size_t i = size_t(p.offset()); i < all.size() && out.size() < size_t(p.page_size); ++i)
    out.push_back(all[i]);
  http::Response res = json_response(200, out);
  add_paging_headers(res, rq.http, p, int64_t(all.size()));
  return res;
}
}  // namespace

void register_accessory_routes(ApiRouter& router) {
  auto list = [](Services& s, ApiRequest& rq) -> boost::asio::awaitable<http::Response> {
    co_return co_await http::run_blocking([&] { return list_accessories(s, rq); });
  };
  // clang-format off
  router.add({
      {"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/accessories", list},
  });
  // clang-format on
}

}  // namespace berth::api
