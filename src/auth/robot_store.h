// Robot account rows (table robots). Secrets are never stored: only hash_robot_secret().
// Blocking: call from the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::db {
class Connection;
}

namespace berth::auth {

struct RobotRecord {
  int64_t id = 0;
  std::string name;  // full name, with the robot$ prefix
  std::string description;
  std::string level;       // system | project
  int64_t project_id = 0;  // project robots: their project
  bool disabled = false;
  int64_t duration = 0;          // days, -1 never
  int64_t expires_at = -1;       // unix seconds, -1 never
  std::string permissions_json;  // see Authenticator::check_robot for the shape
  int64_t creation_time = 0;     // unix millis
  int64_t update_time = 0;
};

struct RobotFilter {
  std::optional<std::string> level;
  std::optional<int64_t> project_id;
  std::optional<std::string> name_exact, name_fuzzy;
};

// Inserts (id and times are set); throws db::ConstraintError when the name is taken.
void insert_robot(db::Connection& c, RobotRecord& r, const std::string& secret_hash);
std::optional<RobotRecord> get_robot(db::Connection& c, int64_t id);
int64_t count_robots(db::Connection& c, const RobotFilter& f);
std::vector<RobotRecord> list_robots(db::Connection& c, const RobotFilter& f, int64_t offset,
                                     int64_t limit);
// Writes description, disabled, duration, expires_at, permissions_json and update_time.
void update_robot(db::Connection& c, const RobotRecord& r);
void set_robot_secret(db::Connection& c, int64_t id, const std::string& secret_hash);
bool delete_robot(db::Connection& c, int64_t id);

}  // namespace berth::auth
