// trivy-db v2 schema lookups (src/scan/trivy_db) against a DB that the real Go bbolt writes from
// tests/data/trivy-db-fixtures (Trivy's integration fixtures), with exact expected advisories.
#include "scan/trivy_db.h"

#include <fstream>
#include <memory>

#include <gtest/gtest.h>

#include "bbolt_oracle.h"
#include "scan/trivy_buckets.h"

namespace fs = std::filesystem;
using namespace berth::scan;
using berth::testing::TempDir;
using nlohmann::json;

namespace {
// Fields by name: brace-initialising OsQuery with some of its members trips
// -Wmissing-field-initializers.
OsQuery os(std::string family, std::string version, std::string arch = "",
           std::vector<std::string> content_sets = {}) {
  OsQuery q;
  q.family = std::move(family);
  q.version = std::move(version);
  q.arch = std::move(arch);
  q.content_sets = std::move(content_sets);
  return q;
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

const char* kMetadata =
    R"({"Version":2,"NextUpdate":"2022-03-02T12:07:07.99504023Z","UpdatedAt":"2022-03-02T06:07:07.99504083Z","DownloadedAt":"0001-01-01T00:00:00Z"})"
    "\n";

// Extra fixtures beyond Trivy's: two npm buckets sharing a vuln ID (the later bucket wins) and a
// malformed advisory value.
json extra_fixtures() {
  return json::parse(R"([
    {"bucket": "npm::Node.js Ecosystem Security Working Group", "pairs": [
      {"bucket": "jquery", "pairs": [
        {"key": "CVE-2019-11358", "value": {"PatchedVersions": [">=3.4.0"], "VulnerableVersions": ["<3.4.0"]}}]}]},
    {"bucket": "debian 11", "pairs": [
      {"bucket": "broken", "pairs": [{"key": "CVE-2000-0001", "value": "not json"}]}]}
  ])");
}

std::vector<std::string> ids(const std::vector<Advisory>& advisories) {
  std::vector<std::string> out;
  for (const auto& a : advisories) out.push_back(a.vulnerability_id);
  return out;
}

}  // namespace

class TrivyDbTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto* oracle = berth::testing::BboltOracle::get();
    if (!oracle) return;
    dir_ = std::make_unique<TempDir>();
    json fixtures = berth::testing::fixtures_to_json(berth::testing::all_trivy_fixtures());
    for (auto& item : extra_fixtures()) fixtures.push_back(item);
    oracle->write({{"pageSize", 4096}, {"fixtures", fixtures}}, *dir_ / "trivy.db");
    write_text(*dir_ / "metadata.json", kMetadata);
    db_ = std::make_unique<TrivyDb>(TrivyDb::open(dir_->path().string()));
  }
  static void TearDownTestSuite() {
    db_.reset();
    dir_.reset();
  }
  void SetUp() override {
    BERTH_REQUIRE_BBOLT_ORACLE(oracle);
    ASSERT_TRUE(db_);
  }
  const TrivyDb& db() { return *db_; }

  static std::unique_ptr<TempDir> dir_;
  static std::unique_ptr<TrivyDb> db_;
};

std::unique_ptr<TempDir> TrivyDbTest::dir_;
std::unique_ptr<TrivyDb> TrivyDbTest::db_;

TEST_F(TrivyDbTest, ReadsMetadata) {
  ASSERT_TRUE(db().metadata());
  const auto& m = *db().metadata();
  EXPECT_EQ(m.version, 2);
  EXPECT_EQ(m.updated_at, "2022-03-02T06:07:07.99504083Z");
  using namespace std::chrono;
  EXPECT_EQ(*m.next_update_time, sys_days{2022y / 3 / 2} + 12h + 7min + 7s);
  EXPECT_EQ(*m.downloaded_at_time, sys_days{year{1} / 1 / 1});
}

