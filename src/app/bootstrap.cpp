#include "app/bootstrap.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "auth/user_service.h"
#include "auth/user_store.h"
#include "base/clock.h"
#include "db/sqlite.h"

namespace berth::app {

namespace {
int64_t ensure_admin(auth::UserStore& users, const config::Config& cfg) {
  if (auto admin = users.find_by_name("admin")) return admin->id;
  try {
    int64_t id = auth::UserService(users).create({"admin", "admin@example.com", "system admin",
                                                  "admin user", cfg.harbor_admin_password, true});
    spdlog::info("created the admin user (password from harborAdminPassword)");
    return id;
  } catch (const auth::UserError& e) {
    throw std::runtime_error(
        std::string("cannot create the admin user from harborAdminPassword: ") + e.what());
  }
}

// The `library` project. (Project rows belong to the projects store; this stays here until that
// store offers a create with an owner membership.)
void ensure_library(db::Pool& pool, int64_t admin_id) {
  auto c = pool.acquire();
  int64_t now = base::now_millis();
  db::Transaction tx(*c);
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
}  // namespace

void bootstrap(db::Pool& pool, auth::UserStore& users, const config::Config& cfg) {
  ensure_library(pool, ensure_admin(users, cfg));
}

}  // namespace berth::app
