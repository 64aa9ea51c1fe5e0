// scan::ScannerStore on the metadata database (tables scanners, project_scanners, scan_settings).
#pragma once

#include "scan/scanner_store.h"

namespace berth::db {

class Pool;

class SqliteScannerStore : public scan::ScannerStore {
 public:
  explicit SqliteScannerStore(Pool& db) : db_(db) {}

  std::vector<scan::ScannerRegistration> list() override;
  std::optional<scan::ScannerRegistration> find(const std::string& uuid) override;
  std::optional<scan::ScannerRegistration> default_scanner() override;
  std::string create(scan::ScannerRegistration r) override;
  void update(const scan::ScannerRegistration& r) override;
  bool remove(const std::string& uuid) override;
  void set_default(const std::string& uuid) override;
  std::optional<scan::ScannerRegistration> project_scanner(int64_t project_id) override;
  void set_project_scanner(int64_t project_id, const std::string& uuid) override;
  std::optional<std::string> setting(const std::string& key) override;
  void put_setting(const std::string& key, const std::string& value) override;

 private:
  Pool& db_;
};

}  // namespace berth::db
