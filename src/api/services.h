// Everything the API handlers may use, owned by app/ and handed to each resource's
// register_*_routes function.
#pragma once

#include <string>

#include "config/config.h"

namespace berth::db {
class Pool;
}
namespace berth::core {
class RegistryService;
}
namespace berth::auth {
class Authenticator;
class TokenService;
class SecretBox;
}

namespace berth::api {

struct Services {
  const config::Config& config;
  db::Pool& db;
  core::RegistryService& registry;
  auth::Authenticator& authenticator;
  const auth::TokenService& tokens;
  std::string ca_pem;  // for /systeminfo/getcert; empty without a CA
  // Seals registry credentials at rest.
  const auth::SecretBox& secrets;
};

}  // namespace berth::api
