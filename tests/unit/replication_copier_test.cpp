// The copy engine (replication/copier.h) between two in-memory sides: what is copied, in which
// order, what is skipped, and that a stop interrupts a blob in the middle. The sides here only
// store; the real sides are driven by tests/integration/test_replication.sh.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "base/digest.h"
#include "replication/blob_pipe.h"
#include "replication/copier.h"
#include "replication/errors.h"

namespace berth::replication {
namespace {

using nlohmann::json;

std::string sha(const std::string& s) { return base::Digest::sha256_of(s).str(); }

class MemorySide : public RegistrySide {
 public:
  std::string describe() const override { return "memory"; }
  std::vector<std::string> repositories(const std::vector<std::string>&) override {
    std::set<std::string> names;
    for (const auto& [k, v] : tags_) names.insert(k.first);
    return {names.begin(), names.end()};
  }
  std::vector<std::string> tags(const std::string& repo) override {
    std::vector<std::string> out;
    for (const auto& [k, v] : tags_)
      if (k.first == repo) out.push_back(k.second);
    return out;
  }
  std::vector<std::string> labels(const std::string&, const std::string&) override { return {}; }
  std::optional<ManifestData> get_manifest(const std::string& repo, const std::string& ref) override {
    std::lock_guard l(mu_);
    std::string d = ref;
    if (!is_digest_reference(ref)) {
      auto it = tags_.find({repo, ref});
      if (it == tags_.end()) return std::nullopt;
      d = it->second;
    }
    auto it = manifests_.find({repo, d});
    if (it == manifests_.end()) return std::nullopt;
    return it->second;
  }
  std::vector<json> referrers(const std::string& repo, const std::string& digest) override {
    std::lock_guard l(mu_);
    std::vector<json> out;
    for (const auto& [k, m] : manifests_) {
      if (k.first != repo) continue;
      auto j = json::parse(m.bytes);
      if (j.contains("subject") && j["subject"]["digest"] == digest)
        out.push_back({{"mediaType", m.media_type}, {"digest", m.digest}, {"size", m.bytes.size()}});
    }
    return out;
  }
  bool read_blob(const std::string& repo, const std::string& digest, const ByteSink& sink) override {
    std::string data;
    {
      std::lock_guard l(mu_);
      auto it = blobs_.find({repo, digest});
      if (it == blobs_.end()) return false;
      data = it->second;
    }
    for (size_t off = 0; off < data.size(); off += 1000) {
      if (!sink(data.data() + off, std::min<size_t>(1000, data.size() - off)))
        throw ReplicationError("aborted");
      ++pieces_read;
    }
    return true;
  }
  void prepare_repository(const std::string& repo, const RepositorySettings&) override {
    std::lock_guard l(mu_);
    prepared.insert(repo);
  }
  std::optional<std::string> manifest_digest(const std::string& repo, const std::string& ref) override {
    auto m = get_manifest(repo, ref);
    if (!m) return std::nullopt;
    return m->digest;
  }
  bool has_blob(const std::string& repo, const std::string& digest) override {
    std::lock_guard l(mu_);
    return blobs_.count({repo, digest}) > 0;
  }
  bool mount_blob(const std::string& repo, const std::string& digest, const std::string& from) override {
    std::lock_guard l(mu_);
    auto it = blobs_.find({from, digest});
    if (it == blobs_.end()) return false;
    blobs_[{repo, digest}] = it->second;
    ++mounts;
    return true;
  }
  void write_blob(const std::string& repo, const std::string& digest, int64_t size,
                  const ByteSource& source, size_t) override {
    std::string data;
    char buf[777];
    for (size_t n; (n = source(buf, sizeof buf)) > 0;) data.append(buf, n);
    if (int64_t(data.size()) != size || sha(data) != digest) throw ReplicationError("bad blob");
    std::lock_guard l(mu_);
    blobs_[{repo, digest}] = data;
    ++uploads;
  }
  void put_manifest(const std::string& repo, const std::string& ref, const ManifestData& m) override {
    std::lock_guard l(mu_);
    // Every blob and child must be there first, as a registry checks.
    auto j = json::parse(m.bytes);
    auto need = [&](const json& d) {
      std::string dg = d["digest"];
      if (!blobs_.count({repo, dg}) && !manifests_.count({repo, dg}))
        throw ReplicationError("missing " + dg + " for " + m.digest);
    };
    if (j.contains("config")) need(j["config"]);
    for (const auto& l : j.value("layers", json::array())) need(l);
    for (const auto& c : j.value("manifests", json::array()))
      if (!is_digest_reference(ref) || ref == m.digest) need(c);
    manifests_[{repo, m.digest}] = m;
    if (!is_digest_reference(ref)) tags_[{repo, ref}] = m.digest;
    order.push_back(ref);
  }
  bool delete_reference(const std::string& repo, const std::string& ref) override {
    std::lock_guard l(mu_);
    return tags_.erase({repo, ref}) > 0;
  }

