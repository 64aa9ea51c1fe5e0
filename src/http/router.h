// The top-level router: /v2/ goes to the registry API, /api/v2.0/ to Harbor's API, the rest 404.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "http/request.h"
#include "http/response.h"

namespace berth::registry {
class RegistryApi;
}

namespace berth::http {

struct RouterDeps {
  registry::RegistryApi* registry = nullptr;
  std::string ca_pem;  // served by /api/v2.0/systeminfo/getcert; empty without TLS
};

class Router {
 public:
  explicit Router(RouterDeps deps) : deps_(std::move(deps)) {}
  boost::asio::awaitable<Response> handle(Request& req);

 private:
  Response system_route(const Request& req);
  RouterDeps deps_;
};

}  // namespace berth::http
