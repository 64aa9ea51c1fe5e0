// scan::ScannerRobotStore on the metadata database (table robots, through auth's robot rows).
#pragma once

#include "auth/robot_store.h"
#include "scan/scanner_robot_store.h"

namespace berth::db {

class Pool;

class SqliteScannerRobotStore : public scan::ScannerRobotStore {
 public:
  SqliteScannerRobotStore(Pool& db, auth::RobotStore& robots) : db_(db), robots_(robots) {}

  void create(auth::RobotRecord& robot, const std::string& secret_hash) override;
  void remove(int64_t id) override;
  int remove_expired(const std::string& description_prefix, int64_t now_seconds) override;

 private:
  Pool& db_;
  auth::RobotStore& robots_;
};

}  // namespace berth::db
