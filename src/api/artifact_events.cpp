// Artifact events raised by API handlers (re-tags, deletions): the listener queues work, and
// its failure never fails the user's request.
#include <spdlog/spdlog.h>

#include "api/services.h"

namespace berth::api {

void tell(Services& s, const core::ArtifactEvent& e) {
  if (!s.artifact_events) return;
  try {
    s.artifact_events(e);
  } catch (const std::exception& ex) {
    spdlog::warn("artifact event for {}: {}", e.repository, ex.what());
  }
}

}  // namespace berth::api
