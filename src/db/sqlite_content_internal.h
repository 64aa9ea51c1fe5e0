// Look-ups shared by the SqliteContentStore source files (not part of any interface).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/sqlite.h"

namespace berth::db::content_internal {

inline std::optional<int64_t> repository_id(Connection& c, const std::string& repo) {
  auto st = c.prepare("SELECT id FROM repositories WHERE name = ?");
  st.bind(1, repo);
  if (!st.step()) return std::nullopt;
  return st.int64(0);
}

inline std::optional<int64_t> manifest_id(Connection& c, int64_t repo_id,
                                          const std::string& digest) {
  auto st = c.prepare("SELECT id FROM manifests WHERE repository_id = ? AND digest = ?");
  st.bind(1, repo_id).bind(2, digest);
  if (!st.step()) return std::nullopt;
  return st.int64(0);
}

}  // namespace berth::db::content_internal
