// The top-level router: /v2/ goes to the registry API; /api/, /c/ and /service/token to Harbor's
// API; everything else is 404.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "http/request.h"
#include "http/response.h"

namespace berth::registry {
class RegistryApi;
}
namespace berth::api {
class HarborApi;
}

namespace berth::http {

class Router {
 public:
  Router(registry::RegistryApi& registry, api::HarborApi& harbor) : registry_(registry), harbor_(harbor) {}
  boost::asio::awaitable<Response> handle(Request& req);

 private:
  registry::RegistryApi& registry_;
  api::HarborApi& harbor_;
};

}  // namespace berth::http
