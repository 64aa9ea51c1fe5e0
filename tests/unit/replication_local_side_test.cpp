// This Berth as a replication side: blobs in and out (whole and verified or nothing), manifests,
// tags, referrers, deletes, listing and the project rules of prepare_repository.
#include "replication/local_side.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/media_types.h"
#include "core/registry_service.h"
#include "db/sqlite_content_store.h"
#include "db/sqlite_project_store.h"
#include "replication/errors.h"
#include "store/blob_store.h"
#include "temp_db.h"

namespace fs = std::filesystem;
namespace media = berth::core::media;
using berth::core::Digest;
using berth::replication::ByteSource;
using berth::replication::LocalSide;
using berth::replication::ManifestData;
using berth::replication::ReplicationError;
using nlohmann::json;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "berth-localside-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Hands out `data` in pieces of at most `piece` bytes.
ByteSource source_of(const std::string& data, size_t piece = 7) {
  auto pos = std::make_shared<size_t>(0);
  return [data, piece, pos](char* buf, size_t size) {
    size_t n = std::min({size, piece, data.size() - *pos});
    std::copy_n(data.data() + *pos, n, buf);
    *pos += n;
    return n;
  };
}

json descriptor(std::string_view media_type, const std::string& data) {
  return {{"mediaType", media_type},
          {"digest", Digest::sha256_of(data).str()},
          {"size", int64_t(data.size())}};
}

class LocalSideTest : public ::testing::Test {
 protected:
  TempDir dir;
  berth::test_support::TempDb db;
  berth::db::SqliteContentStore content{db.pool};
  berth::db::SqliteProjectStore projects{db.pool};
  berth::store::BlobStore blobs{dir.path};
  berth::core::RegistryService registry{content, blobs, {}};
  LocalSide side{registry, blobs, projects, dir.path / "replication-tmp",
                 [](const std::string& repo, const std::string&) {
                   return std::vector<std::string>{"label-of-" + repo};
                 }};

  void SetUp() override {
    db.exec(
        "INSERT INTO users(id, username, password_hash, creation_time, update_time) VALUES "
        "(2, 'alice', 'x', 0, 0)");
    add_project("library", std::nullopt);
  }

  void add_project(const std::string& name, std::optional<int64_t> registry_id) {
    berth::core::NewProject p;
    p.name = name;
    p.owner_id = 2;
    p.registry_id = registry_id;
    projects.create(p);
  }

  void write(const std::string& repo, const std::string& data) {
    side.write_blob(repo, Digest::sha256_of(data).str(), int64_t(data.size()), source_of(data), 0);
  }

  std::string read(const std::string& repo, const std::string& digest) {
    std::string out;
    bool found = side.read_blob(repo, digest, [&](const char* p, size_t n) {
      out.append(p, n);
      return true;
    });
    EXPECT_TRUE(found);
    return out;
  }

  // An image whose blobs are pushed through the side; returns its manifest.
  ManifestData image(const std::string& repo, const std::string& name,
                     const std::optional<ManifestData>& subject = std::nullopt) {
    std::string config = "{\"config\":\"" + name + "\"}", layer = "layer of " + name;
    write(repo, config);
    write(repo, layer);
    json j = {{"schemaVersion", 2},
              {"mediaType", media::kOciManifest},
              {"config", descriptor(media::kOciConfig, config)},
              {"layers", {descriptor("application/vnd.oci.image.layer.v1.tar", layer)}}};
    if (subject)
      j["subject"] = {{"mediaType", subject->media_type},
                      {"digest", subject->digest},
                      {"size", int64_t(subject->bytes.size())}};
    std::string body = j.dump();
    return {body, std::string(media::kOciManifest), Digest::sha256_of(body).str()};
  }

  size_t temp_files() {
    size_t n = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(dir.path / "replication-tmp")) ++n;
    return n;
  }
};

}  // namespace

