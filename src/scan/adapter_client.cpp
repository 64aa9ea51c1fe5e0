#include "scan/adapter_client.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <thread>

#include "remote/http_client.h"

namespace berth::scan {

namespace {
remote::Headers auth_headers(const AdapterEndpoint& e) {
  remote::Headers h;
  if (e.access_credential.empty() || e.auth.empty()) return h;
  if (e.auth == "X-ScannerAdapter-API-Key" || e.auth == "APIKey")
    h.emplace_back("X-ScannerAdapter-API-Key", e.access_credential);
  else
    h.emplace_back("Authorization", e.auth + " " + e.access_credential);
  return h;
}
}  // namespace

nlohmann::json fetch_adapter_metadata(const AdapterEndpoint& endpoint) {
  if (!endpoint.url.starts_with("http://") && !endpoint.url.starts_with("https://"))
    throw AdapterError("the scanner URL must start with http:// or https://");
  remote::HttpOptions o;
  o.connect_timeout = std::chrono::seconds(5);
  o.total_timeout = std::chrono::seconds(15);
  o.insecure = endpoint.skip_cert_verify;
  remote::HttpClient client(o);
  remote::HttpRequest req;
  std::string base = endpoint.url;
  while (base.ends_with("/")) base.pop_back();
  req.url = base + "/api/v1/metadata";
  req.headers = auth_headers(endpoint);
  req.headers.emplace_back("Accept", kAdapterMetadataMime);
  remote::HttpResponse res;
  try {
    res = client.send(req, 1 << 20);
  } catch (const std::exception& e) {
    throw AdapterError(std::string("the scanner adapter is unreachable: ") + e.what());
  }
  if (res.status != 200)
    throw AdapterError("the scanner adapter answered " + std::to_string(res.status) +
                       " to GET /api/v1/metadata");
  auto j = nlohmann::json::parse(res.body, nullptr, false);
  if (!j.is_object() || !j.contains("scanner") || !j["scanner"].is_object())
    throw AdapterError("the scanner adapter's metadata is not valid JSON with a 'scanner' object");
  return j;
}

namespace {
remote::HttpClient& client_for(const AdapterEndpoint& e) {
  // Two clients (verify / skip verification) kept for connection reuse across polls.
  static remote::HttpClient verify([] {
    remote::HttpOptions o;
    o.connect_timeout = std::chrono::seconds(5);
    o.total_timeout = std::chrono::seconds(60);
    return o;
  }());
  static remote::HttpClient insecure([] {
    remote::HttpOptions o;
    o.connect_timeout = std::chrono::seconds(5);
    o.total_timeout = std::chrono::seconds(60);
    o.insecure = true;
    return o;
  }());
  return e.skip_cert_verify ? insecure : verify;
}

std::string base_url(const AdapterEndpoint& e) {
  std::string base = e.url;
  while (base.ends_with("/")) base.pop_back();
  return base;
}

std::string adapter_error_message(const remote::HttpResponse& res) {
  auto j = nlohmann::json::parse(res.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object() &&
      j["error"].contains("message") && j["error"]["message"].is_string())
    return j["error"]["message"].get<std::string>();
  return res.body.substr(0, 300);
}
}  // namespace

std::string submit_adapter_scan(const AdapterEndpoint& endpoint, const AdapterScanRequest& r) {
  remote::HttpRequest req;
  req.method = "POST";
  req.url = base_url(endpoint) + "/api/v1/scan";
  req.headers = auth_headers(endpoint);
  req.headers.emplace_back("Content-Type",
                           "application/vnd.scanner.adapter.scan.request+json; version=1.0");
  req.headers.emplace_back("Accept",
                           "application/vnd.scanner.adapter.scan.response+json; version=1.0");
  nlohmann::json artifact = {
      {"repository", r.repository}, {"digest", r.digest}, {"mime_type", r.mime_type}};
  if (!r.tag.empty()) artifact["tag"] = r.tag;
  req.body = nlohmann::json{
      {"registry", {{"url", r.registry_url}, {"authorization", r.authorization}}},
      {"artifact",
       artifact}}.dump();
  remote::HttpResponse res;
  try {
    res = client_for(endpoint).send(req, 1 << 20);
  } catch (const std::exception& e) {
    throw AdapterError(std::string("the scanner adapter is unreachable: ") + e.what());
  }
  if (res.status != 202 && res.status != 200)
    throw AdapterError("the scanner adapter refused the scan (" + std::to_string(res.status) +
                       "): " + adapter_error_message(res));
  auto j = nlohmann::json::parse(res.body, nullptr, false);
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string() ||
      j["id"].get<std::string>().empty() || j["id"].get<std::string>().size() > 256)
    throw AdapterError("the scanner adapter's scan response has no id");
  return j["id"];
}

nlohmann::json poll_adapter_report(const AdapterEndpoint& endpoint, const std::string& id,
                                   const std::function<bool()>& stopping,
                                   std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string escaped;
  for (char ch : id) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.')
      escaped += ch;
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(ch));
      escaped += buf;
    }
  }
  while (true) {
    if (stopping()) throw AdapterError("stopped");
    remote::HttpRequest req;
    req.url = base_url(endpoint) + "/api/v1/scan/" + escaped + "/report";
    req.headers = auth_headers(endpoint);
    req.headers.emplace_back("Accept",
                             "application/vnd.security.vulnerability.report; version=1.1");
    req.follow_redirects = false;
    remote::HttpResponse res;
    try {
      res = client_for(endpoint).send(req, 64 << 20);
    } catch (const std::exception& e) {
      throw AdapterError(std::string("fetching the report failed: ") + e.what());
    }
    if (res.status == 200) {
      auto j = nlohmann::json::parse(res.body, nullptr, false);
      if (!j.is_object()) throw AdapterError("the scanner adapter's report is not a JSON object");
      return j;
    }
    if (res.status != 302)
      throw AdapterError("the scanner adapter failed the scan (" + std::to_string(res.status) +
                         "): " + adapter_error_message(res));
    int wait = 5;
    if (auto h = res.header("Refresh-After")) {
      try {
        wait = std::clamp(std::stoi(*h), 1, 60);
      } catch (const std::exception&) {
      }
    }
    for (int i = 0; i < wait * 10; ++i) {
      if (stopping()) throw AdapterError("stopped");
      if (std::chrono::steady_clock::now() > deadline)
        throw AdapterError("the scan did not finish in time");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace berth::scan
