#include "core/manifest.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "core/media_types.h"

using berth::core::Digest;
using berth::core::parse_manifest;
using berth::core::ParseResult;
using nlohmann::json;
namespace media = berth::core::media;

namespace {

std::string digest_of(const std::string& s) {
  return Digest::sha256_of(s).str();
}

const std::string kConfig = digest_of("config");
const std::string kLayer1 = digest_of("layer1");
const std::string kLayer2 = digest_of("layer2");
const std::string kChild1 = digest_of("child1");
const std::string kChild2 = digest_of("child2");
const std::string kSubject = digest_of("subject");

const std::string kLayerType = "application/vnd.oci.image.layer.v1.tar+gzip";
const std::string kDockerLayerType = "application/vnd.docker.image.rootfs.diff.tar.gzip";

json desc(std::string_view media_type, const std::string& digest, int64_t size) {
  return {{"mediaType", media_type}, {"digest", digest}, {"size", size}};
}

json docker_manifest() {
  return {{"schemaVersion", 2},
          {"mediaType", media::kDockerManifest},
          {"config", desc(media::kDockerConfig, kConfig, 1469)},
          {"layers", {desc(kDockerLayerType, kLayer1, 100), desc(kDockerLayerType, kLayer2, 200)}}};
}

json oci_manifest() {
  return {{"schemaVersion", 2},
          {"mediaType", media::kOciManifest},
          {"config", desc(media::kOciConfig, kConfig, 10)},
          {"layers", {desc(kLayerType, kLayer1, 100)}}};
}

json oci_index() {
  json m1 = desc(media::kOciManifest, kChild1, 500);
  m1["platform"] = {{"architecture", "amd64"}, {"os", "linux"}};
  json m2 = desc(media::kOciManifest, kChild2, 600);
  m2["platform"] = {{"architecture", "arm64"}, {"os", "linux"}, {"variant", "v8"}};
  return {{"schemaVersion", 2}, {"mediaType", media::kOciIndex}, {"manifests", {m1, m2}}};
}

ParseResult parse(const json& j, std::string_view content_type = "") {
  return parse_manifest(j.dump(), content_type);
}

// Expects an error with `code`; returns its message.
std::string expect_error(const ParseResult& r, const std::string& code) {
  EXPECT_FALSE(r.manifest.has_value());
  if (!r.error) {
    ADD_FAILURE() << "expected " << code << ", got a manifest";
    return "";
  }
  EXPECT_EQ(r.error->code, code) << r.error->message;
  EXPECT_FALSE(r.error->message.empty());
  return r.error->message;
}

#define ASSERT_PARSED(r) \
  ASSERT_TRUE((r).manifest.has_value()) << ((r).error ? (r).error->message : std::string())

}  // namespace

// ---- accepted manifests ----

TEST(ParseManifest, DockerSchema2) {
  auto r = parse(docker_manifest(), media::kDockerManifest);
  ASSERT_PARSED(r);
  EXPECT_FALSE(r.error.has_value());
  const auto& m = *r.manifest;
  EXPECT_EQ(m.media_type, media::kDockerManifest);
  ASSERT_TRUE(m.config.has_value());
  EXPECT_EQ(m.config->media_type, media::kDockerConfig);
  EXPECT_EQ(m.config->digest.str(), kConfig);
  EXPECT_EQ(m.config->size, 1469);
  ASSERT_EQ(m.layers.size(), 2u);
  EXPECT_EQ(m.layers[0].digest.str(), kLayer1);
  EXPECT_EQ(m.layers[0].size, 100);
  EXPECT_EQ(m.layers[1].digest.str(), kLayer2);
  EXPECT_EQ(m.layers[1].size, 200);
  EXPECT_FALSE(m.layers[0].foreign);
  EXPECT_TRUE(m.manifests.empty());
  EXPECT_FALSE(m.subject.has_value());
  // An image's artifact type is its config media type.
  EXPECT_EQ(m.artifact_type, media::kDockerConfig);
  EXPECT_EQ(m.annotations_json, "");
}

