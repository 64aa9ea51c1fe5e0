#include "scan/scan_service.h"
#include "base/clock.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <set>

#include "core/digest.h"
#include "core/manifest.h"
#include "core/media_types.h"
#include "core/project_store.h"
#include "core/reference.h"
#include "core/registry_service.h"
#include "jobs/cron.h"
#include "jobs/job_queue.h"
#include "jobs/scheduler.h"
#include "scan/image_config.h"
#include "scan/scan_util.h"
#include "scan/vuln_db_upload.h"
#include "store/blob_store.h"

namespace berth::scan {

using nlohmann::json;
namespace {
constexpr uint64_t kMaxConfigBytes = 1024 * 1024;
}  // namespace

ScanService::ScanService(ScanStores stores, core::ProjectStore& projects,
                         core::RegistryService& registry, store::BlobStore& blobs,
                         jobs::JobQueue& queue, jobs::Scheduler& scheduler,
                         std::filesystem::path data_dir)
    : scanners_(stores.scanners),
      reports_(stores.reports),
      robots_(stores.robots),
      projects_(projects),
      registry_(registry),
      blobs_(blobs),
      queue_(queue),
      scheduler_(scheduler),
      data_dir_(std::move(data_dir)),
      engine_(std::make_unique<ScanEngine>(vuln_db_dir(data_dir_))) {}

ScanService::~ScanService() = default;

void ScanService::init() {
  ensure_builtin_scanner(scanners_,
                         "Berth's built-in Trivy-compatible scanner (offline, imported trivy-db)");
  remove_expired_scanner_robots();
  queue_.register_handler(
      "scan", [this](const jobs::Job& job, jobs::JobContext& ctx) { run_scan(job.payload, ctx); });
  queue_.register_handler("scan_all", [this](const jobs::Job& job, jobs::JobContext& ctx) {
    run_scan_all(job.id, job.payload, [&ctx] { return ctx.stop_requested(); });
  });
  json schedule = json::parse(setting("scan_all_schedule", "{}"), nullptr, false);
  if (schedule.is_object()) apply_schedule(schedule.value("cron", ""));
}

ScannerInfo ScanService::scanner_info() const {
  ScannerInfo s;
  s.name = "Trivy";
  s.vendor = "Aqua Security";
  s.version = std::string("berth-") + BERTH_VERSION;
  return s;
}

json ScanService::builtin_metadata() const {
  json props = {
      {"harbor.scanner-adapter/scanner-type", "os-package-vulnerability"},
      {"harbor.scanner-adapter/vulnerability-database-source", "imported trivy-db (offline)"},
      {"env.SCANNER_TRIVY_SKIP_UPDATE", "true"},
      {"env.SCANNER_TRIVY_OFFLINE_SCAN", "true"}};
  if (auto info = engine_->db_info()) {
    props["harbor.scanner-adapter/vulnerability-database-updated-at"] = info->updated_at;
    props["harbor.scanner-adapter/vulnerability-database-next-update-at"] = info->next_update;
    props["harbor.scanner-adapter/vulnerability-database-version"] =
        std::to_string(info->schema_version);
  }
  return {{"scanner", scanner_info().to_json()},
          {"capabilities",
           json::array(
               {{{"type", "vulnerability"},
                 {"consumes_mime_types", {core::media::kOciManifest, core::media::kDockerManifest}},
                 {"produces_mime_types", {kVulnReportMime}}}})},
          {"properties", props}};
}

std::string ScanService::registration_for(int64_t project_id) {
  auto r = scanners_.project_scanner(project_id);
  if (!r) return kBuiltinScannerUuid;
  if (!r->builtin() && !secrets_)
    throw ScanRequestError(
        422, "scanner '" + r->name + "' is an external adapter; adapters are not set up");
  if (r->disabled) throw ScanRequestError(422, "scanner '" + r->name + "' is disabled");
  return r->uuid;
}

int ScanService::request_scan(int64_t project_id, const std::string& repository,
                              const std::string& digest, int64_t execution) {
  auto d = core::Digest::parse(digest);
  if (!d) throw ScanRequestError(404, "artifact " + repository + "@" + digest + " not found");
  auto m = registry_.get_manifest(repository, core::ManifestReference{*d});
  if (!m) throw ScanRequestError(404, "artifact " + repository + "@" + digest + " not found");
  auto parsed = core::parse_manifest(*m->content, m->media_type);
  if (!parsed.manifest) throw ScanRequestError(422, "the artifact's manifest cannot be read");
  if (core::media::is_index(m->media_type)) {
    int queued = 0;
    for (const auto& child : parsed.manifest->manifests)
      if (core::media::is_image_manifest(child.media_type)) {
        try {
          queued += request_scan(project_id, repository, child.digest.str(), execution);
        } catch (const ScanRequestError& e) {
          spdlog::debug("scan of {}@{} skipped: {}", repository, child.digest.str(), e.what());
        }
      }
    return queued;
  }
  if (!core::media::is_image_manifest(m->media_type) ||
      !is_image_config(parsed.manifest->artifact_type))
    throw ScanRequestError(422, "the artifact is not an image; the scanner cannot scan it");
  std::string reg = registration_for(project_id);
  std::string dedupe = "scan:" + reg + ":" + digest;
  if (queue_.active_job(dedupe)) return 0;
  std::string uuid = reports_.begin(digest, repository, reg, kVulnReportMime);
  json payload = {{"digest", digest},
                  {"repository", repository},
                  {"registration_uuid", reg},
                  {"report_uuid", uuid},
                  {"execution", execution}};
  auto res = queue_.enqueue("scan", payload.dump(), dedupe);
  reports_.set_job(uuid, res.id);
  return 1;
}

bool ScanService::stop_scan(int64_t project_id, const std::string& digest) {
  std::string reg = registration_for(project_id);
  std::vector<std::string> digests = {digest};
  for (auto& child : reports_.index_children(digest)) digests.push_back(std::move(child));
  bool any = false;
  for (const auto& d : digests) {
    auto job = queue_.active_job("scan:" + reg + ":" + d);
    if (!job || !queue_.stop(*job)) continue;
    any = true;
    if (auto after = queue_.get(*job); after && after->status == "stopped")
      reports_.stop_unstarted(*job);  // it never started: close its report here
  }
  return any;
}

void ScanService::run_scan(const std::string& payload, jobs::JobContext& ctx) {
  json p = json::parse(payload, nullptr, false);
  if (!p.is_object()) throw std::runtime_error("bad scan job payload");
  std::string digest = p.value("digest", ""), repository = p.value("repository", "");
  std::string uuid = p.value("report_uuid", ""),
              reg = p.value("registration_uuid", kBuiltinScannerUuid);
  reports_.set_running(uuid);
  auto fail = [](const std::string& message) { throw std::runtime_error(message); };
  json full;
  try {
    auto d = core::Digest::parse(digest);
    auto m = d ? registry_.get_manifest(repository, core::ManifestReference{*d}) : nullptr;
    if (!m) fail("artifact " + repository + "@" + digest + " no longer exists");
    if (reg != kBuiltinScannerUuid) {
      full = scan_with_adapter(reg, repository, digest, m->media_type, ctx);
    } else {
      auto parsed = core::parse_manifest(*m->content, m->media_type);
      if (!parsed.manifest) fail("the artifact's manifest cannot be read");
      ScanTarget t;
      t.name = repository + "@" + digest;
      t.digest = digest;
      ImageConfigInfo config;
      if (parsed.manifest->config)
        if (auto bytes =
                registry_.read_small_blob(parsed.manifest->config->digest, kMaxConfigBytes)) {
          config = parse_image_config(*bytes);
          t.os = config.os;
          t.architecture = config.architecture;
        }
      const auto& layers = parsed.manifest->layers;
      for (size_t i = 0; i < layers.size(); ++i) {
        const auto& l = layers[i];
        if (l.foreign && !blobs_.exists(l.digest)) continue;  // not stored here
        t.layers.push_back({blobs_.path_of(l.digest), l.media_type, l.digest.str(),
                            diff_id_for_layer(config, layers.size(), i)});
      }
      if (ctx.stop_requested()) throw jobs::Interrupted();
      ScanReport report = engine_->scan(t);
      full = harbor_vuln_report(report, scanner_info(), repository, m->media_type,
                                rfc3339_millis(base::now_millis()));
    }
  } catch (const jobs::Interrupted&) {
    if (ctx.stopped()) reports_.finish(uuid, "Stopped", "", "{}", "", "stopped");
    throw;
  } catch (const std::exception& e) {
    reports_.finish(uuid, ctx.stopped() ? "Stopped" : "Error", "", "{}", "", e.what());
    throw;
  }
  ReportSummary s = summarize_report_json(full);
  if (ctx.stopped())  // the result came in after stop: Harbor shows the scan as stopped
    reports_.finish(uuid, "Stopped", "", "{}", "", "stopped");
  else
    reports_.finish(uuid, "Success", s.severity, s.counts.dump(), full.dump(), "");
}
void ScanService::on_push(const std::string& repository, const std::string& digest) {
  auto p = projects_.find_by_name(std::string(core::project_of(repository)));
  if (!p) return;
  auto it = p->metadata.find("auto_scan");
  if (it == p->metadata.end() || it->second != "true") return;
  try {
    // Index children were pushed (and scanned) on their own.
    auto d = core::Digest::parse(digest);
    auto m = d ? registry_.get_manifest(repository, core::ManifestReference{*d}) : nullptr;
    if (!m || core::media::is_index(m->media_type)) return;
    request_scan(p->id, repository, digest);
  } catch (const ScanRequestError& e) {
    spdlog::debug("scan on push of {}@{} skipped: {}", repository, digest, e.what());
  }
}

json ScanService::overview(int64_t project_id, const std::string& digest,
                           const std::vector<std::string>& children) {
  std::string reg;
  try {
    reg = registration_for(project_id);
  } catch (const ScanRequestError&) {
    return nullptr;
  }
  std::vector<ScanReportRow> rows;
  for (const auto& d : children.empty() ? std::vector<std::string>{digest} : children)
    if (auto r = reports_.find(d, reg, kVulnReportMime, false)) rows.push_back(*r);
  if (rows.empty()) return nullptr;
  // One report, or an index's children merged: the worst status and severity, summed counts.
  static const std::vector<std::string> status_order = {"Success", "Stopped", "Error", "Pending",
                                                        "Running"};
  auto status_rank = [&](const std::string& s) {
    return int(std::find(status_order.begin(), status_order.end(), s) - status_order.begin());
  };
  std::string status = "Success", severity = "None";
  int64_t total = 0, fixable = 0, start = INT64_MAX, end = 0;
  bool done = true;
  json by = json::object();
  for (const auto& r : rows) {
    if (status_rank(r.status) > status_rank(status)) status = r.status;
    if (severity_rank(r.severity) > severity_rank(severity)) severity = severity_name(r.severity);
    json s = json::parse(r.summary, nullptr, false);
    if (s.is_object()) {
      total += s.value("total", 0);
      fixable += s.value("fixable", 0);
      if (s.contains("summary") && s["summary"].is_object())
        for (const auto& [k, v] : s["summary"].items())
          if (v.is_number_integer()) by[k] = by.value(k, 0) + v.get<int64_t>();
    }
    if (r.start_time) start = std::min(start, *r.start_time);
    if (r.end_time)
      end = std::max(end, *r.end_time);
    else
      done = false;
  }
  bool finished = status == "Success" || status == "Error" || status == "Stopped";
  json scanner = scanner_info().to_json();
  if (json s0 = json::parse(rows.front().summary, nullptr, false);
      s0.is_object() && s0.contains("scanner"))
    scanner = s0["scanner"];
  json o = {{"report_id", children.empty() ? rows.front().uuid : ""},
            {"scan_status", status},
            {"severity", status == "Success" ? severity : ""},
            {"duration", (done && start != INT64_MAX) ? (end - start) / 1000 : 0},
            {"complete_percent", finished ? 100 : 0},
            {"scanner", scanner}};
  if (start != INT64_MAX) o["start_time"] = rfc3339_millis(start);
  if (done && end) o["end_time"] = rfc3339_millis(end);
  if (status == "Success") o["summary"] = {{"total", total}, {"fixable", fixable}, {"summary", by}};
  return {{kVulnReportMime, o}};
}

json ScanService::vulnerabilities(int64_t project_id, const std::string& digest) {
  std::string reg;
  try {
    reg = registration_for(project_id);
  } catch (const ScanRequestError&) {
    return json::object();
  }
  auto r = reports_.find(digest, reg, kVulnReportMime, true);
  if (!r || r->status != "Success" || r->report.empty()) return json::object();
  json report = json::parse(r->report, nullptr, false);
  if (report.is_discarded()) return json::object();
  return {{kVulnReportMime, report}};
}
std::string ScanService::setting(const std::string& key, const std::string& def) {
  return scanners_.setting(key).value_or(def);
}
}  // namespace berth::scan
