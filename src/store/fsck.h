// Offline consistency check of the blob store: every blob file must hash to its name.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "store/blob_store.h"

namespace berth::store {

struct FsckReport {
  uint64_t checked = 0;
  uint64_t bytes = 0;
  std::vector<std::string> corrupt;  // digests whose file does not match
  std::vector<std::string> strays;   // files in blobs/ that are not named like a digest
};

// Re-hashes every blob file. `progress` (optional) is called after each blob.
FsckReport verify_all_blobs(const BlobStore& store,
                            const std::function<void(const std::string&, bool ok)>& progress = {});

// Digests in <root>/quarantine/ that have no healthy copy in the store.
std::vector<base::Digest> quarantined_blobs(const BlobStore& store);

}  // namespace berth::store
