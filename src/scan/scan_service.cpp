#include "scan/scan_service.h"

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
#include "db/sqlite.h"
#include "jobs/cron.h"
#include "jobs/job_queue.h"
#include "jobs/scheduler.h"
#include "scan/vuln_db_upload.h"
#include "store/blob_store.h"

namespace berth::scan {

using nlohmann::json;

namespace {
constexpr uint64_t kMaxConfigBytes = 1024 * 1024;
constexpr auto kPolicyTtl = std::chrono::seconds(5);

std::string rfc3339(int64_t millis) {
  time_t t = time_t(millis / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, int(millis % 1000));
  return out;
}

std::string default_cron(const std::string& type) {
  if (type == "Hourly") return "0 0 * * * *";
  if (type == "Daily") return "0 0 0 * * *";
  if (type == "Weekly") return "0 0 0 * * 0";
  return "";
}

std::string harbor_status(const std::string& job_status) {
  if (job_status == "pending") return "Pending";
  if (job_status == "running") return "Running";
  if (job_status == "success") return "Success";
  if (job_status == "error") return "Error";
  return "Stopped";
}

bool is_image_config(const std::string& t) {
  return t == core::media::kOciConfig || t == core::media::kDockerConfig;
}
}  // namespace

ScanService::ScanService(db::Pool& db, core::RegistryService& registry, store::BlobStore& blobs,
                         jobs::JobQueue& queue, jobs::Scheduler& scheduler,
                         std::filesystem::path data_dir)
    : db_(db),
      registry_(registry),
      blobs_(blobs),
      queue_(queue),
      scheduler_(scheduler),
      data_dir_(std::move(data_dir)),
      engine_(std::make_unique<ScanEngine>(vuln_db_dir(data_dir_))),
      scanners_(db) {}

ScanService::~ScanService() = default;

void ScanService::init() {
  scanners_.ensure_builtin(
      "Berth's built-in Trivy-compatible scanner (offline, imported trivy-db)");
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
  auto c = db_.acquire();
  return registration_for(*c, project_id);
}

std::string ScanService::registration_for(db::Connection& c, int64_t project_id) {
  auto r = ScannerStore::project_scanner(c, project_id);
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
  std::string uuid;
  {
    auto c = db_.acquire();
    uuid = begin_report(*c, digest, repository, reg, kVulnReportMime);
  }
  json payload = {{"digest", digest},
                  {"repository", repository},
                  {"registration_uuid", reg},
                  {"report_uuid", uuid},
                  {"execution", execution}};
  auto res = queue_.enqueue("scan", payload.dump(), dedupe);
  auto c = db_.acquire();
  set_report_job(*c, uuid, res.id);
  return 1;
}

bool ScanService::stop_scan(int64_t project_id, const std::string& digest) {
  std::string reg = registration_for(project_id);
  std::vector<std::string> digests = {digest};
  // An index: its children's scans.
  {
    auto c = db_.acquire();
    auto st = c->prepare(
        "SELECT DISTINCT r.digest FROM manifest_references r JOIN manifests m "
        "ON m.id = r.manifest_id WHERE m.digest = ? AND r.kind = 'manifest'");
    st.bind(1, digest);
    while (st.step()) digests.push_back(st.text(0));
  }
  bool any = false;
  for (const auto& d : digests) {
    auto job = queue_.active_job("scan:" + reg + ":" + d);
    if (!job || !queue_.stop(*job)) continue;
    any = true;
    auto after = queue_.get(*job);
    if (after && after->status == "stopped") {  // it never started: close its report here
      auto c = db_.acquire();
      if (auto r = find_report(*c, d, reg, kVulnReportMime, false); r && r->job_id == *job)
        finish_report(*c, r->uuid, "Stopped", "", "{}", "", "stopped before it started");
    }
  }
  return any;
}

void ScanService::run_scan(const std::string& payload, jobs::JobContext& ctx) {
  json p = json::parse(payload, nullptr, false);
  if (!p.is_object()) throw std::runtime_error("bad scan job payload");
  std::string digest = p.value("digest", ""), repository = p.value("repository", "");
  std::string uuid = p.value("report_uuid", ""),
              reg = p.value("registration_uuid", kBuiltinScannerUuid);
  {
    auto c = db_.acquire();
    set_report_running(*c, uuid);
  }
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
      if (parsed.manifest->config)
        if (auto bytes =
                registry_.read_small_blob(parsed.manifest->config->digest, kMaxConfigBytes)) {
          json cfg = json::parse(*bytes, nullptr, false);
          if (cfg.is_object()) {
            if (cfg.contains("os") && cfg["os"].is_string()) t.os = cfg["os"];
            if (cfg.contains("architecture") && cfg["architecture"].is_string())
              t.architecture = cfg["architecture"];
          }
        }
      for (const auto& l : parsed.manifest->layers) {
        if (l.foreign && !blobs_.exists(l.digest)) continue;  // not stored here
        t.layers.push_back({blobs_.path_of(l.digest), l.media_type, l.digest.str()});
      }
      if (ctx.stop_requested()) throw jobs::Interrupted();
      ScanReport report = engine_->scan(t);
      full = harbor_vuln_report(report, scanner_info(), repository, m->media_type,
                                rfc3339(jobs::JobQueue::now_millis()));
    }
  } catch (const jobs::Interrupted&) {
    if (ctx.stopped()) {
      auto c = db_.acquire();
      finish_report(*c, uuid, "Stopped", "", "{}", "", "stopped");
    }
    throw;
  } catch (const std::exception& e) {
    auto c = db_.acquire();
    finish_report(*c, uuid, ctx.stopped() ? "Stopped" : "Error", "", "{}", "", e.what());
    throw;
  }
  ReportSummary s = summarize_report_json(full);
  auto c = db_.acquire();
  if (ctx.stopped())  // the result came in after stop: Harbor shows the scan as stopped
    finish_report(*c, uuid, "Stopped", "", "{}", "", "stopped");
  else
    finish_report(*c, uuid, "Success", s.severity, s.counts.dump(), full.dump(), "");
}

