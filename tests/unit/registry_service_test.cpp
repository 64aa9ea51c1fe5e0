#include "core/registry_service.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/media_types.h"
#include "db/migrations.h"
#include "db/sqlite.h"
#include "db/sqlite_content_store.h"
#include "store/blob_store.h"

namespace fs = std::filesystem;
namespace media = berth::core::media;
using berth::core::Digest;
using berth::core::DigestAlgorithm;
using berth::core::ManifestReference;
using berth::core::RegistryError;
using berth::core::RegistryService;
using nlohmann::json;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "berth-registry-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

ManifestReference tag_ref(const std::string& t) {
  return ManifestReference{t};
}
ManifestReference digest_ref(const Digest& d) {
  return ManifestReference{d};
}

json descriptor(std::string_view media_type, const Digest& d, int64_t size) {
  return {{"mediaType", media_type}, {"digest", d.str()}, {"size", size}};
}

// Runs f, expecting a RegistryError; returns it.
template <class F>
RegistryError expect_registry_error(F f) {
  try {
    f();
  } catch (const RegistryError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a RegistryError";
  return RegistryError{0, "", "", ""};
}

class RegistryServiceTest : public ::testing::Test {
 protected:
  TempDir tmp;
  std::unique_ptr<berth::db::Pool> pool;
  std::unique_ptr<berth::db::SqliteContentStore> content;
  std::unique_ptr<berth::store::BlobStore> blobs;
  std::unique_ptr<RegistryService> svc;

  void SetUp() override { open(RegistryService::Options{}, 4); }

  void open(RegistryService::Options options, size_t pool_size) {
    svc.reset();
    blobs.reset();
    content.reset();
    pool.reset();
    pool = std::make_unique<berth::db::Pool>(tmp.path / "berth.db", pool_size);
    {
      auto c = pool->acquire();
      berth::db::migrate(*c);
    }
    blobs = std::make_unique<berth::store::BlobStore>(tmp.path);
    content = std::make_unique<berth::db::SqliteContentStore>(*pool);
    svc = std::make_unique<RegistryService>(*content, *blobs, options);
  }

  // Stores a blob and links it to `repo`, as a finished upload does.
  Digest add_blob(const std::string& repo, const std::string& content) {
    auto d = Digest::sha256_of(content);
    blobs->put(content, d);
    svc->link_blob(repo, d, content.size());
    return d;
  }

  // An OCI image manifest whose config and layers are linked to `repo`.
  std::string image(const std::string& repo, const std::string& name,
                    const std::optional<Digest>& subject = std::nullopt,
                    const std::string& artifact_type = "") {
    auto config = add_blob(repo, "{\"config\":\"" + name + "\"}");
    auto layer = add_blob(repo, "layer of " + name);
    json j = {
        {"schemaVersion", 2},
        {"mediaType", media::kOciManifest},
        {"config", descriptor(media::kOciConfig, config, 13 + int64_t(name.size()))},
        {"layers",
         {descriptor("application/vnd.oci.image.layer.v1.tar", layer, 9 + int64_t(name.size()))}}};
    if (subject) j["subject"] = descriptor(media::kOciManifest, *subject, 100);
    if (!artifact_type.empty()) j["artifactType"] = artifact_type;
    return j.dump();
  }

  Digest put(const std::string& repo, const std::string& tag, const std::string& body) {
    return svc->put_manifest(repo, tag_ref(tag), media::kOciManifest, body).digest;
  }
};

}  // namespace

// ---- blobs ----

TEST_F(RegistryServiceTest, LinkAndBlobSize) {
  auto d = Digest::sha256_of("hello");
  EXPECT_FALSE(svc->blob_size("lib/a", d).has_value());
  svc->link_blob("lib/a", d, 5);
  EXPECT_EQ(svc->blob_size("lib/a", d), std::optional<uint64_t>(5));
  // Only the repository it was linked to may serve it.
  EXPECT_FALSE(svc->blob_size("lib/b", d).has_value());
  EXPECT_FALSE(svc->blob_size("lib", d).has_value());
}

TEST_F(RegistryServiceTest, LinkIsIdempotent) {
  auto d = Digest::sha256_of("hello");
  svc->link_blob("lib/a", d, 5);
  svc->link_blob("lib/a", d, 5);
  EXPECT_EQ(svc->blob_size("lib/a", d), std::optional<uint64_t>(5));
  EXPECT_TRUE(svc->unlink_blob("lib/a", d));
  EXPECT_FALSE(svc->blob_size("lib/a", d).has_value());
}