TEST_F(TrivyDbTest, DebianPackageHasExactlyTheFixtureAdvisories) {
  auto got = db().os_advisories(os("debian", "9.13"), "openssl");
  ASSERT_EQ(ids(got), (std::vector<std::string>{"CVE-2019-1551", "CVE-2019-1563"}));
  EXPECT_EQ(got[0].fixed_version, "");
  EXPECT_EQ(got[0].status, 0);
  EXPECT_EQ(got[1].fixed_version, "1.1.0l-1~deb9u1");
  EXPECT_EQ(got[1].vendor_ids, std::vector<std::string>{"DSA-4539-1"});
  EXPECT_EQ(got[1].bucket, "debian 9");
  EXPECT_EQ(got[1].data_source,
            (DataSource{"debian", "", "Debian Security Tracker",
                        "https://salsa.debian.org/security-tracker-team/security-tracker"}));

  auto bash9 = db().os_advisories(os("debian", "9"), "bash");
  ASSERT_EQ(ids(bash9), std::vector<std::string>{"CVE-2019-18276"});
  EXPECT_EQ(bash9[0].severity, 1);
  EXPECT_EQ(bash9[0].status, 7);
  EXPECT_EQ(status_name(bash9[0].status), "end_of_life");
  auto bash10 = db().os_advisories(os("debian", "10.1"), "bash");
  ASSERT_EQ(bash10.size(), 1u);
  EXPECT_EQ(bash10[0].status, 0);
  EXPECT_TRUE(db().os_advisories(os("debian", "12"), "openssl").empty());
  EXPECT_TRUE(db().os_advisories(os("debian", "9"), "no-such-package").empty());
}

TEST_F(TrivyDbTest, AlpineUbuntuAmazonBuckets) {
  auto alpine = db().os_advisories(os("alpine", "3.9.4"), "openssl");
  ASSERT_EQ(ids(alpine), (std::vector<std::string>{"CVE-2019-1549", "CVE-2019-1551"}));
  EXPECT_EQ(alpine[0].fixed_version, "1.1.1d-r0");
  EXPECT_EQ(alpine[1].fixed_version, "1.1.1d-r2");
  EXPECT_EQ(alpine[0].data_source.id, "alpine");
  EXPECT_EQ(ids(db().os_advisories(os("alpine", "edge"), "git")),
            std::vector<std::string>{"CVE-2022-24765"});

  auto ubuntu = db().os_advisories(os("ubuntu", "18.04"), "bash");
  ASSERT_EQ(ids(ubuntu), (std::vector<std::string>{"CVE-2016-9401", "CVE-2019-18276"}));
  EXPECT_EQ(ubuntu[0].fixed_version, "4.4-5ubuntu1");
  EXPECT_EQ(ubuntu[1].fixed_version, "");  // stored as {}

  auto amzn2 = db().os_advisories(os("amazon", "2 (Karoo)"), "curl");
  ASSERT_EQ(ids(amzn2), (std::vector<std::string>{"CVE-2019-5436", "CVE-2019-5481"}));
  EXPECT_EQ(amzn2[0].fixed_version, "7.61.1-11.amzn2.0.2");
  auto amzn1 = db().os_advisories(os("amazon", "2018.03"), "curl");
  ASSERT_EQ(amzn1.size(), 2u);
  EXPECT_EQ(amzn1[1].fixed_version, "7.61.1-12.93.amzn1");
  EXPECT_EQ(db().os_advisories(os("amazon", "2"), "bind-export-libs")[0].fixed_version,
            "99:9.11.4-26.P2.amzn2.13");
}

TEST_F(TrivyDbTest, OracleEntriesExpandPerArch) {
  auto x86 = db().os_advisories(os("oracle", "8.1", "x86_64"), "curl");
  ASSERT_EQ(ids(x86), (std::vector<std::string>{"CVE-2019-3823", "CVE-2019-5436"}));
  EXPECT_EQ(x86[0].fixed_version, "7.61.1-11.el8");
  EXPECT_EQ(x86[1].fixed_version, "7.61.1-12.el8");
  EXPECT_EQ(x86[0].data_source.id, "oracle-oval");
  EXPECT_TRUE(db().os_advisories(os("oracle", "8", "s390x"), "curl").empty());
  // The raw lookup keeps the entries.
  auto raw = db().advisories("Oracle Linux 8", "curl");
  ASSERT_EQ(raw.size(), 2u);
  ASSERT_EQ(raw[0].entries.size(), 1u);
  EXPECT_EQ(raw[0].entries[0].arches, (std::vector<std::string>{"x86_64", "aarch64"}));
}

