// Matching an analysed image against the trivy-db: OS packages through their platform bucket,
// language packages through their ecosystem buckets, then each finding filled in from the
// `vulnerability` bucket, as Trivy's detectors and FillInfo do (spec §5, §4.4).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scan/analyze/types.h"
#include "scan/scan_engine.h"
#include "scan/trivy_db.h"

namespace berth::scan {

// What the matchers share over one scan: layer digests for attribution, warnings, counters and a
// cache of parsed `vulnerability` records.
struct MatchContext {
  const TrivyDb& db;
  std::vector<std::string> layer_digests;  // by layer index, lowest first
  std::vector<std::string> warnings;
  int64_t packages_scanned = 0;
  std::map<std::string, std::optional<Vulnerability>, std::less<>> vulns;
  std::vector<std::string> layer_diff_ids = {};  // by layer index; empty when the config lacks them

  std::string layer_digest(int index) const;
  std::string layer_diff_id(int index) const;
};

// `[epoch:]version[-release]`, the epoch only when non-zero (Trivy's FormatVersion).
std::string format_version(int epoch, const std::string& version, const std::string& release);

// Findings for the OS packages. Packages of another family's format (an apk DB in a Debian
// image) and third-party packages are skipped, as Trivy does.
std::vector<Finding> match_os_packages(MatchContext& ctx, const ImageAnalysis& analysis);
// Findings for the language packages (packages without a version are skipped).
std::vector<Finding> match_lang_packages(MatchContext& ctx, const ImageAnalysis& analysis);

// Trivy's FillInfo: status, severity (vendor rule), title, CVSS, references, dates, PrimaryURL.
// `detector_severity` (1..4) with `detector_source` is the per-package severity a detector found
// (Debian urgency, Red Hat CVE severity); 0 when none.
void fill_vulnerability_details(MatchContext& ctx, Finding& f, int advisory_status,
                                const std::string& detector_source, int detector_severity);

// Trivy's PrimaryURL rule for an ID (CVE → avd.aquasec.com, GHSA → github.com/advisories, ...).
std::string primary_url_for(const std::string& id);

// "HIGH"/3 → "High" (Harbor's spelling, which Finding::severity uses).
std::string severity_title(int severity);
// "High" → 3; unknown → 0.
int severity_rank(const std::string& title);

// Every finding for the image: OS then language; duplicates (same ID, package, installed
// version and path) merged keeping the larger fixed version; sorted by severity (highest
// first), then ID, then package, then version, then path.
std::vector<Finding> match_analysis(MatchContext& ctx, const ImageAnalysis& analysis);

}  // namespace berth::scan
