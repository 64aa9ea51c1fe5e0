// Client side of Harbor's pluggable scanner adapter API v1.1 (an external scanner registered at
// /api/v2.0/scanners): the metadata call used by ping, registration and /metadata. Blocking.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace berth::scan {

struct AdapterEndpoint {
  std::string url;                // base, e.g. http://trivy-adapter:8080
  std::string auth;               // "" | Basic | Bearer | X-ScannerAdapter-API-Key
  std::string access_credential;  // plaintext here
  bool skip_cert_verify = false;
};

struct AdapterError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr const char* kAdapterMetadataMime =
    "application/vnd.scanner.adapter.metadata+json; version=1.0";

// GET <url>/api/v1/metadata; throws AdapterError saying what went wrong.
nlohmann::json fetch_adapter_metadata(const AdapterEndpoint& endpoint);

// What the adapter must pull: Harbor's ScanRequest.
struct AdapterScanRequest {
  std::string registry_url;   // e.g. http://127.0.0.1:8080
  std::string authorization;  // "Basic <base64(robot:secret)>"
  std::string repository, digest, tag, mime_type;
};

// POST <url>/api/v1/scan; returns the scan request id (202).
std::string submit_adapter_scan(const AdapterEndpoint& endpoint, const AdapterScanRequest& request);

// Polls GET <url>/api/v1/scan/{id}/report for the v1.1 report until it is ready (200), honouring
// Refresh-After on 302 (default 5 s, Harbor's), until `timeout`. `stopping` is checked between
// polls: when it returns true the call throws AdapterError("stopped").
nlohmann::json poll_adapter_report(const AdapterEndpoint& endpoint, const std::string& id,
                                   const std::function<bool()>& stopping,
                                   std::chrono::seconds timeout);

}  // namespace berth::scan
