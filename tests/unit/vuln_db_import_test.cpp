// Installing a trivy-db (src/scan/vuln_db_import): archive and directory imports, validation
// failures that leave the installed DB alone, the atomic `current` switch and cleanup.
#include "scan/vuln_db_import.h"

#include <fstream>

#include <gtest/gtest.h>

#include "bbolt_oracle.h"
#include "scan_test_support.h"

namespace fs = std::filesystem;
using namespace berth::scan;
using berth::testing::TempDir;
using nlohmann::json;
using scantest::build_archive;
using scantest::Compression;
using scantest::file;

namespace {

const std::string kMetadata =
    R"({"Version":2,"NextUpdate":"2099-01-02T00:00:00Z","UpdatedAt":"2099-01-01T00:00:00Z","DownloadedAt":"2099-01-01T01:00:00Z"})"
    "\n";

std::string slurp(const fs::path& p) {
  return scantest::read_file(p);
}

std::string expect_refused(const std::function<void()>& f) {
  try {
    f();
  } catch (const VulnDbImportError& e) {
    return e.what();
  }
  ADD_FAILURE() << "import was not refused";
  return {};
}

}  // namespace

class VulnDbImportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto* oracle = berth::testing::BboltOracle::get();
    if (!oracle) return;
    dir_ = std::make_unique<TempDir>();
    json good = json::parse(R"([{"bucket": "vulnerability", "pairs": [
        {"key": "CVE-2099-0001", "value": {"Title": "t"}}]}])");
    oracle->write({{"pageSize", 4096}, {"fixtures", good}}, *dir_ / "good.db");
    json other = json::parse(R"([{"bucket": "debian 12", "pairs": [{"key": "k", "value": "v"}]}])");
    oracle->write({{"pageSize", 4096}, {"fixtures", other}}, *dir_ / "novuln.db");
  }
  static void TearDownTestSuite() { dir_.reset(); }
  void SetUp() override { BERTH_REQUIRE_BBOLT_ORACLE(oracle); }

  static std::string good_db() { return slurp(*dir_ / "good.db"); }
  fs::path archive(const std::vector<scantest::Entry>& entries,
                   Compression c = Compression::kGzip) {
    fs::path p = work_.path() / ("a" + std::to_string(n_++) + ".tar.gz");
    scantest::write_file(p, build_archive(entries, c));
    return p;
  }
  fs::path data() const { return work_.path() / "data"; }
  std::string current_target() const {
    return fs::read_symlink(vuln_db_current_dir(data())).string();
  }

  static std::unique_ptr<TempDir> dir_;
  TempDir work_;
  int n_ = 0;
};

std::unique_ptr<TempDir> VulnDbImportTest::dir_;

TEST_F(VulnDbImportTest, ImportsArchiveAndSwitchesCurrent) {
  auto info = import_vuln_db_archive(
      archive({file("trivy.db", good_db()), file("metadata.json", kMetadata)}), data());
  EXPECT_EQ(info.schema_version, 2);
  EXPECT_EQ(info.updated_at, "2099-01-01T00:00:00Z");
  EXPECT_EQ(info.next_update, "2099-01-02T00:00:00Z");
  EXPECT_EQ(info.downloaded_at, "2099-01-01T01:00:00Z");
  EXPECT_EQ(info.size_bytes, int64_t(good_db().size()));
  EXPECT_EQ(info.imported_at.size(), 20u);  // 2026-01-01T00:00:00Z
  std::string first = current_target();
  EXPECT_TRUE(first.starts_with("db-"));
  auto read = read_vuln_db_info(vuln_db_current_dir(data()));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->imported_at, info.imported_at);
  // "./" prefixes (tar -C dir .) are accepted; a second import becomes current, the first stays
  // as the previous one, a third removes the first.
  import_vuln_db_archive(
      archive({file("./trivy.db", good_db()), file("./metadata.json", kMetadata)}), data());
  std::string second = current_target();
  EXPECT_NE(second, first);
  EXPECT_TRUE(fs::exists(data() / "trivy" / first));
}

// An operator may have copied trivy.db + metadata.json into a plain `current` directory (the
// Harbor way): an import must replace it, not fail (it did, with a 500 from the API upload).
TEST_F(VulnDbImportTest, ReplacesAHandMadeCurrentDirectory) {
  fs::path current = vuln_db_current_dir(data());
  fs::create_directories(current);
  fs::copy_file(*dir_ / "novuln.db", current / "trivy.db");
  scantest::write_file(current / "metadata.json", kMetadata);
  import_vuln_db_archive(archive({file("trivy.db", good_db()), file("metadata.json", kMetadata)}),
                         data());
  EXPECT_TRUE(fs::is_symlink(current));
  EXPECT_EQ(slurp(current / "trivy.db"), good_db());
  int kept = 0;
  for (const auto& e : fs::directory_iterator(data() / "trivy"))
    kept += e.path().filename().string().starts_with("db-manual-");
  EXPECT_EQ(kept, 1) << "the hand-made DB is kept as the previous one";
}

