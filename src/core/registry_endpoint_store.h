// Registry endpoints (Harbor's "registries"): where proxy-cache projects pull from and
// replication pushes to. Credentials are sealed with SecretBox in the database and opened only
// here, for the code that talks to the endpoint; the API never returns them.
// Blocking: call it on the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "remote/endpoint_client.h"

namespace berth::db {
class Pool;
}
namespace berth::auth {
class SecretBox;
}

namespace berth::core {

struct RegistryEndpoint {
  int64_t id = 0;
  std::string name;
  std::string description;
  std::string type;  // remote::endpoint_types()
  std::string url;
  std::string credential_type = "basic";  // basic | oauth
  std::string access_key;
  std::string access_secret;  // plaintext in memory only
  bool insecure = false;
  std::string ca_certificate;
  std::string status = "healthy";  // healthy | unhealthy (last check)
  int64_t creation_time = 0;       // unix millis
  int64_t update_time = 0;

  remote::EndpointSpec spec() const {
    return {type, url, access_key, access_secret, insecure, ca_certificate};
  }
};

struct RegistryFilter {
  std::optional<std::string> name;        // fuzzy
  std::optional<std::string> exact_name;
  std::optional<std::string> type;
  std::optional<std::string> url;         // fuzzy
  int64_t offset = 0, limit = 10;
};

class RegistryEndpointStore {
 public:
  RegistryEndpointStore(db::Pool& db, const auth::SecretBox& box);

  std::optional<RegistryEndpoint> get(int64_t id);
  std::vector<RegistryEndpoint> list(const RegistryFilter& f, int64_t* total);
  // Throws core::Conflict-like errors as the API module documents (duplicate name).
  int64_t create(const RegistryEndpoint& e);
  void update(const RegistryEndpoint& e);
  bool remove(int64_t id);
  void set_status(int64_t id, const std::string& status);
  // Names of projects that use the endpoint as their proxy-cache source (a delete is refused
  // while there are any).
  std::vector<std::string> projects_using(int64_t id);

 private:
  db::Pool& db_;
  const auth::SecretBox& box_;
};

}  // namespace berth::core