  // Test setup: stores without checks.
  std::string add_blob(const std::string& repo, const std::string& data) {
    blobs_[{repo, sha(data)}] = data;
    return sha(data);
  }
  ManifestData add_manifest(const std::string& repo, const json& j, const std::string& tag = "") {
    ManifestData m{j.dump(), j.value("mediaType", ""), sha(j.dump())};
    manifests_[{repo, m.digest}] = m;
    if (!tag.empty()) tags_[{repo, tag}] = m.digest;
    return m;
  }

  std::set<std::string> prepared;
  std::vector<std::string> order;
  std::atomic<int> uploads{0}, mounts{0}, pieces_read{0};

 private:
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::string> blobs_;
  std::map<std::pair<std::string, std::string>, ManifestData> manifests_;
  std::map<std::pair<std::string, std::string>, std::string> tags_;
};

const char* kOciManifest = "application/vnd.oci.image.manifest.v1+json";

json image(MemorySide& s, const std::string& repo, const std::string& seed, size_t layer_bytes = 5000) {
  std::string cfg = R"({"architecture":"amd64","os":"linux","seed":")" + seed + "\"}";
  std::string layer(layer_bytes, 'x');
  layer += seed;
  return {{"schemaVersion", 2},
          {"mediaType", kOciManifest},
          {"config", {{"mediaType", "application/vnd.oci.image.config.v1+json"}, {"digest", s.add_blob(repo, cfg)}, {"size", cfg.size()}}},
          {"layers", {{{"mediaType", "application/vnd.oci.image.layer.v1.tar"}, {"digest", s.add_blob(repo, layer)}, {"size", layer.size()}}}}};
}

TEST(ReplicationCopier, CopiesAnIndexWithChildrenBlobsAndReferrersAndTagsLast) {
  MemorySide src, dst;
  auto a = src.add_manifest("p/app", image(src, "p/app", "amd"));
  auto b = src.add_manifest("p/app", image(src, "p/app", "arm"));
  json idx = {{"schemaVersion", 2},
              {"mediaType", "application/vnd.oci.image.index.v1+json"},
              {"manifests", {{{"mediaType", kOciManifest}, {"digest", a.digest}, {"size", a.bytes.size()}},
                             {{"mediaType", kOciManifest}, {"digest", b.digest}, {"size", b.bytes.size()}}}}};
  auto im = src.add_manifest("p/app", idx, "v1");
  std::string sig = "signature";
  json sigm = {{"schemaVersion", 2},
               {"mediaType", kOciManifest},
               {"config", {{"mediaType", "application/vnd.oci.empty.v1+json"}, {"digest", src.add_blob("p/app", "{}")}, {"size", 2}}},
               {"layers", {{{"mediaType", "application/vnd.dev.cosign.simplesigning.v1+json"}, {"digest", src.add_blob("p/app", sig)}, {"size", sig.size()}}}},
               {"subject", {{"mediaType", "application/vnd.oci.image.index.v1+json"}, {"digest", im.digest}, {"size", im.bytes.size()}}}};
  auto sm = src.add_manifest("p/app", sigm);

  BlobLocations where;
  Copier c(src, dst, {}, where);
  CopyOutcome out = c.copy("p/app", "v1", "q/app", "v1");
  EXPECT_FALSE(out.skipped);
  EXPECT_EQ(out.digest, im.digest);
  EXPECT_EQ(dst.manifest_digest("q/app", "v1"), im.digest);
  EXPECT_TRUE(dst.get_manifest("q/app", a.digest));
  EXPECT_TRUE(dst.get_manifest("q/app", b.digest));
  EXPECT_TRUE(dst.get_manifest("q/app", sm.digest)) << "the signature travels with its subject";
  ASSERT_FALSE(dst.order.empty());
  EXPECT_EQ(dst.order.back(), "v1") << "the tag is written last";
  EXPECT_EQ(dst.prepared, std::set<std::string>{"q/app"});
  EXPECT_GT(out.bytes_copied, 10000);
}

TEST(ReplicationCopier, SecondCopyTransfersNothing) {
  MemorySide src, dst;
  src.add_manifest("p/a", image(src, "p/a", "one"), "v1");
  BlobLocations where;
  Copier(src, dst, {}, where).copy("p/a", "v1", "p/a", "v1");
  int uploads = dst.uploads;
  CopyOutcome again = Copier(src, dst, {}, where).copy("p/a", "v1", "p/a", "v1");
  EXPECT_TRUE(again.skipped);
  EXPECT_EQ(again.bytes_copied, 0);
  EXPECT_EQ(dst.uploads, uploads);
}

TEST(ReplicationCopier, ATagPointingElsewhereIsKeptWithoutOverride) {
  MemorySide src, dst;
  src.add_manifest("p/a", image(src, "p/a", "new"), "v1");
  auto old = dst.add_manifest("p/a", image(dst, "p/a", "old"), "v1");
  BlobLocations where;
  CopyOptions o;
  o.override_existing = false;
  CopyOutcome out = Copier(src, dst, o, where).copy("p/a", "v1", "p/a", "v1");
  EXPECT_TRUE(out.skipped);
  EXPECT_NE(out.note.find("not overridden"), std::string::npos);
  EXPECT_EQ(dst.manifest_digest("p/a", "v1"), old.digest);
  o.override_existing = true;
  Copier(src, dst, o, where).copy("p/a", "v1", "p/a", "v1");
  EXPECT_NE(dst.manifest_digest("p/a", "v1"), old.digest);
}

TEST(ReplicationCopier, BlobsAlreadyCopiedToAnotherRepositoryAreMounted) {
  MemorySide src, dst;
  json img = image(src, "p/a", "shared");
  src.add_manifest("p/a", img, "v1");
  src.add_manifest("p/b", img, "v1");
  src.add_blob("p/b", R"({"architecture":"amd64","os":"linux","seed":"shared"})");
  src.add_blob("p/b", std::string(5000, 'x') + "shared");
  BlobLocations where;
  Copier(src, dst, {}, where).copy("p/a", "v1", "q/a", "v1");
  int uploads = dst.uploads;
  Copier(src, dst, {}, where).copy("p/b", "v1", "q/b", "v1");
  EXPECT_EQ(dst.uploads, uploads);
  EXPECT_EQ(dst.mounts, 2);
}

TEST(ReplicationCopier, CopiesRunningAtOnceUploadEachBlobOnce) {
  MemorySide src, dst;
  json img = image(src, "p/a", "many", 1 << 20);
  for (const char* t : {"t1", "t2", "t3", "t4", "t5", "t6"}) src.add_manifest("p/a", img, t);
  BlobClaims claims;
  CopyOptions o;
  o.claims = &claims;
  std::vector<std::thread> copies;
  std::atomic<int> done{0};
  for (const char* t : {"t1", "t2", "t3", "t4", "t5", "t6"})
    copies.emplace_back([&, t] {
      BlobLocations where;
      Copier(src, dst, o, where).copy("p/a", t, "q/a", t);
      ++done;
    });
  for (auto& c : copies) c.join();
  EXPECT_EQ(done, 6);
  EXPECT_EQ(dst.uploads, 2) << "the config and the layer, once each";
  EXPECT_EQ(dst.tags("q/a").size(), 6u);
  EXPECT_TRUE(claims.try_claim("memory q/a@" + img["layers"][0]["digest"].get<std::string>()))
      << "every claim was released";
}

TEST(ReplicationCopier, AStopInterruptsABlobInTheMiddle) {
  MemorySide src, dst;
  src.add_manifest("p/a", image(src, "p/a", "big", 4 << 20), "v1");
  BlobLocations where;
  CopyOptions o;
  std::atomic<int> calls{0};
  o.should_stop = [&] { return ++calls > 200; };
  Copier c(src, dst, o, where);
  EXPECT_THROW(c.copy("p/a", "v1", "p/a", "v1"), CopyStopped);
  EXPECT_FALSE(dst.manifest_digest("p/a", "v1"));
  EXPECT_LT(src.pieces_read, 4000) << "the reader stopped before the end of the 4 MiB layer";
}

TEST(ReplicationCopier, AMissingSourceBlobSaysWhich) {
  MemorySide src, dst;
  json img = image(src, "p/a", "x");
  img["layers"][0]["digest"] = sha("not there");
  src.add_manifest("p/a", img, "v1");
  BlobLocations where;
  try {
    Copier(src, dst, {}, where).copy("p/a", "v1", "p/a", "v1");
    FAIL() << "no error";
  } catch (const ReplicationError& e) {
    EXPECT_NE(std::string(e.what()).find(sha("not there")), std::string::npos) << e.what();
  }
}

TEST(ReplicationBlobPipe, CarriesBytesInOrderAndPassesTheProducersError) {
  BlobPipe pipe(64);
  std::string sent;
  for (int i = 0; i < 1000; ++i) sent += char('a' + i % 26);
  std::thread producer([&] {
    for (size_t off = 0; off < sent.size(); off += 37)
      pipe.write(sent.data() + off, std::min<size_t>(37, sent.size() - off));
    pipe.close(std::make_exception_ptr(ReplicationError("source broke")));
  });
  std::string got;
  char buf[50];
  try {
    for (size_t n; (n = pipe.read(buf, sizeof buf)) > 0;) got.append(buf, n);
    FAIL() << "no error";
  } catch (const ReplicationError& e) {
    EXPECT_STREQ(e.what(), "source broke");
  }
  producer.join();
  EXPECT_EQ(got, sent);
}

TEST(ReplicationBlobPipe, AnAbandonedPipeReleasesTheProducer) {
  BlobPipe pipe(16);
  std::thread producer([&] {
    std::string chunk(100, 'z');
    EXPECT_FALSE(pipe.write(chunk.data(), chunk.size()));
  });
  char buf[4];
  pipe.read(buf, sizeof buf);
  pipe.abandon();
  producer.join();
}

}  // namespace
}  // namespace berth::replication
