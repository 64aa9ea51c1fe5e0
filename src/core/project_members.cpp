// ProjectStore: membership and the user look-ups membership needs.
#include "base/clock.h"
#include "core/project_store.h"
#include "core/registry_service.h"
#include "db/sqlite.h"

namespace berth::core {

namespace {
constexpr const char* kMemberSelect =
    "SELECT m.id, m.project_id, m.entity_id, COALESCE(u.username, ''), m.entity_type, m.role_id "
    "FROM project_members m LEFT JOIN users u ON u.id = m.entity_id AND m.entity_type = 'u' ";

Member read_member(db::Statement& st) {
  Member m;
  m.id = st.int64(0);
  m.project_id = st.int64(1);
  m.entity_id = st.int64(2);
  m.entity_name = st.text(3);
  m.entity_type = st.text(4);
  m.role_id = int(st.int64(5));
  return m;
}

std::string escape_like(const std::string& s) {
  std::string out = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}
}  // namespace

int ProjectStore::role_of(int64_t project_id, int64_t user_id) {
  if (!user_id) return 0;
  auto c = db_.acquire();
  auto st = c->prepare(
      "SELECT role_id FROM project_members WHERE project_id = ? AND entity_id = ? AND "
      "entity_type = 'u'");
  st.bind(1, project_id).bind(2, user_id);
  return st.step() ? int(st.int64(0)) : 0;
}

std::pair<std::vector<Member>, int64_t> ProjectStore::members(int64_t project_id,
                                                              const std::string& name_like,
                                                              int64_t offset, int64_t limit) {
  std::string where = "WHERE m.project_id = ? AND COALESCE(u.username, '') LIKE ? ESCAPE '\\'";
  std::string pattern = escape_like(name_like);
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

std::optional<Member> ProjectStore::member(int64_t project_id, int64_t member_id) {
  auto c = db_.acquire();
  auto st = c->prepare(std::string(kMemberSelect) + "WHERE m.project_id = ? AND m.id = ?");
  st.bind(1, project_id).bind(2, member_id);
  if (!st.step()) return std::nullopt;
  return read_member(st);
}

int64_t ProjectStore::add_member(int64_t project_id, int64_t user_id, int role_id) {
  auto c = db_.acquire();
  int64_t now = base::now_millis();
  c->prepare(
       "INSERT INTO project_members(project_id, entity_id, entity_type, role_id, creation_time, "
       "update_time) VALUES (?, ?, 'u', ?, ?, ?)")
      .bind(1, project_id)
      .bind(2, user_id)
      .bind(3, role_id)
      .bind(4, now)
      .bind(5, now)
      .run();
  return c->last_insert_id();
}

bool ProjectStore::set_member_role(int64_t project_id, int64_t member_id, int role_id) {
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

bool ProjectStore::remove_member(int64_t project_id, int64_t member_id) {
  auto c = db_.acquire();
  c->prepare("DELETE FROM project_members WHERE project_id = ? AND id = ?")
      .bind(1, project_id)
      .bind(2, member_id)
      .run();
  return c->changes() > 0;
}

std::optional<UserRef> ProjectStore::user_by_id(int64_t id) {
  auto c = db_.acquire();
  auto st = c->prepare("SELECT id, username FROM users WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return UserRef{st.int64(0), st.text(1)};
}

std::optional<UserRef> ProjectStore::user_by_name(const std::string& name) {
  auto c = db_.acquire();
  auto st = c->prepare("SELECT id, username FROM users WHERE username = ?");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return UserRef{st.int64(0), st.text(1)};
}

}  // namespace berth::core