TEST_F(RegistryServiceTest, LargeBlobSize) {
  auto d = Digest::sha256_of("big");
  const uint64_t size = 60ull << 30;
  svc->link_blob("lib/a", d, size);
  EXPECT_EQ(svc->blob_size("lib/a", d), std::optional<uint64_t>(size));
}

TEST_F(RegistryServiceTest, Unlink) {
  auto d = Digest::sha256_of("hello");
  svc->link_blob("lib/a", d, 5);
  svc->link_blob("lib/b", d, 5);
  EXPECT_TRUE(svc->unlink_blob("lib/a", d));
  EXPECT_FALSE(svc->blob_size("lib/a", d).has_value());
  EXPECT_EQ(svc->blob_size("lib/b", d), std::optional<uint64_t>(5));
  EXPECT_FALSE(svc->unlink_blob("lib/a", d));
  EXPECT_FALSE(svc->unlink_blob("lib/none", d));
}

TEST_F(RegistryServiceTest, MountFromARepositoryThatHasTheBlob) {
  auto d = add_blob("lib/src", "shared layer");
  EXPECT_TRUE(svc->mount_blob("lib/dst", "lib/src", d));
  EXPECT_EQ(svc->blob_size("lib/dst", d), std::optional<uint64_t>(12));
  EXPECT_TRUE(svc->mount_blob("lib/dst", "lib/src", d));  // again: still fine
  // The source keeps it.
  EXPECT_EQ(svc->blob_size("lib/src", d), std::optional<uint64_t>(12));
}

TEST_F(RegistryServiceTest, MountFromARepositoryWithoutTheBlobFails) {
  auto d = add_blob("lib/src", "private layer");
  EXPECT_FALSE(svc->mount_blob("lib/dst", "lib/other", d));
  EXPECT_FALSE(svc->blob_size("lib/dst", d).has_value());
  auto unknown = Digest::sha256_of("never uploaded");
  EXPECT_FALSE(svc->mount_blob("lib/dst", "lib/src", unknown));
  EXPECT_FALSE(svc->blob_size("lib/dst", unknown).has_value());
}

TEST_F(RegistryServiceTest, MountFailsWhenTheFileIsGone) {
  auto d = add_blob("lib/src", "vanished");
  blobs->remove(d);
  EXPECT_FALSE(svc->mount_blob("lib/dst", "lib/src", d));
  EXPECT_FALSE(svc->blob_size("lib/dst", d).has_value());
}

TEST_F(RegistryServiceTest, MountAfterUnlinkFails) {
  auto d = add_blob("lib/src", "layer");
  ASSERT_TRUE(svc->unlink_blob("lib/src", d));
  EXPECT_FALSE(svc->mount_blob("lib/dst", "lib/src", d));
}

// ---- put / get manifests ----

TEST_F(RegistryServiceTest, PutManifestByTagAndGetByTagAndDigest) {
  auto body = image("lib/app", "v1");
  auto result = svc->put_manifest("lib/app", tag_ref("v1"), media::kOciManifest, body);
  EXPECT_EQ(result.digest, Digest::sha256_of(body));
  EXPECT_FALSE(result.subject.has_value());

  auto by_tag = svc->get_manifest("lib/app", tag_ref("v1"));
  ASSERT_NE(by_tag, nullptr);
  EXPECT_EQ(*by_tag->content, body);
  EXPECT_EQ(by_tag->digest, result.digest);
  EXPECT_EQ(by_tag->media_type, media::kOciManifest);

  auto by_digest = svc->get_manifest("lib/app", digest_ref(result.digest));
  ASSERT_NE(by_digest, nullptr);
  EXPECT_EQ(*by_digest->content, body);
  EXPECT_EQ(by_digest->digest, result.digest);

  EXPECT_EQ(svc->get_manifest("lib/app", tag_ref("v2")), nullptr);
  EXPECT_EQ(svc->get_manifest("lib/other", tag_ref("v1")), nullptr);
  EXPECT_EQ(svc->get_manifest("lib/other", digest_ref(result.digest)), nullptr);
}

TEST_F(RegistryServiceTest, GetSurvivesANewServiceInstance) {
  auto body = image("lib/app", "v1");
  auto d = put("lib/app", "v1", body);
  open(RegistryService::Options{}, 2);  // fresh cache, same database
  auto m = svc->get_manifest("lib/app", tag_ref("v1"));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->digest, d);
  EXPECT_EQ(*m->content, body);
}

