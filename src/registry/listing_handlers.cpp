// GET /v2/, /v2/<name>/tags/list, /v2/_catalog and /v2/<name>/referrers/<digest>
#include <nlohmann/json.hpp>

#include "core/content_source.h"
#include "core/digest.h"
#include "core/media_types.h"
#include "core/registry_service.h"
#include "http/blocking.h"
#include "http/errors.h"
#include "http/url.h"
#include "registry/registry_api.h"

namespace berth::registry {

using http::Request;
using http::Response;

namespace {
struct PageQuery {
  int64_t limit = -1;  // everything
  std::string last;
};

// nullopt when `n` is not a non-negative integer.
std::optional<PageQuery> page_query(const Request& req, int64_t max_page) {
  PageQuery q;
  if (auto n = req.query_param("n")) {
    if (n->empty() || n->size() > 9 || n->find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    q.limit = std::min<int64_t>(std::stoll(*n), max_page);
  }
  q.last = req.query_param("last").value_or("");
  return q;
}

// The spec's Link header for the next page: same n, last = the final item returned.
void add_next_link(Response& res, const std::string& path, const PageQuery& q,
                   const core::Page& page) {
  if (!page.more || page.items.empty()) return;
  std::string url =
      path + "?n=" + std::to_string(q.limit) + "&last=" + http::percent_encode(page.items.back());
  res.header("Link", "<" + url + ">; rel=\"next\"");
}

Response page_json(const Request& req, nlohmann::json body) {
  auto res = Response::json(200, body.dump());
  if (req.is_head()) {
    res.head_length = std::get<std::string>(res.body).size();
    res.body = std::string();
  }
  return res;
}
}  // namespace

boost::asio::awaitable<Response> RegistryApi::base(Request&, const Route&, const Source&) {
  co_return Response::json(200, "{}");
}

boost::asio::awaitable<Response> RegistryApi::list_tags(Request& req, const Route& r,
                                                        const Source& src) {
  auto q = page_query(req, config_.limits.max_page_size);
  if (!q)
    co_return http::oci_error(400, "PAGINATION_NUMBER_INVALID",
                              "invalid number of results requested");
  auto page = co_await http::run_blocking_on(
      src.pool, [&] { return src.content.tags(r.repository, q->limit, q->last); });
  if (!page)
    co_return http::oci_error(404, "NAME_UNKNOWN",
                              "repository name not known to registry: " + r.repository);
  Response res = page_json(req, {{"name", r.repository}, {"tags", page->items}});
  add_next_link(res, "/v2/" + r.repository + "/tags/list", *q, *page);
  co_return res;
}

boost::asio::awaitable<Response> RegistryApi::catalog(Request& req, const Route&, const Source&) {
  auto q = page_query(req, config_.limits.max_page_size);
  if (!q)
    co_return http::oci_error(400, "PAGINATION_NUMBER_INVALID",
                              "invalid number of results requested");
  auto page = co_await http::run_blocking([&] { return service_.repositories(q->limit, q->last); });
  Response res = page_json(req, {{"repositories", page.items}});
  add_next_link(res, "/v2/_catalog", *q, page);
  co_return res;
}

boost::asio::awaitable<Response> RegistryApi::referrers(Request& req, const Route& r,
                                                        const Source& src) {
  auto digest = core::Digest::parse(r.reference);
  if (!digest)
    co_return http::oci_error(400, "DIGEST_INVALID", "invalid digest '" + r.reference + "'");
  std::optional<std::string> artifact_type = req.query_param("artifactType");
  auto body = co_await http::run_blocking_on(
      src.pool, [&] { return src.content.referrers(r.repository, *digest, artifact_type); });
  co_return referrers_response(req, std::move(body), artifact_type.has_value());
}

Response referrers_response(const Request& req, std::string index, bool filtered) {
  Response res = Response::text(200, std::move(index), std::string(core::media::kOciIndex));
  if (filtered) res.header("OCI-Filters-Applied", "artifactType");
  if (req.is_head()) {
    res.head_length = std::get<std::string>(res.body).size();
    res.body = std::string();
  }
  return res;
}

}  // namespace berth::registry
