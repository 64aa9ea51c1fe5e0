#include "app/user_cli.h"
#include "base/clock.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "app/bootstrap.h"
#include "auth/password.h"
#include "core/registry_service.h"
#include "db/migrations.h"
#include "db/sqlite.h"
#include "db/sqlite_project_store.h"

namespace berth::app {

namespace {
bool valid_password(const std::string& p) {
  if (p.size() < 8 || p.size() > 128) {
    spdlog::error("the password must be 8 to 128 characters long");
    return false;
  }
  return true;
}

std::unique_ptr<db::Pool> open_db(const config::Config& cfg) {
  std::filesystem::create_directories(cfg.data_dir);
  auto pool = std::make_unique<db::Pool>(cfg.data_dir / "berth.db", 1);
  {
    auto c = pool->acquire();
    db::migrate(*c);
  }
  db::SqliteProjectStore projects(*pool);
  bootstrap(*pool, projects, cfg);
  return pool;
}
}  // namespace

int user_add(const config::Config& cfg, const std::string& name, const std::string& password,
             const std::string& email, bool sysadmin) {
  if (name.empty() || name.size() > 255 || name.starts_with("robot$") ||
      name.find_first_of(",~#$%:\"") != std::string::npos) {
    spdlog::error("invalid user name '{}'", name);
    return 2;
  }
  if (!valid_password(password)) return 2;
  auto pool = open_db(cfg);
  auto c = pool->acquire();
  int64_t now = base::now_millis();
  try {
    c->prepare(
         "INSERT INTO users(username, email, realname, password_hash, sysadmin, "
         "password_changed_at, creation_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, name)
        .bind(2, email)
        .bind(3, name)
        .bind(4, auth::hash_password(password))
        .bind(5, sysadmin ? 1 : 0)
        .bind(6, now)
        .bind(7, now)
        .bind(8, now)
        .run();
  } catch (const db::ConstraintError&) {
    spdlog::error("a user named '{}' (or with that email) already exists", name);
    return 1;
  }
  spdlog::info("created user {} (id {}){}", name, c->last_insert_id(),
               sysadmin ? " as system admin" : "");
  return 0;
}

int user_reset_password(const config::Config& cfg, const std::string& name,
                        const std::string& password) {
  if (!valid_password(password)) return 2;
  auto pool = open_db(cfg);
  auto c = pool->acquire();
  int64_t now = base::now_millis();
  c->prepare(
       "UPDATE users SET password_hash = ?, password_changed_at = ?, update_time = ? WHERE "
       "username = ?")
      .bind(1, auth::hash_password(password))
      .bind(2, now)
      .bind(3, now)
      .bind(4, name)
      .run();
  if (c->changes() == 0) {
    spdlog::error("no user named '{}'", name);
    return 1;
  }
  // Portal sessions of the user end with the old password.
  c->prepare("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?)")
      .bind(1, name)
      .run();
  spdlog::info("password of {} changed", name);
  return 0;
}

}  // namespace berth::app