TEST_F(TrivyDbTest, RedHatFiltersByCpeIndices) {
  // rhel-7-server-rpms → CPE 869: RHSA-2019:2304 applies (two CVEs), RHSA-2019:2471 does not.
  auto rhel7 =
      db().redhat_advisories("openssl", db().redhat_cpe_indices({"rhel-7-server-rpms"}, {}));
  ASSERT_EQ(ids(rhel7), (std::vector<std::string>{"CVE-2018-0734", "CVE-2019-1559"}));
  EXPECT_EQ(rhel7[0].vendor_ids, std::vector<std::string>{"RHSA-2019:2304"});
  EXPECT_EQ(rhel7[0].fixed_version, "1:1.0.2k-19.el7");
  EXPECT_EQ(rhel7[0].severity, 1);
  EXPECT_EQ(rhel7[1].severity, 2);

  auto rhel6 =
      db().redhat_advisories("openssl", db().redhat_cpe_indices({"rhel-6-server-rpms"}, {}));
  ASSERT_EQ(ids(rhel6), std::vector<std::string>{"CVE-2019-1559"});
  EXPECT_EQ(rhel6[0].fixed_version, "0:1.0.1e-58.el6_10");
  EXPECT_EQ(rhel6[0].vendor_ids, std::vector<std::string>{"RHSA-2019:2471"});

  // A CVE key is its own ID; Arches and Status are copied.
  auto bash = db().os_advisories(os("redhat", "7.9"), "bash");  // default rhel-7 content sets
  ASSERT_EQ(ids(bash), std::vector<std::string>{"CVE-2019-18276"});
  EXPECT_TRUE(bash[0].vendor_ids.empty());
  EXPECT_EQ(bash[0].arches, std::vector<std::string>{"x86_64"});
  EXPECT_EQ(bash[0].status, 5);
  EXPECT_EQ(bash[0].severity, 1);

  // NVRs and "__<digits>" content-set suffixes.
  EXPECT_EQ(db().redhat_cpe_indices({}, {"ubi7-container-7.7-140-x86_64"}), std::vector<int>{869});
  EXPECT_EQ(db().redhat_cpe_indices({"rhel-6-server-rpms__6_DOT_10", "rhel-7-server-rpms"}, {}),
            (std::vector<int>{857, 869}));
  EXPECT_THROW(db().redhat_cpe_indices({"unknown-rpms"}, {}), TrivyDbError);
  EXPECT_THROW(db().os_advisories(os("centos", "5"), "bash"), TrivyDbError);
  // glibc's only entry affects 596/857/858: a RHEL 6 image sees it, a RHEL 7 image does not.
  EXPECT_EQ(db().os_advisories(os("centos", "6.10"), "glibc").size(), 1u);
  EXPECT_TRUE(db().os_advisories(os("centos", "7", "", {"rhel-7-server-rpms"}), "glibc").empty());
}

