// Scanning routes: POST .../artifacts/{ref}/scan[/stop], .../additions/vulnerabilities,
// /system/scanAll/{schedule,metrics}, /system/CVEAllowlist and Berth's
// /system/vulnerability-database (the built-in scanner's DB: info, and upload by an admin).
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "api/api_util.h"
#include "api/artifact_json.h"
#include "api/harbor_api.h"
#include "api/project_access.h"
#include "api/project_json.h"
#include "core/audit_log.h"
#include "core/media_types.h"
#include "http/blocking.h"
#include "scan/harbor_report.h"
#include "scan/scan_log.h"
#include "scan/scan_report_store.h"
#include "scan/scan_service.h"
#include "scan/vuln_db_import.h"
#include "scan/vuln_db_upload.h"

namespace berth::api {

namespace {
using Awaitable = boost::asio::awaitable<http::Response>;
constexpr uint64_t kScanBodyLimit = 64 * 1024;
constexpr uint64_t kAllowlistLimit = 1024 * 1024;
// trivy-db archives are a few hundred MB today; leave room to grow.
constexpr uint64_t kMaxDbUpload = 4ULL << 30;
// GCC 12 cannot keep an initializer list alive across co_await: the field sets are constants.
const std::set<std::string> kScheduleFields = {"schedule", "parameters",    "id",
                                               "status",   "creation_time", "update_time"};

template <typename F>
auto scan_call(F&& f) {
  try {
    return f();
  } catch (const scan::ScanRequestError& e) {
    static const std::map<int, std::string> codes = {{400, "BAD_REQUEST"},
                                                     {404, "NOT_FOUND"},
                                                     {412, "PRECONDITION"},
                                                     {422, "UNPROCESSABLE_ENTITY"}};
    auto it = codes.find(e.status);
    throw ApiError(unsigned(e.status), it == codes.end() ? "UNKNOWN" : it->second, e.what());
  }
}

// The optional body {"scan_type": "vulnerability"}: sbom is not supported (yet).
boost::asio::awaitable<void> read_scan_type(const http::Request& req) {
  if (!req.body || req.body->done() || req.body->declared_length() == uint64_t(0)) co_return;
  std::string body;
  try {
    body = co_await req.read_body(kScanBodyLimit);
  } catch (const http::BodyTooLarge&) {
    throw ApiError(413, "BAD_REQUEST", "request body too large");
  }
  if (body.empty()) co_return;
  json j = json::parse(body, nullptr, false);
  if (!j.is_object())
    throw bad_request("the body must be a JSON object like {\"scan_type\": \"vulnerability\"}");
  for (const auto& [k, v] : j.items())
    if (k != "scan_type") throw bad_request("unknown field '" + k + "'");
  if (j.contains("scan_type")) {
    if (!j["scan_type"].is_string()) throw bad_request("scan_type must be a string");
    std::string t = j["scan_type"];
    if (t == "sbom")
      throw ApiError(422, "UNPROCESSABLE_ENTITY", "SBOM generation is not supported");
    if (t != "vulnerability") throw bad_request("scan_type must be \"vulnerability\" or \"sbom\"");
  }
}

Awaitable scan_artifact(Services& s, ApiRequest& r) {
  co_await read_scan_type(r.http);
  co_await http::run_blocking([&] {
    RepoTarget t = load_repo(s.projects, s.content, r, "scan", "create");
    auto a = artifact_or_404(s.content, t, r.param("reference"));
    scan_call([&] { return scans_of(s).request_scan(t.project.id, t.name, a.digest); });
    core::audit(s.audit, {t.project.id, "scan", "artifact", t.name + "@" + a.digest,
                          r.principal.name, r.http.remote_address});
  });
  co_return http::Response::empty(202);
}

Awaitable stop_scan(Services& s, ApiRequest& r) {
  co_await read_scan_type(r.http);
  co_await http::run_blocking([&] {
    RepoTarget t = load_repo(s.projects, s.content, r, "scan", "stop");
    auto a = artifact_or_404(s.content, t, r.param("reference"));
    bool stopped = scan_call([&] { return scans_of(s).stop_scan(t.project.id, a.digest); });
    if (!stopped) throw bad_request("no scan of this artifact is pending or running");
  });
  co_return http::Response::empty(202);
}

Awaitable vulnerabilities(Services& s, ApiRequest& r) {
  json j = co_await http::run_blocking([&] {
    RepoTarget t = load_repo(s.projects, s.content, r, "artifact", "read");
    auto a = artifact_or_404(s.content, t, r.param("reference"));
    return scans_of(s).vulnerabilities(t.project.id, a.digest);
  });
  co_return json_response(200, j);
}

// Harbor's getReportLog: text/plain. The report must belong to this repository (an index's
// children are scanned under the index's repository, so their reports are found too).
Awaitable report_log(Services& s, ApiRequest& r) {
  std::string text = co_await http::run_blocking([&] {
    RepoTarget t = load_repo(s.projects, s.content, r, "scan", "read");
    artifact_or_404(s.content, t, r.param("reference"));
    auto row = s.scan_reports.find_by_uuid(r.param("report_id"));
    if (!row || row->repository != t.name)
      throw ApiError(404, "NOT_FOUND", "report " + r.param("report_id") + " not found");
    auto reg = s.scanners.find(row->registration_uuid);
    return scan::scan_report_log(*row, reg ? reg->name : "a removed scanner");
  });
  http::Response res = http::Response::text(200, std::move(text));
  co_return res;
}

Awaitable get_schedule(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json j = co_await http::run_blocking([&] { return scans_of(s).scan_all_schedule(); });
  co_return json_response(200, j);
}

Awaitable put_schedule(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json body = co_await read_json_object(r.http, kScanBodyLimit, kScheduleFields);
  auto it = body.find("schedule");
  if (it == body.end() || !it->is_object())
    throw bad_request("the body must be {\"schedule\": {\"type\": ..., \"cron\": ...}}");
  auto type = opt_string(*it, "type");
  if (!type) throw bad_request("schedule.type is required");
  std::string cron = opt_string(*it, "cron").value_or("");
  bool manual = *type == "Manual";
  co_await http::run_blocking([&] {
    scan_call([&] {
      scans_of(s).set_scan_all_schedule(*type, cron);
      return 0;
    });
  });
  if (manual) co_return created("/api/v2.0/system/scanAll/schedule");
  co_return http::Response::empty(r.http.method == "POST" ? 201 : 200);
}

Awaitable scan_all_metrics(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json j = co_await http::run_blocking([&] { return scans_of(s).scan_all_metrics(); });
  co_return json_response(200, j);
}

// Harbor's deprecated "latest scheduled scan all": the last run when a schedule started it,
// otherwise empty figures.
Awaitable scheduled_scan_all_metrics(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  json j = co_await http::run_blocking([&] { return scans_of(s).scan_all_metrics(); });
  if (j.value("trigger", "") != "SCHEDULE")
    j = {{"total", 0},
         {"completed", 0},
         {"metrics", json::object()},
         {"ongoing", false},
         {"trigger", ""}};
  co_return json_response(200, j);
}

Awaitable stop_scan_all(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  co_await http::run_blocking([&] {
    json m = scans_of(s).scan_all_metrics();
    if (!m.value("ongoing", false)) throw bad_request("no scan all job is running");
    scans_of(s).stop_scan_all();
  });
  co_return http::Response::empty(202);
}

json allowlist_json(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) j = json::object();
  if (!j.contains("items")) j["items"] = json::array();
  if (!j.contains("expires_at")) j["expires_at"] = nullptr;
  j["id"] = 1;
  j["project_id"] = 0;
  return j;
}

Awaitable get_allowlist(Services& s, ApiRequest& r) {
  require_authenticated(api_principal(r));
  json j =
      co_await http::run_blocking([&] { return allowlist_json(scans_of(s).system_allowlist()); });
  co_return json_response(200, j);
}

Awaitable put_allowlist(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  std::string body;
  try {
    body = co_await r.http.read_body(kAllowlistLimit);
  } catch (const http::BodyTooLarge&) {
    throw ApiError(413, "BAD_REQUEST", "request body too large");
  }
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) throw bad_request("the body is not valid JSON");
  std::string text = parse_cve_allowlist(j);  // same rules as a project's cve_allowlist
  co_await http::run_blocking([&] {
    scans_of(s).set_system_allowlist(text);
    core::audit(s.audit, {0, "update", "configuration", "CVEAllowlist", r.principal.name,
                          r.http.remote_address});
  });
  co_return http::Response::empty(200);
}

