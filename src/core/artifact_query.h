// Rows and queries of the management API's view of repositories, artifacts (manifests) and
// tags; core::ContentStore answers them. Writes go through RegistryService so the /v2/ manifest
// cache stays coherent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::core {

struct RepositoryRow {
  int64_t id = 0;
  int64_t project_id = 0;
  std::string name;  // "<project>/<rest>"
  std::string description;
  int64_t pull_count = 0;
  int64_t artifact_count = 0;
  int64_t created_at = 0, updated_at = 0;  // unix millis
};

struct RepositoryQuery {
  std::vector<int64_t> project_ids;  // repositories of these projects only
  std::optional<std::string> name_exact, name_fuzzy;
  std::string sort;  // Harbor sort: "name", "-creation_time", ... ("" = by name)
  int64_t offset = 0, limit = 10;
};

struct ArtifactRow {
  int64_t id = 0, repository_id = 0;
  std::string digest, manifest_media_type, artifact_type, annotations_json;
  std::string config_media_type, config_digest;  // "" for indexes
  int64_t size = 0;                              // total size: manifest + blobs (or + children)
  int64_t push_time = 0;
  std::optional<int64_t> pull_time;
};

struct ArtifactQuery {
  int64_t repository_id = 0;
  std::optional<std::string> tag;  // exact; "*" any tag, "nil" untagged
  std::optional<std::string> tag_fuzzy;
  std::optional<std::string> digest, media_type;
  std::optional<std::string> kind;  // Harbor's type: IMAGE, CHART, CNAB, WASM, ...
  std::vector<int64_t> label_ids;   // artifacts carrying every one of these labels
  bool all = false;  // false: top-level only (no index children, no referrers), as Harbor lists
  std::string sort = "-push_time";
  int64_t offset = 0, limit = 10;
};

struct TagRow {
  int64_t id = 0, repository_id = 0, artifact_id = 0;
  std::string name;
  int64_t push_time = 0;
  std::optional<int64_t> pull_time;
};

// Berth's repository-wide tag list: every tag of one repository with its artifact.
struct RepositoryTagQuery {
  int64_t repository_id = 0;
  std::optional<std::string> name;        // exact
  std::optional<std::string> name_fuzzy;  // substring
  std::string sort = "name";              // name, push_time, pull_time; "-" for descending
  int64_t offset = 0, limit = 10;
};

struct RepositoryTagRow {
  TagRow tag;
  std::string digest;  // the artifact's
  int64_t size = 0;    // the artifact's total size
};

struct ReferenceRow {
  int64_t parent_id = 0;
  std::optional<int64_t> child_id;  // the child's artifact id in the same repository
  std::string child_digest, platform_json, annotations_json;
};

}  // namespace berth::core
