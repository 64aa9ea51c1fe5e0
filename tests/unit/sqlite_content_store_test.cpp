#include "db/sqlite_content_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "db/migrations.h"
#include "db/sqlite.h"

namespace fs = std::filesystem;
using namespace berth;
using core::Descriptor;
using core::Digest;
using core::ManifestReference;

namespace {

struct ContentStoreTest : ::testing::Test {
  fs::path file = fs::temp_directory_path() / ("berth-cs-" + std::to_string(::getpid()) + ".db");
  std::unique_ptr<db::Pool> pool;
  std::unique_ptr<db::SqliteContentStore> store;

  void SetUp() override {
    fs::remove(file);
    pool = std::make_unique<db::Pool>(file, 2);
    {
      auto c = pool->acquire();
      db::migrate(*c);
      c->exec(
          "INSERT INTO projects(id, name, owner_id, metadata, creation_time, update_time) VALUES "
          "(1, 'lib', 1, '{}', 0, 0)");
    }
    store = std::make_unique<db::SqliteContentStore>(*pool);
  }
  void TearDown() override {
    store.reset();
    pool.reset();
    for (auto suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
  }

  Descriptor blob(const std::string& repo, const std::string& content, bool link = true) {
    Descriptor d;
    d.media_type = "application/octet-stream";
    d.digest = Digest::sha256_of(content);
    d.size = int64_t(content.size());
    if (link) store->link_blob(repo, d.digest, content.size());
    return d;
  }

  // Records an image manifest over `layers`; returns what stopped it, if anything.
  core::ManifestWriteResult put_image(const std::string& repo, const std::string& body,
                                      const std::vector<Descriptor>& layers,
                                      std::optional<std::string> tag,
                                      std::optional<Descriptor> subject = std::nullopt,
                                      bool allow_missing = false) {
    core::ParsedManifest m;
    m.media_type = "application/vnd.oci.image.manifest.v1+json";
    m.config = layers.front();
    m.layers.assign(layers.begin() + 1, layers.end());
    m.subject = subject;
    m.artifact_type = "application/vnd.example";
    return store->put_manifest({.repository = repo,
                                .digest = Digest::sha256_of(body),
                                .manifest = &m,
                                .body = body,
                                .tag = std::move(tag),
                                .required_blobs = layers,
                                .allow_missing_references = allow_missing});
  }

  core::ManifestWriteResult put_index(const std::string& repo, const std::string& body,
                                      const std::vector<std::string>& child_bodies,
                                      std::optional<std::string> tag) {
    core::ParsedManifest m;
    m.media_type = "application/vnd.oci.image.index.v1+json";
    for (const auto& b : child_bodies) {
      Descriptor child;
      child.media_type = "application/vnd.oci.image.manifest.v1+json";
      child.digest = Digest::sha256_of(b);
      child.size = int64_t(b.size());
      m.manifests.push_back(child);
    }
    return store->put_manifest({.repository = repo,
                                .digest = Digest::sha256_of(body),
                                .manifest = &m,
                                .body = body,
                                .tag = std::move(tag),
                                .required_blobs = {},
                                .allow_missing_references = false});
  }

  core::ArtifactRow artifact(const std::string& repo, const std::string& reference) {
    auto r = store->find_repository(repo);
    EXPECT_TRUE(r) << repo;
    auto a = r ? store->find_artifact(r->id, reference) : std::nullopt;
    EXPECT_TRUE(a) << reference;
    return a.value_or(core::ArtifactRow{});
  }
};

}  // namespace

TEST_F(ContentStoreTest, BlobLinksBelongToTheirRepository) {
  auto d = blob("lib/a", "bytes");
  EXPECT_EQ(store->blob_size("lib/a", d.digest), std::optional<uint64_t>(5));
  EXPECT_FALSE(store->blob_size("lib/b", d.digest));
  EXPECT_FALSE(store->link_blob_from("lib/b", "lib/c", d.digest));
  EXPECT_TRUE(store->link_blob_from("lib/b", "lib/a", d.digest));
  EXPECT_EQ(store->blob_size("lib/b", d.digest), std::optional<uint64_t>(5));
  EXPECT_TRUE(store->unlink_blob("lib/a", d.digest));
  EXPECT_FALSE(store->unlink_blob("lib/a", d.digest));
  EXPECT_FALSE(store->blob_size("lib/a", d.digest));
  EXPECT_EQ(store->recorded_blobs(), std::vector<Digest>{d.digest});
  EXPECT_EQ(store->repository_names(-1, "").items, (std::vector<std::string>{"lib/b"}));
}

TEST_F(ContentStoreTest, MissingBlobStoresNothing) {
  auto cfg = blob("lib/a", "{}");
  auto absent = blob("lib/a", "absent", false);
  auto r = put_image("lib/a", "m1", {cfg, absent}, "v1");
  ASSERT_TRUE(r.missing_blob);
  EXPECT_EQ(r.missing_blob->digest, absent.digest);
  EXPECT_FALSE(r.stored());
  EXPECT_FALSE(store->find_manifest("lib/a", ManifestReference{std::string("v1")}));
  EXPECT_FALSE(store->tag_names("lib/a", -1, ""));  // not even the repository
}

TEST_F(ContentStoreTest, AllowedMissingReferencesCountTheirDescriptorSize) {
  auto absent = blob("lib/a", "absent!", false);
  ASSERT_TRUE(put_image("lib/a", "m1", {absent}, "v1", std::nullopt, true).stored());
  EXPECT_EQ(artifact("lib/a", "v1").size, 2 + 7);
}

TEST_F(ContentStoreTest, ManifestTagsAndTotalSize) {
  auto cfg = blob("lib/a", "{}");
  auto layer = blob("lib/a", "layer");
  ASSERT_TRUE(put_image("lib/a", "m1", {cfg, layer}, "v1").stored());
  auto m = store->find_manifest("lib/a", ManifestReference{std::string("v1")});
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->content, "m1");
  EXPECT_EQ(m->digest, Digest::sha256_of("m1"));
  auto a = artifact("lib/a", "v1");
  EXPECT_EQ(a.size, 2 + 2 + 5);
  EXPECT_EQ(a.config_digest, cfg.digest.str());

