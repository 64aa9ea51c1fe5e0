// Resolving `berth scan` image references (src/app/scan_image_source): OCI layouts by tag, the
// only image, indexes resolved to linux/amd64, and bad layouts refused with clear errors.
#include "app/scan_image_source.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/digest.h"
#include "scan_test_support.h"

namespace fs = std::filesystem;
using berth::app::ImageSourceError;
using berth::app::oci_layout_store;
using berth::app::resolve_scan_target;
using nlohmann::json;

namespace {

class Layout {
 public:
  Layout() { fs::create_directories(dir_.path / "blobs" / "sha256"); }
  std::string blob(const std::string& data) {
    auto d = berth::core::Digest::sha256_of(data);
    scantest::write_file(dir_.path / "blobs" / "sha256" / d.hex, data);
    return d.str();
  }
  std::string image(const std::string& arch) {
    std::string layer = blob("layer-" + arch);
    std::string config = blob(json{{"os", "linux"}, {"architecture", arch}}.dump());
    json m = {{"schemaVersion", 2},
              {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
              {"config",
               {{"mediaType", "application/vnd.oci.image.config.v1+json"},
                {"digest", config},
                {"size", 10}}},
              {"layers", json::array({{{"mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"},
                                       {"digest", layer},
                                       {"size", 10}}})}};
    return blob(m.dump());
  }
  void index(const json& manifests) {
    scantest::write_file(dir_.path / "index.json",
                         json{{"schemaVersion", 2}, {"manifests", manifests}}.dump());
  }
  const fs::path& path() const { return dir_.path; }

 private:
  scantest::TempDir dir_;
};

json entry(const std::string& digest, const std::string& tag,
           const std::string& mt = "application/vnd.oci.image.manifest.v1+json") {
  json e = {{"mediaType", mt}, {"digest", digest}, {"size", 1}};
  if (!tag.empty()) e["annotations"] = {{"org.opencontainers.image.ref.name", tag}};
  return e;
}

}  // namespace

TEST(ScanImageSource, OciLayoutByTagAndOnlyImage) {
  Layout l;
  std::string amd = l.image("amd64");
  std::string arm = l.image("arm64");
  l.index(json::array({entry(amd, "a"), entry(arm, "b")}));
  auto store = oci_layout_store(l.path());
  auto t = resolve_scan_target(store, "b", "oci:x:b", "");
  EXPECT_EQ(t.digest, arm);
  EXPECT_EQ(t.architecture, "arm64");
  EXPECT_EQ(t.os, "linux");
  ASSERT_EQ(t.layers.size(), 1u);
  EXPECT_EQ(t.layers[0].path.parent_path(), l.path() / "blobs" / "sha256");
  EXPECT_EQ(t.layers[0].media_type, "application/vnd.oci.image.layer.v1.tar+gzip");
  // Without a tag: only when the layout holds one image.
  EXPECT_THROW(resolve_scan_target(store, "", "oci:x", ""), ImageSourceError);
  l.index(json::array({entry(amd, "")}));
  EXPECT_EQ(resolve_scan_target(oci_layout_store(l.path()), "", "oci:x", "").digest, amd);
}

TEST(ScanImageSource, IndexPicksLinuxAmd64) {
  Layout l;
  std::string arm = l.image("arm64");
  std::string amd = l.image("amd64");
  json index = {
      {"schemaVersion", 2},
      {"mediaType", "application/vnd.oci.image.index.v1+json"},
      {"manifests", json::array({{{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                                  {"digest", arm},
                                  {"size", 1},
                                  {"platform", {{"os", "linux"}, {"architecture", "arm64"}}}},
                                 {{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                                  {"digest", amd},
                                  {"size", 1},
                                  {"platform", {{"os", "linux"}, {"architecture", "amd64"}}}}})}};
  std::string idx = l.blob(index.dump());
  l.index(json::array({entry(idx, "multi", "application/vnd.oci.image.index.v1+json")}));
  auto t = resolve_scan_target(oci_layout_store(l.path()), "multi", "oci:x:multi", "");
  EXPECT_EQ(t.digest, amd);
  EXPECT_EQ(t.architecture, "amd64");
}

TEST(ScanImageSource, BadLayoutsAreClearErrors) {
  Layout l;
  auto expect_error = [&](const std::string& ref, const std::string& needle) {
    try {
      resolve_scan_target(oci_layout_store(l.path()), ref, "oci:x", "");
      ADD_FAILURE() << "no error for " << ref;
    } catch (const ImageSourceError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_error("t", "no index.json");
  l.index(json::array({entry("sha256:../../../etc/passwd", "t")}));
  expect_error("t", "invalid digest");
  l.index(json::array({entry(l.blob("not json"), "t")}));
  expect_error("t", "invalid manifest");
  l.index(json::array({entry(l.image("amd64"), "t")}));
  expect_error("nope", "image not found");
  // A layer blob that is missing.
  std::string m = l.image("amd64");
  auto layer = json::parse(scantest::read_file(l.path() / "blobs" / "sha256" /
                                               m.substr(7)))["layers"][0]["digest"]
                   .get<std::string>();
  fs::remove(l.path() / "blobs" / "sha256" / layer.substr(7));
  l.index(json::array({entry(m, "t")}));
  expect_error("t", "is not stored here");
}
