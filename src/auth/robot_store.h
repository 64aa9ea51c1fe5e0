// Robot accounts and their grants: the domain types and the store interface. Secrets are never
// stored, only hash_robot_secret(); the hash goes no further than auth/ and db/.
// Blocking: call from the blocking pool.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace berth::auth {

struct RobotRecord {
  int64_t id = 0;
  std::string name;  // full name, with the robot$ prefix
  std::string description;
  std::string level;       // system | project
  int64_t project_id = 0;  // project robots: their project
  bool disabled = false;
  int64_t duration = 0;     // days, -1 never
  int64_t expires_at = -1;  // unix seconds, -1 never
  // The grants: [{"kind":"project","namespace":"<name>|*","project_id":N,"access":[...]}]
  std::string permissions_json;
  int64_t creation_time = 0;  // unix millis
  int64_t update_time = 0;
};

struct RobotFilter {
  std::optional<std::string> level;
  std::optional<int64_t> project_id;
  std::optional<std::string> name_exact, name_fuzzy;
};

// A robot of that name exists already.
struct DuplicateRobot : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class RobotStore {
 public:
  virtual ~RobotStore() = default;
  // Inserts (sets r.id); throws DuplicateRobot when the name is taken.
  virtual void insert(RobotRecord& r, const std::string& secret_hash) = 0;
  virtual std::optional<RobotRecord> find(int64_t id) = 0;
  // For the authenticator: the robot and its secret hash.
  virtual std::optional<RobotRecord> find_by_name(const std::string& name,
                                                  std::string* secret_hash) = 0;
  virtual int64_t count(const RobotFilter& f) = 0;
  virtual std::vector<RobotRecord> list(const RobotFilter& f, int64_t offset, int64_t limit) = 0;
  // Writes description, disabled, duration, expires_at, permissions_json and update_time.
  virtual void update(const RobotRecord& r) = 0;
  virtual void set_secret(int64_t id, const std::string& secret_hash) = 0;
  virtual bool remove(int64_t id) = 0;
};

}  // namespace berth::auth