TEST(ParseManifest, MediaTypeFromBodyWhenContentTypeIsAbsentOrGeneric) {
  for (std::string_view ct : {"", "application/json", "application/octet-stream"}) {
    auto r = parse(docker_manifest(), ct);
    ASSERT_PARSED(r);
    EXPECT_EQ(r.manifest->media_type, media::kDockerManifest) << ct;
  }
}

TEST(ParseManifest, ContentTypeParametersAreIgnored) {
  auto r = parse(oci_manifest(), std::string(media::kOciManifest) + "; charset=utf-8");
  ASSERT_PARSED(r);
  EXPECT_EQ(r.manifest->media_type, media::kOciManifest);
}

TEST(ParseManifest, DockerManifestList) {
  json j = oci_index();
  j["mediaType"] = media::kDockerManifestList;
  for (auto& m : j["manifests"]) m["mediaType"] = media::kDockerManifest;
  auto r = parse(j, media::kDockerManifestList);
  ASSERT_PARSED(r);
  const auto& m = *r.manifest;
  EXPECT_EQ(m.media_type, media::kDockerManifestList);
  EXPECT_FALSE(m.config.has_value());
  EXPECT_TRUE(m.layers.empty());
  ASSERT_EQ(m.manifests.size(), 2u);
  EXPECT_EQ(m.manifests[0].media_type, media::kDockerManifest);
  EXPECT_EQ(m.manifests[0].digest.str(), kChild1);
  EXPECT_EQ(m.manifests[1].size, 600);
  auto p = json::parse(m.manifests[1].platform_json);
  EXPECT_EQ(p["architecture"], "arm64");
  EXPECT_EQ(p["variant"], "v8");
}

TEST(ParseManifest, OciManifest) {
  auto r = parse(oci_manifest(), media::kOciManifest);
  ASSERT_PARSED(r);
  const auto& m = *r.manifest;
  EXPECT_EQ(m.media_type, media::kOciManifest);
  ASSERT_TRUE(m.config.has_value());
  EXPECT_EQ(m.config->digest.str(), kConfig);
  ASSERT_EQ(m.layers.size(), 1u);
  EXPECT_EQ(m.layers[0].media_type, kLayerType);
  EXPECT_EQ(m.artifact_type, media::kOciConfig);
}

TEST(ParseManifest, OciManifestWithoutMediaTypeUsesContentType) {
  json j = oci_manifest();
  j.erase("mediaType");
  auto r = parse(j, media::kOciManifest);
  ASSERT_PARSED(r);
  EXPECT_EQ(r.manifest->media_type, media::kOciManifest);
}

TEST(ParseManifest, OciManifestWithoutAnyMediaTypeIsInferred) {
  json j = oci_manifest();
  j.erase("mediaType");
  auto r = parse(j);
  ASSERT_PARSED(r);
  EXPECT_EQ(r.manifest->media_type, media::kOciManifest);
}

TEST(ParseManifest, OciManifestLayersMayBeOmitted) {
  json j = oci_manifest();
  j.erase("layers");
  auto r = parse(j, media::kOciManifest);
  ASSERT_PARSED(r);
  EXPECT_TRUE(r.manifest->layers.empty());
}

TEST(ParseManifest, OciIndex) {
  auto r = parse(oci_index(), media::kOciIndex);
  ASSERT_PARSED(r);
  const auto& m = *r.manifest;
  EXPECT_EQ(m.media_type, media::kOciIndex);
  EXPECT_FALSE(m.config.has_value());
  ASSERT_EQ(m.manifests.size(), 2u);
  EXPECT_EQ(m.manifests[0].digest.str(), kChild1);
  EXPECT_EQ(m.manifests[0].size, 500);
  EXPECT_EQ(json::parse(m.manifests[0].platform_json)["architecture"], "amd64");
  EXPECT_EQ(m.artifact_type, "");
}

