// Per-package origin layers and per-layer Red Hat build info (src/scan/analyze/layer_origins),
// through analyze_image on layers built in memory, with Trivy's applier rules: a package belongs
// to the lowest layer whose own package DB (or own copy of the package's file) lists it.
#include "scan/analyze/layer_origins.h"

#include <gtest/gtest.h>

#include <map>

#include "scan/analyze/image_analyzer.h"
#include "scan_test_support.h"

using namespace berth::scan;
using namespace scantest;

namespace {

std::string dpkg_entry(const std::string& name, const std::string& version) {
  return "Package: " + name + "\nStatus: install ok installed\nVersion: " + version +
         "\nArchitecture: amd64\n\n";
}

const char* kContentManifest =
    R"({"metadata":{"icm_version":1},"content_sets":["rhel-8-for-x86_64-baseos-rpms"]})";
const char* kDockerfile =
    "FROM scratch\nLABEL com.redhat.component=\"ubi8-container\" architecture=\"x86_64\"\n";

class Image {
 public:
  void layer(const std::vector<Entry>& entries) {
    auto path = dir_.path / ("layer" + std::to_string(layers_.size()));
    write_file(path, build_archive(entries, Compression::kGzip));
    layers_.push_back({path.string(), ""});
  }
  ImageAnalysis analyze() const { return analyze_image(layers_); }

 private:
  TempDir dir_;
  std::vector<LayerFile> layers_;
};

// "name version-release" → origin layer, over every OS package.
std::map<std::string, int> os_origins(const ImageAnalysis& a) {
  std::map<std::string, int> out;
  for (const auto& db : a.os_packages)
    for (const auto& p : db.packages) out[p.name + " " + p.version + "-" + p.release] = p.layer;
  return out;
}

}  // namespace

TEST(ScanLayerOrigins, DpkgPackagesBelongToTheFirstLayerListingThem) {
  Image img;
  img.layer({file("etc/debian_version", "12.4\n"),
             file("var/lib/dpkg/status", dpkg_entry("a", "1.0-1") + dpkg_entry("b", "2.0-1"))});
  img.layer({file("etc/motd", "unrelated\n")});
  img.layer({file("var/lib/dpkg/status",
                  dpkg_entry("a", "1.0-1") + dpkg_entry("b", "2.0-1") + dpkg_entry("c", "3.0-1"))});
  auto a = img.analyze();
  ASSERT_EQ(a.os_packages.size(), 1u);
  EXPECT_EQ(a.os_packages[0].layer, 2);  // the file itself comes from layer 2
  EXPECT_EQ(os_origins(a),
            (std::map<std::string, int>{{"a 1.0-1", 0}, {"b 2.0-1", 0}, {"c 3.0-1", 2}}));

  // b upgraded in layer 3: the new version first appears there; an epoch-only change does not
  // count (Trivy compares name, version and release).
  img.layer({file("var/lib/dpkg/status", dpkg_entry("a", "1:1.0-1") + dpkg_entry("b", "2.1-1") +
                                             dpkg_entry("c", "3.0-1"))});
  a = img.analyze();
  EXPECT_EQ(os_origins(a),
            (std::map<std::string, int>{{"a 1.0-1", 0}, {"b 2.1-1", 3}, {"c 3.0-1", 2}}));
}

TEST(ScanLayerOrigins, StatusDFilesAndWhiteoutsDoNotHideTheOrigin) {
  Image img;
  img.layer({file("var/lib/dpkg/status.d/a", dpkg_entry("a", "1.0-1"))});
  // Layer 1 deletes the file and layer 2 installs the same package again under another file:
  // Trivy still finds it in layer 0's own list first.
  img.layer({file("var/lib/dpkg/status.d/.wh.a", "")});
  img.layer({file("var/lib/dpkg/status", dpkg_entry("a", "1.0-1") + dpkg_entry("z", "9-1"))});
  auto a = img.analyze();
  EXPECT_EQ(os_origins(a), (std::map<std::string, int>{{"a 1.0-1", 0}, {"z 9-1", 2}}));
}

