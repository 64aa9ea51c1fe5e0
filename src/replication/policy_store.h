// Replication rules as stored. The rules for what a valid policy is live in
// replication/policy_rules.h; a store only records. Blocking (database).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "replication/policy.h"

namespace berth::replication {

struct PolicyQuery {
  std::optional<std::string> name;        // fuzzy (q=name=~x)
  std::optional<std::string> exact_name;  // q=name=x
  std::optional<int64_t> registry_id;     // either side (to refuse deleting a used endpoint)
  std::string sort;                       // Harbor's sort: name, creation_time, update_time, id
  int64_t offset = 0, limit = 10;         // limit < 0: all
};

struct DuplicatePolicyName : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class PolicyStore {
 public:
  virtual ~PolicyStore() = default;
  virtual std::optional<Policy> get(int64_t id) = 0;
  // Throws std::invalid_argument on an unknown sort key.
  virtual std::vector<Policy> list(const PolicyQuery& q, int64_t* total) = 0;
  // Enabled policies with this trigger type (scheduler, event triggers).
  virtual std::vector<Policy> with_trigger(const std::string& trigger_type) = 0;
  // Throw DuplicatePolicyName; create sets times and returns the id.
  virtual int64_t create(const Policy& p) = 0;
  virtual void update(const Policy& p) = 0;
  virtual bool remove(int64_t id) = 0;
};

}  // namespace berth::replication
