// rpm databases: the SQLite and BerkeleyDB samples are checked against Debian's rpm reading the
// same files (`rpm -qa --dbpath`); NDB has no oracle here, so only its shape is checked.
#include "scan/analyze/rpm_db.h"

#include <gtest/gtest.h>

#include <set>

#include "scan_test_support.h"

using namespace berth::scan;
using scantest::TempDir;

namespace {

std::string sample(const std::string& name) {
  return scantest::read_file(scantest::data_dir() + "/rpmdb/" + name);
}

std::set<std::string> nevra_set(const std::vector<Package>& pkgs) {
  std::set<std::string> out;
  for (const auto& p : pkgs) {
    std::string arch = p.arch == "None" ? "(none)" : p.arch;
    std::string src = p.src_name.empty()
                          ? "(none)"
                          : p.src_name + "-" + p.src_version + "-" + p.src_release + ".src.rpm";
    out.insert(p.name + "|" + (p.epoch ? std::to_string(p.epoch) : "(none)") + "|" + p.version +
               "|" + p.release + "|" + arch + "|" + src);
  }
  return out;
}

// The same set as rpm itself lists from a copy of the file under its real name.
std::set<std::string> rpm_oracle(const std::string& file, const std::string& db_name,
                                 const std::string& backend) {
  EXPECT_TRUE(scantest::have_tool("rpm")) << "rpm is required for this oracle test";
  TempDir dir;
  scantest::write_file(dir.path / db_name, file);
  int status = 0;
  std::string out = scantest::run(
      "rpm -qa --dbpath " + dir.path.string() + " --define '_db_backend " + backend +
          "' --qf '%{NAME}|%{EPOCH}|%{VERSION}|%{RELEASE}|%{ARCH}|%{SOURCERPM}\\n' 2>/dev/null",
      &status);
  EXPECT_EQ(status, 0);
  std::set<std::string> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.insert(line);
  return lines;
}

}  // namespace

TEST(ScanRpmDb, SqliteMatchesRpmQa) {
  std::string file = sample("cbl-mariner-2.0-rpmdb.sqlite");
  OsPackageFormat format;
  auto pkgs = parse_rpmdb(file, format);
  EXPECT_EQ(format, OsPackageFormat::kRpmSqlite);
  EXPECT_EQ(pkgs.size(), 129u);
  auto expected = rpm_oracle(file, "rpmdb.sqlite", "sqlite");
  EXPECT_EQ(expected.size(), 129u);
  EXPECT_EQ(nevra_set(pkgs), expected);
}

TEST(ScanRpmDb, BerkeleyDbMatchesRpmQa) {
  std::string file = sample("libuuid-Packages");
  OsPackageFormat format;
  auto pkgs = parse_rpmdb(file, format);
  EXPECT_EQ(format, OsPackageFormat::kRpmBdb);
  ASSERT_EQ(pkgs.size(), 1u);
  EXPECT_EQ(pkgs[0].name, "libuuid");
  EXPECT_EQ(pkgs[0].src_name, "util-linux");
  EXPECT_EQ(pkgs[0].src_version, "2.32.1");
  EXPECT_EQ(pkgs[0].src_release, "42.el8_8");
  EXPECT_EQ(nevra_set(pkgs), rpm_oracle(file, "Packages", "bdb_ro"));
}

TEST(ScanRpmDb, NdbSampleLooksLikeAnInstalledSystem) {
  std::string file = sample("sle15-bci-Packages.db");
  OsPackageFormat format;
  auto pkgs = parse_rpmdb(file, format);
  EXPECT_EQ(format, OsPackageFormat::kRpmNdb);
  // No oracle can read NDB here: every blob the file holds must come out as a well-formed package.
  size_t blobs = 0;
  for (size_t at = file.find("BlbS"); at != std::string::npos; at = file.find("BlbS", at + 4))
    ++blobs;
  EXPECT_EQ(pkgs.size(), blobs);
  EXPECT_EQ(pkgs.size(), 35u);
  std::set<std::string> names;
  for (const auto& p : pkgs) {
    names.insert(p.name);
    EXPECT_FALSE(p.version.empty()) << p.name;
    EXPECT_FALSE(p.release.empty()) << p.name;
    EXPECT_FALSE(p.arch.empty()) << p.name;
    EXPECT_EQ(p.name.find_first_of(" \t\n/"), std::string::npos) << p.name;
    if (p.name != "gpg-pubkey") {
      EXPECT_FALSE(p.src_name.empty()) << p.name;
    }
  }
  EXPECT_EQ(names.size(), pkgs.size());
  EXPECT_TRUE(names.count("glibc"));
  EXPECT_TRUE(names.count("bash"));
}

TEST(ScanRpmDb, SplitsSourceRpmNames) {
  std::string n, v, r;
  ASSERT_TRUE(split_rpm_filename("util-linux-2.32.1-42.el8_8.src.rpm", n, v, r));
  EXPECT_EQ(n, "util-linux");
  EXPECT_EQ(v, "2.32.1");
  EXPECT_EQ(r, "42.el8_8");
  EXPECT_FALSE(split_rpm_filename("nodashes.src.rpm", n, v, r));
  EXPECT_FALSE(split_rpm_filename("noarch", n, v, r));
}

TEST(ScanRpmDb, DamagedFilesFailCleanly) {
  for (const char* name :
       {"cbl-mariner-2.0-rpmdb.sqlite", "libuuid-Packages", "sle15-bci-Packages.db"}) {
    std::string file = sample(name);
    // Cut short, and with bytes flipped all over: an error or fewer packages, never a crash.
    for (size_t cut : {size_t{0}, size_t{100}, size_t{4096}, file.size() / 2, file.size() - 1}) {
      OsPackageFormat f;
      try {
        parse_rpmdb(std::string_view(file).substr(0, cut), f);
      } catch (const AnalysisError&) {
      }
    }
    std::string damaged = file;
    uint32_t x = 12345;
    for (int round = 0; round < 40; ++round) {
      for (int k = 0; k < 64; ++k) {
        x = x * 1103515245 + 12345;
        damaged[x % damaged.size()] = static_cast<char>(x >> 16);
      }
      OsPackageFormat f;
      try {
        parse_rpmdb(damaged, f);
      } catch (const AnalysisError&) {
      }
    }
  }
}

TEST(ScanRpmHeader, RejectsOutOfBoundsOffsets) {
  // il=1, dl=4, one NAME entry pointing past the data.
  std::string blob(
      "\0\0\0\1\0\0\0\4"
      "\0\0\x03\xe8"
      "\0\0\0\6"
      "\0\0\0\x10"
      "\0\0\0\1"
      "abc\0",
      28);
  EXPECT_THROW(parse_rpm_header(blob), AnalysisError);
  blob[19] = 0;  // offset 0: "abc"
  auto p = parse_rpm_header(blob);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "abc");
  EXPECT_EQ(p->arch, "None");
  blob[27] = 'x';  // unterminated
  EXPECT_THROW(parse_rpm_header(blob), AnalysisError);
  EXPECT_THROW(parse_rpm_header(std::string("\xff\xff\xff\xff\0\0\0\0", 8)), AnalysisError);
}
