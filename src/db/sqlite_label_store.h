// core::LabelStore on SQLite (tables labels and artifact_labels, migration 5).
#pragma once

#include "core/label_store.h"

namespace berth::db {

class Pool;

class SqliteLabelStore final : public core::LabelStore {
 public:
  explicit SqliteLabelStore(Pool& db) : db_(db) {}

  std::optional<core::Label> get(int64_t id) override;
  std::vector<core::Label> list(const core::LabelQuery& q, int64_t* total) override;
  int64_t create(const core::Label& l) override;
  bool update(const core::Label& l) override;
  bool remove(int64_t id) override;

  core::AttachResult attach(int64_t artifact_id, int64_t label_id) override;
  bool detach(int64_t artifact_id, int64_t label_id) override;
  std::vector<core::Label> labels_of_artifact(int64_t artifact_id) override;
  std::vector<std::string> label_names_of(const std::string& repo,
                                          const std::string& digest) override;

 private:
  Pool& db_;
};

}  // namespace berth::db
