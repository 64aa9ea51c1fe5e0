// The scanner engine (src/scan/scan_engine, vuln_matcher, matcher_os/lang, vuln_details) against a
// trivy.db that the real Go bbolt writes from Trivy's fixtures plus the extra advisories below,
// with exact expected findings.
#include "scan/scan_engine.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "bbolt_oracle.h"
#include "scan/vuln_db_import.h"
#include "scan/vuln_matcher.h"
#include "scan_test_support.h"

namespace fs = std::filesystem;
using namespace berth::scan;
using berth::testing::TempDir;
using nlohmann::json;

namespace {

const char* kMetadata =
    R"({"Version":2,"NextUpdate":"2099-01-02T00:00:00Z","UpdatedAt":"2099-01-01T00:00:00Z","DownloadedAt":"0001-01-01T00:00:00Z"})"
    "\n";

json extra_fixtures() {
  return json::parse(R"([
    {"bucket": "data-source", "pairs": [
      {"key": "debian 12", "value": {"ID": "debian", "Name": "Debian Security Tracker", "URL": "https://salsa.debian.org/security-tracker-team/security-tracker"}},
      {"key": "alpine 3.19", "value": {"ID": "alpine", "Name": "Alpine Secdb", "URL": "https://secdb.alpinelinux.org/"}}]},
    {"bucket": "debian 12", "pairs": [
      {"bucket": "glibc", "pairs": [
        {"key": "CVE-2099-0001", "value": {"FixedVersion": "2.36-9+deb12u5", "VendorIDs": ["DSA-9999-1"]}},
        {"key": "CVE-2099-0002", "value": {"FixedVersion": "2.36-9+deb12u3"}},
        {"key": "CVE-2099-0003", "value": {"Severity": 3, "Status": 5}}]},
      {"bucket": "libc6", "pairs": [
        {"key": "CVE-2099-0009", "value": {"FixedVersion": "9.0"}}]},
      {"bucket": "docker-ce", "pairs": [
        {"key": "CVE-2099-0010", "value": {"FixedVersion": "99.0"}}]}]},
    {"bucket": "ubuntu 22.04-ESM", "pairs": [
      {"bucket": "bash", "pairs": [
        {"key": "CVE-2099-0400", "value": {"FixedVersion": "5.1-6ubuntu1.1+esm1", "Severity": 2}}]}]},
    {"bucket": "alpine 3.19", "pairs": [
      {"bucket": "openssl", "pairs": [
        {"key": "CVE-2099-0100", "value": {"FixedVersion": "3.1.4-r5"}},
        {"key": "CVE-2099-0101", "value": {"FixedVersion": "3.1.4-r1"}}]}]},
    {"bucket": "Red Hat", "pairs": [
      {"bucket": "curl", "pairs": [
        {"key": "RHSA-2099:0001", "value": {"Entries": [{"FixedVersion": "7.29.0-60.el7", "Cves": [{"ID": "CVE-2099-0200", "Severity": 2}], "Arches": ["x86_64"], "Affected": [869]}]}},
        {"key": "RHSA-2099:0002", "value": {"Entries": [{"FixedVersion": "7.29.0-62.el7", "Cves": [{"ID": "CVE-2099-0200", "Severity": 3}], "Affected": [869]}]}},
        {"key": "CVE-2099-0201", "value": {"Entries": [{"FixedVersion": "7.29.0-70.el7", "Arches": ["aarch64"], "Cves": [{"Severity": 1}], "Affected": [869]}]}},
        {"key": "CVE-2099-0202", "value": {"Entries": [{"FixedVersion": "7.29.0-70.el7", "Cves": [{"Severity": 1}], "Affected": [857]}]}},
        {"key": "CVE-2099-0203", "value": {"Entries": [{"Status": 6, "Cves": [{"Severity": 1}], "Affected": [869]}]}}]},
      {"bucket": "acme-tool", "pairs": [
        {"key": "CVE-2099-0210", "value": {"Entries": [{"FixedVersion": "9.0-1", "Cves": [{"Severity": 4}], "Affected": [869]}]}}]}]},
    {"bucket": "npm::GitHub Security Advisory Npm", "pairs": [
      {"bucket": "berth-testpkg", "pairs": [
        {"key": "GHSA-aaaa-bbbb-cccc", "value": {"PatchedVersions": ["4.17.21"], "VulnerableVersions": ["<4.17.21"]}},
        {"key": "GHSA-dddd-eeee-ffff", "value": {"PatchedVersions": ["5.0.1"], "VulnerableVersions": [">=5.0.0, <5.0.1"]}}]}]},
    {"bucket": "pip::GitHub Security Advisory Pip", "pairs": [
      {"bucket": "berth-test.pkg", "pairs": [
        {"key": "CVE-2099-0300", "value": {"VulnerableVersions": [">=1.0, <1.2.3"]}}]}]},
    {"bucket": "vulnerability", "pairs": [
      {"key": "CVE-2099-0001", "value": {"Title": "glibc: overflow <in> & out", "Description": "d1", "Severity": "CRITICAL",
        "CweIDs": ["CWE-787"], "VendorSeverity": {"debian": 2, "nvd": 4},
        "CVSS": {"nvd": {"V2Vector": "AV:N/AC:L/Au:N/C:P/I:P/A:P", "V3Vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "V2Score": 7.5, "V3Score": 9.8}},
        "References": ["https://example.com/1"], "PublishedDate": "2099-01-01T00:00:00Z", "LastModifiedDate": "2099-01-02T00:00:00Z"}},
      {"key": "CVE-2099-0003", "value": {"Title": "t3", "VendorSeverity": {"nvd": 1}}},
      {"key": "CVE-2099-0100", "value": {"Title": "t100", "Severity": "HIGH"}},
      {"key": "CVE-2099-0200", "value": {"Title": "t200", "VendorSeverity": {"nvd": 4, "redhat": 1}}},
      {"key": "CVE-2099-0203", "value": {"Title": "t203"}},
      {"key": "GHSA-aaaa-bbbb-cccc", "value": {"Title": "proto pollution", "VendorSeverity": {"ghsa": 3, "nvd": 2}}}]}
  ])");
}

Package pkg(std::string name, std::string version, std::string release = "") {
  Package p;
  p.name = std::move(name);
  p.version = std::move(version);
  p.release = std::move(release);
  return p;
}

Package deb(std::string name, std::string src, std::string version, std::string release) {
  Package p = pkg(std::move(name), version, release);
  p.src_name = std::move(src);
  p.src_version = std::move(version);
  p.src_release = std::move(release);
  p.arch = "amd64";
  return p;
}

struct Row {
  std::string id, package, version, fix, severity, source, status, layer;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << r.id << " " << r.package << " " << r.version << " fix=" << r.fix << " " << r.severity
            << "/" << r.source << " " << r.status << " " << r.layer;
}

std::vector<Row> rows(const std::vector<Finding>& findings) {
  std::vector<Row> out;
  for (const auto& f : findings)
    out.push_back({f.vulnerability_id, f.package, f.version, f.fix_version, f.severity,
                   f.severity_source, f.status, f.layer_digest});
  return out;
}

}  // namespace

class ScanEngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto* oracle = berth::testing::BboltOracle::get();
    if (!oracle) return;
    dir_ = std::make_unique<TempDir>();
    json fixtures = berth::testing::fixtures_to_json(berth::testing::all_trivy_fixtures());
    for (auto& item : extra_fixtures()) fixtures.push_back(item);
    fs::create_directories(*dir_ / "db");
    oracle->write({{"pageSize", 4096}, {"fixtures", fixtures}}, *dir_ / "db" / "trivy.db");
    std::ofstream(*dir_ / "db" / "metadata.json") << kMetadata;
    db_ = std::make_unique<TrivyDb>(TrivyDb::open((*dir_ / "db").string()));
  }
  static void TearDownTestSuite() {
    db_.reset();
    dir_.reset();
  }
  void SetUp() override {
    BERTH_REQUIRE_BBOLT_ORACLE(oracle);
    ASSERT_TRUE(db_);
  }
  std::vector<Finding> match(const ImageAnalysis& a, MatchContext* out_ctx = nullptr) {
    MatchContext ctx{*db_, {"sha256:l0", "sha256:l1"}, {}, 0, {}};
    auto findings = match_analysis(ctx, a);
    if (out_ctx) {
      out_ctx->warnings = ctx.warnings;
      out_ctx->packages_scanned = ctx.packages_scanned;
    }
    return findings;
  }
  static ImageAnalysis debian_image() {
    ImageAnalysis a;
    a.os = {"debian", "12.5", "12", false};
    OsPackageDb status{"var/lib/dpkg/status", OsPackageFormat::kDpkg, {}, 1};
    status.packages.push_back(deb("libc6", "glibc", "2.36", "9+deb12u4"));
    status.packages.push_back(deb("libc-bin", "glibc", "2.36", "9+deb12u4"));
    Package docker = deb("docker-ce", "docker-ce", "1.0", "1");
    docker.maintainer = "Docker <support@docker.com>";
    status.packages.push_back(docker);
    a.os_packages.push_back(status);
    // An apk DB in a Debian image: Trivy ignores it.
    a.os_packages.push_back(
        {"lib/apk/db/installed", OsPackageFormat::kApk, {pkg("openssl", "3.1.4-r1")}, 0});
    return a;
  }

  static std::unique_ptr<TempDir> dir_;
  static std::unique_ptr<TrivyDb> db_;
};

