// /api/v2.0/scanners (registrations; system administrators only, as in Harbor) and
// /projects/{p}/scanner[/candidates]. The built-in Trivy registration is immutable: it cannot be
// updated or deleted, only made (or unmade) the default.
#include "api/api_util.h"
#include "api/harbor_api.h"
#include "api/paged_answer.h"
#include "api/project_access.h"
#include "auth/secret_box.h"
#include "core/audit_log.h"
#include "http/blocking.h"
#include "scan/adapter_client.h"
#include "scan/scan_service.h"

namespace berth::api {

namespace {
using Awaitable = boost::asio::awaitable<http::Response>;
using scan::ScannerRegistration;
constexpr uint64_t kScannerBodyLimit = 64 * 1024;

const std::set<std::string> kReqFields = {"name",
                                          "description",
                                          "url",
                                          "auth",
                                          "access_credential",
                                          "skip_certVerify",
                                          "use_internal_addr",
                                          "disabled",
                                          "uuid",
                                          "is_default",
                                          "create_time",
                                          "update_time",
                                          "adapter",
                                          "vendor",
                                          "version",
                                          "health",
                                          "capabilities"};

// GCC 12 cannot keep an initializer list alive across co_await: the field sets are constants.
const std::set<std::string> kDefaultFields = {"is_default"};
const std::set<std::string> kUuidFields = {"uuid"};

scan::AdapterEndpoint endpoint_of(Services& s, const ScannerRegistration& r) {
  std::string cred;
  if (!r.access_credential.empty()) cred = s.secrets.open(r.access_credential).value_or("");
  return {r.url, r.auth, cred, r.skip_cert_verify};
}

json registration_json(Services& s, const ScannerRegistration& r, bool probe) {
  json j = {{"uuid", r.uuid},
            {"name", r.name},
            {"description", r.description},
            {"url", r.url},
            {"disabled", r.disabled},
            {"is_default", r.is_default},
            {"auth", r.auth},
            {"skip_certVerify", r.skip_cert_verify},
            {"use_internal_addr", r.use_internal_addr},
            {"create_time", iso_time(r.creation_time)},
            {"update_time", iso_time(r.update_time)}};
  if (r.builtin()) {
    auto info = scans_of(s).scanner_info();
    j["adapter"] = info.name;
    j["vendor"] = info.vendor;
    j["version"] = info.version;
    j["health"] = "healthy";
    j["capabilities"] = {{"support_vulnerability", true}, {"support_sbom", false}};
    return j;
  }
  if (probe) {
    try {
      json m = scan::fetch_adapter_metadata(endpoint_of(s, r));
      j["adapter"] = m["scanner"].value("name", "");
      j["vendor"] = m["scanner"].value("vendor", "");
      j["version"] = m["scanner"].value("version", "");
      j["health"] = "healthy";
    } catch (const scan::AdapterError&) {
      j["health"] = "unhealthy";
    }
  }
  return j;
}

// Validates a ScannerRegistrationReq into `r` (fields absent keep their value).
void apply_request(Services& s, const json& body, ScannerRegistration& r) {
  if (auto v = opt_string(body, "name")) r.name = *v;
  if (auto v = opt_string(body, "description")) r.description = *v;
  if (auto v = opt_string(body, "url")) r.url = *v;
  if (auto v = opt_string(body, "auth")) r.auth = *v;
  if (auto v = opt_string(body, "access_credential"))
    r.access_credential = v->empty() ? "" : s.secrets.seal(*v);
  if (auto v = opt_bool(body, "skip_certVerify")) r.skip_cert_verify = *v;
  if (auto v = opt_bool(body, "use_internal_addr")) r.use_internal_addr = *v;
  if (auto v = opt_bool(body, "disabled")) r.disabled = *v;
  if (r.name.empty() || r.name.size() > 128)
    throw bad_request("name is required (at most 128 characters)");
  if (r.description.size() > 1024) throw bad_request("description is longer than 1024 characters");
  if (!r.url.starts_with("http://") && !r.url.starts_with("https://"))
    throw bad_request("url must be an http:// or https:// URL of the scanner adapter");
  if (r.url.size() > 2048) throw bad_request("url is too long");
  // Harbor's swagger names the API-key header; Harbor's own portal sends "APIKey": both mean it.
  static const std::set<std::string> auths = {"", "Basic", "Bearer", "X-ScannerAdapter-API-Key",
                                              "APIKey"};
  if (!auths.count(r.auth))
    throw bad_request("auth must be one of \"\", Basic, Bearer, X-ScannerAdapter-API-Key, APIKey");
}

ScannerRegistration registration_or_404(Services& s, const ApiRequest& r) {
  auto reg = scans_of(s).scanners().find(r.param("registration_id"));
  if (!reg) throw not_found("scanner registration " + r.param("registration_id") + " not found");
  return *reg;
}

Awaitable list_scanners(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  Paging p = paging(r.http);
  co_return co_await paged_answer(r.http, p, [&](json& out) {
    auto all = scans_of(s).scanners().list();
    for (size_t i = size_t(p.offset()); i < all.size() && out.size() < size_t(p.page_size); ++i)
      out.push_back(registration_json(s, all[i], false));
    return int64_t(all.size());
  });
}

Awaitable create_scanner(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json body = co_await read_json_object(r.http, kScannerBodyLimit, kReqFields);
  std::string uuid = co_await http::run_blocking([&] {
    ScannerRegistration reg;
    apply_request(s, body, reg);
    try {
      std::string id = scans_of(s).scanners().create(reg);
      core::audit(s.audit,
                  {0, "create", "scanner", reg.name, r.principal.name, r.http.remote_address});
      return id;
    } catch (const scan::ScannerConflict& e) {
      throw conflict(e.what());
    }
  });
  co_return created("/api/v2.0/scanners/" + uuid);
}

Awaitable get_scanner(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json j = co_await http::run_blocking(
      [&] { return registration_json(s, registration_or_404(s, r), true); });
  co_return json_response(200, j);
}

Awaitable update_scanner(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json body = co_await read_json_object(r.http, kScannerBodyLimit, kReqFields);
  co_await http::run_blocking([&] {
    auto reg = registration_or_404(s, r);
    if (reg.immutable) throw forbidden("the built-in scanner registration cannot be changed");
    apply_request(s, body, reg);
    try {
      scans_of(s).scanners().update(reg);
    } catch (const scan::ScannerConflict& e) {
      throw conflict(e.what());
    }
  });
  co_return http::Response::empty(200);
}

Awaitable delete_scanner(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json j = co_await http::run_blocking([&] {
    auto reg = registration_or_404(s, r);
    if (reg.immutable) throw forbidden("the built-in scanner registration cannot be deleted");
    if (reg.is_default)
      throw conflict("the default scanner cannot be deleted; make another one the default first");
    scans_of(s).scanners().remove(reg.uuid);
    core::audit(s.audit,
                {0, "delete", "scanner", reg.name, r.principal.name, r.http.remote_address});
    return registration_json(s, reg, false);
  });
  co_return json_response(200, j);
}

Awaitable set_default(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json body = co_await read_json_object(r.http, kScannerBodyLimit, kDefaultFields);
  auto v = opt_bool(body, "is_default");
  if (!v) throw bad_request("the body must be {\"is_default\": true}");
  co_await http::run_blocking([&] {
    auto reg = registration_or_404(s, r);
    auto& store = scans_of(s).scanners();
    if (*v)
      store.set_default(reg.uuid);
    else if (reg.is_default)
      store.set_default(scan::kBuiltinScannerUuid);  // always one default
  });
  co_return http::Response::empty(200);
}

Awaitable scanner_metadata(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json j = co_await http::run_blocking([&] {
    auto reg = registration_or_404(s, r);
    if (reg.builtin()) return scans_of(s).builtin_metadata();
    try {
      return scan::fetch_adapter_metadata(endpoint_of(s, reg));
    } catch (const scan::AdapterError& e) {
      throw ApiError(500, "UNKNOWN", e.what());
    }
  });
  co_return json_response(200, j);
}

Awaitable ping_scanner(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json body = co_await read_json_object(r.http, kScannerBodyLimit, kReqFields);
  co_await http::run_blocking([&] {
    if (body.value("url", "") == scan::kBuiltinScannerUrl) return;
    ScannerRegistration reg;
    apply_request(s, body, reg);
    try {
      scan::fetch_adapter_metadata(endpoint_of(s, reg));
    } catch (const scan::AdapterError& e) {
      throw bad_request(e.what());
    }
  });
  co_return http::Response::empty(200);
}

Awaitable project_scanner(Services& s, ApiRequest& r) {
  json j = co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "scanner", "read");
    auto reg = scans_of(s).scanners().project_scanner(scope.project.id);
    if (!reg) throw not_found("no scanner is configured");
    return registration_json(s, *reg, false);
  });
  co_return json_response(200, j);
}

