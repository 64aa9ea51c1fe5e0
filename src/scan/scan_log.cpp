#include "scan/scan_log.h"

#include <nlohmann/json.hpp>

#include "scan/scan_util.h"

namespace berth::scan {

namespace {

std::string line(const std::optional<int64_t>& at, const char* level, const std::string& text) {
  std::string t = at ? rfc3339_millis(*at) : std::string(24, ' ');
  return t + " [" + level + "] " + text + "\n";
}

// "3 vulnerabilities (Critical 1, High 2), 2 fixable"
std::string summary_text(const std::string& summary_json) {
  auto j = nlohmann::json::parse(summary_json, nullptr, false);
  if (!j.is_object()) return "no summary";
  int64_t total = j.value("total", int64_t(0)), fixable = j.value("fixable", int64_t(0));
  std::string counts;
  if (auto it = j.find("summary"); it != j.end() && it->is_object()) {
    for (const char* sev : {"Critical", "High", "Medium", "Low", "Negligible", "Unknown"}) {
      if (auto n = it->find(sev); n != it->end() && n->is_number_integer() && n->get<int64_t>() > 0)
        counts +=
            std::string(counts.empty() ? "" : ", ") + sev + " " + std::to_string(n->get<int64_t>());
    }
  }
  std::string s = std::to_string(total) + (total == 1 ? " vulnerability" : " vulnerabilities");
  if (!counts.empty()) s += " (" + counts + ")";
  return s + ", " + std::to_string(fixable) + " fixable";
}

}  // namespace

std::string scan_report_log(const ScanReportRow& row, const std::string& scanner_name) {
  std::string what = row.repository + "@" + row.digest;
  std::string out =
      line(row.start_time, "INFO",
           "scan of " + what + " with " + scanner_name + " (report " + row.uuid + ")");
  if (row.status == "Pending") return out + line(std::nullopt, "INFO", "queued, not started yet");
  if (row.status == "Running") return out + line(std::nullopt, "INFO", "running");
  if (row.status == "Success") {
    out += line(row.end_time, "INFO", "found " + summary_text(row.summary));
    out += line(row.end_time, "INFO",
                "severity " + (row.severity.empty() ? std::string("None") : row.severity));
  } else if (row.status == "Stopped") {
    out += line(row.end_time, "WARNING", "stopped before it finished");
  } else {
    out += line(row.end_time, "ERROR", row.error.empty() ? "failed" : row.error);
  }
  if (row.start_time && row.end_time)
    out += line(row.end_time, "INFO",
                row.status + " after " + std::to_string(*row.end_time - *row.start_time) + " ms");
  return out;
}

}  // namespace berth::scan
