// Runs replication: executions of a policy (manual, scheduled, event-based), their tasks on the
// persistent job queue, stops. The API's policy and execution handlers call this; the rules of
// a valid policy are in replication/policy_rules.h, storage in PolicyStore / ExecutionStore.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "replication/execution_store.h"
#include "replication/policy.h"
#include "replication/policy_store.h"

namespace berth::replication {

// Starting is refused: the policy is disabled, or single_active_replication and one runs.
struct ExecutionRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ReplicationService {
 public:
  virtual ~ReplicationService() = default;

  // Starts an execution (trigger: manual | scheduled | event_based); returns its id. Throws
  // ExecutionRefused. Listing the source happens on a worker, not in the caller.
  virtual int64_t start(int64_t policy_id, const std::string& trigger) = 0;
  // Stops a running execution: pending tasks at once, running ones within two seconds.
  // False when it is not running.
  virtual bool stop(int64_t execution_id) = 0;
  // A policy was created or updated (its schedule may change) or deleted.
  virtual void policy_changed(const Policy& p) = 0;
  virtual void policy_removed(int64_t policy_id) = 0;
};

}  // namespace berth::replication
