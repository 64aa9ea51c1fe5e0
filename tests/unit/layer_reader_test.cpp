// Layers built in the test (plain, gzip, zstd) read into the virtual filesystem: whiteouts,
// opaque directories, hostile names, symlink loops, a decompression bomb, truncated input.
#include "scan/analyze/layer_reader.h"

#include <gtest/gtest.h>
#include <zstd.h>

#include <chrono>
#include <map>
#include <thread>

#include "scan/analyze/image_analyzer.h"
#include "scan_test_support.h"

using namespace berth::scan;
using namespace scantest;

namespace {

const char* kOsRelease =
    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";
const char* kDpkg =
    "Package: libc6\nStatus: install ok installed\nVersion: 2.36-9+deb12u4\nSource: glibc\n"
    "Architecture: amd64\n\nPackage: zlib1g\nStatus: install ok installed\n"
    "Version: 1:1.2.13.dfsg-1\nSource: zlib\nArchitecture: amd64\n";

std::string zstd_frame(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  out.resize(n);
  return out;
}

}  // namespace

TEST(ScanLayerReader, ReadsPlainGzipAndZstdLayers) {
  for (auto c : {Compression::kNone, Compression::kGzip, Compression::kZstd}) {
    LayerReader reader(Limits{});
    reader.add_layer_bytes(build_archive(
        {dir("etc/"), file("etc/debian_version", "12.4\n"), file("./var/lib/dpkg/status", kDpkg),
         file("usr/share/doc/unwanted.txt", "x")},
        c));
    ASSERT_NE(reader.fs().find("etc/debian_version"), nullptr);
    EXPECT_EQ(reader.fs().find("etc/debian_version")->data, "12.4\n");
    EXPECT_NE(reader.fs().find("var/lib/dpkg/status"), nullptr);
    EXPECT_EQ(reader.fs().find("usr/share/doc/unwanted.txt"), nullptr);
  }
}

TEST(ScanLayerReader, WhiteoutsAndOpaqueDirectories) {
  LayerReader reader(Limits{});
  reader.add_layer_bytes(
      build_archive({file("var/lib/dpkg/status", kDpkg),
                     file("app/node_modules/a/package.json", R"({"name":"a","version":"1.0.0"})"),
                     file("app/node_modules/b/package.json", R"({"name":"b","version":"2.0.0"})"),
                     file("srv/node_modules/c/package.json", R"({"name":"c","version":"3.0.0"})")},
                    Compression::kGzip));
  // Upper layer: deletes the dpkg status, makes app/node_modules opaque and adds one package
  // there (same layer: it stays).
  reader.add_layer_bytes(build_archive(
      {file("app/node_modules/d/package.json", R"({"name":"d","version":"4.0.0"})"),
       file("app/node_modules/.wh..wh..opq", ""), file("var/lib/dpkg/.wh.status", "")},
      Compression::kZstd));
  const auto& fs = reader.fs();
  EXPECT_EQ(fs.find("var/lib/dpkg/status"), nullptr);
  EXPECT_EQ(fs.find("app/node_modules/a/package.json"), nullptr);
  EXPECT_EQ(fs.find("app/node_modules/b/package.json"), nullptr);
  EXPECT_NE(fs.find("app/node_modules/d/package.json"), nullptr);
  EXPECT_NE(fs.find("srv/node_modules/c/package.json"), nullptr);
  EXPECT_EQ(fs.find("app/node_modules/.wh..wh..opq"), nullptr);
  // A whiteout of a directory removes its subtree.
  reader.add_layer_bytes(build_archive({file("srv/.wh.node_modules", "")}));
  EXPECT_EQ(reader.fs().find("srv/node_modules/c/package.json"), nullptr);
}

TEST(ScanLayerReader, UpperLayerReplacesFiles) {
  LayerReader reader(Limits{});
  reader.add_layer_bytes(build_archive({file("etc/alpine-release", "3.18.0\n")}));
  reader.add_layer_bytes(build_archive({file("etc/alpine-release", "3.19.1\n")}));
  EXPECT_EQ(reader.fs().find("etc/alpine-release")->data, "3.19.1\n");
}

