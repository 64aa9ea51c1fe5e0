// The registry's content aggregate as stored: repositories, manifests (artifacts) with their
// references, tags, blob records and which repository may serve which blob, pull times.
// RegistryService keeps the rules (validation, the manifest cache, what a push means); a store
// only records and reads. Blocking (database): run on the blocking pool.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/artifact_query.h"
#include "core/digest.h"
#include "core/manifest.h"
#include "core/manifest_cache.h"
#include "core/reference.h"

namespace berth::core {

struct Page {
  std::vector<std::string> items;
  bool more = false;  // another page follows the last item
};

// A validated manifest to record. Blob references are the ones the repository must already
// serve (foreign layers left out); child manifests must already be in the repository.
struct ManifestWrite {
  std::string repository;
  Digest digest;
  const ParsedManifest* manifest = nullptr;  // every descriptor, recorded as references
  std::string_view body;
  std::optional<std::string> tag;  // moved (or created) to point at the manifest
  std::vector<Descriptor> required_blobs;
  // A proxy cache records upstream manifests before their blobs and children: absent
  // references then count with their descriptor's size instead of refusing the write.
  bool allow_missing_references = false;
};

// What stopped a manifest write; nothing was stored then.
struct ManifestWriteResult {
  std::optional<Descriptor> missing_blob;      // first required blob the repository lacks
  std::optional<Descriptor> missing_manifest;  // first child the repository lacks
  bool stored() const { return !missing_blob && !missing_manifest; }
};

struct Referrer {
  Digest digest;
  std::string media_type, artifact_type;
  int64_t size = 0;
  std::string annotations_json;  // "" when absent
};

enum class ArtifactDeletion { kDeleted, kNotFound, kReferenced };
enum class TagCreation { kCreated, kExists, kNotFound };

// Pulls of one manifest since the last batch: its pull time, how many, by which tags.
struct PullRecord {
  std::string repository, digest;
  int64_t time = 0;  // unix millis
  int64_t count = 0;
  std::vector<std::string> tags;
};

class ContentStore {
 public:
  virtual ~ContentStore() = default;

  // ---- blobs of a repository ----
  // Size of a blob the repository may serve, or nullopt.
  virtual std::optional<uint64_t> blob_size(const std::string& repo, const Digest& d) = 0;
  // Records the blob (once) and that the repository may serve it.
  virtual void link_blob(const std::string& repo, const Digest& d, uint64_t size) = 0;
  // Lets `repo` serve a blob already recorded for `from`; false when `from` does not serve it.
  virtual bool link_blob_from(const std::string& repo, const std::string& from,
                              const Digest& d) = 0;
  virtual bool unlink_blob(const std::string& repo, const Digest& d) = 0;
  // Every recorded blob, for fsck.
  virtual std::vector<Digest> recorded_blobs() = 0;

  // ---- manifests and tags (the /v2/ view) ----
  // One transaction: checks the references, records the repository, the manifest (unless the
  // repository already has it), its references and the tag.
  virtual ManifestWriteResult put_manifest(const ManifestWrite& w) = 0;
  // nullptr when the repository has no such tag or digest.
  virtual std::shared_ptr<const StoredManifest> find_manifest(const std::string& repo,
                                                              const ManifestReference& ref) = 0;
  virtual bool delete_manifest(const std::string& repo, const Digest& d) = 0;
  virtual bool delete_tag(const std::string& repo, const std::string& tag) = 0;
  // Names after `last`, in byte order; limit < 0: everything. nullopt: unknown repository.
  virtual std::optional<Page> tag_names(const std::string& repo, int64_t limit,
                                        const std::string& last) = 0;
  // Repositories holding manifests or just blobs, as distribution lists them.
  virtual Page repository_names(int64_t limit, const std::string& last) = 0;
  // Manifests of the repository whose subject is `d`, in push order.
  virtual std::vector<Referrer> referrers(const std::string& repo, const Digest& d) = 0;

  // ---- management writes ----
  // The repository with its manifests, tags and blob links; false when it held nothing.
  virtual bool delete_repository(const std::string& repo) = 0;
  // The artifact, its referrers and, for an index, the children no other index of the
  // repository lists. kReferenced (nothing deleted) for an index child.
  virtual ArtifactDeletion delete_artifact(const std::string& repo, const Digest& d) = 0;
  // A new tag on an artifact; kExists when the repository already has that tag.
  virtual TagCreation add_tag(const std::string& repo, const Digest& d, const std::string& tag) = 0;
  virtual void set_repository_description(int64_t repository_id,
                                          const std::string& description) = 0;
  virtual void record_pulls(const std::vector<PullRecord>& pulls) = 0;

  // ---- management reads (Harbor's repository / artifact / tag views) ----
  // Throw std::invalid_argument for an unknown sort field.
  virtual int64_t count_repositories(const RepositoryQuery& q) = 0;
  virtual std::vector<RepositoryRow> list_repositories(const RepositoryQuery& q) = 0;
  // nullopt also for a repository outside any project.
  virtual std::optional<RepositoryRow> find_repository(const std::string& name) = 0;
  virtual int64_t count_artifacts(const ArtifactQuery& q) = 0;
  virtual std::vector<ArtifactRow> list_artifacts(const ArtifactQuery& q) = 0;
  // reference: a tag or a digest.
  virtual std::optional<ArtifactRow> find_artifact(int64_t repository_id,
                                                   const std::string& reference) = 0;
  virtual int64_t count_tags(int64_t artifact_id) = 0;
  virtual std::vector<TagRow> artifact_tags(int64_t artifact_id, int64_t offset, int64_t limit) = 0;
  // Throw std::invalid_argument for an unknown sort field.
  virtual int64_t count_repository_tags(const RepositoryTagQuery& q) = 0;
  virtual std::vector<RepositoryTagRow> repository_tags(const RepositoryTagQuery& q) = 0;
  virtual std::vector<ReferenceRow> artifact_references(const ArtifactRow& a) = 0;
  // True when an index in the same repository lists this artifact.
  virtual bool has_parent_index(const ArtifactRow& a) = 0;

  // ---- statistics and health ----
  // Every blob once, however many repositories link it (what the disk holds), plus manifests.
  virtual int64_t storage_bytes() = 0;
  // A trivial read; throws when the database cannot answer.
  virtual void probe() = 0;
};

}  // namespace berth::core