std::unique_ptr<TempDir> ScanEngineTest::dir_;
std::unique_ptr<TrivyDb> ScanEngineTest::db_;

TEST_F(ScanEngineTest, DebianMatchesSourcePackagesWithVendorSeverity) {
  MatchContext ctx{*db_, {}, {}, 0, {}};
  auto findings = match(debian_image(), &ctx);
  std::vector<Row> expected = {
      {"CVE-2099-0003", "libc-bin", "2.36-9+deb12u4", "", "High", "debian", "will_not_fix",
       "sha256:l1"},
      {"CVE-2099-0003", "libc6", "2.36-9+deb12u4", "", "High", "debian", "will_not_fix",
       "sha256:l1"},
      {"CVE-2099-0001", "libc-bin", "2.36-9+deb12u4", "2.36-9+deb12u5", "Medium", "debian", "fixed",
       "sha256:l1"},
      {"CVE-2099-0001", "libc6", "2.36-9+deb12u4", "2.36-9+deb12u5", "Medium", "debian", "fixed",
       "sha256:l1"},
  };
  EXPECT_EQ(rows(findings), expected);
  EXPECT_EQ(ctx.packages_scanned, 2);  // docker-ce is third-party, the apk DB does not count
  const Finding& f = findings[2];
  EXPECT_EQ(f.title, "glibc: overflow <in> & out");
  EXPECT_EQ(f.primary_url, "https://avd.aquasec.com/nvd/cve-2099-0001");
  EXPECT_EQ(f.vendor_ids, std::vector<std::string>{"DSA-9999-1"});
  EXPECT_EQ(f.cwe_ids, std::vector<std::string>{"CWE-787"});
  EXPECT_EQ(f.links, std::vector<std::string>{"https://example.com/1"});
  EXPECT_EQ(f.pkg_type, "debian");
  EXPECT_EQ(f.pkg_id, "libc-bin@2.36-9+deb12u4");
  EXPECT_EQ(f.data_source_id, "debian");
  EXPECT_EQ(f.data_source_name, "Debian Security Tracker");
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].source, "nvd");
  EXPECT_DOUBLE_EQ(f.cvss[0].v3_score, 9.8);
  EXPECT_DOUBLE_EQ(f.cvss[0].v2_score, 7.5);
  EXPECT_EQ(f.published_date, "2099-01-01T00:00:00Z");
  // The detector's severity replaced the vendor entry for debian.
  auto vs = findings[0].vendor_severity;
  EXPECT_EQ(vs, (std::vector<std::pair<std::string, int>>{{"debian", 3}, {"nvd", 1}}));
}