TEST_F(TrivyDbTest, LanguageBucketsByPrefix) {
  std::vector<std::string> npm;
  db().for_each_prefix("npm::",
                       [&](std::string_view name, const auto&) { npm.emplace_back(name); });
  EXPECT_EQ(npm, (std::vector<std::string>{"npm::GitHub Security Advisory Npm",
                                           "npm::Node.js Ecosystem Security Working Group"}));

  auto jquery = db().ecosystem_advisories("node-pkg", "jQuery");
  ASSERT_EQ(ids(jquery), (std::vector<std::string>{"CVE-2015-9251", "CVE-2019-11358"}));
  EXPECT_EQ(jquery[0].vulnerable_versions, std::vector<std::string>{"< 3.0.0"});
  EXPECT_EQ(jquery[0].patched_versions, std::vector<std::string>{"3.0.0"});
  EXPECT_EQ(jquery[0].data_source.id, "ghsa");
  // The same ID in the later bucket (byte order) wins, as in trivy-db.
  EXPECT_EQ(jquery[1].bucket, "npm::Node.js Ecosystem Security Working Group");
  EXPECT_EQ(jquery[1].vulnerable_versions, std::vector<std::string>{"<3.4.0"});

  auto werkzeug = db().ecosystem_advisories("python-pkg", "Werkzeug");
  EXPECT_EQ(ids(werkzeug), (std::vector<std::string>{"CVE-2019-14806", "CVE-2020-28724"}));
  auto rails = db().ecosystem_advisories("gemspec", "activesupport");
  ASSERT_EQ(rails.size(), 3u);
  EXPECT_EQ(rails[0].vulnerable_versions,
            (std::vector<std::string>{">= 3.0.0, <= 3.2.22.4", ">= 4.2.0, < 4.2.2",
                                      ">= 4.1.0, < 4.1.11"}));
  EXPECT_EQ(ids(db().ecosystem_advisories("gobinary", "golang.org/x/text")),
            std::vector<std::string>{"CVE-2021-38561"});
  // Both maven buckets: GHSA and GitLab.
  auto jackson = db().ecosystem_advisories("jar", "com.fasterxml.jackson.core:jackson-databind");
  ASSERT_EQ(ids(jackson), (std::vector<std::string>{"CVE-2020-9548", "CVE-2021-20190"}));
  EXPECT_EQ(jackson[1].data_source.id, "glad");
  EXPECT_EQ(jackson[1].vulnerable_versions, std::vector<std::string>{"[2.9.0,2.9.10.7)"});
  EXPECT_TRUE(db().ecosystem_advisories("conda-pkg", "numpy").empty());
}

TEST_F(TrivyDbTest, VulnerabilityDetails) {
  auto v = db().vulnerability("CVE-2019-11358");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->cwe_ids, std::vector<std::string>{"CWE-79"});
  EXPECT_EQ(v->published_date, "2019-04-20T00:29:00Z");
  EXPECT_EQ(v->last_modified_date, "2021-10-20T11:15:00Z");
  EXPECT_EQ(v->cvss.at("nvd").v3_score, 6.1);
  EXPECT_EQ(v->cvss.at("nvd").v2_vector, "AV:N/AC:M/Au:N/C:N/I:P/A:N");
  EXPECT_EQ(v->cvss.at("redhat").v3_vector, "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L");
  EXPECT_TRUE(v->description.starts_with("jQuery before 3.4.0"));
  EXPECT_GT(v->references.size(), 40u);

  auto bind = db().vulnerability("CVE-2022-38177");
  ASSERT_TRUE(bind);
  EXPECT_EQ(bind->title, "bind: memory leak in ECDSA DNSSEC verification code");
  EXPECT_EQ(bind->severity, "HIGH");
  EXPECT_EQ(
      bind->vendor_severity,
      (std::map<std::string, int>{{"arch-linux", 2}, {"nvd", 2}, {"redhat", 2}, {"ubuntu", 2}}));
  EXPECT_FALSE(db().vulnerability("CVE-0000-0000"));

  auto ds = db().data_source("npm::GitHub Security Advisory Npm");
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->name, "GitHub Security Advisory Npm");
  EXPECT_FALSE(db().data_source("nope"));
}

TEST_F(TrivyDbTest, MalformedAdvisoryIsAClearError) {
  try {
    db().os_advisories(os("debian", "11"), "broken");
    FAIL() << "no error";
  } catch (const TrivyDbError& e) {
    EXPECT_NE(std::string(e.what()).find("debian 11/broken/CVE-2000-0001"), std::string::npos)
        << e.what();
  }
}

TEST(TrivyDbOpen, MetadataRulesAndTheEmptyDb) {
  TempDir dir;
  fs::copy_file(berth::testing::tests_dir() / "data" / "bbolt-empty-trivy.db", dir / "trivy.db");
  EXPECT_THROW(TrivyDb::open(dir.path().string()), TrivyDbError);  // dir without metadata.json
  TrivyDb file_only = TrivyDb::open((dir / "trivy.db").string());
  EXPECT_FALSE(file_only.metadata());
  EXPECT_FALSE(file_only.vulnerability("CVE-2019-1549"));
  EXPECT_TRUE(file_only.ecosystem_advisories("npm", "jquery").empty());
  EXPECT_TRUE(file_only.os_advisories(os("debian", "12"), "bash").empty());

  write_text(dir / "metadata.json", kMetadata);
  EXPECT_TRUE(TrivyDb::open(dir.path().string()).metadata());
  write_text(dir / "metadata.json", R"({"Version":1,"NextUpdate":"2022-03-02T12:07:07Z"})");
  EXPECT_THROW(TrivyDb::open(dir.path().string()), TrivyDbError);
  write_text(dir / "metadata.json", R"({"Version":2,"UpdatedAt":"yesterday"})");
  EXPECT_THROW(TrivyDb::open(dir.path().string()), TrivyDbError);
  write_text(dir / "metadata.json", "[");
  EXPECT_THROW(TrivyDb::open(dir.path().string()), TrivyDbError);
}

