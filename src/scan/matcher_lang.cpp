// Language packages against ecosystem buckets (trivy pkg/detector/library).
#include "scan/package_url.h"
#include "scan/trivy_buckets.h"
#include "scan/version/advisory_match.h"
#include "scan/vuln_matcher.h"

namespace berth::scan {

std::vector<Finding> match_lang_packages(MatchContext& ctx, const ImageAnalysis& analysis) {
  std::vector<Finding> out;
  for (const auto& app : analysis.lang_packages) {
    auto eco = ecosystem_for(app.type);
    if (!eco) continue;  // conda and friends: listed, never scanned (as Trivy)
    VersionScheme scheme = scheme_for_ecosystem(*eco);
    for (const auto& p : app.packages) {
      if (p.version.empty() || p.name.empty()) continue;
      ++ctx.packages_scanned;
      std::vector<Advisory> advisories;
      try {
        advisories = ctx.db.ecosystem_advisories(*eco, p.name);
      } catch (const std::exception& e) {
        ctx.warnings.push_back(app.file_path + ": " + p.name + ": " + e.what());
        continue;
      }
      for (const auto& a : advisories) {
        AdvisoryRange range{a.fixed_version, a.affected_version, a.vulnerable_versions,
                            a.patched_versions, a.unaffected_versions};
        AdvisoryMatch m = match_language_advisory(scheme, p.version, range);
        if (!m.vulnerable) continue;
        Finding f;
        f.vulnerability_id = a.vulnerability_id;
        f.package = p.name;
        f.version = p.version;
        f.pkg_id = p.name + "@" + p.version;
        f.purl = lang_package_url(app.type, p);
        f.fix_version = m.fixed_version;
        f.pkg_type = app.type;
        f.pkg_path = p.file_path.empty() ? app.file_path : p.file_path;
        int layer = p.layer >= 0 ? p.layer : app.layer;
        f.layer_digest = ctx.layer_digest(layer);
        f.layer_diff_id = ctx.layer_diff_id(layer);
        f.vendor_ids = a.vendor_ids;
        f.data_source_id = a.data_source.base_id.empty() ? a.data_source.id : a.data_source.base_id;
        f.data_source_name = a.data_source.name;
        f.data_source_url = a.data_source.url;
        fill_vulnerability_details(ctx, f, a.status, "", 0);
        out.push_back(std::move(f));
      }
    }
  }
  return out;
}

}  // namespace berth::scan