TEST_F(ScanEngineTest, TrivyFixtureDebianUnfixedStatusAndUrgency) {
  ImageAnalysis a;
  a.os = {"debian", "9.13", "9", false};
  a.os_packages.push_back(
      {"var/lib/dpkg/status",
       OsPackageFormat::kDpkg,
       {deb("bash", "bash", "4.4", "5"), deb("e2fsprogs", "e2fsprogs", "1.43.4", "2")},
       -1});
  std::vector<Row> expected = {
      {"CVE-2019-5094", "e2fsprogs", "1.43.4-2", "1.43.4-2+deb9u1", "Medium", "nvd", "fixed", ""},
      {"CVE-2019-18276", "bash", "4.4-5", "", "Low", "debian", "end_of_life", ""},
  };
  EXPECT_EQ(rows(match(a)), expected);
}

TEST_F(ScanEngineTest, UbuntuAndUbuntuEsm) {
  ImageAnalysis a;
  a.os = {"ubuntu", "22.04", "22.04", false};
  a.os_packages.push_back(
      {"var/lib/dpkg/status", OsPackageFormat::kDpkg, {deb("bash", "bash", "5.1", "6ubuntu1")}, 0});
  // No data source for "ubuntu 22.04" in the fixtures: NVD's severity.
  std::vector<Row> plain = {
      {"CVE-2022-3715", "bash", "5.1-6ubuntu1", "", "High", "nvd", "affected", "sha256:l0"}};
  EXPECT_EQ(rows(match(a)), plain);
  a.os.extended = true;
  std::vector<Row> esm = {{"CVE-2099-0400", "bash", "5.1-6ubuntu1", "5.1-6ubuntu1.1+esm1", "Medium",
                           "ubuntu", "fixed", "sha256:l0"}};
  EXPECT_EQ(rows(match(a)), esm);
}

