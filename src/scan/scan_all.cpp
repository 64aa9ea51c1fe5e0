// scanAll: one job that queues a scan per distinct image digest, its cron schedule and metrics.
#include <spdlog/spdlog.h>

#include <ctime>
#include <map>
#include <set>

#include "base/clock.h"
#include "core/media_types.h"
#include "core/project_store.h"
#include "core/reference.h"
#include "jobs/cron.h"
#include "jobs/job_queue.h"
#include "jobs/scheduler.h"
#include "scan/scan_service.h"
#include "scan/scan_util.h"

namespace berth::scan {

using nlohmann::json;

namespace {
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
}  // namespace

void ScanService::run_scan_all(int64_t job_id, const std::string& payload,
                               const std::function<bool()>& stopping) {
  (void)payload;
  std::map<std::string, int64_t> ids;
  std::set<std::string> seen;  // a report belongs to a digest: scan each once
  for (const auto& [repo, digest] : reports_.image_artifacts()) {
    if (stopping()) throw jobs::Interrupted();
    if (!seen.insert(digest).second) continue;
    std::string name(core::project_of(repo));
    if (!ids.count(name)) {
      auto p = projects_.find_by_name(name);
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
  if (auto next = scheduler_.next_run("scan_all"))
    s["next_scheduled_time"] = rfc3339_millis(*next * 1000);
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
  scanners_.put_setting("scan_all_schedule", json{{"type", type}, {"cron", cron}}.dump());
  apply_schedule(cron);
}

int64_t ScanService::scan_all_now(const std::string& trigger) {
  auto res = queue_.enqueue("scan_all", json{{"trigger", trigger}}.dump(), "scan_all");
  if (!res.created) throw ScanRequestError(412, "a scan all job is already running");
  scanners_.put_setting(
      "scan_all_last",
      json{{"job_id", res.id}, {"trigger", trigger}, {"start_time", base::now_millis()}}.dump());
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
  for (const auto& [s, n] : queue_.execution_counts("scan", exec)) {
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
  for (int64_t id : queue_.execution_active_jobs("scan", exec)) {
    if (!queue_.stop(id)) continue;
    // Scans that never started: their reports are closed here (running ones close their own).
    if (auto after = queue_.get(id); after && after->status == "stopped")
      reports_.stop_unstarted(id);
  }
}
}  // namespace berth::scan
