// Scanner registrations (Harbor's /scanners), each project's chosen scanner, and the scan
// settings (scanAll schedule, system CVE allowlist). The built-in Trivy registration is created
// at start and cannot be removed. Blocking: call it on the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

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

// Another registration has the same name or URL.
struct ScannerConflict : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string random_uuid();

class ScannerStore {
 public:
  virtual ~ScannerStore() = default;

  virtual std::vector<ScannerRegistration> list() = 0;
  virtual std::optional<ScannerRegistration> find(const std::string& uuid) = 0;
  virtual std::optional<ScannerRegistration> default_scanner() = 0;
  // Stores `r` (a random uuid when it has none; never the default). Throws ScannerConflict.
  // Returns the uuid.
  virtual std::string create(ScannerRegistration r) = 0;
  // Writes everything but uuid, is_default, immutable and creation_time. Throws ScannerConflict.
  virtual void update(const ScannerRegistration& r) = 0;
  // Removes a registration that is not immutable, and the projects' choice of it.
  virtual bool remove(const std::string& uuid) = 0;
  // Makes `uuid` the one default.
  virtual void set_default(const std::string& uuid) = 0;

  // The project's scanner: its own choice, else the default.
  virtual std::optional<ScannerRegistration> project_scanner(int64_t project_id) = 0;
  virtual void set_project_scanner(int64_t project_id, const std::string& uuid) = 0;

  // Scan settings by key (JSON text).
  virtual std::optional<std::string> setting(const std::string& key) = 0;
  virtual void put_setting(const std::string& key, const std::string& value) = 0;
};

// Creates the built-in registration when missing; makes it the default when none is.
void ensure_builtin_scanner(ScannerStore& store, const std::string& description);

}  // namespace berth::scan
