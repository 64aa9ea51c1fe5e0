#include "store/blob_verifier.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>

namespace berth::store {

namespace fs = std::filesystem;

namespace {
std::optional<BlobVerifier::Stamp> stamp_of(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::nullopt;
  return BlobVerifier::Stamp{uint64_t(st.st_ino), uint64_t(st.st_size),
                             int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}
}  // namespace

void BlobVerifier::mark_verified(const base::Digest& d) {
  auto blob = store_.open(d);
  if (!blob) return;
  auto stamp = stamp_of(*blob->fd);
  if (!stamp) return;
  std::lock_guard lk(mu_);
  verified_[d.hex] = *stamp;
}

BlobVerifier::Result BlobVerifier::open_verified(const base::Digest& d, uint64_t expected_size) {
  auto blob = store_.open(d);
  if (!blob) return {Status::kMissing, {}};
  auto found = stamp_of(*blob->fd);
  if (!found) return {Status::kMissing, {}};
  Stamp stamp = *found;
  if (stamp.size != expected_size) {
    spdlog::error("blob {} has size {} on disk but {} was recorded", d.str(), stamp.size,
                  expected_size);
    quarantine(d);
    return {Status::kCorrupt, {}};
  }
  {
    std::lock_guard lk(mu_);
    auto it = verified_.find(d.hex);
    if (it != verified_.end() && it->second == stamp) return {Status::kOk, *blob};
  }
  if (!store_.verify(d)) {
    spdlog::error("blob {} does not match its digest; moved to quarantine", d.str());
    quarantine(d);
    return {Status::kCorrupt, {}};
  }
  std::lock_guard lk(mu_);
  verified_[d.hex] = stamp;
  return {Status::kOk, *blob};
}

void BlobVerifier::quarantine(const base::Digest& d) {
  std::error_code ec;
  auto dir = store_.root() / "quarantine";
  fs::create_directories(dir, ec);
  fs::rename(store_.path_of(d), dir / (std::string(d.algorithm_name()) + "-" + d.hex), ec);
  std::lock_guard lk(mu_);
  verified_.erase(d.hex);
}

}  // namespace berth::store