TEST(ParseManifest, OciIndexWithoutAnyMediaTypeIsInferred) {
  json j = oci_index();
  j.erase("mediaType");
  auto r = parse(j);
  ASSERT_PARSED(r);
  EXPECT_EQ(r.manifest->media_type, media::kOciIndex);
}

TEST(ParseManifest, EmptyIndexIsAllowed) {
  json j = oci_index();
  j["manifests"] = json::array();
  auto r = parse(j, media::kOciIndex);
  ASSERT_PARSED(r);
  EXPECT_TRUE(r.manifest->manifests.empty());
}

TEST(ParseManifest, ArtifactWithArtifactTypeAndEmptyConfig) {
  json j = {{"schemaVersion", 2},
            {"mediaType", media::kOciManifest},
            {"artifactType", "application/vnd.example.sbom.v1"},
            {"config", desc(media::kOciEmpty, digest_of("{}"), 2)},
            {"layers", {desc("application/spdx+json", kLayer1, 1234)}},
            {"annotations", {{"org.opencontainers.image.created", "2024-01-01T00:00:00Z"}}}};
  auto r = parse(j, media::kOciManifest);
  ASSERT_PARSED(r);
  const auto& m = *r.manifest;
  EXPECT_EQ(m.artifact_type, "application/vnd.example.sbom.v1");
  EXPECT_EQ(m.config->media_type, media::kOciEmpty);
  ASSERT_FALSE(m.annotations_json.empty());
  EXPECT_EQ(json::parse(m.annotations_json)["org.opencontainers.image.created"],
            "2024-01-01T00:00:00Z");
}

TEST(ParseManifest, ArtifactTypeDefaultsToConfigMediaType) {
  json j = oci_manifest();
  j["config"]["mediaType"] = media::kHelmConfig;
  auto r = parse(j, media::kOciManifest);
  ASSERT_PARSED(r);
  EXPECT_EQ(r.manifest->artifact_type, media::kHelmConfig);
}

TEST(ParseManifest, Subject) {
  json j = oci_manifest();
  j["artifactType"] = "application/vnd.example.signature";
  j["subject"] = desc(media::kOciManifest, kSubject, 321);
  auto r = parse(j, media::kOciManifest);
  ASSERT_PARSED(r);
  ASSERT_TRUE(r.manifest->subject.has_value());
  EXPECT_EQ(r.manifest->subject->digest.str(), kSubject);
  EXPECT_EQ(r.manifest->subject->size, 321);
  EXPECT_EQ(r.manifest->subject->media_type, media::kOciManifest);
}

TEST(ParseManifest, NullSubjectIsNoSubject) {
  json j = oci_manifest();
  j["subject"] = nullptr;
  auto r = parse(j, media::kOciManifest);
  ASSERT_PARSED(r);
  EXPECT_FALSE(r.manifest->subject.has_value());
}

TEST(ParseManifest, IndexWithArtifactTypeAndSubject) {
  json j = oci_index();
  j["artifactType"] = "application/vnd.example.bundle";
  j["subject"] = desc(media::kOciIndex, kSubject, 99);
  auto r = parse(j, media::kOciIndex);
  ASSERT_PARSED(r);
  EXPECT_EQ(r.manifest->artifact_type, "application/vnd.example.bundle");
  ASSERT_TRUE(r.manifest->subject.has_value());
  EXPECT_EQ(r.manifest->subject->digest.str(), kSubject);
}

TEST(ParseManifest, DescriptorAnnotationsAndArtifactType) {
  json j = oci_index();
  j["manifests"][0]["annotations"] = {{"k", "v"}};
  j["manifests"][0]["artifactType"] = "application/vnd.example";
  auto r = parse(j, media::kOciIndex);
  ASSERT_PARSED(r);
  EXPECT_EQ(json::parse(r.manifest->manifests[0].annotations_json)["k"], "v");
  EXPECT_EQ(r.manifest->manifests[0].artifact_type, "application/vnd.example");
  EXPECT_EQ(r.manifest->manifests[1].annotations_json, "");
  EXPECT_EQ(r.manifest->manifests[1].artifact_type, "");
}

