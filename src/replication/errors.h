// What a replication task failed on, in words a user can act on ("the access key lacks
// ecr:CreateRepository", "destination unreachable: connection refused"). `transient` errors
// (network, 429, 5xx) are retried with backoff; the others fail the task at once.
#pragma once

#include <stdexcept>
#include <string>

namespace berth::replication {

struct ReplicationError : std::runtime_error {
  ReplicationError(const std::string& message, bool transient = false, int retry_after_s = 0)
      : std::runtime_error(message), transient(transient), retry_after_s(retry_after_s) {}
  bool transient;
  int retry_after_s;  // from Retry-After, 0 when not given
};

}  // namespace berth::replication
