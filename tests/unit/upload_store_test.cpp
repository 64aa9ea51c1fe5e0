#include "store/upload_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using berth::base::Digest;
using berth::base::Sha256State;
using berth::store::UploadState;
using berth::store::UploadStore;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "berth-uploads-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void append(const fs::path& p, const std::string& data) {
  std::ofstream out(p, std::ios::binary | std::ios::app);
  out << data;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Appends a chunk the way the PATCH handler does: data file, hash, offset, then save.
void write_chunk(UploadStore& store, UploadState& st, const std::string& chunk) {
  append(store.data_path(st.id), chunk);
  st.hash.update(chunk.data(), chunk.size());
  st.offset += chunk.size();
  store.save(st);
}

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST(UploadStore, CreateMakesAnEmptyUpload) {
  TempDir tmp;
  UploadStore store(tmp.path);
  EXPECT_EQ(store.dir(), tmp.path / "uploads");
  auto before = now_seconds();
  auto st = store.create("library/app");
  EXPECT_TRUE(UploadStore::is_valid_id(st.id)) << st.id;
  EXPECT_EQ(st.repository, "library/app");
  EXPECT_EQ(st.offset, 0u);
  EXPECT_GE(st.created_at, before);
  EXPECT_LE(st.created_at, now_seconds());
  EXPECT_EQ(st.hash.finish_hex(), Digest::sha256_of("").hex);
  EXPECT_EQ(store.data_path(st.id), tmp.path / "uploads" / st.id / "data");
  ASSERT_TRUE(fs::exists(store.data_path(st.id)));
  EXPECT_EQ(fs::file_size(store.data_path(st.id)), 0u);
  EXPECT_TRUE(fs::exists(tmp.path / "uploads" / st.id / "state"));
}

TEST(UploadStore, IdsAreUniqueVersion4Uuids) {
  TempDir tmp;
  UploadStore store(tmp.path);
  std::set<std::string> ids;
  for (int i = 0; i < 50; ++i) {
    auto st = store.create("r");
    EXPECT_EQ(st.id[14], '4') << st.id;                                          // version 4
    EXPECT_NE(std::string("89ab").find(st.id[19]), std::string::npos) << st.id;  // variant
    ids.insert(st.id);
  }
  EXPECT_EQ(ids.size(), 50u);
}

TEST(UploadStore, CreateThenLoad) {
  TempDir tmp;
  UploadStore store(tmp.path);
  auto st = store.create("lib/a");
  auto loaded = store.load(st.id, false);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->id, st.id);
  EXPECT_EQ(loaded->repository, "lib/a");
  EXPECT_EQ(loaded->offset, 0u);
  EXPECT_EQ(loaded->created_at, st.created_at);
  EXPECT_EQ(loaded->hash.serialize(), st.hash.serialize());
}

TEST(UploadStore, SaveLoadRoundTripResumesHashing) {
  TempDir tmp;
  UploadStore store(tmp.path);
  auto st = store.create("lib/a");
  std::string part1(100000, 'a'), part2 = "tail of the blob";
  write_chunk(store, st, part1);

  // "Restart": a fresh store object reads the saved state.
  UploadStore reopened(tmp.path);
  auto loaded = reopened.load(st.id, true);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->offset, part1.size());
  EXPECT_EQ(loaded->repository, "lib/a");
  EXPECT_EQ(loaded->created_at, st.created_at);
  EXPECT_EQ(loaded->hash.finish_hex(), Digest::sha256_of(part1).hex);

  write_chunk(reopened, *loaded, part2);
  auto final_state = reopened.load(st.id, true);
  ASSERT_TRUE(final_state.has_value());
  EXPECT_EQ(final_state->offset, part1.size() + part2.size());
  EXPECT_EQ(final_state->hash.finish_hex(), Digest::sha256_of(part1 + part2).hex);
  EXPECT_EQ(read_file(reopened.data_path(st.id)), part1 + part2);
}

TEST(UploadStore, RepairDropsAnUnfinishedChunk) {
  TempDir tmp;
  UploadStore store(tmp.path);
  auto st = store.create("lib/a");
  write_chunk(store, st, "committed");
  // A chunk that was being written when the process died: bytes on disk, state not saved.
  append(store.data_path(st.id), "partial garbage");

  auto peek = store.load(st.id, false);  // without repair nothing is touched
  ASSERT_TRUE(peek.has_value());
  EXPECT_EQ(fs::file_size(store.data_path(st.id)), 9u + 15u);

  auto repaired = store.load(st.id, true);
  ASSERT_TRUE(repaired.has_value());
  EXPECT_EQ(repaired->offset, 9u);
  EXPECT_EQ(read_file(store.data_path(st.id)), "committed");
  EXPECT_EQ(repaired->hash.finish_hex(), Digest::sha256_of("committed").hex);
}

TEST(UploadStore, RepairRehashesWhenTheStateIsAheadOfTheData) {
  TempDir tmp;
  UploadStore store(tmp.path);
  auto st = store.create("lib/a");
  write_chunk(store, st, "0123456789");
  // The machine crashed and the data file lost its tail while the state survived.
  fs::resize_file(store.data_path(st.id), 4);

  auto repaired = store.load(st.id, true);
  ASSERT_TRUE(repaired.has_value());
  EXPECT_EQ(repaired->offset, 4u);
  EXPECT_EQ(repaired->hash.finish_hex(), Digest::sha256_of("0123").hex);
}

TEST(UploadStore, RepairFailsWithoutTheDataFile) {
  TempDir tmp;
  UploadStore store(tmp.path);
  auto st = store.create("lib/a");
  fs::remove(store.data_path(st.id));
  EXPECT_TRUE(store.load(st.id, false).has_value());
  EXPECT_FALSE(store.load(st.id, true).has_value());
}