TEST(ScanLayerOrigins, LanguagePackagesPerFilePath) {
  Image img;
  const std::string path = "app/node_modules/x/package.json";
  img.layer({file(path, R"({"name":"x","version":"1.0.0"})"),
             file("app/node_modules/y/package.json", R"({"name":"y","version":"1.0.0"})")});
  img.layer({file(path, R"({"name":"x","version":"1.0.0","description":"touched"})")});
  // y 1.0.0 at another path in layer 2: a different file, so its own origin.
  img.layer({file("srv/node_modules/y/package.json", R"({"name":"y","version":"1.0.0"})")});
  auto a = img.analyze();
  std::map<std::string, int> origins;
  for (const auto& app : a.lang_packages)
    for (const auto& p : app.packages) origins[app.file_path] = p.layer;
  EXPECT_EQ(origins, (std::map<std::string, int>{{path, 0},
                                                 {"app/node_modules/y/package.json", 0},
                                                 {"srv/node_modules/y/package.json", 2}}));
  img.layer({file(path, R"({"name":"x","version":"1.0.1"})")});
  a = img.analyze();
  for (const auto& app : a.lang_packages) {
    if (app.file_path == path) {
      EXPECT_EQ(app.packages.at(0).layer, 3);
    }
  }
}

TEST(ScanLayerOrigins, RpmPackagesAndLayerBuildInfo) {
  Image img;
  img.layer({file("etc/redhat-release", "Red Hat Enterprise Linux release 8.3 (Ootpa)\n"),
             file("var/lib/rpm/Packages", read_file(data_dir() + "/rpmdb/libuuid-Packages")),
             file("root/buildinfo/content_manifests/ubi8-container-8.3-227.json", kContentManifest),
             file("root/buildinfo/Dockerfile-ubi8-8.3-227", kDockerfile)});
  img.layer({file("usr/lib/sysimage/rpm/rpmdb.sqlite",
                  read_file(data_dir() + "/rpmdb/cbl-mariner-2.0-rpmdb.sqlite"))});
  auto a = img.analyze();
  ASSERT_EQ(a.os_packages.size(), 2u);
  for (const auto& db : a.os_packages) {
    int want = db.path == "var/lib/rpm/Packages" ? 0 : 1;
    for (const auto& p : db.packages) EXPECT_EQ(p.layer, want) << db.path << " " << p.name;
  }
  ASSERT_EQ(a.layer_build_info.size(), 2u);
  BuildInfo ubi8{{"rhel-8-for-x86_64-baseos-rpms"}, "ubi8-container-8.3-227", "x86_64"};
  EXPECT_EQ(a.layer_build_info[0], ubi8);
  EXPECT_EQ(a.layer_build_info[1], std::nullopt);
  // Layer-0 packages use layer 0's build info; layer 1 has none and inherits the nearest lower
  // layer's (Trivy since v0.63, "also find buildinfo in layer 0").
  ASSERT_NE(build_info_for_layer(a, 0), nullptr);
  EXPECT_EQ(*build_info_for_layer(a, 0), ubi8);
  ASSERT_NE(build_info_for_layer(a, 1), nullptr);
  EXPECT_EQ(*build_info_for_layer(a, 1), ubi8);
  EXPECT_TRUE(a.warnings.empty()) << a.warnings.at(0);
}

