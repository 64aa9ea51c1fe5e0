// Blob uploads in progress: <root>/uploads/<id>/{data,state}. The state file (repository, offset,
// saved SHA-256 context) is rewritten atomically after every chunk, so an upload can be finished
// after a restart; a crash mid-chunk is undone by truncating data back to the saved offset.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "base/digest.h"

namespace berth::store {

struct UploadState {
  std::string id;
  std::string repository;
  uint64_t offset = 0;
  base::Sha256State hash;
  int64_t created_at = 0;  // unix seconds
};

// Holds an exclusive flock on an upload's data file; released on destruction. Several Berth
// instances sharing a data dir therefore never write one upload at the same time.
class UploadLock {
 public:
  explicit UploadLock(int fd) : fd_(fd) {}
  UploadLock(UploadLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  UploadLock& operator=(UploadLock&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  ~UploadLock();

 private:
  int fd_;
};

class UploadStore {
 public:
  explicit UploadStore(std::filesystem::path root);  // root = data dir

  UploadState create(const std::string& repository);
  // nullopt for unknown or malformed ids (never touches paths outside uploads/). With `repair`
  // (only while holding the upload's lock) the data file is reconciled with the saved state.
  std::optional<UploadState> load(const std::string& id, bool repair) const;
  void save(const UploadState& s) const;
  void remove(const std::string& id) const;
  std::optional<UploadLock> try_lock(const std::string& id) const;

  std::filesystem::path data_path(const std::string& id) const;
  // A temp path for a blob being assembled outside an upload session (monolithic POST).
  std::filesystem::path dir() const { return dir_; }
  static bool is_valid_id(const std::string& id);
  // Removes uploads untouched for longer than max_age_seconds (and not locked by a writer);
  // returns how many were removed. Abandoned pushes would otherwise fill the disk.
  size_t purge_stale(int64_t max_age_seconds) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace berth::store