TEST(TrivyBuckets, PlatformNamesAndNormalisation) {
  EXPECT_EQ(os_bucket("debian", "12.4"), "debian 12");
  EXPECT_EQ(os_bucket("alpine", "3.19.1"), "alpine 3.19");
  EXPECT_EQ(os_bucket("alpine", "edge"), "alpine edge");
  EXPECT_EQ(os_bucket("ubuntu", "22.04"), "ubuntu 22.04");
  EXPECT_EQ(os_bucket("ubuntu", "20.04-ESM"), "ubuntu 20.04-ESM");
  EXPECT_EQ(os_bucket("amazon", "2 (Karoo)"), "amazon linux 2");
  EXPECT_EQ(os_bucket("amazon", "2023.3.20240108"), "amazon linux 2023");
  EXPECT_EQ(os_bucket("amazon", "AMI release 2018.03"), "amazon linux 1");
  EXPECT_EQ(os_bucket("redhat", "8.6"), "Red Hat");
  EXPECT_EQ(os_bucket("centos", "7.9.2009"), "Red Hat");
  EXPECT_EQ(os_bucket("rocky", "8.5"), "rocky 8");
  EXPECT_EQ(os_bucket("alma", "9.1"), "alma 9");
  EXPECT_EQ(os_bucket("oracle", "8.7"), "Oracle Linux 8");
  EXPECT_EQ(os_bucket("cbl-mariner", "2.0.20220226"), "CBL-Mariner 2.0");
  EXPECT_EQ(os_bucket("wolfi", "20230201"), "wolfi");
  EXPECT_EQ(os_bucket("debian", "bookworm/sid"), std::nullopt);
  EXPECT_EQ(os_bucket("plan9", "4"), std::nullopt);

  EXPECT_EQ(ecosystem_for("yarn"), "npm");
  EXPECT_EQ(ecosystem_for("jar"), "maven");
  EXPECT_EQ(ecosystem_for("gomod"), "go");
  EXPECT_EQ(ecosystem_for("dotnet-core"), "nuget");
  EXPECT_EQ(ecosystem_for("bundler"), "rubygems");
  EXPECT_EQ(ecosystem_for("conda-pkg"), std::nullopt);
  EXPECT_EQ(normalize_package_name("pip", "Flask_Cors"), "flask-cors");
  EXPECT_EQ(normalize_package_name("go", "github.com/BurntSushi/toml"),
            "github.com/BurntSushi/toml");
  EXPECT_EQ(normalize_package_name("maven", "Org.Foo:Bar"), "org.foo:bar");
  EXPECT_EQ(normalize_package_name("swift", "https://github.com/apple/swift-nio.git"),
            "github.com/apple/swift-nio");
  EXPECT_EQ(severity_name(4), "CRITICAL");
  EXPECT_EQ(severity_from_name("MEDIUM"), 2);
}

TEST(TrivyMetadata, Rfc3339) {
  using namespace std::chrono;
  EXPECT_EQ(parse_rfc3339("2022-03-02T12:07:07+09:00"), sys_days{2022y / 3 / 2} + 3h + 7min + 7s);
  EXPECT_EQ(parse_rfc3339("2022-03-02T12:07:07.5Z"), sys_days{2022y / 3 / 2} + 12h + 7min + 7s);
  EXPECT_FALSE(parse_rfc3339("2022-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2022-03-02 12:07:07Z"));
  EXPECT_FALSE(parse_rfc3339("2022-03-02T12:07:07"));
  EXPECT_FALSE(parse_rfc3339(""));
}