TEST(UploadStore, LoadUnknownIdIsNullopt) {
  TempDir tmp;
  UploadStore store(tmp.path);
  EXPECT_FALSE(store.load("01234567-89ab-4cde-8f01-23456789abcd", false).has_value());
  EXPECT_FALSE(store.load("01234567-89ab-4cde-8f01-23456789abcd", true).has_value());
}

TEST(UploadStore, LoadRejectsDamagedState) {
  TempDir tmp;
  UploadStore store(tmp.path);
  auto state_path = [&](const std::string& id) { return tmp.path / "uploads" / id / "state"; };
  for (const std::string& content :
       {std::string("not json"), std::string("[]"), std::string("{}"),
        std::string(R"({"repository":"r","offset":0,"created_at":0})"),
        std::string(R"({"repository":"r","offset":0,"created_at":0,"sha256_state":"zz"})"),
        std::string(R"({"repository":5,"offset":0,"created_at":0,"sha256_state":"00"})")}) {
    auto st = store.create("r");
    std::ofstream(state_path(st.id), std::ios::trunc) << content;
    EXPECT_FALSE(store.load(st.id, false).has_value()) << content;
  }
}

TEST(UploadStore, IsValidIdAcceptsLowercaseUuids) {
  EXPECT_TRUE(UploadStore::is_valid_id("01234567-89ab-4cde-8f01-23456789abcd"));
  EXPECT_TRUE(UploadStore::is_valid_id("00000000-0000-0000-0000-000000000000"));
}

TEST(UploadStore, IsValidIdRejectsPathTricksAndMalformedIds) {
  for (const std::string& id :
       {std::string(""), std::string("."), std::string(".."), std::string("../x"),
        std::string("a/b"), std::string("/etc/passwd"), std::string("../../../../../etc/passwd"),
        std::string("01234567-89ab-4cde-8f01-23456789abc/"),
        std::string("../34567-89ab-4cde-8f01-23456789abcd"),
        std::string("01234567-89ab-4cde-8f01-23456789ab.."),
        std::string("01234567-89AB-4CDE-8F01-23456789ABCD"),   // uppercase
        std::string("0123456789ab-4cde-8f01-23456789abcd-"),   // dashes misplaced
        std::string("01234567-89ab-4cde-8f01-23456789abcd0"),  // too long
        std::string("01234567-89ab-4cde-8f01-23456789abc"),    // too short
        std::string("01234567-89ab-4cde-8f01-23456789abcg"),
        std::string("01234567-89ab-4cde-8f01-23456789abc\n"),
        std::string("01234567-89ab-4cde-8f01-23456789abc\0", 36)})
    EXPECT_FALSE(UploadStore::is_valid_id(id)) << id;
}

TEST(UploadStore, LoadNeverLeavesTheUploadsDirectory) {
  TempDir tmp;
  UploadStore store(tmp.path);
  // A valid-looking state file outside uploads/.
  auto real = store.create("lib/a");
  fs::create_directories(tmp.path / "evil");
  fs::copy_file(tmp.path / "uploads" / real.id / "state", tmp.path / "evil" / "state");
  fs::copy_file(tmp.path / "uploads" / real.id / "data", tmp.path / "evil" / "data");
  EXPECT_FALSE(store.load("../evil", false).has_value());
  EXPECT_FALSE(store.load("../evil", true).has_value());
  EXPECT_FALSE(store.try_lock("../evil").has_value());
}

TEST(UploadStore, RemoveIgnoresInvalidIds) {
  TempDir tmp;
  UploadStore store(tmp.path);
  auto st = store.create("lib/a");
  std::ofstream(tmp.path / "precious") << "keep me";
  store.remove("..");
  store.remove("");
  store.remove("../precious");
  store.remove(".");
  EXPECT_TRUE(fs::exists(tmp.path / "precious"));
  EXPECT_TRUE(fs::exists(tmp.path / "uploads"));
  EXPECT_TRUE(store.load(st.id, false).has_value());
}

TEST(UploadStore, Remove) {
  TempDir tmp;
  UploadStore store(tmp.path);
  auto a = store.create("lib/a");
  auto b = store.create("lib/b");
  store.remove(a.id);
  EXPECT_FALSE(fs::exists(tmp.path / "uploads" / a.id));
  EXPECT_FALSE(store.load(a.id, false).has_value());
  EXPECT_TRUE(store.load(b.id, false).has_value());
  EXPECT_NO_THROW(store.remove(a.id));
}

TEST(UploadStore, LockIsExclusive) {
  TempDir tmp;
  UploadStore store(tmp.path);
  auto st = store.create("lib/a");
  {
    auto first = store.try_lock(st.id);
    ASSERT_TRUE(first.has_value());
    EXPECT_FALSE(store.try_lock(st.id).has_value());
    // Moving the lock keeps it held.
    auto moved = std::move(*first);
    EXPECT_FALSE(store.try_lock(st.id).has_value());
  }
  EXPECT_TRUE(store.try_lock(st.id).has_value());  // released on destruction
  // Locks are per upload.
  auto other = store.create("lib/b");
  auto l1 = store.try_lock(st.id);
  auto l2 = store.try_lock(other.id);
  EXPECT_TRUE(l1.has_value());
  EXPECT_TRUE(l2.has_value());
}

TEST(UploadStore, LockOfUnknownOrInvalidIdFails) {
  TempDir tmp;
  UploadStore store(tmp.path);
  EXPECT_FALSE(store.try_lock("01234567-89ab-4cde-8f01-23456789abcd").has_value());
  EXPECT_FALSE(store.try_lock("").has_value());
}