TEST_F(RegistryServiceTest, PutManifestByDigestCreatesNoTag) {
  auto body = image("lib/app", "x");
  auto d = Digest::sha256_of(body);
  auto result = svc->put_manifest("lib/app", digest_ref(d), media::kOciManifest, body);
  EXPECT_EQ(result.digest, d);
  ASSERT_NE(svc->get_manifest("lib/app", digest_ref(d)), nullptr);
  auto tags = svc->tags("lib/app", -1, "");
  ASSERT_TRUE(tags.has_value());
  EXPECT_TRUE(tags->items.empty());
}

TEST_F(RegistryServiceTest, PutManifestBySha512Digest) {
  auto body = image("lib/app", "x");
  auto d = Digest::of(DigestAlgorithm::kSha512, body);
  auto result = svc->put_manifest("lib/app", digest_ref(d), media::kOciManifest, body);
  EXPECT_EQ(result.digest, d);
  auto m = svc->get_manifest("lib/app", digest_ref(d));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->digest, d);
}

TEST_F(RegistryServiceTest, PutManifestDigestMismatchIsDigestInvalid) {
  auto body = image("lib/app", "x");
  auto wrong = Digest::sha256_of(body + " ");
  auto err = expect_registry_error(
      [&] { svc->put_manifest("lib/app", digest_ref(wrong), media::kOciManifest, body); });
  EXPECT_EQ(err.status, 400u);
  EXPECT_EQ(err.code, "DIGEST_INVALID");
  EXPECT_EQ(svc->get_manifest("lib/app", digest_ref(Digest::sha256_of(body))), nullptr);
  EXPECT_EQ(svc->get_manifest("lib/app", digest_ref(wrong)), nullptr);
  // A sha512 reference for a body whose sha512 differs.
  auto wrong512 = Digest::of(DigestAlgorithm::kSha512, "other");
  err = expect_registry_error(
      [&] { svc->put_manifest("lib/app", digest_ref(wrong512), media::kOciManifest, body); });
  EXPECT_EQ(err.code, "DIGEST_INVALID");
}

TEST_F(RegistryServiceTest, PutManifestWithMissingLayerIsBlobUnknown) {
  auto config = add_blob("lib/app", "{}");
  auto missing = Digest::sha256_of("not uploaded");
  json j = {{"schemaVersion", 2},
            {"mediaType", media::kOciManifest},
            {"config", descriptor(media::kOciConfig, config, 2)},
            {"layers", {descriptor("application/vnd.oci.image.layer.v1.tar", missing, 12)}}};
  auto err = expect_registry_error([&] { put("lib/app", "v1", j.dump()); });
  EXPECT_EQ(err.status, 400u);
  EXPECT_EQ(err.code, "MANIFEST_BLOB_UNKNOWN");
  EXPECT_EQ(json::parse(err.detail_json)["digest"], missing.str());
  // Nothing was stored.
  EXPECT_EQ(svc->get_manifest("lib/app", tag_ref("v1")), nullptr);
  EXPECT_FALSE(svc->tags("lib/app", -1, "").has_value());
}

TEST_F(RegistryServiceTest, PutManifestWithMissingConfigIsBlobUnknown) {
  auto layer = add_blob("lib/app", "layer");
  auto missing = Digest::sha256_of("config never uploaded");
  json j = {
      {"schemaVersion", 2},
      {"mediaType", media::kDockerManifest},
      {"config", descriptor(media::kDockerConfig, missing, 10)},
      {"layers", {descriptor("application/vnd.docker.image.rootfs.diff.tar.gzip", layer, 5)}}};
  auto err = expect_registry_error(
      [&] { svc->put_manifest("lib/app", tag_ref("v1"), media::kDockerManifest, j.dump()); });
  EXPECT_EQ(err.code, "MANIFEST_BLOB_UNKNOWN");
  EXPECT_EQ(json::parse(err.detail_json)["digest"], missing.str());
}

TEST_F(RegistryServiceTest, BlobsOfAnotherRepositoryDoNotCount) {
  auto body = image("lib/a", "img");  // blobs linked to lib/a only
  auto err = expect_registry_error([&] { put("lib/b", "v1", body); });
  EXPECT_EQ(err.code, "MANIFEST_BLOB_UNKNOWN");
  EXPECT_NO_THROW(put("lib/a", "v1", body));
}

TEST_F(RegistryServiceTest, UnlinkedLayerIsBlobUnknown) {
  auto layer = add_blob("lib/app", "layer");
  auto config = add_blob("lib/app", "{}");
  svc->unlink_blob("lib/app", layer);
  json j = {{"schemaVersion", 2},
            {"mediaType", media::kOciManifest},
            {"config", descriptor(media::kOciConfig, config, 2)},
            {"layers", {descriptor("application/vnd.oci.image.layer.v1.tar", layer, 5)}}};
  EXPECT_EQ(expect_registry_error([&] { put("lib/app", "v1", j.dump()); }).code,
            "MANIFEST_BLOB_UNKNOWN");
}

