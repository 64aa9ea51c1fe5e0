#include "http/router.h"

#include "api/harbor_api.h"
#include "http/errors.h"
#include "registry/registry_api.h"

namespace berth::http {

boost::asio::awaitable<Response> Router::handle(Request& req) {
  if (req.path == "/v2" || req.path.starts_with("/v2/")) co_return co_await registry_.handle(req);
  if (api::HarborApi::owns(req.path)) co_return co_await harbor_.handle(req);
  co_return harbor_error(404, "NOT_FOUND", "no such endpoint: " + req.path);
}

}  // namespace berth::http
