#include "store/blob_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using berth::base::Digest;
using berth::base::DigestAlgorithm;
using berth::store::BlobStore;
using berth::store::hash_file;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "berth-blobs-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& data) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << data;
}

std::string read_fd(int fd, size_t n) {
  std::string s(n, '\0');
  ssize_t got = ::pread(fd, s.data(), n, 0);
  s.resize(got < 0 ? 0 : size_t(got));
  return s;
}

// Files in `dir` other than `keep` (leftover temp files).
std::vector<std::string> other_files(const fs::path& dir, const fs::path& keep) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path() != keep) out.push_back(e.path().filename().string());
  return out;
}

}  // namespace

TEST(BlobStore, PathLayout) {
  TempDir tmp;
  BlobStore store(tmp.path);
  EXPECT_TRUE(fs::is_directory(tmp.path / "blobs"));
  auto d = Digest::sha256_of("abc");
  EXPECT_EQ(store.path_of(d), tmp.path / "blobs" / "sha256" / "ba" / d.hex);
  auto d512 = Digest::of(DigestAlgorithm::kSha512, "abc");
  EXPECT_EQ(store.path_of(d512), tmp.path / "blobs" / "sha512" / "dd" / d512.hex);
  EXPECT_EQ(store.root(), tmp.path);
}

TEST(BlobStore, PutAndRead) {
  TempDir tmp;
  BlobStore store(tmp.path);
  std::string data = "hello, blob";
  auto d = Digest::sha256_of(data);
  EXPECT_FALSE(store.exists(d));
  EXPECT_FALSE(store.size_of(d).has_value());
  EXPECT_FALSE(store.open(d).has_value());

  store.put(data, d);
  EXPECT_TRUE(store.exists(d));
  EXPECT_EQ(store.size_of(d), std::optional<uint64_t>(data.size()));
  EXPECT_EQ(read_file(store.path_of(d)), data);
  EXPECT_TRUE(store.verify(d));
  auto open = store.open(d);
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->size, data.size());
  ASSERT_TRUE(open->fd);
  EXPECT_EQ(read_fd(*open->fd, 100), data);
  // No temp file left beside the blob.
  EXPECT_TRUE(other_files(store.path_of(d).parent_path(), store.path_of(d)).empty());
}

TEST(BlobStore, PutEmptyAndBinaryBlobs) {
  TempDir tmp;
  BlobStore store(tmp.path);
  auto empty = Digest::sha256_of("");
  store.put("", empty);
  EXPECT_EQ(store.size_of(empty), std::optional<uint64_t>(0));
  EXPECT_TRUE(store.verify(empty));

  std::string bin;
  for (int i = 0; i < 70000; ++i) bin.push_back(char(i * 7 % 256));
  auto d = Digest::sha256_of(bin);
  store.put(bin, d);
  EXPECT_EQ(read_file(store.path_of(d)), bin);
  EXPECT_TRUE(store.verify(d));
}

TEST(BlobStore, PutSha512) {
  TempDir tmp;
  BlobStore store(tmp.path);
  auto d = Digest::of(DigestAlgorithm::kSha512, "sha512 content");
  store.put("sha512 content", d);
  EXPECT_TRUE(store.exists(d));
  EXPECT_TRUE(store.verify(d));
  EXPECT_FALSE(store.exists(Digest::sha256_of("sha512 content")));
}

TEST(BlobStore, PutWithWrongDigestIsRefused) {
  TempDir tmp;
  BlobStore store(tmp.path);
  auto d = Digest::sha256_of("expected");
  EXPECT_THROW(store.put("actual", d), std::runtime_error);
  EXPECT_FALSE(store.exists(d));
  EXPECT_FALSE(fs::exists(store.path_of(d).parent_path()) &&
               !fs::is_empty(store.path_of(d).parent_path()));
  // The right sha256 hex labelled as sha512 is not the right digest either.
  auto mislabelled = Digest{DigestAlgorithm::kSha512, Digest::sha256_of("x").hex};
  EXPECT_THROW(store.put("x", mislabelled), std::runtime_error);
  EXPECT_FALSE(store.exists(mislabelled));
  // An empty body does not match a non-empty digest.
  EXPECT_THROW(store.put("", d), std::runtime_error);
  EXPECT_FALSE(store.exists(d));
}

TEST(BlobStore, PutTwiceIsHarmless) {
  TempDir tmp;
  BlobStore store(tmp.path);
  auto d = Digest::sha256_of("twice");
  store.put("twice", d);
  store.put("twice", d);
  EXPECT_EQ(read_file(store.path_of(d)), "twice");
  EXPECT_TRUE(other_files(store.path_of(d).parent_path(), store.path_of(d)).empty());
}