TEST(ScanLayerReader, HostileNamesStayInsideTheImageAndNeverTouchDisk) {
  TempDir cwd;
  auto old = std::filesystem::current_path();
  std::filesystem::current_path(cwd.path);
  std::string outside = (cwd.path / "pwned").string();
  LayerReader reader(Limits{});
  reader.add_layer_bytes(build_archive(
      {file("../../etc/os-release", kOsRelease), file("/etc/alpine-release", "3.19.1\n"),
       file(outside + "/x/package.json", "{}"),
       file("a/../../../etc/lsb-release", "DISTRIB_ID=Ubuntu\n"),
       make_symlink("etc/debian_version", "../../../../etc/hostname")}));
  std::filesystem::current_path(old);
  EXPECT_TRUE(std::filesystem::is_empty(cwd.path));
  EXPECT_FALSE(std::filesystem::exists(outside));
  const auto& fs = reader.fs();
  EXPECT_NE(fs.find("etc/os-release"), nullptr);
  EXPECT_NE(fs.find("etc/alpine-release"), nullptr);
  EXPECT_NE(fs.find("etc/lsb-release"), nullptr);
  for (const auto& [path, node] : fs.nodes()) {
    EXPECT_FALSE(path.starts_with("/")) << path;
    EXPECT_EQ(path.find(".."), std::string::npos) << path;
  }
  // The escaping symlink resolves inside the image (to etc/hostname, which is absent).
  EXPECT_EQ(fs.find_resolved("etc/debian_version"), nullptr);
}

TEST(ScanLayerReader, SymlinksResolveInsideTheImageAndLoopsAreIgnored) {
  LayerReader reader(Limits{});
  reader.add_layer_bytes(build_archive({file("usr/lib/os-release", kOsRelease),
                                        make_symlink("etc/os-release", "../usr/lib/os-release"),
                                        make_symlink("etc/lsb-release", "/etc/loop-a"),
                                        make_symlink("etc/loop-a", "loop-b"),
                                        make_symlink("etc/loop-b", "/etc/loop-a"),
                                        make_symlink("etc/alpine-release", "alpine-release")}));
  const auto& fs = reader.fs();
  ASSERT_NE(fs.find_resolved("etc/os-release"), nullptr);
  EXPECT_EQ(fs.find_resolved("etc/os-release")->data, kOsRelease);
  EXPECT_EQ(fs.find_resolved("etc/lsb-release"), nullptr);
  EXPECT_EQ(fs.find_resolved("etc/alpine-release"), nullptr);
  EXPECT_EQ(analyze_fs(fs).os.family, "");  // Debian's os-release ID is not used by Trivy
}