json db_info_json(const scan::VulnDbInfo& i) {
  return {{"schema_version", i.schema_version}, {"updated_at", i.updated_at},
          {"next_update", i.next_update},       {"downloaded_at", i.downloaded_at},
          {"imported_at", i.imported_at},       {"size_bytes", i.size_bytes}};
}

Awaitable get_vuln_db(Services& s, ApiRequest& r) {
  require_authenticated(api_principal(r));
  auto info = co_await http::run_blocking([&] { return scans_of(s).engine().db_info(); });
  if (!info)
    throw not_found(
        "no vulnerability database is installed; import one with `berth scanner import-db "
        "db.tar.gz` "
        "(the file `oras pull ghcr.io/aquasecurity/trivy-db:2` gives) or PUT it to "
        "/api/v2.0/system/vulnerability-database as a system administrator");
  co_return json_response(200, db_info_json(*info));
}

// The body streams to a temp file in the data dir (same filesystem as the DB) before import.
boost::asio::awaitable<std::filesystem::path> save_upload(Services& s, http::Request& req) {
  if (!req.body) throw bad_request("the body must be the trivy-db archive (db.tar.gz)");
  if (auto len = req.body->declared_length(); len && *len > kMaxDbUpload)
    throw ApiError(413, "BAD_REQUEST", "the archive is larger than 4 GiB");
  auto dir = s.config.data_dir / "tmp";
  std::filesystem::create_directories(dir);
  auto path = dir / ("vulndb-upload-" + std::to_string(::getpid()) + "-" +
                     std::to_string(reinterpret_cast<uintptr_t>(&req)) + ".tar.gz");
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw ApiError(500, "UNKNOWN", "cannot create a temp file for the upload");
  auto buf = std::make_unique<char[]>(256 * 1024);
  uint64_t total = 0;
  try {
    while (true) {
      size_t n = co_await req.body->read_some(boost::asio::buffer(buf.get(), 256 * 1024));
      if (n == 0) break;
      total += n;
      if (total > kMaxDbUpload)
        throw ApiError(413, "BAD_REQUEST", "the archive is larger than 4 GiB");
      for (size_t off = 0; off < n;) {
        ssize_t w = ::write(fd, buf.get() + off, n - off);
        if (w < 0) throw ApiError(500, "UNKNOWN", "cannot write the upload to disk");
        off += size_t(w);
      }
    }
  } catch (...) {
    ::close(fd);
    std::error_code ec;
    std::filesystem::remove(path, ec);
    throw;
  }
  ::close(fd);
  if (total == 0) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    throw bad_request("the body must be the trivy-db archive (db.tar.gz); it is empty");
  }
  co_return path;
}

