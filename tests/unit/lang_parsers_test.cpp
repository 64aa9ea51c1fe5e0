#include "scan/analyze/lang_parsers.h"

#include <gtest/gtest.h>

#include "scan/analyze/wanted_paths.h"

using namespace berth::scan;

TEST(ScanLangParsers, NodePackageJson) {
  auto p = parse_node_package_json(R"({"name":"lodash","version":"4.17.21","license":"MIT"})");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].name, "lodash");
  EXPECT_EQ(p[0].licenses, std::vector<std::string>{"MIT"});
  EXPECT_TRUE(parse_node_package_json(R"({"name":"x"})").empty());
  EXPECT_TRUE(parse_node_package_json(R"({"name":1,"version":"1"})").empty());
  EXPECT_TRUE(parse_node_package_json("{not json").empty());
}

TEST(ScanLangParsers, PythonMetadata) {
  auto p = parse_python_metadata(
      "Metadata-Version: 2.1\nname: Flask\nVERSION: 3.0.0\nSummary: x\n\nName: body\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].name, "Flask");
  EXPECT_EQ(p[0].version, "3.0.0");
  EXPECT_TRUE(parse_python_metadata("\nName: a\nVersion: 1\n").empty());
}

TEST(ScanLangParsers, Gemspec) {
  auto p = parse_gemspec(
      "# stub: rack 2.2.8 ruby lib\nGem::Specification.new do |s|\n  s.name = \"rack\".freeze\n"
      "  s.rubygems_version = \"3.4.10\".freeze\n  s.version = \"2.2.8\"\nend\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].name, "rack");
  EXPECT_EQ(p[0].version, "2.2.8");
  EXPECT_TRUE(parse_gemspec("s.name = 'x'\n").empty());
}

TEST(ScanLangParsers, CargoLock) {
  auto p = parse_cargo_lock(
      "# generated\nversion = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
      "dependencies = [\n \"serde\",\n]\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.190\"\n"
      "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[metadata]\nname = "
      "\"no\"\n");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].name, "serde");
  EXPECT_EQ(p[1].version, "1.0.190");
}

TEST(ScanWantedPaths, Classification) {
  EXPECT_EQ(classify_path("app/node_modules/express/package.json"), FileKind::kNodePackageJson);
  EXPECT_EQ(classify_path("node_modules/@types/node/package.json"), FileKind::kNodePackageJson);
  EXPECT_FALSE(classify_path("app/node_modules/express/lib/package.json"));
  EXPECT_FALSE(classify_path("app/package.json"));
  EXPECT_FALSE(classify_path("node_modules/@types/package.json"));
  EXPECT_EQ(classify_path("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA"),
            FileKind::kPythonMetadata);
  EXPECT_EQ(classify_path("usr/lib/python3/dist-packages/foo.egg-info"), FileKind::kPythonMetadata);
  EXPECT_EQ(classify_path("usr/lib/python3/dist-packages/foo.egg-info/PKG-INFO"),
            FileKind::kPythonMetadata);
  EXPECT_EQ(classify_path("var/lib/gems/3.1.0/specifications/rake-13.0.6.gemspec"),
            FileKind::kGemspec);
  EXPECT_FALSE(classify_path("specifications/x.gemspec"));
  EXPECT_EQ(classify_path("opt/app/App.JAR"), FileKind::kJar);
  EXPECT_EQ(classify_path("var/lib/dpkg/status.d/base"), FileKind::kDpkgStatus);
  EXPECT_FALSE(classify_path("var/lib/dpkg/status.d/base.md5sums"));
  EXPECT_EQ(classify_path("usr/lib/sysimage/rpm/Packages.db"), FileKind::kRpmDb);
  EXPECT_EQ(classify_path("usr/lib/sysimage/rpm/rpmdb.sqlite"), FileKind::kRpmDb);
  EXPECT_EQ(classify_path("var/lib/rpm/Packages"), FileKind::kRpmDb);
  EXPECT_EQ(classify_path("lib/apk/db/installed"), FileKind::kApkDb);
  EXPECT_EQ(classify_path("src/Cargo.lock"), FileKind::kCargoLock);
}
