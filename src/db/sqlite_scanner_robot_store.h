// scan::ScannerRobotStore on the metadata database (table robots, through auth's robot rows).
#pragma once

#include "scan/scanner_robot_store.h"

namespace berth::db {

class Pool;

class SqliteScannerRobotStore : public scan::ScannerRobotStore {
 public:
  explicit SqliteScannerRobotStore(Pool& db) : db_(db) {}

  void create(auth::RobotRecord& robot, const std::string& secret_hash) override;
  void remove(int64_t id) override;
  int remove_expired(const std::string& description_prefix, int64_t now_seconds) override;

 private:
  Pool& db_;
};

}  // namespace berth::db