TEST_F(RegistryServiceTest, ForeignLayersNeedNotBePresent) {
  auto config = add_blob("lib/win", "{}");
  json foreign = descriptor(media::kDockerForeignLayer, Digest::sha256_of("windows base"), 1000);
  foreign["urls"] = {"https://example.com/base.tar.gz"};
  json j = {{"schemaVersion", 2},
            {"mediaType", media::kDockerManifest},
            {"config", descriptor(media::kDockerConfig, config, 2)},
            {"layers", {foreign}}};
  EXPECT_NO_THROW(svc->put_manifest("lib/win", tag_ref("ltsc"), media::kDockerManifest, j.dump()));
  EXPECT_NE(svc->get_manifest("lib/win", tag_ref("ltsc")), nullptr);
}

TEST_F(RegistryServiceTest, InvalidManifestIsManifestInvalid) {
  auto err = expect_registry_error([&] { put("lib/app", "v1", "{not json"); });
  EXPECT_EQ(err.status, 400u);
  EXPECT_EQ(err.code, "MANIFEST_INVALID");
  EXPECT_FALSE(err.message.empty());
  err = expect_registry_error([&] { put("lib/app", "v1", R"({"schemaVersion":1})"); });
  EXPECT_EQ(err.code, "MANIFEST_INVALID");
}

TEST_F(RegistryServiceTest, ContentTypeMismatchIsManifestInvalid) {
  auto body = image("lib/app", "v1");
  auto err = expect_registry_error(
      [&] { svc->put_manifest("lib/app", tag_ref("v1"), media::kDockerManifest, body); });
  EXPECT_EQ(err.code, "MANIFEST_INVALID");
}

TEST_F(RegistryServiceTest, OversizedManifestIs413) {
  open(RegistryService::Options{.max_manifest_bytes = 64}, 2);
  auto body = image("lib/app", "a-name-long-enough-to-exceed-the-limit");
  ASSERT_GT(body.size(), 64u);
  auto err = expect_registry_error([&] { put("lib/app", "v1", body); });
  EXPECT_EQ(err.status, 413u);
  EXPECT_EQ(err.code, "MANIFEST_INVALID");
}

TEST_F(RegistryServiceTest, IndexWithMissingChildIsManifestUnknown) {
  auto child = image("lib/multi", "amd64");
  auto child_digest = put("lib/multi", "amd64", child);
  auto missing = Digest::sha256_of("arm64 manifest never pushed");
  json index = {{"schemaVersion", 2},
                {"mediaType", media::kOciIndex},
                {"manifests",
                 {descriptor(media::kOciManifest, child_digest, int64_t(child.size())),
                  descriptor(media::kOciManifest, missing, 100)}}};
  auto err = expect_registry_error(
      [&] { svc->put_manifest("lib/multi", tag_ref("latest"), media::kOciIndex, index.dump()); });
  EXPECT_EQ(err.status, 400u);
  EXPECT_EQ(err.code, "MANIFEST_UNKNOWN");
  EXPECT_EQ(json::parse(err.detail_json)["digest"], missing.str());
  EXPECT_EQ(svc->get_manifest("lib/multi", tag_ref("latest")), nullptr);
}

TEST_F(RegistryServiceTest, IndexChildMustBeInTheSameRepository) {
  auto child = image("lib/one", "amd64");
  auto child_digest = put("lib/one", "amd64", child);
  json index = {{"schemaVersion", 2},
                {"mediaType", media::kOciIndex},
                {"manifests", {descriptor(media::kOciManifest, child_digest, 1)}}};
  // lib/two does not exist at all.
  auto err = expect_registry_error(
      [&] { svc->put_manifest("lib/two", tag_ref("latest"), media::kOciIndex, index.dump()); });
  EXPECT_EQ(err.code, "MANIFEST_UNKNOWN");
  // lib/three exists but lacks the child.
  put("lib/three", "other", image("lib/three", "other"));
  err = expect_registry_error(
      [&] { svc->put_manifest("lib/three", tag_ref("latest"), media::kOciIndex, index.dump()); });
  EXPECT_EQ(err.code, "MANIFEST_UNKNOWN");
}