TEST_F(VulnDbImportTest, DirectoryImportAndOldDbsCleaned) {
  fs::path src = work_.path() / "src";
  fs::create_directories(src);
  fs::copy_file(*dir_ / "good.db", src / "trivy.db");
  scantest::write_file(src / "metadata.json", kMetadata);
  import_vuln_db_dir(src, data());
  std::string a = current_target();
  import_vuln_db_dir(src, data());
  std::string b = current_target();
  import_vuln_db_dir(src, data());
  std::string c = current_target();
  EXPECT_FALSE(fs::exists(data() / "trivy" / a));
  EXPECT_TRUE(fs::exists(data() / "trivy" / b));
  EXPECT_TRUE(fs::exists(data() / "trivy" / c));
  EXPECT_EQ(slurp(vuln_db_current_dir(data()) / "trivy.db"), good_db());
}

TEST_F(VulnDbImportTest, BadInputsAreRefusedAndTheOldDbStays) {
  import_vuln_db_archive(archive({file("trivy.db", good_db()), file("metadata.json", kMetadata)}),
                         data());
  std::string installed = current_target();
  std::string full = build_archive({file("trivy.db", good_db()), file("metadata.json", kMetadata)},
                                   Compression::kGzip);
  fs::path truncated = work_.path() / "truncated.tar.gz";
  scantest::write_file(truncated, full.substr(0, full.size() / 2));
  struct Case {
    fs::path path;
    std::string message;
  };
  std::string v1 =
      R"({"Version":1,"NextUpdate":"2099-01-02T00:00:00Z","UpdatedAt":"2099-01-01T00:00:00Z","DownloadedAt":"2099-01-01T00:00:00Z"})";
  std::vector<Case> cases = {
      {truncated, "corrupt or truncated"},
      {archive({file("trivy.db", good_db()), file("metadata.json", v1)}), "schema Version 1"},
      {archive({file("trivy.db", std::string(8192, 'x')), file("metadata.json", kMetadata)}),
       "not a readable trivy-db"},
      {archive({file("trivy.db", slurp(*dir_ / "novuln.db")), file("metadata.json", kMetadata)}),
       "no 'vulnerability' bucket"},
      {archive({file("trivy.db", good_db()), file("metadata.json", "{nope")}),
       "metadata.json is not valid"},
      {archive({file("trivy.db", good_db())}), "no metadata.json"},
      {archive({file("trivy.db", good_db()), file("metadata.json", kMetadata),
                file("../etc/passwd", "x")}),
       "unexpected entry '../etc/passwd'"},
      {archive({file("sub/trivy.db", good_db()), file("metadata.json", kMetadata)}),
       "unexpected entry 'sub/trivy.db'"},
      {archive(
           {scantest::make_symlink("trivy.db", "/etc/passwd"), file("metadata.json", kMetadata)}),
       "not a regular file"},
      {archive({file("trivy.db", good_db()), file("trivy.db", good_db()),
                file("metadata.json", kMetadata)}),
       "appears twice"},
      {work_.path() / "missing.tar.gz", "not found"},
  };
  fs::path garbage = work_.path() / "garbage.tar.gz";
  scantest::write_file(garbage, "this is not an archive at all, not even close........");
  cases.push_back({garbage, "archive"});
  for (const auto& c : cases) {
    std::string msg = expect_refused([&] { import_vuln_db_archive(c.path, data()); });
    EXPECT_NE(msg.find(c.message), std::string::npos) << c.path << ": " << msg;
    EXPECT_EQ(current_target(), installed);
  }
  // Size caps.
  VulnDbImportLimits small;
  small.max_db_bytes = 1024;
  std::string msg = expect_refused([&] {
    import_vuln_db_archive(archive({file("trivy.db", good_db()), file("metadata.json", kMetadata)}),
                           data(), small);
  });
  EXPECT_NE(msg.find("larger than 1024 bytes"), std::string::npos) << msg;
  // Nothing left behind but the installed DB.
  for (const auto& e : fs::directory_iterator(data() / "trivy")) {
    std::string name = e.path().filename().string();
    EXPECT_FALSE(name.starts_with("tmp-")) << name;
    if (name.starts_with("db-")) {
      EXPECT_EQ(name, installed);
    }
  }
  EXPECT_EQ(slurp(vuln_db_current_dir(data()) / "trivy.db"), good_db());
}

TEST_F(VulnDbImportTest, NothingInstalled) {
  EXPECT_FALSE(read_vuln_db_info(vuln_db_current_dir(data())));
  EXPECT_NE(expect_refused([&] {
              import_vuln_db_dir(work_.path() / "nope", data());
            }).find("not a directory"),
            std::string::npos);
}
