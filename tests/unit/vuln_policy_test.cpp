#include "scan/vuln_policy.h"

#include <gtest/gtest.h>

#include "scan/harbor_report.h"

using namespace berth::scan;

namespace {
ArtifactScanState scanned(std::vector<std::pair<std::string, std::string>> v) {
  return {"Success", std::move(v)};
}
constexpr int64_t kNow = 1'800'000'000;
}  // namespace

TEST(VulnPolicyTest, SeverityOrder) {
  EXPECT_LT(severity_rank("None"), severity_rank("Unknown"));
  EXPECT_LT(severity_rank("Unknown"), severity_rank("Low"));
  EXPECT_LT(severity_rank("low"), severity_rank("MEDIUM"));
  EXPECT_LT(severity_rank("High"), severity_rank("critical"));
  EXPECT_EQ(severity_name("high"), "High");
  EXPECT_EQ(severity_name(""), "None");
  EXPECT_EQ(severity_name("weird"), "Unknown");
}

TEST(VulnPolicyTest, BlocksAtOrAboveSeverityWithHarborsMessage) {
  CveAllowlist none;
  auto m =
      prevent_vul_violation("high", scanned({{"CVE-1", "High"}, {"CVE-2", "Low"}}), none, kNow);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m,
            "current image with 2 vulnerabilities cannot be pulled due to configured policy in "
            "'Prevent images "
            "with vulnerability severity of \"High\" or higher from running.' To continue with "
            "pull, please "
            "contact your project administrator to exempt matched vulnerabilities through "
            "configuring the CVE "
            "allowlist.");
  EXPECT_FALSE(prevent_vul_violation("critical", scanned({{"CVE-1", "High"}}), none, kNow));
  auto one = prevent_vul_violation("low", scanned({{"CVE-1", "Medium"}}), none, kNow);
  ASSERT_TRUE(one);
  EXPECT_NE(one->find("with 1 vulnerability cannot"), std::string::npos);
  EXPECT_FALSE(prevent_vul_violation("low", scanned({}), none, kNow));
}

TEST(VulnPolicyTest, AllowlistExemptsUnlessExpired) {
  CveAllowlist a = CveAllowlist::parse(R"({"items":[{"cve_id":"CVE-1"}],"expires_at":1900000000})");
  EXPECT_FALSE(
      prevent_vul_violation("high", scanned({{"CVE-1", "Critical"}, {"CVE-2", "Low"}}), a, kNow));
  a.expires_at = kNow - 1;
  EXPECT_TRUE(prevent_vul_violation("high", scanned({{"CVE-1", "Critical"}}), a, kNow));
  // No expiry (absent or 0): never expires.
  CveAllowlist forever = CveAllowlist::parse(R"({"items":[{"cve_id":"CVE-1"}]})");
  EXPECT_FALSE(prevent_vul_violation("high", scanned({{"CVE-1", "Critical"}}), forever, kNow));
}

TEST(VulnPolicyTest, UnscannedAndUnfinishedAreBlockedAsHarborDoes) {
  CveAllowlist none;
  auto m = prevent_vul_violation("critical", {}, none, kNow);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->rfind("current image without vulnerability scanning cannot be pulled", 0), 0u);
  auto r = prevent_vul_violation("critical", {"Running", {}}, none, kNow);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rfind("current image with \"Running\" status of vulnerability scanning", 0), 0u);
}

TEST(VulnPolicyTest, EffectiveAllowlist) {
  CveAllowlist project = CveAllowlist::parse(R"({"items":[{"cve_id":"P"}]})");
  CveAllowlist system = CveAllowlist::parse(R"({"items":[{"cve_id":"S"}]})");
  EXPECT_TRUE(effective_allowlist("", project, system).cve_ids.count("S"));
  EXPECT_TRUE(effective_allowlist("true", project, system).cve_ids.count("S"));
  EXPECT_TRUE(effective_allowlist("false", project, system).cve_ids.count("P"));
  EXPECT_TRUE(CveAllowlist::parse("not json").cve_ids.empty());
  EXPECT_TRUE(CveAllowlist::parse(R"({"items":"x"})").cve_ids.empty());
}

TEST(HarborReportTest, SummaryAndReportShape) {
  ScanReport r;
  r.target.digest = "sha256:abc";
  Finding a;
  a.vulnerability_id = "CVE-2024-1";
  a.package = "openssl";
  a.version = "1.0";
  a.fix_version = "1.1";
  a.severity = "High";
  a.links = {"https://example.test/CVE-2024-1"};
  a.cvss = {{"redhat", "CVSS:3.1/AV:L", 5.0, "", 0}, {"nvd", "CVSS:3.1/AV:N", 7.5, "", 0}};
  a.cwe_ids = {"CWE-79"};
  Finding b = a;
  b.vulnerability_id = "CVE-2024-2";
  b.fix_version = "";
  b.severity = "LOW";
  b.primary_url = "https://avd.aquasec.com/nvd/cve-2024-2";
  b.status = "affected";
  b.layer_digest = "sha256:l1";
  b.layer_diff_id = "sha256:d1";
  r.findings = {a, b};
  auto s = summarize(r);
  EXPECT_EQ(s.severity, "High");
  EXPECT_EQ(s.counts["total"], 2);
  EXPECT_EQ(s.counts["fixable"], 1);
  EXPECT_EQ(s.counts["summary"]["High"], 1);
  EXPECT_EQ(s.counts["summary"]["Low"], 1);
  auto j = harbor_vuln_report(r, {}, "p/r", "application/vnd.oci.image.manifest.v1+json",
                              "2026-01-01T00:00:00Z");
  EXPECT_EQ(j["severity"], "High");
  EXPECT_EQ(j["artifact"]["digest"], "sha256:abc");
  ASSERT_EQ(j["vulnerabilities"].size(), 2u);
  EXPECT_EQ(j["vulnerabilities"][0]["preferred_cvss"]["score_v3"], 7.5);
  EXPECT_EQ(j["vulnerabilities"][0]["vendor_attributes"]["CVSS"]["nvd"]["V3Vector"],
            "CVSS:3.1/AV:N");
  EXPECT_EQ(j["vulnerabilities"][1]["severity"], "Low");
  // links: [PrimaryURL] when there is one, else the references (Harbor's Trivy adapter).
  EXPECT_EQ(j["vulnerabilities"][0]["links"], nlohmann::json({"https://example.test/CVE-2024-1"}));
  EXPECT_EQ(j["vulnerabilities"][1]["links"],
            nlohmann::json({"https://avd.aquasec.com/nvd/cve-2024-2"}));
  EXPECT_FALSE(j["vulnerabilities"][0].contains("status"));
  EXPECT_EQ(j["vulnerabilities"][1]["status"], "affected");
  EXPECT_TRUE(j["vulnerabilities"][0]["layer"].is_null());
  EXPECT_EQ(j["vulnerabilities"][1]["layer"]["digest"], "sha256:l1");
  EXPECT_EQ(j["vulnerabilities"][1]["layer"]["diff_id"], "sha256:d1");
  EXPECT_EQ(summarize(ScanReport{}).severity, "None");
}
