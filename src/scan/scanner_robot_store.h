// The short-lived project robots an external scanner adapter pulls with (scan_adapter.cpp). The
// robots are rows of the identity aggregate; this is the narrow part of it that scanning uses.
// Blocking.
#pragma once

#include <cstdint>
#include <string>

#include "auth/robot_store.h"

namespace berth::scan {

class ScannerRobotStore {
 public:
  virtual ~ScannerRobotStore() = default;
  // Stores `robot` (its id and times are set) with the hash of its secret.
  virtual void create(auth::RobotRecord& robot, const std::string& secret_hash) = 0;
  virtual void remove(int64_t id) = 0;
  // Removes the expired project robots named robot$<project>+scanner-* whose description starts
  // with `description_prefix`: robots of scans a dead process never finished. Returns how many.
  virtual int remove_expired(const std::string& description_prefix, int64_t now_seconds) = 0;
};

}  // namespace berth::scan