TEST_F(LocalSideTest, WriteThenReadBlobRoundTrip) {
  std::string data(3 * 1024 * 1024 + 17, 'x');  // more than one 1 MiB piece
  for (size_t i = 0; i < data.size(); ++i) data[i] = char('a' + i % 26);
  auto d = Digest::sha256_of(data).str();
  EXPECT_FALSE(side.has_blob("library/app", d));
  side.write_blob("library/app", d, int64_t(data.size()), source_of(data, 300000), 0);
  EXPECT_TRUE(side.has_blob("library/app", d));
  EXPECT_FALSE(side.has_blob("library/other", d));
  EXPECT_EQ(read("library/app", d), data);
  EXPECT_EQ(temp_files(), 0u);
}

TEST_F(LocalSideTest, Sha512Blob) {
  std::string data = "sha512 content";
  auto d = Digest::of(berth::core::DigestAlgorithm::kSha512, data).str();
  side.write_blob("library/app", d, int64_t(data.size()), source_of(data), 0);
  EXPECT_EQ(read("library/app", d), data);
}

TEST_F(LocalSideTest, DigestMismatchLeavesNothing) {
  std::string data = "the real bytes";
  auto claimed = Digest::sha256_of("other bytes").str();
  EXPECT_THROW(side.write_blob("library/app", claimed, int64_t(data.size()), source_of(data), 0),
               ReplicationError);
  EXPECT_FALSE(side.has_blob("library/app", claimed));
  EXPECT_FALSE(blobs.exists(*Digest::parse(claimed)));
  EXPECT_FALSE(blobs.exists(Digest::sha256_of(data)));
  EXPECT_EQ(temp_files(), 0u);
}

TEST_F(LocalSideTest, SizeMismatchLeavesNothing) {
  std::string data = "twelve bytes";
  auto d = Digest::sha256_of(data).str();
  EXPECT_THROW(side.write_blob("library/app", d, 11, source_of(data), 0), ReplicationError);
  EXPECT_THROW(side.write_blob("library/app", d, 13, source_of(data), 0), ReplicationError);
  EXPECT_FALSE(side.has_blob("library/app", d));
  EXPECT_FALSE(blobs.exists(*Digest::parse(d)));
  EXPECT_EQ(temp_files(), 0u);
}

TEST_F(LocalSideTest, SourceThatThrowsLeavesNothing) {
  std::string data = "abandoned";
  auto d = Digest::sha256_of(data).str();
  ByteSource failing = [](char*, size_t) -> size_t { throw std::runtime_error("stopped"); };
  EXPECT_THROW(side.write_blob("library/app", d, 9, failing, 0), std::runtime_error);
  EXPECT_FALSE(side.has_blob("library/app", d));
  EXPECT_EQ(temp_files(), 0u);
}

TEST_F(LocalSideTest, ReadBlobAbsentAndStopped) {
  auto d = Digest::sha256_of("never").str();
  EXPECT_FALSE(side.read_blob("library/app", d, [](const char*, size_t) { return true; }));
  write("library/app", "some bytes");
  auto have = Digest::sha256_of("some bytes").str();
  // Another repository may not read it through this one's link.
  EXPECT_FALSE(side.read_blob("library/x", have, [](const char*, size_t) { return true; }));
  EXPECT_THROW(side.read_blob("library/app", have, [](const char*, size_t) { return false; }),
               ReplicationError);
}

TEST_F(LocalSideTest, MountBlob) {
  write("library/a", "shared");
  auto d = Digest::sha256_of("shared").str();
  EXPECT_TRUE(side.mount_blob("library/b", d, "library/a"));
  EXPECT_TRUE(side.has_blob("library/b", d));
  EXPECT_FALSE(side.mount_blob("library/c", d, "library/none"));
}

