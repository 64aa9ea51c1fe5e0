// Content-addressed blob files on the local filesystem:
// <root>/blobs/<algorithm>/<first two hex>/<hex>. Files appear only by atomic rename of a verified,
// fsynced temp file, so a reader never sees a partial blob.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "base/digest.h"

namespace berth::store {

struct OpenBlob {
  std::shared_ptr<int> fd;
  uint64_t size = 0;
};

class BlobStore {
 public:
  explicit BlobStore(std::filesystem::path root);

  std::filesystem::path path_of(const base::Digest& d) const;
  const std::filesystem::path& root() const { return root_; }

  // Moves a complete temp file (already verified against `d`) into place: fsync the file, rename,
  // fsync the directory. If the blob is already present the temp file is simply removed.
  void commit_file(const std::filesystem::path& tmp, const base::Digest& d);
  // Writes bytes held in memory (small blobs, manifests) as a blob; verifies the digest first.
  void put(std::string_view data, const base::Digest& d);

  std::optional<OpenBlob> open(const base::Digest& d) const;
  bool exists(const base::Digest& d) const;
  std::optional<uint64_t> size_of(const base::Digest& d) const;
  // Re-hashes the file; false when missing or not matching its name.
  bool verify(const base::Digest& d) const;
  void remove(const base::Digest& d);

 private:
  std::filesystem::path root_;
};

// Hashes a whole file with the digest's algorithm (streaming; for fsck and sha512 uploads).
std::optional<base::Digest> hash_file(const std::filesystem::path& p, base::DigestAlgorithm alg);
// fsync a file or directory by path.
void fsync_path(const std::filesystem::path& p);

}  // namespace berth::store
