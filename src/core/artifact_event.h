// What users did to artifacts, for whoever reacts (event-based replication): pushes and re-tags
// through /v2/ and the API, deletions of artifacts and tags. The proxy cache's own writes raise
// none. Listeners are called on the blocking pool after the change is stored; they must be quick
// (queue work, do not do it).
#pragma once

#include <functional>
#include <string>

namespace berth::core {

struct ArtifactEvent {
  enum class Kind { kPushed, kDeleted };
  Kind kind = Kind::kPushed;
  std::string repository;
  std::string digest;  // the artifact's digest (may be empty for a deleted tag)
  std::string tag;     // the tag pushed, added or deleted; empty for by-digest operations
};

using ArtifactEventListener = std::function<void(const ArtifactEvent&)>;

}  // namespace berth::core
