// Opens blobs for serving and makes sure their bytes still match their digest. Each file is
// re-hashed the first time it is served by this process and again whenever its inode, size or
// mtime change; after that it is served straight from disk. A file that fails is moved to
// <root>/quarantine/ so it is never served and the next push of that digest replaces it.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "store/blob_store.h"

namespace berth::store {

class BlobVerifier {
 public:
  explicit BlobVerifier(BlobStore& store) : store_(store) {}

  enum class Status { kOk, kMissing, kCorrupt };
  struct Result {
    Status status = Status::kMissing;
    OpenBlob blob;
  };
  // Blocking (may hash the whole file).
  Result open_verified(const base::Digest& d, uint64_t expected_size);
  // Records a file whose bytes were just hashed on their way in (a proxied download), so its
  // first serve does not hash it again.
  void mark_verified(const base::Digest& d);

  struct Stamp {
    uint64_t ino = 0, size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const Stamp&) const = default;
  };

 private:
  void quarantine(const base::Digest& d);

  BlobStore& store_;
  std::mutex mu_;
  std::unordered_map<std::string, Stamp> verified_;
};

}  // namespace berth::store
