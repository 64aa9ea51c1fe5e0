// The latest scan report of each artifact per scanner and report type (table scan_reports).
// Functions take a connection so API handlers can read inside their own. Blocking.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::db {
class Connection;
}

namespace berth::scan {

struct ScanReportRow {
  int64_t id = 0;
  std::string uuid, digest, repository, registration_uuid, mime_type;
  std::string status;    // Pending | Running | Success | Error | Stopped
  std::string severity;  // "" until done
  std::string summary = "{}";
  std::string report;  // only when asked for
  std::string error;
  std::optional<int64_t> job_id, start_time, end_time;  // unix millis
};

// A new Pending report for a scan about to be queued (replaces the previous one). Returns its uuid.
std::string begin_report(db::Connection& c, const std::string& digest,
                         const std::string& repository, const std::string& registration_uuid,
                         const std::string& mime_type);
void set_report_job(db::Connection& c, const std::string& uuid, int64_t job_id);
void set_report_running(db::Connection& c, const std::string& uuid);
void finish_report(db::Connection& c, const std::string& uuid, const std::string& status,
                   const std::string& severity, const std::string& summary_json,
                   const std::string& report_json, const std::string& error);

std::optional<ScanReportRow> find_report(db::Connection& c, const std::string& digest,
                                         const std::string& registration_uuid,
                                         const std::string& mime_type, bool with_report);
std::optional<ScanReportRow> find_report_by_uuid(db::Connection& c, const std::string& uuid);

}  // namespace berth::scan
