// dpkg status parsing, checked against dpkg-query reading the same file: the committed copy of a
// real status file, and this machine's own /var/lib/dpkg/status when there is one.
#include <gtest/gtest.h>

#include <set>

#include "scan/analyze/os_packages.h"
#include "scan_test_support.h"

using namespace berth::scan;
using scantest::TempDir;

namespace {

std::string full_version(int epoch, const std::string& v, const std::string& r) {
  return (epoch ? std::to_string(epoch) + ":" : "") + v + (r.empty() ? "" : "-" + r);
}

std::set<std::string> ours(const std::string& text) {
  std::set<std::string> out;
  for (const auto& p : parse_dpkg_status(text))
    out.insert(p.name + " " + full_version(p.epoch, p.version, p.release) + " " + p.src_name + " " +
               full_version(p.src_epoch, p.src_version, p.src_release));
  return out;
}

// dpkg-query's view, with the installed-state rule the analyzer applies (Trivy's: a Status
// containing the word deinstall or purge is not installed).
std::set<std::string> oracle(const std::string& text) {
  EXPECT_TRUE(scantest::have_tool("dpkg-query")) << "dpkg-query is required for this test";
  TempDir admin;
  scantest::write_file(admin.path / "status", text);
  std::filesystem::create_directories(admin.path / "info");
  int status = 0;
  std::string out = scantest::run(
      "dpkg-query --admindir " + admin.path.string() +
          " -W -f='${Status}|${Package} ${Version} ${source:Package} ${source:Version}\\n'",
      &status);
  EXPECT_EQ(status, 0);
  std::set<std::string> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    size_t bar = line.find('|');
    if (bar == std::string::npos) continue;
    std::string st = " " + line.substr(0, bar) + " ";
    if (st.find(" deinstall ") != std::string::npos || st.find(" purge ") != std::string::npos)
      continue;
    lines.insert(line.substr(bar + 1));
  }
  return lines;
}

}  // namespace

TEST(ScanDpkgStatus, CommittedStatusMatchesDpkgQuery) {
  std::string text = scantest::read_file(scantest::data_dir() + "/dpkg/status");
  auto expected = oracle(text);
  EXPECT_GT(expected.size(), 100u);
  EXPECT_EQ(ours(text), expected);
}

TEST(ScanDpkgStatus, MachineStatusMatchesDpkgQuery) {
  if (!std::filesystem::exists("/var/lib/dpkg/status")) GTEST_SKIP() << "not a dpkg system";
  std::string text = scantest::read_file("/var/lib/dpkg/status");
  EXPECT_EQ(ours(text), oracle(text));
}

TEST(ScanDpkgStatus, SkipsRemovedAndInvalidAndReadsSource) {
  std::string text =
      "Package: a\nStatus: install ok installed\nVersion: 1:2.3-4+deb12u1\nSource: a-src "
      "(1:2.3-4)\n"
      "Architecture: amd64\nDescription: x\n continued\n .\n\n"
      "Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n\n"
      "Package: purged\nStatus: purge ok not-installed\nVersion: 1.0\n\n"
      "Package: bad\nStatus: install ok installed\nVersion: abc\n\n"
      "Package: nover\nStatus: install ok installed\n\n"
      "Package: plain\r\nStatus: install ok installed\r\nVersion: 5\r\nSource: plainsrc\r\n";
  auto pkgs = parse_dpkg_status(text);
  ASSERT_EQ(pkgs.size(), 2u);
  EXPECT_EQ(pkgs[0].name, "a");
  EXPECT_EQ(pkgs[0].epoch, 1);
  EXPECT_EQ(pkgs[0].version, "2.3");
  EXPECT_EQ(pkgs[0].release, "4+deb12u1");
  EXPECT_EQ(pkgs[0].src_name, "a-src");
  EXPECT_EQ(pkgs[0].src_release, "4");
  EXPECT_EQ(pkgs[0].arch, "amd64");
  EXPECT_EQ(pkgs[1].name, "plain");
  EXPECT_EQ(pkgs[1].src_name, "plainsrc");
  EXPECT_EQ(pkgs[1].src_version, "5");
}

TEST(ScanDebVersion, SplitsLikeGoDebVersion) {
  auto v = parse_deb_version("2:1.2-3-4");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->epoch, 2);
  EXPECT_EQ(v->upstream, "1.2-3");
  EXPECT_EQ(v->revision, "4");
  EXPECT_FALSE(parse_deb_version("x1.0"));
  EXPECT_FALSE(parse_deb_version("-1:1.0"));
  EXPECT_FALSE(parse_deb_version("1.0-a/b"));
  EXPECT_FALSE(parse_deb_version(""));
}

TEST(ScanApkInstalled, ReadsRecordsFirstNameWins) {
  std::string text =
      "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\no:musl\nm:Maintainer <m@x>\n\n"
      "P:libcrypto3\nV:3.1.4-r1\nA:x86_64\no:openssl\nL:Apache-2.0\n\n"
      "P:musl\nV:9.9-r0\n\n"
      "P:noversion\n\n"
      "x\nP:busybox\nV:1.36.1-r15\n";
  auto pkgs = parse_apk_installed(text);
  ASSERT_EQ(pkgs.size(), 3u);
  EXPECT_EQ(pkgs[0].name, "musl");
  EXPECT_EQ(pkgs[0].version, "1.2.4-r2");
  EXPECT_EQ(pkgs[0].licenses, std::vector<std::string>{"MIT"});
  EXPECT_EQ(pkgs[1].src_name, "openssl");
  EXPECT_EQ(pkgs[1].src_version, "3.1.4-r1");
  EXPECT_EQ(pkgs[2].name, "busybox");
  EXPECT_EQ(pkgs[2].src_name, "busybox");
}
