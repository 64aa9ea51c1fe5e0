// RegistryService operations used by the management API (deletes, tagging, small blob reads).
// Kept apart from the /v2/ hot paths in registry_service.cpp.
#include <fcntl.h>
#include <unistd.h>

#include "core/registry_service.h"
#include "store/blob_store.h"

namespace berth::core {

bool RegistryService::delete_repository(const std::string& repo) {
  bool deleted = content_.delete_repository(repo);
  cache_.invalidate(repo);
  return deleted;
}

RegistryService::DeleteResult RegistryService::delete_artifact(const std::string& repo,
                                                               const Digest& d) {
  auto result = content_.delete_artifact(repo, d);
  if (result == DeleteResult::kDeleted) cache_.invalidate(repo);
  return result;
}

RegistryService::TagResult RegistryService::add_tag(const std::string& repo, const Digest& d,
                                                    const std::string& tag) {
  auto result = content_.add_tag(repo, d, tag);
  if (result == TagResult::kCreated) cache_.invalidate(repo);
  return result;
}

std::optional<std::string> RegistryService::read_small_blob(const Digest& d, uint64_t max_bytes) {
  auto blob = blobs_.open(d);
  if (!blob || blob->size > max_bytes) return std::nullopt;
  std::string out(blob->size, '\0');
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(*blob->fd, out.data() + done, out.size() - done, off_t(done));
    if (n <= 0) return std::nullopt;
    done += size_t(n);
  }
  return out;
}

}  // namespace berth::core