TEST_F(ScanEngineTest, AlpineUsesOriginAndLegacySeverity) {
  ImageAnalysis a;
  a.os = {"alpine", "3.19.1", "3.19", false};
  Package p = pkg("libcrypto3", "3.1.4-r1");
  p.src_name = "openssl";
  p.src_version = "3.1.4-r1";
  a.os_packages.push_back({"lib/apk/db/installed", OsPackageFormat::kApk, {p}, 0});
  std::vector<Row> expected = {
      {"CVE-2099-0100", "libcrypto3", "3.1.4-r1", "3.1.4-r5", "High", "", "fixed", "sha256:l0"},
  };
  EXPECT_EQ(rows(match(a)), expected);
}

TEST_F(ScanEngineTest, RedHatCpeArchDedupeAndThirdParty) {
  ImageAnalysis a;
  a.os = {"redhat", "7.9", "7", false};
  Package curl = pkg("curl", "7.29.0", "59.el7");
  curl.arch = "x86_64";
  curl.vendor = "Red Hat, Inc.";
  Package acme = pkg("acme-tool", "1.0", "1");
  acme.arch = "x86_64";
  acme.vendor = "Acme Corp";
  a.os_packages.push_back(
      {"var/lib/rpm/rpmdb.sqlite", OsPackageFormat::kRpmSqlite, {curl, acme}, 0});
  std::vector<Row> expected = {
      {"CVE-2099-0200", "curl", "7.29.0-59.el7", "7.29.0-62.el7", "High", "redhat", "fixed",
       "sha256:l0"},
      {"CVE-2099-0203", "curl", "7.29.0-59.el7", "", "Low", "redhat", "fix_deferred", "sha256:l0"},
  };
  auto findings = match(a);
  EXPECT_EQ(rows(findings), expected);
  EXPECT_EQ(findings[0].vendor_ids, std::vector<std::string>{"RHSA-2099:0002"});
  // No CPE for RHEL 9's default content sets: one warning, no findings, no failure.
  a.os = {"redhat", "9.1", "9", false};
  MatchContext ctx{*db_, {}, {}, 0, {}};
  EXPECT_TRUE(match(a, &ctx).empty());
  ASSERT_EQ(ctx.warnings.size(), 1u);
  EXPECT_NE(ctx.warnings[0].find("unable to find CPE indices"), std::string::npos);
}