TEST(ScanLayerOrigins, BuildInfoLookupRules) {
  ImageAnalysis a;
  BuildInfo one{{"cs-1"}, "", ""}, three{{}, "n-1-2", "x86_64"};
  a.layer_build_info = {std::nullopt, one, std::nullopt, three, std::nullopt};
  EXPECT_EQ(build_info_for_layer(a, 0), &*a.layer_build_info[1]);  // base layer: layer 1's
  EXPECT_EQ(build_info_for_layer(a, 1), &*a.layer_build_info[1]);
  EXPECT_EQ(build_info_for_layer(a, 2), &*a.layer_build_info[1]);  // nearest lower
  EXPECT_EQ(build_info_for_layer(a, 4), &*a.layer_build_info[3]);
  EXPECT_EQ(build_info_for_layer(a, -1), nullptr);
  EXPECT_EQ(build_info_for_layer(a, 5), nullptr);
  // The base layer looks at layer 1 only, not further up.
  a.layer_build_info = {std::nullopt, std::nullopt, one};
  EXPECT_EQ(build_info_for_layer(a, 0), nullptr);
  EXPECT_EQ(build_info_for_layer(a, 1), nullptr);
  EXPECT_EQ(build_info_for_layer(a, 2), &*a.layer_build_info[2]);
  a.layer_build_info = {one};
  EXPECT_EQ(build_info_for_layer(a, 0), &*a.layer_build_info[0]);
}

TEST(ScanLayerOrigins, BaseLayerTakesLayerOnesBuildInfo) {
  Image img;
  img.layer({file("etc/redhat-release", "Red Hat Enterprise Linux release 8.3 (Ootpa)\n"),
             file("var/lib/rpm/Packages", read_file(data_dir() + "/rpmdb/libuuid-Packages"))});
  img.layer({file("root/buildinfo/content_manifests/ubi8.json", kContentManifest)});
  auto a = img.analyze();
  ASSERT_EQ(a.os_packages.size(), 1u);
  EXPECT_EQ(a.os_packages[0].packages.at(0).layer, 0);
  ASSERT_NE(build_info_for_layer(a, 0), nullptr);
  EXPECT_EQ(build_info_for_layer(a, 0)->content_sets,
            std::vector<std::string>{"rhel-8-for-x86_64-baseos-rpms"});
}

TEST(ScanLayerOrigins, MalformedBuildInfoIsAWarning) {
  Image img;
  img.layer({file("root/buildinfo/content_manifests/broken.json", "{\"content_sets\": [\"a\""),
             file("root/buildinfo/Dockerfile-x-1-2", "FROM x\nLABEL architecture=x86_64\n"),
             file("var/lib/dpkg/status", dpkg_entry("a", "1.0-1"))});
  img.layer({file("root/buildinfo/content_manifests/ok.json", kContentManifest),
             file("root/buildinfo/content_manifests/empty.json", R"({"content_sets":[]})")});
  ImageAnalysis a;
  ASSERT_NO_THROW(a = img.analyze());
  ASSERT_EQ(a.warnings.size(), 2u);
  EXPECT_NE(a.warnings[0].find("layer 0: root/buildinfo/Dockerfile-x-1-2: no com.redhat.component"),
            std::string::npos)
      << a.warnings[0];
  EXPECT_NE(a.warnings[1].find("layer 0: root/buildinfo/content_manifests/broken.json: invalid"),
            std::string::npos)
      << a.warnings[1];
  ASSERT_EQ(a.layer_build_info.size(), 2u);
  EXPECT_EQ(a.layer_build_info[0], std::nullopt);
  EXPECT_EQ(a.layer_build_info[1], (BuildInfo{{"rhel-8-for-x86_64-baseos-rpms"}, "", ""}));
  EXPECT_EQ(os_origins(a), (std::map<std::string, int>{{"a 1.0-1", 0}}));
}

TEST(ScanLayerOrigins, AnalyzeFsAloneLeavesOriginsUnknown) {
  VirtualFs fs;
  VfsNode n;
  n.data = dpkg_entry("a", "1.0-1");
  n.layer = 4;
  fs.put("var/lib/dpkg/status", n);
  auto a = analyze_fs(fs);
  ASSERT_EQ(a.os_packages.size(), 1u);
  EXPECT_EQ(a.os_packages[0].layer, 4);
  EXPECT_EQ(a.os_packages[0].packages.at(0).layer, -1);
  EXPECT_TRUE(a.layer_build_info.empty());
}