TEST(ScanLayerReader, DecompressionBombStopsAtTheCap) {
  // A tar header declaring a 2 GiB file of zeros, then 2048 one-MiB zstd frames: ~100 KB.
  std::string zeros(1 << 20, '\0');
  std::string bomb = zstd_frame(tar_header("zeros", 2ull << 30));
  std::string frame = zstd_frame(zeros);
  for (int i = 0; i < 2048; ++i) bomb += frame;
  EXPECT_LT(bomb.size(), 4u << 20);
  Limits limits;
  limits.max_layer_bytes = 256u << 20;
  LayerReader reader(limits);
  auto start = std::chrono::steady_clock::now();
  try {
    reader.add_layer_bytes(bomb, "bomb");
    FAIL() << "no error";
  } catch (const AnalysisError& e) {
    EXPECT_EQ(e.kind(), AnalysisError::Kind::kLimit);
    EXPECT_NE(std::string(e.what()).find("decompression bomb"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_LE(reader.bytes_processed(), (256u << 20) + (1u << 20));
}

TEST(ScanLayerReader, GzipBombStopsAtTheCap) {
  std::string zeros(1 << 20, '\0');
  std::string bomb = gzip_member(tar_header("zeros", 2ull << 30));
  std::string member = gzip_member(zeros);
  for (int i = 0; i < 2048; ++i) bomb += member;
  Limits limits;
  limits.max_layer_bytes = 128u << 20;
  LayerReader reader(limits);
  EXPECT_THROW(reader.add_layer_bytes(bomb), AnalysisError);
}

TEST(ScanLayerReader, ImageWideCapsAndTimeBudget) {
  std::string layer = build_archive({file("etc/alpine-release", std::string(600 << 10, 'x'))});
  Limits limits;
  limits.max_image_bytes = 1u << 20;
  LayerReader reader(limits);
  reader.add_layer_bytes(layer);
  EXPECT_THROW(reader.add_layer_bytes(layer), AnalysisError);

  Limits slow;
  slow.time_budget = std::chrono::milliseconds(0);
  LayerReader late(slow);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  try {
    late.add_layer_bytes(layer);
    FAIL() << "no error";
  } catch (const AnalysisError& e) {
    EXPECT_EQ(e.kind(), AnalysisError::Kind::kTimeout);
  }
}

TEST(ScanLayerReader, TruncatedAndGarbageLayersFailClearly) {
  std::string gz =
      build_archive({file("etc/os-release", kOsRelease), file("big.bin", std::string(200000, 'q'))},
                    Compression::kGzip);
  LayerReader a(Limits{});
  try {
    a.add_layer_bytes(gz.substr(0, gz.size() / 2), "half");
    FAIL() << "no error";
  } catch (const AnalysisError& e) {
    EXPECT_EQ(e.kind(), AnalysisError::Kind::kCorrupt);
    EXPECT_NE(std::string(e.what()).find("half"), std::string::npos);
  }
  LayerReader b(Limits{});
  EXPECT_THROW(b.add_layer_bytes(std::string(5000, 'z')), AnalysisError);
  LayerReader c(Limits{});
  EXPECT_NO_THROW(c.add_layer_bytes(""));  // an empty layer is valid
}

TEST(ScanLayerReader, OversizedWantedFileIsMarkedNotKept) {
  Limits limits;
  limits.max_file_bytes = 1000;
  LayerReader reader(limits);
  reader.add_layer_bytes(build_archive({file("etc/os-release", std::string(5000, 'a'))}));
  const VfsNode* n = reader.fs().find("etc/os-release");
  ASSERT_NE(n, nullptr);
  EXPECT_TRUE(n->truncated);
  EXPECT_TRUE(n->data.empty());
}

TEST(ScanLayerReader, HardlinkToAWantedFile) {
  LayerReader reader(Limits{});
  reader.add_layer_bytes(build_archive({file("usr/lib/os-release", kOsRelease),
                                        make_hardlink("etc/os-release", "usr/lib/os-release")}));
  ASSERT_NE(reader.fs().find("etc/os-release"), nullptr);
  EXPECT_EQ(reader.fs().find("etc/os-release")->data, kOsRelease);
}

TEST(ScanImageAnalyzer, AnalysesLayerFilesEndToEnd) {
  TempDir dir;
  std::string apk =
      "P:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n\nP:libcrypto3\nV:3.1.4-r1\nA:x86_64\no:openssl\n\n";
  write_file(dir.path / "l1",
             build_archive({file("etc/alpine-release", "3.19.1\n"),
                            file("etc/apk/repositories",
                                 "https://dl-cdn.alpinelinux.org/alpine/v3.19/main\n"),
                            file("lib/apk/db/installed", apk)},
                           Compression::kGzip));
  write_file(
      dir.path / "l2",
      build_archive({file("usr/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA",
                          "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n\nbody\n"),
                     file("app/node_modules/@scope/pkg/package.json",
                          R"({"name":"@scope/pkg","version":"1.2.3"})"),
                     file("app/node_modules/@scope/pkg/lib/package.json",
                          R"({"name":"inner","version":"0.0.1"})"),
                     file("usr/lib/ruby/gems/3.2.0/specifications/rake-13.0.6.gemspec",
                          "Gem::Specification.new do |s|\n  s.name = \"rake\".freeze\n  s.version "
                          "= \"13.0.6\"\nend\n"),
                     file("src/app/Cargo.lock",
                          "version = 3\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.190\"\n")},
                    Compression::kZstd));
  auto result =
      analyze_image({{(dir.path / "l1").string(), "application/vnd.oci.image.layer.v1.tar+gzip"},
                     {(dir.path / "l2").string(), "application/vnd.oci.image.layer.v1.tar+zstd"}});
  EXPECT_EQ(result.os.family, "alpine");
  EXPECT_EQ(result.os.name, "3.19.1");
  EXPECT_EQ(result.os.release, "3.19");
  ASSERT_EQ(result.os_packages.size(), 1u);
  EXPECT_EQ(result.os_packages[0].format, OsPackageFormat::kApk);
  EXPECT_EQ(result.os_packages[0].packages.size(), 2u);
  std::map<std::string, std::string> lang;
  for (const auto& app : result.lang_packages)
    for (const auto& p : app.packages)
      lang[app.type + " " + p.name] = p.version + " @" + p.file_path;
  EXPECT_EQ(lang["python-pkg requests"],
            "2.31.0 @usr/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA");
  EXPECT_EQ(lang["node-pkg @scope/pkg"], "1.2.3 @app/node_modules/@scope/pkg/package.json");
  EXPECT_EQ(lang.count("node-pkg inner"), 0u);
  EXPECT_EQ(lang["gemspec rake"],
            "13.0.6 @usr/lib/ruby/gems/3.2.0/specifications/rake-13.0.6.gemspec");
  EXPECT_EQ(lang["cargo serde"], "1.0.190 @src/app/Cargo.lock");
  EXPECT_GT(result.bytes_processed, 0u);
}

TEST(ScanImageAnalyzer, DpkgWhitedOutInUpperLayer) {
  TempDir dir;
  write_file(dir.path / "l1", build_archive({file("etc/debian_version", "12.4\n"),
                                             file("var/lib/dpkg/status", kDpkg),
                                             file("var/lib/dpkg/status.d/extra", kDpkg),
                                             file("var/lib/dpkg/status.d/extra.md5sums", "x")},
                                            Compression::kGzip));
  auto before = analyze_image({{(dir.path / "l1").string(), ""}});
  EXPECT_EQ(before.os.family, "debian");
  EXPECT_EQ(before.os.release, "12");
  ASSERT_EQ(before.os_packages.size(), 2u);
  EXPECT_EQ(before.os_packages[0].packages[1].name, "zlib1g");
  EXPECT_EQ(before.os_packages[0].packages[1].epoch, 1);
  write_file(dir.path / "l2", build_archive({file("var/lib/dpkg/.wh.status", "")}));
  auto after = analyze_image({{(dir.path / "l1").string(), ""}, {(dir.path / "l2").string(), ""}});
  ASSERT_EQ(after.os_packages.size(), 1u);
  EXPECT_EQ(after.os_packages[0].path, "var/lib/dpkg/status.d/extra");
  EXPECT_THROW(analyze_image({{(dir.path / "missing").string(), ""}}), AnalysisError);
}

TEST(ScanImageAnalyzer, RpmDatabaseInALayer) {
  TempDir dir;
  std::string db = read_file(data_dir() + "/rpmdb/cbl-mariner-2.0-rpmdb.sqlite");
  write_file(dir.path / "l1",
             build_archive({file("etc/os-release",
                                 "NAME=\"Common Base Linux Mariner\"\nID=mariner\n"
                                 "VERSION_ID=\"2.0\"\n"),
                            file("var/lib/rpm/rpmdb.sqlite", db),
                            file("usr/lib/sysimage/rpm/Packages", "not a database at all")},
                           Compression::kZstd));
  auto result = analyze_image({{(dir.path / "l1").string(), ""}});
  EXPECT_EQ(result.os.family, "cbl-mariner");
  EXPECT_EQ(result.os.release, "2.0");
  ASSERT_EQ(result.os_packages.size(), 1u);
  EXPECT_EQ(result.os_packages[0].format, OsPackageFormat::kRpmSqlite);
  EXPECT_EQ(result.os_packages[0].packages.size(), 129u);
  ASSERT_EQ(result.warnings.size(), 1u);  // the damaged BerkeleyDB file
  EXPECT_NE(result.warnings[0].find("usr/lib/sysimage/rpm/Packages"), std::string::npos);
}

// Messages reach users (scan logs): an unreadable layer is named by its label (the digest) and
// the reason, never by its server path.
TEST(ScanLayerReader, UnreadableLayerIsNamedByItsLabelNotItsPath) {
  LayerReader reader(Limits{});
  try {
    reader.add_layer_file("/nonexistent-data-dir/blobs/sha256/ab/abcdef", "tar+gzip",
                          "layer sha256:abcdef");
    FAIL() << "no error";
  } catch (const AnalysisError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("layer sha256:abcdef"), std::string::npos) << msg;
    EXPECT_NE(msg.find("No such file or directory"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("/nonexistent-data-dir"), std::string::npos) << msg;
  }
}