// Trivy's Red Hat detector per package: the origin layer's build info selects the CPE indices
// (content sets, "<nvr>-<arch>"); without one, the defaults for the major version.
TEST_F(ScanEngineTest, RedHatCpesFromEachPackagesBuildInfo) {
  ImageAnalysis a;
  a.os = {"redhat", "7.9", "7", false};
  Package curl = pkg("curl", "7.29.0", "59.el7");
  curl.arch = "x86_64";
  curl.vendor = "Red Hat, Inc.";
  curl.layer = 2;
  Package tool = pkg("acme-tool", "1.0", "1");
  tool.arch = "x86_64";
  tool.vendor = "Red Hat, Inc.";
  tool.layer = 0;
  // The DB file comes from layer 2; the per-package origins decide.
  a.os_packages.push_back(
      {"var/lib/rpm/rpmdb.sqlite", OsPackageFormat::kRpmSqlite, {curl, tool}, 2});
  // Layer 2 says rhel-6-server-rpms (CPE 857); layers 0 and 1 have no build info, so acme-tool
  // (origin 0) uses the RHEL 7 defaults (CPE 869).
  a.layer_build_info = {std::nullopt, std::nullopt, BuildInfo{{"rhel-6-server-rpms"}, "", ""}};
  MatchContext ctx{*db_, {"sha256:l0", "sha256:l1", "sha256:l2"}, {}, 0, {}};
  ctx.layer_diff_ids = {"sha256:d0", "sha256:d1", "sha256:d2"};
  auto findings = match_analysis(ctx, a);
  std::vector<std::string> got;
  for (const auto& f : findings)
    got.push_back(f.vulnerability_id + " " + f.package + " " + f.layer_digest + " " +
                  f.layer_diff_id);
  // CVE-2099-0200/0203 (CPE 869 only, the default sets) are not reachable for curl any more;
  // CVE-2099-0202 (CPE 857, only through the image's content set) is.
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"CVE-2099-0202 curl sha256:l2 sha256:d2",
                                           "CVE-2099-0210 acme-tool sha256:l0 sha256:d0"}));
  EXPECT_TRUE(ctx.warnings.empty());

  // An NVR-only build info in layer 1 reaches CPE 869 through `Red Hat CPE/nvr`, and the base
  // layer's packages take layer 1's build info.
  a.os_packages[0].packages[0].layer = 0;
  a.layer_build_info = {std::nullopt, BuildInfo{{}, "ubi7-container-7.7-140", "x86_64"}};
  MatchContext ctx2{*db_, {"sha256:l0", "sha256:l1"}, {}, 0, {}};
  got.clear();
  for (const auto& f : match_analysis(ctx2, a))
    got.push_back(f.vulnerability_id + " " + f.package + " " + f.layer_digest);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(
      got, (std::vector<std::string>{"CVE-2099-0200 curl sha256:l0", "CVE-2099-0203 curl sha256:l0",
                                     "CVE-2099-0210 acme-tool sha256:l0"}));

  // A content set the DB has no CPE for: trivy-db's error, as a warning, for those packages only.
  a.layer_build_info = {BuildInfo{{"unknown-rpms"}, "", ""}, std::nullopt};
  a.os_packages[0].packages[1].layer = 1;  // acme-tool: the nearest lower layer's build info too
  MatchContext ctx3{*db_, {"sha256:l0", "sha256:l1"}, {}, 0, {}};
  EXPECT_TRUE(match_analysis(ctx3, a).empty());
  ASSERT_EQ(ctx3.warnings.size(), 1u);
  EXPECT_NE(ctx3.warnings[0].find("unable to find CPE indices"), std::string::npos);
}

TEST_F(ScanEngineTest, LanguagePackagesNpmAndPip) {
  ImageAnalysis a;
  Package npm = pkg("berth-testpkg", "4.17.20");
  npm.file_path = "app/node_modules/berth-testpkg/package.json";
  Package pip = pkg("Berth_Test.Pkg", "1.2.0");
  pip.file_path = "usr/lib/python3/site-packages/Berth_Test.Pkg-1.2.0.dist-info/METADATA";
  Package pip_ok = pkg("Berth_Test.Pkg", "1.2.3");
  pip_ok.file_path = "opt/other/METADATA";
  a.lang_packages.push_back({"node-pkg", npm.file_path, {npm}, 1});
  a.lang_packages.push_back({"python-pkg", pip.file_path, {pip}, 0});
  a.lang_packages.push_back({"python-pkg", pip_ok.file_path, {pip_ok}, 0});
  std::vector<Row> expected = {
      {"GHSA-aaaa-bbbb-cccc", "berth-testpkg", "4.17.20", "4.17.21", "High", "ghsa", "fixed",
       "sha256:l1"},
      {"CVE-2099-0300", "Berth_Test.Pkg", "1.2.0", "1.2.3", "Unknown", "", "fixed", "sha256:l0"},
  };
  auto findings = match(a);
  EXPECT_EQ(rows(findings), expected);
  EXPECT_EQ(findings[0].pkg_path, "app/node_modules/berth-testpkg/package.json");
  EXPECT_EQ(findings[0].pkg_type, "node-pkg");
  EXPECT_EQ(findings[0].primary_url, "https://github.com/advisories/GHSA-aaaa-bbbb-cccc");
  EXPECT_EQ(findings[0].data_source_id, "ghsa");
}

