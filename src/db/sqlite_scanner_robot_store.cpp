#include "db/sqlite_scanner_robot_store.h"

#include "auth/robot_store.h"
#include "db/sqlite.h"

namespace berth::db {

// Creating and deleting go through the robot store, so the rules of a robot row stay in one
// place.
void SqliteScannerRobotStore::create(auth::RobotRecord& robot, const std::string& secret_hash) {
  robots_.insert(robot, secret_hash);
}

void SqliteScannerRobotStore::remove(int64_t id) {
  robots_.remove(id);
}

int SqliteScannerRobotStore::remove_expired(const std::string& description_prefix,
                                            int64_t now_seconds) {
  auto c = db_.acquire();
  c->prepare(
       "DELETE FROM robots WHERE level = 'project' AND name LIKE 'robot$%+scanner-%' AND "
       "description LIKE ? AND expires_at >= 0 AND expires_at < ?")
      .bind(1, description_prefix + "%")
      .bind(2, now_seconds)
      .run();
  return c->changes();
}

}  // namespace berth::db