Awaitable put_vuln_db(Services& s, ApiRequest& r) {
  require_sysadmin(api_principal(r));
  scans_of(s);
  auto path = co_await save_upload(s, r.http);
  auto info = co_await http::run_blocking([&] {
    struct Cleanup {
      std::filesystem::path p;
      ~Cleanup() {
        std::error_code ec;
        std::filesystem::remove(p, ec);
      }
    } cleanup{path};
    try {
      auto i = scan::install_uploaded_vuln_db(path, s.config.data_dir);
      scans_of(s).engine().reload();
      core::audit(s.audit, {0, "update", "configuration", "vulnerability-database",
                            r.principal.name, r.http.remote_address});
      return i;
    } catch (const scan::VulnDbImportError& e) {
      throw bad_request(e.what());  // refused: the installed database stays in use
    } catch (const std::invalid_argument& e) {
      throw bad_request(e.what());
    }
  });
  co_return json_response(200, db_info_json(info));
}

}  // namespace

scan::ScanService& scans_of(Services& s) {
  if (!s.scans) throw ApiError(503, "SERVICE_UNAVAILABLE", "scanning is not enabled");
  return *s.scans;
}

void register_scan_routes(ApiRouter& router) {
  // clang-format off
  router.add({
      {"POST", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/scan", scan_artifact},
      {"POST", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/scan/stop", stop_scan},
      {"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/additions/vulnerabilities", vulnerabilities},
      {"GET", "/api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/scan/{report_id}/log", report_log},
      {"GET", "/api/v2.0/system/scanAll/schedule", get_schedule},
      {"POST", "/api/v2.0/system/scanAll/schedule", put_schedule},
      {"PUT", "/api/v2.0/system/scanAll/schedule", put_schedule},
      {"GET", "/api/v2.0/system/scanAll/metrics", scan_all_metrics},
      {"GET", "/api/v2.0/scans/all/metrics", scan_all_metrics},
      {"GET", "/api/v2.0/scans/schedule/metrics", scheduled_scan_all_metrics},
      {"POST", "/api/v2.0/system/scanAll/stop", stop_scan_all},
      {"GET", "/api/v2.0/system/CVEAllowlist", get_allowlist},
      {"PUT", "/api/v2.0/system/CVEAllowlist", put_allowlist},
      {"GET", "/api/v2.0/system/vulnerability-database", get_vuln_db},
      {"PUT", "/api/v2.0/system/vulnerability-database", put_vuln_db},
  });
  // clang-format on
}

}  // namespace berth::api