void ScanService::run_scan_all(int64_t job_id, const std::string& payload,
                               const std::function<bool()>& stopping) {
  (void)payload;
  std::vector<std::pair<std::string, std::string>> artifacts;  // repository, digest
  {
    auto c = db_.acquire();
    auto st = c->prepare(
        "SELECT r.name, m.digest FROM manifests m JOIN repositories r ON r.id = m.repository_id "
        "WHERE m.media_type IN (?, ?) ORDER BY m.id");
    st.bind(1, std::string(core::media::kOciManifest))
        .bind(2, std::string(core::media::kDockerManifest));
    while (st.step()) artifacts.emplace_back(st.text(0), st.text(1));
  }
  core::ProjectStore projects(db_);
  std::map<std::string, int64_t> ids;
  std::set<std::string> seen;  // a report belongs to a digest: scan each once
  for (const auto& [repo, digest] : artifacts) {
    if (stopping()) throw jobs::Interrupted();
    if (!seen.insert(digest).second) continue;
    std::string name(core::project_of(repo));
    if (!ids.count(name)) {
      auto p = projects.find_by_name(name);
      ids[name] = p ? p->id : 0;
    }
    if (!ids[name]) continue;
    try {
      request_scan(ids[name], repo, digest, job_id);
    } catch (const ScanRequestError& e) {
      spdlog::debug("scan all: {}@{} skipped: {}", repo, digest, e.what());
    }
  }
}

