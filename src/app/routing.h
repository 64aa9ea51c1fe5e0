// Which API answers which paths: /v2/ goes to the registry API; Harbor's /api/, the portal's /c/
// and /service/token to the Harbor API; everything else is 404 (http::Router's answer).
#pragma once

#include <ostream>

#include "http/router.h"

namespace berth::api {
class HarborApi;
}
namespace berth::registry {
class RegistryApi;
}

namespace berth::app {

http::Router make_router(registry::RegistryApi& registry, api::HarborApi& harbor);

// `berth routes`: one "METHOD PATH" line per route of the Harbor API, as registered.
void print_routes(std::ostream& out);

}  // namespace berth::app
