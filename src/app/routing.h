// Which API answers which paths: /v2/ goes to the registry API; Harbor's /api/, the portal's /c/
// and /service/token to the Harbor API; everything else to the web portal (its files, and
// index.html for its routes), which answers 404 for what it does not know.
#pragma once

#include <filesystem>
#include <ostream>

#include "config/config.h"
#include "http/router.h"
#include "http/static_site.h"

namespace berth::api {
class HarborApi;
}
namespace berth::registry {
class RegistryApi;
}

namespace berth::app {

http::Router make_router(registry::RegistryApi& registry, api::HarborApi& harbor,
                         const http::StaticSite& portal);

// The portal's directory: `portalDir`, or `portal` beside the executable (the build directory
// links it to ui/dist; a package puts the built portal there).
std::filesystem::path portal_dir(const config::Config& cfg);

// The portal's own routes (Harbor's): reloading any path below them gives index.html, whose base
// is the path of externalURL ("https://host/reg" → "/reg/") unless a proxy says otherwise.
http::StaticSite make_portal(const config::Config& cfg);

// `berth routes`: one "METHOD PATH" line per route of the Harbor API, as registered.
void print_routes(std::ostream& out);

}  // namespace berth::app
