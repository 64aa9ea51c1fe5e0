// The content sources behind the /v2/ read handlers: the local one over RegistryService and the
// BlobStore, and the proxy wrapper around it when its upstream cannot be reached.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "auth/secret_box.h"
#include "config/config.h"
#include "core/media_types.h"
#include "core/registry_service.h"
#include "db/migrations.h"
#include "db/sqlite.h"
#include "db/sqlite_content_store.h"
#include "db/sqlite_project_store.h"
#include "db/sqlite_registry_endpoint_store.h"
#include "proxy/proxy_content_source.h"
#include "proxy/proxy_service.h"
#include "store/blob_store.h"
#include "core/local_content_source.h"

namespace fs = std::filesystem;
using berth::core::Digest;
using berth::core::ManifestReference;
using berth::core::RegistryError;
using berth::core::Blob;

namespace {

class ContentSourceTest : public ::testing::Test {
 protected:
  fs::path dir;
  std::unique_ptr<berth::db::Pool> pool;
  std::unique_ptr<berth::db::SqliteContentStore> content;
  std::unique_ptr<berth::db::SqliteProjectStore> projects;
  std::unique_ptr<berth::store::BlobStore> blobs;
  std::unique_ptr<berth::core::RegistryService> registry;
  std::unique_ptr<berth::core::LocalContentSource> local;

  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "berth-content-XXXXXX").string();
    ASSERT_TRUE(::mkdtemp(tmpl.data()));
    dir = tmpl;
    pool = std::make_unique<berth::db::Pool>(dir / "berth.db", 4);
    berth::db::migrate(*pool->acquire());
    blobs = std::make_unique<berth::store::BlobStore>(dir);
    content = std::make_unique<berth::db::SqliteContentStore>(*pool);
    projects = std::make_unique<berth::db::SqliteProjectStore>(*pool);
    registry = std::make_unique<berth::core::RegistryService>(
        *content, *blobs, berth::core::RegistryService::Options{});
    local = std::make_unique<berth::core::LocalContentSource>(*registry, *blobs);
  }
  void TearDown() override {
    local.reset();
    registry.reset();
    blobs.reset();
    projects.reset();
    content.reset();
    pool.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  // Adds `content` to `repo` the way an upload completes: a temp file committed and linked.
  Digest add(const std::string& repo, const std::string& content) {
    auto d = Digest::sha256_of(content);
    fs::path tmp = dir / "upload.tmp";
    std::ofstream(tmp, std::ios::binary) << content;
    registry->add_blob(repo, tmp, d, content.size());
    return d;
  }

  Digest tag(const std::string& repo, const std::string& name) {
    auto config = add(repo, "{\"config\":\"" + name + "\"}");
    nlohmann::json m = {{"schemaVersion", 2},
                        {"mediaType", berth::core::media::kOciManifest},
                        {"config",
                         {{"mediaType", berth::core::media::kOciConfig},
                          {"digest", config.str()},
                          {"size", 13 + name.size()}}},
                        {"layers", nlohmann::json::array()}};
    return registry
        ->put_manifest(repo, ManifestReference{name}, berth::core::media::kOciManifest, m.dump())
        .digest;
  }
};

TEST_F(ContentSourceTest, AddBlobCommitsAndLinksOnce) {
  auto d = add("lib/a", "hello blob");
  EXPECT_FALSE(fs::exists(dir / "upload.tmp"));
  auto head = local->stat_blob("lib/a", d);
  EXPECT_EQ(head.status, Blob::Status::kFound);
  EXPECT_EQ(head.file.size, 10u);
  EXPECT_EQ(head.file.fd, nullptr);  // HEAD opens nothing
  auto get = local->open_blob("lib/a", d);
  ASSERT_EQ(get.status, Blob::Status::kFound);
  ASSERT_NE(get.file.fd, nullptr);
  EXPECT_EQ(get.arriving, nullptr);
  // Linked to lib/a only: another repository may not serve it.
  EXPECT_EQ(local->stat_blob("lib/b", d).status, Blob::Status::kMissing);
  EXPECT_EQ(local->open_blob("lib/b", d).status, Blob::Status::kMissing);
}

TEST_F(ContentSourceTest, CorruptBlobIsNotServed) {
  auto d = add("lib/a", "0123456789");
  std::ofstream(blobs->path_of(d), std::ios::binary | std::ios::in) << "X";
  EXPECT_EQ(local->open_blob("lib/a", d).status, Blob::Status::kCorrupt);
  // Quarantined: afterwards the file is gone.
  EXPECT_EQ(local->stat_blob("lib/a", d).status, Blob::Status::kMissing);
}

TEST_F(ContentSourceTest, LocalManifestsAndTags) {
  auto d = tag("lib/a", "v1");
  tag("lib/a", "v2");
  auto by_tag = local->get_manifest("lib/a", ManifestReference{std::string("v1")});
  ASSERT_NE(by_tag, nullptr);
  EXPECT_EQ(by_tag->digest, d);
  EXPECT_NE(local->manifest_in_memory("lib/a", ManifestReference{std::string("v1")}), nullptr);
  EXPECT_EQ(local->get_manifest("lib/a", ManifestReference{std::string("v9")}), nullptr);
  auto page = local->tags("lib/a", 1, "");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items, std::vector<std::string>{"v1"});
  EXPECT_TRUE(page->more);
  EXPECT_FALSE(local->tags("lib/none", -1, ""));
  EXPECT_FALSE(local->push_refusal());
}

