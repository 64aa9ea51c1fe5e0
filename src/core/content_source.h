// Where the /v2/ read handlers get a repository's content from: manifests, blobs, tags and
// referrers. The handlers ask a ContentSource and do not know whether the answer came from this
// registry's own store (core::LocalContentSource) or through a pull-through cache that fills
// the store from an upstream (proxy::ProxyContentSource, which wraps the local source: local
// hits, upstream misses). Modelled on CNCF distribution's registry/proxy stores.
// Every method but manifest_in_memory() is blocking: run it on a thread pool.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/digest.h"
#include "core/manifest_cache.h"
#include "core/reference.h"
#include "core/registry_service.h"
#include "store/blob_store.h"
#include "store/growing_file.h"

namespace berth::core {

// A blob as a source hands it out.
struct Blob {
  enum class Status {
    kFound,
    kMissing,  // the repository has no such blob
    kCorrupt,  // stored bytes failed verification (moved to quarantine)
  };
  Status status = Status::kMissing;
  // kFound: the size (HEAD) or the complete file and its size (GET) ...
  store::OpenBlob file;
  // ... or, for a GET, a file still on its way in: its size is known once it has started
  // (store::GrowingFile::when_started); it may still fail then, with the status that fits.
  std::shared_ptr<store::GrowingFile> arriving;
};

class ContentSource {
 public:
  virtual ~ContentSource() = default;

  // Non-blocking (io thread): the manifest when memory alone can answer, else nullptr.
  virtual std::shared_ptr<const core::StoredManifest> manifest_in_memory(
      const std::string& repo, const core::ManifestReference& ref) = 0;
  // nullptr when the repository has no such manifest; throws core::RegistryError when the
  // answer cannot be known (an upstream failed and nothing is cached).
  virtual std::shared_ptr<const core::StoredManifest> get_manifest(
      const std::string& repo, const core::ManifestReference& ref) = 0;
  // For HEAD: status and size, no file opened.
  virtual Blob stat_blob(const std::string& repo, const core::Digest& d) = 0;
  // For GET: the bytes to send (verified before the first serve).
  virtual Blob open_blob(const std::string& repo, const core::Digest& d) = 0;
  // A page of tags after `last` (limit < 0: all); nullopt when the repository is unknown.
  virtual std::optional<core::Page> tags(const std::string& repo, int64_t limit,
                                         const std::string& last) = 0;
  // An OCI index (JSON) of the manifests whose subject is `d`, filtered by artifact type.
  virtual std::string referrers(const std::string& repo, const core::Digest& d,
                                const std::optional<std::string>& artifact_type) = 0;
  // Set when the repository takes no pushes (uploads, manifest PUTs): the error to answer.
  virtual std::optional<core::RegistryError> push_refusal() const { return std::nullopt; }
};

}  // namespace berth::core