TEST(ParseManifest, ForeignLayers) {
  json j = docker_manifest();
  j["layers"].push_back(desc(media::kDockerForeignLayer, digest_of("win"), 1000));
  j["layers"].push_back(
      desc(std::string(media::kOciForeignLayerPrefix) + ".v1.tar+gzip", digest_of("nd"), 1000));
  json with_urls = desc(kDockerLayerType, digest_of("urls"), 5);
  with_urls["urls"] = {"https://example.com/layer"};
  j["layers"].push_back(with_urls);
  auto r = parse(j, media::kDockerManifest);
  ASSERT_PARSED(r);
  const auto& l = r.manifest->layers;
  ASSERT_EQ(l.size(), 5u);
  EXPECT_FALSE(l[0].foreign);
  EXPECT_FALSE(l[1].foreign);
  EXPECT_TRUE(l[2].foreign);
  EXPECT_TRUE(l[3].foreign);
  EXPECT_TRUE(l[4].foreign);
}

TEST(ParseManifest, Sha512DescriptorDigests) {
  json j = oci_manifest();
  std::string d512 = Digest::of(berth::core::DigestAlgorithm::kSha512, "layer").str();
  j["layers"][0]["digest"] = d512;
  auto r = parse(j, media::kOciManifest);
  ASSERT_PARSED(r);
  EXPECT_EQ(r.manifest->layers[0].digest.str(), d512);
}

TEST(ParseManifest, UnknownFieldsAreIgnored) {
  json j = oci_manifest();
  j["x-vendor"] = {{"anything", 1}};
  j["layers"][0]["x-extra"] = true;
  auto r = parse(j, media::kOciManifest);
  ASSERT_PARSED(r);
}

// ---- refused manifests ----

TEST(ParseManifest, InvalidJson) {
  expect_error(parse_manifest("", media::kOciManifest), "MANIFEST_INVALID");
  expect_error(parse_manifest("{", media::kOciManifest), "MANIFEST_INVALID");
  expect_error(parse_manifest("not json", ""), "MANIFEST_INVALID");
  auto body = oci_manifest().dump();
  expect_error(parse_manifest(body.substr(0, body.size() - 1), ""), "MANIFEST_INVALID");
}

TEST(ParseManifest, NotAnObject) {
  expect_error(parse_manifest("[]", ""), "MANIFEST_INVALID");
  expect_error(parse_manifest("2", ""), "MANIFEST_INVALID");
  expect_error(parse_manifest("\"manifest\"", ""), "MANIFEST_INVALID");
  expect_error(parse_manifest("null", ""), "MANIFEST_INVALID");
}

TEST(ParseManifest, WrongSchemaVersion) {
  for (json v : {json(1), json(3), json(0), json(-2), json("2"), json(2.0), json(nullptr),
                 json::array({2})}) {
    json j = oci_manifest();
    j["schemaVersion"] = v;
    auto msg = expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
    EXPECT_NE(msg.find("schemaVersion"), std::string::npos) << msg;
  }
  json j = oci_manifest();
  j.erase("schemaVersion");
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
}

TEST(ParseManifest, SchemaVersionIsNotTruncated) {
  // 2^32 + 2 must not be read as 2.
  for (int64_t v : {int64_t(4294967298), int64_t(-4294967294), int64_t(9223372036854775807)}) {
    json j = oci_manifest();
    j["schemaVersion"] = v;
    expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
  }
}

TEST(ParseManifest, MissingConfig) {
  json j = oci_manifest();
  j.erase("config");
  auto msg = expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
  EXPECT_NE(msg.find("config"), std::string::npos) << msg;

  json d = docker_manifest();
  d.erase("config");
  expect_error(parse(d, media::kDockerManifest), "MANIFEST_INVALID");
}

