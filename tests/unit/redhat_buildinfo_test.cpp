// Red Hat build-info parsers (src/scan/analyze/redhat_buildinfo): content manifests and the
// OSBS Dockerfile, with the cases Trivy's buildinfo analyzers handle, and malformed input.
#include "scan/analyze/redhat_buildinfo.h"

#include <gtest/gtest.h>

#include "scan/analyze/wanted_paths.h"

using namespace berth::scan;

namespace {

// The shape of a real OSBS buildinfo Dockerfile (ubi8-container 8.3-227), shortened.
const char* kUbi8Dockerfile =
    R"(FROM sha256:e6e0b4b3c0e3ba0fa8f8ab45a9c8a1b66e1f2d6c9f0e2b1f2c3d4e5f6a7b8c9d
# Comment lines and blank lines are skipped

LABEL maintainer="Red Hat, Inc."
LABEL com.redhat.component="ubi8-container" \
      name="ubi8" \
      version="8.3"
ENV container oci
LABEL "com.redhat.license_terms"="https://www.redhat.com/en/about/red-hat-end-user-license-agreements#UBI"
LABEL summary="Provides the latest release of the Red Hat Universal Base Image 8."
CMD ["/bin/bash"]
RUN rm -rf /var/log/*
LABEL "release"="227" "distribution-scope"="public" "vendor"="Red Hat, Inc." "build-date"="2020-12-10T01:59:40.343735" "architecture"="x86_64" "vcs-type"="git"
)";

}  // namespace

TEST(RedhatBuildinfo, ContentManifest) {
  EXPECT_EQ(
      parse_content_manifest(
          R"({"metadata":{"icm_version":1},"content_sets":["rhel-8-for-x86_64-baseos-rpms","rhel-8-for-x86_64-appstream-rpms"],"image_contents":[]})"),
      (std::vector<std::string>{"rhel-8-for-x86_64-baseos-rpms",
                                "rhel-8-for-x86_64-appstream-rpms"}));
  EXPECT_TRUE(parse_content_manifest(R"({"content_sets":[]})").empty());
  EXPECT_TRUE(parse_content_manifest(R"({"content_sets":null})").empty());
  EXPECT_TRUE(parse_content_manifest(R"({"metadata":{}})").empty());
  EXPECT_TRUE(parse_content_manifest("null").empty());
}

TEST(RedhatBuildinfo, MalformedContentManifestThrowsAnalysisError) {
  for (const char* bad : {"", "{", R"({"content_sets":"rhel-7-server-rpms"})",
                          R"({"content_sets":[1,2]})", R"(["rhel-7-server-rpms"])", "\xff\xfe"}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(parse_content_manifest(bad), AnalysisError);
  }
}

TEST(RedhatBuildinfo, DockerfileNvrFromFileNameAndArchFromLabels) {
  BuildInfo b =
      parse_buildinfo_dockerfile("root/buildinfo/Dockerfile-ubi8-8.3-227", kUbi8Dockerfile);
  EXPECT_EQ(b.nvr, "ubi8-container-8.3-227");
  EXPECT_EQ(b.arch, "x86_64");
  EXPECT_TRUE(b.content_sets.empty());
  // Trivy takes version-release from the file name, not from the version/release labels.
  b = parse_buildinfo_dockerfile("root/buildinfo/Dockerfile-ubi8-8.4-1", kUbi8Dockerfile);
  EXPECT_EQ(b.nvr, "ubi8-container-8.4-1");
  b = parse_buildinfo_dockerfile("root/buildinfo/Dockerfile", kUbi8Dockerfile);
  EXPECT_EQ(b.nvr, "ubi8-container-");
}

TEST(RedhatBuildinfo, DockerfileLabelForms) {
  // Old "LABEL key value" form, bzcomponent, unquoted and single-quoted values, keys in any case.
  BuildInfo b = parse_buildinfo_dockerfile("root/buildinfo/Dockerfile-jboss-base-7-base-1.1-3",
                                           "FROM scratch\n"
                                           "LABEL BZComponent jboss-base-7-docker\n"
                                           "label Architecture='x86_64'\n");
  EXPECT_EQ(b.nvr, "jboss-base-7-docker-1.1-3");
  EXPECT_EQ(b.arch, "x86_64");
  // Variables from ARG (before FROM) and ENV, escapes, the last label wins, CRLF line ends.
  b = parse_buildinfo_dockerfile(
      "root/buildinfo/Dockerfile-x-1-2",
      "ARG ARCH=aarch64\r\nFROM base\r\nENV NAME=comp\r\n"
      "LABEL com.redhat.component=first\r\n"
      "LABEL com.redhat.component=\"${NAME}-\\\"x\\\"\" architecture=$ARCH\r\n");
  EXPECT_EQ(b.nvr, "comp-\"x\"-1-2");
  EXPECT_EQ(b.arch, "aarch64");
  b = parse_buildinfo_dockerfile("root/buildinfo/Dockerfile-x-1-2",
                                 "FROM base\nLABEL com.redhat.component=${UNSET:-dflt} \\\n"
                                 "# a comment inside a continuation\n"
                                 "\n"
                                 "  architecture=s390x\n");
  EXPECT_EQ(b.nvr, "dflt-1-2");
  EXPECT_EQ(b.arch, "s390x");
}

TEST(RedhatBuildinfo, MalformedDockerfileThrowsAnalysisError) {
  const std::vector<std::string> bad = {
      "",                                                                 // no labels at all
      "FROM x\nLABEL architecture=x86_64\n",                              // no component
      "FROM x\nLABEL com.redhat.component=ubi8\n",                        // no arch
      "LABEL com.redhat.component=ubi8 architecture=x86_64\n",            // before FROM
      "FROM x\nLABEL com.redhat.component=\"ubi8 architecture=x86_64\n",  // unterminated quote
      "FROM x\nLABEL com.redhat.component=ubi8 architecture\n",           // no '='
      "FROM x\nLABEL\n",                                                  // no argument
      "FROM x\nLABEL com.redhat.component=${X architecture=x86_64\n",     // unterminated ${
      std::string("FROM x\nLABEL \xff\x00\x01=\"", 18),                   // binary junk
  };
  for (const auto& text : bad) {
    SCOPED_TRACE(text);
    EXPECT_THROW(parse_buildinfo_dockerfile("root/buildinfo/Dockerfile-a-1-2", text),
                 AnalysisError);
  }
}

TEST(RedhatBuildinfo, MergeWithinALayer) {
  BuildInfo b{{"rhel-7-server-rpms"}, "", ""};
  merge_build_info(b, {{}, "ubi7-container-7.7-140", "x86_64"});
  EXPECT_EQ(b, (BuildInfo{{"rhel-7-server-rpms"}, "ubi7-container-7.7-140", "x86_64"}));
  merge_build_info(b, {{"rhel-7-server-extras-rpms"}, "", ""});
  EXPECT_EQ(b, (BuildInfo{{"rhel-7-server-extras-rpms"}, "ubi7-container-7.7-140", "x86_64"}));
}

TEST(RedhatBuildinfo, WantedPaths) {
  EXPECT_EQ(classify_path("root/buildinfo/content_manifests/ubi8-container-8.3-227.json"),
            FileKind::kRedhatContentManifest);
  EXPECT_EQ(classify_path("usr/share/buildinfo/rhcos.json"), FileKind::kRedhatContentManifest);
  EXPECT_EQ(classify_path("root/buildinfo/content_manifests/sub/x.json"), std::nullopt);
  EXPECT_EQ(classify_path("root/buildinfo/content_manifests/x.txt"), std::nullopt);
  EXPECT_EQ(classify_path("root/buildinfo/Dockerfile-ubi8-8.3-227"), FileKind::kRedhatDockerfile);
  EXPECT_EQ(classify_path("root/buildinfo/Dockerfile"), FileKind::kRedhatDockerfile);
  EXPECT_EQ(classify_path("root/buildinfo/other/Dockerfile-x"), std::nullopt);
  EXPECT_EQ(classify_path("root/Dockerfile-x-1-2"), std::nullopt);
}
