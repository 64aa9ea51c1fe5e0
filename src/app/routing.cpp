#include "app/routing.h"

#include "api/harbor_api.h"
#include "registry/registry_api.h"

namespace berth::app {

http::Router make_router(registry::RegistryApi& registry, api::HarborApi& harbor) {
  http::Router router;
  auto to_registry = [&registry](http::Request& r) { return registry.handle(r); };
  auto to_harbor = [&harbor](http::Request& r) { return harbor.handle(r); };
  router.mount_exact("/v2", to_registry);
  router.mount_prefix("/v2/", to_registry);
  router.mount_prefix("/api/", to_harbor);
  router.mount_prefix("/c/", to_harbor);
  router.mount_exact("/service/token", to_harbor);
  return router;
}

void print_routes(std::ostream& out) {
  api::ApiRouter router;
  api::register_routes(router);
  for (const auto& [method, path] : router.routes()) out << method << ' ' << path << '\n';
}

}  // namespace berth::app
