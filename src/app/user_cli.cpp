#include "app/user_cli.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "app/bootstrap.h"
#include "auth/user_service.h"
#include "db/migrations.h"
#include "db/sqlite.h"
#include "db/sqlite_user_store.h"
#include "db/sqlite_project_store.h"

namespace berth::app {

namespace {
// The exit code of a refused operation: 2 for input that breaks a rule, 1 otherwise.
int refused(const auth::UserError& e) {
  spdlog::error("{}", e.what());
  return e.kind == auth::UserError::Kind::kInvalid ? 2 : 1;
}

std::unique_ptr<db::Pool> open_db(const config::Config& cfg) {
  std::filesystem::create_directories(cfg.data_dir);
  auto pool = std::make_unique<db::Pool>(cfg.data_dir / "berth.db", 2);
  {
    auto c = pool->acquire();
    db::migrate(*c);
  }
  return pool;
}
}  // namespace

int user_add(const config::Config& cfg, const std::string& name, const std::string& password,
             const std::string& email, bool sysadmin) {
  // The same rules as POST /api/v2.0/users, checked before the database is touched.
  auth::UserRequest u{name, email, name, "", password, sysadmin};
  if (auto problem = auth::UserService::problem(u); !problem.empty())
    return refused({auth::UserError::Kind::kInvalid, problem});
  auto pool = open_db(cfg);
  db::SqliteUserStore users(*pool);
  db::SqliteProjectStore projects(*pool);
  bootstrap(users, projects, cfg);
  try {
    int64_t id = auth::UserService(users).create(u);
    spdlog::info("created user {} (id {}){}", name, id, sysadmin ? " as system admin" : "");
  } catch (const auth::UserError& e) {
    return refused(e);
  }
  return 0;
}

int user_reset_password(const config::Config& cfg, const std::string& name,
                        const std::string& password) {
  auto pool = open_db(cfg);
  db::SqliteUserStore users(*pool);
  db::SqliteProjectStore projects(*pool);
  bootstrap(users, projects, cfg);
  try {
    // Portal sessions of the user end with the old password.
    auth::UserService(users).reset_password(name, password);
  } catch (const auth::UserError& e) {
    return refused(e);
  }
  spdlog::info("password of {} changed", name);
  return 0;
}

}  // namespace berth::app