TEST_F(RegistryServiceTest, IndexWithPresentChildren) {
  auto amd = image("lib/multi", "amd64");
  auto arm = image("lib/multi", "arm64");
  auto amd_d =
      svc->put_manifest("lib/multi", digest_ref(Digest::sha256_of(amd)), media::kOciManifest, amd)
          .digest;
  auto arm_d =
      svc->put_manifest("lib/multi", digest_ref(Digest::sha256_of(arm)), media::kOciManifest, arm)
          .digest;
  json index = {{"schemaVersion", 2},
                {"mediaType", media::kOciIndex},
                {"manifests",
                 {descriptor(media::kOciManifest, amd_d, int64_t(amd.size())),
                  descriptor(media::kOciManifest, arm_d, int64_t(arm.size()))}}};
  auto body = index.dump();
  auto d = svc->put_manifest("lib/multi", tag_ref("latest"), media::kOciIndex, body).digest;
  auto m = svc->get_manifest("lib/multi", tag_ref("latest"));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->digest, d);
  EXPECT_EQ(m->media_type, media::kOciIndex);
  EXPECT_EQ(*m->content, body);
}

TEST_F(RegistryServiceTest, RepushIsIdempotentAndTagsShareAManifest) {
  auto body = image("lib/app", "v1");
  auto d1 = put("lib/app", "v1", body);
  auto d2 = put("lib/app", "v1", body);
  auto d3 = put("lib/app", "stable", body);
  EXPECT_EQ(d1, d2);
  EXPECT_EQ(d1, d3);
  auto tags = svc->tags("lib/app", -1, "");
  ASSERT_TRUE(tags.has_value());
  EXPECT_EQ(tags->items, (std::vector<std::string>{"stable", "v1"}));
  // Deleting the manifest removes both tags.
  EXPECT_TRUE(svc->delete_manifest("lib/app", d1));
  EXPECT_TRUE(svc->tags("lib/app", -1, "")->items.empty());
}

TEST_F(RegistryServiceTest, TagMovesToTheNewManifest) {
  auto one = image("lib/app", "one");
  auto two = image("lib/app", "two");
  auto d1 = put("lib/app", "latest", one);
  ASSERT_NE(svc->get_manifest("lib/app", tag_ref("latest")), nullptr);  // now cached
  auto d2 = put("lib/app", "latest", two);
  ASSERT_NE(d1, d2);
  auto m = svc->get_manifest("lib/app", tag_ref("latest"));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->digest, d2);
  EXPECT_EQ(*m->content, two);
  // The old manifest is still there by digest.
  EXPECT_NE(svc->get_manifest("lib/app", digest_ref(d1)), nullptr);
}

// ---- deletes ----

TEST_F(RegistryServiceTest, DeleteTag) {
  auto body = image("lib/app", "v1");
  auto d = put("lib/app", "v1", body);
  put("lib/app", "v2", body);
  ASSERT_NE(svc->get_manifest("lib/app", tag_ref("v1")), nullptr);  // cached
  EXPECT_TRUE(svc->delete_tag("lib/app", "v1"));
  EXPECT_EQ(svc->get_manifest("lib/app", tag_ref("v1")), nullptr);
  EXPECT_NE(svc->get_manifest("lib/app", tag_ref("v2")), nullptr);
  EXPECT_NE(svc->get_manifest("lib/app", digest_ref(d)), nullptr);
  EXPECT_EQ(svc->tags("lib/app", -1, "")->items, std::vector<std::string>{"v2"});
  EXPECT_FALSE(svc->delete_tag("lib/app", "v1"));
  EXPECT_FALSE(svc->delete_tag("lib/app", "never"));
  EXPECT_FALSE(svc->delete_tag("lib/none", "v1"));
}

TEST_F(RegistryServiceTest, DeleteManifest) {
  auto body = image("lib/app", "v1");
  auto other = image("lib/app", "v2");
  auto d = put("lib/app", "v1", body);
  auto d_other = put("lib/app", "v2", other);
  ASSERT_NE(svc->get_manifest("lib/app", digest_ref(d)), nullptr);  // cached
  ASSERT_NE(svc->get_manifest("lib/app", tag_ref("v1")), nullptr);
  EXPECT_TRUE(svc->delete_manifest("lib/app", d));
  EXPECT_EQ(svc->get_manifest("lib/app", digest_ref(d)), nullptr);
  EXPECT_EQ(svc->get_manifest("lib/app", tag_ref("v1")), nullptr);
  EXPECT_NE(svc->get_manifest("lib/app", digest_ref(d_other)), nullptr);
  EXPECT_EQ(svc->tags("lib/app", -1, "")->items, std::vector<std::string>{"v2"});
  EXPECT_FALSE(svc->delete_manifest("lib/app", d));
  EXPECT_FALSE(svc->delete_manifest("lib/none", d));
  // The blobs stay linked: deleting a manifest is not garbage collection.
  EXPECT_TRUE(svc->blob_size("lib/app", Digest::sha256_of("layer of v1")).has_value());
}

