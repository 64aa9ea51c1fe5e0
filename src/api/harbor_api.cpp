#include "api/harbor_api.h"

#include <spdlog/spdlog.h>

#include "api/api_util.h"
#include "auth/authenticator.h"
#include "http/blocking.h"
#include "http/errors.h"

namespace berth::api {

HarborApi::HarborApi(Services services) : services_(std::move(services)) {
  register_routes(router_, services_);
}

bool HarborApi::owns(const std::string& path) {
  return path.starts_with("/api/") || path.starts_with("/c/") || path == "/service/token";
}

boost::asio::awaitable<http::Response> HarborApi::handle(http::Request& req) {
  auto m = router_.match(req.method, req.raw_path);
  if (!m.handler) {
    if (m.method_mismatch) co_return http::harbor_error(405, "METHOD_NOT_ALLOWED", "method not allowed");
    co_return http::harbor_error(404, "NOT_FOUND", "no such endpoint: " + req.path);
  }
  auto outcome = co_await http::run_blocking([&] { return services_.authenticator.authenticate(req); });
  if (!outcome.principal)
    co_return http::harbor_error(401, "UNAUTHORIZED", outcome.error);
  ApiRequest api{req, std::move(m.params), std::move(*outcome.principal), std::move(outcome.session_csrf)};
  http::Response res;
  try {
    res = co_await (*m.handler)(api);
  } catch (const ApiError& e) {
    res = error_response(e);
  }
  if (req.is_head() && std::holds_alternative<std::string>(res.body)) {
    res.head_length = std::get<std::string>(res.body).size();
    res.body = std::string();
  }
  co_return res;
}

}  // namespace berth::api
