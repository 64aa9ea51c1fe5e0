#include "app/bootstrap.h"
#include "base/clock.h"

#include <spdlog/spdlog.h>

#include "auth/password.h"
#include "core/registry_service.h"
#include "db/sqlite.h"

namespace berth::app {

void bootstrap(db::Pool& pool, const config::Config& cfg) {
  auto c = pool.acquire();
  int64_t now = base::now_millis();
  db::Transaction tx(*c);
  int64_t admin_id = 0;
  {
    auto st = c->prepare("SELECT id FROM users WHERE username = 'admin'");
    if (st.step()) admin_id = st.int64(0);
  }
  if (!admin_id) {
    c->prepare(
         "INSERT INTO users(username, email, realname, comment, password_hash, sysadmin, "
         "password_changed_at, creation_time, update_time) VALUES ('admin', 'admin@example.com', "
         "'system admin', 'admin user', ?, 1, ?, ?, ?)")
        .bind(1, auth::hash_password(cfg.harbor_admin_password))
        .bind(2, now)
        .bind(3, now)
        .bind(4, now)
        .run();
    admin_id = c->last_insert_id();
    spdlog::info("created the admin user (password from harborAdminPassword)");
  }
  bool library = false;
  {
    auto st = c->prepare("SELECT id FROM projects WHERE name = 'library'");
    library = st.step();
  }
  if (!library) {
    c->prepare(
         "INSERT INTO projects(name, owner_id, metadata, creation_time, update_time) VALUES "
         "('library', ?, '{\"public\":\"true\"}', ?, ?)")
        .bind(1, admin_id)
        .bind(2, now)
        .bind(3, now)
        .run();
    int64_t project_id = c->last_insert_id();
    c->prepare(
         "INSERT INTO project_members(project_id, entity_id, entity_type, role_id, creation_time, "
         "update_time) VALUES (?, ?, 'u', 1, ?, ?)")
        .bind(1, project_id)
        .bind(2, admin_id)
        .bind(3, now)
        .bind(4, now)
        .run();
  }
  tx.commit();
}

}  // namespace berth::app