TEST_F(LocalSideTest, PutGetManifestAndTags) {
  auto m = image("library/app", "v1");
  side.put_manifest("library/app", "v1", m);
  side.put_manifest("library/app", "latest", m);
  auto got = side.get_manifest("library/app", "v1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->bytes, m.bytes);
  EXPECT_EQ(got->media_type, m.media_type);
  EXPECT_EQ(got->digest, m.digest);
  EXPECT_TRUE(side.get_manifest("library/app", m.digest));
  EXPECT_FALSE(side.get_manifest("library/app", "v2"));
  EXPECT_EQ(side.manifest_digest("library/app", "latest"), m.digest);
  EXPECT_EQ(side.manifest_digest("library/app", "nope"), std::nullopt);
  EXPECT_EQ(side.tags("library/app"), (std::vector<std::string>{"latest", "v1"}));
  EXPECT_TRUE(side.tags("library/none").empty());
  EXPECT_EQ(side.labels("library/app", m.digest), std::vector<std::string>{"label-of-library/app"});
}

TEST_F(LocalSideTest, PutManifestRefusalIsAReplicationError) {
  auto m = image("library/app", "v1");
  // The blobs are in another repository: the manifest cannot be accepted here.
  try {
    side.put_manifest("library/other", "v1", m);
    FAIL() << "expected a ReplicationError";
  } catch (const ReplicationError& e) {
    EXPECT_NE(std::string(e.what()).find("MANIFEST_BLOB_UNKNOWN"), std::string::npos) << e.what();
    EXPECT_FALSE(e.transient);
  }
  EXPECT_THROW(side.put_manifest("library/app", "bad tag!", m), ReplicationError);
}

TEST_F(LocalSideTest, Referrers) {
  auto subject = image("library/app", "v1");
  side.put_manifest("library/app", "v1", subject);
  auto sig = image("library/app", "sig", subject);
  side.put_manifest("library/app", sig.digest, sig);
  auto refs = side.referrers("library/app", subject.digest);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0]["digest"], sig.digest);
  EXPECT_EQ(refs[0]["mediaType"], media::kOciManifest);
  EXPECT_TRUE(side.referrers("library/app", sig.digest).empty());
}

TEST_F(LocalSideTest, DeleteTagThenManifest) {
  auto m = image("library/app", "v1");
  side.put_manifest("library/app", "v1", m);
  side.put_manifest("library/app", "v2", m);
  EXPECT_TRUE(side.delete_reference("library/app", "v1"));
  EXPECT_FALSE(side.delete_reference("library/app", "v1"));
  EXPECT_EQ(side.tags("library/app"), std::vector<std::string>{"v2"});
  EXPECT_TRUE(side.delete_reference("library/app", m.digest));
  EXPECT_FALSE(side.get_manifest("library/app", m.digest));
  EXPECT_FALSE(side.delete_reference("library/app", m.digest));
}

TEST_F(LocalSideTest, RepositoriesOnceAndPrefiltered) {
  for (auto repo : {"library/a", "library/b", "team/c"}) {
    auto m = image(repo, "x");
    side.put_manifest(repo, "x", m);
  }
  EXPECT_EQ(side.repositories({}), (std::vector<std::string>{"library/a", "library/b", "team/c"}));
  EXPECT_EQ(side.repositories({"library/**"}),
            (std::vector<std::string>{"library/a", "library/b"}));
  EXPECT_EQ(side.repositories({"team/*", "library/b"}),
            (std::vector<std::string>{"library/b", "team/c"}));
}

TEST_F(LocalSideTest, PrepareRepositoryNeedsAnOrdinaryProject) {
  EXPECT_NO_THROW(side.prepare_repository("library/app", {}));
  // Pull mode into a project that does not exist: created private, as Harbor does.
  EXPECT_NO_THROW(side.prepare_repository("missing/app", {}));
  auto created = projects.find_by_name("missing");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->metadata["public"], "false");
  EXPECT_NO_THROW(side.prepare_repository("missing/other", {}));
  add_project("cache", 7);
  try {
    side.prepare_repository("cache/app", {});
    FAIL() << "expected a ReplicationError";
  } catch (const ReplicationError& e) {
    EXPECT_NE(std::string(e.what()).find("proxy cache"), std::string::npos) << e.what();
  }
  EXPECT_THROW(side.prepare_repository("Bad/Name", {}), ReplicationError);
}

TEST_F(LocalSideTest, ConcurrentWritesOfTheSameBlob) {
  std::string data(200000, 'q');
  auto d = Digest::sha256_of(data).str();
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      side.write_blob("library/r" + std::to_string(i), d, int64_t(data.size()),
                      source_of(data, 4096), 0);
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(read("library/r" + std::to_string(i), d), data);
  EXPECT_EQ(temp_files(), 0u);
}
