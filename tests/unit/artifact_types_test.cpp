#include "core/artifact_types.h"

#include <gtest/gtest.h>

using namespace berth::core;
using nlohmann::json;

namespace {
constexpr const char* kOciManifest = "application/vnd.oci.image.manifest.v1+json";
constexpr const char* kOciIndex = "application/vnd.oci.image.index.v1+json";
constexpr const char* kOciConfig = "application/vnd.oci.image.config.v1+json";
}  // namespace

TEST(ArtifactTypes, KindFollowsConfigOrArtifactType) {
  EXPECT_EQ(artifact_kind(kOciManifest, kOciConfig, kOciConfig), "IMAGE");
  EXPECT_EQ(artifact_kind("application/vnd.docker.distribution.manifest.v2+json",
                          "application/vnd.docker.container.image.v1+json",
                          "application/vnd.docker.container.image.v1+json"),
            "IMAGE");
  EXPECT_EQ(artifact_kind(kOciIndex, "", ""), "IMAGE");
  EXPECT_EQ(artifact_kind(kOciManifest, "application/vnd.cncf.helm.config.v1+json",
                          "application/vnd.cncf.helm.config.v1+json"),
            "CHART");
  EXPECT_EQ(artifact_kind(kOciManifest, "application/vnd.cnab.config.v1+json", ""), "CNAB");
  // OCI 1.1 artifacts: an empty config and an explicit artifactType.
  EXPECT_EQ(artifact_kind(kOciManifest, "application/vnd.oci.empty.v1+json",
                          "application/vnd.dev.cosign.artifact.sig.v1+json"),
            "SIGNATURE.COSIGN");
  EXPECT_EQ(
      artifact_kind(kOciManifest, "application/vnd.oci.empty.v1+json", "application/spdx+json"),
      "SBOM");
  // artifactType wins over a generic image config.
  EXPECT_EQ(artifact_kind(kOciManifest, kOciConfig, "application/vnd.goharbor.harbor.sbom.v1"),
            "SBOM");
  EXPECT_EQ(artifact_kind(kOciManifest, "application/x-custom", "application/x-custom"), "UNKNOWN");
}

TEST(ArtifactTypes, MediaTypeIsConfigTypeExceptForIndexes) {
  EXPECT_EQ(artifact_media_type(kOciManifest, kOciConfig), kOciConfig);
  EXPECT_EQ(artifact_media_type(kOciIndex, ""), kOciIndex);
}

TEST(ArtifactTypes, ExtraAttrsComeFromTheImageConfig) {
  json config = json::parse(R"({"architecture":"arm64","os":"linux","variant":"v8",
      "created":"2024-01-01T00:00:00Z","author":"me","config":{"Cmd":["/bin/true"]},
      "rootfs":{"type":"layers","diff_ids":[]},"history":[]})");
  json attrs = image_extra_attrs(config);
  EXPECT_EQ(attrs["architecture"], "arm64");
  EXPECT_EQ(attrs["os"], "linux");
  EXPECT_EQ(attrs["author"], "me");
  EXPECT_EQ(attrs["created"], "2024-01-01T00:00:00Z");
  EXPECT_EQ(attrs["config"]["Cmd"][0], "/bin/true");
  EXPECT_FALSE(attrs.contains("rootfs"));
  EXPECT_TRUE(image_extra_attrs(json::array()).empty());
  EXPECT_TRUE(image_extra_attrs(json::parse(R"({"architecture":5})")).empty());
}
