// The registry's content model: which blobs a repository may serve, manifests and their
// references, tags, referrers. Blocking calls (database and disk): run them on the blocking pool.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/content_store.h"
#include "core/digest.h"
#include "core/manifest_cache.h"
#include "core/reference.h"

namespace berth::store {
class BlobStore;
}

namespace berth::core {

// An error in the OCI distribution vocabulary, for the handler to render. A std::exception so
// that one that escapes its handler still gets an answer (a 500) from the server.
struct RegistryError : std::runtime_error {
  RegistryError(unsigned status, std::string code, std::string message,
                std::string detail_json = "")
      : std::runtime_error(code + ": " + message),
        status(status),
        code(std::move(code)),
        message(std::move(message)),
        detail_json(std::move(detail_json)) {}
  unsigned status;
  std::string code;
  std::string message;
  std::string detail_json;
};

struct PutManifestResult {
  Digest digest;
  std::optional<Digest> subject;
};

// What an artifact copy wrote into the destination: the manifests stored there (children and
// accessories included, in write order) and the source's tags now pointing at the copy.
struct CopyResult {
  std::vector<Digest> stored;
  std::vector<std::string> tags;
};

class RegistryService {
 public:
  struct Options {
    uint64_t max_manifest_bytes = 4 * 1024 * 1024;
  };
  RegistryService(ContentStore& content, store::BlobStore& blobs, Options options);

  // Size of a blob the repository may serve, or nullopt.
  std::optional<uint64_t> blob_size(const std::string& repo, const Digest& d);
  // Records that a verified blob (already in the store) belongs to the repository.
  void link_blob(const std::string& repo, const Digest& d, uint64_t size);
  // The one way new bytes become a repository's blob (upload completion, proxied download):
  // moves a complete temp file, already hashed to `d`, into the blob store and links it.
  void add_blob(const std::string& repo, const std::filesystem::path& tmp, const Digest& d,
                uint64_t size);
  // Cross-repository mount: links the blob when `from` may serve it.
  bool mount_blob(const std::string& repo, const std::string& from, const Digest& d);
  bool unlink_blob(const std::string& repo, const Digest& d);

  // Validates and stores a manifest; throws RegistryError. The proxy cache stores upstream
  // manifests before their blobs and children (fetched on demand): allow_missing_references.
  PutManifestResult put_manifest(const std::string& repo, const ManifestReference& ref,
                                 std::string_view content_type, const std::string& body,
                                 bool allow_missing_references = false);
  std::shared_ptr<const StoredManifest> get_manifest(const std::string& repo,
                                                     const ManifestReference& ref);
  bool delete_manifest(const std::string& repo, const Digest& d);
  bool delete_tag(const std::string& repo, const std::string& tag);

  // nullopt when the repository does not exist. limit < 0: everything.
  std::optional<Page> tags(const std::string& repo, int64_t limit, const std::string& last);
  Page repositories(int64_t limit, const std::string& last);
  // An OCI index (JSON) of the manifests in `repo` whose subject is `d`.
  std::string referrers(const std::string& repo, const Digest& d,
                        const std::optional<std::string>& artifact_type);

  // Management API (/api/v2.0) writes; each invalidates the manifest cache of the repository.
  // Deletes the repository with its manifests, tags and blob links; false when unknown.
  bool delete_repository(const std::string& repo);
  // Deletes an artifact, its referrers (signatures, SBOMs) and, for an index, the children no
  // other index of the repository lists. Refuses (returns kReferenced) an index child.
  using DeleteResult = ArtifactDeletion;
  DeleteResult delete_artifact(const std::string& repo, const Digest& d);
  // Points a new tag at the artifact; kExists when the repository already has that tag.
  using TagResult = TagCreation;
  TagResult add_tag(const std::string& repo, const Digest& d, const std::string& tag);
  // Harbor's artifact copy: the artifact with its index children and its accessories (referrers,
  // recursively) into `dst`, then the source's tags on it, moved as a push moves them. Blobs are
  // content-addressed: linked, never copied. nullopt when `src` has no such artifact; throws
  // RegistryError when the source lacks content (a proxy cache not fetched yet).
  std::optional<CopyResult> copy_artifact(const std::string& src, const Digest& d,
                                          const std::string& dst);
  // A blob's bytes when it exists and is at most max_bytes (small documents: image configs).
  std::optional<std::string> read_small_blob(const Digest& d, uint64_t max_bytes);

  ManifestCache& cache() { return cache_; }
  // Reads and writes that leave cached manifests valid (management queries, pull times).
  ContentStore& content() { return content_; }

 private:
  void copy_manifest(const std::string& src, const Digest& d, const std::string& dst, bool root,
                     int depth, CopyResult& out);

  ContentStore& content_;
  store::BlobStore& blobs_;
  Options options_;
  ManifestCache cache_;
};

}  // namespace berth::core
