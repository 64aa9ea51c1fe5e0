// Everything the API handlers may use, owned by app/ and handed to each resource's
// register_*_routes function.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "config/config.h"

namespace berth::db {
class Pool;
}
namespace berth::core {
class RegistryService;
}
namespace berth::scan {
class ScanService;
class ScannerStore;
class ScanReportStore;
}  // namespace berth::scan
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
  // The proxy cache's counters of a project as JSON (empty function: no proxy cache).
  std::function<std::string(int64_t project_id)> proxy_stats_json = {};
  // Scanning (scanners, scans, scanAll, CVE allowlist); null: the scan routes answer 503.
  scan::ScanService* scans = nullptr;
  // Scan and job stores.
  scan::ScannerStore& scanners;
  scan::ScanReportStore& scan_reports;
};

}  // namespace berth::api
