#include <algorithm>
#include <cctype>
#include <cmath>
#include <tuple>

#include "scan/trivy_types.h"
#include "scan/vuln_matcher.h"

namespace berth::scan {

std::string MatchContext::layer_digest(int index) const {
  if (index < 0 || size_t(index) >= layer_digests.size()) return {};
  return layer_digests[size_t(index)];
}

std::string MatchContext::layer_diff_id(int index) const {
  if (index < 0 || size_t(index) >= layer_diff_ids.size()) return {};
  return layer_diff_ids[size_t(index)];
}

std::string format_version(int epoch, const std::string& version, const std::string& release) {
  std::string out;
  if (epoch != 0) out = std::to_string(epoch) + ":";
  out += version;
  if (!release.empty()) out += "-" + release;
  return out;
}

std::string severity_title(int severity) {
  switch (severity) {
    case 1:
      return "Low";
    case 2:
      return "Medium";
    case 3:
      return "High";
    case 4:
      return "Critical";
    default:
      return "Unknown";
  }
}

int severity_rank(const std::string& title) {
  std::string upper;
  for (char c : title) upper += char(std::toupper(static_cast<unsigned char>(c)));
  return severity_from_name(upper);
}

std::string primary_url_for(const std::string& id) {
  std::string lower;
  for (char c : id) lower += char(std::tolower(static_cast<unsigned char>(c)));
  if (id.starts_with("CVE-")) return "https://avd.aquasec.com/nvd/" + lower;
  if (id.starts_with("RUSTSEC-")) return "https://osv.dev/vulnerability/" + id;
  if (id.starts_with("GHSA-")) return "https://github.com/advisories/" + id;
  if (id.starts_with("TEMP-")) return "https://security-tracker.debian.org/tracker/" + id;
  return {};
}

namespace {

const Vulnerability* lookup(MatchContext& ctx, const std::string& id) {
  auto it = ctx.vulns.find(id);
  if (it == ctx.vulns.end()) {
    std::optional<Vulnerability> v;
    try {
      v = ctx.db.vulnerability(id);
    } catch (const std::exception& e) {
      ctx.warnings.push_back(std::string("vulnerability ") + id + ": " + e.what());
    }
    it = ctx.vulns.emplace(id, std::move(v)).first;
  }
  return it->second ? &*it->second : nullptr;
}

// FillInfo's severity: the data source's own vendor severity, then GHSA (for GHSA IDs), then
// NVD, then the legacy Severity string.
void pick_severity(Finding& f, const Vulnerability& v, const std::string& source_id) {
  std::vector<std::string> order;
  if (!source_id.empty()) order.push_back(source_id);
  if (f.vulnerability_id.starts_with("GHSA-")) order.push_back("ghsa");
  order.push_back("nvd");
  for (const auto& s : order) {
    auto it = v.vendor_severity.find(s);
    if (it != v.vendor_severity.end()) {
      f.severity = severity_title(it->second);
      f.severity_source = s;
      return;
    }
  }
  f.severity = severity_title(v.severity.empty() ? 0 : severity_from_name(v.severity));
  f.severity_source.clear();
}

}  // namespace

void fill_vulnerability_details(MatchContext& ctx, Finding& f, int advisory_status,
                                const std::string& detector_source, int detector_severity) {
  if (!f.fix_version.empty())
    f.status = "fixed";
  else if (advisory_status == 0)
    f.status = "affected";
  else
    f.status = std::string(status_name(advisory_status));
  f.primary_url = primary_url_for(f.vulnerability_id);
  const Vulnerability* v = lookup(ctx, f.vulnerability_id);
  if (!v) {
    f.severity = detector_severity ? severity_title(detector_severity) : "Unknown";
    f.severity_source = detector_severity ? detector_source : "";
    return;
  }
  f.title = v->title;
  f.description = v->description;
  f.cwe_ids = v->cwe_ids;
  f.links = v->references;
  f.published_date = v->published_date;
  f.last_modified_date = v->last_modified_date;
  for (const auto& [source, c] : v->cvss)
    f.cvss.push_back({source, c.v3_vector, c.v3_score, c.v2_vector, c.v2_score});
  for (const auto& [source, s] : v->vendor_severity) f.vendor_severity.emplace_back(source, s);
  pick_severity(f, *v, f.data_source_id);
  if (detector_severity != 0) {
    // A detector's per-package severity wins, and becomes that vendor's severity.
    f.severity = severity_title(detector_severity);
    f.severity_source = detector_source;
    auto it = std::find_if(f.vendor_severity.begin(), f.vendor_severity.end(),
                           [&](const auto& p) { return p.first == detector_source; });
    if (it != f.vendor_severity.end())
      it->second = detector_severity;
    else
      f.vendor_severity.emplace_back(detector_source, detector_severity);
    std::sort(f.vendor_severity.begin(), f.vendor_severity.end());
  }
}

namespace {

auto dedupe_key(const Finding& f) {
  return std::tie(f.vulnerability_id, f.pkg_id, f.package, f.version, f.pkg_path, f.pkg_type);
}

}  // namespace

std::vector<Finding> match_analysis(MatchContext& ctx, const ImageAnalysis& analysis) {
  std::vector<Finding> all = match_os_packages(ctx, analysis);
  auto lang = match_lang_packages(ctx, analysis);
  all.insert(all.end(), std::make_move_iterator(lang.begin()), std::make_move_iterator(lang.end()));
  // Trivy's result filter: one entry per key, the lexically larger FixedVersion kept.
  std::sort(all.begin(), all.end(), [](const Finding& a, const Finding& b) {
    auto ka = dedupe_key(a), kb = dedupe_key(b);
    if (ka != kb) return ka < kb;
    return a.fix_version > b.fix_version;
  });
  all.erase(std::unique(
                all.begin(), all.end(),
                [](const Finding& a, const Finding& b) { return dedupe_key(a) == dedupe_key(b); }),
            all.end());
  std::stable_sort(all.begin(), all.end(), [](const Finding& a, const Finding& b) {
    int ra = severity_rank(a.severity), rb = severity_rank(b.severity);
    if (ra != rb) return ra > rb;
    return std::tie(a.vulnerability_id, a.package, a.version, a.pkg_path) <
           std::tie(b.vulnerability_id, b.package, b.version, b.pkg_path);
  });
  return all;
}

}  // namespace berth::scan
