// core::ContentStore on SQLite: tables repositories, manifests, manifest_references, tags, blobs
// and repository_blobs (schema in db/migrations.cpp). The /v2/ side is in
// sqlite_content_store.cpp, the management writes and pull times in sqlite_content_admin.cpp,
// the management API's queries in sqlite_content_queries.cpp.
#pragma once

#include "core/content_store.h"

namespace berth::db {

class Pool;

class SqliteContentStore : public core::ContentStore {
 public:
  explicit SqliteContentStore(Pool& pool) : pool_(pool) {}

  std::optional<uint64_t> blob_size(const std::string& repo, const core::Digest& d) override;
  void link_blob(const std::string& repo, const core::Digest& d, uint64_t size) override;
  bool link_blob_from(const std::string& repo, const std::string& from,
                      const core::Digest& d) override;
  bool unlink_blob(const std::string& repo, const core::Digest& d) override;
  std::vector<core::Digest> recorded_blobs() override;

  core::ManifestWriteResult put_manifest(const core::ManifestWrite& w) override;
  std::shared_ptr<const core::StoredManifest> find_manifest(
      const std::string& repo, const core::ManifestReference& ref) override;
  bool delete_manifest(const std::string& repo, const core::Digest& d) override;
  bool delete_tag(const std::string& repo, const std::string& tag) override;
  std::optional<core::Page> tag_names(const std::string& repo, int64_t limit,
                                      const std::string& last) override;
  core::Page repository_names(int64_t limit, const std::string& last) override;
  std::vector<core::Referrer> referrers(const std::string& repo, const core::Digest& d) override;

  bool delete_repository(const std::string& repo) override;
  core::ArtifactDeletion delete_artifact(const std::string& repo, const core::Digest& d) override;
  core::TagCreation add_tag(const std::string& repo, const core::Digest& d,
                            const std::string& tag) override;
  void set_repository_description(int64_t repository_id, const std::string& description) override;
  void record_pulls(const std::vector<core::PullRecord>& pulls) override;

  int64_t count_repositories(const core::RepositoryQuery& q) override;
  std::vector<core::RepositoryRow> list_repositories(const core::RepositoryQuery& q) override;
  std::optional<core::RepositoryRow> find_repository(const std::string& name) override;
  int64_t count_artifacts(const core::ArtifactQuery& q) override;
  std::vector<core::ArtifactRow> list_artifacts(const core::ArtifactQuery& q) override;
  std::optional<core::ArtifactRow> find_artifact(int64_t repository_id,
                                                 const std::string& reference) override;
  int64_t count_tags(int64_t artifact_id) override;
  int64_t count_repository_tags(const core::RepositoryTagQuery& q) override;
  std::vector<core::RepositoryTagRow> repository_tags(const core::RepositoryTagQuery& q) override;
  std::vector<core::TagRow> artifact_tags(int64_t artifact_id, int64_t offset,
                                          int64_t limit) override;
  std::vector<core::ReferenceRow> artifact_references(const core::ArtifactRow& a) override;
  bool has_parent_index(const core::ArtifactRow& a) override;

  int64_t storage_bytes() override;
  void probe() override;

 private:
  Pool& pool_;
};

}  // namespace berth::db
