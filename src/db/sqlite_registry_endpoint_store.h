// core::RegistryEndpointStore on SQLite (table registries), secrets sealed with auth::SecretBox.
#pragma once

#include "core/registry_endpoint_store.h"

namespace berth::auth {
class SecretBox;
}

namespace berth::db {

class Pool;

class SqliteRegistryEndpointStore final : public core::RegistryEndpointStore {
 public:
  SqliteRegistryEndpointStore(Pool& db, const auth::SecretBox& box) : db_(db), box_(box) {}

  std::optional<core::RegistryEndpoint> get(int64_t id) override;
  std::optional<core::RegistryEndpoint> get_without_secret(int64_t id) override;
  std::optional<core::RegistryEndpoint> find_by_name(const std::string& name) override;
  std::vector<core::RegistryEndpoint> list(const core::RegistryFilter& f, int64_t* total) override;
  int64_t create(const core::RegistryEndpoint& e) override;
  void update(const core::RegistryEndpoint& e) override;
  bool remove(int64_t id) override;
  void set_status(int64_t id, const std::string& status) override;
  std::vector<std::string> projects_using(int64_t id) override;

 private:
  Pool& db_;
  const auth::SecretBox& box_;
};

}  // namespace berth::db
