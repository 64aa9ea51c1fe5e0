// Harbor's view of a scan: the vulnerability report v1.1 (application/vnd.security.
// vulnerability.report; version=1.1) built from a ScanReport, its summary counts and overall
// severity, as scan_overview and /additions/vulnerabilities show them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "scan/scan_engine.h"

namespace berth::scan {

inline constexpr const char* kVulnReportMime =
    "application/vnd.security.vulnerability.report; version=1.1";

// Harbor's severity order: None < Unknown < Negligible < Low < Medium < High < Critical.
// Unknown names rank as Unknown. Case-insensitive ("high", "HIGH", "High").
int severity_rank(std::string_view severity);
// The canonical name ("High") of any spelling; "" → "None".
std::string severity_name(std::string_view severity);

struct ScannerInfo {
  std::string name = "Trivy", vendor = "Aqua Security", version;
  nlohmann::json to_json() const {
    return {{"name", name}, {"vendor", vendor}, {"version", version}};
  }
};

struct ReportSummary {
  std::string severity = "None";  // highest finding
  nlohmann::json counts;          // {"total", "fixable", "summary": {"High": n, ...}}
};
ReportSummary summarize(const ScanReport& report);
// The same from a v1.1 report JSON (an external adapter's); adds its "scanner" to the counts.
ReportSummary summarize_report_json(const nlohmann::json& report);

// The full v1.1 report. `repository` and `mime_type` describe the scanned artifact.
nlohmann::json harbor_vuln_report(const ScanReport& report, const ScannerInfo& scanner,
                                  const std::string& repository, const std::string& mime_type,
                                  const std::string& generated_at);

}  // namespace berth::scan