TEST(BlobStore, CommitFileMovesTheTempFileIntoPlace) {
  TempDir tmp;
  BlobStore store(tmp.path);
  fs::create_directories(tmp.path / "uploads" / "x");
  auto temp = tmp.path / "uploads" / "x" / "data";
  std::string data(100000, 'q');
  write_file(temp, data);
  auto d = Digest::sha256_of(data);

  store.commit_file(temp, d);
  EXPECT_FALSE(fs::exists(temp));  // renamed, not copied
  EXPECT_TRUE(store.exists(d));
  EXPECT_EQ(read_file(store.path_of(d)), data);
  EXPECT_TRUE(store.verify(d));
}

TEST(BlobStore, CommitFileReplacesAtomically) {
  // A reader holding the old file keeps reading the old bytes; new readers see the new file.
  TempDir tmp;
  BlobStore store(tmp.path);
  std::string good = "the real content";
  auto d = Digest::sha256_of(good);
  store.put(good, d);
  // Damage the stored copy in place, then keep it open as a reader would.
  write_file(store.path_of(d), "damaged!!");
  ASSERT_FALSE(store.verify(d));
  auto reader = store.open(d);
  ASSERT_TRUE(reader.has_value());

  auto temp = tmp.path / "incoming";
  write_file(temp, good);
  store.commit_file(temp, d);
  EXPECT_TRUE(store.verify(d));  // healed
  EXPECT_EQ(read_file(store.path_of(d)), good);
  EXPECT_EQ(read_fd(*reader->fd, 100), "damaged!!");  // the old inode, never a mix
  EXPECT_FALSE(fs::exists(temp));
}

TEST(BlobStore, CommitFileOfAMissingTempFileThrows) {
  TempDir tmp;
  BlobStore store(tmp.path);
  auto d = Digest::sha256_of("nothing");
  EXPECT_ANY_THROW(store.commit_file(tmp.path / "no-such-file", d));
  EXPECT_FALSE(store.exists(d));
}

TEST(BlobStore, VerifyDetectsCorruption) {
  TempDir tmp;
  BlobStore store(tmp.path);
  std::string data = "some layer bytes that will rot";
  auto d = Digest::sha256_of(data);
  store.put(data, d);
  ASSERT_TRUE(store.verify(d));

  // One flipped byte.
  {
    std::fstream f(store.path_of(d), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(5);
    f.put('X');
  }
  EXPECT_EQ(store.size_of(d), std::optional<uint64_t>(data.size()));  // same size, wrong bytes
  EXPECT_FALSE(store.verify(d));

  // Truncated.
  write_file(store.path_of(d), data.substr(0, 10));
  EXPECT_FALSE(store.verify(d));

  // Extended.
  write_file(store.path_of(d), data + "x");
  EXPECT_FALSE(store.verify(d));

  // Restored.
  write_file(store.path_of(d), data);
  EXPECT_TRUE(store.verify(d));
}

TEST(BlobStore, VerifyMissingIsFalse) {
  TempDir tmp;
  BlobStore store(tmp.path);
  EXPECT_FALSE(store.verify(Digest::sha256_of("absent")));
}

TEST(BlobStore, VerifySha512Corruption) {
  TempDir tmp;
  BlobStore store(tmp.path);
  auto d = Digest::of(DigestAlgorithm::kSha512, "five hundred twelve");
  store.put("five hundred twelve", d);
  ASSERT_TRUE(store.verify(d));
  write_file(store.path_of(d), "five hundred twelvf");
  EXPECT_FALSE(store.verify(d));
}

TEST(BlobStore, Remove) {
  TempDir tmp;
  BlobStore store(tmp.path);
  auto d = Digest::sha256_of("to remove");
  store.put("to remove", d);
  auto reader = store.open(d);
  store.remove(d);
  EXPECT_FALSE(store.exists(d));
  EXPECT_FALSE(store.open(d).has_value());
  EXPECT_NO_THROW(store.remove(d));  // already gone
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ(read_fd(*reader->fd, 100), "to remove");  // open readers are unaffected
}

TEST(BlobStore, OpenDescriptorOutlivesTheOpenBlobCopy) {
  TempDir tmp;
  BlobStore store(tmp.path);
  auto d = Digest::sha256_of("shared");
  store.put("shared", d);
  std::shared_ptr<int> fd;
  {
    auto b = store.open(d);
    ASSERT_TRUE(b.has_value());
    fd = b->fd;
  }
  EXPECT_EQ(read_fd(*fd, 10), "shared");
}

TEST(HashFile, KnownVectorsAndMissingFile) {
  TempDir tmp;
  auto p = tmp.path / "f";
  write_file(p, "abc");
  auto h = hash_file(p, DigestAlgorithm::kSha256);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->str(), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto h512 = hash_file(p, DigestAlgorithm::kSha512);
  ASSERT_TRUE(h512.has_value());
  EXPECT_EQ(*h512, Digest::of(DigestAlgorithm::kSha512, "abc"));
  EXPECT_FALSE(hash_file(tmp.path / "missing", DigestAlgorithm::kSha256).has_value());

  // Larger than the 1 MiB read buffer.
  std::string big(3 * (1 << 20) + 17, 'z');
  write_file(p, big);
  EXPECT_EQ(hash_file(p, DigestAlgorithm::kSha256), Digest::sha256_of(big));
}
