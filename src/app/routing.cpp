#include "app/routing.h"

#include "api/harbor_api.h"
#include "base/path_prefix.h"
#include "registry/registry_api.h"

namespace berth::app {

http::Router make_router(registry::RegistryApi& registry, api::HarborApi& harbor,
                         const http::StaticSite& portal) {
  http::Router router;
  auto to_registry = [&registry](http::Request& r) { return registry.handle(r); };
  auto to_harbor = [&harbor](http::Request& r) { return harbor.handle(r); };
  router.mount_exact("/v2", to_registry);
  router.mount_prefix("/v2/", to_registry);
  router.mount_prefix("/api/", to_harbor);
  router.mount_prefix("/c/", to_harbor);
  router.mount_exact("/service/token", to_harbor);
  // Last: whatever the APIs above do not take.
  router.mount_prefix("/", [&portal](http::Request& r) { return portal.handle(r); });
  return router;
}

std::filesystem::path portal_dir(const config::Config& cfg) {
  if (!cfg.portal_dir.empty()) return cfg.portal_dir;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (ec ? std::filesystem::current_path() : exe.parent_path()) / "portal";
}

http::StaticSite make_portal(const config::Config& cfg) {
  // Config validation refused an unclean externalURL path, so value_or never hides one.
  std::string base = base::clean_path_prefix(base::url_path(cfg.external_url)).value_or("/");
  return http::StaticSite(portal_dir(cfg), {"/harbor", "/account", "/license", "/oidc-onboard"},
                          base);
}

void print_routes(std::ostream& out) {
  api::ApiRouter router;
  api::register_routes(router);
  for (const auto& [method, path] : router.routes()) out << method << ' ' << path << '\n';
}

}  // namespace berth::app
