#include "db/sqlite_session_store.h"

#include "db/sqlite.h"

namespace berth::db {

void SqliteSessionStore::create(const auth::NewSession& s) {
  auto c = pool_.acquire();
  Transaction tx(*c);
  c->prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(1, s.created_at).run();
  c->prepare(
       "INSERT INTO sessions(id_hash, user_id, csrf_token, created_at, expires_at) VALUES "
       "(?, ?, ?, ?, ?)")
      .bind(1, s.id_hash)
      .bind(2, s.user_id)
      .bind(3, s.csrf_token)
      .bind(4, s.created_at)
      .bind(5, s.expires_at)
      .run();
  tx.commit();
}

std::optional<auth::SessionUser> SqliteSessionStore::find(const std::string& id_hash, int64_t now) {
  auto c = pool_.acquire();
  auto st = c->prepare(
      "SELECT u.id, u.username, u.sysadmin, s.csrf_token, s.expires_at FROM sessions s JOIN "
      "users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ?");
  st.bind(1, id_hash).bind(2, now);
  if (!st.step()) return std::nullopt;
  return auth::SessionUser{st.int64(0), st.text(1), st.int64(2) != 0, st.text(3), st.int64(4)};
}

void SqliteSessionStore::renew(const std::string& id_hash, int64_t expires_at) {
  auto c = pool_.acquire();
  c->prepare("UPDATE sessions SET expires_at = ? WHERE id_hash = ? AND expires_at < ?")
      .bind(1, expires_at)
      .bind(2, id_hash)
      .bind(3, expires_at)
      .run();
}

void SqliteSessionStore::remove(const std::string& id_hash) {
  auto c = pool_.acquire();
  c->prepare("DELETE FROM sessions WHERE id_hash = ?").bind(1, id_hash).run();
}

void SqliteSessionStore::remove_expired(int64_t now) {
  auto c = pool_.acquire();
  c->prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(1, now).run();
}

}  // namespace berth::db
