// One end of a replication: this Berth (replication/local_side.h) or a remote registry reached
// through an endpoint's adapter (replication/remote_side.h). The copy (replication/copier.h) is
// written once against this interface, so every adapter copies the same way.
//
// Blocking; a side is used from several threads at once (blobs in flight together).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "replication/policy.h"

namespace berth::replication {

struct ManifestData {
  std::string bytes;
  std::string media_type;
  std::string digest;  // "sha256:..." of the bytes
};

// Pushes bytes of a blob in order; returns false to abort the transfer (stop, timeout).
using ByteSink = std::function<bool(const char* data, size_t size)>;
// Pulls up to `size` bytes into `buf`; 0 at the end. Throws to abort.
using ByteSource = std::function<size_t(char* buf, size_t size)>;

// A repository of the source with its tags, as listed for filtering.
struct SourceRepository {
  std::string name;               // full path on that side ("library/nginx")
  std::vector<std::string> tags;  // filled by tags()
};

class RegistrySide {
 public:
  virtual ~RegistrySide() = default;

  // For logs and task errors: "this Berth", "endpoint ecr-prod (https://...)".
  virtual std::string describe() const = 0;

  // ---- source side ----
  // Repositories whose name may match `name_patterns` (empty: all). A side may list more than
  // asked (the caller filters again) but lists each repository once.
  virtual std::vector<std::string> repositories(const std::vector<std::string>& name_patterns) = 0;
  virtual std::vector<std::string> tags(const std::string& repo) = 0;
  // Labels attached to the artifact (only this Berth and Harbor have labels; others: {}).
  virtual std::vector<std::string> labels(const std::string& repo, const std::string& digest) = 0;
  virtual std::optional<ManifestData> get_manifest(const std::string& repo,
                                                   const std::string& reference) = 0;
  // Descriptors (OCI index entries) of the artifacts whose subject is `digest`.
  virtual std::vector<nlohmann::json> referrers(const std::string& repo,
                                                const std::string& digest) = 0;
  // Streams the blob into `sink`; false when the side does not have it.
  virtual bool read_blob(const std::string& repo, const std::string& digest, const ByteSink& sink) = 0;

  // ---- destination side ----
  // Makes the repository ready to receive (harbor: its project; aws-ecr: the repository,
  // created with `settings` when missing). Throws ReplicationError with a sentence for the user.
  virtual void prepare_repository(const std::string& repo, const RepositorySettings& settings) = 0;
  // The digest a reference (tag or digest) resolves to, or nullopt.
  virtual std::optional<std::string> manifest_digest(const std::string& repo,
                                                     const std::string& reference) = 0;
  virtual bool has_blob(const std::string& repo, const std::string& digest) = 0;
  // Cross-repository mount on this side; false when it cannot (then upload).
  virtual bool mount_blob(const std::string& repo, const std::string& digest,
                          const std::string& from_repo) = 0;
  // Writes a blob of `size` bytes read from `source`; `chunk_size` > 0 uploads in chunks.
  virtual void write_blob(const std::string& repo, const std::string& digest, int64_t size,
                          const ByteSource& source, size_t chunk_size) = 0;
  // `reference` is a tag or the digest itself.
  virtual void put_manifest(const std::string& repo, const std::string& reference,
                            const ManifestData& m) = 0;
  // Deletion replication: removes the tag, or with a digest the artifact. False: not there.
  virtual bool delete_reference(const std::string& repo, const std::string& reference) = 0;
};

}  // namespace berth::replication
