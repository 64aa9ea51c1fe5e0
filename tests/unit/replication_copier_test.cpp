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
#include "replication_memory_side.h"

namespace berth::replication {
namespace {

using nlohmann::json;

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