Awaitable set_project_scanner(Services& s, ApiRequest& r) {
  json body = co_await read_json_object(r.http, kScannerBodyLimit, kUuidFields);
  auto uuid = opt_string(body, "uuid");
  if (!uuid || uuid->empty())
    throw bad_request("the body must be {\"uuid\": \"<registration uuid>\"}");
  co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "scanner", "create");
    auto reg = scans_of(s).scanners().find(*uuid);
    if (!reg) throw bad_request("scanner registration " + *uuid + " does not exist");
    scans_of(s).scanners().set_project_scanner(scope.project.id, reg->uuid);
    core::audit(s.audit, {scope.project.id, "update", "project", scope.project.name,
                          r.principal.name, r.http.remote_address});
  });
  co_return http::Response::empty(200);
}

Awaitable scanner_candidates(Services& s, ApiRequest& r) {
  Paging p = paging(r.http);
  auto [out, total] = co_await http::run_blocking([&] {
    core::ProjectStore& store = s.projects;
    ProjectScope scope = project_scope(store, r);
    require(scope, "scanner", "create");
    json a = json::array();
    auto all = scans_of(s).scanners().list();
    std::erase_if(all, [](const ScannerRegistration& x) { return x.disabled; });
    for (size_t i = size_t(p.offset()); i < all.size() && a.size() < size_t(p.page_size); ++i)
      a.push_back(registration_json(s, all[i], false));
    return std::make_pair(a, int64_t(all.size()));
  });
  http::Response res = json_response(200, out);
  add_paging_headers(res, r.http, p, total);
  co_return res;
}

}  // namespace

void register_scanner_routes(ApiRouter& router) {
  // clang-format off
  router.add({
      {"GET", "/api/v2.0/scanners", list_scanners},
      {"POST", "/api/v2.0/scanners", create_scanner},
      {"POST", "/api/v2.0/scanners/ping", ping_scanner},
      {"GET", "/api/v2.0/scanners/{registration_id}", get_scanner},
      {"PUT", "/api/v2.0/scanners/{registration_id}", update_scanner},
      {"DELETE", "/api/v2.0/scanners/{registration_id}", delete_scanner},
      {"PATCH", "/api/v2.0/scanners/{registration_id}", set_default},
      {"GET", "/api/v2.0/scanners/{registration_id}/metadata", scanner_metadata},
      {"GET", "/api/v2.0/projects/{project_name_or_id}/scanner", project_scanner},
      {"PUT", "/api/v2.0/projects/{project_name_or_id}/scanner", set_project_scanner},
      {"GET", "/api/v2.0/projects/{project_name_or_id}/scanner/candidates", scanner_candidates},
  });
  // clang-format on
}

}  // namespace berth::api