TEST(ParseManifest, ConfigMustBeADescriptor) {
  json j = oci_manifest();
  j["config"] = "sha256:abc";
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
  j["config"] = nullptr;
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
}

TEST(ParseManifest, DockerManifestRequiresLayers) {
  json j = docker_manifest();
  j.erase("layers");
  auto msg = expect_error(parse(j, media::kDockerManifest), "MANIFEST_INVALID");
  EXPECT_NE(msg.find("layers"), std::string::npos) << msg;
}

TEST(ParseManifest, LayersMustBeAnArrayOfObjects) {
  json j = oci_manifest();
  j["layers"] = desc(kLayerType, kLayer1, 1);
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
  j["layers"] = {kLayer1};
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
}

TEST(ParseManifest, IndexRequiresManifests) {
  json j = oci_index();
  j.erase("manifests");
  auto msg = expect_error(parse(j, media::kOciIndex), "MANIFEST_INVALID");
  EXPECT_NE(msg.find("manifests"), std::string::npos) << msg;
}

TEST(ParseManifest, BadDigestInADescriptor) {
  for (const char* bad : {"sha256:abc", "sha256:ZZ", "md5:d41d8cd98f00b204e9800998ecf8427e", "",
                          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}) {
    json layer = oci_manifest();
    layer["layers"][0]["digest"] = bad;
    auto msg = expect_error(parse(layer, media::kOciManifest), "DIGEST_INVALID");
    EXPECT_NE(msg.find("layers[0]"), std::string::npos) << msg;

    json config = oci_manifest();
    config["config"]["digest"] = bad;
    expect_error(parse(config, media::kOciManifest), "DIGEST_INVALID");

    json child = oci_index();
    child["manifests"][1]["digest"] = bad;
    msg = expect_error(parse(child, media::kOciIndex), "DIGEST_INVALID");
    EXPECT_NE(msg.find("manifests[1]"), std::string::npos) << msg;

    json subject = oci_manifest();
    subject["subject"] = desc(media::kOciManifest, bad, 1);
    expect_error(parse(subject, media::kOciManifest), "DIGEST_INVALID");
  }
}

TEST(ParseManifest, DigestMustBeAString) {
  json j = oci_manifest();
  j["layers"][0]["digest"] = 42;
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
  j["layers"][0].erase("digest");
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
}

TEST(ParseManifest, NegativeOrNonIntegerSize) {
  for (json size : {json(-1), json(-9223372036854775807LL), json(1.5), json("10"), json(nullptr),
                    json(true), json(18446744073709551615ULL)}) {
    json j = oci_manifest();
    j["layers"][0]["size"] = size;
    auto msg = expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
    EXPECT_NE(msg.find("size"), std::string::npos) << msg;
  }
  json j = oci_manifest();
  j["config"].erase("size");
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
}

TEST(ParseManifest, ZeroSizeIsAllowed) {
  json j = oci_manifest();
  j["layers"][0]["size"] = 0;
  ASSERT_PARSED(parse(j, media::kOciManifest));
}

TEST(ParseManifest, DescriptorMediaTypeRequired) {
  json j = oci_manifest();
  j["layers"][0].erase("mediaType");
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
  j = oci_manifest();
  j["layers"][0]["mediaType"] = 5;
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
}

TEST(ParseManifest, MediaTypeMustMatchContentType) {
  auto msg = expect_error(parse(oci_manifest(), media::kDockerManifest), "MANIFEST_INVALID");
  EXPECT_NE(msg.find("Content-Type"), std::string::npos) << msg;
  expect_error(parse(docker_manifest(), media::kOciManifest), "MANIFEST_INVALID");
  expect_error(parse(oci_index(), media::kOciManifest), "MANIFEST_INVALID");
  expect_error(parse(oci_manifest(), media::kOciIndex), "MANIFEST_INVALID");
}