  // The tag moves; the old manifest stays reachable by digest.
  ASSERT_TRUE(put_image("lib/a", "m2", {cfg}, "v1").stored());
  EXPECT_EQ(store->find_manifest("lib/a", ManifestReference{std::string("v1")})->digest,
            Digest::sha256_of("m2"));
  EXPECT_TRUE(store->find_manifest("lib/a", ManifestReference{Digest::sha256_of("m1")}));
  EXPECT_EQ(store->tag_names("lib/a", -1, "")->items, std::vector<std::string>{"v1"});
  EXPECT_TRUE(store->delete_tag("lib/a", "v1"));
  EXPECT_FALSE(store->delete_tag("lib/a", "v1"));
  EXPECT_TRUE(store->delete_manifest("lib/a", Digest::sha256_of("m1")));
  EXPECT_FALSE(store->delete_manifest("lib/a", Digest::sha256_of("m1")));
  EXPECT_EQ(store->storage_bytes(), 2 + 5 + 2);  // blobs once, plus manifest m2
}

TEST_F(ContentStoreTest, IndexNeedsItsChildrenInTheRepository) {
  auto cfg = blob("lib/a", "{}");
  auto r = put_index("lib/a", "idx", {"m1"}, "multi");
  ASSERT_TRUE(r.missing_manifest);
  EXPECT_EQ(r.missing_manifest->digest, Digest::sha256_of("m1"));
  ASSERT_TRUE(put_image("lib/a", "m1", {cfg}, std::nullopt).stored());
  ASSERT_TRUE(put_index("lib/a", "idx", {"m1"}, "multi").stored());
  EXPECT_EQ(artifact("lib/a", "multi").size, 3 + (2 + 2));
  EXPECT_TRUE(store->has_parent_index(artifact("lib/a", Digest::sha256_of("m1").str())));
}

