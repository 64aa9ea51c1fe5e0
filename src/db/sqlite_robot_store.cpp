#include "db/sqlite_robot_store.h"

#include "db/sqlite.h"

namespace berth::db {

using auth::RobotFilter;
using auth::RobotRecord;

namespace {
constexpr const char* kRobotColumns =
    "id, name, description, level, project_id, disabled, duration, expires_at, permissions, "
    "creation_time, update_time";

RobotRecord row(Statement& st) {
  RobotRecord r;
  r.id = st.int64(0);
  r.name = st.text(1);
  r.description = st.text(2);
  r.level = st.text(3);
  r.project_id = st.int64(4);
  r.disabled = st.int64(5) != 0;
  r.duration = st.int64(6);
  r.expires_at = st.int64(7);
  r.permissions_json = st.text(8);
  r.creation_time = st.int64(9);
  r.update_time = st.int64(10);
  return r;
}

// WHERE clause with positional parameters, in a fixed order bound by bind_filter.
std::string where(const RobotFilter& f) {
  std::string w = " WHERE 1=1";
  if (f.level) w += " AND level = ?";
  if (f.project_id) w += " AND project_id = ?";
  if (f.name_exact) w += " AND name = ?";
  if (f.name_fuzzy) w += " AND instr(name, ?) > 0";
  return w;
}

int bind_filter(Statement& st, const RobotFilter& f) {
  int i = 1;
  if (f.level) st.bind(i++, *f.level);
  if (f.project_id) st.bind(i++, *f.project_id);
  if (f.name_exact) st.bind(i++, *f.name_exact);
  if (f.name_fuzzy) st.bind(i++, *f.name_fuzzy);
  return i;
}
}  // namespace

void SqliteRobotStore::insert(RobotRecord& r, const std::string& secret_hash) {
  auto c = pool_.acquire();
  auto st = c->prepare(
      "INSERT INTO robots(name, description, level, project_id, secret_hash, disabled, duration, "
      "expires_at, permissions, creation_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?)");
  st.bind(1, r.name).bind(2, r.description).bind(3, r.level).bind(4, r.project_id);
  st.bind(5, secret_hash).bind(6, int64_t(r.disabled)).bind(7, r.duration).bind(8, r.expires_at);
  st.bind(9, r.permissions_json).bind(10, r.creation_time).bind(11, r.update_time);
  try {
    st.run();
  } catch (const ConstraintError&) {
    throw auth::DuplicateRobot("a robot named " + r.name + " already exists");
  }
  r.id = c->last_insert_id();
}

std::optional<RobotRecord> SqliteRobotStore::find(int64_t id) {
  auto c = pool_.acquire();
  auto st = c->prepare(std::string("SELECT ") + kRobotColumns + " FROM robots WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return row(st);
}

std::optional<RobotRecord> SqliteRobotStore::find_by_name(const std::string& name,
                                                          std::string* secret_hash) {
  auto c = pool_.acquire();
  auto st = c->prepare(std::string("SELECT ") + kRobotColumns +
                       ", secret_hash FROM robots WHERE name = ?");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  if (secret_hash) *secret_hash = st.text(11);
  return row(st);
}

int64_t SqliteRobotStore::count(const RobotFilter& f) {
  auto c = pool_.acquire();
  auto st = c->prepare("SELECT COUNT(*) FROM robots" + where(f));
  bind_filter(st, f);
  st.step();
  return st.int64(0);
}

std::vector<RobotRecord> SqliteRobotStore::list(const RobotFilter& f, int64_t offset,
                                                int64_t limit) {
  auto c = pool_.acquire();
  auto st = c->prepare(std::string("SELECT ") + kRobotColumns + " FROM robots" + where(f) +
                       " ORDER BY id LIMIT ? OFFSET ?");
  int i = bind_filter(st, f);
  st.bind(i, limit).bind(i + 1, offset);
  std::vector<RobotRecord> out;
  while (st.step()) out.push_back(row(st));
  return out;
}

void SqliteRobotStore::update(const RobotRecord& r) {
  auto c = pool_.acquire();
  auto st = c->prepare(
      "UPDATE robots SET description = ?, disabled = ?, duration = ?, expires_at = ?, "
      "permissions = ?, update_time = ? WHERE id = ?");
  st.bind(1, r.description).bind(2, int64_t(r.disabled)).bind(3, r.duration).bind(4, r.expires_at);
  st.bind(5, r.permissions_json).bind(6, r.update_time).bind(7, r.id).run();
}

void SqliteRobotStore::set_secret(int64_t id, const std::string& secret_hash) {
  auto c = pool_.acquire();
  c->prepare("UPDATE robots SET secret_hash = ? WHERE id = ?")
      .bind(1, secret_hash)
      .bind(2, id)
      .run();
}

bool SqliteRobotStore::remove(int64_t id) {
  auto c = pool_.acquire();
  c->prepare("DELETE FROM robots WHERE id = ?").bind(1, id).run();
  return c->changes() > 0;
}

}  // namespace berth::db
