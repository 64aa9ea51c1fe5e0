#include "db/sqlite_user_store.h"

#include "base/clock.h"
#include "db/sqlite.h"

namespace berth::db {

using auth::User;

namespace {
const char* kUserColumns =
    "id, username, email, realname, comment, sysadmin, creation_time, update_time";

User read_user(const Statement& st) {
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

const char* order_column(auth::UserQuery::Order o) {
  switch (o) {
    case auth::UserQuery::Order::kUsername:
      return "username";
    case auth::UserQuery::Order::kEmail:
      return "email";
    case auth::UserQuery::Order::kCreationTime:
      return "creation_time";
    case auth::UserQuery::Order::kUpdateTime:
      return "update_time";
    case auth::UserQuery::Order::kId:
      break;
  }
  return "id";
}

std::optional<auth::UserCredentials> read_credentials(Statement& st) {
  if (!st.step()) return std::nullopt;
  return auth::UserCredentials{st.int64(0), st.text(1), st.text(2), st.int64(3) != 0};
}

void delete_sessions(Connection& c, int64_t user_id) {
  c.prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, user_id).run();
}
}  // namespace

std::optional<User> SqliteUserStore::find(int64_t id) {
  auto c = pool_.acquire();
  auto st = c->prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_user(st);
}

std::optional<User> SqliteUserStore::find_by_name(const std::string& username) {
  auto c = pool_.acquire();
  auto st = c->prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE username = ?");
  st.bind(1, username);
  if (!st.step()) return std::nullopt;
  return read_user(st);
}

std::optional<auth::UserCredentials> SqliteUserStore::credentials(const std::string& username) {
  auto c = pool_.acquire();
  auto st =
      c->prepare("SELECT id, username, password_hash, sysadmin FROM users WHERE username = ?");
  st.bind(1, username);
  return read_credentials(st);
}

std::optional<auth::UserCredentials> SqliteUserStore::credentials(int64_t id) {
  auto c = pool_.acquire();
  auto st = c->prepare("SELECT id, username, password_hash, sysadmin FROM users WHERE id = ?");
  st.bind(1, id);
  return read_credentials(st);
}

bool SqliteUserStore::username_taken(const std::string& username) {
  auto c = pool_.acquire();
  auto st = c->prepare("SELECT 1 FROM users WHERE username = ?");
  st.bind(1, username);
  return st.step();
}

bool SqliteUserStore::email_taken(const std::string& email, int64_t except_id) {
  if (email.empty()) return false;
  auto c = pool_.acquire();
  auto st = c->prepare("SELECT 1 FROM users WHERE email = ? AND id <> ?");
  st.bind(1, email).bind(2, except_id);
  return st.step();
}

std::vector<User> SqliteUserStore::list(const auth::UserQuery& q, int64_t* total) {
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
  auto c = pool_.acquire();
  {
    auto st = c->prepare("SELECT COUNT(*) FROM users" + where);
    for (size_t i = 0; i < args.size(); ++i) st.bind(int(i + 1), args[i]);
    *total = st.step() ? st.int64(0) : 0;
  }
  std::string sql = std::string("SELECT ") + kUserColumns + " FROM users" + where + " ORDER BY " +
                    order_column(q.order_by) + (q.descending ? " DESC" : " ASC") +
                    ", id ASC LIMIT ? OFFSET ?";
  auto st = c->prepare(sql);
  int i = 1;
  for (const auto& a : args) st.bind(i++, a);
  st.bind(i, q.limit);
  st.bind(i + 1, q.offset);
  std::vector<User> out;
  while (st.step()) out.push_back(read_user(st));
  return out;
}

int64_t SqliteUserStore::create(const auth::NewUser& u) {
  int64_t now = base::now_millis();
  auto c = pool_.acquire();
  try {
    c->prepare(
         "INSERT INTO users(username, email, realname, comment, password_hash, sysadmin, "
         "password_changed_at, creation_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, u.username)
        .bind(2, u.email)
        .bind(3, u.realname)
        .bind(4, u.comment)
        .bind(5, u.password_hash)
        .bind(6, u.sysadmin ? 1 : 0)
        .bind(7, now)
        .bind(8, now)
        .bind(9, now)
        .run();
  } catch (const ConstraintError&) {
    throw auth::DuplicateUser("username or email already exists");
  }
  return c->last_insert_id();
}

void SqliteUserStore::update_profile(int64_t id, const std::string& email,
                                     const std::string& realname, const std::string& comment) {
  auto c = pool_.acquire();
  try {
    c->prepare(
         "UPDATE users SET email = ?, realname = ?, comment = ?, update_time = ? WHERE id = ?")
        .bind(1, email)
        .bind(2, realname)
        .bind(3, comment)
        .bind(4, base::now_millis())
        .bind(5, id)
        .run();
  } catch (const ConstraintError&) {
    throw auth::DuplicateUser("email already exists");
  }
}

void SqliteUserStore::set_password_hash(int64_t id, const std::string& hash, bool end_sessions) {
  int64_t now = base::now_millis();
  auto c = pool_.acquire();
  Transaction tx(*c);
  c->prepare(
       "UPDATE users SET password_hash = ?, password_changed_at = ?, update_time = ? WHERE id = ?")
      .bind(1, hash)
      .bind(2, now)
      .bind(3, now)
      .bind(4, id)
      .run();
  if (end_sessions) delete_sessions(*c, id);
  tx.commit();
}

void SqliteUserStore::set_sysadmin(int64_t id, bool sysadmin) {
  auto c = pool_.acquire();
  c->prepare("UPDATE users SET sysadmin = ?, update_time = ? WHERE id = ?")
      .bind(1, sysadmin ? 1 : 0)
      .bind(2, base::now_millis())
      .bind(3, id)
      .run();
}

void SqliteUserStore::remove(int64_t id) {
  auto c = pool_.acquire();
  Transaction tx(*c);
  delete_sessions(*c, id);
  c->prepare("DELETE FROM project_members WHERE entity_id = ? AND entity_type = 'u'")
      .bind(1, id)
      .run();
  c->prepare("DELETE FROM users WHERE id = ?").bind(1, id).run();
  tx.commit();
}

}  // namespace berth::db