TEST_F(ContentStoreTest, DeleteArtifactTakesReferrersAndOnlyChildren) {
  auto cfg = blob("lib/a", "{}");
  ASSERT_TRUE(put_image("lib/a", "m1", {cfg}, std::nullopt).stored());
  ASSERT_TRUE(put_index("lib/a", "idx", {"m1"}, "multi").stored());
  Descriptor subject;
  subject.media_type = "application/vnd.oci.image.index.v1+json";
  subject.digest = Digest::sha256_of("idx");
  subject.size = 3;
  ASSERT_TRUE(put_image("lib/a", "sig", {cfg}, std::nullopt, subject).stored());
  auto referrers = store->referrers("lib/a", subject.digest);
  ASSERT_EQ(referrers.size(), 1u);
  EXPECT_EQ(referrers[0].digest, Digest::sha256_of("sig"));
  EXPECT_EQ(referrers[0].artifact_type, "application/vnd.example");

  EXPECT_EQ(store->delete_artifact("lib/a", Digest::sha256_of("m1")),
            core::ArtifactDeletion::kReferenced);
  EXPECT_EQ(store->delete_artifact("lib/a", Digest::sha256_of("nope")),
            core::ArtifactDeletion::kNotFound);
  EXPECT_EQ(store->delete_artifact("lib/a", subject.digest), core::ArtifactDeletion::kDeleted);
  for (auto body : {"m1", "idx", "sig"})
    EXPECT_FALSE(store->find_manifest("lib/a", ManifestReference{Digest::sha256_of(body)})) << body;
}

TEST_F(ContentStoreTest, AddTag) {
  auto cfg = blob("lib/a", "{}");
  ASSERT_TRUE(put_image("lib/a", "m1", {cfg}, "v1").stored());
  auto d = Digest::sha256_of("m1");
  EXPECT_EQ(store->add_tag("lib/a", d, "v2"), core::TagCreation::kCreated);
  EXPECT_EQ(store->add_tag("lib/a", d, "v2"), core::TagCreation::kExists);
  EXPECT_EQ(store->add_tag("lib/a", Digest::sha256_of("x"), "v3"), core::TagCreation::kNotFound);
  EXPECT_EQ(store->add_tag("lib/none", d, "v3"), core::TagCreation::kNotFound);
  auto a = artifact("lib/a", "v2");
  EXPECT_EQ(store->count_tags(a.id), 2);
}

TEST_F(ContentStoreTest, PullsAndDescription) {
  auto cfg = blob("lib/a", "{}");
  ASSERT_TRUE(put_image("lib/a", "m1", {cfg}, "v1").stored());
  store->record_pulls({{"lib/a", Digest::sha256_of("m1").str(), 1234, 3, {"v1"}}});
  auto a = artifact("lib/a", "v1");
  EXPECT_EQ(a.pull_time, std::optional<int64_t>(1234));
  auto tags = store->artifact_tags(a.id, 0, 10);
  ASSERT_EQ(tags.size(), 1u);
  EXPECT_EQ(tags[0].pull_time, std::optional<int64_t>(1234));
  auto repo = store->find_repository("lib/a");
  EXPECT_EQ(repo->pull_count, 3);
  store->set_repository_description(repo->id, "hello");
  EXPECT_EQ(store->find_repository("lib/a")->description, "hello");
}

TEST_F(ContentStoreTest, DeleteRepository) {
  auto cfg = blob("lib/a", "{}");
  ASSERT_TRUE(put_image("lib/a", "m1", {cfg}, "v1").stored());
  blob("lib/blobs-only", "x");
  EXPECT_TRUE(store->delete_repository("lib/a"));
  EXPECT_TRUE(store->delete_repository("lib/blobs-only"));
  EXPECT_FALSE(store->delete_repository("lib/a"));
  EXPECT_FALSE(store->find_repository("lib/a"));
  EXPECT_TRUE(store->repository_names(-1, "").items.empty());
  EXPECT_NO_THROW(store->probe());
}
