#include "http/router.h"

#include "http/errors.h"
#include "registry/registry_api.h"

namespace berth::http {

boost::asio::awaitable<Response> Router::handle(Request& req) {
  if (req.path == "/v2" || req.path.starts_with("/v2/")) co_return co_await deps_.registry->handle(req);
  co_return system_route(req);
}

Response Router::system_route(const Request& req) {
  bool read = req.method == "GET" || req.method == "HEAD";
  auto finish = [&](Response r) {
    if (req.is_head() && std::holds_alternative<std::string>(r.body)) {
      r.head_length = std::get<std::string>(r.body).size();
      r.body = std::string();
    }
    return r;
  };
  if (req.path == "/api/v2.0/ping") {
    if (!read) return harbor_error(405, "METHOD_NOT_ALLOWED", "method not allowed");
    return finish(Response::text(200, "Pong"));
  }
  if (req.path == "/api/v2.0/systeminfo/getcert") {
    if (!read) return harbor_error(405, "METHOD_NOT_ALLOWED", "method not allowed");
    // Harbor answers 404 when it has no CA to hand out (certificates not issued by it).
    if (deps_.ca_pem.empty())
      return harbor_error(404, "NOT_FOUND", "no CA certificate: TLS is off or uses operator-supplied certificates without a CA");
    Response r = Response::text(200, deps_.ca_pem, "application/octet-stream");
    r.header("Content-Disposition", "attachment; filename=\"ca.crt\"");
    return finish(std::move(r));
  }
  return harbor_error(404, "NOT_FOUND", "no such endpoint: " + req.path);
}

}  // namespace berth::http
