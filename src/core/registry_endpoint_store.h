// Registry endpoints (Harbor's "registries"): where proxy-cache projects pull from and
// replication pushes to. The store seals credentials at rest and opens them only for
// the code that talks to the endpoint; the API never returns them.
// Blocking: call it on the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

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

// Implemented by db::SqliteRegistryEndpointStore, which seals secrets at rest.
class RegistryEndpointStore {
 public:
  virtual ~RegistryEndpointStore() = default;

  // With access_secret opened; throws RegistrySecretUnreadable when it cannot be.
  virtual std::optional<RegistryEndpoint> get(int64_t id) = 0;
  // Without opening the secret (access_secret empty, has_secret tells): for display.
  virtual std::optional<RegistryEndpoint> get_without_secret(int64_t id) = 0;
  // Without the secret.
  virtual std::optional<RegistryEndpoint> find_by_name(const std::string& name) = 0;
  // One page, ordered by `sort` (Harbor's "name,-creation_time"; empty: by id), without secrets.
  // Throws std::invalid_argument on an unknown sort key.
  virtual std::vector<RegistryEndpoint> list(const RegistryFilter& f, int64_t* total) = 0;
  // Throws DuplicateRegistryName. Sets creation/update time; returns the new id.
  virtual int64_t create(const RegistryEndpoint& e) = 0;
  // Every field but id and creation_time; throws DuplicateRegistryName.
  virtual void update(const RegistryEndpoint& e) = 0;
  virtual bool remove(int64_t id) = 0;
  virtual void set_status(int64_t id, const std::string& status) = 0;
  // Names of projects that use the endpoint as their proxy-cache source (a delete is refused
  // while there are any).
  virtual std::vector<std::string> projects_using(int64_t id) = 0;
};

}  // namespace berth::core
