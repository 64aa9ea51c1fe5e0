#include "scan/harbor_report.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace berth::scan {

namespace {
constexpr std::array<const char*, 7> kOrder = {"None",   "Unknown", "Negligible", "Low",
                                               "Medium", "High",    "Critical"};

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

nlohmann::json cvss_json(const Finding& f) {
  nlohmann::json vendor = nlohmann::json::object();
  for (const auto& c : f.cvss) {
    nlohmann::json v = nlohmann::json::object();
    if (!c.v3_vector.empty()) v["V3Vector"] = c.v3_vector;
    if (c.v3_score > 0) v["V3Score"] = c.v3_score;
    vendor[c.source.empty() ? "unknown" : c.source] = v;
  }
  return vendor;
}

// Trivy's adapter prefers NVD's score, then the first source that has one.
nlohmann::json preferred_cvss(const Finding& f) {
  const Finding::Cvss* pick = nullptr;
  for (const auto& c : f.cvss)
    if (c.source == "nvd") pick = &c;
  if (!pick && !f.cvss.empty()) pick = &f.cvss.front();
  nlohmann::json j = nlohmann::json::object();
  if (pick) {
    if (pick->v3_score > 0) j["score_v3"] = pick->v3_score;
    if (!pick->v3_vector.empty()) j["vector_v3"] = pick->v3_vector;
  }
  return j;
}
}  // namespace

int severity_rank(std::string_view severity) {
  if (severity.empty()) return 0;
  for (size_t i = 0; i < kOrder.size(); ++i)
    if (iequal(severity, kOrder[i])) return int(i);
  return 1;  // Unknown
}

std::string severity_name(std::string_view severity) {
  return kOrder[size_t(severity_rank(severity))];
}

ReportSummary summarize(const ScanReport& report) {
  ReportSummary s;
  int top = 0, fixable = 0;
  nlohmann::json by = nlohmann::json::object();
  for (const auto& f : report.findings) {
    int r = std::max(severity_rank(f.severity), 1);  // a finding is at least Unknown
    top = std::max(top, r);
    std::string name = kOrder[size_t(r)];
    by[name] = by.value(name, 0) + 1;
    if (!f.fix_version.empty()) ++fixable;
  }
  s.severity = kOrder[size_t(top)];
  s.counts = {{"total", report.findings.size()}, {"fixable", fixable}, {"summary", by}};
  return s;
}

ReportSummary summarize_report_json(const nlohmann::json& report) {
  ReportSummary s;
  int top = 0, fixable = 0, total = 0;
  nlohmann::json by = nlohmann::json::object();
  if (report.contains("vulnerabilities") && report["vulnerabilities"].is_array())
    for (const auto& v : report["vulnerabilities"]) {
      if (!v.is_object()) continue;
      std::string sev = v.contains("severity") && v["severity"].is_string()
                            ? v["severity"].get<std::string>()
                            : "";
      int r = std::max(severity_rank(sev), 1);
      top = std::max(top, r);
      std::string name = kOrder[size_t(r)];
      by[name] = by.value(name, 0) + 1;
      if (v.contains("fix_version") && v["fix_version"].is_string() &&
          !v["fix_version"].get<std::string>().empty())
        ++fixable;
      ++total;
    }
  s.severity = kOrder[size_t(top)];
  s.counts = {{"total", total}, {"fixable", fixable}, {"summary", by}};
  if (report.contains("scanner") && report["scanner"].is_object())
    s.counts["scanner"] = report["scanner"];
  return s;
}

namespace {
// As Harbor's Trivy adapter: the advisory's page when there is one, else its references.
std::vector<std::string> harbor_links(const Finding& f) {
  if (!f.primary_url.empty()) return {f.primary_url};
  return f.links;
}
}  // namespace

nlohmann::json harbor_vuln_report(const ScanReport& report, const ScannerInfo& scanner,
                                  const std::string& repository, const std::string& mime_type,
                                  const std::string& generated_at) {
  nlohmann::json vulns = nlohmann::json::array();
  for (const auto& f : report.findings) {
    std::string description = f.description.empty() ? f.title : f.description;
    nlohmann::json v = {{"id", f.vulnerability_id},
                        {"package", f.package},
                        {"version", f.version},
                        {"fix_version", f.fix_version},
                        {"severity", severity_name(f.severity.empty() ? "Unknown" : f.severity)},
                        {"description", description},
                        {"links", harbor_links(f)},
                        {"preferred_cvss", preferred_cvss(f)},
                        {"cwe_ids", f.cwe_ids},
                        {"vendor_attributes", {{"CVSS", cvss_json(f)}}}};
    if (!f.status.empty()) v["status"] = f.status;
    if (!f.purl.empty()) v["purl"] = f.purl;
    v["layer"] = f.layer_digest.empty()
                     ? nlohmann::json(nullptr)
                     : nlohmann::json{{"digest", f.layer_digest}, {"diff_id", f.layer_diff_id}};
    if (!f.pkg_path.empty()) v["artifact_path"] = f.pkg_path;
    vulns.push_back(std::move(v));
  }
  return {
      {"generated_at", generated_at},
      {"artifact",
       {{"repository", repository}, {"digest", report.target.digest}, {"mime_type", mime_type}}},
      {"scanner", scanner.to_json()},
      {"severity", summarize(report).severity},
      {"vulnerabilities", vulns}};
}

}  // namespace berth::scan