TEST_F(ScanEngineTest, UnknownOsFamilyWarns) {
  ImageAnalysis a;
  a.os = {"plan9", "4", "4", false};
  a.os_packages.push_back({"x", OsPackageFormat::kDpkg, {pkg("a", "1")}, 0});
  MatchContext ctx{*db_, {}, {}, 0, {}};
  EXPECT_TRUE(match(a, &ctx).empty());
  ASSERT_EQ(ctx.warnings.size(), 1u);
  EXPECT_NE(ctx.warnings[0].find("plan9"), std::string::npos);
}

TEST_F(ScanEngineTest, TrivyJsonReportShape) {
  ScanReport r;
  r.target.name = "library/app:1";
  r.target.repository = "library/app";
  r.target.digest = "sha256:abc";
  r.target.config_digest = "sha256:cfg";
  r.os_family = "debian";
  r.os_name = "12.5";
  MatchContext ctx{*db_, {"sha256:l0", "sha256:l1"}, {}, 0, {}};
  ImageAnalysis a = debian_image();
  Package npm = pkg("berth-testpkg", "4.17.20");
  npm.file_path = "app/node_modules/berth-testpkg/package.json";
  a.lang_packages.push_back({"node-pkg", npm.file_path, {npm}, 1});
  r.findings = match_analysis(ctx, a);
  std::string text = trivy_json_report(r);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find(R"("Title": "glibc: overflow \u003cin\u003e \u0026 out")"),
            std::string::npos);
  EXPECT_NE(text.find(R"("V3Score": 9.8)"), std::string::npos);
  auto j = nlohmann::ordered_json::parse(text);  // keeps the key order
  EXPECT_EQ(j["SchemaVersion"], 2);
  EXPECT_EQ(j["ArtifactName"], "library/app:1");
  EXPECT_EQ(j["ArtifactType"], "container_image");
  EXPECT_EQ(j["Metadata"]["OS"]["Family"], "debian");
  EXPECT_EQ(j["Metadata"]["OS"]["Name"], "12.5");
  EXPECT_EQ(j["Metadata"]["ImageID"], "sha256:cfg");
  EXPECT_EQ(j["Metadata"]["RepoDigests"][0], "library/app@sha256:abc");
  ASSERT_EQ(j["Results"].size(), 2u);
  const auto& os = j["Results"][0];
  EXPECT_EQ(os["Target"], "library/app:1 (debian 12.5)");
  EXPECT_EQ(os["Class"], "os-pkgs");
  EXPECT_EQ(os["Type"], "debian");
  // Trivy's order: package name, then severity (highest first), then ID.
  std::vector<std::string> order;
  for (const auto& v : os["Vulnerabilities"])
    order.push_back(v["PkgName"].get<std::string>() + " " +
                    v["VulnerabilityID"].get<std::string>());
  EXPECT_EQ(order, (std::vector<std::string>{"libc-bin CVE-2099-0003", "libc-bin CVE-2099-0001",
                                             "libc6 CVE-2099-0003", "libc6 CVE-2099-0001"}));
  const auto& v = os["Vulnerabilities"][1];
  std::vector<std::string> keys;
  for (auto it = v.begin(); it != v.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{
                "VulnerabilityID",  "VendorIDs",      "PkgID",  "PkgName",     "PkgIdentifier",
                "InstalledVersion", "FixedVersion",   "Status", "Layer",       "SeveritySource",
                "PrimaryURL",       "DataSource",     "Title",  "Description", "Severity",
                "CweIDs",           "VendorSeverity", "CVSS",   "References",  "PublishedDate",
                "LastModifiedDate"}));
  EXPECT_EQ(v["Severity"], "MEDIUM");
  EXPECT_TRUE(
      v["PkgIdentifier"]["PURL"].get<std::string>().starts_with("pkg:deb/debian/libc-bin@"));
  EXPECT_EQ(v["Layer"]["Digest"], "sha256:l1");
  EXPECT_EQ(v["Layer"].size(), 1u);  // no DiffID known: left out, not invented
  EXPECT_EQ(v["CVSS"]["nvd"]["V2Score"], 7.5);
  const auto& lang = j["Results"][1];
  EXPECT_EQ(lang["Target"], "Node.js");
  EXPECT_EQ(lang["Class"], "lang-pkgs");
  EXPECT_EQ(lang["Type"], "node-pkg");
  EXPECT_EQ(lang["Vulnerabilities"][0]["PkgPath"], "app/node_modules/berth-testpkg/package.json");

  // With the config's diff_ids, Layer carries both, in Trivy's order.
  ctx.layer_diff_ids = {"sha256:d0", "sha256:d1"};
  r.findings = match_analysis(ctx, a);
  j = nlohmann::ordered_json::parse(trivy_json_report(r));
  EXPECT_EQ(j["Results"][0]["Vulnerabilities"][0]["Layer"].dump(),
            R"({"Digest":"sha256:l1","DiffID":"sha256:d1"})");
}

