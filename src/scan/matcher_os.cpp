// OS packages against platform buckets (trivy pkg/detector/ospkg/*).
#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "scan/analyze/layer_origins.h"
#include "scan/package_url.h"
#include "scan/version/advisory_match.h"
#include "scan/version/version_scheme.h"
#include "scan/vuln_matcher.h"

namespace berth::scan {

namespace {

bool is_family(const std::string& f, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), f) != names.end();
}

bool is_rpm_format(OsPackageFormat f) {
  return f == OsPackageFormat::kRpmSqlite || f == OsPackageFormat::kRpmBdb ||
         f == OsPackageFormat::kRpmNdb;
}

// filterMismatchedOSPkgs: a package DB of another family's format is ignored.
bool format_fits_family(OsPackageFormat format, const std::string& family) {
  if (format == OsPackageFormat::kDpkg) return is_family(family, {"debian", "ubuntu"});
  if (format == OsPackageFormat::kApk) return is_family(family, {"alpine", "wolfi", "chainguard"});
  return !is_family(family, {"debian", "ubuntu", "alpine", "wolfi", "chainguard"});
}

// Trivy marks these third-party (dpkg Maintainer substrings, rpm Vendor prefixes) and its OS
// detectors drop them.
bool third_party(const Package& p, OsPackageFormat format) {
  if (format == OsPackageFormat::kDpkg) {
    static constexpr std::array<std::string_view, 4> kMaintainers = {
        "support@docker.com", "@nvidia.com", "@microsoft.com", "nginx-packaging@f5.com"};
    return std::any_of(kMaintainers.begin(), kMaintainers.end(), [&](std::string_view m) {
      return p.maintainer.find(m) != std::string::npos;
    });
  }
  if (!is_rpm_format(format)) return false;
  if (p.vendor.empty()) return p.release.find("amzn") == std::string::npos;
  static constexpr std::array<std::string_view, 13> kVendors = {
      "Amazon Linux",   "Amazon.com", "CentOS",    "Fedora Project",
      "Oracle America", "Red Hat",    "AlmaLinux", "CloudLinux",
      "VMware",         "SUSE",       "openSUSE",  "Microsoft Corporation",
      "Rocky"};
  return std::none_of(kVendors.begin(), kVendors.end(),
                      [&](std::string_view v) { return p.vendor.starts_with(v); });
}

// Debian, Ubuntu and Alpine advisories are keyed by the source package.
bool keyed_by_source(const std::string& family) {
  return is_family(family, {"debian", "ubuntu", "alpine", "wolfi", "chainguard"});
}

bool is_redhat(const std::string& family) {
  return is_family(family, {"redhat", "centos"});
}

// Red Hat modular packages: "module:stream::name" from the modularity label
// "module:stream:version:context".
std::string redhat_key(const Package& p) {
  if (p.modularity_label.empty()) return p.name;
  auto first = p.modularity_label.find(':');
  if (first == std::string::npos) return p.name;
  auto second = p.modularity_label.find(':', first + 1);
  return p.modularity_label.substr(0, second) + "::" + p.name;
}

struct PackageQuery {
  std::string key;        // package bucket name
  std::string installed;  // the version compared
};

PackageQuery query_for(const Package& p, const std::string& family) {
  if (keyed_by_source(family)) {
    const std::string& version = p.src_version.empty() ? p.version : p.src_version;
    const std::string& release = p.src_version.empty() ? p.release : p.src_release;
    int epoch = p.src_version.empty() ? p.epoch : p.src_epoch;
    return {p.src_name.empty() ? p.name : p.src_name, format_version(epoch, version, release)};
  }
  return {is_redhat(family) ? redhat_key(p) : p.name,
          format_version(p.epoch, p.version, p.release)};
}

// Severity a detector attaches per package: Debian urgency, Ubuntu priority, Red Hat CVE.
std::string detector_source_for(const std::string& family) {
  if (is_family(family, {"debian", "ubuntu"})) return family;
  if (is_redhat(family)) return "redhat";
  return {};
}

bool arch_excluded(const Advisory& a, const Package& p) {
  if (a.arches.empty() || p.arch == "noarch") return false;
  return std::find(a.arches.begin(), a.arches.end(), p.arch) == a.arches.end();
}

struct Candidate {
  Advisory advisory;
  AdvisoryMatch match;
};

// Red Hat: one candidate per vulnerability ID, the larger fixed version kept (unfixed wins).
void keep_larger_fix(std::map<std::string, Candidate>& by_id, Candidate c) {
  auto it = by_id.find(c.advisory.vulnerability_id);
  if (it == by_id.end()) {
    by_id.emplace(c.advisory.vulnerability_id, std::move(c));
    return;
  }
  const std::string& old_fix = it->second.match.fixed_version;
  const std::string& new_fix = c.match.fixed_version;
  if (old_fix.empty()) return;
  auto cmp = compare_versions(VersionScheme::kRpm, new_fix, old_fix);
  if (new_fix.empty() || (cmp && *cmp > 0)) it->second = std::move(c);
}

