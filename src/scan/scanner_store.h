// Scanner registrations (Harbor's /scanners) and each project's chosen scanner (tables scanners,
// project_scanners). The built-in Trivy registration is created at start and cannot be removed.
// Blocking: call it on the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::db {
class Pool;
class Connection;
}  // namespace berth::db

namespace berth::scan {

// Stable, so clients (and project settings) that stored it keep working across restarts.
inline constexpr const char* kBuiltinScannerUuid = "6d3e0b9a-4f1c-4b8e-9a57-b3e7b0000001";
inline constexpr const char* kBuiltinScannerUrl = "internal://trivy";

struct ScannerRegistration {
  int64_t id = 0;
  std::string uuid, name, description, url;
  std::string auth;               // "" | Basic | Bearer | X-ScannerAdapter-API-Key
  std::string access_credential;  // sealed at rest
  bool skip_cert_verify = false, use_internal_addr = false, disabled = false;
  bool is_default = false, immutable = false;
  int64_t creation_time = 0, update_time = 0;  // unix millis
  bool builtin() const { return uuid == kBuiltinScannerUuid; }
};

std::string random_uuid();

class ScannerStore {
 public:
  explicit ScannerStore(db::Pool& db) : db_(db) {}

  std::vector<ScannerRegistration> list();
  std::optional<ScannerRegistration> find(const std::string& uuid);
  std::optional<ScannerRegistration> default_scanner();
  // Throws db::ConstraintError on a name or URL clash. Returns the uuid.
  std::string create(ScannerRegistration r);
  void update(const ScannerRegistration& r);
  bool remove(const std::string& uuid);
  void set_default(const std::string& uuid);

  // The project's scanner: its own choice, else the default.
  std::optional<ScannerRegistration> project_scanner(int64_t project_id);
  // The same inside a connection the caller holds.
  static std::optional<ScannerRegistration> project_scanner(db::Connection& c, int64_t project_id);
  void set_project_scanner(int64_t project_id, const std::string& uuid);

  // Creates the built-in registration when missing; makes it the default when none is.
  void ensure_builtin(const std::string& description);

 private:
  db::Pool& db_;
};

}  // namespace berth::scan