// The whole path: no DB → NoVulnDb; import a directory; reload; scan a real layer.
TEST_F(ScanEngineTest, EngineImportReloadAndScanLayer) {
  TempDir data;
  ScanEngine engine(vuln_db_current_dir(data.path()));
  EXPECT_FALSE(engine.db_info());
  std::string layer = scantest::build_archive(
      {scantest::file("etc/debian_version", "12.5\n"),
       scantest::file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"),
       scantest::file("var/lib/dpkg/status",
                      "Package: libc6\nStatus: install ok installed\nSource: glibc\n"
                      "Version: 2.36-9+deb12u4\nArchitecture: amd64\n\n")},
      scantest::Compression::kGzip);
  scantest::write_file(data.path() / "layer.tar.gz", layer);
  ScanTarget target;
  target.name = "t:1";
  target.layers.push_back({data.path() / "layer.tar.gz",
                           "application/vnd.oci.image.layer.v1.tar+gzip", "sha256:layer0"});
  try {
    engine.scan(target);
    FAIL() << "scan without a DB";
  } catch (const NoVulnDb& e) {
    EXPECT_NE(std::string(e.what()).find("berth scanner import-db"), std::string::npos);
  }
  auto info = import_vuln_db_dir(*dir_ / "db", data.path());
  EXPECT_EQ(info.updated_at, "2099-01-01T00:00:00Z");
  EXPECT_FALSE(info.imported_at.empty());
  // The engine notices the new `current` by itself (an import by the CLI)...
  ASSERT_TRUE(engine.db_info());
  EXPECT_EQ(engine.db_info()->imported_at, info.imported_at);
  // ...and reload() does it on demand.
  engine.reload();
  ASSERT_TRUE(engine.db_info());
  EXPECT_EQ(engine.db_info()->next_update, "2099-01-02T00:00:00Z");
  ScanReport r = engine.scan(target);
  EXPECT_EQ(r.os_family, "debian");
  EXPECT_EQ(r.os_name, "12.5");
  EXPECT_EQ(r.packages_scanned, 1);
  std::vector<Row> expected = {
      {"CVE-2099-0003", "libc6", "2.36-9+deb12u4", "", "High", "debian", "will_not_fix",
       "sha256:layer0"},
      {"CVE-2099-0001", "libc6", "2.36-9+deb12u4", "2.36-9+deb12u5", "Medium", "debian", "fixed",
       "sha256:layer0"},
  };
  EXPECT_EQ(rows(r.findings), expected);
}

// Scans on several threads share one DB while reload() swaps it underneath them.
TEST_F(ScanEngineTest, ConcurrentScansDuringReload) {
  TempDir data;
  import_vuln_db_dir(*dir_ / "db", data.path());
  ScanEngine engine(vuln_db_current_dir(data.path()));
  std::string layer = scantest::build_archive(
      {scantest::file("etc/debian_version", "12.5\n"),
       scantest::file("var/lib/dpkg/status",
                      "Package: libc6\nStatus: install ok installed\nSource: glibc\n"
                      "Version: 2.36-9+deb12u4\nArchitecture: amd64\n\n")});
  scantest::write_file(data.path() / "layer.tar", layer);
  ScanTarget target;
  target.layers.push_back({data.path() / "layer.tar", "", "sha256:x"});
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        if (engine.scan(target).findings.size() != 2) ++bad;
      }
    });
  }
  for (int i = 0; i < 5; ++i) {
    import_vuln_db_dir(*dir_ / "db", data.path());
    engine.reload();
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(bad.load(), 0);
}
