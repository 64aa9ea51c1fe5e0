#include "app/bootstrap.h"
#include "base/clock.h"

#include <spdlog/spdlog.h>

#include "auth/password.h"
#include "core/project_store.h"
#include "db/sqlite.h"

namespace berth::app {

namespace {
void ensure_library(core::ProjectStore& projects, int64_t admin_id) {
  if (projects.find_by_name("library")) return;
  core::NewProject p;
  p.name = "library";
  p.owner_id = admin_id;
  p.metadata = {{"public", "true"}};
  try {
    projects.create(p);
  } catch (const core::DuplicateProjectName&) {
    // another instance on the same database created it first
  }
}

// The admin user's id, creating it when missing.
int64_t ensure_admin(db::Pool& pool, const config::Config& cfg) {
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
  tx.commit();
  return admin_id;
}
}  // namespace

void bootstrap(db::Pool& pool, core::ProjectStore& projects, const config::Config& cfg) {
  ensure_library(projects, ensure_admin(pool, cfg));
}

}  // namespace berth::app
