// Trivy's JSON report (SchemaVersion 2): trivy pkg/types/report.go, vulnerability.go and
// pkg/report/json.go (json.MarshalIndent with two spaces, Go's HTML escaping, a final newline).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

#include "scan/scan_engine.h"
#include "scan/vuln_matcher.h"

namespace berth::scan {

namespace {

using ojson = nlohmann::ordered_json;

// Go prints float64 3.0 as 3.
ojson go_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return int64_t(v);
  return v;
}

std::string upper(std::string s) {
  for (auto& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Go's encoding/json escapes <, >, & and U+2028/2029 inside strings; outside strings none of
// them can occur in JSON, so the whole text can be rewritten.
std::string go_html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xe2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xa8' || text[i + 2] == '\xa9')) {
      out += text[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// Aggregated language types get one result for the whole image (trivy PkgTargets).
std::string lang_target(const Finding& f) {
  static const std::map<std::string, std::string, std::less<>> kAggregated = {
      {"node-pkg", "Node.js"},
      {"python-pkg", "Python"},
      {"gemspec", "Ruby"},
      {"jar", "Java"},
      {"conda-pkg", "Conda"}};
  auto it = kAggregated.find(f.pkg_type);
  return it != kAggregated.end() ? it->second : f.pkg_path;
}

ojson vulnerability_json(const Finding& f) {
  ojson v;
  v["VulnerabilityID"] = f.vulnerability_id;
  if (!f.vendor_ids.empty()) v["VendorIDs"] = f.vendor_ids;
  v["PkgID"] = f.pkg_id.empty() ? f.package + "@" + f.version : f.pkg_id;
  v["PkgName"] = f.package;
  if (!f.pkg_path.empty()) v["PkgPath"] = f.pkg_path;
  // UID (a hash of Trivy's Go struct) cannot be reproduced: only the PURL.
  if (!f.purl.empty()) v["PkgIdentifier"] = {{"PURL", f.purl}};
  v["InstalledVersion"] = f.version;
  if (!f.fix_version.empty()) v["FixedVersion"] = f.fix_version;
  v["Status"] = f.status;
  if (!f.layer_digest.empty() || !f.layer_diff_id.empty()) {
    ojson layer = ojson::object();  // Trivy's Layer: omitempty Digest, DiffID
    if (!f.layer_digest.empty()) layer["Digest"] = f.layer_digest;
    if (!f.layer_diff_id.empty()) layer["DiffID"] = f.layer_diff_id;
    v["Layer"] = layer;
  }
  if (!f.severity_source.empty()) v["SeveritySource"] = f.severity_source;
  if (!f.primary_url.empty()) v["PrimaryURL"] = f.primary_url;
  if (!f.data_source_id.empty() || !f.data_source_name.empty()) {
    ojson ds;
    ds["ID"] = f.data_source_id;
    ds["Name"] = f.data_source_name;
    ds["URL"] = f.data_source_url;
    v["DataSource"] = ds;
  }
  if (!f.title.empty()) v["Title"] = f.title;
  if (!f.description.empty()) v["Description"] = f.description;
  v["Severity"] = upper(f.severity.empty() ? "Unknown" : f.severity);
  if (!f.cwe_ids.empty()) v["CweIDs"] = f.cwe_ids;
  if (!f.vendor_severity.empty()) {
    ojson vs = ojson::object();
    auto sorted = f.vendor_severity;  // Go sorts map keys
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [source, s] : sorted) vs[source] = s;
    v["VendorSeverity"] = vs;
  }
  if (!f.cvss.empty()) {
    ojson cvss = ojson::object();
    auto sorted = f.cvss;
    std::sort(sorted.begin(), sorted.end(),
              [](const Finding::Cvss& a, const Finding::Cvss& b) { return a.source < b.source; });
    for (const auto& c : sorted) {
      ojson e = ojson::object();
      if (!c.v2_vector.empty()) e["V2Vector"] = c.v2_vector;
      if (!c.v3_vector.empty()) e["V3Vector"] = c.v3_vector;
      if (c.v2_score != 0) e["V2Score"] = go_number(c.v2_score);
      if (c.v3_score != 0) e["V3Score"] = go_number(c.v3_score);
      cvss[c.source] = e;
    }
    v["CVSS"] = cvss;
  }
  if (!f.links.empty()) v["References"] = f.links;
  if (!f.published_date.empty()) v["PublishedDate"] = f.published_date;
  if (!f.last_modified_date.empty()) v["LastModifiedDate"] = f.last_modified_date;
  return v;
}

// trivy BySeverity: package name, ID, installed version, severity (highest first), vuln ID, path.
void sort_like_trivy(std::vector<const Finding*>& v) {
  std::sort(v.begin(), v.end(), [](const Finding* a, const Finding* b) {
    if (a->package != b->package) return a->package < b->package;
    if (a->pkg_id != b->pkg_id) return a->pkg_id < b->pkg_id;
    if (a->version != b->version) return a->version < b->version;
    int ra = severity_rank(a->severity), rb = severity_rank(b->severity);
    if (ra != rb) return ra > rb;
    if (a->vulnerability_id != b->vulnerability_id)
      return a->vulnerability_id < b->vulnerability_id;
    return a->pkg_path < b->pkg_path;
  });
}

ojson result_json(const std::string& target, const char* cls, const std::string& type,
                  std::vector<const Finding*> findings) {
  ojson r;
  r["Target"] = target;
  r["Class"] = cls;
  r["Type"] = type;
  if (!findings.empty()) {
    sort_like_trivy(findings);
    ojson vulns = ojson::array();
    for (const Finding* f : findings) vulns.push_back(vulnerability_json(*f));
    r["Vulnerabilities"] = vulns;
  }
  return r;
}

}  // namespace

std::string trivy_json_report(const ScanReport& report) {
  ojson doc;
  doc["SchemaVersion"] = 2;
  doc["ArtifactName"] = report.target.name;
  doc["ArtifactType"] = "container_image";
  ojson meta = ojson::object();
  if (!report.os_family.empty())
    meta["OS"] = {{"Family", report.os_family}, {"Name", report.os_name}};
  if (!report.target.config_digest.empty()) meta["ImageID"] = report.target.config_digest;
  if (!report.target.repository.empty() && !report.target.digest.empty())
    meta["RepoDigests"] = {report.target.repository + "@" + report.target.digest};
  doc["Metadata"] = meta;

  std::vector<const Finding*> os;
  std::map<std::pair<std::string, std::string>, std::vector<const Finding*>> lang;
  for (const auto& f : report.findings) {
    if (!report.os_family.empty() && f.pkg_type == report.os_family && f.pkg_path.empty())
      os.push_back(&f);
    else
      lang[{lang_target(f), f.pkg_type}].push_back(&f);
  }
  ojson results = ojson::array();
  if (!report.os_family.empty()) {
    std::string target = report.target.name + " (" + report.os_family + " " + report.os_name + ")";
    results.push_back(result_json(target, "os-pkgs", report.os_family, std::move(os)));
  }
  for (auto& [key, findings] : lang)
    results.push_back(result_json(key.first, "lang-pkgs", key.second, std::move(findings)));
  doc["Results"] = results;
  return go_html_escape(doc.dump(2)) + "\n";
}

}  // namespace berth::scan