void ScanService::on_push(const std::string& repository, const std::string& digest) {
  core::ProjectStore projects(db_);
  auto p = projects.find_by_name(std::string(core::project_of(repository)));
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

json ScanService::overview(db::Connection& c, int64_t project_id, const std::string& digest,
                           const std::vector<std::string>& children) {
  std::string reg;
  try {
    reg = registration_for(c, project_id);
  } catch (const ScanRequestError&) {
    return nullptr;
  }
  std::vector<ScanReportRow> rows;
  for (const auto& d : children.empty() ? std::vector<std::string>{digest} : children)
    if (auto r = find_report(c, d, reg, kVulnReportMime, false)) rows.push_back(*r);
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
  if (start != INT64_MAX) o["start_time"] = rfc3339(start);
  if (done && end) o["end_time"] = rfc3339(end);
  if (status == "Success") o["summary"] = {{"total", total}, {"fixable", fixable}, {"summary", by}};
  return {{kVulnReportMime, o}};
}

json ScanService::vulnerabilities(db::Connection& c, int64_t project_id,
                                  const std::string& digest) {
  std::string reg;
  try {
    reg = registration_for(c, project_id);
  } catch (const ScanRequestError&) {
    return json::object();
  }
  auto r = find_report(c, digest, reg, kVulnReportMime, true);
  if (!r || r->status != "Success" || r->report.empty()) return json::object();
  json report = json::parse(r->report, nullptr, false);
  if (report.is_discarded()) return json::object();
  return {{kVulnReportMime, report}};
}

std::string ScanService::setting(const std::string& key, const std::string& def) {
  auto c = db_.acquire();
  auto st = c->prepare("SELECT value FROM scan_settings WHERE key = ?");
  st.bind(1, key);
  if (!st.step()) return def;
  std::string v = st.text(0);
  st.reset();
  return v;
}

void ScanService::put_setting(const std::string& key, const std::string& value) {
  auto c = db_.acquire();
  c->prepare(
       "INSERT INTO scan_settings(key, value) VALUES (?, ?) "
       "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .bind(1, key)
      .bind(2, value)
      .run();
}

void ScanService::apply_schedule(const std::string& cron) {
  if (cron.empty()) {
    scheduler_.set("scan_all", std::nullopt, nullptr);
    return;
  }
  try {
    scheduler_.set("scan_all", jobs::Cron::parse(cron), [this] {
      try {
        scan_all_now("SCHEDULE");
      } catch (const ScanRequestError&) {
        // Still running from last time: skip this round.
      }
    });
  } catch (const std::invalid_argument& e) {
    spdlog::error("scanAll schedule '{}' ignored: {}", cron, e.what());
  }
}

json ScanService::scan_all_schedule() {
  json s = json::parse(setting("scan_all_schedule", "{}"), nullptr, false);
  if (!s.is_object() || !s.contains("type")) s = {{"type", "None"}, {"cron", ""}};
  if (auto next = scheduler_.next_run("scan_all")) s["next_scheduled_time"] = rfc3339(*next * 1000);
  return {{"schedule", s}};
}

void ScanService::set_scan_all_schedule(const std::string& type, const std::string& cron_in) {
  static const std::set<std::string> types = {"Hourly", "Daily", "Weekly",  "Custom",
                                              "Manual", "None",  "Schedule"};
  if (!types.count(type))
    throw ScanRequestError(
        400, "schedule.type must be one of Hourly, Daily, Weekly, Custom, Manual, None");
  if (type == "Manual") {
    scan_all_now("MANUAL");
    return;
  }
  std::string cron = cron_in.empty() ? default_cron(type) : cron_in;
  if (type == "None") cron.clear();
  if (type != "None") {
    if (cron.empty()) throw ScanRequestError(400, "schedule.cron is required for type " + type);
    try {
      auto parsed = jobs::Cron::parse(cron);
      if (!parsed.next(int64_t(std::time(nullptr))))
        throw ScanRequestError(400, "schedule.cron '" + cron + "' never fires");
    } catch (const std::invalid_argument& e) {
      throw ScanRequestError(400, std::string("invalid schedule.cron: ") + e.what());
    }
  }
  put_setting("scan_all_schedule", json{{"type", type}, {"cron", cron}}.dump());
  apply_schedule(cron);
}

int64_t ScanService::scan_all_now(const std::string& trigger) {
  auto res = queue_.enqueue("scan_all", json{{"trigger", trigger}}.dump(), "scan_all");
  if (!res.created) throw ScanRequestError(412, "a scan all job is already running");
  put_setting(
      "scan_all_last",
      json{{"job_id", res.id}, {"trigger", trigger}, {"start_time", jobs::JobQueue::now_millis()}}
          .dump());
  return res.id;
}

json ScanService::scan_all_metrics() {
  json last = json::parse(setting("scan_all_last", "{}"), nullptr, false);
  json out = {{"total", 0},
              {"completed", 0},
              {"metrics", json::object()},
              {"ongoing", false},
              {"trigger", ""}};
  if (!last.is_object() || !last.contains("job_id")) return out;
  int64_t exec = last.value("job_id", int64_t(0));
  out["trigger"] = last.value("trigger", "");
  bool ongoing = false;
  if (auto j = queue_.get(exec)) ongoing = j->status == "pending" || j->status == "running";
  int64_t total = 0, completed = 0;
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT status, COUNT(*) FROM jobs WHERE kind = 'scan' AND "
      "json_extract(payload, '$.execution') = ? GROUP BY status");
  st.bind(1, exec);
  while (st.step()) {
    std::string s = st.text(0);
    int64_t n = st.int64(1);
    out["metrics"][harbor_status(s)] = n;
    total += n;
    if (s == "pending" || s == "running")
      ongoing = true;
    else
      completed += n;
  }
  out["total"] = total;
  out["completed"] = completed;
  out["ongoing"] = ongoing;
  return out;
}

void ScanService::stop_scan_all() {
  json last = json::parse(setting("scan_all_last", "{}"), nullptr, false);
  if (!last.is_object() || !last.contains("job_id")) return;
  int64_t exec = last.value("job_id", int64_t(0));
  queue_.stop(exec);
  std::vector<int64_t> ids;
  {
    auto c = db_.acquire();
    auto st = c->prepare(
        "SELECT id FROM jobs WHERE kind = 'scan' AND status IN ('pending', 'running') AND "
        "json_extract(payload, '$.execution') = ?");
    st.bind(1, exec);
    while (st.step()) ids.push_back(st.int64(0));
  }
  for (int64_t id : ids) queue_.stop(id);
  // Reports of scans that never started.
  auto c = db_.acquire();
  c->prepare(
       "UPDATE scan_reports SET status = 'Stopped', end_time = ? WHERE status = 'Pending' AND "
       "job_id IN "
       "(SELECT id FROM jobs WHERE status = 'stopped' AND json_extract(payload, '$.execution') = "
       "?)")
      .bind(1, jobs::JobQueue::now_millis())
      .bind(2, exec)
      .run();
}

std::string ScanService::system_allowlist() {
  return setting("system_cve_allowlist", "{\"items\":[]}");
}

void ScanService::set_system_allowlist(const std::string& json_text) {
  put_setting("system_cve_allowlist", json_text);
  std::lock_guard lock(policy_mu_);
  policies_.clear();
}

std::shared_ptr<ScanService::ProjectPolicy> ScanService::load_policy(const std::string& project) {
  auto p = std::make_shared<ProjectPolicy>();
  p->loaded = std::chrono::steady_clock::now();
  core::ProjectStore projects(db_);
  if (auto found = projects.find_by_name(project)) {
    const auto& m = found->metadata;
    auto get = [&](const char* k) {
      auto it = m.find(k);
      return it == m.end() ? std::string() : it->second;
    };
    p->project_id = found->id;
    p->prevent = get("prevent_vul") == "true";
    p->severity = get("severity");
    if (p->prevent)
      p->allowlist = effective_allowlist(get("reuse_sys_cve_allowlist"),
                                         CveAllowlist::parse(found->cve_allowlist),
                                         CveAllowlist::parse(system_allowlist()));
  }
  std::lock_guard lock(policy_mu_);
  if (policies_.size() > 10000) policies_.clear();
  policies_[project] = p;
  return p;
}

std::optional<bool> ScanService::policy_cached(const std::string& project) {
  std::lock_guard lock(policy_mu_);
  auto it = policies_.find(project);
  if (it == policies_.end() || std::chrono::steady_clock::now() - it->second->loaded > kPolicyTtl)
    return std::nullopt;
  return it->second->prevent;
}

bool ScanService::policy_load(const std::string& project) {
  return load_policy(project)->prevent;
}

std::optional<std::string> ScanService::pull_violation(const std::string& repository,
                                                       const std::string& digest,
                                                       int64_t robot_id) {
  // Fresh from the database: only "does this project have the policy" is cached, so changes to
  // the severity or the allowlists apply to the next pull.
  auto p = load_policy(std::string(core::project_of(repository)));
  if (!p->prevent) return std::nullopt;
  if (robot_id && is_scanner_robot(robot_id)) return std::nullopt;
  auto c = db_.acquire();
  {
    // Harbor skips image indexes and artifacts its scanner cannot scan.
    auto st = c->prepare(
        "SELECT m.media_type, m.artifact_type FROM manifests m JOIN repositories r "
        "ON r.id = m.repository_id WHERE r.name = ? AND m.digest = ?");
    st.bind(1, repository).bind(2, digest);
    if (!st.step()) return std::nullopt;
    std::string media_type = st.text(0), artifact_type = st.text(1);
    if (!core::media::is_image_manifest(media_type) || !is_image_config(artifact_type))
      return std::nullopt;
  }
  std::string reg;
  try {
    reg = registration_for(*c, p->project_id);
  } catch (const ScanRequestError&) {
    return std::nullopt;
  }
  ArtifactScanState state;
  if (auto r = find_report(*c, digest, reg, kVulnReportMime, true)) {
    state.status = r->status;
    json report = json::parse(r->report, nullptr, false);
    if (report.is_object() && report.contains("vulnerabilities") &&
        report["vulnerabilities"].is_array())
      for (const auto& v : report["vulnerabilities"])
        if (v.is_object())
          state.vulnerabilities.emplace_back(v.value("id", ""), v.value("severity", "Unknown"));
  }
  return prevent_vul_violation(p->severity, state, p->allowlist, int64_t(std::time(nullptr)));
}

}  // namespace berth::scan
