// SqliteProjectStore: membership and the user look-ups membership needs.
#include "base/clock.h"
#include "db/like_pattern.h"
#include "db/sqlite.h"
#include "db/sqlite_project_store.h"

namespace berth::db {

using core::Member;
using core::UserRef;

namespace {
constexpr const char* kMemberSelect =
    "SELECT m.id, m.project_id, m.entity_id, COALESCE(u.username, ''), m.entity_type, m.role_id "
    "FROM project_members m LEFT JOIN users u ON u.id = m.entity_id AND m.entity_type = 'u' ";

Member read_member(Statement& st) {
  Member m;
  m.id = st.int64(0);
  m.project_id = st.int64(1);
  m.entity_id = st.int64(2);
  m.entity_name = st.text(3);
  m.entity_type = st.text(4);
  m.role_id = int(st.int64(5));
  return m;
}
}  // namespace

int SqliteProjectStore::role_of(int64_t project_id, int64_t user_id) {
  if (user_id <= 0 || project_id <= 0) return 0;
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT role_id FROM project_members WHERE project_id = ? AND entity_id = ? AND "
      "entity_type = 'u'");
  st.bind(1, project_id).bind(2, user_id);
  return st.step() ? int(st.int64(0)) : 0;
}

std::pair<std::vector<Member>, int64_t> SqliteProjectStore::members(int64_t project_id,
                                                                    const std::string& name_like,
                                                                    int64_t offset, int64_t limit) {
  std::string where = "WHERE m.project_id = ? AND COALESCE(u.username, '') LIKE ? ESCAPE '\\'";
  std::string pattern = like_substring(name_like);
  auto c = db_.acquire();
  int64_t total = 0;
  {
    auto st = c->prepare(
        "SELECT COUNT(*) FROM project_members m LEFT JOIN users u ON u.id = m.entity_id AND "
        "m.entity_type = 'u' " +
        where);
    st.bind(1, project_id).bind(2, pattern);
    if (st.step()) total = st.int64(0);
  }
  std::vector<Member> out;
  auto st = c->prepare(std::string(kMemberSelect) + where + " ORDER BY m.id LIMIT ? OFFSET ?");
  st.bind(1, project_id).bind(2, pattern).bind(3, limit).bind(4, offset);
  while (st.step()) out.push_back(read_member(st));
  return {std::move(out), total};
}

std::optional<Member> SqliteProjectStore::member(int64_t project_id, int64_t member_id) {
  auto c = db_.acquire();
  auto st = c->prepare(std::string(kMemberSelect) + "WHERE m.project_id = ? AND m.id = ?");
  st.bind(1, project_id).bind(2, member_id);
  if (!st.step()) return std::nullopt;
  return read_member(st);
}

int64_t SqliteProjectStore::add_member(int64_t project_id, int64_t user_id, int role_id) {
  auto c = db_.acquire();
  int64_t now = base::now_millis();
  try {
    c->prepare(
         "INSERT INTO project_members(project_id, entity_id, entity_type, role_id, "
         "creation_time, update_time) VALUES (?, ?, 'u', ?, ?, ?)")
        .bind(1, project_id)
        .bind(2, user_id)
        .bind(3, role_id)
        .bind(4, now)
        .bind(5, now)
        .run();
  } catch (const ConstraintError&) {
    throw core::DuplicateMember("the user is already a member of the project");
  }
  return c->last_insert_id();
}

bool SqliteProjectStore::set_member_role(int64_t project_id, int64_t member_id, int role_id) {
  auto c = db_.acquire();
  c->prepare(
       "UPDATE project_members SET role_id = ?, update_time = ? WHERE project_id = ? AND id = ?")
      .bind(1, role_id)
      .bind(2, base::now_millis())
      .bind(3, project_id)
      .bind(4, member_id)
      .run();
  return c->changes() > 0;
}

bool SqliteProjectStore::remove_member(int64_t project_id, int64_t member_id) {
  auto c = db_.acquire();
  c->prepare("DELETE FROM project_members WHERE project_id = ? AND id = ?")
      .bind(1, project_id)
      .bind(2, member_id)
      .run();
  return c->changes() > 0;
}

std::optional<UserRef> SqliteProjectStore::user_by_id(int64_t id) {
  auto c = db_.acquire();
  auto st = c->prepare("SELECT id, username FROM users WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return UserRef{st.int64(0), st.text(1)};
}

std::optional<UserRef> SqliteProjectStore::user_by_name(const std::string& name) {
  auto c = db_.acquire();
  auto st = c->prepare("SELECT id, username FROM users WHERE username = ?");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return UserRef{st.int64(0), st.text(1)};
}

}  // namespace berth::db
