// Registry endpoints (Harbor's "registries"): where proxy-cache projects pull from and
// replication pushes to. Credentials are sealed with SecretBox in the database and opened only
// here, for the code that talks to the endpoint; the API never returns them.
// Blocking: call it on the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
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
  bool has_secret = false;  // set on reads: a secret is stored (even when not opened)

  remote::EndpointSpec spec() const {
    return {type, url, access_key, access_secret, insecure, ca_certificate};
  }
};

struct RegistryFilter {
  std::optional<std::string> name;  // fuzzy
  std::optional<std::string> exact_name;
  std::optional<std::string> type;
  std::optional<std::string> url;  // fuzzy
  std::optional<std::string> exact_url;
  std::string sort;  // Harbor's sort parameter: name, type, url, creation_time, update_time, id
  int64_t offset = 0, limit = 10;
};

// Another endpoint already has this name (the API answers 409).
struct DuplicateRegistryName : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The stored secret cannot be opened with this secretKey (it changed, or the row was altered).
struct RegistrySecretUnreadable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class RegistryEndpointStore {
 public:
  RegistryEndpointStore(db::Pool& db, const auth::SecretBox& box);

  // With access_secret opened; throws RegistrySecretUnreadable when it cannot be.
  std::optional<RegistryEndpoint> get(int64_t id);
  // Without opening the secret (access_secret empty, has_secret tells): for display.
  std::optional<RegistryEndpoint> get_without_secret(int64_t id);
  std::optional<RegistryEndpoint> find_by_name(const std::string& name);  // without the secret
  // One page, ordered by `sort` (Harbor's "name,-creation_time"; empty: by id), without secrets.
  std::vector<RegistryEndpoint> list(const RegistryFilter& f, int64_t* total);
  // Throws DuplicateRegistryName. Sets creation/update time; returns the new id.
  int64_t create(const RegistryEndpoint& e);
  // Every field but id and creation_time; throws DuplicateRegistryName.
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
