// Harbor's labels: global labels (scope "g") any project may use, and labels of one project
// (scope "p"), attached to artifacts by users and read by replication's label filter and the
// portal. The store interface; the SQLite implementation is db::SqliteLabelStore. Deleting a
// project deletes its labels (core::ProjectStore::remove).
// Blocking: call it on the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace berth::core {

inline constexpr const char* kGlobalLabelScope = "g";
inline constexpr const char* kProjectLabelScope = "p";

struct Label {
  int64_t id = 0;
  std::string name;
  std::string description;
  std::string color;          // "#RRGGBB" as the portal writes it, or empty
  std::string scope;          // kGlobalLabelScope | kProjectLabelScope
  int64_t project_id = 0;     // 0 for global labels
  int64_t creation_time = 0;  // unix millis
  int64_t update_time = 0;
};

struct LabelQuery {
  std::string scope;                // required: "g" or "p"
  int64_t project_id = 0;           // with scope "p": that project's labels
  std::optional<std::string> name;  // fuzzy (substring)
  std::optional<std::string> exact_name;
  std::string sort;  // Harbor's sort parameter: name, creation_time, update_time, id
  int64_t offset = 0, limit = 10;
};

// A label of this name already exists in the same scope (and project): the API answers 409.
struct DuplicateLabelName : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class AttachResult {
  kAttached,
  kAlreadyAttached,  // Harbor answers 409
  kMissing,          // the label or the artifact does not exist (any more)
};

class LabelStore {
 public:
  virtual ~LabelStore() = default;

  virtual std::optional<Label> get(int64_t id) = 0;
  // One page ordered by `sort` (empty: by id) and, when `total` is set, the count of all
  // matches. Throws std::invalid_argument on an unknown sort key.
  virtual std::vector<Label> list(const LabelQuery& q, int64_t* total) = 0;
  // Sets creation and update time; returns the new id. Throws DuplicateLabelName.
  virtual int64_t create(const Label& l) = 0;
  // Name, description and color (scope and project never change). Throws DuplicateLabelName.
  // False when the label does not exist.
  virtual bool update(const Label& l) = 0;
  // Also detaches the label from every artifact. False when it did not exist.
  virtual bool remove(int64_t id) = 0;

  // Artifacts are manifest rows (core::ArtifactRow::id).
  virtual AttachResult attach(int64_t artifact_id, int64_t label_id) = 0;
  // False when the label was not attached to the artifact.
  virtual bool detach(int64_t artifact_id, int64_t label_id) = 0;
  // In the order they were attached.
  virtual std::vector<Label> labels_of_artifact(int64_t artifact_id) = 0;
  // The names of the labels on the manifest `digest` of repository `repo` ("project/name"):
  // what replication's label filter matches. Empty when the artifact is unknown.
  virtual std::vector<std::string> label_names_of(const std::string& repo,
                                                  const std::string& digest) = 0;
};

}  // namespace berth::core