TEST(ParseManifest, ContentTypeIndexForAnImageBodyIsRefused) {
  json j = oci_manifest();
  j.erase("mediaType");
  expect_error(parse(j, media::kOciIndex), "MANIFEST_INVALID");
  json i = oci_index();
  i.erase("mediaType");
  expect_error(parse(i, media::kOciManifest), "MANIFEST_INVALID");
}

TEST(ParseManifest, UnsupportedMediaType) {
  json j = oci_manifest();
  j["mediaType"] = "application/vnd.example.thing+json";
  expect_error(parse(j), "MANIFEST_INVALID");
  j["mediaType"] = 7;
  expect_error(parse(j), "MANIFEST_INVALID");
  // Neither mediaType nor a recognisable shape.
  expect_error(parse(json{{"schemaVersion", 2}}), "MANIFEST_INVALID");
}

TEST(ParseManifest, Schema1IsRefused) {
  // A real schema1 manifest: schemaVersion 1, signed, no mediaType field.
  json s1 = {{"schemaVersion", 1},
             {"name", "library/hello"},
             {"tag", "latest"},
             {"architecture", "amd64"},
             {"fsLayers", {{{"blobSum", kLayer1}}}},
             {"history", {{{"v1Compatibility", "{}"}}}},
             {"signatures", json::array()}};
  expect_error(parse(s1, media::kDockerSchema1Signed), "MANIFEST_INVALID");
  expect_error(parse(s1, media::kDockerSchema1), "MANIFEST_INVALID");
  expect_error(parse(s1), "MANIFEST_INVALID");
  // Even a body claiming schemaVersion 2 with a schema1 media type.
  for (auto mt : {media::kDockerSchema1, media::kDockerSchema1Signed}) {
    json j = docker_manifest();
    j["mediaType"] = mt;
    auto msg = expect_error(parse(j), "MANIFEST_INVALID");
    EXPECT_NE(msg.find("schema1"), std::string::npos) << msg;
  }
}

TEST(ParseManifest, IndexMustNotHaveConfigOrLayers) {
  json j = oci_index();
  j["config"] = desc(media::kOciConfig, kConfig, 1);
  expect_error(parse(j, media::kOciIndex), "MANIFEST_INVALID");
  j = oci_index();
  j["layers"] = json::array();
  expect_error(parse(j, media::kOciIndex), "MANIFEST_INVALID");
}

TEST(ParseManifest, ImageMustNotHaveManifests) {
  json j = oci_manifest();
  j["manifests"] = json::array();
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
}

TEST(ParseManifest, ArtifactTypeOnlyInOciManifests) {
  json j = docker_manifest();
  j["artifactType"] = "application/vnd.example";
  expect_error(parse(j, media::kDockerManifest), "MANIFEST_INVALID");
  json o = oci_manifest();
  o["artifactType"] = 3;
  expect_error(parse(o, media::kOciManifest), "MANIFEST_INVALID");
}

TEST(ParseManifest, AnnotationsMustBeAnObject) {
  json j = oci_manifest();
  j["annotations"] = json::array({"a"});
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
  j = oci_index();
  j["manifests"][0]["platform"] = "linux/amd64";
  expect_error(parse(j, media::kOciIndex), "MANIFEST_INVALID");
}

TEST(ParseManifest, SubjectMustBeADescriptor) {
  json j = oci_manifest();
  j["subject"] = kSubject;
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
  j["subject"] = {{"digest", kSubject}, {"size", 1}};  // no mediaType
  expect_error(parse(j, media::kOciManifest), "MANIFEST_INVALID");
}

TEST(ParseManifest, ExactlyOneOfManifestOrError) {
  auto ok = parse(oci_manifest(), media::kOciManifest);
  EXPECT_TRUE(ok.manifest.has_value());
  EXPECT_FALSE(ok.error.has_value());
  auto bad = parse_manifest("{}", "");
  EXPECT_FALSE(bad.manifest.has_value());
  EXPECT_TRUE(bad.error.has_value());
}