TEST_F(RegistryServiceTest, DeleteManifestInOneRepositoryLeavesOthers) {
  auto body = image("lib/a", "same");
  image("lib/b", "same");  // same blobs in lib/b
  auto d = put("lib/a", "v1", body);
  ASSERT_EQ(put("lib/b", "v1", body), d);
  EXPECT_TRUE(svc->delete_manifest("lib/a", d));
  EXPECT_EQ(svc->get_manifest("lib/a", digest_ref(d)), nullptr);
  EXPECT_NE(svc->get_manifest("lib/b", digest_ref(d)), nullptr);
  EXPECT_NE(svc->get_manifest("lib/b", tag_ref("v1")), nullptr);
}

// ---- listings ----

TEST_F(RegistryServiceTest, TagsPagination) {
  auto body = image("lib/app", "v");
  for (const char* t : {"d", "b", "e", "a", "c"}) put("lib/app", t, body);

  auto all = svc->tags("lib/app", -1, "");
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->items, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_FALSE(all->more);

  auto p1 = svc->tags("lib/app", 2, "");
  ASSERT_TRUE(p1.has_value());
  EXPECT_EQ(p1->items, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(p1->more);

  auto p2 = svc->tags("lib/app", 2, p1->items.back());
  EXPECT_EQ(p2->items, (std::vector<std::string>{"c", "d"}));
  EXPECT_TRUE(p2->more);

  auto p3 = svc->tags("lib/app", 2, p2->items.back());
  EXPECT_EQ(p3->items, std::vector<std::string>{"e"});
  EXPECT_FALSE(p3->more);

  auto exact = svc->tags("lib/app", 5, "");
  EXPECT_EQ(exact->items.size(), 5u);
  EXPECT_FALSE(exact->more);

  auto big = svc->tags("lib/app", 100, "");
  EXPECT_EQ(big->items.size(), 5u);
  EXPECT_FALSE(big->more);

  // `last` need not be an existing tag.
  auto after = svc->tags("lib/app", -1, "bb");
  EXPECT_EQ(after->items, (std::vector<std::string>{"c", "d", "e"}));
  EXPECT_FALSE(after->more);
  auto past_end = svc->tags("lib/app", 10, "e");
  ASSERT_TRUE(past_end.has_value());
  EXPECT_TRUE(past_end->items.empty());
  EXPECT_FALSE(past_end->more);
}

TEST_F(RegistryServiceTest, TagsAreSortedByteWise) {
  auto body = image("lib/app", "v");
  for (const char* t : {"v10", "v2", "V1", "_x", "1.0"}) put("lib/app", t, body);
  auto all = svc->tags("lib/app", -1, "");
  EXPECT_EQ(all->items, (std::vector<std::string>{"1.0", "V1", "_x", "v10", "v2"}));
}

TEST_F(RegistryServiceTest, TagsOfAnUnknownRepositoryIsNullopt) {
  EXPECT_FALSE(svc->tags("lib/none", -1, "").has_value());
  add_blob("lib/blobs-only", "x");
  EXPECT_FALSE(svc->tags("lib/blobs-only", -1, "").has_value());
}

TEST_F(RegistryServiceTest, RepositoriesPagination) {
  put("b/one", "v1", image("b/one", "x"));
  put("a/two", "v1", image("a/two", "x"));
  put("c/three", "v1", image("c/three", "x"));
  add_blob("d/blobs-only", "pushed a blob, no manifest yet");

  auto all = svc->repositories(-1, "");
  EXPECT_EQ(all.items, (std::vector<std::string>{"a/two", "b/one", "c/three", "d/blobs-only"}));
  EXPECT_FALSE(all.more);

  auto p1 = svc->repositories(3, "");
  EXPECT_EQ(p1.items, (std::vector<std::string>{"a/two", "b/one", "c/three"}));
  EXPECT_TRUE(p1.more);
  auto p2 = svc->repositories(3, p1.items.back());
  EXPECT_EQ(p2.items, std::vector<std::string>{"d/blobs-only"});
  EXPECT_FALSE(p2.more);

  auto one = svc->repositories(1, "a/two");
  EXPECT_EQ(one.items, std::vector<std::string>{"b/one"});
  EXPECT_TRUE(one.more);
}

TEST_F(RegistryServiceTest, RepositoriesEmpty) {
  auto all = svc->repositories(-1, "");
  EXPECT_TRUE(all.items.empty());
  EXPECT_FALSE(all.more);
}

TEST_F(RegistryServiceTest, RepositoryListedOnceWithBlobsAndManifests) {
  put("lib/app", "v1", image("lib/app", "x"));
  EXPECT_EQ(svc->repositories(-1, "").items, std::vector<std::string>{"lib/app"});
}

// ---- referrers ----

TEST_F(RegistryServiceTest, ReferrersWithArtifactTypeFilter) {
  auto subject_body = image("lib/app", "subject");
  auto subject = put("lib/app", "v1", subject_body);

  auto sbom_body = image("lib/app", "sbom", subject, "application/vnd.example.sbom");
  auto sbom = svc->put_manifest("lib/app", digest_ref(Digest::sha256_of(sbom_body)),
                                media::kOciManifest, sbom_body);
  ASSERT_TRUE(sbom.subject.has_value());
  EXPECT_EQ(*sbom.subject, subject);

  auto sig_body = image("lib/app", "sig", subject, "application/vnd.example.signature");
  auto sig = svc->put_manifest("lib/app", digest_ref(Digest::sha256_of(sig_body)),
                               media::kOciManifest, sig_body)
                 .digest;
  // No artifactType: the config media type stands in.
  auto plain_body = image("lib/app", "plain", subject);
  auto plain = put("lib/app", "plain", plain_body);
  // Refers to something else.
  put("lib/app", "unrelated", image("lib/app", "unrelated", Digest::sha256_of("other")));

  auto all = json::parse(svc->referrers("lib/app", subject, std::nullopt));
  EXPECT_EQ(all["schemaVersion"], 2);
  EXPECT_EQ(all["mediaType"], media::kOciIndex);
  ASSERT_EQ(all["manifests"].size(), 3u);
  EXPECT_EQ(all["manifests"][0]["digest"], sbom.digest.str());
  EXPECT_EQ(all["manifests"][0]["artifactType"], "application/vnd.example.sbom");
  EXPECT_EQ(all["manifests"][0]["mediaType"], media::kOciManifest);
  EXPECT_EQ(all["manifests"][0]["size"], sbom_body.size());
  EXPECT_EQ(all["manifests"][1]["digest"], sig.str());
  EXPECT_EQ(all["manifests"][2]["digest"], plain.str());
  EXPECT_EQ(all["manifests"][2]["artifactType"], media::kOciConfig);

  auto sboms =
      json::parse(svc->referrers("lib/app", subject, std::string("application/vnd.example.sbom")));
  ASSERT_EQ(sboms["manifests"].size(), 1u);
  EXPECT_EQ(sboms["manifests"][0]["digest"], sbom.digest.str());

  auto none = json::parse(svc->referrers("lib/app", subject, std::string("application/none")));
  EXPECT_TRUE(none["manifests"].is_array());
  EXPECT_TRUE(none["manifests"].empty());
}

TEST_F(RegistryServiceTest, ReferrersCarryAnnotations) {
  auto subject = put("lib/app", "v1", image("lib/app", "subject"));
  auto body = json::parse(image("lib/app", "annotated", subject, "application/vnd.example"));
  body["annotations"] = {{"org.opencontainers.image.created", "2024-05-01T00:00:00Z"}};
  put("lib/app", "annotated", body.dump());
  auto index = json::parse(svc->referrers("lib/app", subject, std::nullopt));
  ASSERT_EQ(index["manifests"].size(), 1u);
  EXPECT_EQ(index["manifests"][0]["annotations"]["org.opencontainers.image.created"],
            "2024-05-01T00:00:00Z");
}

TEST_F(RegistryServiceTest, ReferrersAreScopedToTheRepository) {
  auto subject_body = image("lib/a", "subject");
  auto subject = put("lib/a", "v1", subject_body);
  put("lib/b", "sig", image("lib/b", "sig", subject, "application/vnd.example.signature"));
  auto in_a = json::parse(svc->referrers("lib/a", subject, std::nullopt));
  EXPECT_TRUE(in_a["manifests"].empty());
  auto in_b = json::parse(svc->referrers("lib/b", subject, std::nullopt));
  EXPECT_EQ(in_b["manifests"].size(), 1u);
  auto nowhere = json::parse(svc->referrers("lib/none", subject, std::nullopt));
  EXPECT_TRUE(nowhere["manifests"].empty());
}

TEST_F(RegistryServiceTest, ReferrerMayBePushedBeforeItsSubject) {
  auto absent = Digest::sha256_of("subject not pushed yet");
  auto r = svc->put_manifest("lib/app", tag_ref("sig"), media::kOciManifest,
                             image("lib/app", "sig", absent, "application/vnd.example.signature"));
  ASSERT_TRUE(r.subject.has_value());
  EXPECT_EQ(*r.subject, absent);
  auto index = json::parse(svc->referrers("lib/app", absent, std::nullopt));
  EXPECT_EQ(index["manifests"].size(), 1u);
}

TEST_F(RegistryServiceTest, DeletedReferrerDisappears) {
  auto subject = put("lib/app", "v1", image("lib/app", "subject"));
  auto sig = put("lib/app", "sig", image("lib/app", "sig", subject, "application/vnd.example"));
  ASSERT_EQ(json::parse(svc->referrers("lib/app", subject, std::nullopt))["manifests"].size(), 1u);
  ASSERT_TRUE(svc->delete_manifest("lib/app", sig));
  EXPECT_TRUE(json::parse(svc->referrers("lib/app", subject, std::nullopt))["manifests"].empty());
}

// ---- concurrency ----

// Regression: a cached SELECT left mid-result kept a read transaction open on its connection, and
// the next write on that connection failed with "database is locked". Many threads sharing a
// smaller pool must never see an error.
TEST_F(RegistryServiceTest, ConcurrentMountsLinksAndPushesNeverFail) {
  constexpr int kThreads = 8;
  constexpr int kIterations = 200;
  constexpr int kRepos = 4;
  open(RegistryService::Options{}, 4);

  auto base_config = add_blob("base/src", "{\"base\":true}");
  auto base_layer = add_blob("base/src", "base layer bytes");

  std::mutex mu;
  std::vector<std::string> errors;
  auto record = [&](std::string e) {
    std::lock_guard lk(mu);
    errors.push_back(std::move(e));
  };
  std::atomic<int> pushes{0};

  auto worker = [&](int t) {
    for (int i = 0; i < kIterations; ++i) {
      std::string repo = "conc/r" + std::to_string((t + i) % kRepos);
      try {
        if (!svc->mount_blob(repo, "base/src", base_config)) record("mount config returned false");
        if (!svc->mount_blob(repo, "base/src", base_layer)) record("mount layer returned false");
        // A blob of its own, as a finished upload would link it.
        auto own = Digest::sha256_of("own " + std::to_string(t) + "/" + std::to_string(i));
        svc->link_blob(repo, own, 7);
        if (svc->blob_size(repo, own) != std::optional<uint64_t>(7)) record("own blob not linked");
        if (svc->blob_size(repo, base_layer) != std::optional<uint64_t>(16))
          record("mounted blob has the wrong size");
        // Reads that stop mid-result (limit smaller than the result) on shared connections.
        (void)svc->tags(repo, 1, "");
        (void)svc->repositories(1, "");

        json j = {{"schemaVersion", 2},
                  {"mediaType", media::kOciManifest},
                  {"config", descriptor(media::kOciConfig, base_config, 13)},
                  {"layers",
                   {descriptor("application/vnd.oci.image.layer.v1.tar", base_layer, 16),
                    descriptor("application/vnd.oci.image.layer.v1.tar", own, 7)}},
                  {"annotations", {{"iteration", std::to_string(t) + "/" + std::to_string(i)}}}};
        auto body = j.dump();
        auto tag = "t" + std::to_string(t) + "-" + std::to_string(i % 10);
        auto r = svc->put_manifest(repo, tag_ref(tag), media::kOciManifest, body);
        if (r.digest != Digest::sha256_of(body)) record("wrong digest");
        auto got = svc->get_manifest(repo, digest_ref(r.digest));
        if (!got || *got->content != body) record("manifest not readable after push");
        ++pushes;
      } catch (const RegistryError& e) {
        record("registry error: " + e.code + " " + e.message);
      } catch (const std::exception& e) {
        record(std::string("exception: ") + e.what());
      } catch (...) {
        record("unknown exception");
      }
    }
  };

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
  for (auto& th : threads) th.join();

  ASSERT_TRUE(errors.empty()) << errors.size() << " failures, first: " << errors.front();
  EXPECT_EQ(pushes.load(), kThreads * kIterations);
  // Every repository ended up with exactly the tags pushed to it.
  std::map<std::string, std::set<std::string>> expected;
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kIterations; ++i)
      expected["conc/r" + std::to_string((t + i) % kRepos)].insert("t" + std::to_string(t) + "-" +
                                                                   std::to_string(i % 10));
  ASSERT_EQ(expected.size(), size_t(kRepos));
  for (const auto& [repo, want] : expected) {
    auto tags = svc->tags(repo, -1, "");
    ASSERT_TRUE(tags.has_value()) << repo;
    EXPECT_EQ(tags->items, std::vector<std::string>(want.begin(), want.end())) << repo;
  }
}
