#include "auth/user_store.h"
#include "base/clock.h"

#include "core/registry_service.h"
#include "db/sqlite.h"

namespace berth::auth {

namespace {
const char* kColumns =
    "id, username, email, realname, comment, sysadmin, creation_time, update_time";

User read_user(const db::Statement& st) {
  User u;
  u.id = st.int64(0);
  u.username = st.text(1);
  u.email = st.text(2);
  u.realname = st.text(3);
  u.comment = st.text(4);
  u.sysadmin = st.int64(5) != 0;
  u.creation_time = st.int64(6);
  u.update_time = st.int64(7);
  return u;
}

// LIKE with the wildcards of the user's text escaped, so "a_b" matches only "a_b".
std::string like_pattern(const std::string& s) {
  std::string out = "%";
  for (char ch : s) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}
}  // namespace

std::optional<User> find_user(db::Connection& c, int64_t id) {
  auto st = c.prepare(std::string("SELECT ") + kColumns + " FROM users WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_user(st);
}

std::optional<User> find_user_by_name(db::Connection& c, const std::string& username) {
  auto st = c.prepare(std::string("SELECT ") + kColumns + " FROM users WHERE username = ?");
  st.bind(1, username);
  if (!st.step()) return std::nullopt;
  return read_user(st);
}

bool username_taken(db::Connection& c, const std::string& username) {
  auto st = c.prepare("SELECT 1 FROM users WHERE username = ?");
  st.bind(1, username);
  return st.step();
}

bool email_taken(db::Connection& c, const std::string& email, int64_t except_id) {
  if (email.empty()) return false;
  auto st = c.prepare("SELECT 1 FROM users WHERE email = ? AND id <> ?");
  st.bind(1, email).bind(2, except_id);
  return st.step();
}

std::vector<User> list_users(db::Connection& c, const UserQuery& q, int64_t* total) {
  std::string where = " WHERE 1=1";
  std::vector<std::string> args;
  auto add = [&](const std::optional<std::string>& v, const char* cond, bool like) {
    if (!v) return;
    where += cond;
    args.push_back(like ? like_pattern(*v) : *v);
  };
  add(q.username, " AND username = ?", false);
  add(q.username_like, " AND username LIKE ? ESCAPE '\\'", true);
  add(q.email, " AND email = ?", false);
  add(q.email_like, " AND email LIKE ? ESCAPE '\\'", true);
  {
    auto st = c.prepare("SELECT COUNT(*) FROM users" + where);
    for (size_t i = 0; i < args.size(); ++i) st.bind(int(i + 1), args[i]);
    *total = st.step() ? st.int64(0) : 0;
  }
  std::string sql = std::string("SELECT ") + kColumns + " FROM users" + where + " ORDER BY " +
                    q.order_by + (q.descending ? " DESC" : " ASC") + ", id ASC LIMIT ? OFFSET ?";
  auto st = c.prepare(sql);
  int i = 1;
  for (const auto& a : args) st.bind(i++, a);
  st.bind(i, q.limit);
  st.bind(i + 1, q.offset);
  std::vector<User> out;
  while (st.step()) out.push_back(read_user(st));
  return out;
}

int64_t create_user(db::Connection& c, const NewUser& u) {
  int64_t now = base::now_millis();
  c.prepare(
       "INSERT INTO users(username, email, realname, comment, password_hash, sysadmin, "
       "password_changed_at, creation_time, update_time) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)")
      .bind(1, u.username)
      .bind(2, u.email)
      .bind(3, u.realname)
      .bind(4, u.comment)
      .bind(5, u.password_hash)
      .bind(6, now)
      .bind(7, now)
      .bind(8, now)
      .run();
  return c.last_insert_id();
}

void update_profile(db::Connection& c, int64_t id, const std::string& email,
                    const std::string& realname, const std::string& comment) {
  c.prepare("UPDATE users SET email = ?, realname = ?, comment = ?, update_time = ? WHERE id = ?")
      .bind(1, email)
      .bind(2, realname)
      .bind(3, comment)
      .bind(4, base::now_millis())
      .bind(5, id)
      .run();
}

std::string password_hash_of(db::Connection& c, int64_t id) {
  auto st = c.prepare("SELECT password_hash FROM users WHERE id = ?");
  st.bind(1, id);
  return st.step() ? st.text(0) : std::string();
}

void set_password_hash(db::Connection& c, int64_t id, const std::string& hash) {
  int64_t now = base::now_millis();
  c.prepare(
       "UPDATE users SET password_hash = ?, password_changed_at = ?, update_time = ? WHERE id = ?")
      .bind(1, hash)
      .bind(2, now)
      .bind(3, now)
      .bind(4, id)
      .run();
}

void set_sysadmin(db::Connection& c, int64_t id, bool sysadmin) {
  c.prepare("UPDATE users SET sysadmin = ?, update_time = ? WHERE id = ?")
      .bind(1, sysadmin ? 1 : 0)
      .bind(2, base::now_millis())
      .bind(3, id)
      .run();
}

void delete_user(db::Connection& c, int64_t id) {
  db::Transaction tx(c);
  c.prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, id).run();
  c.prepare("DELETE FROM project_members WHERE entity_id = ? AND entity_type = 'u'")
      .bind(1, id)
      .run();
  c.prepare("DELETE FROM users WHERE id = ?").bind(1, id).run();
  tx.commit();
}

void delete_sessions_of(db::Connection& c, int64_t user_id) {
  c.prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, user_id).run();
}

}  // namespace berth::auth