// A proxy project whose upstream refuses connections: the cache answers alone.
class ProxyContentSourceTest : public ContentSourceTest {
 protected:
  berth::config::Config config;
  std::unique_ptr<berth::auth::SecretBox> box;
  std::unique_ptr<berth::db::SqliteRegistryEndpointStore> endpoints;
  std::unique_ptr<berth::proxy::ProxyService> proxy;
  std::shared_ptr<berth::proxy::Target> target;

  void SetUp() override {
    ContentSourceTest::SetUp();
    config.data_dir = dir;
    config.proxy.fetch_threads = 2;
    box = std::make_unique<berth::auth::SecretBox>("content source test key");
    endpoints = std::make_unique<berth::db::SqliteRegistryEndpointStore>(*pool, *box);
    proxy = std::make_unique<berth::proxy::ProxyService>(*projects, *endpoints, *registry, *blobs,
                                                         config);
    berth::remote::RegistryConfig rc;
    rc.url = "http://127.0.0.1:9";  // discard port: nothing listens
    rc.retry.max_attempts = 1;
    auto client = std::make_shared<berth::remote::RegistryClient>(rc);
    target = std::make_shared<berth::proxy::Target>();
    target->project = "cache";
    target->url = rc.url;
    target->manifests = client;
    target->blobs = client;
    target->limiter = std::make_shared<berth::proxy::RateLimiter>();
    target->stats = std::make_shared<berth::proxy::ProxyStats>();
  }
  void TearDown() override {
    proxy.reset();
    ContentSourceTest::TearDown();
  }
  berth::proxy::ProxyContentSource source() { return {*proxy, *local, target}; }
};

TEST_F(ProxyContentSourceTest, CachedTagIsServedWhenTheUpstreamFails) {
  auto d = tag("cache/img", "v1");
  auto src = source();
  auto m = src.get_manifest("cache/img", ManifestReference{std::string("v1")});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->digest, d);
  EXPECT_EQ(target->stats->stale_served.load(), 1u);
  EXPECT_EQ(target->stats->upstream_failures.load(), 1u);
  // A tag never answers from memory alone: the upstream decides whether it is current.
  EXPECT_EQ(src.manifest_in_memory("cache/img", ManifestReference{std::string("v1")}), nullptr);
  // A digest the cache holds is served without the upstream, from memory once loaded.
  EXPECT_NE(src.get_manifest("cache/img", ManifestReference{d}), nullptr);
  EXPECT_NE(src.manifest_in_memory("cache/img", ManifestReference{d}), nullptr);
  EXPECT_EQ(target->stats->upstream_failures.load(), 1u);
}

TEST_F(ProxyContentSourceTest, UncachedContentFailsWithTheUpstream) {
  auto src = source();
  try {
    src.get_manifest("cache/img", ManifestReference{std::string("v1")});
    ADD_FAILURE() << "expected a RegistryError";
  } catch (const RegistryError& e) {
    EXPECT_EQ(e.status, 502u);
    EXPECT_NE(e.message.find("upstream"), std::string::npos);
  }
  auto d = Digest::sha256_of("absent");
  try {
    src.stat_blob("cache/img", d);
    ADD_FAILURE() << "expected a RegistryError";
  } catch (const RegistryError& e) {
    EXPECT_EQ(e.status, 502u);
  }
}

TEST_F(ProxyContentSourceTest, CachedBlobsAreLocalHits) {
  auto d = add("cache/img", "cached layer");
  auto src = source();
  EXPECT_EQ(src.stat_blob("cache/img", d).status, Blob::Status::kFound);
  auto get = src.open_blob("cache/img", d);
  EXPECT_EQ(get.status, Blob::Status::kFound);
  EXPECT_NE(get.file.fd, nullptr);
  EXPECT_EQ(target->stats->cache_hits.load(), 2u);
  EXPECT_EQ(target->stats->upstream_requests.load(), 0u);
}

TEST_F(ProxyContentSourceTest, TagsFromTheCachePagedWhenTheUpstreamFails) {
  tag("cache/img", "a");
  tag("cache/img", "b");
  tag("cache/img", "c");
  auto src = source();
  auto page = src.tags("cache/img", 2, "");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(page->more);
  page = src.tags("cache/img", 2, "b");
  EXPECT_EQ(page->items, std::vector<std::string>{"c"});
  EXPECT_FALSE(page->more);
}

TEST_F(ProxyContentSourceTest, PushesAreRefusedAsInHarbor) {
  auto refusal = source().push_refusal();
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, 403u);
  EXPECT_EQ(refusal->code, "DENIED");
  EXPECT_EQ(refusal->message, "can not push artifact to a proxy project");
}

}  // namespace