// Trivy's Red Hat detector, per package: the build info's content sets and "<nvr>-<arch>", or
// (none) the default content sets for the major version, which TrivyDb picks for empty lists.
void select_redhat_cpes(OsQuery& os, const BuildInfo* info) {
  os.content_sets.clear();
  os.nvrs.clear();
  if (!info) return;
  os.content_sets = info->content_sets;
  if (!info->nvr.empty()) os.nvrs.push_back(info->nvr + "-" + info->arch);
}

}  // namespace

std::vector<Finding> match_os_packages(MatchContext& ctx, const ImageAnalysis& analysis) {
  std::vector<Finding> out;
  const std::string& family = analysis.os.family;
  if (analysis.os_packages.empty()) return out;
  if (family.empty()) {
    ctx.warnings.push_back("OS not detected: OS packages were not scanned");
    return out;
  }
  auto rule = os_rule_for_family(family);
  if (!rule) {
    ctx.warnings.push_back("OS family '" + family +
                           "' is not supported: OS packages were not scanned");
    return out;
  }
  OsQuery os;
  os.family = family;
  os.version =
      family == "alpine" && !analysis.os.release.empty() ? analysis.os.release : analysis.os.name;
  // Ubuntu Pro/ESM images use the "ubuntu X-ESM" bucket. Departure: Trivy falls back to "X"
  // while X is not end-of-life; Berth has no EOL table.
  if (family == "ubuntu" && analysis.os.extended) os.version += "-ESM";
  const std::string detector_source = detector_source_for(family);
  std::set<std::string> lookup_errors;  // each distinct DB error reported once
  std::set<std::string> seen;           // one package counted once even when several DBs list it
  for (const auto& db : analysis.os_packages) {
    if (!format_fits_family(db.format, family)) continue;
    for (const auto& p : db.packages) {
      if (third_party(p, db.format)) continue;
      PackageQuery q = query_for(p, family);
      std::string pkg_id = p.name + "@" + format_version(p.epoch, p.version, p.release);
      if (!seen.insert(pkg_id + "/" + db.path).second) continue;
      ++ctx.packages_scanned;
      const int layer = p.layer >= 0 ? p.layer : db.layer;
      os.arch = p.arch;
      if (is_redhat(family)) select_redhat_cpes(os, build_info_for_layer(analysis, layer));
      std::vector<Advisory> advisories;
      try {
        advisories = ctx.db.os_advisories(os, q.key);
      } catch (const std::exception& e) {
        // Red Hat without known CPEs fails for every package: one warning, not hundreds.
        if (lookup_errors.size() < 20 && lookup_errors.insert(e.what()).second)
          ctx.warnings.push_back(q.key + ": " + e.what());
        continue;
      }
      std::map<std::string, Candidate> by_id;
      for (auto& a : advisories) {
        if (is_redhat(family) && arch_excluded(a, p)) continue;
        AdvisoryRange range{a.fixed_version, a.affected_version, {}, {}, {}};
        AdvisoryMatch m = match_os_advisory(*rule, q.installed, range);
        if (!m.vulnerable) continue;
        if (is_redhat(family)) {
          keep_larger_fix(by_id, {std::move(a), std::move(m)});
        } else {
          std::string id = a.vulnerability_id;
          by_id.insert_or_assign(id + "\n" + std::to_string(by_id.size()),
                                 Candidate{std::move(a), std::move(m)});
        }
      }
      for (auto& [key, c] : by_id) {
        Finding f;
        f.vulnerability_id = c.advisory.vulnerability_id;
        f.package = p.name;
        f.version = format_version(p.epoch, p.version, p.release);
        f.pkg_id = pkg_id;
        f.purl = os_package_url(p, family, analysis.os.name);
        f.fix_version = c.match.fixed_version;
        f.pkg_type = family;
        f.layer_digest = ctx.layer_digest(layer);
        f.layer_diff_id = ctx.layer_diff_id(layer);
        f.vendor_ids = c.advisory.vendor_ids;
        f.data_source_id = c.advisory.data_source.base_id.empty() ? c.advisory.data_source.id
                                                                  : c.advisory.data_source.base_id;
        f.data_source_name = c.advisory.data_source.name;
        f.data_source_url = c.advisory.data_source.url;
        int detector_severity = detector_source.empty() ? 0 : c.advisory.severity;
        fill_vulnerability_details(ctx, f, c.advisory.status, detector_source, detector_severity);
        out.push_back(std::move(f));
      }
    }
  }
  return out;
}

}  // namespace berth::scan
